#include "app/cli/Cli.h"

#include <ostream>

namespace cloudcost::cli {

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    (void)args;
    (void)err;
    out << "cloudcost 0.1.0\n";
    return 0;
}

} // namespace cloudcost::cli
