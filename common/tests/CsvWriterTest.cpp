#include "common/CsvWriter.h"

#include <catch2/catch.hpp>

using cloudcost::csvField;

TEST_CASE("CSV cells that a spreadsheet would run as formulas are neutralised", "[common][csv]")
{
    const auto [input, expected, why] = GENERATE(table<std::string, std::string, std::string>({
        {"=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"", "formula"},
        {"+1+1", "'+1+1", "plus"},
        {"-2+3", "'-2+3", "minus expression"},
        {"@SUM(A1)", "'@SUM(A1)", "at"},
        {"\tx", "'\tx", "tab"},
        {"-0.5", "-0.5", "a negative number stays a number"},
        {"m5.large", "m5.large", "plain text"},
        {"a,b", "\"a,b\"", "comma is quoted"},
    }));
    INFO(why);
    CHECK(csvField(input) == expected);
}
