// aws-savings-plan-csv: a Savings Plans rate file in CSV form (data/aws/README.md §4). Each row is
// the discounted rate one plan SKU gives to one on-demand usage (DiscountedSKU). Instance-hour
// rows become Offers (purchase option savings_plan); the others (serverless capacity units,
// requests, Lambda, Fargate) become Rates with termType "savings_plan".
#include "common/CsvReader.h"
#include "common/Text.h"
#include "pricing/ImportSupport.h"
#include "pricing/importers/AwsLocations.h"
#include "pricing/importers/AwsMiscSupport.h"

#include <array>
#include <map>
#include <set>

namespace cloudcost::pricing::awsmisc {

namespace {

constexpr std::string_view kFormat = "aws-savings-plan-csv";

Error invalid(const std::string& message, const std::string& where)
{
    return makeError(Error::Code::InvalidInput, message, where);
}

std::string_view stripBom(std::string_view s)
{
    return text::startsWith(s, "\xEF\xBB\xBF") ? s.substr(3) : s;
}

// Column indexes by header name; -1 when the column is absent.
struct Columns
{
    int sku = -1;
    int rateCode = -1;
    int unit = -1;
    int effectiveDate = -1;
    int rate = -1;
    int currency = -1;
    int serviceCode = -1; // DiscountedServiceCode
    int usageType = -1;   // DiscountedUsageType
    int operation = -1;   // DiscountedOperation
    int purchaseOption = -1;
    int leaseLength = -1;
    int leaseUnit = -1;
    int planUsageType = -1; // UsageType of the plan ("DatabaseSP:1yrNoUpfront")
    int description = -1;
    int productFamily = -1;
    int regionCode = -1;   // DiscountedRegionCode
    int location = -1;     // Location (display name of the plan's region, or "Any")
    int instanceType = -1; // DiscountedInstanceType
};

Result<Columns> mapHeader(const std::vector<std::string_view>& header, const std::string& where)
{
    std::map<std::string, int, std::less<>> index;
    for (std::size_t i = 0; i < header.size(); ++i) {
        index.emplace(std::string(text::trim(stripBom(header[i]))), static_cast<int>(i));
    }
    if (!index.count("DiscountedRate")) {
        return invalid("not a Savings Plans rate file: the header has no DiscountedRate column "
                       "(a Price List offer file is imported with the aws-offer-csv format)",
                       where);
    }
    Columns c;
    std::string missing;
    auto col = [&](const char* name, int& out, bool required) {
        if (auto it = index.find(name); it != index.end()) {
            out = it->second;
        } else if (required) {
            missing += (missing.empty() ? "" : ", ") + std::string(name);
        }
    };
    col("SKU", c.sku, true);
    col("RateCode", c.rateCode, true);
    col("Unit", c.unit, true);
    col("EffectiveDate", c.effectiveDate, false);
    col("DiscountedRate", c.rate, true);
    col("Currency", c.currency, true);
    col("DiscountedServiceCode", c.serviceCode, true);
    col("DiscountedUsageType", c.usageType, true);
    col("DiscountedOperation", c.operation, true);
    col("PurchaseOption", c.purchaseOption, true);
    col("LeaseContractLength", c.leaseLength, true);
    col("LeaseContractLengthUnit", c.leaseUnit, false);
    col("UsageType", c.planUsageType, false);
    col("Description", c.description, false);
    col("Product Family", c.productFamily, false);
    col("DiscountedRegionCode", c.regionCode, true);
    col("Location", c.location, false);
    col("DiscountedInstanceType", c.instanceType, false);
    if (!missing.empty()) {
        return invalid("Savings Plans header lacks required column(s): " + missing, where);
    }
    return c;
}

std::string_view field(const std::vector<std::string_view>& row, int index)
{
    return index < 0 ? std::string_view() : text::trim(row[static_cast<std::size_t>(index)]);
}

// compute / ec2_instance / database / sagemaker from the plan's Product Family, else its usage
// type ("DatabaseSP:1yrNoUpfront", "APE2-EC2SP:r7g.3yrPartialUpfront"), else the OfferCode.
std::string
planClass(std::string_view productFamily, std::string_view planUsage, std::string_view offerCode)
{
    const std::string pf = text::toLower(productFamily);
    if (pf == "computesavingsplans") {
        return "compute";
    }
    if (pf == "ec2instancesavingsplans") {
        return "ec2_instance";
    }
    if (pf == "databasesavingsplans") {
        return "database";
    }
    if (pf == "machinelearningsavingsplans" || pf == "sagemakersavingsplans") {
        return "sagemaker";
    }
    if (text::contains(planUsage, "EC2SP:")) {
        return "ec2_instance";
    }
    if (text::contains(planUsage, "ComputeSP:")) {
        return "compute";
    }
    if (text::contains(planUsage, "DatabaseSP:")) {
        return "database";
    }
    if (text::contains(planUsage, "MachineLearningSP:")
        || text::contains(planUsage, "SageMakerSP:")) {
        return "sagemaker";
    }
    const std::string oc = text::toLower(offerCode);
    if (text::contains(oc, "compute")) {
        return "compute";
    }
    if (text::contains(oc, "database")) {
        return "database";
    }
    if (text::contains(oc, "machinelearning") || text::contains(oc, "sagemaker")) {
        return "sagemaker";
    }
    return {};
}

bool isTypeChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

// RDS usage types abbreviate sizes: "db.m7g.4xl" is db.m7g.4xlarge, "db.r7i.xl" db.r7i.xlarge
// ("db.r8i.metal-48xl" is the real class name and stays). Seen in the sample file, where the same
// row's DiscountedInstanceType says db.r7i.2xlarge for usage "...:db.r7i.2xl".
std::string expandSize(std::string_view type)
{
    const auto dot = type.rfind('.');
    if (dot == std::string_view::npos) {
        return std::string(type);
    }
    const auto size = type.substr(dot + 1);
    if (text::endsWith(size, "xl")) {
        const auto digits = size.substr(0, size.size() - 2);
        bool allDigits = true;
        for (char c : digits) {
            allDigits = allDigits && c >= '0' && c <= '9';
        }
        if (allDigits) {
            return std::string(type) + "arge";
        }
    }
    return std::string(type);
}

// "family.size" or "prefix.family.size" in lower case, e.g. m5.large, db.r7g.2xl, dms.c5.large.
bool looksLikeInstanceType(std::string_view s)
{
    if (s.size() < 4 || s.size() > 64 || s.find('.') == std::string_view::npos) {
        return false;
    }
    for (char c : s) {
        if (!isTypeChar(c)) {
            return false;
        }
    }
    return s.front() != '.' && s.back() != '.';
}

// The instance type of an instance-hour row. DiscountedInstanceType is the full type for most
// rows, but a family ("M7G", "R7G") for some RDS rows and empty for DMS instances: then the type
// is the part of DiscountedUsageType after ':' ("APS5-InstanceUsg:dms.r7i.12xlarge"), accepted for
// a family only when its family part matches.
std::optional<std::string> resolveInstanceType(std::string_view declared, std::string_view usage)
{
    std::string fromUsage;
    if (const auto colon = usage.rfind(':'); colon != std::string_view::npos) {
        const auto detail = usage.substr(colon + 1);
        if (looksLikeInstanceType(detail)) {
            fromUsage = expandSize(detail);
        }
    }
    if (declared.find('.') != std::string_view::npos) {
        return std::string(declared);
    }
    if (fromUsage.empty()) {
        return std::nullopt;
    }
    if (declared.empty()) {
        return fromUsage;
    }
    // Family: the component before the size ("db.m7g.4xlarge" -> "m7g").
    const auto parts = text::split(fromUsage, '.');
    if (parts.size() >= 2 && text::iequals(parts[parts.size() - 2], declared)) {
        return fromUsage;
    }
    return std::nullopt;
}

struct Platform
{
    std::string_view os;
    std::string_view software;
    std::string_view license;
};

// EC2 usage operation codes (EC2 User Guide, "AMI billing information fields").
std::optional<Platform> ec2Platform(std::string_view operation)
{
    static const std::map<std::string_view, Platform> table = {
        {"RunInstances", {"linux", "", ""}},
        {"RunInstances:0002", {"windows", "", "included"}},
        {"RunInstances:0800", {"windows", "", "byol"}},
        {"RunInstances:0010", {"rhel", "", "included"}},
        {"RunInstances:00g0", {"rhel", "", "byol"}},
        {"RunInstances:1010", {"rhel_ha", "", "included"}},
        {"RunInstances:000g", {"suse", "", "included"}},
        {"RunInstances:0g00", {"ubuntu_pro", "", "included"}},
        {"RunInstances:0004", {"linux", "SQL Std", "included"}},
        {"RunInstances:0200", {"linux", "SQL Web", "included"}},
        {"RunInstances:0100", {"linux", "SQL Ent", "included"}},
        {"RunInstances:0006", {"windows", "SQL Std", "included"}},
        {"RunInstances:0202", {"windows", "SQL Web", "included"}},
        {"RunInstances:0102", {"windows", "SQL Ent", "included"}},
        {"RunInstances:0014", {"rhel", "SQL Std", "included"}},
        {"RunInstances:0210", {"rhel", "SQL Web", "included"}},
        {"RunInstances:0110", {"rhel", "SQL Ent", "included"}},
        {"RunInstances:1014", {"rhel_ha", "SQL Std", "included"}},
        {"RunInstances:1110", {"rhel_ha", "SQL Ent", "included"}},
    };
    if (auto it = table.find(operation); it != table.end()) {
        return it->second;
    }
    return std::nullopt;
}

struct Engine
{
    std::string_view name;
    std::string_view license;
};

// RDS engine from the operation code (AWS Cost and Usage Report operation codes for RDS, e.g.
// CreateDBInstance:0014 = PostgreSQL, :0021 = Aurora PostgreSQL; BYOL = bring your own licence).
std::optional<Engine> rdsEngine(std::string_view operation)
{
    static const std::map<std::string_view, Engine> table = {
        {"CreateDBInstance:0002", {"MySQL", ""}},
        {"CreateDBInstance:0003", {"Oracle SE1", "byol"}},
        {"CreateDBInstance:0004", {"Oracle SE", "byol"}},
        {"CreateDBInstance:0005", {"Oracle EE", "byol"}},
        {"CreateDBInstance:0006", {"Oracle SE1", "included"}},
        {"CreateDBInstance:0008", {"SQL Server SE", "byol"}},
        {"CreateDBInstance:0009", {"SQL Server EE", "byol"}},
        {"CreateDBInstance:0010", {"SQL Server Express", "included"}},
        {"CreateDBInstance:0011", {"SQL Server Web", "included"}},
        {"CreateDBInstance:0012", {"SQL Server SE", "included"}},
        {"CreateDBInstance:0014", {"PostgreSQL", ""}},
        {"CreateDBInstance:0015", {"SQL Server EE", "included"}},
        {"CreateDBInstance:0016", {"Aurora MySQL", ""}},
        {"CreateDBInstance:0018", {"MariaDB", ""}},
        {"CreateDBInstance:0019", {"Oracle SE2", "byol"}},
        {"CreateDBInstance:0020", {"Oracle SE2", "included"}},
        {"CreateDBInstance:0021", {"Aurora PostgreSQL", ""}},
        {"CreateDBInstance:0028", {"Db2 SE", "byol"}},
        {"CreateDBInstance:0029", {"Db2 AE", "byol"}},
        {"CreateDBInstance:0034", {"Db2 SE", "marketplace"}},
        {"CreateDBInstance:0035", {"Db2 AE", "marketplace"}},
    };
    if (auto it = table.find(operation); it != table.end()) {
        return it->second;
    }
    return std::nullopt;
}

// The usage kind: the part of the usage type before ':' without its region prefix
// ("APS5-Multi-AZUsage:db.r7i.2xl" -> "Multi-AZUsage", "BoxUsage:m5.large" -> "BoxUsage").
std::string_view usageKind(std::string_view usage)
{
    auto kind = usage.substr(0, usage.find(':'));
    if (const auto dash = kind.find('-'); dash != std::string_view::npos && dash <= 5) {
        bool prefix = true;
        for (char c : kind.substr(0, dash)) {
            prefix = prefix && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
        }
        if (prefix) {
            kind.remove_prefix(dash + 1);
        }
    }
    return kind;
}

// Deployment option of a managed-database usage type: Multi-AZ prices cover the standby too (about
// twice the Single-AZ price), I/O-Optimized is an Aurora storage configuration with a higher
// instance price.
std::string deploymentOf(std::string_view kind)
{
    std::string out;
    if (text::contains(kind, "Multi-AZCluster")) {
        out = "Multi-AZ cluster";
    } else if (text::contains(kind, "Multi-AZ")) {
        out = "Multi-AZ";
    }
    if (text::contains(kind, "IOOptimized") || text::contains(kind, "IO-Optimized")) {
        out += out.empty() ? "I/O-Optimized" : ", I/O-Optimized";
    }
    return out;
}

struct Preamble
{
    std::string publicationDate;
    std::string version;
    std::string offerCode;
};

class SavingsPlanReader
{
public:
    SavingsPlanReader(const ImportRequest& request, ImportSink& sink)
        : m_request(request)
        , m_sink(sink)
        , m_name(displayName(request))
    {}

