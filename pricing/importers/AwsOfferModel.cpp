#include "pricing/importers/AwsOfferModel.h"

#include "common/Text.h"
#include "pricing/ImportSupport.h"
#include "pricing/importers/AwsLocations.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

namespace cloudcost::pricing::aws {

namespace {

constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

struct AttrName
{
    Attr attr;
    std::string_view json; // as in the JSON attributes
    std::string_view csv;  // CSV header, lower case without spaces or punctuation
};

constexpr std::array<AttrName, kAttrCount> kAttrNames = {{
    {Attr::InstanceType, "instanceType", "instancetype"},
    {Attr::Vcpu, "vcpu", "vcpu"},
    {Attr::Memory, "memory", "memory"},
    {Attr::Gpu, "gpu", "gpu"},
    {Attr::GpuMemory, "gpuMemory", "gpumemory"},
    {Attr::PhysicalProcessor, "physicalProcessor", "physicalprocessor"},
    {Attr::OperatingSystem, "operatingSystem", "operatingsystem"},
    {Attr::PreInstalledSw, "preInstalledSw", "preinstalledsw"},
    {Attr::LicenseModel, "licenseModel", "licensemodel"},
    {Attr::Tenancy, "tenancy", "tenancy"},
    {Attr::CapacityStatus, "capacitystatus", "capacitystatus"},
    {Attr::MarketOption, "marketoption", "marketoption"},
    {Attr::Location, "location", "location"},
    {Attr::LocationType, "locationType", "locationtype"},
    {Attr::RegionCode, "regionCode", "regioncode"},
    {Attr::UsageType, "usagetype", "usagetype"},
    {Attr::ServiceCode, "servicecode", "servicecode"},
    {Attr::FromRegionCode, "fromRegionCode", "fromregioncode"},
}};

// Per key length, the attributes whose JSON name has that length (the hot path of products).
struct JsonKeyIndex
{
    std::array<std::array<std::int8_t, 4>, 32> byLength{};
    constexpr JsonKeyIndex()
    {
        for (auto& row : byLength) {
            row = {-1, -1, -1, -1};
        }
        for (std::size_t i = 0; i < kAttrNames.size(); ++i) {
            auto& row = byLength[kAttrNames[i].json.size()];
            for (auto& slot : row) {
                if (slot < 0) {
                    slot = static_cast<std::int8_t>(i);
                    break;
                }
            }
        }
    }
};
constexpr JsonKeyIndex kJsonKeyIndex;

bool isLicensedOs(std::string_view os)
{
    return !os.empty() && os != "linux";
}

// "1152 GiB", "1,152 GiB", "0.5 GiB", "512 MiB", "NA" -> GiB or unknown.
double memoryGib(std::string_view s)
{
    const auto n = text::parseLeadingNumber(s);
    if (!n) {
        return kUnknown;
    }
    if (text::contains(s, "MiB") || text::contains(s, "MB")) {
        return *n / 1024.0;
    }
    if (text::contains(s, "TiB") || text::contains(s, "TB")) {
        return *n * 1024.0;
    }
    // AWS writes GPU memory as "16 GB" and instance memory as "16 GiB"; both mean GiB there.
    return *n;
}

double plainNumber(std::string_view s)
{
    const auto n = text::parseDouble(s);
    return n ? *n : kUnknown;
}

std::optional<double> toOptional(double v)
{
    return std::isnan(v) ? std::nullopt : std::optional<double>(v);
}

// The price list says "64-bit" for every processor; the processor name tells the architecture.
// Graviton is AWS's Arm CPU; the Apple M-series chips of mac2 instances are Arm as well.
std::string_view archOf(std::string_view processor)
{
    if (text::contains(processor, "Graviton") || text::startsWith(processor, "Apple M")) {
        return "arm64";
    }
    if (text::contains(processor, "Intel") || text::contains(processor, "AMD")) {
        return "x86_64";
    }
    return {};
}

// ISO date part of "2024-05-01T00:00:00Z" into out without allocating; "" when not a date.
void assignIsoDate(std::string& out, std::string_view ts)
{
    ts = text::trim(ts);
    out.clear();
    if (ts.size() < 10 || ts[4] != '-' || ts[7] != '-') {
        return;
    }
    for (std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U}) {
        if (ts[i] < '0' || ts[i] > '9') {
            return;
        }
    }
    out.assign(ts.substr(0, 10));
}

std::optional<PaymentOption> purchaseOptionOf(std::string_view s)
{
    s = text::trim(s);
    if (text::iequals(s, "No Upfront")) {
        return PaymentOption::NoUpfront;
    }
    if (text::iequals(s, "Partial Upfront")) {
        return PaymentOption::PartialUpfront;
    }
    if (text::iequals(s, "All Upfront")) {
        return PaymentOption::AllUpfront;
    }
    return std::nullopt;
}

bool isHourlyUnit(std::string_view unit)
{
    return text::iequals(unit, "Hrs") || text::iequals(unit, "Hours")
           || text::iequals(unit, "Hour");
}

// Fixed skip reasons (grouped by exact text in the import report).
const std::string kNoProduct = "term for a SKU that has no product";
const std::string kNoTerms = "product without price terms";
const std::string kNoDims = "term without price dimensions";
const std::string kCapacityBlock = "capacity block row (not a list price)";
const std::string kNoInstanceType = "instance product without instanceType";
const std::string kReservedNoLease = "term in Reserved without LeaseContractLength";
const std::string kTiered = "instance term with several hourly prices (tiered; not a list price)";
const std::string kSeveralUpfront = "instance term with several upfront fees";
const std::string kMixedCurrency = "price dimensions in different currencies";
const std::string kOnDemandUpfront = "upfront fee on an on-demand term (not a list price)";
const std::string kOnDemandNoHourly = "on-demand term without an hourly price";
const std::string kZeroOnDemand =
    "zero on-demand price (billed another way, e.g. per Dedicated Host; not a list price)";
const std::string kReservedNoHourly = "reserved term without an hourly price";
const std::string kZeroReserved = "zero-priced reserved term (not a list price)";
const std::string kNoUpfrontWithFee = "No Upfront term with an upfront fee (contradictory)";
const std::string kAllUpfrontHourly = "All Upfront term with an hourly price (contradictory)";
const std::string kPartialNoFee = "Partial Upfront term without an upfront fee (contradictory)";

} // namespace

