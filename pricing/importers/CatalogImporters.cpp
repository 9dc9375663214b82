#include "common/Text.h"
#include "pricing/Importer.h"

namespace cloudcost::pricing {

void registerCatalogImporters(std::vector<ImporterInfo>& out)
{
    // cloudcost's own catalog format (docs/CATALOG.md). A catalog holds several sources, so the
    // Workspace loads it itself (Workspace::importCatalogJson); this entry exists for detection.
    ImporterInfo info;
    info.name = "cloudcost-catalog";
    info.description = "cloudcost catalog JSON (the built-in catalog, `cloudcost catalog export`)";
    info.sniff = [](std::string_view head, std::string_view) {
        // Keys may come in any order; the marker must be a top-level "format" value.
        for (std::string_view marker :
             {"\"format\": \"cloudcost-catalog\"", "\"format\":\"cloudcost-catalog\""}) {
            if (text::contains(head, marker)) {
                return 100;
            }
        }
        return 0;
    };
    info.run = [](const ImportRequest& request, ImportSink&) -> Result<SourceFacts> {
        return makeError(Error::Code::Unsupported,
                         "a cloudcost catalog is loaded by the workspace, not by an importer",
                         request.displayName);
    };
    out.push_back(std::move(info));
}

} // namespace cloudcost::pricing
