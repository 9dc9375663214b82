#pragma once

#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// A minimal pull tokenizer for JSON held in a buffer that may end in the middle of a value: the
// streaming readers parse one record at a time and, when the buffer runs out, catch
// JsonNeedMore, read more and parse the record again. Internal to the AWS importers.
namespace cloudcost::pricing::aws {

// Thrown when the buffer ends before the value being read does (not an error by itself).
struct JsonNeedMore
{};

// Thrown for malformed JSON; offset is the absolute byte offset in the file.
struct JsonSyntaxError
{
    std::uint64_t offset;
    std::string message;
};

// Decoded copies of strings that contained escapes; views stay valid until reset().
class JsonScratch
{
public:
    std::string& next()
    {
        if (m_used == m_strings.size()) {
            m_strings.emplace_back();
        }
        std::string& s = m_strings[m_used++];
        s.clear();
        return s;
    }
    void reset() { m_used = 0; }

private:
    std::deque<std::string> m_strings;
    std::size_t m_used = 0;
};

class JsonCursor
{
public:
    // Parses [begin, end); base is the file offset of begin.
    JsonCursor(const char* begin, const char* end, std::uint64_t base, JsonScratch& scratch)
        : m_begin(begin)
        , m_p(begin)
        , m_end(end)
        , m_base(base)
        , m_scratch(scratch)
    {}

    const char* pos() const { return m_p; }
    void setPos(const char* p) { m_p = p; }
    std::uint64_t offset() const { return m_base + static_cast<std::uint64_t>(m_p - m_begin); }
    std::uint64_t offsetOf(const char* p) const
    {
        return m_base + static_cast<std::uint64_t>(p - m_begin);
    }
    bool atEnd() const { return m_p >= m_end; }

    [[noreturn]] void fail(const std::string& message) const
    {
        throw JsonSyntaxError{offset(), message};
    }

    void skipWs()
    {
        if (m_p < m_end && !isWs(*m_p)) {
            return;
        }
#if defined(__SSE2__)
        const __m128i space = _mm_set1_epi8(' ');
        const __m128i nl = _mm_set1_epi8('\n');
        const __m128i cr = _mm_set1_epi8('\r');
        const __m128i tab = _mm_set1_epi8('\t');
        while (m_end - m_p >= 16) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(m_p));
            const __m128i ws =
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, nl)),
                             _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, tab)));
            const unsigned mask = ~static_cast<unsigned>(_mm_movemask_epi8(ws)) & 0xFFFFU;
            if (mask != 0) {
                m_p += __builtin_ctz(mask);
                return;
            }
            m_p += 16;
        }
#endif
        while (m_p < m_end && isWs(*m_p)) {
            ++m_p;
        }
    }

    // Next non-blank byte, not consumed.
    char peek()
    {
        skipWs();
        if (m_p >= m_end) {
            throw JsonNeedMore{};
        }
        return *m_p;
    }

    void expect(char c, std::string_view what)
    {
        if (peek() != c) {
            failExpected(what);
        }
        ++m_p;
    }

    // After a member or element: true on ',', false on close (consumed).
    bool more(char close, std::string_view what)
    {
        const char c = peek();
        ++m_p;
        if (c == ',') {
            return true;
        }
        if (c == close) {
            return false;
        }
        --m_p;
        failExpected(what);
    }

    // At '{': consumes it; true when the object has members (false for {}).
    bool beginObject(std::string_view what)
    {
        expect('{', what);
        if (peek() == '}') {
            ++m_p;
            return false;
        }
        return true;
    }

    // A member name and its ':'.
    std::string_view key()
    {
        if (peek() != '"') {
            failExpected("a member name in double quotes");
        }
        const std::string_view k = string();
        expect(':', "':' after a member name");
        return k;
    }

    // A string value (at '"'); escapes are decoded into scratch storage.
    std::string_view string()
    {
        if (peek() != '"') {
            failExpected("a string");
        }
        const char* start = ++m_p;
        const char* q = findSpecial(m_p);
        if (q >= m_end) {
            throw JsonNeedMore{};
        }
        if (*q == '"') {
            m_p = q + 1;
            return {start, static_cast<std::size_t>(q - start)};
        }
        return stringSlow(start, q);
    }

    // A string, number, true or false as text; null as "". isString tells which it was.
    // Objects and arrays are an error naming what.
    std::string_view scalar(std::string_view what, bool* isString = nullptr)
    {
        const char c = peek();
        if (isString) {
            *isString = c == '"';
        }
        if (c == '"') {
            return string();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            const char* start = m_p;
            skipNumber();
            return {start, static_cast<std::size_t>(m_p - start)};
        }
        if (c == 't' || c == 'f' || c == 'n') {
            const char* start = m_p;
            skipLiteral();
            if (c == 'n') {
                return {};
            }
            return {start, static_cast<std::size_t>(m_p - start)};
        }
        if (c == '{' || c == '[') {
            fail("expected a string for " + std::string(what) + ", found "
                 + (c == '{' ? "an object" : "an array"));
        }
        failExpected(what);
    }

    // Skips any value, checking its syntax; nesting deeper than maxDepth is an error.
    void skipValue(int maxDepth = 64)
    {
        const char c = peek();
        if (c == '"') {
            string();
            return;
        }
        if (c == '{' || c == '[') {
            if (maxDepth <= 0) {
                fail("JSON nested too deeply (more than 64 levels)");
            }
            const char close = c == '{' ? '}' : ']';
            ++m_p;
            if (peek() == close) {
                ++m_p;
                return;
            }
            do {
                if (c == '{') {
                    key();
                }
                skipValue(maxDepth - 1);
            } while (more(close, c == '{' ? "',' or '}' in an object" : "',' or ']' in an array"));
            return;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            skipNumber();
            return;
        }
        if (c == 't' || c == 'f' || c == 'n') {
            skipLiteral();
            return;
        }
        failExpected("a JSON value");
    }

    [[noreturn]] void failExpected(std::string_view what)
    {
        if (m_p >= m_end) {
            throw JsonNeedMore{};
        }
        const auto c = static_cast<unsigned char>(*m_p);
        std::string found;
        if (c == 0) {
            found = "a NUL byte (is this a binary file?)";
        } else if (c >= 0x20 && c < 0x7F) {
            found = std::string("'") + static_cast<char>(c) + "'";
        } else {
            static const char* hex = "0123456789abcdef";
            found = std::string("byte 0x") + hex[c >> 4] + hex[c & 15];
        }
        fail("expected " + std::string(what) + ", found " + found);
    }

