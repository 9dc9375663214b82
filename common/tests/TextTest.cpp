#include "common/Text.h"

#include <catch2/catch.hpp>

using namespace cloudcost;

TEST_CASE("Numbers parse strictly", "[common][text]")
{
    CHECK(text::parseDouble("0.0960000000") == Approx(0.096));
    CHECK(text::parseDouble("1.0E-4") == Approx(1e-4));
    CHECK_FALSE(text::parseDouble("Inf"));
    CHECK_FALSE(text::parseDouble("NA"));
    CHECK_FALSE(text::parseDouble(""));
    CHECK_FALSE(text::parseDouble("1.5x"));
    CHECK_FALSE(text::parseDouble("nan"));
    CHECK(text::parseInt("42") == 42);
    CHECK_FALSE(text::parseInt("99999999999999999999"));
}

TEST_CASE("Leading numbers come out of spec strings", "[common][text]")
{
    CHECK(text::parseLeadingNumber("1152 GiB") == Approx(1152));
    CHECK(text::parseLeadingNumber("1,152 GiB") == Approx(1152));
    CHECK(text::parseLeadingNumber("0.5 GiB") == Approx(0.5));
    CHECK(text::parseLeadingNumber("Up to 3.1 GHz") == Approx(3.1));
    CHECK_FALSE(text::parseLeadingNumber("NA"));
}
