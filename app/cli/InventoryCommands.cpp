// Placeholder until the module lands (being written this session): inventory import|list|show.
// Registers no commands.
#include "app/cli/CommandModule.h"

namespace cloudcost::cli {

namespace {
class InventoryCommands final : public CommandModule
{
public:
    void addTo(CLI::App&) override {}
    std::optional<int> run(Context&) override { return std::nullopt; }
};
} // namespace

std::unique_ptr<CommandModule> makeInventoryCommands()
{
    return std::make_unique<InventoryCommands>();
}

} // namespace cloudcost::cli
