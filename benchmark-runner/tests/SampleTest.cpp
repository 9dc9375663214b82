#include "benchmark-runner/Sample.h"

#include <catch2/catch.hpp>

using cloudcost::benchmark::PlatformKind;

TEST_CASE("Platform kinds survive a round trip through their stored names", "[benchmark]")
{
    for (auto kind : {PlatformKind::Unknown,
                      PlatformKind::BareMetal,
                      PlatformKind::VirtualMachine,
                      PlatformKind::Container}) {
        auto parsed = cloudcost::benchmark::parsePlatformKind(cloudcost::benchmark::toString(kind));
        REQUIRE(parsed);
        CHECK(*parsed == kind);
    }
    CHECK_FALSE(cloudcost::benchmark::parsePlatformKind("hypervisor"));
}
