#include "ui/models/SourcesModel.h"

#include <QLocale>

namespace cloudcost::ui {

namespace {
QString fromStd(const std::string& s)
{
    return QString::fromStdString(s);
}

std::uint64_t otherRows(const pricing::ImportStats& s)
{
    return s.specsStored + s.spotPricesStored + s.spotAdviceStored + s.ratesStored;
}
} // namespace

SourcesModel::SourcesModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void SourcesModel::setSources(std::vector<pricing::SourceRecord> sources)
{
    beginResetModel();
    m_sources = std::move(sources);
    endResetModel();
}

const pricing::SourceRecord* SourcesModel::sourceAt(int row) const
{
    if (row < 0 || static_cast<std::size_t>(row) >= m_sources.size()) {
        return nullptr;
    }
    return &m_sources[static_cast<std::size_t>(row)];
}

int SourcesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_sources.size());
}

int SourcesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SourcesModel::data(const QModelIndex& index, int role) const
{
    const auto* s = sourceAt(index.row());
    if (!s || index.column() < 0 || index.column() >= ColumnCount) {
        return {};
    }
    const QLocale locale;
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case Offers:
        case OtherRows:
        case Skipped:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        QString tip = s->path.empty() ? tr("Built-in catalog") : fromStd(s->path);
        tip += QLatin1Char('\n') + tr("SHA-256: %1").arg(fromStd(s->sha256));
        for (const auto& [reason, skip] : s->stats.skipped) {
            tip += QLatin1Char('\n')
                   + tr("Skipped %1 × %2 (first at %3)")
                         .arg(locale.toString(static_cast<qulonglong>(skip.count)),
                              fromStd(reason),
                              fromStd(skip.firstWhere));
        }
        return tip;
    }
    if (role != Qt::DisplayRole && role != SortRole) {
        return {};
    }
    auto count = [&](std::uint64_t n) -> QVariant {
        return role == SortRole ? QVariant(static_cast<qulonglong>(n))
                                : QVariant(locale.toString(static_cast<qulonglong>(n)));
    };
    switch (index.column()) {
    case Name:
        return s->builtin ? tr("%1 (built-in)").arg(fromStd(s->name)) : fromStd(s->name);
    case Format:
        return fromStd(s->format);
    case Provider:
        return fromStd(s->provider);
    case PublishedAt:
        return fromStd(s->publishedAt);
    case Offers:
        return count(s->stats.offersStored);
    case OtherRows:
        return count(otherRows(s->stats));
    case Skipped:
        return count(s->stats.skippedTotal());
    case ImportedAt:
        return fromStd(s->importedAt);
    default:
        return {};
    }
}

QVariant SourcesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case Name:
        return tr("Sheet");
    case Format:
        return tr("Format");
    case Provider:
        return tr("Provider");
    case PublishedAt:
        return tr("Published");
    case Offers:
        return tr("Offers");
    case OtherRows:
        return tr("Other rows");
    case Skipped:
        return tr("Skipped");
    case ImportedAt:
        return tr("Imported (UTC)");
    default:
        return {};
    }
}

} // namespace cloudcost::ui
