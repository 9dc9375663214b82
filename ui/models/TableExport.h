#pragma once

#include "common/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <filesystem>
#include <string>

class QAbstractItemModel;

namespace cloudcost::ui {

// What to write of a table: the model's rows in the model's order (pass the sorted and filtered
// proxy the view shows), the columns in the order given (the view's visible columns in visual
// order), each cell's data in valueRole (invalid data is written as an empty cell / null).
struct TableExportSpec
{
    const QAbstractItemModel* model = nullptr;
    QList<int> columns;
    int valueRole = Qt::DisplayRole;
    QJsonObject context; // written as "view" in JSON: filters, currency, sort, ...
};

// The table as CSV (RFC 4180, a header line of column titles, formula-looking text neutralised).
std::string tableToCsv(const TableExportSpec& spec);
// The table as JSON: {"view": context, "columns": [titles], "rows": [{title: value}, ...]}.
std::string tableToJson(const TableExportSpec& spec);
// Writes the table to path atomically, as JSON when path ends in .json and as CSV otherwise.
Status exportTable(const std::filesystem::path& path, const TableExportSpec& spec);

} // namespace cloudcost::ui
