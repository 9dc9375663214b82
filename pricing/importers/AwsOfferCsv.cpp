#include "common/CsvReader.h"
#include "common/InputFile.h"
#include "common/Text.h"
#include "pricing/importers/AwsOfferFile.h"
#include "pricing/importers/AwsOfferModel.h"

#include <array>
#include <functional>
#include <unordered_set>
#include <vector>

// The bulk offer file in CSV (README §3): preamble lines FormatVersion, Disclaimer, Publication
// Date, Version, OfferCode; then a header; then one row per price dimension. Columns are found by
// header name (their set and order change per service and publication). The rows of one term
// (SKU + OfferTermCode + TermType) are adjacent: they are grouped into one term for the mapper.
namespace cloudcost::pricing::aws {

namespace {

enum Column : std::size_t
{
    ColSku,
    ColOfferTermCode,
    ColRateCode,
    ColTermType,
    ColPriceDescription,
    ColEffectiveDate,
    ColStartingRange,
    ColEndingRange,
    ColUnit,
    ColPricePerUnit,
    ColCurrency,
    ColLeaseContractLength,
    ColPurchaseOption,
    ColOfferingClass,
    ColProductFamily,
    ColumnCount
};

constexpr std::array<std::string_view, ColumnCount> kColumnNames = {
    "SKU",
    "OfferTermCode",
    "RateCode",
    "TermType",
    "PriceDescription",
    "EffectiveDate",
    "StartingRange",
    "EndingRange",
    "Unit",
    "PricePerUnit",
    "Currency",
    "LeaseContractLength",
    "PurchaseOption",
    "OfferingClass",
    "Product Family",
};
constexpr std::array kRequired =
    {ColSku, ColOfferTermCode, ColTermType, ColUnit, ColPricePerUnit, ColCurrency};
constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// One price dimension copied out of the reader (its views die at the next row).
struct OwnedDimension
{
    std::string rateCode;
    std::string description;
    std::string unit;
    std::string beginRange;
    std::string endRange;
    std::string currency;
    std::string price;
};

class OfferCsvReader
{
public:
    OfferCsvReader(const ImportRequest& request, ImportSink& sink)
        : m_request(request)
        , m_name(request.displayName.empty() ? request.path.filename().string()
                                             : request.displayName)
        , m_mapper(sink, "aws-offer-csv", m_name, WhereKind::Line)
    {
        m_columns.fill(kNone);
        m_attrColumns.fill(kNone);
    }

