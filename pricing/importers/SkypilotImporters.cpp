// SkyPilot-style vms.csv catalogs (any cloud). Format and quirks: section 1 of
// data/multicloud/README.md in the shared data (SkyPilot's catalog format as published in
// skypilot-org/skypilot-catalog and anycloud-sh/catalog).
#include "pricing/importers/SkypilotImporters.h"

#include "common/CsvReader.h"
#include "common/InputFile.h"
#include "common/Text.h"
#include "pricing/ImportSupport.h"

#include <cmath>
#include <unordered_map>
#include <vector>

namespace cloudcost::pricing::skypilot {

namespace {

constexpr const char* kFormat = "skypilot-vms-csv";
constexpr std::size_t kProgressEvery = 8192;
constexpr int kMaxLiteralDepth = 32;

// Clouds SkyPilot publishes catalogs for; a file-name prefix must be one of them.
constexpr std::string_view kKnownClouds =
    " aws azure gcp lambda vast oci ibm runpod fluidstack cudo "
    "paperspace do nebius hyperbolic scp vsphere kubernetes "
    "seeweb primeintellect ";

// A lenient reader of Python literals (dict, list, tuple, str, int, float, None, True, False) as
// SkyPilot writes GpuInfo with repr(): single quotes, not JSON. It only validates the structure
// and picks one top-level number; depth is bounded so hostile input cannot exhaust the stack.
class PyLiteral
{
public:
    explicit PyLiteral(std::string_view s)
        : m_s(s)
    {}

    std::optional<double> topLevelNumber(std::string_view key)
    {
        skipSpace();
        std::optional<double> found;
        if (!parseDict(0, key, &found)) {
            return std::nullopt;
        }
        skipSpace();
        return m_i == m_s.size() ? found : std::nullopt;
    }

private:
    void skipSpace()
    {
        while (m_i < m_s.size()
               && (m_s[m_i] == ' ' || m_s[m_i] == '\t' || m_s[m_i] == '\n' || m_s[m_i] == '\r')) {
            ++m_i;
        }
    }
    bool eat(char c)
    {
        skipSpace();
        if (m_i < m_s.size() && m_s[m_i] == c) {
            ++m_i;
            return true;
        }
        return false;
    }
    bool parseString(std::string* out)
    {
        skipSpace();
        if (m_i >= m_s.size() || (m_s[m_i] != '\'' && m_s[m_i] != '"')) {
            return false;
        }
        const char quote = m_s[m_i++];
        while (m_i < m_s.size()) {
            const char c = m_s[m_i++];
            if (c == '\\') {
                if (m_i >= m_s.size()) {
                    return false;
                }
                if (out) {
                    out->push_back(m_s[m_i]);
                }
                ++m_i;
                continue;
            }
            if (c == quote) {
                return true;
            }
            if (out) {
                out->push_back(c);
            }
        }
        return false;
    }
    bool parseNumber(double* out)
    {
        skipSpace();
        const std::size_t start = m_i;
        while (m_i < m_s.size()
               && ((m_s[m_i] >= '0' && m_s[m_i] <= '9') || m_s[m_i] == '.' || m_s[m_i] == '-'
                   || m_s[m_i] == '+' || m_s[m_i] == 'e' || m_s[m_i] == 'E')) {
            ++m_i;
        }
        const auto v = text::parseDouble(m_s.substr(start, m_i - start));
        if (!v) {
            return false;
        }
        *out = *v;
        return true;
    }
    bool parseWord()
    {
        skipSpace();
        for (std::string_view word : {"None", "True", "False"}) {
            if (m_s.substr(m_i, word.size()) == word) {
                m_i += word.size();
                return true;
            }
        }
        return false;
    }
    bool parseSequence(int depth, char close)
    {
        if (eat(close)) {
            return true;
        }
        for (;;) {
            if (!parseValue(depth + 1, nullptr)) {
                return false;
            }
            if (eat(close)) {
                return true;
            }
            if (!eat(',')) {
                return false;
            }
            if (eat(close)) {
                return true; // trailing comma
            }
        }
    }
    // Parses a dict; when found is set, stores the number under key (top level only).
    bool parseDict(int depth, std::string_view key, std::optional<double>* found)
    {
        if (depth > kMaxLiteralDepth || !eat('{')) {
            return false;
        }
        if (eat('}')) {
            return true;
        }
        std::string name;
        for (;;) {
            name.clear();
            double ignored = 0;
            skipSpace();
            if (m_i < m_s.size() && (m_s[m_i] == '\'' || m_s[m_i] == '"')) {
                if (!parseString(&name)) {
                    return false;
                }
            } else if (!parseNumber(&ignored)) {
                return false;
            }
            if (!eat(':')) {
                return false;
            }
            double number = 0;
            skipSpace();
            const bool wanted = found && name == key;
            if (wanted && m_i < m_s.size() && m_s[m_i] != '{' && m_s[m_i] != '[' && m_s[m_i] != '('
                && m_s[m_i] != '\'' && m_s[m_i] != '"' && parseNumber(&number)) {
                *found = number;
            } else if (!parseValue(depth + 1, nullptr)) {
                return false;
            }
            if (eat('}')) {
                return true;
            }
            if (!eat(',')) {
                return false;
            }
            if (eat('}')) {
                return true;
            }
        }
    }
    bool parseValue(int depth, std::optional<double>*)
    {
        if (depth > kMaxLiteralDepth) {
            return false;
        }
        skipSpace();
        if (m_i >= m_s.size()) {
            return false;
        }
        const char c = m_s[m_i];
        if (c == '{') {
            return parseDict(depth, {}, nullptr);
        }
        if (c == '[' || c == '(') {
            ++m_i;
            return parseSequence(depth, c == '[' ? ']' : ')');
        }
        if (c == '\'' || c == '"') {
            return parseString(nullptr);
        }
        if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
            double ignored = 0;
            return parseNumber(&ignored);
        }
        return parseWord();
    }

