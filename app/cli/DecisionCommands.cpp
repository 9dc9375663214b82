// Placeholder until the module lands (being written this session): decide, plan, batch. Registers
// no commands.
#include "app/cli/CommandModule.h"

namespace cloudcost::cli {

namespace {
class DecisionCommands final : public CommandModule
{
public:
    void addTo(CLI::App&) override {}
    std::optional<int> run(Context&) override { return std::nullopt; }
};
} // namespace

std::unique_ptr<CommandModule> makeDecisionCommands()
{
    return std::make_unique<DecisionCommands>();
}

} // namespace cloudcost::cli
