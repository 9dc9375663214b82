// ec2instances-info: vantage-sh ec2instances.info instance JSON (one instance object, or the site's
// instances.json array of them) -> InstanceSpec, Offers and SpotAdvice
// (data/multicloud/README.md §2). Prices are USD: the scraper (ec2.py) reads pricePerUnit.USD and
// skips the China regions.
#include "common/Text.h"
#include "pricing/ImportSupport.h"
#include "pricing/importers/AwsMiscSupport.h"

#include <array>
#include <cstdio>

namespace cloudcost::pricing::awsmisc {

namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "ec2instances-info";

Error invalid(const std::string& message, const std::string& where)
{
    return makeError(Error::Code::InvalidInput, message, where);
}

struct Platform
{
    std::string os;
    std::string software;
    std::string license;
    std::string tenancy = "shared";
};

// ec2instances.info platform keys (ec2.py translate_platform_name): an OS prefix plus an optional
// SQL Server suffix. "ubuntu" is AWS's "Ubuntu Pro" (the only Ubuntu with its own price);
// "rhel" also receives "Red Hat Enterprise Linux with HA" there, so it may hold either.
// "dedicated" is Linux on dedicated tenancy (dedicated_price_collector.py).
std::optional<Platform> parsePlatform(std::string_view key)
{
    if (key == "dedicated") {
        return Platform{"linux", "", "", "dedicated"};
    }
    static const std::array<std::pair<std::string_view, Platform>, 5> bases = {{
        {"linux", {"linux", "", "", "shared"}},
        {"mswin", {"windows", "", "included", "shared"}},
        {"rhel", {"rhel", "", "included", "shared"}},
        {"sles", {"suse", "", "included", "shared"}},
        {"ubuntu", {"ubuntu_pro", "", "included", "shared"}},
    }};
    for (const auto& [prefix, base] : bases) {
        if (!text::startsWith(key, prefix)) {
            continue;
        }
        const auto suffix = key.substr(prefix.size());
        Platform p = base;
        if (suffix.empty()) {
            return p;
        }
        if (suffix == "SQL") {
            p.software = "SQL Std";
        } else if (suffix == "SQLWeb") {
            p.software = "SQL Web";
        } else if (suffix == "SQLEnterprise") {
            p.software = "SQL Ent";
        } else {
            return std::nullopt;
        }
        p.license = "included";
        return p;
    }
    return std::nullopt;
}

struct ReservedTerm
{
    int termMonths = 0;
    std::string offeringClass;
    PaymentOption payment = PaymentOption::None;
};

// "yrTerm1Standard.noUpfront" -> 12 months, standard, no upfront.
std::optional<ReservedTerm> parseReservedKey(std::string_view key)
{
    if (!text::startsWith(key, "yrTerm") || key.size() < 8) {
        return std::nullopt;
    }
    ReservedTerm t;
    if (key[6] == '1') {
        t.termMonths = 12;
    } else if (key[6] == '3') {
        t.termMonths = 36;
    } else {
        return std::nullopt;
    }
    const auto rest = key.substr(7);
    const auto dot = rest.find('.');
    if (dot == std::string_view::npos) {
        return std::nullopt;
    }
    const auto cls = rest.substr(0, dot);
    const auto pay = rest.substr(dot + 1);
    if (cls == "Standard") {
        t.offeringClass = "standard";
    } else if (cls == "Convertible") {
        t.offeringClass = "convertible";
    } else {
        return std::nullopt;
    }
    if (pay == "noUpfront") {
        t.payment = PaymentOption::NoUpfront;
    } else if (pay == "partialUpfront") {
        t.payment = PaymentOption::PartialUpfront;
    } else if (pay == "allUpfront") {
        t.payment = PaymentOption::AllUpfront;
    } else {
        return std::nullopt;
    }
    return t;
}

Result<std::string> optionalString(const json& obj, const char* key, const std::string& where)
{
    const json* v = member(obj, key);
    if (!v || v->is_null()) {
        return std::string();
    }
    if (!v->is_string()) {
        return invalid(std::string(key) + " is " + jsonTypeName(*v) + " (expected a string)",
                       where);
    }
    return text::printable(v->get_ref<const std::string&>(), 120);
}

Result<std::optional<double>>
optionalNumber(const json& obj, const char* key, const std::string& where)
{
    auto n = numberOrString(member(obj, key), key);
    if (!n) {
        return invalid(n.error().message, where);
    }
    if (*n && (**n < 0 || **n > 1e9)) {
        return invalid(std::string(key) + " is out of range", where);
    }
    return n;
}

Status readStorage(const json& instance, InstanceSpec& spec, const std::string& where)
{
    const json* storage = member(instance, "storage");
    if (storage && storage->is_null()) {
        spec.localStorageGb = 0.0; // EBS only
        return {};
    }
    if (!storage) {
        return {};
    }
    if (!storage->is_object()) {
        return invalid("storage is " + jsonTypeName(*storage) + " (expected an object or null)",
                       where);
    }
    auto devices = optionalNumber(*storage, "devices", where);
    auto size = optionalNumber(*storage, "size", where);
    auto unit = optionalString(*storage, "size_unit", where);
    if (!devices) {
        return devices.error();
    }
    if (!size) {
        return size.error();
    }
    if (!unit) {
        return unit.error();
    }
    if (!*devices || !*size) {
        return {};
    }
    // "size" is per device (x2iedn.32xlarge: 2 devices of 1900 GB).
    double gbPerDevice = **size;
    if (*unit == "TB") {
        gbPerDevice *= 1000.0;
    } else if (!unit->empty() && *unit != "GB") {
        return invalid("storage size_unit '" + *unit + "' is not GB or TB", where);
    }
    spec.localStorageGb = **devices * gbPerDevice;
    const json* nvme = member(*storage, "nvme_ssd");
    const json* ssd = member(*storage, "ssd");
    const std::string media = nvme && nvme->is_boolean() && nvme->get<bool>() ? "NVMe SSD"
                              : ssd && ssd->is_boolean() && ssd->get<bool>()  ? "SSD"
                                                                              : "HDD";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g x %g ", **devices, gbPerDevice);
    spec.localStorage = std::string(buf) + media;
    return {};
}

Result<InstanceSpec>
readSpec(const json& instance, const std::string& type, const std::string& where)
{
    InstanceSpec spec;
    spec.provider = "aws";
    spec.instanceType = type;
    spec.family = instanceFamily(type);
    auto vcpus = optionalNumber(instance, "vCPU", where);
    auto memory = optionalNumber(instance, "memory", where);
    auto gpus = optionalNumber(instance, "GPU", where);
    auto gpuMemory = optionalNumber(instance, "GPU_memory", where);
    for (const auto* r : {&vcpus, &memory, &gpus, &gpuMemory}) {
        if (!*r) {
            return r->error();
        }
    }
    spec.vcpus = *vcpus;
    spec.memoryGib = *memory; // GiB (README §2)
    // The scraper sets GPU = 1 for every inf*/trn* type (Inferentia/Trainium accelerators, not
    // GPUs; ec2.py parse_instance), so that count is not a GPU count.
    const bool accelerator = text::startsWith(type, "inf") || text::startsWith(type, "trn");
    if (!accelerator) {
        spec.gpus = *gpus;
        if (*gpus && **gpus > 0) {
            spec.gpuMemoryGib = *gpuMemory; // GiB
        }
    }
    auto model = optionalString(instance, "GPU_model", where);
    auto processor = optionalString(instance, "physical_processor", where);
    auto network = optionalString(instance, "network_performance", where);
    for (const auto* r : {&model, &processor, &network}) {
        if (!*r) {
            return r->error();
        }
    }
    spec.gpuModel = *model;
    spec.processor = *processor;
    spec.network = *network;
    spec.networkGbps = networkGbps(spec.network);
    if (const json* clock = member(instance, "clock_speed_ghz"); clock && !clock->is_null()) {
        if (clock->is_number()) {
            spec.clockGhz = clock->get<double>();
        } else if (clock->is_string()) {
            spec.clockGhz = text::parseLeadingNumber(clock->get_ref<const std::string&>());
        }
    }
    if (const json* arch = member(instance, "arch"); arch && !arch->is_null()) {
        bool arm = false, x86 = false, i386 = false;
        auto note = [&](const json& a) {
            if (a.is_string()) {
                const auto& s = a.get_ref<const std::string&>();
                arm = arm || s == "arm64";
                x86 = x86 || s == "x86_64";
                i386 = i386 || s == "i386";
            }
        };
        if (arch->is_array()) {
            for (const auto& a : *arch) {
                note(a);
            }
        } else {
            note(*arch);
        }
        spec.arch = arm ? "arm64" : x86 ? "x86_64" : i386 ? "i386" : "";
    }
    if (auto st = readStorage(instance, spec, where); !st) {
        return st.error();
    }
    // The size part names bare metal types: "m5.metal", "r8i.metal-48xl".
    const auto dot = type.find('.');
    spec.bareMetal = dot != std::string::npos && text::startsWith(type.substr(dot + 1), "metal");
    // Burstable types have a baseline performance (a share of a core); null for the others.
    if (const json* base = member(instance, "base_performance"); base && base->is_number()) {
        spec.sharedCpu = true;
    }
    return spec;
}

class InstanceReader
{
public:
    InstanceReader(const std::string& name, ImportSink& sink)
        : m_name(name)
        , m_sink(sink)
    {}

