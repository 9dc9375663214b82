#include "pricing/importers/AzureGcpJson.h"

#include "common/Text.h"

#include <algorithm>
#include <cmath>

namespace cloudcost::pricing {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool endsScalar(char c)
{
    return isSpace(c) || c == ',' || c == ']' || c == '}' || c == '[' || c == '{' || c == '"'
           || c == ':';
}

// nlohmann's what() is "[json.exception.parse_error.101] parse error at line 1, column 6: syntax
// error while parsing value - ..."; its line and column count from the start of the piece we gave
// it, not of the file, so keep only the explanation.
std::string explanation(const std::string& what)
{
    std::string s = what;
    if (const auto bracket = s.find("] "); !s.empty() && s.front() == '[' && bracket != s.npos) {
        s = s.substr(bracket + 2);
    }
    if (const auto column = s.find("column "); column != s.npos) {
        if (const auto colon = s.find(": ", column); colon != s.npos) {
            s = s.substr(colon + 2);
        }
    }
    return text::printable(s, 200);
}

} // namespace

JsonScanner::JsonScanner(std::string_view text, std::string displayName)
    : m_text(text)
    , m_name(std::move(displayName))
{}

std::size_t JsonScanner::lineOf(std::size_t offset) const
{
    offset = std::min(offset, m_text.size());
    return 1
           + static_cast<std::size_t>(
               std::count(m_text.begin(),
                          m_text.begin() + static_cast<std::ptrdiff_t>(offset),
                          '\n'));
}

std::string JsonScanner::where(std::size_t offset) const
{
    return m_name + ":" + std::to_string(lineOf(offset));
}

Error JsonScanner::errorAt(std::size_t offset, std::string message, Error::Code code) const
{
    return makeError(code, std::move(message), where(offset));
}

std::size_t JsonScanner::skipSpace(std::size_t pos) const
{
    while (pos < m_text.size() && isSpace(m_text[pos])) {
        ++pos;
    }
    return pos;
}

Result<std::size_t> JsonScanner::skipString(std::size_t pos) const
{
    for (std::size_t i = pos + 1; i < m_text.size(); ++i) {
        const char c = m_text[i];
        if (c == '\\') {
            ++i;
        } else if (c == '"') {
            return i + 1;
        } else if (c == '\0') {
            return errorAt(i,
                           "NUL byte inside a JSON string (byte " + std::to_string(i) + ")",
                           Error::Code::ParseFailed);
        }
    }
    return errorAt(m_text.size(),
                   "truncated JSON: the string that starts on line " + std::to_string(lineOf(pos))
                       + " is not closed at the end of the file",
                   Error::Code::ParseFailed);
}

Result<std::size_t> JsonScanner::skipValue(std::size_t pos) const
{
    if (pos >= m_text.size()) {
        return errorAt(pos,
                       "truncated JSON: a value is missing at the end of the file",
                       Error::Code::ParseFailed);
    }
    const char first = m_text[pos];
    if (first == '"') {
        return skipString(pos);
    }
    if (first == '\0') {
        return errorAt(pos,
                       "NUL byte in JSON (byte " + std::to_string(pos) + ")",
                       Error::Code::ParseFailed);
    }
    if (first != '{' && first != '[') {
        std::size_t i = pos;
        while (i < m_text.size() && !endsScalar(m_text[i]) && m_text[i] != '\0') {
            ++i;
        }
        if (i == pos) {
            return errorAt(pos,
                           "expected a JSON value, found '" + text::printable(m_text.substr(pos, 1))
                               + "' (byte " + std::to_string(pos) + ")",
                           Error::Code::ParseFailed);
        }
        return i;
    }
    std::string closers(1, first == '{' ? '}' : ']');
    for (std::size_t i = pos + 1; i < m_text.size(); ++i) {
        const char c = m_text[i];
        if (c == '"') {
            auto end = skipString(i);
            if (!end) {
                return end.error();
            }
            i = *end - 1;
        } else if (c == '{' || c == '[') {
            if (closers.size() >= kMaxDepth) {
                return errorAt(i,
                               "JSON nested deeper than " + std::to_string(kMaxDepth)
                                   + " levels (byte " + std::to_string(i) + "); not a price list",
                               Error::Code::ParseFailed);
            }
            closers.push_back(c == '{' ? '}' : ']');
        } else if (c == '}' || c == ']') {
            if (c != closers.back()) {
                return errorAt(i,
                               std::string("invalid JSON: '") + c + "' where '" + closers.back()
                                   + "' was expected (byte " + std::to_string(i) + ")",
                               Error::Code::ParseFailed);
            }
            closers.pop_back();
            if (closers.empty()) {
                return i + 1;
            }
        } else if (c == '\0') {
            return errorAt(i,
                           "NUL byte in JSON (byte " + std::to_string(i) + ")",
                           Error::Code::ParseFailed);
        }
    }
    return errorAt(m_text.size(),
                   std::string("truncated JSON: the ") + (first == '{' ? "object" : "array")
                       + " that starts on line " + std::to_string(lineOf(pos))
                       + " is not closed at the end of the file (" + std::to_string(m_text.size())
                       + " bytes)",
                   Error::Code::ParseFailed);
}