    Result<SourceFacts> run()
    {
        auto file = InputFile::open(m_request.path);
        if (!file) {
            return file.error();
        }
        CsvReader csv(*file, m_name);
        if (auto st = readPreamble(csv); !st) {
            return st.error();
        }
        std::vector<std::string_view> f;
        std::uint64_t rows = 0;
        for (;;) {
            auto more = csv.next(f);
            if (!more) {
                return more.error();
            }
            if (!*more) {
                break;
            }
            if (f.size() == 1 && f[0].empty()) {
                continue; // blank line
            }
            if (f.size() != m_headerSize) {
                return makeError(Error::Code::InvalidInput,
                                 "row has " + std::to_string(f.size())
                                     + " fields but the header has " + std::to_string(m_headerSize),
                                 csv.where());
            }
            if (auto st = row(f, csv.line()); !st) {
                return st.error();
            }
            if ((++rows & 0xFFF) == 0 && m_request.progress) {
                if (m_request.progress->cancelled()) {
                    return makeError(Error::Code::Cancelled, "import cancelled", m_name);
                }
                m_request.progress->progress(csv.bytesConsumed(), file->size());
            }
        }
        if (auto st = flush(); !st) {
            return st.error();
        }
        if (m_request.progress) {
            m_request.progress->progress(file->size(), file->size());
        }
        return m_mapper.finish();
    }

private:
    Status readPreamble(CsvReader& csv)
    {
        std::vector<std::string_view> f;
        for (int line = 0;; ++line) {
            auto more = csv.next(f);
            if (!more) {
                return more.error();
            }
            if (!*more) {
                return makeError(Error::Code::InvalidInput,
                                 line == 0 ? "file is empty (expected an AWS Price List CSV)"
                                           : "the file ends before the header line (SKU,...)",
                                 m_name);
            }
            if (line == 0 && !f.empty() && text::startsWith(f[0], "\xEF\xBB\xBF")) {
                f[0].remove_prefix(3); // UTF-8 byte order mark
            }
            if (line == 0 && (f.size() < 2 || f[0] != "FormatVersion")) {
                return makeError(Error::Code::InvalidInput,
                                 "not an AWS Price List CSV: the first line should be "
                                 "\"FormatVersion\",\"v1.0\"",
                                 csv.where());
            }
            if (!f.empty() && f[0] == "SKU") {
                return readHeader(f, csv);
            }
            if (line >= 10 || f.size() < 2) {
                return makeError(Error::Code::InvalidInput,
                                 "expected the preamble (FormatVersion, Disclaimer, Publication "
                                 "Date, Version, OfferCode) and then the header line starting "
                                 "with SKU",
                                 csv.where());
            }
            const std::string_view key = f[0];
            const std::string_view value = text::trim(f[1]);
            if (key == "FormatVersion") {
                if (!text::startsWith(value, "v1.")) {
                    return makeError(Error::Code::Unsupported,
                                     "unsupported FormatVersion '" + text::printable(value, 20)
                                         + "' (expected v1.0)",
                                     csv.where());
                }
            } else if (key == "Publication Date") {
                m_mapper.setPublicationDate(value);
            } else if (key == "Version") {
                m_mapper.setVersion(value);
            } else if (key == "OfferCode") {
                if (text::contains(value, "SavingsPlan")) {
                    return makeError(Error::Code::Unsupported,
                                     "this is a Savings Plans offer file ('"
                                         + text::printable(value, 40)
                                         + "'); read it with the aws-savings-plan-csv format",
                                     csv.where());
                }
                m_mapper.setOfferCode(value);
            }
        }
    }

    Status readHeader(const std::vector<std::string_view>& f, const CsvReader& csv)
    {
        m_headerSize = f.size();
        for (std::size_t i = 0; i < f.size(); ++i) {
            const std::string_view h = text::trim(f[i]);
            bool core = false;
            for (std::size_t c = 0; c < ColumnCount; ++c) {
                if (h == kColumnNames[c]) {
                    m_columns[c] = i;
                    core = true;
                }
            }
            if (!core) {
                const Attr a = attrFromCsvHeader(h);
                if (a != Attr::Count && m_attrColumns[static_cast<std::size_t>(a)] == kNone) {
                    m_attrColumns[static_cast<std::size_t>(a)] = i;
                }
            }
        }
        for (std::size_t c : kRequired) {
            if (m_columns[c] == kNone) {
                return makeError(Error::Code::InvalidInput,
                                 "the header has no " + std::string(kColumnNames[c])
                                     + " column (not an AWS Price List offer CSV?)",
                                 csv.where());
            }
        }
        if (m_mapper.offerCode().empty()) {
            return makeError(Error::Code::InvalidInput,
                             "the preamble has no OfferCode line",
                             csv.where());
        }
        return {};
    }

    std::string_view field(const std::vector<std::string_view>& f, Column c) const
    {
        return m_columns[c] == kNone ? std::string_view() : f[m_columns[c]];
    }

