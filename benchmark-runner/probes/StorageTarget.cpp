#include "benchmark-runner/probes/StorageTarget.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace cloudcost::benchmark {

namespace {

constexpr std::size_t kFillBlock = 1024 * 1024;

std::string errnoText(int err)
{
    return std::strerror(err);
}

std::string filesystemName(long type)
{
    // Magic numbers from linux/magic.h.
    switch (static_cast<unsigned long>(type)) {
    case 0x01021994UL:
        return "tmpfs";
    case 0xEF53UL:
        return "ext4";
    case 0x58465342UL:
        return "xfs";
    case 0x9123683EUL:
        return "btrfs";
    case 0x6969UL:
        return "nfs";
    case 0x794C7630UL:
        return "overlay";
    case 0x2FC12FC1UL:
        return "zfs";
    case 0x65735546UL:
        return "fuse";
    default:
        break;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%lx", static_cast<unsigned long>(type));
    return buf;
}

struct FreeDeleter
{
    void operator()(void* p) const { std::free(p); }
};

} // namespace

StorageTarget::StorageTarget(std::filesystem::path dir, std::uint64_t fileBytes, bool allowDirect)
    : m_dir(std::move(dir))
    , m_fileBytes((fileBytes / kFillBlock) * kFillBlock)
    , m_allowDirect(allowDirect)
{
    if (m_fileBytes < kFillBlock) {
        m_fileBytes = kFillBlock;
    }
}

StorageTarget::~StorageTarget()
{
    if (m_fd >= 0) {
        ::close(m_fd);
    }
    if (!m_visiblePath.empty()) {
        std::error_code ec;
        std::filesystem::remove(m_visiblePath, ec);
    }
}

bool StorageTarget::dropDirect()
{
    if (!m_direct || m_fd < 0) {
        return false;
    }
    const int flags = ::fcntl(m_fd, F_GETFL);
    if (flags >= 0 && ::fcntl(m_fd, F_SETFL, flags & ~O_DIRECT) == 0) {
        m_direct = false;
        m_warnings.push_back("the filesystem refused O_DIRECT I/O: results include the page "
                             "cache (BENCHMARKS.md §4.3 item 9)");
        return true;
    }
    return false;
}

Status StorageTarget::open(ProbeContext& ctx)
{
    if (m_opened) {
        return m_openError ? Status(*m_openError) : Status();
    }
    m_opened = true;
    auto fail = [this](Error e) {
        m_openError = e;
        return Status(std::move(e));
    };
    const std::string where = m_dir.string();
    struct stat st
    {};
    if (::stat(m_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        return fail(makeError(Error::Code::NotFound, "--dir is not an existing directory", where));
    }
    struct statfs sfs
    {};
    if (::statfs(m_dir.c_str(), &sfs) == 0) {
        m_filesystem = filesystemName(static_cast<long>(sfs.f_type));
        if (m_filesystem == "tmpfs") {
            m_warnings.push_back("the directory is on tmpfs: this measures memory, not a disk "
                                 "(BENCHMARKS.md §4.3 item 9)");
        }
    }
    struct statvfs vfs
    {};
    if (::statvfs(m_dir.c_str(), &vfs) == 0) {
        const auto freeBytes =
            static_cast<std::uint64_t>(vfs.f_bavail) * static_cast<std::uint64_t>(vfs.f_frsize);
        if (freeBytes < m_fileBytes) {
            return fail(
                makeError(Error::Code::IoFailed,
                          "not enough free space for the " + std::to_string(m_fileBytes >> 20)
                              + " MiB test file: " + std::to_string(freeBytes >> 20) + " MiB free",
                          where));
        }
    }

    std::random_device rd;
    const auto suffix = std::to_string(::getpid()) + "-" + std::to_string(rd());
    const auto path = m_dir / ("cloudcost-bench-" + suffix + ".tmp");
    int fd = -1;
    if (m_allowDirect) {
        fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_DIRECT, 0600);
    } else {
        errno = EINVAL;
    }
    m_direct = fd >= 0;
    if (fd < 0 && errno == EINVAL) {
        fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            m_warnings.push_back("the filesystem refused O_DIRECT (" + m_filesystem
                                 + "): results include the page cache (BENCHMARKS.md §4.3 "
                                   "item 9)");
        }
    }
    if (fd < 0) {
        return fail(makeError(Error::Code::IoFailed,
                              "cannot create a temporary file: " + errnoText(errno),
                              where));
    }
    m_fd = fd;
    // Unlinked at once: the space comes back when the descriptor closes, whatever happens.
    if (::unlink(path.c_str()) != 0) {
        m_visiblePath = path;
    }

    std::unique_ptr<void, FreeDeleter> mem(std::aligned_alloc(kAlignment, kFillBlock));
    if (!mem) {
        return fail(makeError(Error::Code::IoFailed, "cannot allocate an I/O buffer"));
    }
    auto* bytes = static_cast<unsigned char*>(mem.get());
    std::mt19937_64 rng(0xF111);
    for (std::size_t i = 0; i < kFillBlock; i += 8) {
        const std::uint64_t v = rng();
        std::memcpy(bytes + i, &v, 8);
    }
    for (std::uint64_t off = 0; off < m_fileBytes; off += kFillBlock) {
        if (ctx.shouldStop()) {
            return fail(ctx.stopError());
        }
        // Vary the content per block so that deduplicating storage cannot shortcut it.
        const std::uint64_t tag = off / kFillBlock;
        std::memcpy(bytes, &tag, sizeof tag);
        ssize_t n = ::pwrite(m_fd, bytes, kFillBlock, static_cast<off_t>(off));
        if (n < 0 && errno == EINVAL && dropDirect()) {
            n = ::pwrite(m_fd, bytes, kFillBlock, static_cast<off_t>(off));
        }
        if (n != static_cast<ssize_t>(kFillBlock)) {
            const int err = n < 0 ? errno : ENOSPC;
            return fail(makeError(Error::Code::IoFailed,
                                  "writing the test file failed at byte " + std::to_string(off)
                                      + ": " + errnoText(err),
                                  where));
        }
    }
    if (::fdatasync(m_fd) != 0) {
        return fail(makeError(Error::Code::IoFailed,
                              "fdatasync of the test file failed: " + errnoText(errno),
                              where));
    }
    if (!m_direct) {
        // Ask the kernel to drop the cached pages (no effect on tmpfs).
        (void)::posix_fadvise(m_fd, 0, static_cast<off_t>(m_fileBytes), POSIX_FADV_DONTNEED);
    }
    return {};
}

} // namespace cloudcost::benchmark
