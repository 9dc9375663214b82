#include "common/Result.h"

#include <catch2/catch.hpp>

using namespace cloudcost;

TEST_CASE("A Result holds a value or an error with its context", "[common][result]")
{
    Result<int> ok = 42;
    REQUIRE(ok);
    CHECK(*ok == 42);

    Result<int> bad = makeError(Error::Code::NotFound, "no such file", "a.json");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == Error::Code::NotFound);
    CHECK(bad.error().describe() == "a.json: no such file");

    Status fine;
    CHECK(fine);
    Status failed = makeError(Error::Code::IoFailed, "disk full");
    CHECK_FALSE(failed);
    CHECK(failed.error().describe() == "disk full");
}