Attr attrFromJsonKey(std::string_view key)
{
    if (key.size() >= kJsonKeyIndex.byLength.size()) {
        return Attr::Count;
    }
    for (std::int8_t i : kJsonKeyIndex.byLength[key.size()]) {
        if (i < 0) {
            break;
        }
        const auto& name = kAttrNames[static_cast<std::size_t>(i)];
        if (std::memcmp(name.json.data(), key.data(), key.size()) == 0) {
            return name.attr;
        }
    }
    return Attr::Count;
}

Attr attrFromCsvHeader(std::string_view header)
{
    std::string norm;
    for (char c : header) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            norm.push_back(c);
        } else if (c >= 'A' && c <= 'Z') {
            norm.push_back(static_cast<char>(c - 'A' + 'a'));
        }
    }
    for (const auto& name : kAttrNames) {
        if (name.csv == norm) {
            return name.attr;
        }
    }
    return Attr::Count;
}

void TermView::clear()
{
    termType = sku = offerTermCode = effectiveDate = {};
    leaseContractLength = purchaseOption = offeringClass = {};
    dims.clear();
    where = 0;
}

int leaseMonths(std::string_view lease)
{
    lease = text::trim(lease);
    std::size_t i = 0;
    int years = 0;
    while (i < lease.size() && lease[i] >= '0' && lease[i] <= '9' && years < 100) {
        years = years * 10 + (lease[i] - '0');
        ++i;
    }
    if (i == 0 || years < 1 || years > 10) {
        return 0;
    }
    const std::string unit = text::toLower(text::trim(lease.substr(i)));
    if (unit == "yr" || unit == "yrs" || unit == "year" || unit == "years") {
        return years * 12;
    }
    return 0;
}

