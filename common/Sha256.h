#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace cloudcost {

// Incremental SHA-256 (FIPS 180-4), used to fingerprint imported sources.
class Sha256
{
public:
    Sha256();
    void update(std::string_view data);
    // Finishes and returns the digest as 64 lower-case hex digits; the object is then spent.
    std::string hexDigest();

    static std::string of(std::string_view data);

private:
    void compress(const unsigned char* block);
    std::array<std::uint32_t, 8> m_state{};
    std::array<unsigned char, 64> m_buffer{};
    std::size_t m_bufferLen = 0;
    std::uint64_t m_totalLen = 0;
};

} // namespace cloudcost
