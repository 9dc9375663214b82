#include "common/Sha256.h"

#include <catch2/catch.hpp>

using cloudcost::Sha256;

TEST_CASE("SHA-256 matches the FIPS 180-2 test vectors", "[common][sha256]")
{
    // FIPS 180-2 appendix B examples.
    const auto [input, digest] = GENERATE(table<std::string, std::string>({
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    }));
    CHECK(Sha256::of(input) == digest);
}

TEST_CASE("SHA-256 fed in pieces equals SHA-256 of the whole", "[common][sha256]")
{
    const std::string million(1000000, 'a');
    Sha256 h;
    for (std::size_t i = 0; i < million.size(); i += 777) {
        h.update(std::string_view(million).substr(i, 777));
    }
    CHECK(h.hexDigest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 with the CPU's SHA instructions equals the portable code", "[common][sha256]")
{
    // On a CPU without them both engines are the portable code and this checks nothing new;
    // the CI machines have them (AMD EPYC), and the test says which one it ran.
    INFO("hardware SHA-256: " << (Sha256::hardwareAccelerated() ? "yes" : "no"));
    std::string data;
    std::uint32_t x = 2463534242U; // xorshift32: reproducible bytes
    for (int i = 0; i < 100000; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        data.push_back(static_cast<char>(x & 0xff));
    }
    for (std::size_t len : {0, 1, 55, 56, 63, 64, 65, 119, 128, 1000, 4096, 65537, 100000}) {
        const std::string_view piece(data.data(), len);
        Sha256 fast(Sha256::Engine::Auto);
        Sha256 portable(Sha256::Engine::Portable);
        // Feed the fast one in uneven pieces so the buffered and the multi-block paths mix.
        for (std::size_t i = 0; i < len; i += 100) {
            fast.update(piece.substr(i, 100));
        }
        portable.update(piece);
        CHECK(fast.hexDigest() == portable.hexDigest());
    }
}
