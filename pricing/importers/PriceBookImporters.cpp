// cloudcost's own price-book CSV: prices typed by users in a spreadsheet. The format is specified
// in docs/PRICEBOOK.md; keep the two in step.
#include "pricing/importers/PriceBookImporters.h"

#include "common/CsvReader.h"
#include "common/InputFile.h"
#include "common/Text.h"
#include "pricing/ImportSupport.h"

#include <algorithm>
#include <array>
#include <map>
#include <vector>

namespace cloudcost::pricing::pricebook {

namespace {

constexpr const char* kFormat = "cloudcost-pricebook-csv";
constexpr std::uint64_t kMaxBytes = 64ULL << 20;
constexpr std::string_view kMarker = "# cloudcost price book";
constexpr std::string_view kBom = "\xEF\xBB\xBF";

enum Column : std::size_t
{
    Provider,
    Service,
    Region,
    Zone,
    InstanceType,
    Vcpus,
    MemoryGib,
    Gpus,
    GpuModel,
    GpuMemoryGib,
    Arch,
    Os,
    LicenseModel,
    PreinstalledSoftware,
    Tenancy,
    PurchaseOptionColumn,
    TermMonths,
    PaymentOptionColumn,
    OfferingClass,
    Hourly,
    Monthly,
    Upfront,
    Currency,
    EffectiveDate,
    Sku,
    Notes,
    ColumnCount,
};

// Accepted header names, in the order of Column.
// clang-format off
constexpr std::array<std::string_view, ColumnCount> kColumnNames = {
    "provider", "service", "region", "zone", "instance_type", "vcpus", "memory_gib", "gpus",
    "gpu_model", "gpu_memory_gib", "arch", "os", "license_model", "preinstalled_software",
    "tenancy", "purchase_option", "term_months", "payment_option", "offering_class", "hourly",
    "monthly", "upfront", "currency", "effective_date", "sku", "notes"};
// clang-format on

// Header names and enum values as typed in a spreadsheet: "Instance Type", "on-demand".
std::string normaliseWord(std::string_view s)
{
    std::string out = text::toLower(text::trim(s));
    for (char& c : out) {
        if (c == ' ' || c == '-') {
            c = '_';
        }
    }
    return out;
}

std::size_t editDistance(std::string_view a, std::string_view b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string acceptedColumns()
{
    std::string out;
    for (auto name : kColumnNames) {
        out += (out.empty() ? "" : ", ") + std::string(name);
    }
    return out;
}

bool isDate(std::string_view s)
{
    if (text::isoDate(s) != s) {
        return false;
    }
    const int month = (s[5] - '0') * 10 + (s[6] - '0');
    const int day = (s[8] - '0') * 10 + (s[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// Offset of the first byte that is not valid UTF-8, or npos.
std::size_t invalidUtf8At(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = 0;
        std::uint32_t min = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            min = 0x10000;
        } else {
            return i;
        }
        if (i + len > s.size()) {
            return i;
        }
        std::uint32_t cp = c & (0x7F >> len);
        for (std::size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) {
                return i;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return i;
        }
        i += len;
    }
    return std::string_view::npos;
}

std::uint64_t lineOf(std::string_view s, std::size_t offset)
{
    std::uint64_t line = 1;
    for (std::size_t i = 0; i < offset && i < s.size(); ++i) {
        line += s[i] == '\n' ? 1 : 0;
    }
    return line;
}

// Parses and validates the cells of one row; every error names the file, line and column.
class RowParser
{
public:
    RowParser(const std::vector<std::string_view>& fields,
              const std::array<int, ColumnCount>& index,
              std::string where)
        : m_fields(fields)
        , m_index(index)
        , m_where(std::move(where))
    {}

    const std::string& where() const { return m_where; }

    std::string_view cell(Column c) const
    {
        const int i = m_index[c];
        if (i < 0 || static_cast<std::size_t>(i) >= m_fields.size()) {
            return {};
        }
        return text::trim(m_fields[static_cast<std::size_t>(i)]);
    }

    Error error(Column c, const std::string& message) const
    {
        return makeError(Error::Code::InvalidInput,
                         "column " + std::string(kColumnNames[c]) + ": " + message,
                         m_where);
    }

    Result<std::optional<double>> number(Column c, double max) const
    {
        const std::string_view s = cell(c);
        if (s.empty()) {
            return std::optional<double>();
        }
        const auto v = text::parseDouble(s);
        if (!v) {
            std::string hint;
            if (text::contains(s, ",")) {
                hint = " (use a dot as the decimal separator and no thousands separators)";
            } else if (!s.empty() && !(s.front() >= '0' && s.front() <= '9') && s.front() != '.'
                       && s.front() != '-') {
                hint = " (write the number only; units and currencies have their own columns)";
            }
            return error(c, "'" + text::printable(s, 30) + "' is not a number" + hint);
        }
        if (*v < 0) {
            return error(c, text::printable(s, 30) + " is negative");
        }
        if (*v > max) {
            return error(c, text::printable(s, 30) + " is out of range");
        }
        return std::optional<double>(*v);
    }

    Result<std::optional<double>> price(Column c) const
    {
        auto v = number(c, 1e12);
        if (v && *v) {
            const std::string what = "column " + std::string(kColumnNames[c]);
            if (auto st = checkPrice(**v, what, m_where); !st) {
                return st.error();
            }
        }
        return v;
    }

    // A value of a closed list; "" stays "" (the caller's default applies).
    Result<std::string> choice(Column c, std::initializer_list<std::string_view> allowed) const
    {
        const std::string v = normaliseWord(cell(c));
        if (v.empty()) {
            return v;
        }
        std::string list;
        for (auto a : allowed) {
            if (v == a) {
                return v;
            }
            list += (list.empty() ? "" : ", ") + std::string(a);
        }
        return error(c, "'" + text::printable(cell(c), 30) + "' is not one of " + list);
    }

private:
    const std::vector<std::string_view>& m_fields;
    const std::array<int, ColumnCount>& m_index;
    std::string m_where;
};

struct Metadata
{
    std::string source;
    std::string published;
    std::string provider;
    std::string currency;
};

std::string upper(std::string_view s)
{
    std::string out(s);
    for (char& c : out) {
        c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    return out;
}

Status validName(std::string_view value, std::string_view what, const std::string& where)
{
    for (char c : value) {
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        if (!ok) {
            return makeError(Error::Code::InvalidInput,
                             std::string(what) + " '" + text::printable(value, 40)
                                 + "' is not a name (use lower-case letters, digits, '-', '_')",
                             where);
        }
    }
    return {};
}

Status validCurrency(const std::string& code, std::string_view what, const std::string& where)
{
    if (isKnownCurrency(code)) {
        return {};
    }
    std::string hint = " (expected an ISO 4217 code such as CNY, USD, EUR)";
    if (code == "RMB") {
        hint = " (write CNY for renminbi)";
    }
    return makeError(Error::Code::InvalidInput,
                     std::string(what) + ": unknown currency '" + text::printable(code, 16) + "'"
                         + hint,
                     where);
}

// Reads "# key: value" lines; other comments are ignored.
Status readMetadataLine(std::string_view line,
                        Metadata& meta,
                        std::map<std::string, std::uint64_t>& seen,
                        std::uint64_t lineNo,
                        const std::string& name)
{
    std::string_view body = text::trim(line.substr(1));
    const auto colon = body.find(':');
    if (colon == std::string_view::npos) {
        return {};
    }
    const std::string key = normaliseWord(body.substr(0, colon));
    const std::string_view value = text::trim(body.substr(colon + 1));
    const std::string where = name + ":" + std::to_string(lineNo);
    std::string v(value);
    std::string* target = nullptr;
    if (key == "source") {
        target = &meta.source;
    } else if (key == "published") {
        target = &meta.published;
        if (!isDate(v)) {
            return makeError(Error::Code::InvalidInput,
                             "published '" + text::printable(v, 30)
                                 + "' is not a date (expected YYYY-MM-DD)",
                             where);
        }
    } else if (key == "provider") {
        target = &meta.provider;
        v = text::toLower(v);
        if (auto st = validName(v, "provider", where); !st) {
            return st;
        }
    } else if (key == "currency") {
        target = &meta.currency;
        v = upper(v);
        if (auto st = validCurrency(v, "currency", where); !st) {
            return st;
        }
    } else {
        return {};
    }
    if (const auto it = seen.find(key); it != seen.end()) {
        return makeError(Error::Code::InvalidInput,
                         "'# " + key + ":' is given twice (first on line "
                             + std::to_string(it->second) + ")",
                         where);
    }
    seen[key] = lineNo;
    *target = std::move(v);
    return {};
}

// Rewrites a CsvReader context "name:N" (N counted from the header) to the file's line.
Error shiftLine(Error e, const std::string& name, std::uint64_t offset)
{
    if (text::startsWith(e.context, name + ":")) {
        if (auto n = text::parseInt(std::string_view(e.context).substr(name.size() + 1))) {
            e.context = name + ":" + std::to_string(static_cast<std::uint64_t>(*n) + offset);
        }
    }
    return e;
}

} // namespace

int sniffPriceBook(std::string_view head)
{
    if (text::startsWith(head, kBom)) {
        head.remove_prefix(kBom.size());
    }
    std::size_t pos = 0;
    bool first = true;
    while (pos < head.size()) {
        std::size_t end = head.find('\n', pos);
        if (end == std::string_view::npos) {
            end = head.size();
        }
        const std::string_view line = text::trim(head.substr(pos, end - pos));
        pos = end + 1;
        if (line.empty()) {
            continue;
        }
        if (first && text::startsWith(text::toLower(line), kMarker)) {
            return 100;
        }
        first = false;
        if (line.front() == '#') {
            continue;
        }
        bool type = false;
        bool region = false;
        bool price = false;
        for (auto name : text::split(line, ',')) {
            const std::string n = normaliseWord(name);
            type = type || n == "instance_type";
            region = region || n == "region";
            price = price || n == "hourly" || n == "monthly" || n == "upfront";
        }
        return type && region && price ? 80 : 0;
    }
    return 0;
}

Result<PriceBookSummary> importPriceBook(const ImportRequest& request, ImportSink& sink)
{
    const std::string name =
        request.displayName.empty() ? request.path.filename().string() : request.displayName;
    auto whole = readWholeFile(request.path, kMaxBytes);
    if (!whole) {
        return whole.error();
    }
    std::string_view textView = *whole;
    if (text::startsWith(textView, kBom)) {
        textView.remove_prefix(kBom.size()); // Excel's "CSV UTF-8" starts with a BOM
    }
    if (text::trim(textView).empty()) {
        return makeError(Error::Code::InvalidInput,
                         "file is empty (expected a cloudcost price book: see docs/PRICEBOOK.md)",
                         name);
    }
    if (const auto nul = textView.find('\0'); nul != std::string_view::npos) {
        return makeError(Error::Code::ParseFailed,
                         "NUL byte in text (is this a binary file, or a sheet saved as UTF-16?)",
                         name + ":" + std::to_string(lineOf(textView, nul)));
    }
    if (const auto bad = invalidUtf8At(textView); bad != std::string_view::npos) {
        return makeError(Error::Code::InvalidInput,
                         "not UTF-8 text (save the sheet as \"CSV UTF-8\"; GBK and other "
                         "encodings are not read)",
                         name + ":" + std::to_string(lineOf(textView, bad)));
    }

    // Preamble: blank lines and '#' comments, some of them metadata, up to the header line.
    PriceBookSummary summary;
    Metadata meta;
    std::map<std::string, std::uint64_t> seenKeys;
    std::size_t pos = 0;
    std::uint64_t lineNo = 0;
    bool headerFound = false;
    bool firstLine = true;
    while (pos < textView.size()) {
        std::size_t end = textView.find('\n', pos);
        if (end == std::string_view::npos) {
            end = textView.size();
        }
        const std::string_view line = text::trim(textView.substr(pos, end - pos));
        ++lineNo;
        if (!line.empty() && line.front() != '#') {
            headerFound = true;
            break;
        }
        if (!line.empty()) {
            if (firstLine && text::startsWith(text::toLower(line), kMarker)) {
                summary.hasMarker = true;
            } else if (auto st = readMetadataLine(line, meta, seenKeys, lineNo, name); !st) {
                return st.error();
            }
            firstLine = false;
        }
        pos = end + 1;
    }
    if (!headerFound) {
        return makeError(Error::Code::InvalidInput,
                         "no header line after the comments (expected a line such as "
                         "provider,region,instance_type,hourly,currency)",
                         name);
    }
    const std::uint64_t lineOffset = lineNo - 1;
    CsvReader csv(textView.substr(pos), name);
    auto whereNow = [&] {
        return name + ":" + std::to_string(csv.line() + lineOffset);
    };
    std::vector<std::string_view> fields;
    auto more = csv.next(fields);
    if (!more) {
        return shiftLine(more.error(), name, lineOffset);
    }

    // Header.
    std::array<int, ColumnCount> index;
    index.fill(-1);
    if (fields.size() == 1 && (text::contains(fields[0], ";") || text::contains(fields[0], "\t"))) {
        return makeError(Error::Code::InvalidInput,
                         "the header is separated by semicolons or tabs; save the sheet as "
                         "comma-separated CSV",
                         whereNow());
    }
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const std::string h = normaliseWord(fields[i]);
        if (h.empty()) {
            if (i + 1 == fields.size() && i > 0) {
                continue; // a trailing comma
            }
            return makeError(Error::Code::InvalidInput,
                             "column " + std::to_string(i + 1)
                                 + " of the header has no name (accepted columns: "
                                 + acceptedColumns() + ")",
                             whereNow());
        }
        std::size_t found = ColumnCount;
        std::size_t bestDistance = 99;
        std::string_view closest;
        for (std::size_t c = 0; c < ColumnCount; ++c) {
            if (h == kColumnNames[c]) {
                found = c;
                break;
            }
            if (const auto d = editDistance(h, kColumnNames[c]); d < bestDistance) {
                bestDistance = d;
                closest = kColumnNames[c];
            }
        }
        if (found == ColumnCount) {
            const std::string suggestion =
                bestDistance <= 2 ? "did you mean " + std::string(closest) + "? " : "";
            return makeError(Error::Code::InvalidInput,
                             "unknown column '" + text::printable(fields[i], 40) + "' ("
                                 + suggestion + "accepted columns: " + acceptedColumns() + ")",
                             whereNow());
        }
        if (index[found] >= 0) {
            return makeError(Error::Code::InvalidInput,
                             "column " + std::string(kColumnNames[found]) + " appears twice",
                             whereNow());
        }
        index[found] = static_cast<int>(i);
    }
    const std::size_t headerSize = fields.size();
    std::string missing;
    auto require = [&](bool ok, std::string_view what) {
        if (!ok) {
            missing += (missing.empty() ? "" : ", ") + std::string(what);
        }
    };
    require(index[Provider] >= 0 || !meta.provider.empty(), "provider (or '# provider: NAME')");
    require(index[Region] >= 0, "region");
    require(index[InstanceType] >= 0, "instance_type");
    require(index[Hourly] >= 0 || index[Monthly] >= 0 || index[Upfront] >= 0,
            "hourly, monthly or upfront");
    require(index[Currency] >= 0 || !meta.currency.empty(), "currency (or '# currency: CODE')");
    if (!missing.empty()) {
        return makeError(Error::Code::InvalidInput,
                         "the header lacks required columns: " + missing,
                         whereNow());
    }

    // Rows.
    std::map<std::string, std::uint64_t> seenOffers; // identity -> line, to refuse duplicates
    std::string singleProvider;
    bool mixedProviders = false;
    Offer offer;
    for (;;) {
        more = csv.next(fields);
        if (!more) {
            return shiftLine(more.error(), name, lineOffset);
        }
        if (!*more) {
            break;
        }
        bool blank = true;
        for (auto f : fields) {
            blank = blank && text::trim(f).empty();
        }
        if (blank || text::startsWith(text::trim(fields[0]), "#")) {
            continue; // empty spreadsheet row or a comment
        }
        const std::string where = whereNow();
        sink.rowRead();
        for (std::size_t i = headerSize; i < fields.size(); ++i) {
            if (!text::trim(fields[i]).empty()) {
                return makeError(Error::Code::InvalidInput,
                                 "row has " + std::to_string(fields.size())
                                     + " fields but the header has " + std::to_string(headerSize)
                                     + " (a comma inside a value needs \"quotes\")",
                                 where);
            }
        }
        const RowParser row(fields, index, where);

        offer = Offer();
        const std::string provider =
            row.cell(Provider).empty() ? meta.provider : text::toLower(row.cell(Provider));
        if (provider.empty()) {
            return row.error(Provider, "empty (and no '# provider:' line gives a default)");
        }
        if (auto st = validName(provider, "column provider: value", where); !st) {
            return st.error();
        }
        offer.provider = provider;
        offer.service = std::string(row.cell(Service));
        offer.region = std::string(row.cell(Region));
        if (offer.region.empty()) {
            return row.error(Region, "empty");
        }
        offer.zone = std::string(row.cell(Zone));
        offer.instanceType = std::string(row.cell(InstanceType));
        if (offer.instanceType.empty()) {
            return row.error(InstanceType, "empty");
        }

        auto vcpus = row.number(Vcpus, 1e6);
        auto memory = row.number(MemoryGib, 1e8);
        auto gpus = row.number(Gpus, 1e6);
        auto gpuMemory = row.number(GpuMemoryGib, 1e8);
        auto hourly = row.price(Hourly);
        auto monthly = row.price(Monthly);
        auto upfront = row.price(Upfront);
        for (const auto* r : {&vcpus, &memory, &gpus, &gpuMemory, &hourly, &monthly, &upfront}) {
            if (!*r) {
                return r->error();
            }
        }
        offer.vcpus = *vcpus;
        offer.memoryGib = *memory;
        offer.gpus = *gpus;
        offer.gpuMemoryGib = *gpuMemory;
        offer.gpuModel = std::string(row.cell(GpuModel));

        const std::string arch = normaliseWord(row.cell(Arch));
        if (arch == "x86_64" || arch == "amd64" || arch == "x64") {
            offer.arch = "x86_64";
        } else if (arch == "arm64" || arch == "aarch64") {
            offer.arch = "arm64";
        } else if (!arch.empty()) {
            return row.error(Arch,
                             "'" + text::printable(row.cell(Arch), 20)
                                 + "' is not one of x86_64, arm64 (or amd64, aarch64)");
        }
        offer.os = normaliseOs(row.cell(Os));
        auto license = row.choice(LicenseModel, {"included", "byol"});
        auto tenancy = row.choice(Tenancy, {"shared", "dedicated", "host"});
        auto option =
            row.choice(PurchaseOptionColumn,
                       {"on_demand", "reserved", "savings_plan", "committed_use", "spot"});
        auto payment = row.choice(PaymentOptionColumn,
                                  {"none", "no_upfront", "partial_upfront", "all_upfront"});
        for (const auto* r : {&license, &tenancy, &option, &payment}) {
            if (!*r) {
                return r->error();
            }
        }
        offer.licenseModel = *license;
        offer.preinstalledSoftware = std::string(row.cell(PreinstalledSoftware));
        if (!tenancy->empty()) {
            offer.tenancy = *tenancy;
        }
        offer.purchaseOption =
            option->empty() ? PurchaseOption::OnDemand : *parsePurchaseOption(*option);
        const bool commitment = offer.purchaseOption == PurchaseOption::Reserved
                                || offer.purchaseOption == PurchaseOption::SavingsPlan
                                || offer.purchaseOption == PurchaseOption::CommittedUse;

        const std::string_view term = row.cell(TermMonths);
        if (!term.empty()) {
            const auto months = text::parseInt(term);
            if (!months || *months < 1 || *months > 120) {
                return row.error(TermMonths,
                                 "'" + text::printable(term, 20)
                                     + "' is not a whole number of months from 1 to 120");
            }
            if (!commitment) {
                return row.error(TermMonths,
                                 "a term is only for reserved, savings_plan or committed_use "
                                 "offers (purchase_option is "
                                     + std::string(toString(offer.purchaseOption)) + ")");
            }
            offer.termMonths = static_cast<int>(*months);
        } else if (commitment) {
            return row.error(TermMonths,
                             "empty, but a " + std::string(toString(offer.purchaseOption))
                                 + " offer needs its term in months (12, 36, ...)");
        }

        if (*hourly && *monthly) {
            return row.error(Monthly, "give hourly or monthly, not both");
        }
        if (!*hourly && !*monthly && !*upfront) {
            return makeError(Error::Code::InvalidInput,
                             "no price: fill hourly, monthly or upfront",
                             where);
        }
        // A monthly price is per 730-hour month (8760 h / 12, MODELS.md §0).
        offer.hourly = *hourly ? **hourly : *monthly ? **monthly / kHoursPerMonth : 0.0;
        offer.upfront = upfront->value_or(0.0);
        if (*upfront && !commitment) {
            return row.error(Upfront,
                             "an upfront fee needs a commitment: set purchase_option (reserved, "
                             "savings_plan, committed_use) and term_months");
        }
        if (commitment) {
            if (payment->empty() || *payment == "none") {
                // Inferred from the prices: only upfront = all, both = partial, only hourly = no.
                offer.paymentOption = offer.upfront > 0 && offer.hourly == 0
                                          ? PaymentOption::AllUpfront
                                      : offer.upfront > 0 ? PaymentOption::PartialUpfront
                                                          : PaymentOption::NoUpfront;
            } else {
                offer.paymentOption = *parsePaymentOption(*payment);
            }
        } else if (!payment->empty() && *payment != "none") {
            return row.error(PaymentOptionColumn,
                             "a payment option is only for commitments (purchase_option is "
                                 + std::string(toString(offer.purchaseOption)) + ")");
        }
        offer.offeringClass = normaliseWord(row.cell(OfferingClass));

        std::string currency = upper(row.cell(Currency));
        if (currency.empty()) {
            currency = meta.currency;
        }
        if (currency.empty()) {
            return row.error(Currency, "empty (and no '# currency:' line gives a default)");
        }
        if (auto st = validCurrency(currency, "column currency", where); !st) {
            return st.error();
        }
        offer.currency = currency;
        const std::string_view date = row.cell(EffectiveDate);
        if (!date.empty() && !isDate(date)) {
            return row.error(EffectiveDate,
                             "'" + text::printable(date, 30)
                                 + "' is not a date (expected YYYY-MM-DD)");
        }
        offer.effectiveDate = date.empty() ? meta.published : std::string(date);
        offer.sku = std::string(row.cell(Sku));

        if (auto st = validateOffer(offer, where); !st) {
            return st.error();
        }
        std::string identity =
            offer.provider + '\x1f' + offer.service + '\x1f' + offer.region + '\x1f' + offer.zone
            + '\x1f' + offer.instanceType + '\x1f' + offer.os + '\x1f' + offer.licenseModel + '\x1f'
            + offer.preinstalledSoftware + '\x1f' + offer.tenancy + '\x1f'
            + std::string(toString(offer.purchaseOption)) + '\x1f'
            + std::to_string(offer.termMonths) + '\x1f' + std::string(toString(offer.paymentOption))
            + '\x1f' + offer.offeringClass + '\x1f' + offer.effectiveDate + '\x1f' + offer.sku;
        const auto [it, inserted] =
            seenOffers.emplace(std::move(identity), csv.line() + lineOffset);
        if (!inserted) {
            return makeError(Error::Code::InvalidInput,
                             "the same offer as line " + std::to_string(it->second)
                                 + " (two prices for one thing; change a column such as sku or "
                                   "effective_date if both are meant)",
                             where);
        }
        if (auto st = sink.addOffer(offer); !st) {
            return st.error();
        }
        ++summary.offers;
        if (singleProvider.empty()) {
            singleProvider = offer.provider;
        } else if (singleProvider != offer.provider) {
            mixedProviders = true;
        }
    }

    summary.source = meta.source;
    summary.facts.format = kFormat;
    summary.facts.provider = !meta.provider.empty() ? meta.provider
                             : mixedProviders       ? std::string()
                                                    : singleProvider;
    summary.facts.publishedAt = meta.published;
    // Empty key: a price book is identified by its file name (format + file name).
    return summary;
}

} // namespace cloudcost::pricing::pricebook

namespace cloudcost::pricing {

namespace {

Result<SourceFacts> runPriceBook(const ImportRequest& request, ImportSink& sink)
{
    auto summary = pricebook::importPriceBook(request, sink);
    if (!summary) {
        return summary.error();
    }
    return std::move(summary->facts);
}

} // namespace

void registerPriceBookImporters(std::vector<ImporterInfo>& out)
{
    out.push_back(
        {"cloudcost-pricebook-csv",
         "cloudcost price book CSV: prices typed by hand (on-prem, private cloud, "
         "negotiated rates, Tencent, Huawei); see docs/PRICEBOOK.md",
         [](std::string_view head, std::string_view) { return pricebook::sniffPriceBook(head); },
         runPriceBook});
}

} // namespace cloudcost::pricing
