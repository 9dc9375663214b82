#include "decision/Sizing.h"

namespace cloudcost::decision {

const char* workloadClassName(WorkloadClass c)
{
    switch (c) {
    case WorkloadClass::Active:
        return "active";
    case WorkloadClass::Idle:
        return "idle";
    case WorkloadClass::Zombie:
        return "zombie";
    case WorkloadClass::PoweredOff:
        return "powered_off";
    case WorkloadClass::Template:
        return "template";
    case WorkloadClass::Unknown:
        return "unknown";
    }
    return "unknown";
}

const char* deploymentModelName(DeploymentModel m)
{
    switch (m) {
    case DeploymentModel::BareMetal:
        return "bare_metal";
    case DeploymentModel::VirtualMachine:
        return "vm";
    case DeploymentModel::Container:
        return "container";
    }
    return "vm";
}

} // namespace cloudcost::decision
