// Placeholder: the Iperf3 importer is being written this session; registers nothing yet.
#include "benchmark-runner/BenchImporter.h"

namespace cloudcost::benchmark {

void registerIperf3Importers(std::vector<BenchImporterInfo>& /*out*/) {}

} // namespace cloudcost::benchmark
