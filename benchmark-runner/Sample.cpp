#include "benchmark-runner/Sample.h"

namespace cloudcost::benchmark {

std::string_view toString(PlatformKind kind)
{
    switch (kind) {
    case PlatformKind::BareMetal:
        return "bare_metal";
    case PlatformKind::VirtualMachine:
        return "vm";
    case PlatformKind::Container:
        return "container";
    case PlatformKind::Unknown:
        break;
    }
    return "unknown";
}

std::optional<PlatformKind> parsePlatformKind(std::string_view text)
{
    if (text == "unknown" || text.empty()) {
        return PlatformKind::Unknown;
    }
    if (text == "bare_metal") {
        return PlatformKind::BareMetal;
    }
    if (text == "vm") {
        return PlatformKind::VirtualMachine;
    }
    if (text == "container") {
        return PlatformKind::Container;
    }
    return std::nullopt;
}

} // namespace cloudcost::benchmark
