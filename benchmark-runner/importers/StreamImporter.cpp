// Placeholder: the Stream importer is being written this session; registers nothing yet.
#include "benchmark-runner/BenchImporter.h"

namespace cloudcost::benchmark {

void registerStreamImporters(std::vector<BenchImporterInfo>& /*out*/) {}

} // namespace cloudcost::benchmark
