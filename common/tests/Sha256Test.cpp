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
