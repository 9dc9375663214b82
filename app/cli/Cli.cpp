#include "app/cli/Cli.h"

#include "app/cli/CommandModule.h"
#include "app/cli/Commands.h"

#include <iostream>
#include <ostream>

#include <CLI/CLI.hpp>
#include <unistd.h>

namespace cloudcost::cli {

namespace {

void addOfferFilters(CLI::App* cmd, OfferArgs& a, bool withSort)
{
    auto& q = a.query;
    cmd->add_option("--provider", q.providers, "aws, azure, gcp, alibaba, ... (repeatable)")
        ->delimiter(',');
    cmd->add_option("--region", q.regions, "region code, e.g. us-east-1 (repeatable)")
        ->delimiter(',');
    cmd->add_option("--instance-type", q.instanceTypes, "exact instance type (repeatable)")
        ->delimiter(',');
    cmd->add_option("--instance-regex", q.instanceRegex, "regular expression on the instance type");
    cmd->add_option("--min-vcpus,--vcpus", q.minVcpus, "at least this many vCPUs");
    cmd->add_option("--max-vcpus", q.maxVcpus, "at most this many vCPUs");
    cmd->add_option("--min-memory-gib,--memory-gib", q.minMemoryGib, "at least this much memory");
    cmd->add_option("--max-memory-gib", q.maxMemoryGib, "at most this much memory");
    cmd->add_option("--gpus,--min-gpus", q.minGpus, "at least this many GPUs");
    cmd->add_option("--max-gpus", q.maxGpus, "at most this many GPUs");
    cmd->add_option("--gpu-model", q.gpuModel, "GPU model contains this text (A100, T4, ...)");
    cmd->add_option("--arch", q.archs, "x86_64 or arm64")->delimiter(',');
    cmd->add_option("--os", q.os, "linux, windows, rhel, suse, ...")->delimiter(',');
    cmd->add_option("--tenancy", q.tenancies, "shared, dedicated, host")->delimiter(',');
    cmd->add_option("--license-model", q.licenseModel, "included or byol");
    cmd->add_option("--purchase-option",
                    a.purchaseOptions,
                    "on_demand, reserved, savings_plan, committed_use, spot")
        ->delimiter(',');
    cmd->add_option("--term-months", q.termMonths, "commitment term: 12, 36, ...");
    cmd->add_option("--payment", a.payment, "no_upfront, partial_upfront, all_upfront");
    cmd->add_flag("--include-special",
                  q.includeSpecialClasses,
                  "include Azure DevTest and low-priority prices");
    cmd->add_option("--max-hourly",
                    q.maxEffectiveHourly,
                    "at most this effective hourly price (report currency)");
    cmd->add_option("--currency", q.currency, "report currency (ISO 4217); uses `fx` rates");
    if (withSort) {
        cmd->add_option("--sort",
                        a.sort,
                        "hourly, per-vcpu, per-gib, instance-type, perf-per-dollar (with --metric)")
            ->check(CLI::IsMember(
                {"hourly", "per-vcpu", "per-gib", "instance-type", "perf-per-dollar"}));
        cmd->add_flag("--desc", q.descending, "sort descending");
        cmd->add_option("--limit", q.limit, "at most this many rows (0 = all)");
    }
}

} // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    CLI::App app{"cloudcost: where workloads should run in the cloud and what that costs"};
    app.set_version_flag("--version", "cloudcost 0.1.0");
    app.require_subcommand(1);
    std::string db;
    std::string format = "table";
    app.add_option("--db", db, "workspace file (default: $XDG_DATA_HOME/cloudcost/workspace.db)");
    app.add_option("--format", format, "output format: table, json or csv")
        ->check(CLI::IsMember({"table", "json", "csv"}));
    app.fallthrough();

    // import
    ImportArgs importArgs;
    bool listFormats = false;
    auto* import = app.add_subcommand("import", "import price sheets (format detected)");
    import->add_option("files", importArgs.files, "files to import");
    std::string importFormat;
    import->add_option("--format,--as",
                       importFormat,
                       "input format (see --list-formats; detected when absent), or the output "
                       "format table|json|csv of the report");
    import->add_option("--param",
                       importArgs.params,
                       "request parameter KEY=VALUE for formats that need it (repeatable)");
    import->add_flag("--list-formats", listFormats, "list the input formats");

    // sources
    auto* sources = app.add_subcommand("sources", "list or remove imported sources");
    auto* sourcesList = sources->add_subcommand("list", "list sources (default)");
    (void)sourcesList;
    std::vector<std::int64_t> removeIds;
    auto* sourcesRemove = sources->add_subcommand("remove", "remove sources and their rows");
    sourcesRemove->add_option("ids", removeIds, "source ids (see `cloudcost sources`)")->required();

    // offers
    OfferArgs offerArgs;
    auto* offers = app.add_subcommand("offers", "query offers");
    addOfferFilters(offers, offerArgs, true);
    offers->add_option(
        "--metric",
        offerArgs.metric,
        "benchmark metric ranked by --sort perf-per-dollar (docs/PRICE-PERFORMANCE.md)");

    // compare
    OfferArgs compareArgs;
    compareArgs.query.limit = 0;
    auto* compare =
        app.add_subcommand("compare",
                           "cheapest offer meeting a requirement, per provider and region");
    addOfferFilters(compare, compareArgs, false);
    compare->add_option("--limit", compareArgs.query.limit, "at most this many rows (0 = all)");

