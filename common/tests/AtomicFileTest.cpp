#include "common/AtomicFile.h"

#include "common/InputFile.h"

#include <catch2/catch.hpp>

#include "tests/support/TestData.h"

using namespace cloudcost;

TEST_CASE("An atomic write replaces the file whole and leaves no temporary behind",
          "[common][atomic]")
{
    const auto dir = testing::makeTempDir("atomic");
    const auto path = dir / "out.csv";
    REQUIRE(writeFileAtomic(path, "old"));
    REQUIRE(writeFileAtomic(path, "new content"));
    CHECK(*readWholeFile(path) == "new content");
    int files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) {
        ++files;
    }
    CHECK(files == 1);
    std::filesystem::remove_all(dir);
}

TEST_CASE("An atomic write into a missing directory fails and says where", "[common][atomic]")
{
    auto st = writeFileAtomic("/nonexistent-dir/x.csv", "x");
    REQUIRE_FALSE(st);
    CHECK_THAT(st.error().describe(), Catch::Matchers::StartsWith("/nonexistent-dir/x.csv"));
}

TEST_CASE("Reading a directory or a missing file is a clear error", "[common][input][error]")
{
    auto dirRead = readWholeFile("/tmp");
    REQUIRE_FALSE(dirRead);
    CHECK(dirRead.error().describe() == "/tmp: is a directory, not a file");
    auto missing = readWholeFile("/tmp/does-not-exist.json");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().describe() == "/tmp/does-not-exist.json: no such file");
}
