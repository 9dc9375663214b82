#pragma once

// What right-sizing and the decision tree hand to placement and the plan (MIGRATION.md §2.6,
// MODELS.md §5). Plain data; the functions that fill it live in decision/rules/.

#include <optional>
#include <string>
#include <vector>

namespace cloudcost::decision {

// MIGRATION.md §2.6 item 3: every workload gets exactly one class; none is dropped silently.
enum class WorkloadClass
{
    Active,
    Idle,
    Zombie,
    PoweredOff,
    Template,
    Unknown
};
const char* workloadClassName(WorkloadClass c); // "active", "idle", "zombie", "powered_off", ...

enum class DeploymentModel
{
    BareMetal,
    VirtualMachine,
    Container
};
const char* deploymentModelName(DeploymentModel m); // "bare_metal", "vm", "container"

// The right-sized need of one workload, in the units placement matches offers on.
struct SizedNeed
{
    double vcpus = 0.0;      // right-sized, >= 1; not rounded to a shape (placement does that)
    double memoryGib = 0.0;  // right-sized
    double storageGib = 0.0; // used where known, else allocated
    int gpus = 0;
    std::string gpuModel;
    std::string arch;                  // "x86_64", "arm64" or "" (any)
    std::string osFamily;              // "linux", "windows" or ""
    bool sizedFromUtilisation = false; // false: sized as allocated
    std::string basis; // human text: "P95 CPU 0.42 x comfort 1.3 over 30 d, coverage 97 %"
                       // or "as allocated: coverage 40 % < 90 % gate"
};

} // namespace cloudcost::decision
