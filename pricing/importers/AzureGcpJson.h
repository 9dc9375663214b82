#pragma once

// JSON helpers shared by the Azure and GCP importers (their price lists are large JSON arrays,
// sometimes several documents concatenated in one file).
// TODO: move to common/JsonScanner.h when a second module needs it.

#include "common/Result.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudcost::pricing {

// Splits JSON text into values without building a tree, so that a large price list is parsed one
// record at a time (memory bounded by the largest record) and every error names the line it is on.
// The scanner only matches brackets and strings; parse() validates each piece with nlohmann.
// The text must outlive the scanner.
class JsonScanner
{
public:
    // Bytes [begin, end) of one JSON value in the text.
    struct Span
    {
        std::size_t begin = 0;
        std::size_t end = 0;
    };
    // One member of an object: its decoded key and the span of its value.
    struct Member
    {
        std::string key;
        Span value;
    };

    JsonScanner(std::string_view text, std::string displayName);

    // The top-level values of the text: one document, several concatenated documents or NDJSON.
    // Fails on an empty file, a NUL byte, unbalanced brackets, nesting deeper than kMaxDepth or
    // a value cut off by the end of the file.
    Result<std::vector<Span>> topLevelValues() const;
    // The elements of the array at span (span must come from this scanner and start with '[').
    Result<std::vector<Span>> arrayElements(Span array) const;
    // The members of the object at span (span must start with '{'), in file order.
    Result<std::vector<Member>> objectMembers(Span object) const;
    // Parses one value; a syntax error names the line and byte where it is.
    Result<nlohmann::json> parse(Span value) const;

    // First byte of a value: '{', '[', '"', a digit, 't', 'f', 'n' or '-'.
    char kind(Span value) const { return m_text[value.begin]; }
    std::size_t size() const { return m_text.size(); }
    const std::string& displayName() const { return m_name; }
    // 1-based line number of a byte offset (counts newlines: call it for errors, not per record).
    std::size_t lineOf(std::size_t offset) const;
    // "<displayName>:<line>" of a byte offset.
    std::string where(std::size_t offset) const;
    Error errorAt(std::size_t offset,
                  std::string message,
                  Error::Code code = Error::Code::InvalidInput) const;

    static constexpr std::size_t kMaxDepth = 64;

private:
    Result<std::size_t> skipValue(std::size_t pos) const;
    Result<std::size_t> skipString(std::size_t pos) const;
    std::size_t skipSpace(std::size_t pos) const;

    std::string_view m_text;
    std::string m_name;
};

// Names the JSON type of a value for messages: "string \"abc\"", "number 12", "object", "null".
std::string describeJson(const nlohmann::json& value);

// Typed access to the members of one parsed JSON object (one price record). Every error names the
// record ("item 12"), the member, what was expected and what was found, with the file and line of
// the record as context.
class JsonRecord
{
public:
    JsonRecord(const JsonScanner& scanner,
               std::size_t offset,
               const nlohmann::json& object,
               std::string label);

    // A member that must be a string.
    Result<std::string> string(std::string_view key) const;
    // A string member that may be missing or null (then fallback).
    Result<std::string> stringOr(std::string_view key, std::string fallback) const;
    // A member that must be a finite number.
    Result<double> number(std::string_view key) const;
    // A number member that may be missing or null (then fallback).
    Result<double> numberOr(std::string_view key, double fallback) const;
    // A boolean member that may be missing or null (then fallback).
    Result<bool> booleanOr(std::string_view key, bool fallback) const;
    // The member, or nullptr when it is missing or null.
    const nlohmann::json* find(std::string_view key) const;

    Error error(const std::string& message) const;
    const std::string& label() const { return m_label; }
    const nlohmann::json& json() const { return m_object; }

private:
    const JsonScanner& m_scanner;
    std::size_t m_offset;
    const nlohmann::json& m_object;
    std::string m_label;
};

} // namespace cloudcost::pricing
