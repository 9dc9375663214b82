#include "benchmark-runner/importers/JsonImport.h"

#include "common/Text.h"

#include <cmath>
#include <sstream>

namespace cloudcost::benchmark::jsonimport {

std::size_t lineOf(std::string_view content, std::size_t byteOffset)
{
    byteOffset = std::min(byteOffset, content.size());
    std::size_t line = 1;
    for (std::size_t i = 0; i < byteOffset; ++i) {
        if (content[i] == '\n') {
            ++line;
        }
    }
    return line;
}

std::size_t findJsonStart(std::string_view content)
{
    std::size_t pos = 0;
    if (text::startsWith(content, "\xEF\xBB\xBF")) {
        pos = 3;
    }
    while (pos < content.size()) {
        std::size_t i = pos;
        while (i < content.size() && (content[i] == ' ' || content[i] == '\t')) {
            ++i;
        }
        if (i < content.size() && content[i] == '{') {
            return i;
        }
        const auto nl = content.find('\n', pos);
        if (nl == std::string_view::npos) {
            break;
        }
        pos = nl + 1;
    }
    return std::string_view::npos;
}

Result<Document> parseObject(std::string_view content,
                             std::size_t start,
                             const std::string& displayName,
                             std::string_view what)
{
    if (start >= content.size() || content[start] != '{') {
        return makeError(Error::Code::ParseFailed,
                         "no JSON object found (expected " + std::string(what) + ")",
                         displayName);
    }
    Document doc;
    doc.startByte = start;
    // operator>> stops after the first value (strict parsing would reject the normal-text output
    // that `fio --output-format=json,normal` appends); the stream position then tells where the
    // document ended.
    std::istringstream in{std::string(content.substr(start))};
    try {
        in >> doc.value;
    } catch (const json::parse_error& e) {
        // e.byte counts from 1 at the first byte given to the parser.
        const std::size_t byte = start + (e.byte > 0 ? e.byte - 1 : 0);
        std::string message = e.what();
        // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error ..."
        if (const auto colon = message.find(": "); colon != std::string::npos) {
            message = message.substr(colon + 2);
        }
        return makeError(Error::Code::ParseFailed,
                         "invalid JSON at byte " + std::to_string(byte) + " (expected "
                             + std::string(what) + "): " + message,
                         displayName + ":" + std::to_string(lineOf(content, byte)));
    } catch (const json::exception& e) {
        return makeError(Error::Code::ParseFailed,
                         "invalid JSON (expected " + std::string(what) + "): " + e.what(),
                         displayName);
    }
    if (!doc.value.is_object()) {
        return makeError(Error::Code::ParseFailed,
                         "the JSON document is not an object (expected " + std::string(what) + ")",
                         displayName);
    }
    in.clear();
    const auto consumed = in.tellg();
    if (consumed >= 0) {
        const std::size_t end = start + static_cast<std::size_t>(consumed);
        if (end < content.size() && !text::trim(content.substr(end)).empty()) {
            std::size_t i = end;
            while (i < content.size()
                   && (content[i] == ' ' || content[i] == '\t' || content[i] == '\r'
                       || content[i] == '\n')) {
                ++i;
            }
            doc.trailingByte = i;
        }
    }
    return doc;
}

Error fieldError(const std::string& displayName, const std::string& path, const std::string& what)
{
    return makeError(Error::Code::ParseFailed, path + ": " + what, displayName);
}

Result<std::optional<double>> optNumber(const json& obj,
                                        std::string_view key,
                                        const std::string& path,
                                        const std::string& displayName)
{
    if (!obj.is_object()) {
        return fieldError(displayName, path, "expected a JSON object");
    }
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
        return std::optional<double>{};
    }
    const std::string fieldPath = path + "." + std::string(key);
    if (!it->is_number()) {
        return fieldError(displayName,
                          fieldPath,
                          std::string("expected a number, found ") + it->type_name());
    }
    const double v = it->get<double>();
    if (!std::isfinite(v)) {
        return fieldError(displayName, fieldPath, "expected a finite number");
    }
    return std::optional<double>(v);
}

Result<double> number(const json& obj,
                      std::string_view key,
                      const std::string& path,
                      const std::string& displayName)
{
    auto v = optNumber(obj, key, path, displayName);
    if (!v) {
        return v.error();
    }
    if (!*v) {
        return fieldError(displayName,
                          path + "." + std::string(key),
                          "missing (expected a number)");
    }
    return **v;
}

Result<std::optional<double>> optNonNegative(const json& obj,
                                             std::string_view key,
                                             const std::string& path,
                                             const std::string& displayName)
{
    auto v = optNumber(obj, key, path, displayName);
    if (v && *v && **v < 0) {
        return fieldError(displayName,
                          path + "." + std::string(key),
                          "expected a number >= 0, found " + text::printable(std::to_string(**v)));
    }
    return v;
}

std::string optText(const json& obj, std::string_view key)
{
    if (!obj.is_object()) {
        return {};
    }
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
        return {};
    }
    if (it->is_string()) {
        return it->get<std::string>();
    }
    return it->dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace cloudcost::benchmark::jsonimport
