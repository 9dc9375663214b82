#include "benchmark-runner/importers/TextImport.h"

#include "common/Text.h"

#include <algorithm>
#include <cmath>
#include <ctime>

namespace cloudcost::benchmark::textimport {

std::string_view stripBom(std::string_view content)
{
    if (text::startsWith(content, "\xEF\xBB\xBF")) {
        content.remove_prefix(3);
    }
    return content;
}

std::vector<Line> splitLines(std::string_view content)
{
    content = stripBom(content);
    std::vector<Line> lines;
    std::size_t start = 0;
    std::size_t number = 1;
    while (start < content.size()) {
        auto end = content.find('\n', start);
        const bool last = end == std::string_view::npos;
        if (last) {
            end = content.size();
        }
        std::string_view line = content.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        lines.push_back({line, number});
        ++number;
        start = end + 1;
    }
    return lines;
}

Status checkText(std::string_view content, const std::string& displayName, std::string_view what)
{
    if (text::trim(stripBom(content)).empty()) {
        return makeError(Error::Code::InvalidInput,
                         "file is empty: expected " + std::string(what),
                         displayName);
    }
    if (const auto nul = content.find('\0'); nul != std::string_view::npos) {
        const auto line = 1 + std::count(content.begin(), content.begin() + nul, '\n');
        return makeError(Error::Code::InvalidInput,
                         "NUL byte at byte " + std::to_string(nul) + ": expected "
                             + std::string(what) + " (plain text), not a binary file",
                         where(displayName, static_cast<std::size_t>(line)));
    }
    return {};
}

std::string where(const std::string& displayName, std::size_t line)
{
    return line == 0 ? displayName : displayName + ":" + std::to_string(line);
}

Error parseError(const std::string& displayName, std::size_t line, std::string message)
{
    return makeError(Error::Code::ParseFailed, std::move(message), where(displayName, line));
}

std::vector<std::string_view> fields(std::string_view s)
{
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) {
            ++i;
        }
        const std::size_t start = i;
        while (i < s.size() && s[i] != ' ' && s[i] != '\t') {
            ++i;
        }
        if (i > start) {
            out.push_back(s.substr(start, i - start));
        }
    }
    return out;
}

std::optional<double> number(std::string_view s)
{
    s = text::trim(s);
    // parseDouble also takes "inf"/"nan" spellings and rejects them as non-finite; a leading '.'
    // or a hexadecimal form are not numbers any of these tools print.
    if (s.empty() || s.front() == '.' || text::contains(s, "x") || text::contains(s, "X")) {
        return std::nullopt;
    }
    return text::parseDouble(s);
}

std::optional<int> smallCount(std::string_view s)
{
    s = text::trim(s);
    if (s.empty() || s.size() > 9
        || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    const auto v = text::parseInt(s);
    if (!v) {
        return std::nullopt;
    }
    return static_cast<int>(*v);
}

std::string slug(std::string_view s)
{
    std::string out;
    bool pendingSep = false;
    for (const char c : s) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        const bool upper = c >= 'A' && c <= 'Z';
        if (alnum || upper) {
            if (pendingSep && !out.empty()) {
                out.push_back('_');
            }
            pendingSep = false;
            out.push_back(upper ? static_cast<char>(c + ('a' - 'A')) : c);
        } else {
            pendingSep = true;
        }
    }
    return out;
}

std::string quoted(std::string_view s)
{
    return "'" + text::printable(s, 60) + "'";
}

std::string inQuotes(std::string_view s)
{
    return quoted(s);
}

std::string isoFromEpoch(double epochSeconds)
{
    // 1990-01-01 .. 2200-01-01: wider than any benchmark output, narrow enough to refuse garbage.
    constexpr double kMin = 631152000.0;
    constexpr double kMax = 7258118400.0;
    if (!std::isfinite(epochSeconds) || epochSeconds < kMin || epochSeconds > kMax) {
        return {};
    }
    const auto t = static_cast<std::time_t>(epochSeconds);
    std::tm tm{};
    if (!gmtime_r(&t, &tm)) {
        return {};
    }
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string regionFromZone(std::string_view zone)
{
    zone = text::trim(zone);
    if (zone.size() < 3) {
        return std::string(zone);
    }
    const char last = zone.back();
    const char before = zone[zone.size() - 2];
    const bool lastLetter = last >= 'a' && last <= 'z';
    const bool lastDigit = last >= '0' && last <= '9';
    const bool beforeDigit = before >= '0' && before <= '9';
    if (lastLetter && before == '-') {
        return std::string(zone.substr(0, zone.size() - 2)); // GCP "us-central1-a"
    }
    if (lastLetter && beforeDigit) {
        return std::string(zone.substr(0, zone.size() - 1)); // AWS "us-east-1f"
    }
    if (lastDigit && before == '-' && zone.find('-') == zone.size() - 2) {
        return std::string(zone.substr(0, zone.size() - 2)); // Azure "eastus2-1"
    }
    return std::string(zone);
}

std::string providerId(std::string_view name)
{
    const std::string lower = text::toLower(text::trim(name));
    if (lower == "alicloud" || lower == "aliyun") {
        return "alibaba";
    }
    if (lower == "gce" || lower == "google") {
        return "gcp";
    }
    return lower;
}

void warnOnce(BenchmarkRun& run, std::string warning)
{
    if (std::find(run.warnings.begin(), run.warnings.end(), warning) == run.warnings.end()) {
        run.warnings.push_back(std::move(warning));
    }
}

} // namespace cloudcost::benchmark::textimport