    Status read(const json& instance, const std::string& where);

private:
    Status
    readPrice(const json* value, Offer offer, const std::string& suffix, const std::string& where);

    const std::string& m_name;
    ImportSink& m_sink;
    InstanceSpec m_spec;
};

Status InstanceReader::readPrice(const json* value,
                                 Offer offer,
                                 const std::string& suffix,
                                 const std::string& where)
{
    m_sink.rowRead();
    auto price = numberOrString(value, "price");
    if (!price) {
        return invalid(price.error().message, where);
    }
    // ec2.py writes 0 when it found no USD price: 0 is "no price", not a free instance.
    if (!*price || **price == 0) {
        m_sink.skip("price not available (N/A or 0)", where);
        return {};
    }
    offer.hourly = **price;
    offer.sku += suffix;
    if (auto st = validateOffer(offer, where); !st) {
        return st;
    }
    return m_sink.addOffer(offer);
}

Status InstanceReader::read(const json& instance, const std::string& whereIn)
{
    if (!instance.is_object()) {
        return invalid("instance entry is " + jsonTypeName(instance) + " (expected an object)",
                       whereIn);
    }
    const json* typeValue = member(instance, "instance_type");
    if (!typeValue || !typeValue->is_string() || typeValue->get_ref<const std::string&>().empty()) {
        return invalid("instance entry has no \"instance_type\" string", whereIn);
    }
    const std::string type = text::printable(typeValue->get_ref<const std::string&>(), 80);
    const std::string where = whereIn + (whereIn == m_name ? ": " : " ") + type;
    m_sink.rowRead();
    auto spec = readSpec(instance, type, where);
    if (!spec) {
        return spec.error();
    }
    m_spec = *spec;
    if (auto st = m_sink.addSpec(m_spec); !st) {
        return st;
    }
    const json* pricing = member(instance, "pricing");
    if (!pricing || pricing->is_null()) {
        return {};
    }
    if (!pricing->is_object()) {
        return invalid("pricing is " + jsonTypeName(*pricing) + " (expected an object)", where);
    }
    for (const auto& [region, byOs] : pricing->items()) {
        const std::string regionText = text::printable(region, 40);
        if (!byOs.is_object()) {
            return invalid("pricing." + regionText + " is " + jsonTypeName(byOs)
                               + " (expected an object)",
                           where);
        }
        for (const auto& [osKey, prices] : byOs.items()) {
            const std::string path =
                where + " pricing." + regionText + "." + text::printable(osKey, 40);
            if (osKey == "emr") {
                // The EMR fee is charged on top of the EC2 price; it is not an instance price.
                m_sink.rowRead();
                m_sink.skip("EMR fee (a surcharge on top of the instance price)", path);
                continue;
            }
            if (!prices.is_object()) {
                return invalid("platform entry is " + jsonTypeName(prices)
                                   + " (expected an object)",
                               path);
            }
            const auto platform = parsePlatform(osKey);
            if (!platform) {
                m_sink.rowRead();
                m_sink.skip("unknown ec2instances.info platform key", path);
                continue;
            }
            Offer base;
            base.provider = "aws";
            base.service = "AmazonEC2";
            base.region = regionText;
            base.instanceType = type;
            base.vcpus = m_spec.vcpus;
            base.memoryGib = m_spec.memoryGib;
            base.gpus = m_spec.gpus;
            base.gpuModel = m_spec.gpuModel;
            base.gpuMemoryGib = m_spec.gpuMemoryGib;
            base.arch = m_spec.arch;
            base.os = platform->os;
            base.preinstalledSoftware = platform->software;
            base.licenseModel = platform->license;
            base.tenancy = platform->tenancy;
            base.currency = "USD";
            base.sku = "ec2instances.info:" + type + ":" + regionText + ":" + osKey + ":";

            if (const json* od = member(prices, "ondemand")) {
                if (auto st = readPrice(od, base, "ondemand", path + ".ondemand"); !st) {
                    return st;
                }
            }
            if (const json* spot = member(prices, "spot_avg")) {
                // An average of the current spot prices of the region's zones, not a price one
                // can be charged: offeringClass "average" says so.
                Offer o = base;
                o.purchaseOption = PurchaseOption::Spot;
                o.offeringClass = "average";
                if (auto st = readPrice(spot, o, "spot_avg", path + ".spot_avg"); !st) {
                    return st;
                }
            }
            if (const json* reserved = member(prices, "reserved");
                reserved && !reserved->is_null()) {
                if (!reserved->is_object()) {
                    return invalid("reserved is " + jsonTypeName(*reserved)
                                       + " (expected an object)",
                                   path);
                }
                for (const auto& [key, value] : reserved->items()) {
                    const std::string at = path + ".reserved." + text::printable(key, 40);
                    const auto term = parseReservedKey(key);
                    if (!term) {
                        m_sink.rowRead();
                        m_sink.skip("unknown reserved term key", at);
                        continue;
                    }
                    // The values are EFFECTIVE hourly rates: ec2.py get_reserved_pricing adds the
                    // upfront fee spread over the term (hours = years x 8760) to the hourly fee.
                    // The split is lost, so hourly holds the effective rate and upfront is 0; the
                    // payment option is kept to say which offer it was.
                    Offer o = base;
                    o.purchaseOption = PurchaseOption::Reserved;
                    o.termMonths = term->termMonths;
                    o.offeringClass = term->offeringClass;
                    o.paymentOption = term->payment;
                    o.upfront = 0;
                    if (auto st = readPrice(&value, o, key, at); !st) {
                        return st;
                    }
                }
            }
            const json* interrupt = member(prices, "pct_interrupt");
            const json* savings = member(prices, "pct_savings_od");
            if ((interrupt && !interrupt->is_null()) || (savings && !savings->is_null())) {
                m_sink.rowRead();
                SpotAdvice a;
                a.provider = "aws";
                a.region = regionText;
                a.os = platform->os;
                a.instanceType = type;
                if (interrupt && !interrupt->is_null()) {
                    if (!interrupt->is_string()) {
                        return invalid("pct_interrupt is " + jsonTypeName(*interrupt)
                                           + " (expected a label such as \"5-10%\")",
                                       path);
                    }
                    a.interruptionBucket = text::printable(interrupt->get<std::string>(), 20);
                    a.interruptionMaxPct = bucketUpperBound(a.interruptionBucket);
                }
                auto pct = numberOrString(savings, "pct_savings_od");
                if (!pct) {
                    return invalid(pct.error().message, path);
                }
                if (*pct && (**pct < 0 || **pct > 100)) {
                    return invalid("pct_savings_od is not a percentage (0 to 100)", path);
                }
                a.savingsPct = *pct;
                // Spot advice exists for shared-tenancy Linux and Windows only.
                if (platform->tenancy == "shared" && platform->software.empty()) {
                    if (auto st = m_sink.addSpotAdvice(a); !st) {
                        return st;
                    }
                } else {
                    m_sink.skip("spot advice for a platform without spot", path);
                }
            }
        }
    }
    return {};
}

int sniffEc2InstancesInfo(std::string_view head, std::string_view /*fileName*/)
{
    const auto t = text::trim(head);
    if (t.empty() || (t.front() != '{' && t.front() != '[')) {
        return 0;
    }
    if (text::contains(head, "\"instance_type\"")
        && (text::contains(head, "\"vCPU\"") || text::contains(head, "\"network_performance\""))
        && (text::contains(head, "\"pricing\"") || text::contains(head, "\"ECU\"")
            || text::contains(head, "\"pretty_name\""))) {
        return 90;
    }
    return 0;
}

Result<SourceFacts> runEc2InstancesInfo(const ImportRequest& request, ImportSink& sink)
{
    const std::string name = displayName(request);
    auto doc = loadJsonFile(request, 512ULL << 20);
    if (!doc) {
        return doc.error();
    }
    InstanceReader reader(name, sink);
    if (doc->is_object()) {
        if (!member(*doc, "instance_type")) {
            return invalid("not an ec2instances.info instance: expected an object with "
                           "\"instance_type\" or an array of them",
                           name);
        }
        if (auto st = reader.read(*doc, name); !st) {
            return st.error();
        }
    } else if (doc->is_array()) {
        std::size_t index = 0;
        for (const auto& instance : *doc) {
            ++index;
            if (auto st = reader.read(instance, name + ": item " + std::to_string(index)); !st) {
                return st.error();
            }
            if (index % 64 == 0) {
                if (auto st = reportProgress(request, index, doc->size()); !st) {
                    return st.error();
                }
            }
        }
    } else {
        return invalid("not ec2instances.info data: expected an instance object or an array of "
                       "them, found "
                           + jsonTypeName(*doc),
                       name);
    }
    return SourceFacts{std::string(kFormat), "aws", {}, {}, {}};
}

} // namespace

ImporterInfo ec2InstancesInfoImporter()
{
    return ImporterInfo{std::string(kFormat),
                        "ec2instances.info (vantage-sh) instance JSON or instances.json: specs, "
                        "on-demand, reserved (effective hourly) and average spot prices",
                        sniffEc2InstancesInfo,
                        runEc2InstancesInfo};
}

} // namespace cloudcost::pricing::awsmisc
