#pragma once

#include "app/cli/Commands.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace cloudcost::cli {

// A group of subcommands kept in its own file (tco, commit, spot, bench ...), so that Cli.cpp only
// lists the modules. A module adds its subcommands to the parser, keeps pointers to them and, after
// parsing, runs the one that was chosen.
class CommandModule
{
public:
    virtual ~CommandModule() = default;
    // Adds this module's subcommands (and their options) to app.
    virtual void addTo(CLI::App& app) = 0;
    // The exit code when one of this module's subcommands was parsed, else nullopt.
    virtual std::optional<int> run(Context& ctx) = 0;
};

// The subcommand name of app, created with description when it does not exist yet; lets two
// modules add children to one group (bench run / bench import).
CLI::App* subcommandGroup(CLI::App& app, const std::string& name, const std::string& description);

std::unique_ptr<CommandModule> makeTcoCommands();       // tco (TcoCommands.cpp)
std::unique_ptr<CommandModule> makeCommitCommands();    // commit (CommitCommands.cpp)
std::unique_ptr<CommandModule> makeSpotCommands();      // spot (SpotCommands.cpp)
std::unique_ptr<CommandModule> makeBenchDataCommands(); // bench import|list|show|compare|tag
std::unique_ptr<CommandModule> makeBenchRunCommands();  // bench run|platform
std::unique_ptr<CommandModule> makeInventoryCommands(); // inventory import|list|show
std::unique_ptr<CommandModule> makeDecisionCommands();  // decide
std::unique_ptr<CommandModule> makePlanCommands();      // plan, batch (PlanCommands.cpp)

} // namespace cloudcost::cli
