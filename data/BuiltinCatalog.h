#pragma once

#include <string_view>

namespace cloudcost::data {

// The built-in catalog (data/catalogs/builtin.json, in cloudcost's own catalog format), embedded in
// the executable so a fresh install has real prices without any file next to it.
std::string_view builtinCatalogJson();

} // namespace cloudcost::data
