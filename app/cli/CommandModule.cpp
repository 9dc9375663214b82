#include "app/cli/CommandModule.h"

#include <CLI/CLI.hpp>

namespace cloudcost::cli {

CLI::App* subcommandGroup(CLI::App& app, const std::string& name, const std::string& description)
{
    for (auto* sub : app.get_subcommands([](CLI::App*) { return true; })) {
        if (sub->get_name() == name) {
            return sub;
        }
    }
    auto* group = app.add_subcommand(name, description);
    group->require_subcommand(1);
    return group;
}

} // namespace cloudcost::cli
