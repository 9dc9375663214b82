#pragma once

// Minimal read-only ZIP reader for XLSX packages: reads the central directory itself, inflates
// raw deflate with zlib and checks every entry against its declared size and CRC-32. Stored and
// deflated entries only; no encryption, no ZIP64, no multi-disk archives. Every size taken from the
// file is bounded by ZipLimits, so a zip bomb or a lying header ends in an Error, never in an
// unbounded allocation.

#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudcost::xlsx {

struct ZipLimits
{
    std::uint64_t maxEntryBytes = 1ULL << 30;     // uncompressed size of one entry (1 GiB)
    std::uint64_t maxEntries = 65535;             // entries in the central directory
    std::uint64_t maxCentralDirectory = 64 << 20; // bytes of central directory
};

struct ZipEntry
{
    std::string name;
    std::uint16_t method = 0; // 0 stored, 8 deflate
    std::uint16_t flags = 0;
    std::uint32_t crc32 = 0;
    std::uint64_t compressedSize = 0;
    std::uint64_t uncompressedSize = 0;
    std::uint64_t localHeaderOffset = 0;
};

class ZipArchive
{
public:
    // Reads the central directory of the file; errors name the file and the byte offset.
    static Result<ZipArchive> open(const std::filesystem::path& path, ZipLimits limits = {});

    const std::vector<ZipEntry>& entries() const { return m_entries; }
    // Exact name first, then a case-insensitive match (some producers vary the case); null if none.
    const ZipEntry* find(std::string_view name) const;

    // Streams the entry's uncompressed bytes to sink in chunks; sink returns false to stop early
    // (no CRC check then). Fails on truncation, corrupt deflate data, a size other than declared,
    // a CRC mismatch or a size above the limit.
    Status read(const ZipEntry& entry,
                const std::function<bool(std::string_view chunk)>& sink) const;
    // Reads a whole entry into memory (bounded by maxBytes as well as the limits).
    Result<std::string> readAll(const ZipEntry& entry, std::uint64_t maxBytes) const;

    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
    std::uint64_t m_fileSize = 0;
    ZipLimits m_limits;
    std::vector<ZipEntry> m_entries;
};

} // namespace cloudcost::xlsx