    // instances
    std::vector<std::string> instanceProviders;
    std::string instanceRegex;
    auto* instances = app.add_subcommand("instances", "instance type specifications");
    instances->add_option("--provider", instanceProviders)->delimiter(',');
    instances->add_option("--instance-regex", instanceRegex);

    // fx
    auto* fx = app.add_subcommand("fx", "exchange rates");
    fx->require_subcommand(1);
    pricing::FxRate rate;
    auto* fxSet = fx->add_subcommand("set", "set a dated rate: 1 BASE = RATE QUOTE");
    fxSet->add_option("base", rate.base)->required();
    fxSet->add_option("quote", rate.quote)->required();
    fxSet->add_option("rate", rate.rate)->required();
    fxSet->add_option("--date", rate.asOf, "date of the rate, YYYY-MM-DD")->required();
    fxSet->add_option("--source", rate.source, "where the rate comes from");
    auto* fxList = fx->add_subcommand("list", "list rates");
    std::string fxFile;
    auto* fxImport =
        fx->add_subcommand("import", "import rates from CSV date,base,quote,rate[,source]");
    fxImport->add_option("file", fxFile)->required();

    // catalog
    auto* catalog = app.add_subcommand("catalog", "export or build catalogs in cloudcost's format");
    catalog->require_subcommand(1);
    CatalogExportArgs exportArgs;
    exportArgs.filter.query.limit = 0;
    auto* catalogExport = catalog->add_subcommand("export", "write the workspace as a catalog");
    catalogExport->add_option("--out", exportArgs.out, "output file")->required();
    catalogExport->add_option("--source", exportArgs.sourceIds, "only these source ids");
    catalogExport->add_option("--description", exportArgs.description);
    addOfferFilters(catalogExport, exportArgs.filter, false);
    std::string specFile;
    std::string buildOut;
    auto* catalogBuild = catalog->add_subcommand(
        "build",
        "build a catalog from a spec listing sheets and filters (data/catalog-spec.json)");
    catalogBuild->add_option("spec", specFile)->required();
    catalogBuild->add_option("--out", buildOut)->required();

    std::vector<std::unique_ptr<CommandModule>> modules;
    modules.push_back(makeTcoCommands());
    modules.push_back(makeCommitCommands());
    modules.push_back(makeSpotCommands());
    modules.push_back(makeBenchDataCommands());
    modules.push_back(makeBenchRunCommands());
    modules.push_back(makeInventoryCommands());
    modules.push_back(makeDecisionCommands());
    modules.push_back(makePlanCommands());
    for (auto& module : modules) {
        module->addTo(app);
    }

    std::vector<std::string> argv(args.rbegin(), args.rend());
    try {
        app.parse(argv);
    } catch (const CLI::CallForHelp& e) {
        out << app.help();
        (void)e;
        return 0;
    } catch (const CLI::CallForAllHelp& e) {
        out << app.help("", CLI::AppFormatMode::All);
        (void)e;
        return 0;
    } catch (const CLI::CallForVersion& e) {
        out << e.what() << '\n';
        return 0;
    } catch (const CLI::ParseError& e) {
        err << "cloudcost: usage error: " << e.what() << '\n';
        for (auto* sub : app.get_subcommands()) {
            err << "run `cloudcost " << sub->get_name() << " --help` for its options\n";
        }
        if (app.get_subcommands().empty()) {
            err << "run `cloudcost --help` for the commands\n";
        }
        return 2;
    }

    Context ctx{out, err, OutputFormat::Table, {}, false};
    ctx.format = format == "json"  ? OutputFormat::Json
                 : format == "csv" ? OutputFormat::Csv
                                   : OutputFormat::Table;
    ctx.db = db.empty() ? pricing::Workspace::defaultPath() : std::filesystem::path(db);
    ctx.progress = &err == &std::cerr && ::isatty(STDERR_FILENO);

    if (*import) {
        if (importFormat == "table" || importFormat == "json" || importFormat == "csv") {
            ctx.format = importFormat == "json"  ? OutputFormat::Json
                         : importFormat == "csv" ? OutputFormat::Csv
                                                 : OutputFormat::Table;
        } else {
            importArgs.format = importFormat;
        }
        if (listFormats) {
            return cmdListFormats(ctx);
        }
        if (importArgs.files.empty()) {
            err << "cloudcost: usage error: import needs at least one file\n";
            return 2;
        }
        return cmdImport(ctx, importArgs);
    }
    if (*sources) {
        if (*sourcesRemove) {
            return cmdSourcesRemove(ctx, removeIds);
        }
        return cmdSources(ctx);
    }
    if (*offers) {
        return cmdOffers(ctx, offerArgs);
    }
    if (*compare) {
        return cmdCompare(ctx, compareArgs);
    }
    if (*instances) {
        return cmdInstances(ctx, instanceProviders, instanceRegex);
    }
    if (*fxSet) {
        return cmdFxSet(ctx, rate);
    }
    if (*fxList) {
        return cmdFxList(ctx);
    }
    if (*fxImport) {
        return cmdFxImport(ctx, fxFile);
    }
    if (*catalogExport) {
        return cmdCatalogExport(ctx, exportArgs);
    }
    if (*catalogBuild) {
        return cmdCatalogBuild(ctx, specFile, buildOut);
    }
    for (auto& module : modules) {
        if (auto code = module->run(ctx)) {
            return *code;
        }
    }
    err << "cloudcost: usage error: no command (see `cloudcost --help`)\n";
    return 2;
}

} // namespace cloudcost::cli
