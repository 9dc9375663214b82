#include "data/BuiltinCatalog.h"

// Bytes placed by EmbeddedCatalog.S (.incbin), so no Qt resource system is needed: the CLI and the
// domain stay free of Qt.
extern "C" const char cloudcost_builtin_catalog_begin[];
extern "C" const char cloudcost_builtin_catalog_end[];

namespace cloudcost::data {

std::string_view builtinCatalogJson()
{
    return {
        cloudcost_builtin_catalog_begin,
        static_cast<std::size_t>(cloudcost_builtin_catalog_end - cloudcost_builtin_catalog_begin)};
}

} // namespace cloudcost::data
