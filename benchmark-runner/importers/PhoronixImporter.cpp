// Placeholder: the Phoronix importer is being written this session; registers nothing yet.
#include "benchmark-runner/BenchImporter.h"

namespace cloudcost::benchmark {

void registerPhoronixImporters(std::vector<BenchImporterInfo>& /*out*/) {}

} // namespace cloudcost::benchmark
