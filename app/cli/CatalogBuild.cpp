#include "app/cli/Commands.h"
#include "common/AtomicFile.h"
#include "common/InputFile.h"
#include "common/Text.h"
#include "pricing/OfferJson.h"

#include <nlohmann/json.hpp>

#include <ostream>

#include <unistd.h>

namespace cloudcost::cli {

using json = nlohmann::json;

// Builds a catalog in cloudcost's format from third-party sheets, as a spec file says: each
// source file (relative to the spec's data_dir) is imported into a scratch workspace, then the
// offers that match the source's filter are exported with their provenance. The built-in
// catalog (data/catalogs/builtin.json) is made this way from data/catalog-spec.json.
int cmdCatalogBuild(Context& ctx, const std::string& specFile, const std::string& out)
{
    auto text = readWholeFile(specFile, 16 << 20);
    if (!text) {
        return fail(ctx, text.error());
    }
    json spec;
    try {
        spec = json::parse(*text);
    } catch (const json::parse_error& e) {
        return fail(ctx,
                    makeError(Error::Code::ParseFailed,
                              "not valid JSON at byte " + std::to_string(e.byte),
                              specFile));
    }
    if (!spec.is_object() || !spec.contains("sources") || !spec["sources"].is_array()) {
        return fail(
            ctx,
            makeError(Error::Code::InvalidInput, "spec needs a \"sources\" array", specFile));
    }
    const auto specDir = std::filesystem::absolute(specFile).parent_path();
    const auto dataDir = specDir / spec.value("data_dir", std::string("."));

    char tmpl[] = "/tmp/cloudcost-catalog-build-XXXXXX";
    if (!mkdtemp(tmpl)) {
        return fail(ctx, makeError(Error::Code::IoFailed, "cannot create a scratch directory"));
    }
    const std::filesystem::path scratch = tmpl;
    struct Cleanup
    {
        std::filesystem::path dir;
        ~Cleanup()
        {
            std::error_code ec;
            std::filesystem::remove_all(dir, ec);
        }
    } cleanup{scratch};
    auto ws = pricing::Workspace::open(scratch / "build.db");
    if (!ws) {
        return fail(ctx, ws.error());
    }
    json catalog = {
        {"format", "cloudcost-catalog"},
        {"format_version", 1},
        {"generator",
         "cloudcost catalog build " + std::filesystem::path(specFile).filename().string()},
        {"description", spec.value("description", std::string())},
        {"sources", json::array()},
        {"offers", json::array()},
        {"specs", json::array()},
        {"spot_advice", json::array()},
        {"rates", json::array()}};
    std::string newest;
    for (std::size_t i = 0; i < spec["sources"].size(); ++i) {
        const json& entry = spec["sources"][i];
        const std::string where = specFile + ": sources[" + std::to_string(i) + "]";
        if (!entry.is_object() || !entry.contains("file") || !entry["file"].is_string()) {
            return fail(ctx, makeError(Error::Code::InvalidInput, "entry needs a \"file\"", where));
        }
        const auto path = dataDir / entry["file"].get<std::string>();
        pricing::ImportOptions options;
        if (entry.contains("params") && entry["params"].is_object()) {
            for (const auto& [k, v] : entry["params"].items()) {
                options.params[k] = v.get<std::string>();
            }
        }
        auto report = ws->importFile(path, options);
        if (!report) {
            return fail(ctx, report.error());
        }
        pricing::OfferQuery filter;
        filter.limit = 0;
        filter.includeSpecialClasses = true;
        const json f = entry.value("filter", json::object());
        filter.regions = f.value("regions", std::vector<std::string>{});
        filter.instanceRegex = f.value("instance_regex", std::string());
        auto part = ws->exportCatalogJson({report->source.id}, filter, "");
        if (!part) {
            return fail(ctx, part.error());
        }
        json doc = json::parse(*part);
        for (const char* section : {"sources", "offers", "specs", "spot_advice", "rates"}) {
            for (auto& row : doc[section]) {
                row.erase("imported_at"); // keep rebuilds byte-identical
                catalog[section].push_back(std::move(row));
            }
        }
        ctx.err << "cloudcost: " << path.filename().string() << ": "
                << report->source.stats.offersStored << " offers read, " << doc["offers"].size()
                << " kept\n";
        const std::string published = report->source.publishedAt;
        if (published > newest) {
            newest = published;
        }
    }
    // Derived sources (GCP VM prices assembled from component prices and machine types).
    auto all = ws->sources();
    if (!all) {
        return fail(ctx, all.error());
    }
    for (const auto& s : *all) {
        if (s.format != "gcp-assembled") {
            continue;
        }
        pricing::OfferQuery filter;
        filter.limit = 0;
        const json f = spec.value("derived_filter", json::object());
        filter.regions = f.value("regions", std::vector<std::string>{});
        filter.instanceRegex = f.value("instance_regex", std::string());
        auto part = ws->exportCatalogJson({s.id}, filter, "");
        if (!part) {
            return fail(ctx, part.error());
        }
        json doc = json::parse(*part);
        for (const char* section : {"sources", "offers", "specs", "spot_advice", "rates"}) {
            for (auto& row : doc[section]) {
                catalog[section].push_back(std::move(row));
            }
        }
        ctx.err << "cloudcost: " << s.name << ": " << doc["offers"].size() << " offers kept\n";
    }
    // The generated file carries no wall-clock time, so rebuilding from the same sheets gives
    // the same bytes; its date is that of its newest sheet.
    catalog["data_date"] = newest;
    const std::string bytes = pricing::dumpCatalog(catalog);
    if (auto st = writeFileAtomic(out, bytes); !st) {
        return fail(ctx, st.error());
    }
    ctx.err << "cloudcost: wrote " << out << ": " << catalog["sources"].size() << " sources, "
            << catalog["offers"].size() << " offers, " << catalog["specs"].size() << " specs ("
            << bytes.size() / 1024 << " KiB)\n";
    return 0;
}

} // namespace cloudcost::cli
