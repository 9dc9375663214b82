#include "common/xlsx/ZipReader.h"

#include "common/Text.h"

#include <algorithm>
#include <array>
#include <fstream>

#include <zlib.h>

namespace cloudcost::xlsx {

namespace {

constexpr std::uint32_t kEocdSignature = 0x06054b50;
constexpr std::uint32_t kCentralSignature = 0x02014b50;
constexpr std::uint32_t kLocalSignature = 0x04034b50;
constexpr std::size_t kEocdSize = 22;
constexpr std::size_t kCentralSize = 46;
constexpr std::size_t kLocalSize = 30;
constexpr std::size_t kChunk = 64 * 1024;

std::uint16_t le16(const unsigned char* p)
{
    return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}

std::uint32_t le32(const unsigned char* p)
{
    return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8)
           | (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}

Error zipError(const std::filesystem::path& path,
               std::string message,
               Error::Code code = Error::Code::ParseFailed)
{
    return makeError(code, std::move(message), path.string());
}

// Reads exactly n bytes at offset; false on a short read.
bool readAt(std::ifstream& in, std::uint64_t offset, std::size_t n, std::string& out)
{
    out.resize(n);
    in.clear();
    in.seekg(static_cast<std::streamoff>(offset));
    if (!in) {
        return false;
    }
    in.read(out.data(), static_cast<std::streamsize>(n));
    return in.gcount() == static_cast<std::streamsize>(n);
}

const unsigned char* bytes(const std::string& s)
{
    return reinterpret_cast<const unsigned char*>(s.data());
}

} // namespace

Result<ZipArchive> ZipArchive::open(const std::filesystem::path& path, ZipLimits limits)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return zipError(path, "not a readable regular file", Error::Code::IoFailed);
    }
    const std::uint64_t fileSize = std::filesystem::file_size(path, ec);
    if (ec) {
        return zipError(path, "cannot read the file size: " + ec.message(), Error::Code::IoFailed);
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return zipError(path, "cannot open the file", Error::Code::IoFailed);
    }
    if (fileSize < kEocdSize) {
        return zipError(path,
                        "not a zip archive (" + std::to_string(fileSize)
                            + " bytes, too short for an end-of-central-directory record)");
    }

    // The end-of-central-directory record sits in the last 22 + (up to 65535 comment) bytes.
    const std::uint64_t tailSize = std::min<std::uint64_t>(fileSize, kEocdSize + 65535);
    std::string tail;
    if (!readAt(in, fileSize - tailSize, static_cast<std::size_t>(tailSize), tail)) {
        return zipError(path, "cannot read the end of the file", Error::Code::IoFailed);
    }
    std::size_t eocd = std::string::npos;
    for (std::size_t i = tail.size() - kEocdSize + 1; i-- > 0;) {
        if (le32(bytes(tail) + i) == kEocdSignature) {
            eocd = i;
            break;
        }
    }
    if (eocd == std::string::npos) {
        return zipError(path,
                        "not a zip archive (no end-of-central-directory record; the file "
                        "is truncated or not an XLSX workbook)");
    }
    const unsigned char* e = bytes(tail) + eocd;
    const std::uint64_t eocdOffset = fileSize - tailSize + eocd;
    const std::uint16_t disk = le16(e + 4);
    const std::uint16_t cdDisk = le16(e + 6);
    const std::uint16_t entriesHere = le16(e + 8);
    const std::uint16_t entryCount = le16(e + 10);
    const std::uint32_t cdSize = le32(e + 12);
    const std::uint32_t cdOffset = le32(e + 16);
    if (entryCount == 0xFFFF || cdSize == 0xFFFFFFFF || cdOffset == 0xFFFFFFFF) {
        return zipError(path, "ZIP64 archives are not supported", Error::Code::Unsupported);
    }
    if (disk != 0 || cdDisk != 0 || entriesHere != entryCount) {
        return zipError(path,
                        "multi-volume zip archives are not supported",
                        Error::Code::Unsupported);
    }
    if (entryCount > limits.maxEntries || cdSize > limits.maxCentralDirectory) {
        return zipError(path,
                        "the central directory declares " + std::to_string(entryCount)
                            + " entries in " + std::to_string(cdSize) + " bytes, above the limit");
    }
    if (static_cast<std::uint64_t>(cdOffset) + cdSize > eocdOffset) {
        return zipError(path,
                        "central directory at offset " + std::to_string(cdOffset) + " (+"
                            + std::to_string(cdSize) + " bytes) overlaps the end record at offset "
                            + std::to_string(eocdOffset) + " (truncated or corrupt zip)");
    }
    std::string cd;
    if (!readAt(in, cdOffset, cdSize, cd)) {
        return zipError(path, "cannot read the central directory", Error::Code::IoFailed);
    }

    ZipArchive archive;
    archive.m_path = path;
    archive.m_fileSize = fileSize;
    archive.m_limits = limits;
    archive.m_entries.reserve(entryCount);
    std::size_t pos = 0;
    for (std::uint32_t i = 0; i < entryCount; ++i) {
        const std::string where = "central directory entry " + std::to_string(i + 1) + " at offset "
                                  + std::to_string(cdOffset + pos);
        if (pos + kCentralSize > cd.size() || le32(bytes(cd) + pos) != kCentralSignature) {
            return zipError(path, where + ": bad signature (corrupt zip)");
        }
        const unsigned char* c = bytes(cd) + pos;
        ZipEntry entry;
        entry.flags = le16(c + 8);
        entry.method = le16(c + 10);
        entry.crc32 = le32(c + 16);
        entry.compressedSize = le32(c + 20);
        entry.uncompressedSize = le32(c + 24);
        const std::size_t nameLen = le16(c + 28);
        const std::size_t extraLen = le16(c + 30);
        const std::size_t commentLen = le16(c + 32);
        entry.localHeaderOffset = le32(c + 42);
        if (pos + kCentralSize + nameLen + extraLen + commentLen > cd.size()) {
            return zipError(path, where + ": runs past the central directory (corrupt zip)");
        }
        entry.name.assign(cd, pos + kCentralSize, nameLen);
        if (entry.compressedSize == 0xFFFFFFFF || entry.uncompressedSize == 0xFFFFFFFF
            || entry.localHeaderOffset == 0xFFFFFFFF) {
            return zipError(path,
                            where + " ('" + text::printable(entry.name)
                                + "'): ZIP64 entries are not supported",
                            Error::Code::Unsupported);
        }
        archive.m_entries.push_back(std::move(entry));
        pos += kCentralSize + nameLen + extraLen + commentLen;
    }
    return archive;
}

