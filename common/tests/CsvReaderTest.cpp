#include "common/CsvReader.h"

#include <catch2/catch.hpp>

#include <fstream>

#include "tests/support/TestData.h"

using namespace cloudcost;

namespace {
std::vector<std::vector<std::string>> readAll(std::string_view textIn)
{
    CsvReader reader(textIn, "t.csv");
    std::vector<std::string_view> fields;
    std::vector<std::vector<std::string>> rows;
    for (;;) {
        auto r = reader.next(fields);
        REQUIRE(r);
        if (!*r) {
            break;
        }
        rows.emplace_back(fields.begin(), fields.end());
    }
    return rows;
}
} // namespace

TEST_CASE("CSV fields may be quoted or bare or empty and may hold quotes and newlines",
          "[common][csv]")
{
    const auto rows = readAll("a,\"b,c\",,\"say \"\"hi\"\"\"\r\n\"multi\nline\",x\nlast");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0] == std::vector<std::string>{"a", "b,c", "", "say \"hi\""});
    CHECK(rows[1] == std::vector<std::string>{"multi\nline", "x"});
    CHECK(rows[2] == std::vector<std::string>{"last"});
}

TEST_CASE("CSV errors name the line", "[common][csv][error]")
{
    const auto [input, expected, why] = GENERATE(table<std::string, std::string, std::string>({
        {"a,b\n\"open,c\n", "t.csv:2: unterminated quoted field", "file ends inside quotes"},
        {std::string("a,b\nc,d\0e\n", 10), "t.csv:2: NUL byte", "binary content"},
    }));
    INFO(why);
    CsvReader reader(input, "t.csv");
    std::vector<std::string_view> fields;
    Result<bool> r = true;
    while ((r = reader.next(fields)) && *r) {
    }
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().describe(), Catch::Matchers::StartsWith(expected));
}

TEST_CASE("CSV streamed from a file across chunk boundaries reads every record", "[common][csv]")
{
    const auto dir = testing::makeTempDir("csv");
    const auto path = dir / "big.csv";
    {
        std::ofstream f(path);
        for (int i = 0; i < 300000; ++i) {
            f << i << ",\"quoted " << i << "\",x\n";
        }
    }
    auto file = InputFile::open(path);
    REQUIRE(file);
    CsvReader reader(*file, "big.csv");
    std::vector<std::string_view> fields;
    int count = 0;
    for (;;) {
        auto r = reader.next(fields);
        REQUIRE(r);
        if (!*r) {
            break;
        }
        REQUIRE(fields.size() == 3);
        REQUIRE(fields[1] == "quoted " + std::to_string(count));
        ++count;
    }
    CHECK(count == 300000);
    CHECK(reader.line() == 300000);
    std::filesystem::remove_all(dir);
}

TEST_CASE("A CSV record above the size limit is an error and not a hang", "[common][csv][error]")
{
    const std::string longLine = "a," + std::string(3 << 20, 'x') + "\n";
    const auto dir = testing::makeTempDir("csv");
    const auto path = dir / "long.csv";
    std::ofstream(path) << "h1,h2\n" << longLine;
    auto file = InputFile::open(path);
    REQUIRE(file);
    CsvReader reader(*file, "long.csv");
    std::vector<std::string_view> fields;
    REQUIRE(*reader.next(fields));
    auto r = reader.next(fields);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().describe(), Catch::Matchers::Contains("long.csv:2: record longer than"));
    std::filesystem::remove_all(dir);
}
