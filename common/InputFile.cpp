#include "common/InputFile.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cloudcost {

InputFile::~InputFile()
{
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

InputFile::InputFile(InputFile&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1))
    , m_size(other.m_size)
    , m_position(other.m_position)
    , m_path(std::move(other.m_path))
{}

InputFile& InputFile::operator=(InputFile&& other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        m_fd = std::exchange(other.m_fd, -1);
        m_size = other.m_size;
        m_position = other.m_position;
        m_path = std::move(other.m_path);
    }
    return *this;
}

Result<InputFile> InputFile::open(const std::filesystem::path& path)
{
    struct stat st
    {};
    if (::stat(path.c_str(), &st) != 0) {
        return makeError(errno == ENOENT ? Error::Code::NotFound : Error::Code::IoFailed,
                         errno == ENOENT ? std::string("no such file")
                                         : std::string("cannot read: ") + std::strerror(errno),
                         path.string());
    }
    if (S_ISDIR(st.st_mode)) {
        return makeError(Error::Code::InvalidInput, "is a directory, not a file", path.string());
    }
    if (!S_ISREG(st.st_mode)) {
        return makeError(Error::Code::InvalidInput, "is not a regular file", path.string());
    }
    InputFile f;
    f.m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (f.m_fd < 0) {
        return makeError(Error::Code::IoFailed,
                         std::string("cannot open: ") + std::strerror(errno),
                         path.string());
    }
    ::posix_fadvise(f.m_fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    f.m_size = static_cast<std::uint64_t>(st.st_size);
    f.m_path = path;
    return f;
}

Result<std::size_t> InputFile::append(std::string& buffer, std::size_t maxBytes)
{
    const std::size_t old = buffer.size();
    buffer.resize(old + maxBytes);
    std::size_t got = 0;
    while (got < maxBytes) {
        const ssize_t n = ::read(m_fd, buffer.data() + old + got, maxBytes - got);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            buffer.resize(old);
            return makeError(Error::Code::IoFailed,
                             std::string("read failed: ") + std::strerror(errno),
                             m_path.string());
        }
        if (n == 0) {
            break;
        }
        got += static_cast<std::size_t>(n);
    }
    buffer.resize(old + got);
    m_position += got;
    return got;
}

Status InputFile::read(std::string& buffer, std::size_t maxBytes)
{
    buffer.clear();
    auto r = append(buffer, maxBytes);
    if (!r) {
        return r.error();
    }
    return {};
}

Status InputFile::rewind()
{
    if (::lseek(m_fd, 0, SEEK_SET) < 0) {
        return makeError(Error::Code::IoFailed, "cannot seek", m_path.string());
    }
    m_position = 0;
    return {};
}

Result<std::string> readWholeFile(const std::filesystem::path& path, std::uint64_t maxBytes)
{
    auto f = InputFile::open(path);
    if (!f) {
        return f.error();
    }
    if (f->size() > maxBytes) {
        return makeError(Error::Code::InvalidInput,
                         "file is " + std::to_string(f->size() >> 20) + " MiB, more than the "
                             + std::to_string(maxBytes >> 20) + " MiB this format allows",
                         path.string());
    }
    std::string data;
    data.reserve(static_cast<std::size_t>(f->size()));
    for (;;) {
        auto n = f->append(data, 1 << 20);
        if (!n) {
            return n.error();
        }
        if (*n == 0) {
            break;
        }
        if (data.size() > maxBytes) {
            return makeError(Error::Code::InvalidInput, "file grew while reading", path.string());
        }
    }
    return data;
}

} // namespace cloudcost
