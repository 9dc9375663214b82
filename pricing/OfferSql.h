#pragma once

#include "pricing/Workspace.h"

#include <string>
#include <variant>
#include <vector>

// Internal to pricing: the SQL WHERE clause of an OfferQuery, shared by queries and exports.
namespace cloudcost::pricing::detail {

using SqlValue = std::variant<std::string, double, std::int64_t>;

struct WhereClause
{
    std::string sql; // " AND ..." conditions on table alias o, starting with "1=1"
    std::vector<SqlValue> values;
};

// The OS condition is written `+o.os` (SQLite then never picks the narrow offers_os index for
// it, which would sort every Linux offer) unless osIndexable: queryOffers asks for it only when
// a probe found the OS rare and the walk is hinted INDEXED BY offers_os.
WhereClause offerWhere(const OfferQuery& query, bool osIndexable = false);
void bindAll(sql::Statement& st, const std::vector<SqlValue>& values, int first = 1);

} // namespace cloudcost::pricing::detail