// Strings copied once into large blocks, each with a stable id (0 = "" when withEmpty).
class OfferMapper::Interner
{
public:
    explicit Interner(bool withEmpty)
    {
        if (withEmpty) {
            m_views.emplace_back();
            m_ids.emplace(std::string_view(), 0);
        }
    }

    std::uint32_t intern(std::string_view s)
    {
        if (auto it = m_ids.find(s); it != m_ids.end()) {
            return it->second;
        }
        const std::string_view stored = store(s);
        const auto id = static_cast<std::uint32_t>(m_views.size());
        m_views.push_back(stored);
        m_ids.emplace(stored, id);
        return id;
    }

    std::optional<std::uint32_t> find(std::string_view s) const
    {
        if (auto it = m_ids.find(s); it != m_ids.end()) {
            return it->second;
        }
        return std::nullopt;
    }

    std::string_view at(std::uint32_t id) const { return m_views[id]; }
    std::size_t size() const { return m_views.size(); }

private:
    std::string_view store(std::string_view s)
    {
        if (s.empty()) {
            return {};
        }
        if (m_blocks.empty() || m_used + s.size() > kBlock) {
            const std::size_t size = std::max(kBlock, s.size());
            m_blocks.push_back(std::make_unique<char[]>(size));
            m_used = 0;
        }
        char* dst = m_blocks.back().get() + m_used;
        std::memcpy(dst, s.data(), s.size());
        m_used += s.size();
        return {dst, s.size()};
    }

    static constexpr std::size_t kBlock = 1 << 20;
    std::vector<std::unique_ptr<char[]>> m_blocks;
    std::size_t m_used = 0;
    std::vector<std::string_view> m_views;
    std::unordered_map<std::string_view, std::uint32_t> m_ids;
};

// What is kept of a product to map its terms later.
struct OfferMapper::Record
{
    std::uint64_t where = 0;
    double vcpus = kUnknown;
    double memoryGib = kUnknown;
    double gpus = kUnknown;
    double gpuMemoryGib = kUnknown;
    std::uint32_t service = 0;
    std::uint32_t region = 0;
    std::uint32_t productFamily = 0;
    std::uint32_t usageType = 0;
    std::uint32_t instanceType = 0;
    std::uint32_t os = 0;
    std::uint32_t license = 0;
    std::uint32_t software = 0;
    std::uint32_t tenancy = 0;
    std::uint32_t arch = 0;
    std::uint32_t skipReason = 0; // reason id + 1; 0 = none
    bool instance = false;
    bool hasTerms = false;
};

OfferMapper::OfferMapper(ImportSink& sink, std::string format, std::string name, WhereKind kind)
    : m_sink(sink)
    , m_format(std::move(format))
    , m_name(std::move(name))
    , m_whereKind(kind)
    , m_strings(std::make_unique<Interner>(true))
    , m_skus(std::make_unique<Interner>(false))
{
    m_offer.provider = "aws";
    m_rate.provider = "aws";
}

OfferMapper::~OfferMapper() = default;

std::uint32_t OfferMapper::intern(std::string_view s)
{
    return m_strings->intern(s);
}

std::string_view OfferMapper::str(std::uint32_t id) const
{
    return m_strings->at(id);
}

std::uint32_t OfferMapper::reasonId(const std::string& reason)
{
    if (auto it = m_reasonIds.find(reason); it != m_reasonIds.end()) {
        return it->second;
    }
    m_reasons.push_back(reason);
    const auto id = static_cast<std::uint32_t>(m_reasons.size());
    m_reasonIds.emplace(m_reasons.back(), id);
    return id;
}