Result<std::vector<JsonScanner::Span>> JsonScanner::topLevelValues() const
{
    std::vector<Span> values;
    std::size_t pos = 0;
    if (text::startsWith(m_text, "\xEF\xBB\xBF")) {
        pos = 3; // UTF-8 byte order mark, as some Windows tools write it
    }
    for (;;) {
        pos = skipSpace(pos);
        if (pos >= m_text.size()) {
            break;
        }
        auto end = skipValue(pos);
        if (!end) {
            return end.error();
        }
        values.push_back({pos, *end});
        pos = *end;
    }
    if (values.empty()) {
        return makeError(Error::Code::InvalidInput, "file is empty (no JSON value in it)", m_name);
    }
    return values;
}

Result<std::vector<JsonScanner::Span>> JsonScanner::arrayElements(Span array) const
{
    std::vector<Span> elements;
    std::size_t pos = skipSpace(array.begin + 1);
    if (pos < array.end && m_text[pos] == ']') {
        return elements;
    }
    for (;;) {
        auto end = skipValue(pos);
        if (!end) {
            return end.error();
        }
        elements.push_back({pos, *end});
        pos = skipSpace(*end);
        if (pos < array.end && m_text[pos] == ',') {
            pos = skipSpace(pos + 1);
            if (pos < array.end && m_text[pos] == ']') {
                return errorAt(pos,
                               "invalid JSON: trailing comma before ']' (byte "
                                   + std::to_string(pos) + ")",
                               Error::Code::ParseFailed);
            }
            continue;
        }
        if (pos < array.end && m_text[pos] == ']') {
            return elements;
        }
        return errorAt(pos,
                       "invalid JSON: expected ',' or ']' after an array element (byte "
                           + std::to_string(pos) + ")",
                       Error::Code::ParseFailed);
    }
}

Result<std::vector<JsonScanner::Member>> JsonScanner::objectMembers(Span object) const
{
    std::vector<Member> members;
    std::size_t pos = skipSpace(object.begin + 1);
    if (pos < object.end && m_text[pos] == '}') {
        return members;
    }
    for (;;) {
        if (pos >= object.end || m_text[pos] != '"') {
            return errorAt(pos,
                           "invalid JSON: expected a member name in quotes (byte "
                               + std::to_string(pos) + ")",
                           Error::Code::ParseFailed);
        }
        auto keyEnd = skipString(pos);
        if (!keyEnd) {
            return keyEnd.error();
        }
        Member member;
        const std::string_view rawKey = m_text.substr(pos + 1, *keyEnd - pos - 2);
        if (rawKey.find('\\') == std::string_view::npos) {
            member.key = std::string(rawKey);
        } else {
            auto decoded = parse({pos, *keyEnd});
            if (!decoded) {
                return decoded.error();
            }
            member.key = decoded->get<std::string>();
        }
        pos = skipSpace(*keyEnd);
        if (pos >= object.end || m_text[pos] != ':') {
            return errorAt(pos,
                           "invalid JSON: expected ':' after member \""
                               + text::printable(member.key) + "\" (byte " + std::to_string(pos)
                               + ")",
                           Error::Code::ParseFailed);
        }
        pos = skipSpace(pos + 1);
        auto end = skipValue(pos);
        if (!end) {
            return end.error();
        }
        member.value = {pos, *end};
        members.push_back(std::move(member));
        pos = skipSpace(*end);
        if (pos < object.end && m_text[pos] == ',') {
            pos = skipSpace(pos + 1);
            continue;
        }
        if (pos < object.end && m_text[pos] == '}') {
            return members;
        }
        return errorAt(pos,
                       "invalid JSON: expected ',' or '}' after an object member (byte "
                           + std::to_string(pos) + ")",
                       Error::Code::ParseFailed);
    }
}

