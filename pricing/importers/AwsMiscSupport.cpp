#include "pricing/importers/AwsMiscSupport.h"

#include "common/InputFile.h"
#include "common/Text.h"

#include <cmath>

namespace cloudcost::pricing::awsmisc {

namespace {

constexpr int kMaxJsonDepth = 64;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civilFromDays(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d)
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2 ? 1 : 0;
}

bool digitsAt(std::string_view s, std::size_t pos, std::size_t count, int& out)
{
    if (pos + count > s.size()) {
        return false;
    }
    int v = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

// 1-based line and column of a byte offset, for parse error messages.
std::pair<std::size_t, std::size_t> lineAndColumn(std::string_view text, std::size_t offset)
{
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {line, column};
}

// Strips nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 5: " prefix,
// keeping the reason.
std::string parseReason(const char* what)
{
    std::string_view s(what);
    if (const auto pos = s.find(": "); pos != std::string_view::npos) {
        s.remove_prefix(pos + 2);
    }
    return text::printable(s, 160);
}

} // namespace

std::string displayName(const ImportRequest& request)
{
    if (!request.displayName.empty()) {
        return request.displayName;
    }
    return request.path.filename().string();
}

Result<nlohmann::json> loadJsonFile(const ImportRequest& request, std::uint64_t maxBytes)
{
    const std::string name = displayName(request);
    auto text = readWholeFile(request.path, maxBytes);
    if (!text) {
        return text.error();
    }
    const std::string& s = *text;
    if (text::trim(s).empty()) {
        return makeError(Error::Code::InvalidInput,
                         "file is empty (expected a JSON document)",
                         name);
    }
    // Nesting depth and NUL bytes, checked outside strings before parsing: hostile input must
    // neither exhaust the stack nor hide binary data.
    int depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '\0') {
            return makeError(Error::Code::ParseFailed,
                             "NUL byte in JSON text (is this a binary file?)",
                             name + ": byte " + std::to_string(i));
        }
        if (inString) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                inString = false;
            }
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > kMaxJsonDepth) {
                return makeError(Error::Code::ParseFailed,
                                 "JSON nested deeper than " + std::to_string(kMaxJsonDepth)
                                     + " levels; not a price file",
                                 name + ": byte " + std::to_string(i));
            }
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    try {
        return nlohmann::json::parse(s);
    } catch (const nlohmann::json::parse_error& e) {
        const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
        const auto [line, column] = lineAndColumn(s, offset);
        const bool truncated = e.byte >= s.size();
        return makeError(Error::Code::ParseFailed,
                         std::string(truncated ? "truncated JSON" : "malformed JSON") + " at line "
                             + std::to_string(line) + ", column " + std::to_string(column) + ": "
                             + parseReason(e.what()),
                         name + ": byte " + std::to_string(e.byte));
    } catch (const nlohmann::json::exception& e) {
        return makeError(Error::Code::ParseFailed,
                         "malformed JSON: " + parseReason(e.what()),
                         name);
    }
}

std::string jsonTypeName(const nlohmann::json& value)
{
    switch (value.type()) {
    case nlohmann::json::value_t::object:
        return "an object";
    case nlohmann::json::value_t::array:
        return "an array";
    case nlohmann::json::value_t::string:
        return "a string";
    case nlohmann::json::value_t::boolean:
        return "a boolean";
    case nlohmann::json::value_t::null:
        return "null";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
        return "a number";
    default:
        return "binary data";
    }
}

const nlohmann::json* member(const nlohmann::json& value, std::string_view key)
{
    if (!value.is_object()) {
        return nullptr;
    }
    const auto it = value.find(key);
    return it == value.end() ? nullptr : &*it;
}

Result<std::optional<double>> numberOrString(const nlohmann::json* value, std::string_view what)
{
    if (!value || value->is_null()) {
        return std::optional<double>{};
    }
    if (value->is_number()) {
        const double v = value->get<double>();
        if (!std::isfinite(v)) {
            return makeError(Error::Code::InvalidInput, std::string(what) + " is not finite");
        }
        return std::optional<double>{v};
    }
    if (value->is_string()) {
        const auto& s = value->get_ref<const std::string&>();
        const auto t = text::trim(s);
        if (t.empty() || t == "N/A" || t == "NA" || t == "n/a") {
            return std::optional<double>{};
        }
        if (auto v = text::parseDouble(t)) {
            return std::optional<double>{*v};
        }
        return makeError(Error::Code::InvalidInput,
                         std::string(what) + " '" + text::printable(s, 40) + "' is not a number");
    }
    return makeError(Error::Code::InvalidInput,
                     std::string(what) + " is " + jsonTypeName(*value)
                         + " (expected a number or a decimal string)");
}

Result<std::optional<double>> strictNumber(const nlohmann::json* value, std::string_view what)
{
    if (!value || value->is_null()) {
        return std::optional<double>{};
    }
    if (!value->is_number()) {
        return makeError(Error::Code::InvalidInput,
                         std::string(what) + " is " + jsonTypeName(*value)
                             + " (expected a number)");
    }
    const double v = value->get<double>();
    if (!std::isfinite(v)) {
        return makeError(Error::Code::InvalidInput, std::string(what) + " is not finite");
    }
    return std::optional<double>{v};
}