    Status row(const std::vector<std::string_view>& f, std::uint64_t line)
    {
        const std::string_view sku = text::trim(field(f, ColSku));
        if (!m_mapper.hasProduct(sku)) {
            ProductView p;
            p.sku = sku;
            p.productFamily = field(f, ColProductFamily);
            p.where = line;
            for (std::size_t a = 0; a < kAttrCount; ++a) {
                if (m_attrColumns[a] != kNone) {
                    p.attrs[a] = f[m_attrColumns[a]];
                }
            }
            m_mapper.addProduct(p);
        }
        const std::string_view otc = text::trim(field(f, ColOfferTermCode));
        const std::string_view termType = text::trim(field(f, ColTermType));
        const bool same =
            m_pending && sku == m_sku && otc == m_offerTermCode && termType == m_termType;
        if (!same) {
            if (auto st = flush(); !st) {
                return st;
            }
            // A term whose rows are not adjacent would be split into two wrong offers.
            const std::size_t key = termKey(sku, otc, termType);
            if (!m_flushed.insert(key).second) {
                return makeError(Error::Code::InvalidInput,
                                 "the rows of term " + text::printable(sku, 30) + "."
                                     + text::printable(otc, 20)
                                     + " are not adjacent (the file is not in AWS's order)",
                                 m_mapper.where(line));
            }
            m_pending = true;
            m_line = line;
            m_sku.assign(sku);
            m_offerTermCode.assign(otc);
            m_termType.assign(termType);
            m_effectiveDate.assign(field(f, ColEffectiveDate));
            m_lease.assign(field(f, ColLeaseContractLength));
            m_purchaseOption.assign(field(f, ColPurchaseOption));
            m_offeringClass.assign(field(f, ColOfferingClass));
            m_dimCount = 0;
        }
        if (m_dimCount == m_dims.size()) {
            m_dims.emplace_back();
        }
        OwnedDimension& d = m_dims[m_dimCount++];
        d.rateCode.assign(field(f, ColRateCode));
        d.description.assign(field(f, ColPriceDescription));
        d.unit.assign(field(f, ColUnit));
        d.beginRange.assign(field(f, ColStartingRange));
        d.endRange.assign(field(f, ColEndingRange));
        d.currency.assign(text::trim(field(f, ColCurrency)));
        d.price.assign(field(f, ColPricePerUnit));
        return {};
    }

    static std::size_t termKey(std::string_view sku, std::string_view otc, std::string_view type)
    {
        const std::hash<std::string_view> h;
        std::size_t k = h(sku);
        k ^= h(otc) + 0x9e3779b97f4a7c15ULL + (k << 6) + (k >> 2);
        k ^= h(type) + 0x9e3779b97f4a7c15ULL + (k << 6) + (k >> 2);
        return k;
    }

    Status flush()
    {
        if (!m_pending) {
            return {};
        }
        m_pending = false;
        m_term.clear();
        m_term.termType = m_termType;
        m_term.sku = m_sku;
        m_term.offerTermCode = m_offerTermCode;
        m_term.effectiveDate = m_effectiveDate;
        m_term.leaseContractLength = m_lease;
        m_term.purchaseOption = m_purchaseOption;
        m_term.offeringClass = m_offeringClass;
        m_term.where = m_line;
        for (std::size_t i = 0; i < m_dimCount; ++i) {
            const OwnedDimension& o = m_dims[i];
            DimensionView& d = m_term.dims.emplace_back();
            d.rateCode = o.rateCode;
            d.description = o.description;
            d.unit = o.unit;
            d.beginRange = o.beginRange;
            d.endRange = o.endRange;
            d.currency = o.currency;
            d.price = o.price;
            d.currencyCount = 1;
        }
        return m_mapper.addTerm(m_term);
    }

    const ImportRequest& m_request;
    std::string m_name;
    OfferMapper m_mapper;
    std::array<std::size_t, ColumnCount> m_columns{};
    std::array<std::size_t, kAttrCount> m_attrColumns{};
    std::size_t m_headerSize = 0;

    // The term being collected.
    bool m_pending = false;
    std::uint64_t m_line = 0;
    std::string m_sku;
    std::string m_offerTermCode;
    std::string m_termType;
    std::string m_effectiveDate;
    std::string m_lease;
    std::string m_purchaseOption;
    std::string m_offeringClass;
    std::vector<OwnedDimension> m_dims;
    std::size_t m_dimCount = 0;
    TermView m_term;
    std::unordered_set<std::size_t> m_flushed;
};

} // namespace

Result<SourceFacts> importOfferCsv(const ImportRequest& request, ImportSink& sink)
{
    OfferCsvReader reader(request, sink);
    return reader.run();
}

} // namespace cloudcost::pricing::aws