    std::string_view m_s;
    std::size_t m_i = 0;
};

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// "1x-RTX_5090-32-65536" (Vast: count x model - vCPUs - MiB).
bool looksVast(std::string_view t)
{
    std::size_t i = 0;
    while (i < t.size() && isDigit(t[i])) {
        ++i;
    }
    return i > 0 && text::startsWith(t.substr(i), "x-");
}

// "gpu_1x_h100_pcie", "cpu_4x_generalx" (Lambda).
bool looksLambda(std::string_view t)
{
    if (!text::startsWith(t, "gpu_") && !text::startsWith(t, "cpu_")) {
        return false;
    }
    t.remove_prefix(4);
    std::size_t i = 0;
    while (i < t.size() && isDigit(t[i])) {
        ++i;
    }
    return i > 0 && text::startsWith(t.substr(i), "x_");
}

bool isLowerAlnumOrDash(char c)
{
    return (c >= 'a' && c <= 'z') || isDigit(c) || c == '-';
}

// Header shapes of the README's table; only these four are unique to one cloud (Vast's is the
// generic shape other clouds share).
std::string providerFromHeader(const std::vector<std::string>& names)
{
    std::string joined;
    for (const auto& n : names) {
        joined += (joined.empty() ? "" : ",") + n;
    }
    if (joined
        == "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Price,SpotPrice,"
           "Region,AvailabilityZone") {
        return "aws";
    }
    if (joined
        == "InstanceType,vCPUs,MemoryGiB,AcceleratorName,AcceleratorCount,GpuInfo,Region,"
           "AvailabilityZone,Price,SpotPrice") {
        return "gcp";
    }
    if (joined
        == "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Price,SpotPrice,"
           "Region,Generation") {
        return "azure";
    }
    if (joined
        == "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,"
           "SpotPrice") {
        return "lambda";
    }
    return {};
}

std::string serviceOf(std::string_view provider)
{
    if (provider == "aws") {
        return "AmazonEC2";
    }
    if (provider == "azure") {
        return "Virtual Machines";
    }
    if (provider == "gcp") {
        return "Compute Engine";
    }
    return {};
}

// First YYYY-MM-DD with a plausible month and day in s, or "".
std::string dateIn(std::string_view s)
{
    for (std::size_t i = 0; i + 10 <= s.size(); ++i) {
        const std::string date = text::isoDate(s.substr(i, 10));
        if (date.empty() || (i + 10 < s.size() && isDigit(s[i + 10]))
            || (i > 0 && isDigit(s[i - 1]))) {
            continue;
        }
        const int month = (date[5] - '0') * 10 + (date[6] - '0');
        const int day = (date[8] - '0') * 10 + (date[9] - '0');
        if (month >= 1 && month <= 12 && day >= 1 && day <= 31) {
            return date;
        }
    }
    return {};
}

struct Columns
{
    int instanceType = -1;
    int acceleratorName = -1;
    int acceleratorCount = -1;
    int vcpus = -1;
    int memoryGib = -1;
    int gpuInfo = -1;
    int price = -1;
    int spotPrice = -1;
    int region = -1;
    int zone = -1;
    int generation = -1;
};

// Accelerator-only rows (GCP): a price per accelerator, stored once per name, region and term.
struct AcceleratorKey
{
    std::string name;
    std::string region;
    bool spot = false;
    bool operator==(const AcceleratorKey&) const = default;
};
struct AcceleratorKeyHash
{
    std::size_t operator()(const AcceleratorKey& k) const
    {
        return std::hash<std::string>()(k.name) * 31 + std::hash<std::string>()(k.region) * 7
               + (k.spot ? 1 : 0);
    }
};

constexpr const char* kSkipFieldCount = "row has a different number of fields than the header";
constexpr const char* kSkipNoPrice =
    "no price (Price empty or 0.0: SkyPilot's marker for an unknown price)";
constexpr const char* kSkipNoOnDemand =
    "no on-demand price (Price empty or 0.0); the spot offer is stored";
constexpr const char* kSkipSpotZero =
    "spot price 0.00 (no spot market data); the on-demand offer is stored";
constexpr const char* kSkipNoType = "row without InstanceType that is not an accelerator price";
constexpr const char* kSkipAcceleratorNoCount = "accelerator row without a positive count";
constexpr const char* kSkipAcceleratorRepeat =
    "accelerator price repeated for another zone or count of the same region";

} // namespace

