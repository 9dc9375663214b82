#include "decision/inventory/ImportSupport.h"

#include "common/CsvReader.h"
#include "common/InputFile.h"
#include "common/Text.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace cloudcost::decision::inv {

namespace {
constexpr std::string_view kBom = "\xEF\xBB\xBF";
} // namespace

std::string headerKey(std::string_view header)
{
    if (text::startsWith(header, kBom)) {
        header.remove_prefix(kBom.size());
    }
    header = text::trim(header);
    while (!header.empty() && header.front() == '*') {
        header.remove_prefix(1);
    }
    return text::toLower(text::trim(header));
}

int CsvSheet::column(std::string_view key) const
{
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (keys[i] == key) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

std::string_view CsvSheet::cell(const CsvRow& row, int col) const
{
    if (col < 0 || static_cast<std::size_t>(col) >= row.cells.size()) {
        return {};
    }
    return text::trim(row.cells[static_cast<std::size_t>(col)]);
}

Result<CsvSheet> parseCsvSheet(std::string_view textIn, const std::string& displayName)
{
    if (text::startsWith(textIn, kBom)) {
        textIn.remove_prefix(kBom.size());
    }
    CsvSheet sheet;
    sheet.file = displayName;
    CsvReader reader(textIn, displayName);
    std::vector<std::string_view> fields;
    bool haveHeader = false;
    while (true) {
        auto more = reader.next(fields);
        if (!more) {
            return more.error();
        }
        if (!*more) {
            break;
        }
        const bool blank = fields.empty() || (fields.size() == 1 && text::trim(fields[0]).empty());
        if (blank) {
            continue;
        }
        if (!haveHeader) {
            for (auto f : fields) {
                sheet.headers.emplace_back(text::trim(f));
                sheet.keys.push_back(headerKey(f));
            }
            haveHeader = true;
            continue;
        }
        CsvRow row;
        row.line = static_cast<std::int64_t>(reader.line());
        row.cells.reserve(fields.size());
        for (auto f : fields) {
            row.cells.emplace_back(f);
        }
        sheet.rows.push_back(std::move(row));
    }
    if (!haveHeader) {
        return makeError(Error::Code::InvalidInput,
                         "file is empty (expected a header line)",
                         displayName);
    }
    return sheet;
}

Result<CsvSheet> readCsvSheet(const std::filesystem::path& path)
{
    auto content = readWholeFile(path, kMaxInventoryFileBytes);
    if (!content) {
        Error e = content.error();
        if (e.context.empty()) {
            e.context = path.string();
        }
        return e;
    }
    if (const auto nul = content->find('\0'); nul != std::string::npos) {
        return makeError(Error::Code::InvalidInput,
                         "NUL byte at byte " + std::to_string(nul)
                             + ": not a text CSV file (UTF-16 text must be converted to UTF-8)",
                         path.string());
    }
    return parseCsvSheet(*content, path.string());
}

std::string firstLineLower(std::string_view head)
{
    if (text::startsWith(head, kBom)) {
        head.remove_prefix(kBom.size());
    }
    const auto eol = head.find('\n');
    return text::toLower(head.substr(0, eol));
}

SourceRef refOf(const CsvSheet& sheet, const CsvRow& row, int col)
{
    SourceRef ref;
    ref.file = sheet.file;
    ref.row = row.line;
    if (col >= 0 && static_cast<std::size_t>(col) < sheet.headers.size()) {
        ref.column = sheet.header(col);
    }
    return ref;
}

void addIssue(Inventory& inv,
              InventoryIssue::Severity severity,
              SourceRef where,
              std::string message)
{
    InventoryIssue issue;
    issue.severity = severity;
    issue.where = std::move(where);
    issue.message = std::move(message);
    inv.issues.push_back(std::move(issue));
}

std::optional<double> numberCell(Inventory& inv,
                                 const CsvSheet& sheet,
                                 const CsvRow& row,
                                 int col,
                                 std::string_view expected,
                                 bool thousands,
                                 bool allowNegative)
{
    const std::string_view raw = sheet.cell(row, col);
    if (raw.empty()) {
        return std::nullopt;
    }
    std::string cleaned(raw);
    if (thousands) {
        cleaned.erase(std::remove(cleaned.begin(), cleaned.end(), ','), cleaned.end());
    }
    const auto v = text::parseDouble(cleaned);
    if (!v) {
        addIssue(inv,
                 InventoryIssue::Severity::Warning,
                 refOf(sheet, row, col),
                 "'" + text::printable(raw) + "' is not a number (expected " + std::string(expected)
                     + "); value left unknown");
        return std::nullopt;
    }
    if (*v < 0 && !allowNegative) {
        addIssue(inv,
                 InventoryIssue::Severity::Warning,
                 refOf(sheet, row, col),
                 "negative value " + text::printable(raw) + " (expected " + std::string(expected)
                     + "; -1 is a 'not collected' sentinel in some exports); value left unknown");
        return std::nullopt;
    }
    return v;
}

std::string osFamilyOf(std::string_view os)
{
    const std::string s = text::toLower(os);
    if (text::contains(s, "windows")) {
        return "windows";
    }
    static const char* const kLinux[] = {"linux",
                                         "red hat",
                                         "redhat",
                                         "rhel",
                                         "centos",
                                         "ubuntu",
                                         "debian",
                                         "suse",
                                         "sles",
                                         "fedora",
                                         "rocky",
                                         "alma",
                                         "amazon linux"};
    for (const char* k : kLinux) {
        if (text::contains(s, k)) {
            return "linux";
        }
    }
    return {};
}

std::optional<double> percentile(std::vector<double> values, double p)
{
    values.erase(
        std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
        values.end());
    if (values.empty()) {
        return std::nullopt;
    }
    std::sort(values.begin(), values.end());
    const double rank = p / 100.0 * static_cast<double>(values.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(rank));
    const auto hi = std::min(lo + 1, values.size() - 1);
    const double frac = rank - static_cast<double>(lo);
    return values[lo] + (values[hi] - values[lo]) * frac;
}

std::optional<double> mean(const std::vector<double>& values)
{
    double sum = 0;
    std::size_t n = 0;
    for (double v : values) {
        if (std::isfinite(v)) {
            sum += v;
            ++n;
        }
    }
    if (n == 0) {
        return std::nullopt;
    }
    return sum / static_cast<double>(n);
}

std::optional<double> maximum(const std::vector<double>& values)
{
    std::optional<double> m;
    for (double v : values) {
        if (std::isfinite(v) && (!m || v > *m)) {
            m = v;
        }
    }
    return m;
}

void dropDuplicateNames(Inventory& inv)
{
    std::unordered_map<std::string, std::size_t> first;
    std::vector<Workload> kept;
    kept.reserve(inv.workloads.size());
    for (auto& w : inv.workloads) {
        const std::string key = text::toLower(w.name);
        auto [it, inserted] = first.emplace(key, kept.size());
        if (!inserted) {
            const SourceRef& a = kept[it->second].origin;
            addIssue(inv,
                     InventoryIssue::Severity::Dropped,
                     w.origin,
                     "duplicate name '" + text::printable(w.name) + "' (first seen in " + a.file
                         + (a.row > 0 ? " row " + std::to_string(a.row) : std::string())
                         + "); this one is dropped, names must be unique");
            continue;
        }
        kept.push_back(std::move(w));
    }
    inv.workloads = std::move(kept);
}

void checkRowWidth(Inventory& inv, const CsvSheet& sheet, const CsvRow& row)
{
    if (row.cells.size() > sheet.headers.size()) {
        bool extraEmpty = true;
        for (std::size_t i = sheet.headers.size(); i < row.cells.size(); ++i) {
            extraEmpty = extraEmpty && text::trim(row.cells[i]).empty();
        }
        if (!extraEmpty) {
            addIssue(inv,
                     InventoryIssue::Severity::Warning,
                     refOf(sheet, row),
                     "row has " + std::to_string(row.cells.size()) + " fields, the header "
                         + std::to_string(sheet.headers.size()) + "; the extra fields are ignored");
        }
    } else if (row.cells.size() < sheet.headers.size()) {
        addIssue(inv,
                 InventoryIssue::Severity::Warning,
                 refOf(sheet, row),
                 "row has " + std::to_string(row.cells.size()) + " fields, the header "
                     + std::to_string(sheet.headers.size())
                     + "; the missing ones are read as empty");
    }
}

std::string fileStem(const std::filesystem::path& path)
{
    return path.stem().string();
}

} // namespace cloudcost::decision::inv