private:
    static bool isWs(char c)
    {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }
    static bool isSpecial(char c)
    {
        return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
    }

    // First '"', '\\' or control byte at or after p, or m_end.
    const char* findSpecial(const char* p) const
    {
#if defined(__SSE2__)
        const __m128i quote = _mm_set1_epi8('"');
        const __m128i bslash = _mm_set1_epi8('\\');
        const __m128i ctl = _mm_set1_epi8(0x1F);
        while (m_end - p >= 16) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
            const __m128i hit =
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
                             _mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v));
            const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
            if (mask != 0) {
                return p + __builtin_ctz(mask);
            }
            p += 16;
        }
#endif
        while (p < m_end && !isSpecial(*p)) {
            ++p;
        }
        return p;
    }

    std::string_view stringSlow(const char* start, const char* q)
    {
        std::string& out = m_scratch.next();
        out.assign(start, q);
        const char* p = q;
        for (;;) {
            if (p >= m_end) {
                throw JsonNeedMore{};
            }
            const char c = *p;
            if (c == '"') {
                m_p = p + 1;
                return out;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                m_p = p;
                fail(c == 0 ? "NUL byte inside a string (is this a binary file?)"
                            : "control character inside a string (not valid JSON)");
            }
            if (c != '\\') {
                const char* next = findSpecial(p);
                out.append(p, next);
                p = next;
                continue;
            }
            if (p + 1 >= m_end) {
                throw JsonNeedMore{};
            }
            const char e = p[1];
            p += 2;
            switch (e) {
            case '"':
            case '\\':
            case '/':
                out.push_back(e);
                break;
            case 'b':
                out.push_back('\b');
                break;
            case 'f':
                out.push_back('\f');
                break;
            case 'n':
                out.push_back('\n');
                break;
            case 'r':
                out.push_back('\r');
                break;
            case 't':
                out.push_back('\t');
                break;
            case 'u': {
                unsigned cp = hex4(p);
                p += 4;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (p + 6 > m_end) {
                        throw JsonNeedMore{};
                    }
                    if (p[0] == '\\' && p[1] == 'u') {
                        const unsigned lo = hex4(p + 2);
                        if (lo >= 0xDC00 && lo <= 0xDFFF) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                            p += 6;
                        }
                    }
                }
                appendUtf8(out, cp);
                break;
            }
            default:
                m_p = p - 1;
                fail("invalid escape sequence in a string");
            }
        }
    }

    unsigned hex4(const char* p)
    {
        if (p + 4 > m_end) {
            throw JsonNeedMore{};
        }
        unsigned v = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = p[i];
            v <<= 4;
            if (c >= '0' && c <= '9') {
                v |= static_cast<unsigned>(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                v |= static_cast<unsigned>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                v |= static_cast<unsigned>(c - 'A' + 10);
            } else {
                m_p = p;
                fail("invalid \\u escape in a string");
            }
        }
        return v;
    }

    static void appendUtf8(std::string& out, unsigned cp)
    {
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }

    void skipNumber()
    {
        const char* start = m_p;
        if (*m_p == '-') {
            ++m_p;
        }
        while (m_p < m_end
               && ((*m_p >= '0' && *m_p <= '9') || *m_p == '.' || *m_p == 'e' || *m_p == 'E'
                   || *m_p == '+' || *m_p == '-')) {
            ++m_p;
        }
        if (m_p >= m_end) {
            throw JsonNeedMore{}; // the number may go on in the next chunk
        }
        if (m_p == start + (*start == '-' ? 1 : 0)) {
            failExpected("a digit");
        }
    }

    void skipLiteral()
    {
        static constexpr std::string_view kTrue = "true";
        static constexpr std::string_view kFalse = "false";
        static constexpr std::string_view kNull = "null";
        const std::string_view word = *m_p == 't' ? kTrue : *m_p == 'f' ? kFalse : kNull;
        if (static_cast<std::size_t>(m_end - m_p) < word.size()) {
            if (std::memcmp(m_p, word.data(), static_cast<std::size_t>(m_end - m_p)) == 0) {
                throw JsonNeedMore{};
            }
        } else if (std::memcmp(m_p, word.data(), word.size()) == 0) {
            m_p += word.size();
            return;
        }
        failExpected("a JSON value");
    }

    const char* m_begin;
    const char* m_p;
    const char* m_end;
    std::uint64_t m_base;
    JsonScratch& m_scratch;
};

} // namespace cloudcost::pricing::aws