std::optional<double> gpuInfoTotalMemoryMib(std::string_view gpuInfo)
{
    gpuInfo = text::trim(gpuInfo);
    if (gpuInfo.empty() || gpuInfo.front() != '{') {
        return std::nullopt;
    }
    auto v = PyLiteral(gpuInfo).topLevelNumber("TotalGpuMemoryInMiB");
    if (v && (!std::isfinite(*v) || *v < 0)) {
        return std::nullopt;
    }
    return v;
}

std::string providerFromFileName(std::string_view fileName)
{
    const std::string lower = text::toLower(fileName);
    const std::size_t end = lower.find_first_of("_-.");
    const std::string_view prefix = std::string_view(lower).substr(0, end);
    if (prefix.empty() || text::contains(prefix, " ")
        || !text::contains(kKnownClouds, " " + std::string(prefix) + " ")) {
        return {};
    }
    return std::string(prefix);
}

std::string providerFromInstanceType(std::string_view t)
{
    t = text::trim(t);
    if (t.empty()) {
        return {};
    }
    if (text::startsWith(t, "Standard_") || text::startsWith(t, "Basic_")) {
        return "azure";
    }
    if (looksLambda(t)) {
        return "lambda";
    }
    if (looksVast(t)) {
        return "vast";
    }
    // a1.2xlarge, p4d.24xlarge, u-6tb1.metal: lower case, one dot.
    const auto dot = t.find('.');
    bool lowerOnly = true;
    for (char c : t) {
        lowerOnly = lowerOnly && (isLowerAlnumOrDash(c) || c == '.');
    }
    if (lowerOnly && dot != std::string_view::npos && dot > 0 && dot + 1 < t.size()
        && t.find('.', dot + 1) == std::string_view::npos && t.front() >= 'a' && t.front() <= 'z') {
        return "aws";
    }
    // n2-standard-8, e2-micro, a2-highgpu-1g: lower case words joined by dashes.
    if (lowerOnly && dot == std::string_view::npos && t.find('-') != std::string_view::npos
        && t.front() >= 'a' && t.front() <= 'z') {
        return "gcp";
    }
    return {};
}

