#include "app/cli/Cli.h"

#include <exception>
#include <iostream>

int main(int argc, char* argv[])
{
    try {
        return cloudcost::cli::run({argv + 1, argv + argc}, std::cout, std::cerr);
    } catch (const std::exception& e) {
        std::cerr << "cloudcost: error: " << e.what() << '\n';
        return 1;
    }
}
