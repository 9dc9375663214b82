// The decision module links against everything below it (pricing, models, benchmarks).
#include "benchmark-runner/Sample.h"
#include "pricing/models/Conventions.h"

#include <catch2/catch.hpp>

TEST_CASE("The decision module sees the pricing models and the benchmark contract", "[decision]")
{
    CHECK(cloudcost::pricing::kHoursPerYear > 8000.0);
}

#include "decision/inventory/Inventory.h"

TEST_CASE("Power states read the producers' spellings", "[decision][inventory]")
{
    using cloudcost::decision::parsePowerState;
    using cloudcost::decision::PowerState;
    CHECK(parsePowerState("poweredOn") == PowerState::On);
    CHECK(parsePowerState("Powered Off") == PowerState::Off);
    CHECK(parsePowerState("suspended") == PowerState::Suspended);
    CHECK(parsePowerState("") == PowerState::Unknown);
    CHECK(std::string(cloudcost::decision::powerStateName(PowerState::Off)) == "off");
}
