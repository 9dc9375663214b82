// Placeholder until the module lands (being written this session); registers no commands.
#include "app/cli/CommandModule.h"

namespace cloudcost::cli {

namespace {
class BenchRunCommands final : public CommandModule
{
public:
    void addTo(CLI::App&) override {}
    std::optional<int> run(Context&) override { return std::nullopt; }
};
} // namespace

std::unique_ptr<CommandModule> makeBenchRunCommands()
{
    return std::make_unique<BenchRunCommands>();
}

} // namespace cloudcost::cli
