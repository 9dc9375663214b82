#include "ui/models/TableExport.h"

#include "common/AtomicFile.h"
#include "common/CsvWriter.h"

#include <QAbstractItemModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

#include <vector>

namespace cloudcost::ui {

namespace {
QString header(const TableExportSpec& spec, int column)
{
    return spec.model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString();
}

QString cellText(const QVariant& v)
{
    switch (v.typeId()) {
    case QMetaType::Double:
        return QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QMetaType::UnknownType:
        return {};
    default:
        return v.toString();
    }
}

QJsonValue cellJson(const QVariant& v)
{
    switch (v.typeId()) {
    case QMetaType::Double:
    case QMetaType::Float:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return QJsonValue(v.toDouble());
    case QMetaType::Bool:
        return QJsonValue(v.toBool());
    case QMetaType::UnknownType:
        return QJsonValue(QJsonValue::Null);
    default:
        return QJsonValue(v.toString());
    }
}
} // namespace

std::string tableToCsv(const TableExportSpec& spec)
{
    std::string out;
    std::vector<std::string> fields;
    for (int c : spec.columns) {
        fields.push_back(header(spec, c).toStdString());
    }
    out += csvLine(fields);
    const int rows = spec.model->rowCount();
    for (int r = 0; r < rows; ++r) {
        fields.clear();
        for (int c : spec.columns) {
            fields.push_back(
                cellText(spec.model->data(spec.model->index(r, c), spec.valueRole)).toStdString());
        }
        out += csvLine(fields);
    }
    return out;
}

std::string tableToJson(const TableExportSpec& spec)
{
    QJsonArray columns;
    QStringList titles;
    for (int c : spec.columns) {
        titles << header(spec, c);
        columns.append(titles.back());
    }
    QJsonArray rows;
    const int count = spec.model->rowCount();
    for (int r = 0; r < count; ++r) {
        QJsonObject row;
        for (qsizetype i = 0; i < spec.columns.size(); ++i) {
            row.insert(
                titles[i],
                cellJson(spec.model->data(spec.model->index(r, spec.columns[i]), spec.valueRole)));
        }
        rows.append(row);
    }
    QJsonObject doc;
    doc.insert(QStringLiteral("view"), spec.context);
    doc.insert(QStringLiteral("columns"), columns);
    doc.insert(QStringLiteral("rows"), rows);
    return QJsonDocument(doc).toJson(QJsonDocument::Indented).toStdString();
}

Status exportTable(const std::filesystem::path& path, const TableExportSpec& spec)
{
    const bool json = path.extension() == ".json" || path.extension() == ".JSON";
    return writeFileAtomic(path, json ? tableToJson(spec) : tableToCsv(spec));
}

} // namespace cloudcost::ui