Result<VmsCsvSummary> importVmsCsv(const ImportRequest& request, ImportSink& sink)
{
    const std::string name =
        request.displayName.empty() ? request.path.filename().string() : request.displayName;
    auto file = InputFile::open(request.path);
    if (!file) {
        return file.error();
    }
    const std::uint64_t fileSize = file->size();
    if (fileSize == 0) {
        return makeError(Error::Code::InvalidInput,
                         "file is empty (expected a SkyPilot vms.csv with a header line)",
                         name);
    }
    CsvReader csv(*file, name);
    std::vector<std::string_view> fields;
    fields.reserve(16);
    auto more = csv.next(fields);
    if (!more) {
        return more.error();
    }
    if (!*more) {
        return makeError(Error::Code::InvalidInput, "file is empty", name);
    }

    // Header: map columns by name (their order differs per cloud).
    std::vector<std::string> header;
    Columns col;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        std::string_view h = text::trim(fields[i]);
        if (i == 0 && text::startsWith(h, "\xEF\xBB\xBF")) {
            h.remove_prefix(3);
        }
        header.emplace_back(h);
        const std::pair<std::string_view, int*> known[] = {
            {"InstanceType", &col.instanceType},
            {"AcceleratorName", &col.acceleratorName},
            {"AcceleratorCount", &col.acceleratorCount},
            {"vCPUs", &col.vcpus},
            {"MemoryGiB", &col.memoryGib},
            {"GpuInfo", &col.gpuInfo},
            {"Price", &col.price},
            {"SpotPrice", &col.spotPrice},
            {"Region", &col.region},
            {"AvailabilityZone", &col.zone},
            {"Generation", &col.generation},
        };
        for (const auto& [columnName, index] : known) {
            if (h == columnName) {
                if (*index >= 0) {
                    return makeError(Error::Code::InvalidInput,
                                     "column " + std::string(columnName) + " appears twice",
                                     csv.where());
                }
                *index = static_cast<int>(i);
            }
        }
    }
    for (const auto& [columnName, index] : {std::pair{"InstanceType", col.instanceType},
                                            std::pair{"Price", col.price},
                                            std::pair{"Region", col.region}}) {
        if (index < 0) {
            std::string found;
            for (const auto& h : header) {
                found += (found.empty() ? "" : ",") + text::printable(h, 30);
            }
            return makeError(Error::Code::InvalidInput,
                             std::string("not a SkyPilot vms.csv: the header has no ") + columnName
                                 + " column (found: " + text::printable(found, 200) + ")",
                             csv.where());
        }
    }
    const std::size_t headerCount = header.size();
    const bool generationLast =
        col.generation >= 0 && static_cast<std::size_t>(col.generation) == headerCount - 1;

    // Provider: parameter, file name (or the folder of a plain vms.csv), then content.
    VmsCsvSummary summary;
    std::string provider;
    for (const auto& [k, v] : request.params) {
        if (text::iequals(k, "provider")) {
            provider = text::toLower(text::trim(v));
            summary.providerFrom = "parameter";
        }
    }
    for (char c : provider) {
        if (!isLowerAlnumOrDash(c) && c != '_' && c != '.') {
            return makeError(Error::Code::InvalidInput,
                             "provider '" + text::printable(provider, 40)
                                 + "' is not a name (use letters, digits, '-', '_')",
                             name);
        }
    }
    if (provider.empty()) {
        provider = providerFromFileName(name);
        if (provider.empty() && text::iequals(request.path.filename().string(), "vms.csv")) {
            provider = providerFromFileName(request.path.parent_path().filename().string());
        }
        if (!provider.empty()) {
            summary.providerFrom = "file name";
        }
    }
    more = csv.next(fields);
    if (!more) {
        return more.error();
    }
    bool pending = *more; // the first data row, read ahead to look at its instance type
    if (provider.empty()) {
        const std::string byHeader = providerFromHeader(header);
        std::string byType;
        if (pending && col.instanceType < static_cast<int>(fields.size())) {
            byType = providerFromInstanceType(fields[static_cast<std::size_t>(col.instanceType)]);
        }
        // GCP-like names (words joined by dashes) are common; trust them only with GCP's header.
        if (byType == "gcp" && byHeader != "gcp") {
            byType.clear();
        }
        if (!byType.empty() && (byHeader.empty() || byHeader == byType)) {
            provider = byType;
        } else if (byType.empty() && byHeader == "gcp") {
            provider = byHeader; // a first row without a type is a GCP accelerator row
        }
        if (provider.empty()) {
            return makeError(Error::Code::InvalidInput,
                             "cannot tell which cloud this SkyPilot catalog is for (the file name "
                             "does not start with one and the content is ambiguous); pass --param "
                             "provider=NAME (aws, azure, gcp, lambda, vast, ...)",
                             name);
        }
        summary.providerFrom = "file content";
    }

    std::string effectiveDate;
    for (const auto& [k, v] : request.params) {
        if (text::iequals(k, "date")) {
            effectiveDate = std::string(text::trim(v));
            if (text::isoDate(effectiveDate) != effectiveDate) {
                return makeError(Error::Code::InvalidInput,
                                 "parameter date='" + text::printable(effectiveDate, 30)
                                     + "' is not a date (expected YYYY-MM-DD)",
                                 name);
            }
        }
    }
    if (effectiveDate.empty()) {
        effectiveDate = dateIn(name);
    }

    // One Offer and one Rate are reused for every row: assigning strings keeps their capacity.
    Offer offer;
    offer.provider = provider;
    offer.service = serviceOf(provider);
    offer.os = "linux"; // SkyPilot prices are Linux, without licences (README)
    offer.currency = "USD";
    offer.effectiveDate = effectiveDate;
    Rate rate;
    rate.provider = provider;
    rate.service = offer.service;
    rate.productFamily = "Accelerator";
    rate.unit = "Hrs";
    rate.currency = "USD";
    rate.effectiveDate = effectiveDate;
    std::unordered_map<AcceleratorKey, double, AcceleratorKeyHash> acceleratorPrices;
    AcceleratorKey lookup;

    auto field = [&](int index) -> std::string_view {
        return index < 0 ? std::string_view() : text::trim(fields[static_cast<std::size_t>(index)]);
    };
    auto number = [&](int index, const char* column) -> Result<std::optional<double>> {
        const std::string_view s = field(index);
        if (s.empty()) {
            return std::optional<double>();
        }
        const auto v = text::parseDouble(s);
        if (!v) {
            return makeError(Error::Code::InvalidInput,
                             std::string(column) + " '" + text::printable(s, 30)
                                 + "' is not a number",
                             csv.where());
        }
        return std::optional<double>(*v);
    };
    auto priceField = [&](int index, const char* column) -> Result<std::optional<double>> {
        auto v = number(index, column);
        if (v && *v) {
            if (auto st = checkPrice(**v, column, csv.where()); !st) {
                return st.error();
            }
        }
        return v;
    };

    std::uint64_t rows = 0;
    for (;;) {
        if (!pending) {
            more = csv.next(fields);
            if (!more) {
                return more.error();
            }
            if (!*more) {
                break;
            }
        }
        pending = false;
        if (fields.size() == 1 && text::trim(fields[0]).empty()) {
            continue; // blank line
        }
        if (++rows % kProgressEvery == 0 && request.progress) {
            request.progress->progress(csv.bytesConsumed(), fileSize);
            if (request.progress->cancelled()) {
                return makeError(Error::Code::Cancelled, "import cancelled", csv.where());
            }
        }
        sink.rowRead();
        if (fields.size() != headerCount) {
            // Azure writes a size that supports both Hyper-V generations as unquoted "V1,V2"
            // (README): the extra fields continue the last column, Generation.
            bool recoverable = generationLast && fields.size() > headerCount;
            for (std::size_t i = headerCount; recoverable && i < fields.size(); ++i) {
                const std::string_view g = text::trim(fields[i]);
                recoverable = g.size() >= 2 && g[0] == 'V' && text::parseInt(g.substr(1));
            }
            if (!recoverable) {
                sink.skip(kSkipFieldCount, csv.where());
                continue;
            }
            ++summary.recoveredGenerationRows;
        }

        auto vcpus = number(col.vcpus, "vCPUs");
        auto memory = number(col.memoryGib, "MemoryGiB");
        auto count = number(col.acceleratorCount, "AcceleratorCount");
        auto price = priceField(col.price, "Price");
        auto spot = priceField(col.spotPrice, "SpotPrice");
        for (const auto* r : {&vcpus, &memory, &count, &price, &spot}) {
            if (!*r) {
                return r->error();
            }
        }
        const std::string_view type = field(col.instanceType);
        const std::string_view accelerator = field(col.acceleratorName);
        const std::string_view region = field(col.region);

        if (type.empty()) {
            // GCP prices GPUs and TPU slices to attach to N1/A2 machines in rows without a
            // machine: Price is for AcceleratorCount accelerators (README). Stored as a Rate per
            // accelerator-hour, once per accelerator, region and term.
            if (accelerator.empty() || *vcpus || *memory) {
                sink.skip(kSkipNoType, csv.where());
                continue;
            }
            if (!*count || **count <= 0) {
                sink.skip(kSkipAcceleratorNoCount, csv.where());
                continue;
            }
            if (region.empty()) {
                return makeError(Error::Code::InvalidInput,
                                 "accelerator row has no Region",
                                 csv.where());
            }
            const double n = **count;
            bool stored = false;
            bool repeated = false;
            for (const bool isSpot : {false, true}) {
                const auto& cell = isSpot ? *spot : *price;
                if (!cell || *cell <= 0) {
                    continue;
                }
                const double perAccelerator = *cell / n;
                lookup.name.assign(accelerator);
                lookup.region.assign(region);
                lookup.spot = isSpot;
                auto [it, inserted] = acceleratorPrices.try_emplace(lookup, perAccelerator);
                // Counts 2..16 repeat the count-1 price rounded to 5 decimals.
                if (!inserted && std::abs(it->second - perAccelerator) <= 1e-4 * it->second) {
                    repeated = true;
                    continue;
                }
                rate.region.assign(region);
                rate.resource = (text::startsWith(accelerator, "tpu-") ? "tpu:" : "gpu:")
                                + std::string(accelerator);
                rate.family.clear();
                rate.termType = isSpot ? "spot" : "on_demand";
                rate.price = perAccelerator;
                rate.description =
                    std::string(accelerator) + " attached to a VM, per accelerator-hour"
                    + (isSpot ? " (spot)" : "") + "; from the row for "
                    + text::printable(field(col.acceleratorCount), 10) + " in "
                    + std::string(field(col.zone).empty() ? region : field(col.zone));
                if (auto st = sink.addRate(rate); !st) {
                    return st.error();
                }
                ++summary.acceleratorRates;
                stored = true;
            }
            if (!stored) {
                sink.skip(repeated ? kSkipAcceleratorRepeat : kSkipNoPrice, csv.where());
            }
            continue;
        }

        const bool haveOnDemand = *price && **price > 0;
        const bool spotZero = *spot && **spot == 0;
        const bool haveSpot = *spot && **spot > 0;
        if (!haveOnDemand && !haveSpot) {
            sink.skip(kSkipNoPrice, csv.where());
            continue;
        }
        if (!haveOnDemand) {
            sink.skip(kSkipNoOnDemand, csv.where());
        } else if (spotZero) {
            sink.skip(kSkipSpotZero, csv.where());
        }

        offer.region.assign(region);
        offer.zone.assign(field(col.zone)); // AWS: AZ ids (use1-az2); GCP: zone names
        offer.instanceType.assign(type);
        offer.vcpus = *vcpus;
        offer.memoryGib = *memory;
        // No accelerator named = none (SkyPilot names every GPU it prices). A count without a
        // name is an FPGA (Azure NP sizes): GPUs unknown rather than wrong.
        if (!accelerator.empty()) {
            offer.gpus = *count;
        } else {
            offer.gpus = *count ? std::nullopt : std::optional<double>(0.0);
        }
        offer.gpuModel.assign(accelerator);
        offer.gpuMemoryGib.reset();
        if (const auto mib = gpuInfoTotalMemoryMib(field(col.gpuInfo))) {
            offer.gpuMemoryGib = *mib / 1024.0; // total over all GPUs
        }
        const std::pair<bool, double> parts[] = {{haveOnDemand, haveOnDemand ? **price : 0},
                                                 {haveSpot, haveSpot ? **spot : 0}};
        for (std::size_t i = 0; i < 2; ++i) {
            if (!parts[i].first) {
                continue;
            }
            offer.purchaseOption = i == 0 ? PurchaseOption::OnDemand : PurchaseOption::Spot;
            offer.hourly = parts[i].second;
            if (auto st = validateOffer(offer, csv.where()); !st) {
                return st.error();
            }
            if (auto st = sink.addOffer(offer); !st) {
                return st.error();
            }
            ++(i == 0 ? summary.onDemandOffers : summary.spotOffers);
        }
    }
    if (request.progress) {
        request.progress->progress(fileSize, fileSize);
    }
    summary.facts.format = kFormat;
    summary.facts.provider = provider;
    summary.facts.publishedAt = effectiveDate;
    summary.facts.key = "skypilot:" + provider;
    return summary;
}

} // namespace cloudcost::pricing::skypilot