std::string OfferMapper::where(std::uint64_t n) const
{
    switch (m_whereKind) {
    case WhereKind::Byte:
        return m_name + ": byte " + std::to_string(n);
    case WhereKind::Line:
        return m_name + ":" + std::to_string(n);
    case WhereKind::Item:
        return m_name + ": item " + std::to_string(n);
    }
    return m_name;
}

void OfferMapper::skip(std::uint32_t reason, std::uint64_t at)
{
    m_sink.skip(m_reasons[reason - 1], where(at));
}

void OfferMapper::skip(const std::string& reason, std::uint64_t at)
{
    m_sink.skip(reason, where(at));
}

std::size_t OfferMapper::productCount() const
{
    return m_products.size();
}

bool OfferMapper::hasProduct(std::string_view sku) const
{
    return m_skus->find(sku).has_value();
}

bool OfferMapper::addProduct(const ProductView& p)
{
    const std::size_t before = m_skus->size();
    const std::uint32_t id = m_skus->intern(p.sku);
    if (m_skus->size() == before) {
        return false;
    }
    m_products.emplace_back();
    Record& rec = m_products[id];
    rec.where = p.where;

    const std::string_view family = text::trim(p.productFamily);
    const std::string_view locationType = p.get(Attr::LocationType);
    auto resolved = resolveRegion(p.get(Attr::RegionCode),
                                  p.get(Attr::Location),
                                  locationType,
                                  p.get(Attr::UsageType));
    if (!resolved.region.empty()
        && (locationType.empty() || text::iequals(locationType, "AWS Region"))) {
        m_regions.insert(resolved.region);
    }
    rec.service = intern(text::trim(p.get(Attr::ServiceCode)));
    rec.productFamily = intern(family);
    rec.usageType = intern(p.get(Attr::UsageType));

    const bool host = family == "Dedicated Host";
    rec.instance =
        host || family == "Compute Instance" || family == "Compute Instance (bare metal)";
    if (!rec.instance) {
        // Rates: a data-transfer product has no location of its own; it is billed in the Region
        // the data leaves (fromRegionCode).
        if (resolved.region.empty()) {
            resolved.region = std::string(text::trim(p.get(Attr::FromRegionCode)));
        }
        rec.region = intern(resolved.region);
        return true;
    }

    // Only the normal list price is an offer (README §1: capacitystatus=Used, marketoption
    // OnDemand or absent; Capacity Block rows carry $0.00 and reservation rows are not prices).
    const std::string_view capacity = text::trim(p.get(Attr::CapacityStatus));
    const std::string_view market = text::trim(p.get(Attr::MarketOption));
    const std::string tenancy = text::toLower(text::trim(p.get(Attr::Tenancy)));
    const std::string_view instanceType = text::trim(p.get(Attr::InstanceType));
    if (resolved.region.empty()) {
        rec.skipReason = reasonId(resolved.reason);
    } else if (instanceType.empty()) {
        rec.skipReason = reasonId(kNoInstanceType);
    } else if (text::iequals(market, "CapacityBlock")) {
        rec.skipReason = reasonId(kCapacityBlock);
    } else if (!market.empty() && !text::iequals(market, "OnDemand")) {
        rec.skipReason =
            reasonId("market option '" + text::printable(market, 40) + "' (not a list price)");
    } else if (!capacity.empty() && !text::iequals(capacity, "Used")) {
        rec.skipReason =
            reasonId("capacity status '" + text::printable(capacity, 40) + "' (not a list price)");
    } else if (!host && tenancy != "shared" && tenancy != "dedicated" && tenancy != "host") {
        rec.skipReason = reasonId("tenancy '" + text::printable(p.get(Attr::Tenancy), 40)
                                  + "' (not shared, dedicated or host)");
    }
    if (rec.skipReason != 0) {
        return true;
    }

    rec.region = intern(resolved.region);
    rec.instanceType = intern(instanceType);
    rec.tenancy = intern(host ? std::string_view("host") : std::string_view(tenancy));
    const std::string os = normaliseOs(p.get(Attr::OperatingSystem));
    rec.os = intern(os);
    std::string_view software = text::trim(p.get(Attr::PreInstalledSw));
    if (text::iequals(software, "NA")) {
        software = {};
    }
    rec.software = intern(software);
    const std::string_view licence = text::trim(p.get(Attr::LicenseModel));
    if (text::iequals(licence, "Bring your own license")) {
        rec.license = intern("byol");
    } else if (text::iequals(licence, "No License required")
               && (isLicensedOs(os) || !software.empty())) {
        // The price includes the OS / SQL Server licence (Windows, RHEL, SUSE, Ubuntu Pro, SQL).
        rec.license = intern("included");
    }
    rec.arch = intern(archOf(p.get(Attr::PhysicalProcessor)));
    rec.vcpus = plainNumber(text::trim(p.get(Attr::Vcpu)));
    rec.memoryGib = memoryGib(p.get(Attr::Memory));
    rec.gpus = plainNumber(text::trim(p.get(Attr::Gpu)));
    rec.gpuMemoryGib = memoryGib(p.get(Attr::GpuMemory));
    return true;
}

