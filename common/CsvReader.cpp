#include "common/CsvReader.h"

#include <cstring>

namespace cloudcost {

namespace {
constexpr std::size_t kChunk = 4 << 20;
}

CsvReader::CsvReader(InputFile& file, std::string name)
    : m_file(&file)
    , m_name(std::move(name))
{}

CsvReader::CsvReader(std::string_view text, std::string name)
    : m_name(std::move(name))
    , m_view(text)
    , m_eof(true)
{}

std::string CsvReader::where() const
{
    return m_name + ":" + std::to_string(m_recordLine);
}

Result<bool> CsvReader::refill()
{
    if (m_eof) {
        return false;
    }
    // Keep the unread tail, then append a new chunk after it.
    const std::string tail(m_view);
    m_buffer.assign(tail);
    auto n = m_file->append(m_buffer, kChunk);
    if (!n) {
        return n.error();
    }
    if (*n == 0) {
        m_eof = true;
    }
    m_view = m_buffer;
    return *n > 0;
}

Result<bool> CsvReader::next(std::vector<std::string_view>& fields)
{
    fields.clear();
    m_fieldData.clear();
    m_fieldEnds.clear();
    for (;;) {
        if (m_view.empty()) {
            auto r = refill();
            if (!r) {
                return r.error();
            }
            if (m_view.empty()) {
                return false;
            }
        }
        // Parse one record from m_view; if the view ends before the record does, refill and retry.
        std::size_t i = 0;
        bool inQuotes = false;
        bool fieldQuoted = false;
        std::uint64_t lines = 0;
        m_fieldData.clear();
        m_fieldEnds.clear();
        bool complete = false;
        const std::size_t n = m_view.size();
        const char* s = m_view.data();
        while (i < n) {
            const char c = s[i];
            if (c == '\0') {
                m_recordLine = m_line + lines;
                return makeError(Error::Code::ParseFailed,
                                 "NUL byte in text (is this a binary file?)",
                                 where());
            }
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < n && s[i + 1] == '"') {
                        m_fieldData.push_back('"');
                        i += 2;
                        continue;
                    }
                    if (i + 1 >= n && !m_eof) {
                        break; // need to see the next byte
                    }
                    inQuotes = false;
                    ++i;
                    continue;
                }
                if (c == '\n') {
                    ++lines;
                }
                m_fieldData.push_back(c);
                ++i;
                continue;
            }
            if (c == '"' && !fieldQuoted
                && (m_fieldEnds.empty() ? m_fieldData.empty()
                                        : m_fieldData.size() == m_fieldEnds.back())) {
                inQuotes = true;
                fieldQuoted = true;
                ++i;
                continue;
            }
            if (c == ',') {
                m_fieldEnds.push_back(m_fieldData.size());
                fieldQuoted = false;
                ++i;
                continue;
            }
            if (c == '\n' || c == '\r') {
                std::size_t end = i;
                if (c == '\r') {
                    if (i + 1 >= n && !m_eof) {
                        break;
                    }
                    if (i + 1 < n && s[i + 1] == '\n') {
                        ++i;
                    }
                }
                ++i;
                ++lines;
                m_raw = m_view.substr(0, end);
                complete = true;
                break;
            }
            m_fieldData.push_back(c);
            ++i;
        }
        if (!complete && i >= n && m_eof && !inQuotes) {
            m_raw = m_view.substr(0, n);
            complete = true;
        }
        if (complete && i > m_maxRecord) {
            m_recordLine = m_line;
            complete = false;
        }
        if (complete) {
            m_fieldEnds.push_back(m_fieldData.size());
            m_recordLine = m_line;
            m_line += lines;
            m_consumed += i;
            m_rawCopy.assign(m_raw);
            m_raw = m_rawCopy;
            m_view.remove_prefix(i);
            std::size_t start = 0;
            for (std::size_t end : m_fieldEnds) {
                fields.emplace_back(m_fieldData.data() + start, end - start);
                start = end;
            }
            return true;
        }
        if (m_eof && i <= m_maxRecord) {
            m_recordLine = m_line;
            return makeError(Error::Code::ParseFailed,
                             "unterminated quoted field (the file ends inside quotes)",
                             where());
        }
        if (m_view.size() > m_maxRecord) {
            m_recordLine = m_line;
            return makeError(Error::Code::ParseFailed,
                             "record longer than " + std::to_string(m_maxRecord >> 10)
                                 + " KiB (not a CSV price sheet, or a broken quote)",
                             where());
        }
        auto r = refill();
        if (!r) {
            return r.error();
        }
    }
}

} // namespace cloudcost
