#pragma once

#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace cloudcost {

// A regular file opened for sequential reading in chunks (RAII). Refuses directories, devices and
// missing files with an error that names the path.
class InputFile
{
public:
    InputFile() = default;
    ~InputFile();
    InputFile(InputFile&& other) noexcept;
    InputFile& operator=(InputFile&& other) noexcept;
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    static Result<InputFile> open(const std::filesystem::path& path);

    // Reads up to maxBytes into buffer (replacing its contents, reusing its capacity); an empty
    // buffer means end of file.
    Status read(std::string& buffer, std::size_t maxBytes);
    // Appends up to maxBytes to buffer; returns the number of bytes appended (0 at end of file).
    Result<std::size_t> append(std::string& buffer, std::size_t maxBytes);
    Status rewind();

    std::uint64_t size() const { return m_size; }
    std::uint64_t position() const { return m_position; }
    const std::filesystem::path& path() const { return m_path; }

private:
    int m_fd = -1;
    std::uint64_t m_size = 0;
    std::uint64_t m_position = 0;
    std::filesystem::path m_path;
};

// Reads a whole regular file; fails with a clear message when it is larger than maxBytes.
Result<std::string> readWholeFile(const std::filesystem::path& path,
                                  std::uint64_t maxBytes = 512ULL << 20);

} // namespace cloudcost
