#include "decision/inventory/Inventory.h"

#include <algorithm>
#include <cctype>

namespace cloudcost::decision {

const char* powerStateName(PowerState state)
{
    switch (state) {
    case PowerState::On:
        return "on";
    case PowerState::Off:
        return "off";
    case PowerState::Suspended:
        return "suspended";
    case PowerState::Unknown:
        return "unknown";
    }
    return "unknown";
}

PowerState parsePowerState(const std::string& text)
{
    std::string key;
    for (const char c : text) {
        if (std::isalpha(static_cast<unsigned char>(c))) {
            key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        }
    }
    if (key == "on" || key == "poweredon" || key == "running" || key == "active") {
        return PowerState::On;
    }
    if (key == "off" || key == "poweredoff" || key == "stopped" || key == "shutoff") {
        return PowerState::Off;
    }
    if (key == "suspended" || key == "paused") {
        return PowerState::Suspended;
    }
    return PowerState::Unknown;
}

} // namespace cloudcost::decision