Result<nlohmann::json> JsonScanner::parse(Span value) const
{
    const auto first = m_text.begin() + static_cast<std::ptrdiff_t>(value.begin);
    const auto last = m_text.begin() + static_cast<std::ptrdiff_t>(value.end);
    try {
        return nlohmann::json::parse(first, last);
    } catch (const nlohmann::json::parse_error& e) {
        const std::size_t offset = value.begin + (e.byte > 0 ? e.byte - 1 : 0);
        return errorAt(offset,
                       "invalid JSON at byte " + std::to_string(offset) + ": "
                           + explanation(e.what()),
                       Error::Code::ParseFailed);
    } catch (const nlohmann::json::exception& e) {
        return errorAt(value.begin,
                       "invalid JSON: " + explanation(e.what()),
                       Error::Code::ParseFailed);
    }
}

std::string describeJson(const nlohmann::json& value)
{
    switch (value.type()) {
    case nlohmann::json::value_t::null:
        return "null";
    case nlohmann::json::value_t::object:
        return "an object";
    case nlohmann::json::value_t::array:
        return "an array";
    case nlohmann::json::value_t::string:
        return "string \"" + text::printable(value.get_ref<const std::string&>(), 40) + "\"";
    case nlohmann::json::value_t::boolean:
        return value.get<bool>() ? "true" : "false";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
        return "number " + value.dump();
    default:
        return "an unsupported value";
    }
}

JsonRecord::JsonRecord(const JsonScanner& scanner,
                       std::size_t offset,
                       const nlohmann::json& object,
                       std::string label)
    : m_scanner(scanner)
    , m_offset(offset)
    , m_object(object)
    , m_label(std::move(label))
{}

Error JsonRecord::error(const std::string& message) const
{
    return m_scanner.errorAt(m_offset, m_label + ": " + message);
}

const nlohmann::json* JsonRecord::find(std::string_view key) const
{
    if (!m_object.is_object()) {
        return nullptr;
    }
    const auto it = m_object.find(key);
    if (it == m_object.end() || it->is_null()) {
        return nullptr;
    }
    return &*it;
}

Result<std::string> JsonRecord::string(std::string_view key) const
{
    const auto* value = find(key);
    if (!value) {
        return error("missing \"" + std::string(key) + "\" (expected a string)");
    }
    if (!value->is_string()) {
        return error("\"" + std::string(key) + "\" must be a string, found "
                     + describeJson(*value));
    }
    return value->get<std::string>();
}

Result<std::string> JsonRecord::stringOr(std::string_view key, std::string fallback) const
{
    if (!find(key)) {
        return fallback;
    }
    return string(key);
}

Result<double> JsonRecord::number(std::string_view key) const
{
    const auto* value = find(key);
    if (!value) {
        return error("missing \"" + std::string(key) + "\" (expected a number)");
    }
    if (!value->is_number()) {
        return error("\"" + std::string(key) + "\" must be a number, found "
                     + describeJson(*value));
    }
    const double x = value->get<double>();
    if (!std::isfinite(x)) {
        return error("\"" + std::string(key) + "\" is not a finite number");
    }
    return x;
}

Result<double> JsonRecord::numberOr(std::string_view key, double fallback) const
{
    if (!find(key)) {
        return fallback;
    }
    return number(key);
}

Result<bool> JsonRecord::booleanOr(std::string_view key, bool fallback) const
{
    const auto* value = find(key);
    if (!value) {
        return fallback;
    }
    if (!value->is_boolean()) {
        return error("\"" + std::string(key) + "\" must be true or false, found "
                     + describeJson(*value));
    }
    return value->get<bool>();
}

} // namespace cloudcost::pricing
