#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace cloudcost {

// Incremental SHA-256 (FIPS 180-4), used to fingerprint imported sources. On x86-64 CPUs with
// the SHA extensions (Intel Goldmont/Ice Lake and later, AMD Zen) the blocks are compressed with
// them, about 8x faster than the portable code (docs/PERFORMANCE.md); otherwise portably.
class Sha256
{
public:
    enum class Engine
    {
        Auto,
        Portable
    };

    explicit Sha256(Engine engine = Engine::Auto);
    void update(std::string_view data);
    // Finishes and returns the digest as 64 lower-case hex digits; the object is then spent.
    std::string hexDigest();

    static std::string of(std::string_view data);
    // True when Engine::Auto uses the CPU's SHA instructions on this machine.
    static bool hardwareAccelerated();

private:
    using BlocksFn = void (*)(std::uint32_t* state, const unsigned char* data, std::size_t blocks);
    BlocksFn m_blocks;
    std::array<std::uint32_t, 8> m_state{};
    std::array<unsigned char, 64> m_buffer{};
    std::size_t m_bufferLen = 0;
    std::uint64_t m_totalLen = 0;
};

} // namespace cloudcost
