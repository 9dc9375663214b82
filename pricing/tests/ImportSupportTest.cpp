#include "pricing/ImportSupport.h"

#include <catch2/catch.hpp>

#include <limits>

using namespace cloudcost::pricing;

TEST_CASE("Currencies are checked against ISO 4217", "[pricing][support]")
{
    CHECK(isKnownCurrency("USD"));
    CHECK(isKnownCurrency("CNY"));
    CHECK(isKnownCurrency("IDR"));
    CHECK_FALSE(isKnownCurrency("usd"));
    CHECK_FALSE(isKnownCurrency("XYZ"));
    CHECK_FALSE(isKnownCurrency(""));
}

TEST_CASE("Impossible prices are rejected with the place they came from",
          "[pricing][support][error]")
{
    const auto [value, expected, why] = GENERATE(table<double, std::string, std::string>({
        {-0.5, "f.json:3: hourly price is negative", "negative"},
        {std::numeric_limits<double>::infinity(),
         "f.json:3: hourly price is not a finite",
         "infinite"},
        {5e12, "f.json:3: hourly price of", "absurd"},
    }));
    INFO(why);
    auto st = checkPrice(value, "hourly price", "f.json:3");
    REQUIRE_FALSE(st);
    CHECK_THAT(st.error().describe(), Catch::Matchers::StartsWith(expected));
}

TEST_CASE("An offer needs a provider and type and region and a known currency",
          "[pricing][support]")
{
    Offer o;
    o.provider = "aws";
    o.instanceType = "m5.large";
    o.region = "us-east-1";
    o.currency = "USD";
    o.hourly = 0.096;
    CHECK(validateOffer(o, "x"));
    o.currency = "DOLLARS";
    CHECK_FALSE(validateOffer(o, "x"));
    o.currency = "USD";
    o.purchaseOption = PurchaseOption::Reserved;
    CHECK_FALSE(validateOffer(o, "x")); // a reservation needs a term
    o.termMonths = 12;
    CHECK(validateOffer(o, "x"));
}

TEST_CASE("Effective hourly amortises the upfront fee over 8760 hours a year", "[pricing][support]")
{
    Offer o;
    o.hourly = 0.028;
    o.upfront = 245.0;
    o.termMonths = 12;
    CHECK(effectiveHourly(o) == Approx(0.028 + 245.0 / 8760.0));
    o.termMonths = 36;
    CHECK(termHours(36) == Approx(26280));
}

TEST_CASE("Operating system names are normalised", "[pricing][support]")
{
    CHECK(normaliseOs("Linux") == "linux");
    CHECK(normaliseOs("Linux/UNIX (Amazon VPC)") == "linux");
    CHECK(normaliseOs("Red Hat Enterprise Linux with HA") == "rhel_ha");
    CHECK(normaliseOs("RHEL") == "rhel");
    CHECK(normaliseOs("SUSE Linux") == "suse");
    CHECK(normaliseOs("Windows") == "windows");
    CHECK(normaliseOs("NA").empty());
}