Status OfferMapper::readDimensions(const TermView& t)
{
    m_dimValues.resize(t.dims.size());
    for (std::size_t i = 0; i < t.dims.size(); ++i) {
        const DimensionView& d = t.dims[i];
        DimValue& v = m_dimValues[i];
        auto label = [&] {
            if (!d.rateCode.empty()) {
                return text::printable(d.rateCode, 60);
            }
            return text::printable(t.sku, 30) + "." + text::printable(t.offerTermCode, 20);
        };
        auto fail = [&](const std::string& message) {
            return makeError(Error::Code::InvalidInput, message, where(t.where));
        };
        if (d.currencyCount != 1) {
            return fail("price dimension " + label() + " has " + std::to_string(d.currencyCount)
                        + " entries in pricePerUnit (expected one currency and price)");
        }
        if (!isKnownCurrency(d.currency)) {
            return fail("unknown currency '" + text::printable(d.currency, 16) + "' in price of "
                        + label() + " (expected an ISO 4217 code such as USD or CNY)");
        }
        const auto price = text::parseDouble(d.price);
        if (!price) {
            return fail("price '" + text::printable(d.price, 30) + "' of " + label()
                        + " is not a decimal number");
        }
        if (!(*price >= 0 && *price <= 1e9)) {
            if (auto st = checkPrice(*price, "price of " + label(), where(t.where)); !st) {
                return st;
            }
        }
        v.price = *price;
        const std::string_view begin = text::trim(d.beginRange);
        if (begin.empty()) {
            v.begin = 0;
        } else if (auto b = text::parseDouble(begin); b && *b >= 0) {
            v.begin = *b;
        } else {
            return fail("beginRange '" + text::printable(begin, 30) + "' of " + label()
                        + " is not a non-negative number");
        }
        const std::string_view end = text::trim(d.endRange);
        v.bounded = !(end.empty() || end == "Inf");
        if (v.bounded) {
            auto e = text::parseDouble(end);
            if (!e || *e < v.begin) {
                return fail("endRange '" + text::printable(end, 30) + "' of " + label()
                            + " is not a number at least beginRange (or \"Inf\")");
            }
            v.end = *e;
        }
    }
    return {};
}

