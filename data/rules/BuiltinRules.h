#pragma once

#include <string_view>

namespace cloudcost::data {

// The shipped decision tree (data/rules/decision-tree.json, format in docs/DECISION-TREE.md),
// embedded like the built-in catalog so the headless CLI needs no file next to it.
std::string_view builtinDecisionTreeJson();

} // namespace cloudcost::data
