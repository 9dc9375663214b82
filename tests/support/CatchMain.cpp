// The one Catch2 main of the project's core tests (no Qt: the core has none).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

int main(int argc, char* argv[])
{
    return Catch::Session().run(argc, argv);
}
