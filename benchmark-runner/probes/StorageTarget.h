#pragma once

#include "benchmark-runner/probes/Probe.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cloudcost::benchmark {

// The temporary file the storage probes share: created in a directory the user names, opened
// with O_DIRECT (falling back, with a warning, when the filesystem refuses it, as tmpfs does),
// unlinked at once so that nothing is left behind on any path (cancel, crash, kill), pre-filled
// with random bytes (reads of never-written blocks can be free on cloud disks; BENCHMARKS.md
// §4.3 item 9) and closed when the last probe lets go of it.
class StorageTarget
{
public:
    static constexpr std::size_t kAlignment = 4096; // O_DIRECT buffer, offset and size alignment

    // fileBytes is rounded down to whole MiB (at least 1 MiB). allowDirect = false behaves like a
    // filesystem that refuses O_DIRECT (the fallback path, for tests on kernels whose tmpfs
    // accepts O_DIRECT since Linux 6.6).
    StorageTarget(std::filesystem::path dir, std::uint64_t fileBytes, bool allowDirect = true);
    ~StorageTarget();
    StorageTarget(const StorageTarget&) = delete;
    StorageTarget& operator=(const StorageTarget&) = delete;

    // Creates and pre-fills the file once; later calls return the first result. Errors name the
    // directory (missing, not writable, not enough free space, I/O error).
    Status open(ProbeContext& ctx);
    int fd() const { return m_fd; }
    bool direct() const { return m_direct; }
    std::uint64_t fileBytes() const { return m_fileBytes; }
    const std::filesystem::path& dir() const { return m_dir; }
    std::string filesystem() const { return m_filesystem; }
    // Path of the temporary file while it exists in the directory (normally never: it is
    // unlinked right after creation); empty otherwise.
    const std::filesystem::path& visiblePath() const { return m_visiblePath; }
    // Doubts about what is measured (O_DIRECT refused, tmpfs).
    const std::vector<std::string>& warnings() const { return m_warnings; }
    // Turns O_DIRECT off after the kernel refused an aligned direct I/O (EINVAL); returns false
    // when it was already off.
    bool dropDirect();

private:
    std::filesystem::path m_dir;
    std::uint64_t m_fileBytes = 0;
    int m_fd = -1;
    bool m_direct = false;
    bool m_allowDirect = true;
    bool m_opened = false;
    std::optional<Error> m_openError;
    std::string m_filesystem;
    std::filesystem::path m_visiblePath;
    std::vector<std::string> m_warnings;
};

} // namespace cloudcost::benchmark
