#pragma once

#include "common/Result.h"
#include "pricing/ImportSink.h"
#include "pricing/Offer.h"

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

// The AWS Price List mapping rules shared by the offer-file JSON, offer-file CSV and GetProducts
// importers: each reader turns its syntax into ProductView/TermView and OfferMapper decides what
// is an Offer, what is a Rate and what is skipped (and why). Internal to the AWS importers.
namespace cloudcost::pricing::aws {

// The product attributes the mapping uses. JSON spells them "instanceType", CSV "Instance Type".
enum class Attr : std::uint8_t
{
    InstanceType,
    Vcpu,
    Memory,
    Gpu,
    GpuMemory,
    PhysicalProcessor,
    OperatingSystem,
    PreInstalledSw,
    LicenseModel,
    Tenancy,
    CapacityStatus,
    MarketOption,
    Location,
    LocationType,
    RegionCode,
    UsageType,
    ServiceCode,
    FromRegionCode,
    Count
};
inline constexpr std::size_t kAttrCount = static_cast<std::size_t>(Attr::Count);

// Attribute of a JSON attribute key exactly as AWS spells it ("instanceType"); Attr::Count for
// keys the mapping does not use.
Attr attrFromJsonKey(std::string_view key);
// Attribute of a CSV column header ("Instance Type", "vCPU", "Pre Installed S/W"), compared
// without case, spaces or punctuation; Attr::Count for other columns.
Attr attrFromCsvHeader(std::string_view header);

// One product as the reader saw it. Views stay valid until the mapper call returns.
struct ProductView
{
    std::string_view sku;
    std::string_view productFamily;
    std::array<std::string_view, kAttrCount> attrs{};
    std::uint64_t where = 0; // byte offset, line or item number of the product

    std::string_view get(Attr a) const { return attrs[static_cast<std::size_t>(a)]; }
    void set(Attr a, std::string_view v) { attrs[static_cast<std::size_t>(a)] = v; }
    void clear() { *this = ProductView{}; }
};

// One price dimension of a term (one CSV row). price is the decimal text of the single
// pricePerUnit entry, currency its key.
struct DimensionView
{
    std::string_view rateCode;
    std::string_view description;
    std::string_view unit;
    std::string_view beginRange; // "" when absent (upfront fees have none)
    std::string_view endRange;   // "Inf" or "" = unbounded
    std::string_view currency;
    std::string_view price;
    int currencyCount = 0; // entries in pricePerUnit: 1 in every published file
};

// One offer term (terms.OnDemand[SKU][SKU.CODE] or the CSV rows sharing SKU and OfferTermCode).
struct TermView
{
    std::string_view termType; // the map or TermType column: "OnDemand", "Reserved"
    std::string_view sku;
    std::string_view offerTermCode;
    std::string_view effectiveDate;
    std::string_view leaseContractLength; // termAttributes; "" when absent
    std::string_view purchaseOption;
    std::string_view offeringClass;
    std::vector<DimensionView> dims;
    std::uint64_t where = 0;

    void clear();
};

// How the mapper names a record's place in messages.
enum class WhereKind
{
    Byte, // "<name>: byte N"
    Line, // "<name>:N"
    Item, // "<name>: item N"
};

// Applies the AWS mapping rules and writes to the sink. Keeps one compact record per product SKU
// (interned strings) so terms can be joined to their product; the records of a 1 GiB EC2 file take
// a few tens of MB.
class OfferMapper
{
public:
    OfferMapper(ImportSink& sink, std::string format, std::string name, WhereKind whereKind);
    ~OfferMapper();
    OfferMapper(const OfferMapper&) = delete;
    OfferMapper& operator=(const OfferMapper&) = delete;

    // Sheet facts (top-level keys or the CSV preamble).
    void setOfferCode(std::string_view v) { m_offerCode = v; }
    void setPublicationDate(std::string_view v) { m_publicationDate = v; }
    void setVersion(std::string_view v) { m_version = v; }
    const std::string& offerCode() const { return m_offerCode; }

    // Registers a product. Returns false (and keeps the first) when the SKU is already known.
    bool addProduct(const ProductView& product);
    bool hasProduct(std::string_view sku) const;
    std::size_t productCount() const;

    // Validates one term (every price: number, sign, size, currency; errors abort the import) and
    // stores it as an Offer (instance products) or one Rate per dimension (other products), or
    // skips it with a reason. Calls sink.rowRead() once.
    Status addTerm(const TermView& term);

    // Skips (with a reason) the products no term referred to and returns the source facts with the
    // key "aws-offer:<offerCode>:<region or all>"; keyed false leaves the key empty.
    SourceFacts finish(bool keyed = true);

    // "<name>: byte N" (or ":N", ": item N") for messages.
    std::string where(std::uint64_t n) const;

private:
    class Interner;
    struct Record;

    std::uint32_t intern(std::string_view s);
    std::string_view str(std::uint32_t id) const;
    std::uint32_t reasonId(const std::string& reason);
    Status readDimensions(const TermView& term);
    Status emitRates(const Record& rec, const TermView& term, std::string_view termType);
    Status emitOffer(const Record& rec, const TermView& term);
    void skip(std::uint32_t reason, std::uint64_t at);
    void skip(const std::string& reason, std::uint64_t at);

    ImportSink& m_sink;
    std::string m_format;
    std::string m_name;
    WhereKind m_whereKind;
    std::string m_offerCode;
    std::string m_publicationDate;
    std::string m_version;

    std::unique_ptr<Interner> m_strings;
    std::unique_ptr<Interner> m_skus; // id = index into m_products
    std::vector<Record> m_products;
    std::deque<std::string> m_reasons;
    std::unordered_map<std::string_view, std::uint32_t> m_reasonIds;
    std::set<std::string> m_regions; // region codes of "AWS Region" products, for the key
    std::string m_lastSku;           // product of the previous term
    std::uint32_t m_lastSkuId = 0;
    bool m_lastSkuValid = false;

    // Scratch reused for every term (no allocation per term once warm).
    struct DimValue
    {
        double price = 0;
        double begin = 0;
        bool bounded = false;
        double end = 0;
    };
    std::vector<DimValue> m_dimValues;
    Offer m_offer;
    Rate m_rate;
    std::string m_scratch;
};

// Months of a LeaseContractLength ("1yr", "3yr", "1 yr", "3 year", "3 years"); 0 when unknown.
int leaseMonths(std::string_view lease);

} // namespace cloudcost::pricing::aws