const ZipEntry* ZipArchive::find(std::string_view name) const
{
    for (const ZipEntry& entry : m_entries) {
        if (entry.name == name) {
            return &entry;
        }
    }
    for (const ZipEntry& entry : m_entries) {
        if (text::iequals(entry.name, name)) {
            return &entry;
        }
    }
    return nullptr;
}

Status ZipArchive::read(const ZipEntry& entry,
                        const std::function<bool(std::string_view chunk)>& sink) const
{
    const std::string where = "zip entry '" + text::printable(entry.name) + "'";
    auto fail = [&](const std::string& message) {
        return zipError(m_path, where + ": " + message);
    };
    if (entry.flags & 0x1) {
        return zipError(m_path,
                        where + " is encrypted; encrypted workbooks are not supported",
                        Error::Code::Unsupported);
    }
    if (entry.method != 0 && entry.method != 8) {
        return zipError(m_path,
                        where + " uses compression method " + std::to_string(entry.method)
                            + "; only stored (0) and deflate (8) are supported",
                        Error::Code::Unsupported);
    }
    if (entry.uncompressedSize > m_limits.maxEntryBytes) {
        return fail("declares " + std::to_string(entry.uncompressedSize)
                    + " uncompressed bytes, above the limit of "
                    + std::to_string(m_limits.maxEntryBytes) + " (possible zip bomb)");
    }
    if (entry.method == 0 && entry.compressedSize != entry.uncompressedSize) {
        return fail("stored entry with different compressed and uncompressed sizes");
    }

    std::ifstream in(m_path, std::ios::binary);
    std::string header;
    if (!in || !readAt(in, entry.localHeaderOffset, kLocalSize, header)
        || le32(bytes(header)) != kLocalSignature) {
        return fail("no local header at offset " + std::to_string(entry.localHeaderOffset)
                    + " (truncated or corrupt zip)");
    }
    const std::uint64_t dataOffset =
        entry.localHeaderOffset + kLocalSize + le16(bytes(header) + 26) + le16(bytes(header) + 28);
    if (dataOffset + entry.compressedSize > m_fileSize) {
        return fail("data at offset " + std::to_string(dataOffset) + " (+"
                    + std::to_string(entry.compressedSize) + " bytes) runs past the end of the "
                    + std::to_string(m_fileSize) + "-byte file (truncated zip)");
    }
    in.clear();
    in.seekg(static_cast<std::streamoff>(dataOffset));

    z_stream zs{};
    if (entry.method == 8 && inflateInit2(&zs, -MAX_WBITS) != Z_OK) {
        return fail("cannot initialise zlib");
    }
    struct ZGuard
    {
        z_stream* zs;
        bool active;
        ~ZGuard()
        {
            if (active) {
                inflateEnd(zs);
            }
        }
    } guard{&zs, entry.method == 8};

    std::string input(kChunk, '\0');
    std::string output(kChunk, '\0');
    std::uint64_t remaining = entry.compressedSize;
    std::uint64_t produced = 0;
    uLong crc = crc32(0L, Z_NULL, 0);
    bool streamEnd = entry.method == 0;

    auto emit = [&](const char* data, std::size_t n) -> int {
        produced += n;
        if (produced > entry.uncompressedSize) {
            return -1;
        }
        crc = crc32(crc, reinterpret_cast<const Bytef*>(data), static_cast<uInt>(n));
        return sink(std::string_view(data, n)) ? 1 : 0;
    };
    const std::string tooBig = "inflates beyond its declared "
                               + std::to_string(entry.uncompressedSize)
                               + " bytes (corrupt or hostile zip)";

    while (remaining > 0) {
        const std::size_t want =
            static_cast<std::size_t>(std::min<std::uint64_t>(remaining, kChunk));
        in.read(input.data(), static_cast<std::streamsize>(want));
        if (in.gcount() != static_cast<std::streamsize>(want)) {
            return fail("short read at offset "
                        + std::to_string(dataOffset + entry.compressedSize - remaining));
        }
        remaining -= want;
        if (entry.method == 0) {
            const int r = emit(input.data(), want);
            if (r < 0) {
                return fail(tooBig);
            }
            if (r == 0) {
                return {};
            }
            continue;
        }
        zs.next_in = reinterpret_cast<Bytef*>(input.data());
        zs.avail_in = static_cast<uInt>(want);
        while (zs.avail_in > 0 && !streamEnd) {
            zs.next_out = reinterpret_cast<Bytef*>(output.data());
            zs.avail_out = static_cast<uInt>(output.size());
            const int rc = inflate(&zs, Z_NO_FLUSH);
            if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
                return fail("corrupt deflate data near compressed offset "
                            + std::to_string(zs.total_in) + ": "
                            + (zs.msg != nullptr ? zs.msg : "zlib error " + std::to_string(rc)));
            }
            const std::size_t n = output.size() - zs.avail_out;
            if (n > 0) {
                const int r = emit(output.data(), n);
                if (r < 0) {
                    return fail(tooBig);
                }
                if (r == 0) {
                    return {};
                }
            }
            if (rc == Z_STREAM_END) {
                streamEnd = true;
            } else if (rc == Z_BUF_ERROR && n == 0) {
                break;
            }
        }
    }
    // Drain output still buffered inside zlib after the last input chunk.
    while (entry.method == 8 && !streamEnd) {
        zs.next_out = reinterpret_cast<Bytef*>(output.data());
        zs.avail_out = static_cast<uInt>(output.size());
        const int rc = inflate(&zs, Z_NO_FLUSH);
        const std::size_t n = output.size() - zs.avail_out;
        if (n > 0) {
            const int r = emit(output.data(), n);
            if (r < 0) {
                return fail(tooBig);
            }
            if (r == 0) {
                return {};
            }
        }
        if (rc == Z_STREAM_END) {
            streamEnd = true;
        } else if (n == 0) {
            return fail("deflate stream ends early (truncated or corrupt entry)");
        }
    }
    if (produced != entry.uncompressedSize) {
        return fail("inflated to " + std::to_string(produced) + " bytes but declares "
                    + std::to_string(entry.uncompressedSize) + " (corrupt zip)");
    }
    if (static_cast<std::uint32_t>(crc) != entry.crc32) {
        return fail("CRC-32 mismatch (corrupt zip)");
    }
    return {};
}

Result<std::string> ZipArchive::readAll(const ZipEntry& entry, std::uint64_t maxBytes) const
{
    if (entry.uncompressedSize > maxBytes) {
        return zipError(m_path,
                        "zip entry '" + text::printable(entry.name) + "' declares "
                            + std::to_string(entry.uncompressedSize) + " bytes, above the limit of "
                            + std::to_string(maxBytes));
    }
    std::string out;
    out.reserve(static_cast<std::size_t>(entry.uncompressedSize));
    Status st = read(entry, [&](std::string_view chunk) {
        out.append(chunk);
        return true;
    });
    if (!st) {
        return st.error();
    }
    return out;
}

} // namespace cloudcost::xlsx
