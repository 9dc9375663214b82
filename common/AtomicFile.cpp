#include "common/AtomicFile.h"

#include <cerrno>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cloudcost {

Status writeFileAtomic(const std::filesystem::path& path, std::string_view content)
{
    const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    std::string tmpl = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
    const int fd = mkstemp(tmpl.data());
    if (fd < 0) {
        return makeError(Error::Code::IoFailed,
                         std::string("cannot create a temporary file: ") + std::strerror(errno),
                         path.string());
    }
    auto fail = [&](const char* what) {
        const int err = errno;
        ::close(fd);
        ::unlink(tmpl.c_str());
        return makeError(Error::Code::IoFailed,
                         std::string(what) + ": " + std::strerror(err),
                         path.string());
    };
    const char* p = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return fail("write failed");
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0) {
        return fail("cannot flush to disk");
    }
    if (::close(fd) != 0) {
        ::unlink(tmpl.c_str());
        return makeError(Error::Code::IoFailed, "close failed", path.string());
    }
    if (::rename(tmpl.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmpl.c_str());
        return makeError(Error::Code::IoFailed,
                         std::string("rename failed: ") + std::strerror(err),
                         path.string());
    }
    // Make the rename itself durable.
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return {};
}

} // namespace cloudcost
