#pragma once

#include "app/cli/Output.h"
#include "pricing/Workspace.h"

#include <filesystem>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

// The cloudcost subcommands. Each returns the exit code (0 ok, 1 failed) and prints results to
// ctx.out, diagnostics to ctx.err.
namespace cloudcost::cli {

struct Context
{
    std::ostream& out;
    std::ostream& err;
    OutputFormat format = OutputFormat::Table;
    std::filesystem::path db;
    bool progress = false; // stderr is a terminal
};

// Prints "cloudcost: error: <context>: <message>" and returns 1.
int fail(Context& ctx, const Error& error);
// Opens the workspace (loading the built-in catalog into a new one).
Result<pricing::Workspace> openWorkspace(Context& ctx);

struct ImportArgs
{
    std::vector<std::string> files;
    std::string format;
    std::vector<std::string> params; // KEY=VALUE
};
int cmdImport(Context& ctx, const ImportArgs& args);
int cmdListFormats(Context& ctx);

int cmdSources(Context& ctx);
int cmdSourcesRemove(Context& ctx, const std::vector<std::int64_t>& ids);

struct OfferArgs
{
    pricing::OfferQuery query;
    std::vector<std::string> purchaseOptions;
    std::string payment;
    std::string sort = "hourly";
    std::string metric; // benchmark metric of --sort perf-per-dollar
};
int cmdOffers(Context& ctx, OfferArgs args);
// `offers --sort perf-per-dollar --metric NAME` (PricePerfCommands.cpp): 2 after printing a usage
// error when only one of the two is given, else 0; then the ranking itself.
int checkPerfPerDollarArgs(Context& ctx, const OfferArgs& args);
int cmdOffersPerfPerDollar(Context& ctx, const OfferArgs& args);
int cmdCompare(Context& ctx, OfferArgs args);
int cmdInstances(Context& ctx, const std::vector<std::string>& providers, const std::string& regex);

int cmdFxSet(Context& ctx, const pricing::FxRate& rate);
int cmdFxList(Context& ctx);
int cmdFxImport(Context& ctx, const std::string& file);

struct CatalogExportArgs
{
    std::string out;
    std::vector<std::int64_t> sourceIds;
    std::string description;
    OfferArgs filter;
};
int cmdCatalogExport(Context& ctx, CatalogExportArgs args);
int cmdCatalogBuild(Context& ctx, const std::string& specFile, const std::string& out);

} // namespace cloudcost::cli
