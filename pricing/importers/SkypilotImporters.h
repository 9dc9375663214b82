#pragma once

#include "common/Result.h"
#include "pricing/ImportSink.h"
#include "pricing/Importer.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// The SkyPilot-style vms.csv importer (registered by registerSkypilotImporters as
// "skypilot-vms-csv"), with its helpers exposed for tests. Format and quirks: section 1 of
// data/multicloud/README.md in the shared data.
namespace cloudcost::pricing::skypilot {

// What an import of a vms.csv did beyond the sink's counts.
struct VmsCsvSummary
{
    SourceFacts facts;
    std::string providerFrom; // how the provider was found: parameter, file name, file content
    std::uint64_t onDemandOffers = 0;
    std::uint64_t spotOffers = 0;
    std::uint64_t acceleratorRates = 0;
    // Azure rows whose unquoted "V1,V2" Generation value split them into one field too many.
    std::uint64_t recoveredGenerationRows = 0;
};

// Imports a vms.csv into sink. The provider comes from request.params["provider"], else the file
// name (aws_vms_..., gcp/vms.csv), else the header shape and instance type names; the effective
// date from params["date"], else a YYYY-MM-DD in the file name. Fails whole on bad numbers,
// negative prices and unreadable CSV; rows with a wrong field count or no price are skipped with
// a reason.
Result<VmsCsvSummary> importVmsCsv(const ImportRequest& request, ImportSink& sink);

// TotalGpuMemoryInMiB of a GpuInfo cell written as a Python-repr dict ("{'Gpus': [...],
// 'TotalGpuMemoryInMiB': 81920}"); nullopt for an empty cell, a bare name, or anything unreadable.
std::optional<double> gpuInfoTotalMemoryMib(std::string_view gpuInfo);

// SkyPilot cloud named by a catalog file name ("aws_vms_2026.csv" -> "aws"); "" when none.
std::string providerFromFileName(std::string_view fileName);

// Cloud whose naming an instance type follows: Standard_* -> azure, gpu_1x_* -> lambda,
// 1x-RTX_5090-* -> vast, a1.2xlarge -> aws, n2-standard-8 -> gcp; "" when unclear.
std::string providerFromInstanceType(std::string_view instanceType);

} // namespace cloudcost::pricing::skypilot
