#include "pricing/models/Conventions.h"

#include <catch2/catch.hpp>

TEST_CASE("The month is a twelfth of the 8760-hour year as Azure Migrate computes it", "[models]")
{
    // MODELS.md §0: 730 h per month, 8760 h per year; 24 x 30.4 = 729.6 is the other convention.
    CHECK(cloudcost::pricing::kDefaultHoursPerMonth == Approx(730.0).epsilon(1e-12));
    CHECK(cloudcost::pricing::kHoursPerYear * 3 == Approx(26280.0));
}
