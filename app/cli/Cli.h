#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace cloudcost::cli {

// Runs the cloudcost command line with args (without the program name), writing results to out
// and diagnostics to err. Returns the process exit code: 0 success, 1 failure, 2 usage error.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace cloudcost::cli