std::optional<double> bucketUpperBound(std::string_view label)
{
    auto s = text::trim(label);
    if (!text::endsWith(s, "%")) {
        return std::nullopt;
    }
    s.remove_suffix(1);
    if (text::startsWith(s, "<")) {
        return text::parseDouble(s.substr(1));
    }
    if (text::startsWith(s, ">")) {
        // Open-ended top bucket: the bound is 100% (also the feed's own "max" for it).
        if (!text::parseDouble(s.substr(1))) {
            return std::nullopt;
        }
        return 100.0;
    }
    if (const auto dash = s.find('-'); dash != std::string_view::npos && dash > 0) {
        if (!text::parseDouble(s.substr(0, dash))) {
            return std::nullopt;
        }
        return text::parseDouble(s.substr(dash + 1));
    }
    return std::nullopt;
}

std::optional<double> networkGbps(std::string_view textIn)
{
    auto s = text::trim(textIn);
    if (text::startsWith(s, "Up to ") || text::startsWith(s, "up to ")) {
        s = text::trim(s.substr(6));
    }
    double multiplier = 1;
    // "4x 100 Gigabit" (p4d, p5: several network cards).
    if (const auto x = s.find("x "); x != std::string_view::npos && x > 0 && x < 4) {
        if (auto n = text::parseDouble(s.substr(0, x))) {
            multiplier = *n;
            s = text::trim(s.substr(x + 2));
        }
    }
    const auto space = s.find(' ');
    if (space == std::string_view::npos) {
        return std::nullopt;
    }
    const auto value = text::parseDouble(s.substr(0, space));
    const auto unit = text::toLower(text::trim(s.substr(space + 1)));
    if (!value) {
        return std::nullopt;
    }
    if (unit == "gigabit" || unit == "gbps" || unit == "gigabits") {
        return *value * multiplier;
    }
    if (unit == "megabit" || unit == "mbps" || unit == "megabits") {
        return *value * multiplier / 1000.0;
    }
    return std::nullopt;
}

std::string instanceFamily(std::string_view instanceType)
{
    return std::string(instanceType.substr(0, instanceType.find('.')));
}

std::optional<std::string> normaliseTimestampUtc(std::string_view timestamp)
{
    const auto s = text::trim(timestamp);
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (s.size() < 19 || !digitsAt(s, 0, 4, year) || s[4] != '-' || !digitsAt(s, 5, 2, month)
        || s[7] != '-' || !digitsAt(s, 8, 2, day) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
        || !digitsAt(s, 11, 2, hour) || s[13] != ':' || !digitsAt(s, 14, 2, minute) || s[16] != ':'
        || !digitsAt(s, 17, 2, second)) {
        return std::nullopt;
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
        return std::nullopt;
    }
    std::size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        const std::size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            ++pos;
        }
        if (pos == start) {
            return std::nullopt;
        }
    }
    int offsetMinutes = 0;
    const auto zone = s.substr(pos);
    if (zone == "Z" || zone == "z") {
        offsetMinutes = 0;
    } else if (!zone.empty() && (zone[0] == '+' || zone[0] == '-')) {
        int oh = 0, om = 0;
        if (zone.size() == 3 && digitsAt(zone, 1, 2, oh)) {
            om = 0;
        } else if (zone.size() == 5 && digitsAt(zone, 1, 2, oh) && digitsAt(zone, 3, 2, om)) {
        } else if (zone.size() == 6 && digitsAt(zone, 1, 2, oh) && zone[3] == ':'
                   && digitsAt(zone, 4, 2, om)) {
        } else {
            return std::nullopt;
        }
        if (oh > 23 || om > 59) {
            return std::nullopt;
        }
        offsetMinutes = (zone[0] == '-' ? -1 : 1) * (oh * 60 + om);
    } else {
        return std::nullopt; // no time zone: ambiguous
    }
    std::int64_t epoch =
        daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400
        + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
    std::int64_t days = epoch >= 0 ? epoch / 86400 : (epoch - 86399) / 86400;
    std::int64_t rem = epoch - days * 86400;
    std::int64_t y = 0;
    unsigned m = 0, d = 0;
    civilFromDays(days, y, m, d);
    if (y < 1 || y > 9999) {
        return std::nullopt;
    }
    auto two = [](std::int64_t v) {
        return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10);
    };
    std::string out = std::to_string(y);
    out.insert(0, 4 - out.size(), '0');
    return out + "-" + two(m) + "-" + two(d) + "T" + two(rem / 3600) + ":" + two(rem % 3600 / 60)
           + ":" + two(rem % 60) + "Z";
}

Status reportProgress(const ImportRequest& request, std::uint64_t done, std::uint64_t total)
{
    if (!request.progress) {
        return {};
    }
    request.progress->progress(done, total);
    if (request.progress->cancelled()) {
        return makeError(Error::Code::Cancelled, "import cancelled", displayName(request));
    }
    return {};
}

} // namespace cloudcost::pricing::awsmisc
