#include "pricing/importers/AwsOfferJsonStream.h"

#include <cstring>

namespace cloudcost::pricing::aws {

Status JsonStream::open(const std::filesystem::path& path, std::string name)
{
    auto file = InputFile::open(path);
    if (!file) {
        return file.error();
    }
    m_file = std::move(*file);
    m_name = std::move(name);
    m_pos = m_len = 0;
    m_base = 0;
    m_eof = false;
    m_buf.clear();
    return {};
}

Status JsonStream::rewind()
{
    if (auto st = m_file.rewind(); !st) {
        return st;
    }
    m_pos = m_len = 0;
    m_base = 0;
    m_eof = false;
    m_buf.clear();
    return {};
}

Status JsonStream::refill()
{
    if (m_progress && m_progress->cancelled()) {
        return makeError(Error::Code::Cancelled, "import cancelled", m_name);
    }
    // Keep the unparsed tail (the start of a record) at the front and read after it. The buffer's
    // capacity is reused, so memory stays at about one chunk plus the largest record.
    const std::size_t tail = m_len - m_pos;
    if (m_pos > 0 && tail > 0) {
        std::memmove(m_buf.data(), m_buf.data() + m_pos, tail);
    }
    m_base += m_pos;
    m_pos = 0;
    m_buf.resize(tail);
    auto n = m_file.append(m_buf, kChunk);
    if (!n) {
        return n.error();
    }
    m_len = m_buf.size();
    if (*n == 0) {
        m_eof = true;
    }
    if (m_progress) {
        m_progress->progress(m_progressBase + m_base + m_len, m_progressTotal);
    }
    return {};
}

} // namespace cloudcost::pricing::aws
