#include "pricing/importers/AwsMiscSupport.h"

#include <catch2/catch.hpp>

using namespace cloudcost::pricing::awsmisc;

TEST_CASE("Timestamps are normalised to UTC seconds", "[pricing][aws][awsmisc]")
{
    const auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"2021-02-09T01:40:10+00:00", "2021-02-09T01:40:10Z"},
        {"2014-01-06T07:10:55.000Z", "2014-01-06T07:10:55Z"},
        {"2021-03-01T00:30:00+01:00", "2021-02-28T23:30:00Z"},
        {"2020-02-29T23:00:00-0200", "2020-03-01T01:00:00Z"},
        {"2021-12-31T23:59:59-01", "2022-01-01T00:59:59Z"},
        {"2021-02-09 01:40:10Z", "2021-02-09T01:40:10Z"},
    }));
    INFO(input);
    const auto out = normaliseTimestampUtc(input);
    REQUIRE(out);
    CHECK(*out == expected);
}

TEST_CASE("Timestamps without a zone or with garbage are refused", "[pricing][aws][awsmisc]")
{
    const auto [input, why] = GENERATE(table<std::string, std::string>({
        {"2021-02-09T01:40:10", "no zone"},
        {"2021-02-09", "date only"},
        {"2021-13-09T01:40:10Z", "month 13"},
        {"2021-02-09T01:40:10+25:00", "offset hour 25"},
        {"2021-02-09T01:40:10.Z", "empty fraction"},
        {"yesterday", "text"},
    }));
    INFO(why);
    CHECK_FALSE(normaliseTimestampUtc(input));
}

TEST_CASE("Network performance texts give Gbit per second", "[pricing][aws][awsmisc]")
{
    CHECK(networkGbps("25 Gigabit") == Approx(25));
    CHECK(networkGbps("Up to 10 Gigabit") == Approx(10));
    CHECK(networkGbps("Up to 12500 Megabit") == Approx(12.5));
    CHECK(networkGbps("4x 100 Gigabit") == Approx(400));
    CHECK_FALSE(networkGbps("Moderate"));
    CHECK_FALSE(networkGbps("High"));
    CHECK_FALSE(networkGbps(""));
}

TEST_CASE("Interruption bucket labels give their upper bound", "[pricing][aws][awsmisc]")
{
    CHECK(bucketUpperBound("<5%") == Approx(5));
    CHECK(bucketUpperBound("5-10%") == Approx(10));
    CHECK(bucketUpperBound("15-20%") == Approx(20));
    CHECK(bucketUpperBound(">20%") == Approx(100));
    CHECK(bucketUpperBound("0-3%") == Approx(3));
    CHECK_FALSE(bucketUpperBound("high"));
    CHECK_FALSE(bucketUpperBound("5-10"));
}
