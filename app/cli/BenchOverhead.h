#pragma once

#include "app/cli/Commands.h"

#include <string>

namespace cloudcost::cli {

// `cloudcost bench overhead [--metric NAME]` (BenchOverheadCommand.cpp): measured virtualisation
// and container overhead where bare metal and VM / container results of one hardware family
// exist, and the published defaults of BENCHMARKS.md §3.3 with their sources where none do.
int cmdBenchOverhead(Context& ctx, const std::string& metric);

} // namespace cloudcost::cli
