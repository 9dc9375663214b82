#include "common/Text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>

namespace cloudcost::text {

std::string_view trim(std::string_view s)
{
    const auto isSpace = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    };
    while (!s.empty() && isSpace(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && isSpace(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

std::string toLower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    });
    return out;
}

bool iequals(std::string_view a, std::string_view b)
{
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto x = static_cast<unsigned char>(a[i]);
        const auto y = static_cast<unsigned char>(b[i]);
        if ((x >= 'A' && x <= 'Z' ? x + 32 : x) != (y >= 'A' && y <= 'Z' ? y + 32 : y)) {
            return false;
        }
    }
    return true;
}

bool startsWith(std::string_view s, std::string_view prefix)
{
    return s.substr(0, prefix.size()) == prefix;
}

bool endsWith(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool contains(std::string_view s, std::string_view needle)
{
    return s.find(needle) != std::string_view::npos;
}

std::vector<std::string_view> split(std::string_view s, char sep)
{
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (;;) {
        const auto pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            out.push_back(s.substr(start));
            return out;
        }
        out.push_back(s.substr(start, pos - start));
        start = pos + 1;
    }
}

std::optional<double> parseDouble(std::string_view s)
{
    s = trim(s);
    if (s.empty()) {
        return std::nullopt;
    }
    if (s.front() == '+') {
        s.remove_prefix(1);
    }
    double value = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

std::optional<std::int64_t> parseInt(std::string_view s)
{
    s = trim(s);
    if (s.empty()) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || ptr != s.data() + s.size()) {
        return std::nullopt;
    }
    return value;
}

std::optional<double> parseLeadingNumber(std::string_view s)
{
    s = trim(s);
    if (startsWith(s, "Up to ") || startsWith(s, "up to ")) {
        s = trim(s.substr(6));
    }
    std::string digits;
    std::size_t i = 0;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if ((c >= '0' && c <= '9') || c == '.') {
            digits.push_back(c);
        } else if (c == ',' && !digits.empty() && i + 1 < s.size() && s[i + 1] >= '0'
                   && s[i + 1] <= '9') {
            continue; // thousands separator
        } else {
            break;
        }
    }
    if (digits.empty()) {
        return std::nullopt;
    }
    return parseDouble(digits);
}

std::string isoDate(std::string_view timestamp)
{
    timestamp = trim(timestamp);
    if (timestamp.size() < 10 || timestamp[4] != '-' || timestamp[7] != '-') {
        return {};
    }
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (timestamp[static_cast<std::size_t>(i)] < '0'
            || timestamp[static_cast<std::size_t>(i)] > '9') {
            return {};
        }
    }
    return std::string(timestamp.substr(0, 10));
}

std::string nowUtcIso()
{
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string printable(std::string_view s, std::size_t maxLen)
{
    std::string out;
    for (std::size_t i = 0; i < s.size() && out.size() < maxLen; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == 0) {
            out += "\\0";
        } else if (c < 0x20 || c == 0x7f) {
            out += '?';
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    if (s.size() > maxLen) {
        out += "...";
    }
    return out;
}

} // namespace cloudcost::text
