#include "pricing/importers/AwsOfferGenerator.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

// Synthetic EC2 offer files for performance tests. The layout follows the published files (README
// §1 and §3): AWS writes JSON with Jackson's pretty printer ("key" : value, 2-space indents, "{ }"
// for empty objects) and the CSV with every field quoted.
namespace cloudcost::pricing {

namespace {

std::uint64_t mix(std::uint64_t x)
{
    // splitmix64: deterministic on every platform.
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

struct Family
{
    const char* name;
    const char* label;
    const char* processor;
    const char* clock;
    double gibPerVcpu;
    double usdPerVcpuHour;
    int gpusPerLarge; // 0 = no GPU attributes
    const char* features;
};

constexpr std::array kFamilies = {
    Family{"m5",
           "General purpose",
           "Intel Xeon Platinum 8175",
           "3.1 GHz",
           4,
           0.048,
           0,
           "Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo"},
    Family{"m6i",
           "General purpose",
           "Intel Xeon 8375C (Ice Lake)",
           "3.5 GHz",
           4,
           0.048,
           0,
           "Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo"},
    Family{"m6a",
           "General purpose",
           "AMD EPYC 7R13 Processor",
           "3.6 GHz",
           4,
           0.0432,
           0,
           "AMD Turbo; AVX; AVX2"},
    Family{"m6g", "General purpose", "AWS Graviton2 Processor", "2.5 GHz", 4, 0.0385, 0, "NA"},
    Family{"m7g", "General purpose", "AWS Graviton3 Processor", "2.6 GHz", 4, 0.0408, 0, "NA"},
    Family{"c5",
           "Compute optimized",
           "Intel Xeon Platinum 8124M",
           "3.4 GHz",
           2,
           0.0425,
           0,
           "Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo"},
    Family{"c6i",
           "Compute optimized",
           "Intel Xeon 8375C (Ice Lake)",
           "3.5 GHz",
           2,
           0.0425,
           0,
           "Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo"},
    Family{"c7g", "Compute optimized", "AWS Graviton3 Processor", "2.6 GHz", 2, 0.03625, 0, "NA"},
    Family{"r5",
           "Memory optimized",
           "Intel Xeon Platinum 8175",
           "3.1 GHz",
           8,
           0.063,
           0,
           "Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo"},
    Family{"r6g", "Memory optimized", "AWS Graviton2 Processor", "2.5 GHz", 8, 0.0504, 0, "NA"},
    Family{"r7i",
           "Memory optimized",
           "Intel Xeon Scalable (Sapphire Rapids)",
           "3.2 GHz",
           8,
           0.06615,
           0,
           "Intel AMX; Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo"},
    Family{"i4i",
           "Storage optimized",
           "Intel Xeon 8375C (Ice Lake)",
           "3.5 GHz",
           8,
           0.0858,
           0,
           "Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo"},
    Family{"g5", "GPU instance", "AMD EPYC 7R32", "3.3 GHz", 4, 0.2515, 1, "AMD Turbo; AVX; AVX2"},
};

struct Size
{
    const char* name;
    int vcpus;
};
constexpr std::array kSizes = {Size{"large", 2},
                               Size{"xlarge", 4},
                               Size{"2xlarge", 8},
                               Size{"4xlarge", 16},
                               Size{"8xlarge", 32},
                               Size{"12xlarge", 48},
                               Size{"16xlarge", 64},
                               Size{"24xlarge", 96}};

struct OsVariant
{
    const char* os;
    const char* software;
    const char* licence;
    const char* operation;
    double usdPerVcpuHour; // licence surcharge
    const char* riName;    // as in reserved-term descriptions
};
constexpr std::array kOs = {
    OsVariant{"Linux", "NA", "No License required", "RunInstances", 0, "Linux/UNIX"},
    OsVariant{"Windows", "NA", "No License required", "RunInstances:0002", 0.046, "Windows"},
    OsVariant{"RHEL",
              "NA",
              "No License required",
              "RunInstances:0010",
              0.0144,
              "Red Hat Enterprise Linux"},
    OsVariant{"SUSE", "NA", "No License required", "RunInstances:000g", 0.0125, "SUSE Linux"},
    OsVariant{"Windows",
              "SQL Std",
              "No License required",
              "RunInstances:0006",
              0.166,
              "Windows with SQL Server Standard"},
    OsVariant{"Windows", "NA", "Bring your own license", "RunInstances:0800", 0, "Windows BYOL"},
    OsVariant{"Red Hat Enterprise Linux with HA",
              "NA",
              "No License required",
              "RunInstances:1010",
              0.0234,
              "Red Hat Enterprise Linux with HA"},
    OsVariant{"Ubuntu Pro",
              "NA",
              "No License required",
              "RunInstances:0g00",
              0.0035,
              "Ubuntu Pro Linux"},
};

struct Reservation
{
    const char* code;
    const char* lease;
    int years;
    const char* cls;
    const char* purchase;
    double factor; // effective hourly / on-demand hourly
};
// Offer term codes are AWS's own (the same in every region; see the GetProducts sample).
constexpr std::array kReservations = {
    Reservation{"4NA7Y494T4", "1yr", 1, "standard", "No Upfront", 0.62},
    Reservation{"HU7G6KETJZ", "1yr", 1, "standard", "Partial Upfront", 0.59},
    Reservation{"6QCMYABX3D", "1yr", 1, "standard", "All Upfront", 0.58},
    Reservation{"7NE97W5U4E", "1yr", 1, "convertible", "No Upfront", 0.74},
    Reservation{"CUZHX8X6JH", "1yr", 1, "convertible", "Partial Upfront", 0.71},
    Reservation{"VJWZNREJX2", "1yr", 1, "convertible", "All Upfront", 0.70},
    Reservation{"BPH4J8HBKS", "3yr", 3, "standard", "No Upfront", 0.43},
    Reservation{"38NPMPTW36", "3yr", 3, "standard", "Partial Upfront", 0.40},
    Reservation{"NQ3QZPMQV9", "3yr", 3, "standard", "All Upfront", 0.38},
    Reservation{"Z2E3P23VKM", "3yr", 3, "convertible", "No Upfront", 0.51},
    Reservation{"R5XV2EPZQZ", "3yr", 3, "convertible", "Partial Upfront", 0.48},
    Reservation{"MZU6U2429S", "3yr", 3, "convertible", "All Upfront", 0.46},
};

constexpr const char* kOnDemandCode = "JRTCKXETXF";
constexpr const char* kHourlyRate = "6YS6EN2CT7";
constexpr const char* kUpfrontRate = "2TG2D8R56U";
constexpr const char* kLocation = "US East (N. Virginia)";
constexpr const char* kRegion = "us-east-1";

struct Dim
{
    std::string rateCode;
    std::string description;
    std::string unit;
    std::string price;
    std::string begin; // "" = no range (upfront fees)
    std::string end;
};

struct Term
{
    bool reserved = false;
    std::string code;
    std::string effectiveDate;
    const Reservation* ri = nullptr;
    std::vector<Dim> dims;
};

struct Product
{
    std::string sku;
    std::string family;
    std::vector<std::pair<std::string_view, std::string>> attrs;
    std::vector<Term> terms;
};

std::string fixed10(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10f", v);
    return buf;
}

std::string dollars(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

double round4(double v)
{
    return std::round(v * 10000.0) / 10000.0;
}

std::string skuOf(std::uint32_t seed, std::uint64_t index)
{
    static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789"; // 34 symbols
    std::string s(16, 'A');
    // Six symbols encode the index (unique up to 34^6 = 1.5e9 SKUs), ten are random.
    std::uint64_t n = index;
    for (int i = 0; i < 6; ++i) {
        s[static_cast<std::size_t>(15 - i)] = alphabet[n % 34];
        n /= 34;
    }
    std::uint64_t r = mix((static_cast<std::uint64_t>(seed) << 32) ^ index);
    for (std::size_t i = 0; i < 10; ++i) {
        s[i] = alphabet[r % 34];
        r /= 34;
        if (i == 5) {
            r = mix(r ^ index);
        }
    }
    return s;
}

void addTerm(Product& p, const std::string& code, const char* date, const Reservation* ri)
{
    Term& t = p.terms.emplace_back();
    t.reserved = ri != nullptr;
    t.code = code;
    t.effectiveDate = date;
    t.ri = ri;
}

Dim& addDim(Term& t, const std::string& sku, const char* rate)
{
    Dim& d = t.dims.emplace_back();
    d.rateCode = sku + "." + t.code + "." + rate;
    return d;
}

void instanceProduct(Product& p, std::uint64_t h, int variant)
{
    const Family& fam = kFamilies[h % kFamilies.size()];
    const Size& size = kSizes[(h >> 8) % kSizes.size()];
    const OsVariant& os = kOs[(h >> 16) % kOs.size()];
    const bool dedicated = variant < 28 && (h >> 24) % 5 == 0;
    const std::string type = std::string(fam.name) + "." + size.name;
    const int vcpus = size.vcpus;
    std::string tenancy = dedicated ? "Dedicated" : "Shared";
    std::string capacity = "Used";
    std::string market = "OnDemand";
    std::string usagePrefix = dedicated ? "DedicatedUsage:" : "BoxUsage:";
    std::string operation = os.operation;
    if (variant >= 28 && variant < 32) {
        capacity = "UnusedCapacityReservation";
        usagePrefix = "UnusedBox:";
    } else if (variant >= 32 && variant < 36) {
        capacity = "AllocatedCapacityReservation";
        usagePrefix = "Reservation:";
    } else if (variant == 36) {
        market = "CapacityBlock";
        operation += ":CB";
    } else if (variant == 37) {
        tenancy = "Host";
        usagePrefix = "HostBoxUsage:";
    }
    p.family = "Compute Instance";
    char mem[32];
    std::snprintf(mem, sizeof mem, "%g GiB", fam.gibPerVcpu * vcpus);
    const int gpus = fam.gpusPerLarge * std::max(1, vcpus / 16);
    auto& a = p.attrs;
    a = {{"servicecode", "AmazonEC2"},
         {"location", kLocation},
         {"locationType", "AWS Region"},
         {"instanceType", type},
         {"currentGeneration", "Yes"},
         {"instanceFamily", fam.label},
         {"vcpu", std::to_string(vcpus)},
         {"physicalProcessor", fam.processor},
         {"clockSpeed", fam.clock},
         {"memory", mem},
         {"storage", "EBS only"},
         {"networkPerformance", vcpus >= 64 ? "25 Gigabit" : "Up to 12500 Megabit"},
         {"processorArchitecture", "64-bit"},
         {"tenancy", tenancy},
         {"operatingSystem", os.os},
         {"licenseModel", os.licence},
         {"usagetype", usagePrefix + type},
         {"operation", operation},
         {"availabilityzone", "NA"},
         {"capacitystatus", capacity},
         {"classicnetworkingsupport", "false"},
         {"dedicatedEbsThroughput", "Up to 10000 Mbps"},
         {"ecu", "NA"},
         {"enhancedNetworkingSupported", "Yes"}};
    if (gpus > 0) {
        a.emplace_back("gpu", std::to_string(gpus));
        a.emplace_back("gpuMemory", std::to_string(24 * gpus) + " GB");
    }
    a.insert(a.end(),
             {{"intelAvxAvailable", "Yes"},
              {"intelAvx2Available", "Yes"},
              {"intelTurboAvailable", "Yes"},
              {"marketoption", market},
              {"normalizationSizeFactor", std::to_string(vcpus * 2)},
              {"preInstalledSw", os.software},
              {"processorFeatures", fam.features},
              {"regionCode", kRegion},
              {"servicename", "Amazon Elastic Compute Cloud"},
              {"vpcnetworkingsupport", "true"}});

    double od = round4(vcpus * (fam.usdPerVcpuHour + os.usdPerVcpuHour) * (dedicated ? 1.1 : 1.0));
    const bool zero = capacity == "AllocatedCapacityReservation" || market == "CapacityBlock"
                      || tenancy == "Host";
    const std::string label = std::string(os.os) + (os.software[0] == 'N' ? "" : " with ")
                              + (os.software[0] == 'N' ? "" : os.software);
    addTerm(p, kOnDemandCode, "2024-05-01T00:00:00Z", nullptr);
    {
        Term& t = p.terms.back();
        Dim& d = addDim(t, p.sku, kHourlyRate);
        d.description = (zero ? std::string("$0.00") : "$" + dollars(od)) + " per On Demand "
                        + label + " " + type + " Instance Hour";
        d.unit = "Hrs";
        d.price = fixed10(zero ? 0.0 : od);
        d.begin = "0";
        d.end = "Inf";
    }
    if (variant >= 28) {
        return; // reservation, capacity-block and host rows have no reserved terms
    }
    for (const Reservation& ri : kReservations) {
        addTerm(p, ri.code, "2024-04-01T00:00:00Z", &ri);
        Term& t = p.terms.back();
        const double hours = 8760.0 * ri.years;
        const double effective = od * ri.factor;
        double upfront = 0;
        double hourly = 0;
        const std::string purchase = ri.purchase;
        if (purchase == "No Upfront") {
            hourly = round4(effective);
        } else if (purchase == "Partial Upfront") {
            upfront = std::round(effective * hours * 0.5);
            hourly = round4((effective * hours - upfront) / hours);
        } else {
            upfront = std::round(effective * hours);
        }
        const std::string applied =
            std::string(os.riName) + " (Amazon VPC), " + type + " reserved instance applied";
        if (purchase != "No Upfront") {
            Dim& u = addDim(t, p.sku, kUpfrontRate);
            u.description = "Upfront Fee";
            u.unit = "Quantity";
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.0f", upfront);
            u.price = buf;
        }
        Dim& d = addDim(t, p.sku, kHourlyRate);
        d.description = purchase == "All Upfront" ? "USD 0.0 per " + applied : applied;
        d.unit = "Hrs";
        d.price = fixed10(hourly);
        d.begin = "0";
        d.end = "Inf";
    }
}

void hostProduct(Product& p, std::uint64_t h)
{
    const Family& fam = kFamilies[h % kFamilies.size()];
    p.family = "Dedicated Host";
    p.attrs = {{"servicecode", "AmazonEC2"},
               {"location", kLocation},
               {"locationType", "AWS Region"},
               {"instanceType", fam.name},
               {"instanceFamily", fam.label},
               {"vcpu", "96"},
               {"physicalProcessor", fam.processor},
               {"memory", "NA"},
               {"tenancy", "Host"},
               {"operatingSystem", "NA"},
               {"licenseModel", "NA"},
               {"usagetype", std::string("HostUsage:") + fam.name},
               {"operation", "RunInstances"},
               {"capacitystatus", "Used"},
               {"preInstalledSw", "NA"},
               {"regionCode", kRegion},
               {"servicename", "Amazon Elastic Compute Cloud"}};
    const double price = round4(96 * fam.usdPerVcpuHour * 1.1);
    addTerm(p, kOnDemandCode, "2024-05-01T00:00:00Z", nullptr);
    Dim& d = addDim(p.terms.back(), p.sku, kHourlyRate);
    d.description = "$" + dollars(price) + " per On Demand " + fam.name + " Dedicated Host Hour";
    d.unit = "Hrs";
    d.price = fixed10(price);
    d.begin = "0";
    d.end = "Inf";
}

void otherProduct(Product& p, std::uint64_t index)
{
    addTerm(p, kOnDemandCode, "2024-05-01T00:00:00Z", nullptr);
    Term& t = p.terms.back();
    auto dim = [&](const char* rate,
                   std::string desc,
                   const char* unit,
                   double price,
                   const char* begin,
                   const char* end) {
        Dim& d = addDim(t, p.sku, rate);
        d.description = std::move(desc);
        d.unit = unit;
        d.price = fixed10(price);
        d.begin = begin;
        d.end = end;
    };
    switch ((index / 40) % 4) {
    case 0:
        p.family = "Storage";
        p.attrs = {{"servicecode", "AmazonEC2"},
                   {"location", kLocation},
                   {"locationType", "AWS Region"},
                   {"storageMedia", "SSD-backed"},
                   {"volumeType", "General Purpose"},
                   {"maxVolumeSize", "16 TiB"},
                   {"usagetype", "EBS:VolumeUsage.gp3"},
                   {"operation", ""},
                   {"regionCode", kRegion},
                   {"servicename", "Amazon Elastic Compute Cloud"},
                   {"volumeApiName", "gp3"}};
        dim(kHourlyRate,
            "$0.08 per GB-month of General Purpose (gp3) provisioned storage - US East (N. "
            "Virginia)",
            "GB-Mo",
            0.08,
            "0",
            "Inf");
        break;
    case 1:
        p.family = "Data Transfer";
        p.attrs = {{"servicecode", "AWSDataTransfer"},
                   {"transferType", "AWS Outbound"},
                   {"fromLocation", kLocation},
                   {"fromLocationType", "AWS Region"},
                   {"toLocation", "External"},
                   {"toLocationType", "Other"},
                   {"usagetype", "DataTransfer-Out-Bytes"},
                   {"operation", ""},
                   {"fromRegionCode", kRegion},
                   {"servicename", "AWS Data Transfer"}};
        dim("8EEUB22XNJ",
            "$0.00 per GB - first 100 GB / month data transfer out",
            "GB",
            0,
            "0",
            "100");
        dim("N9EW5UVVPA",
            "$0.09 per GB - first 10 TB / month data transfer out",
            "GB",
            0.09,
            "100",
            "10240");
        dim("GPHXDESFBB",
            "$0.085 per GB - next 40 TB / month data transfer out",
            "GB",
            0.085,
            "10240",
            "51200");
        dim("YVBHNF8CPP",
            "$0.07 per GB - greater than 150 TB / month data transfer out",
            "GB",
            0.05,
            "51200",
            "Inf");
        break;
    case 2:
        p.family = "IP Address";
        p.attrs = {{"servicecode", "AmazonVPC"},
                   {"location", kLocation},
                   {"locationType", "AWS Region"},
                   {"group", "VPCPublicIPv4Address"},
                   {"groupDescription", "Hourly charge for In-use Public IPv4 Addresses"},
                   {"usagetype", "USE1-PublicIPv4:InUseAddress"},
                   {"operation", ""},
                   {"regionCode", kRegion},
                   {"servicename", "Amazon Virtual Private Cloud"}};
        dim(kHourlyRate,
            "$0.005 per In-use public IPv4 address per hour",
            "Hrs",
            0.005,
            "0",
            "Inf");
        break;
    default:
        p.family = "Load Balancer-Network";
        p.attrs = {{"servicecode", "AmazonEC2"},
                   {"location", kLocation},
                   {"locationType", "AWS Region"},
                   {"group", "ELB:Balancer"},
                   {"usagetype", "LCUUsage"},
                   {"operation", "LoadBalancing:Network"},
                   {"regionCode", kRegion},
                   {"servicename", "Amazon Elastic Compute Cloud"}};
        dim(kHourlyRate,
            "$0.006 per Network LCU-hour (or partial hour)",
            "LCU-Hrs",
            0.006,
            "0",
            "Inf");
        break;
    }
}

// Product and terms of SKU number index: a pure function of (seed, index).
void makeProduct(Product& p, std::uint32_t seed, std::uint64_t index)
{
    p = Product{};
    p.sku = skuOf(seed, index);
    const std::uint64_t h = mix(mix(seed) ^ (index * 0x2545F4914F6CDD1DULL));
    const int variant = static_cast<int>(index % 40);
    if (variant == 38) {
        hostProduct(p, h);
    } else if (variant == 39) {
        otherProduct(p, index);
    } else {
        instanceProduct(p, h, variant);
    }
}

// Buffered output; the first write error is kept.
class Output
{
public:
    explicit Output(std::FILE* f)
        : m_file(f)
    {
        m_buf.reserve(kFlushAt + 65536);
    }
    void put(std::string_view s)
    {
        m_buf.append(s);
        if (m_buf.size() >= kFlushAt) {
            flush();
        }
    }
    void flush()
    {
        if (m_file && !m_buf.empty()
            && std::fwrite(m_buf.data(), 1, m_buf.size(), m_file) != m_buf.size()) {
            m_error = errno;
        }
        m_written += m_buf.size();
        m_buf.clear();
    }
    std::uint64_t size() const { return m_written + m_buf.size(); }
    int error() const { return m_error; }

private:
    static constexpr std::size_t kFlushAt = 4 << 20;
    std::FILE* m_file;
    std::string m_buf;
    std::uint64_t m_written = 0;
    int m_error = 0;
};

// Jackson-style pretty printing: members on their own lines, "key" : value, 2-space indents.
class JsonObject
{
public:
    JsonObject(Output& out, int indent)
        : m_out(out)
        , m_indent(indent)
    {
        m_out.put("{");
    }
    void key(std::string_view k)
    {
        m_out.put(m_first ? "\n" : ",\n");
        m_first = false;
        m_out.put(std::string(static_cast<std::size_t>(m_indent + 2), ' '));
        m_out.put("\"");
        m_out.put(k);
        m_out.put("\" : ");
    }
    void str(std::string_view k, std::string_view v)
    {
        key(k);
        m_out.put("\"");
        m_out.put(v);
        m_out.put("\"");
    }
    void close()
    {
        if (m_first) {
            m_out.put(" }");
            return;
        }
        m_out.put("\n");
        m_out.put(std::string(static_cast<std::size_t>(m_indent), ' '));
        m_out.put("}");
    }
    int inner() const { return m_indent + 2; }

private:
    Output& m_out;
    int m_indent;
    bool m_first = true;
};

void writeJsonProduct(Output& out, JsonObject& products, const Product& p)
{
    products.key(p.sku);
    JsonObject obj(out, products.inner());
    obj.str("sku", p.sku);
    obj.str("productFamily", p.family);
    obj.key("attributes");
    JsonObject attrs(out, obj.inner());
    for (const auto& [k, v] : p.attrs) {
        attrs.str(k, v);
    }
    attrs.close();
    obj.close();
}

// Writes the terms of p of one kind (reserved or not) as the SKU's entry, if it has any.
void writeJsonTerms(Output& out, JsonObject& bySku, const Product& p, bool reserved)
{
    bool any = false;
    for (const Term& t : p.terms) {
        any = any || t.reserved == reserved;
    }
    if (!any) {
        return;
    }
    bySku.key(p.sku);
    JsonObject terms(out, bySku.inner());
    for (const Term& t : p.terms) {
        if (t.reserved != reserved) {
            continue;
        }
        terms.key(p.sku + "." + t.code);
        JsonObject term(out, terms.inner());
        term.str("offerTermCode", t.code);
        term.str("sku", p.sku);
        term.str("effectiveDate", t.effectiveDate);
        term.key("priceDimensions");
        JsonObject dims(out, term.inner());
        for (const Dim& d : t.dims) {
            dims.key(d.rateCode);
            JsonObject dim(out, dims.inner());
            dim.str("rateCode", d.rateCode);
            dim.str("description", d.description);
            if (!d.begin.empty()) {
                dim.str("beginRange", d.begin);
                dim.str("endRange", d.end);
            }
            dim.str("unit", d.unit);
            dim.key("pricePerUnit");
            JsonObject ppu(out, dim.inner());
            ppu.str("USD", d.price);
            ppu.close();
            dim.key("appliesTo");
            out.put("[ ]");
            dim.close();
        }
        dims.close();
        term.key("termAttributes");
        JsonObject attrs(out, term.inner());
        if (t.ri) {
            attrs.str("LeaseContractLength", t.ri->lease);
            attrs.str("OfferingClass", t.ri->cls);
            attrs.str("PurchaseOption", t.ri->purchase);
        }
        attrs.close();
        term.close();
    }
    terms.close();
}

// CSV columns after the term columns: header name and JSON attribute key.
constexpr std::array<std::pair<std::string_view, std::string_view>, 48> kCsvAttributes = {{
    {"serviceCode", "servicecode"},
    {"Location", "location"},
    {"Location Type", "locationType"},
    {"Instance Type", "instanceType"},
    {"Current Generation", "currentGeneration"},
    {"Instance Family", "instanceFamily"},
    {"vCPU", "vcpu"},
    {"Physical Processor", "physicalProcessor"},
    {"Clock Speed", "clockSpeed"},
    {"Memory", "memory"},
    {"Storage", "storage"},
    {"Network Performance", "networkPerformance"},
    {"Processor Architecture", "processorArchitecture"},
    {"Storage Media", "storageMedia"},
    {"Volume Type", "volumeType"},
    {"Max Volume Size", "maxVolumeSize"},
    {"Tenancy", "tenancy"},
    {"Operating System", "operatingSystem"},
    {"License Model", "licenseModel"},
    {"Group", "group"},
    {"Group Description", "groupDescription"},
    {"Transfer Type", "transferType"},
    {"From Location", "fromLocation"},
    {"From Location Type", "fromLocationType"},
    {"To Location", "toLocation"},
    {"To Location Type", "toLocationType"},
    {"usageType", "usagetype"},
    {"operation", "operation"},
    {"AvailabilityZone", "availabilityzone"},
    {"CapacityStatus", "capacitystatus"},
    {"ClassicNetworkingSupport", "classicnetworkingsupport"},
    {"Dedicated EBS Throughput", "dedicatedEbsThroughput"},
    {"ECU", "ecu"},
    {"Enhanced Networking Supported", "enhancedNetworkingSupported"},
    {"From Region Code", "fromRegionCode"},
    {"GPU", "gpu"},
    {"GPU Memory", "gpuMemory"},
    {"Intel AVX2 Available", "intelAvx2Available"},
    {"Intel AVX Available", "intelAvxAvailable"},
    {"Intel Turbo Available", "intelTurboAvailable"},
    {"MarketOption", "marketoption"},
    {"Normalization Size Factor", "normalizationSizeFactor"},
    {"Pre Installed S/W", "preInstalledSw"},
    {"Processor Features", "processorFeatures"},
    {"Region Code", "regionCode"},
    {"serviceName", "servicename"},
    {"VPCNetworkingSupport", "vpcnetworkingsupport"},
    {"Volume API Name", "volumeApiName"},
}};

void csvField(std::string& line, std::string_view v, bool first = false)
{
    if (!first) {
        line.push_back(',');
    }
    line.push_back('"');
    for (char c : v) {
        if (c == '"') {
            line.push_back('"');
        }
        line.push_back(c);
    }
    line.push_back('"');
}

void writeCsvProduct(Output& out, const Product& p, std::string& line)
{
    std::array<std::string_view, kCsvAttributes.size()> values{};
    for (const auto& [k, v] : p.attrs) {
        for (std::size_t i = 0; i < kCsvAttributes.size(); ++i) {
            if (kCsvAttributes[i].second == k) {
                values[i] = v;
                break;
            }
        }
    }
    for (const Term& t : p.terms) {
        for (const Dim& d : t.dims) {
            line.clear();
            csvField(line, p.sku, true);
            csvField(line, t.code);
            csvField(line, d.rateCode);
            csvField(line, t.reserved ? "Reserved" : "OnDemand");
            csvField(line, d.description);
            csvField(line, std::string_view(t.effectiveDate).substr(0, 10));
            csvField(line, d.begin);
            csvField(line, d.end);
            csvField(line, d.unit);
            csvField(line, d.price);
            csvField(line, "USD");
            csvField(line, ""); // RelatedTo
            csvField(line, t.ri ? t.ri->lease : "");
            csvField(line, t.ri ? t.ri->purchase : "");
            csvField(line, t.ri ? t.ri->cls : "");
            csvField(line, p.family);
            for (std::string_view v : values) {
                csvField(line, v);
            }
            line.push_back('\n');
            out.put(line);
        }
    }
}

constexpr const char* kDisclaimer =
    "This pricing list is for informational purposes only. All prices are subject to the "
    "additional terms included in the pricing pages on http://aws.amazon.com. All Free Tier "
    "prices are also subject to the terms included at https://aws.amazon.com/free/";

// Bytes one SKU adds to the file (products and terms, or CSV rows), averaged over a sample.
double bytesPerSku(std::uint32_t seed, bool csv)
{
    Output out(nullptr);
    Product p;
    std::string line;
    constexpr int kSample = 2000;
    for (int i = 0; i < kSample; ++i) {
        makeProduct(p, seed, static_cast<std::uint64_t>(i));
        if (csv) {
            writeCsvProduct(out, p, line);
        } else {
            JsonObject products(out, 2);
            writeJsonProduct(out, products, p);
            JsonObject od(out, 4);
            writeJsonTerms(out, od, p, false);
            JsonObject ri(out, 4);
            writeJsonTerms(out, ri, p, true);
        }
    }
    return static_cast<double>(out.size()) / kSample;
}

} // namespace

Status generateAwsOfferFile(const std::filesystem::path& path,
                            std::uint64_t targetBytes,
                            bool csv,
                            std::uint32_t seed)
{
    // The SKU count comes from a sample's average size, with a margin; in the rare case the file
    // still falls short it is written once more with the count scaled up.
    const double target = static_cast<double>(std::max<std::uint64_t>(targetBytes, 1));
    auto skus = static_cast<std::uint64_t>(std::ceil(target * 1.01 / bytesPerSku(seed, csv))) + 40;
    for (int attempt = 0;; ++attempt) {
        if (auto st = generateAwsOfferFileWithSkus(path, skus, csv, seed); !st) {
            return st;
        }
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);
        if (ec) {
            return makeError(Error::Code::IoFailed, "cannot read the size back", path.string());
        }
        if (size >= targetBytes || attempt == 1) {
            return {};
        }
        skus = static_cast<std::uint64_t>(
                   std::ceil(static_cast<double>(skus) * target * 1.02 / static_cast<double>(size)))
               + 40;
    }
}

Status generateAwsOfferFileWithSkus(const std::filesystem::path& path,
                                    std::uint64_t skus,
                                    bool csv,
                                    std::uint32_t seed)
{
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) {
        return makeError(Error::Code::IoFailed,
                         std::string("cannot create: ") + std::strerror(errno),
                         path.string());
    }
    Output out(f);
    Product p;
    if (csv) {
        out.put("\"FormatVersion\",\"v1.0\"\n\"Disclaimer\",\"");
        out.put(kDisclaimer);
        out.put("\"\n\"Publication Date\",\"2024-05-28T20:35:22Z\"\n"
                "\"Version\",\"20240528203522\"\n\"OfferCode\",\"AmazonEC2\"\n");
        std::string line;
        csvField(line, "SKU", true);
        for (const char* h : {"OfferTermCode",
                              "RateCode",
                              "TermType",
                              "PriceDescription",
                              "EffectiveDate",
                              "StartingRange",
                              "EndingRange",
                              "Unit",
                              "PricePerUnit",
                              "Currency",
                              "RelatedTo",
                              "LeaseContractLength",
                              "PurchaseOption",
                              "OfferingClass",
                              "Product Family"}) {
            csvField(line, h);
        }
        for (const auto& [header, key] : kCsvAttributes) {
            csvField(line, header);
        }
        line.push_back('\n');
        out.put(line);
        for (std::uint64_t i = 0; i < skus && out.error() == 0; ++i) {
            makeProduct(p, seed, i);
            writeCsvProduct(out, p, line);
        }
    } else {
        JsonObject top(out, 0);
        top.str("formatVersion", "v1.0");
        top.str("disclaimer", kDisclaimer);
        top.str("offerCode", "AmazonEC2");
        top.str("version", "20240528203522");
        top.str("publicationDate", "2024-05-28T20:35:22Z");
        top.key("products");
        {
            JsonObject products(out, 2);
            for (std::uint64_t i = 0; i < skus && out.error() == 0; ++i) {
                makeProduct(p, seed, i);
                writeJsonProduct(out, products, p);
            }
            products.close();
        }
        top.key("terms");
        JsonObject terms(out, 2);
        for (bool reserved : {false, true}) {
            terms.key(reserved ? "Reserved" : "OnDemand");
            JsonObject bySku(out, 4);
            for (std::uint64_t i = 0; i < skus && out.error() == 0; ++i) {
                makeProduct(p, seed, i);
                writeJsonTerms(out, bySku, p, reserved);
            }
            bySku.close();
        }
        terms.close();
        top.key("attributesList");
        out.put("{ }");
        top.close();
        out.put("\n");
    }
    out.flush();
    const int error = out.error();
    if (std::fclose(f) != 0 || error != 0) {
        return makeError(Error::Code::IoFailed,
                         std::string("cannot write: ") + std::strerror(error != 0 ? error : errno),
                         path.string());
    }
    return {};
}

} // namespace cloudcost::pricing