Status OfferMapper::addTerm(const TermView& t)
{
    m_sink.rowRead();
    if (auto st = readDimensions(t); !st) {
        return st;
    }
    // The terms of one SKU come together: look the product up once for them.
    if (!m_lastSkuValid || t.sku != m_lastSku) {
        const auto id = m_skus->find(t.sku);
        m_lastSku.assign(t.sku);
        m_lastSkuValid = id.has_value();
        m_lastSkuId = id.value_or(0);
    }
    if (!m_lastSkuValid) {
        skip(kNoProduct, t.where);
        return {};
    }
    Record& rec = m_products[m_lastSkuId];
    rec.hasTerms = true;
    if (rec.skipReason != 0) {
        skip(rec.skipReason, t.where);
        return {};
    }
    if (t.dims.empty()) {
        skip(kNoDims, t.where);
        return {};
    }
    if (!rec.instance) {
        // Classified by attributes first (a lease length makes it a reservation), else by map.
        std::string_view termType;
        if (!text::trim(t.leaseContractLength).empty() || t.termType == "Reserved") {
            termType = "reserved";
        } else if (t.termType == "OnDemand") {
            termType = "on_demand";
        } else {
            m_scratch = text::toLower(text::trim(t.termType));
            termType = m_scratch;
        }
        return emitRates(rec, t, termType);
    }
    return emitOffer(rec, t);
}

Status OfferMapper::emitRates(const Record& rec, const TermView& t, std::string_view termType)
{
    Rate& r = m_rate;
    r.service.assign(rec.service != 0 ? str(rec.service) : std::string_view(m_offerCode));
    r.productFamily.assign(str(rec.productFamily));
    r.region.assign(str(rec.region));
    r.usageType.assign(str(rec.usageType));
    r.termType.assign(termType);
    assignIsoDate(r.effectiveDate, t.effectiveDate);
    for (std::size_t i = 0; i < t.dims.size(); ++i) {
        const DimensionView& d = t.dims[i];
        const DimValue& v = m_dimValues[i];
        r.sku.assign(d.rateCode);
        r.description.assign(d.description);
        r.unit.assign(text::trim(d.unit));
        r.unitBlock = 1;
        r.beginRange = v.begin;
        r.endRange = v.bounded ? std::optional<double>(v.end) : std::nullopt;
        r.price = v.price;
        r.currency.assign(d.currency);
        if (auto st = m_sink.addRate(r); !st) {
            return st;
        }
    }
    return {};
}

