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

WhereClause offerWhere(const OfferQuery& query);
void bindAll(sql::Statement& st, const std::vector<SqlValue>& values, int first = 1);

} // namespace cloudcost::pricing::detail
