#include "data/rules/BuiltinRules.h"

#include <cstddef>

// Bytes placed by EmbeddedRules.S (.incbin), as for the built-in catalog.
extern "C" const char cloudcost_builtin_decision_tree_begin[];
extern "C" const char cloudcost_builtin_decision_tree_end[];

namespace cloudcost::data {

std::string_view builtinDecisionTreeJson()
{
    return {cloudcost_builtin_decision_tree_begin,
            static_cast<std::size_t>(cloudcost_builtin_decision_tree_end
                                     - cloudcost_builtin_decision_tree_begin)};
}

} // namespace cloudcost::data
