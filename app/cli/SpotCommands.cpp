// Placeholder until the module lands (being written this session); registers no commands.
#include "app/cli/CommandModule.h"

namespace cloudcost::cli {

namespace {
class SpotCommands final : public CommandModule
{
public:
    void addTo(CLI::App&) override {}
    std::optional<int> run(Context&) override { return std::nullopt; }
};
} // namespace

std::unique_ptr<CommandModule> makeSpotCommands()
{
    return std::make_unique<SpotCommands>();
}

} // namespace cloudcost::cli