    Result<SourceFacts> run();

private:
    Result<Columns> readPreambleAndHeader(CsvReader& reader, std::vector<std::string_view>& row);
    Status readRow(const std::vector<std::string_view>& row, const std::string& where);
    Status addRate(const std::vector<std::string_view>& row,
                   const std::string& region,
                   double price,
                   const std::string& currency);

    const ImportRequest& m_request;
    ImportSink& m_sink;
    std::string m_name;
    Preamble m_preamble;
    Columns m_cols;
    std::size_t m_columnCount = 0;
    std::set<std::string> m_regions;
};

Result<Columns> SavingsPlanReader::readPreambleAndHeader(CsvReader& reader,
                                                         std::vector<std::string_view>& row)
{
    for (int record = 0;; ++record) {
        auto more = reader.next(row);
        if (!more) {
            return more.error();
        }
        if (!*more) {
            return invalid(record == 0
                               ? "file is empty (expected a Savings Plans rate CSV)"
                               : "no header line (SKU,RateCode,Unit,...) after the preamble",
                           m_name);
        }
        const auto key = row.empty() ? std::string_view() : text::trim(stripBom(row[0]));
        if (key == "SKU") {
            return mapHeader(row, reader.where());
        }
        const bool known = key == "FormatVersion" || key == "Disclaimer"
                           || key == "Publication Date" || key == "Version" || key == "OfferCode";
        if (record >= 10 || row.size() < 2 || !known) {
            return invalid("expected the Savings Plans preamble (FormatVersion, Disclaimer, "
                           "Publication Date, Version, OfferCode) or the header line starting "
                           "with SKU, found '"
                               + text::printable(reader.rawRecord(), 60) + "'",
                           reader.where());
        }
        // An unquoted disclaimer may hold commas (more fields): only its first field is kept.
        const std::string value = text::printable(text::trim(row[1]), 200);
        if (key == "Publication Date") {
            m_preamble.publicationDate = value;
        } else if (key == "Version") {
            m_preamble.version = value;
        } else if (key == "OfferCode") {
            m_preamble.offerCode = value;
        }
    }
}

Status SavingsPlanReader::addRate(const std::vector<std::string_view>& row,
                                  const std::string& region,
                                  double price,
                                  const std::string& currency)
{
    Rate r;
    r.provider = "aws";
    r.service = std::string(field(row, m_cols.serviceCode));
    r.productFamily = std::string(field(row, m_cols.productFamily));
    r.region = region;
    r.sku = std::string(field(row, m_cols.rateCode));
    r.description = text::printable(field(row, m_cols.description), 200);
    r.usageType = std::string(field(row, m_cols.usageType));
    r.unit = std::string(field(row, m_cols.unit));
    r.price = price;
    r.currency = currency;
    r.termType = "savings_plan";
    r.effectiveDate = text::isoDate(field(row, m_cols.effectiveDate));
    // DMS Serverless rows ("...CapacityUsg:N", unit DCU-Hr) give the rate of one hour at N DCUs:
    // in the sample it grows exactly with N (0.0823242480 at 1, 10.5375037800 at 128), so the
    // price is per N DCU-hours.
    const auto usage = field(row, m_cols.usageType);
    if (text::contains(usage, "CapacityUsg:") && text::iequals(r.unit, "DCU-Hr")) {
        if (auto n = text::parseInt(usage.substr(usage.rfind(':') + 1)); n && *n > 0) {
            r.unitBlock = static_cast<double>(*n);
        }
    }
    return m_sink.addRate(r);
}

Status SavingsPlanReader::readRow(const std::vector<std::string_view>& row,
                                  const std::string& where)
{
    const auto rateText = field(row, m_cols.rate);
    const auto price = text::parseDouble(rateText);
    if (!price) {
        return invalid("DiscountedRate '" + text::printable(rateText, 40) + "' is not a number",
                       where);
    }
    if (auto st = checkPrice(*price, "savings plan rate", where); !st) {
        return st;
    }
    const std::string currency(field(row, m_cols.currency));
    if (!isKnownCurrency(currency)) {
        return invalid("unknown currency '" + text::printable(currency, 16)
                           + "' (expected an ISO 4217 code such as USD or CNY)",
                       where);
    }
    std::string region(field(row, m_cols.regionCode));
    if (region.empty()) {
        // DiscountedRegionCode is the region; Location ("Any" in Database Savings Plans files, a
        // display name such as "Asia Pacific (Taipei)" in EC2 Instance Savings Plans files) is
        // only a fallback.
        const auto location = field(row, m_cols.location);
        region = std::string(aws::regionForLocation(location));
        if (region.empty()) {
            region = std::string(aws::localZoneForLocation(location));
        }
        if (region.empty()) {
            m_sink.skip("no DiscountedRegionCode and no known Location (region unknown)", where);
            return {};
        }
    }
    m_regions.insert(region);

    const auto unit = field(row, m_cols.unit);
    const auto usage = field(row, m_cols.usageType);
    std::optional<std::string> type;
    if (text::iequals(unit, "Hrs") || text::iequals(unit, "Hours")) {
        type = resolveInstanceType(field(row, m_cols.instanceType), usage);
    }
    if (!type) {
        return addRate(row, region, *price, currency);
    }

    Offer o;
    o.provider = "aws";
    o.service = std::string(field(row, m_cols.serviceCode));
    o.region = region;
    o.instanceType = text::printable(*type, 80);
    o.purchaseOption = PurchaseOption::SavingsPlan;
    o.offeringClass = planClass(field(row, m_cols.productFamily),
                                field(row, m_cols.planUsageType),
                                m_preamble.offerCode);
    // The rate is the effective hourly price of this usage under the plan, whatever the payment
    // option: the commitment (and any prepayment of it) is per plan, not per usage, so upfront
    // stays 0 and hourly is the rate.
    o.hourly = *price;
    o.currency = currency;
    o.effectiveDate = text::isoDate(field(row, m_cols.effectiveDate));
    const auto sku = field(row, m_cols.sku);
    const auto rateCode = field(row, m_cols.rateCode);
    // RateCode is already "<plan SKU>.<DiscountedSKU>"; prefix the SKU only when it is not.
    o.sku = text::startsWith(rateCode, std::string(sku) + ".")
                ? std::string(rateCode)
                : std::string(sku) + "." + std::string(rateCode);

    const auto leaseText = field(row, m_cols.leaseLength);
    const auto leaseUnit = text::toLower(field(row, m_cols.leaseUnit));
    const auto lease = text::parseInt(leaseText);
    if (!lease || *lease <= 0 || *lease > 10) {
        return invalid("LeaseContractLength '" + text::printable(leaseText, 20)
                           + "' is not a number of years (1 or 3)",
                       where);
    }
    if (leaseUnit.empty() || leaseUnit == "year" || leaseUnit == "years" || leaseUnit == "yr") {
        o.termMonths = static_cast<int>(*lease) * 12;
    } else if (leaseUnit == "month" || leaseUnit == "months") {
        o.termMonths = static_cast<int>(*lease);
    } else {
        return invalid("LeaseContractLengthUnit '" + text::printable(leaseUnit, 20)
                           + "' is not year or month",
                       where);
    }
    const auto purchase = text::toLower(field(row, m_cols.purchaseOption));
    if (purchase == "no upfront") {
        o.paymentOption = PaymentOption::NoUpfront;
    } else if (purchase == "partial upfront") {
        o.paymentOption = PaymentOption::PartialUpfront;
    } else if (purchase == "all upfront") {
        o.paymentOption = PaymentOption::AllUpfront;
    } else {
        return invalid("PurchaseOption '" + text::printable(purchase, 30)
                           + "' is not No Upfront, Partial Upfront or All Upfront",
                       where);
    }

    const auto operation = field(row, m_cols.operation);
    const auto kind = usageKind(usage);
    if (o.service == "AmazonEC2") {
        if (text::contains(kind, "Unused")) {
            m_sink.skip("unused capacity reservation rate (not an instance-hour price)", where);
            return {};
        }
        if (text::contains(kind, "BoxUsage")) {
            o.tenancy = "shared";
        } else if (text::contains(kind, "DedicatedUsage")) {
            o.tenancy = "dedicated";
        } else if (text::contains(kind, "HostUsage")) {
            o.tenancy = "host";
        } else {
            m_sink.skip("EC2 usage type " + std::string(kind) + " is not an instance-hour price",
                        where);
            return {};
        }
        const auto platform = ec2Platform(operation);
        if (!platform) {
            m_sink.skip("unknown EC2 operation code (operating system unknown)", where);
            return {};
        }
        o.os = std::string(platform->os);
        o.preinstalledSoftware = std::string(platform->software);
        o.licenseModel = std::string(platform->license);
    } else {
        // Managed services (RDS, DMS, OpenSearch, ElastiCache, SageMaker...): the buyer picks an
        // engine and a deployment, not an OS, so os stays "" and the engine with its deployment
        // option goes to preinstalledSoftware ("PostgreSQL (Multi-AZ)"); this keeps the Single-AZ
        // and Multi-AZ prices of one type distinct.
        std::string engine;
        if (o.service == "AmazonRDS") {
            const auto e = rdsEngine(operation);
            if (!e) {
                m_sink.skip("unknown RDS engine operation code", where);
                return {};
            }
            engine = std::string(e->name);
            o.licenseModel = std::string(e->license);
        }
        const std::string deployment = deploymentOf(kind);
        o.preinstalledSoftware = engine.empty()       ? deployment
                                 : deployment.empty() ? engine
                                                      : engine + " (" + deployment + ")";
    }
    if (auto st = validateOffer(o, where); !st) {
        return st;
    }
    return m_sink.addOffer(o);
}

Result<SourceFacts> SavingsPlanReader::run()
{
    auto file = InputFile::open(m_request.path);
    if (!file) {
        return file.error();
    }
    const std::uint64_t total = file->size();
    CsvReader reader(*file, m_name);
    std::vector<std::string_view> row;
    auto cols = readPreambleAndHeader(reader, row);
    if (!cols) {
        return cols.error();
    }
    m_cols = *cols;
    m_columnCount = row.size();
    if (!m_preamble.offerCode.empty()
        && !text::contains(text::toLower(m_preamble.offerCode), "savingsplan")) {
        return invalid("OfferCode '" + m_preamble.offerCode
                           + "' is not a Savings Plans offer (import it as aws-offer-csv)",
                       m_name);
    }
    std::uint64_t rows = 0;
    for (;;) {
        auto more = reader.next(row);
        if (!more) {
            return more.error();
        }
        if (!*more) {
            break;
        }
        if (row.size() == 1 && text::trim(row[0]).empty()) {
            continue; // blank line
        }
        m_sink.rowRead();
        const std::string where = reader.where();
        if (row.size() != m_columnCount) {
            return invalid("row has " + std::to_string(row.size()) + " fields but the header has "
                               + std::to_string(m_columnCount) + " (truncated or shifted row?)",
                           where);
        }
        if (auto st = readRow(row, where); !st) {
            return st.error();
        }
        if (++rows % 4096 == 0) {
            if (auto st = reportProgress(m_request, reader.bytesConsumed(), total); !st) {
                return st.error();
            }
        }
    }
    SourceFacts facts;
    facts.format = std::string(kFormat);
    facts.provider = "aws";
    facts.publishedAt = m_preamble.publicationDate;
    facts.version = m_preamble.version;
    if (!m_preamble.offerCode.empty() && m_regions.size() == 1) {
        facts.key = "aws-savings-plan:" + m_preamble.offerCode + ":" + *m_regions.begin();
    }
    return facts;
}

int sniffSavingsPlan(std::string_view head, std::string_view /*fileName*/)
{
    head = stripBom(head);
    if (text::contains(head, "DiscountedRate") && text::contains(head, "DiscountedUsageType")
        && text::contains(head, "RateCode")) {
        return 95;
    }
    const auto t = text::trim(head);
    const bool preamble =
        text::startsWith(t, "FormatVersion") || text::startsWith(t, "\"FormatVersion\"");
    if (preamble) {
        const auto pos = head.find("OfferCode");
        if (pos != std::string_view::npos) {
            const auto line = head.substr(pos, head.find('\n', pos) - pos);
            if (text::contains(text::toLower(line), "savingsplan")) {
                return 90;
            }
        }
    }
    return 0;
}

Result<SourceFacts> runSavingsPlan(const ImportRequest& request, ImportSink& sink)
{
    SavingsPlanReader reader(request, sink);
    return reader.run();
}

} // namespace

ImporterInfo savingsPlanCsvImporter()
{
    return ImporterInfo{std::string(kFormat),
                        "AWS Savings Plans rate file, CSV (Compute, EC2 Instance, Database and "
                        "SageMaker Savings Plans; index.csv of a savingsPlan region)",
                        sniffSavingsPlan,
                        runSavingsPlan};
}

} // namespace cloudcost::pricing::awsmisc
