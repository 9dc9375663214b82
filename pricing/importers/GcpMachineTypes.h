#pragma once

#include "common/Result.h"
#include "pricing/Importer.h"

#include <string_view>

// Reader of Compute Engine machine types: machineTypes.list responses
// {"kind": "compute#machineTypeList", "items": [...]}, aggregatedList responses
// {"items": {"zones/us-central1-a": {"machineTypes": [...]}}}, and the bare array that
// `gcloud compute machine-types list --format=json` prints (pages may be concatenated).
namespace cloudcost::pricing::gcp {

// Confidence 0..100 that a file starts like a machine type list.
int sniffMachineTypes(std::string_view head, std::string_view fileName);

// Imports one InstanceSpec per machine type name (format "gcp-machine-types"); the same type in
// other zones is counted and skipped. memoryMb is MiB (memoryGib = memoryMb / 1024).
Result<SourceFacts> importMachineTypes(const ImportRequest& request, ImportSink& sink);

} // namespace cloudcost::pricing::gcp
