#pragma once

#include "common/InputFile.h"
#include "common/Progress.h"
#include "common/Result.h"
#include "pricing/importers/AwsOfferJsonCursor.h"

#include <cstdint>
#include <filesystem>
#include <string>

// Feeds a JSON file to a step function in chunks, one record at a time, with bounded memory.
// Internal to the AWS importers.
namespace cloudcost::pricing::aws {

class JsonStream
{
public:
    static constexpr std::size_t kChunk = 8 << 20;      // bytes read at a time
    static constexpr std::size_t kMaxRecord = 64 << 20; // largest single record accepted

    // Opens path; name is used in messages ("<name>: byte N").
    Status open(const std::filesystem::path& path, std::string name);
    // Starts again from the first byte (for a second pass).
    Status rewind();

    // Progress is reported as (base + bytes read, total) after each chunk, and cancellation is
    // checked there.
    void setProgress(ProgressSink* progress, std::uint64_t base, std::uint64_t total)
    {
        m_progress = progress;
        m_progressBase = base;
        m_progressTotal = total;
    }

    std::uint64_t size() const { return m_file.size(); }
    const std::string& name() const { return m_name; }
    // True once the whole file is in the buffer: a cursor at its end is at the end of the file.
    bool eof() const { return m_eof; }

    // Calls step(cursor) until it returns false or fails. step parses one record from the cursor
    // and only then acts on it: when the buffer ends inside the record (JsonNeedMore), the stream
    // reads more and calls step again at the same place. Syntax errors, a truncated file, records
    // over kMaxRecord, I/O errors and cancellation end the run with an Error naming the byte.
    template <typename Step>
    Status run(Step&& step)
    {
        for (;;) {
            JsonCursor c(m_buf.data() + m_pos, m_buf.data() + m_len, m_base + m_pos, m_scratch);
            try {
                for (;;) {
                    m_scratch.reset();
                    Result<bool> more = step(c);
                    if (!more) {
                        return more.error();
                    }
                    m_pos = static_cast<std::size_t>(c.pos() - m_buf.data());
                    if (!*more) {
                        return {};
                    }
                }
            } catch (const JsonNeedMore&) {
                if (m_eof) {
                    return makeError(Error::Code::ParseFailed,
                                     "the file ends in the middle of the JSON document "
                                     "(truncated download?)",
                                     m_name + ": byte " + std::to_string(m_base + m_len));
                }
                if (m_len - m_pos > kMaxRecord) {
                    return makeError(Error::Code::InvalidInput,
                                     "a single record is larger than "
                                         + std::to_string(kMaxRecord >> 20)
                                         + " MiB (not an AWS price list file?)",
                                     m_name + ": byte " + std::to_string(m_base + m_pos));
                }
                if (auto st = refill(); !st) {
                    return st;
                }
            } catch (const JsonSyntaxError& e) {
                return makeError(Error::Code::ParseFailed,
                                 e.message,
                                 m_name + ": byte " + std::to_string(e.offset));
            }
        }
    }

private:
    Status refill();

    InputFile m_file;
    std::string m_name;
    std::string m_buf;
    std::size_t m_pos = 0;
    std::size_t m_len = 0;
    std::uint64_t m_base = 0; // file offset of m_buf[0]
    bool m_eof = false;
    JsonScratch m_scratch;
    ProgressSink* m_progress = nullptr;
    std::uint64_t m_progressBase = 0;
    std::uint64_t m_progressTotal = 0;
};

} // namespace cloudcost::pricing::aws