namespace cloudcost::pricing {

namespace {

int sniffVmsCsv(std::string_view head, std::string_view fileName)
{
    if (text::startsWith(head, "\xEF\xBB\xBF")) {
        head.remove_prefix(3);
    }
    const std::string_view first = head.substr(0, head.find('\n'));
    if (!text::startsWith(first, "InstanceType,") || !text::contains(first, "Price")
        || !text::contains(first, "Region")) {
        return 0;
    }
    int score = 70;
    if (text::contains(first, "vCPUs") && text::contains(first, "MemoryGiB")) {
        score += 15;
    }
    if (text::contains(text::toLower(fileName), "vms")) {
        score += 5;
    }
    return score;
}

Result<SourceFacts> runVmsCsv(const ImportRequest& request, ImportSink& sink)
{
    auto summary = skypilot::importVmsCsv(request, sink);
    if (!summary) {
        return summary.error();
    }
    return std::move(summary->facts);
}

} // namespace

void registerSkypilotImporters(std::vector<ImporterInfo>& out)
{
    out.push_back({"skypilot-vms-csv",
                   "SkyPilot-style vms.csv catalog of any cloud (on-demand and spot USD/h; "
                   "--param provider=NAME when the file name does not say)",
                   sniffVmsCsv,
                   runVmsCsv});
}

} // namespace cloudcost::pricing
