// Placeholder: the Pkb importer is being written this session; registers nothing yet.
#include "benchmark-runner/BenchImporter.h"

namespace cloudcost::benchmark {

void registerPkbImporters(std::vector<BenchImporterInfo>& /*out*/) {}

} // namespace cloudcost::benchmark
