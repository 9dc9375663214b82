#pragma once

#include "common/InputFile.h"
#include "common/Result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cloudcost {

// Streaming RFC 4180 CSV reader: quoted or bare fields, "" escapes, LF or CRLF line ends, quoted
// newlines. Reads a file in chunks (memory stays bounded) or a string held by the caller. Errors
// name the source and the line: unterminated quotes, NUL bytes, records above the size limit.
class CsvReader
{
public:
    // Reads from file; name is used in error messages.
    CsvReader(InputFile& file, std::string name);
    // Reads from text, which must outlive the reader.
    CsvReader(std::string_view text, std::string name);

    // Reads the next record. Returns false at end of input. The views stay valid until the next
    // call.
    Result<bool> next(std::vector<std::string_view>& fields);
    // 1-based line on which the last record returned started.
    std::uint64_t line() const { return m_recordLine; }
    // Bytes consumed so far (for progress).
    std::uint64_t bytesConsumed() const { return m_consumed; }
    // "name:line" of the last record, for messages.
    std::string where() const;
    // The raw text of the last record (without its line end), for diagnostics and recovery.
    std::string_view rawRecord() const { return m_raw; }

    void setMaxRecordBytes(std::size_t n) { m_maxRecord = n; }

private:
    Result<bool> refill();

    InputFile* m_file = nullptr;
    std::string m_name;
    std::string m_buffer;
    std::string_view m_view; // unread part of the input
    std::string m_fieldData;
    std::vector<std::size_t> m_fieldEnds;
    std::string_view m_raw;
    std::string m_rawCopy;
    std::uint64_t m_line = 1;
    std::uint64_t m_recordLine = 0;
    std::uint64_t m_consumed = 0;
    std::size_t m_maxRecord = 1 << 20;
    bool m_eof = false;
};

} // namespace cloudcost