Status OfferMapper::emitOffer(const Record& rec, const TermView& t)
{
    Offer& o = m_offer;
    const bool reserved = !text::trim(t.leaseContractLength).empty();
    if (reserved) {
        const int months = leaseMonths(t.leaseContractLength);
        if (months == 0) {
            skip("reserved term with LeaseContractLength '"
                     + text::printable(t.leaseContractLength, 20) + "' (not 1yr or 3yr)",
                 t.where);
            return {};
        }
        const auto payment = purchaseOptionOf(t.purchaseOption);
        if (!payment) {
            skip("reserved term with PurchaseOption '" + text::printable(t.purchaseOption, 30)
                     + "' (not No, Partial or All Upfront)",
                 t.where);
            return {};
        }
        o.purchaseOption = PurchaseOption::Reserved;
        o.termMonths = months;
        o.paymentOption = *payment;
        o.offeringClass = text::toLower(text::trim(t.offeringClass));
    } else {
        if (t.termType == "Reserved") {
            skip(kReservedNoLease, t.where);
            return {};
        }
        if (!t.termType.empty() && t.termType != "OnDemand") {
            skip("term type '" + text::printable(t.termType, 30) + "' (not OnDemand or Reserved)",
                 t.where);
            return {};
        }
        o.purchaseOption = PurchaseOption::OnDemand;
        o.termMonths = 0;
        o.paymentOption = PaymentOption::None;
        o.offeringClass.clear();
    }

    double hourly = 0;
    double upfront = 0;
    int hourlyCount = 0;
    int upfrontCount = 0;
    bool tiered = false;
    for (std::size_t i = 0; i < t.dims.size(); ++i) {
        const DimensionView& d = t.dims[i];
        const DimValue& v = m_dimValues[i];
        const std::string_view unit = text::trim(d.unit);
        if (isHourlyUnit(unit)) {
            ++hourlyCount;
            hourly = v.price;
            tiered = tiered || v.begin != 0 || v.bounded;
        } else if (text::iequals(unit, "Quantity")) {
            // "Upfront Fee": one payment for the whole term (README §1).
            ++upfrontCount;
            upfront = v.price;
        } else {
            skip("instance price in unit '" + text::printable(unit, 20) + "' (not Hrs or Quantity)",
                 t.where);
            return {};
        }
        if (d.currency != t.dims[0].currency) {
            skip(kMixedCurrency, t.where);
            return {};
        }
    }
    if (hourlyCount > 1 || tiered) {
        skip(kTiered, t.where);
        return {};
    }
    if (upfrontCount > 1) {
        skip(kSeveralUpfront, t.where);
        return {};
    }
    if (!reserved) {
        if (upfrontCount > 0) {
            skip(kOnDemandUpfront, t.where);
            return {};
        }
        if (hourlyCount == 0) {
            skip(kOnDemandNoHourly, t.where);
            return {};
        }
        if (hourly == 0) {
            // Instances on a Dedicated Host, capacity blocks and reservation rows show $0.00:
            // the price is paid elsewhere, so it is not this instance's list price.
            skip(kZeroOnDemand, t.where);
            return {};
        }
    } else {
        if (hourlyCount == 0 && o.paymentOption != PaymentOption::AllUpfront) {
            skip(kReservedNoHourly, t.where);
            return {};
        }
        if (hourly == 0 && upfront == 0) {
            skip(kZeroReserved, t.where);
            return {};
        }
        if (o.paymentOption == PaymentOption::NoUpfront && upfront > 0) {
            skip(kNoUpfrontWithFee, t.where);
            return {};
        }
        if (o.paymentOption == PaymentOption::AllUpfront && hourly > 0) {
            skip(kAllUpfrontHourly, t.where);
            return {};
        }
        if (o.paymentOption == PaymentOption::PartialUpfront && upfront == 0) {
            skip(kPartialNoFee, t.where);
            return {};
        }
    }

    o.service.assign(rec.service != 0 ? str(rec.service) : std::string_view(m_offerCode));
    o.region.assign(str(rec.region));
    o.zone.clear();
    o.instanceType.assign(str(rec.instanceType));
    o.vcpus = toOptional(rec.vcpus);
    o.memoryGib = toOptional(rec.memoryGib);
    o.gpus = toOptional(rec.gpus);
    o.gpuModel.clear();
    o.gpuMemoryGib = toOptional(rec.gpuMemoryGib);
    o.arch.assign(str(rec.arch));
    o.os.assign(str(rec.os));
    o.licenseModel.assign(str(rec.license));
    o.preinstalledSoftware.assign(str(rec.software));
    o.tenancy.assign(str(rec.tenancy));
    o.hourly = hourly;
    o.upfront = upfront;
    o.currency.assign(t.dims[0].currency);
    assignIsoDate(o.effectiveDate, t.effectiveDate);
    o.sku.assign(t.sku);
    o.sku.push_back('.');
    o.sku.append(t.offerTermCode);
    if (auto st = validateOffer(o, where(t.where)); !st) {
        return st;
    }
    return m_sink.addOffer(o);
}

SourceFacts OfferMapper::finish(bool keyed)
{
    for (const Record& rec : m_products) {
        if (!rec.hasTerms) {
            m_sink.rowRead();
            skip(kNoTerms, rec.where);
        }
    }
    SourceFacts facts;
    facts.format = m_format;
    facts.provider = "aws";
    facts.publishedAt = m_publicationDate;
    facts.version = m_version;
    if (keyed) {
        facts.key = "aws-offer:" + m_offerCode + ":"
                    + (m_regions.size() == 1 ? *m_regions.begin() : std::string("all"));
    }
    return facts;
}

} // namespace cloudcost::pricing::aws
