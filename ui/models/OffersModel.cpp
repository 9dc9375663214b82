#include "ui/models/OffersModel.h"

#include <QLocale>

namespace cloudcost::ui {

namespace {
QString fromStd(const std::string& s)
{
    return QString::fromStdString(s);
}

QVariant optNumber(const std::optional<double>& v)
{
    return v ? QVariant(*v) : QVariant();
}
} // namespace

OffersModel::OffersModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void OffersModel::setRows(std::vector<pricing::OfferRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

const pricing::OfferRow* OffersModel::rowAt(int row) const
{
    if (row < 0 || static_cast<std::size_t>(row) >= m_rows.size()) {
        return nullptr;
    }
    return &m_rows[static_cast<std::size_t>(row)];
}

int OffersModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int OffersModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OffersModel::data(const QModelIndex& index, int role) const
{
    const auto* r = rowAt(index.row());
    if (!r || index.column() < 0 || index.column() >= ColumnCount) {
        return {};
    }
    const auto& o = r->offer;
    const QLocale locale;
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case Vcpus:
        case MemoryGib:
        case Gpus:
        case Hourly:
        case Upfront:
        case EffectiveHourly:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole && role != SortRole) {
        return {};
    }
    const bool sort = role == SortRole;
    auto money = [&](double v) -> QVariant {
        return sort ? QVariant(v) : QVariant(locale.toString(v, 'f', v < 1 ? 4 : 2));
    };
    auto number = [&](const std::optional<double>& v) -> QVariant {
        if (sort) {
            return optNumber(v);
        }
        return v ? QVariant(locale.toString(*v, 'g', 6)) : QVariant(QStringLiteral("–"));
    };
    switch (index.column()) {
    case Provider:
        return fromStd(o.provider);
    case Region:
        return fromStd(o.zone.empty() ? o.region : o.region + " (" + o.zone + ")");
    case InstanceType:
        return fromStd(o.instanceType);
    case Vcpus:
        return number(o.vcpus);
    case MemoryGib:
        return number(o.memoryGib);
    case Gpus:
        return sort ? optNumber(o.gpus)
                    : QVariant(o.gpus ? locale.toString(*o.gpus, 'g', 4) + QLatin1Char(' ')
                                            + fromStd(o.gpuModel)
                                      : QString());
    case Os:
        return fromStd(o.os);
    case PurchaseOption:
        return fromStd(std::string(pricing::toString(o.purchaseOption))
                       + (o.offeringClass.empty() ? "" : "/" + o.offeringClass));
    case Term:
        return sort ? QVariant(o.termMonths)
                    : QVariant(o.termMonths ? tr("%n month(s)", nullptr, o.termMonths) : QString());
    case Hourly:
        return money(r->reportHourly);
    case Upfront:
        return money(r->reportUpfront);
    case EffectiveHourly:
        return money(r->reportEffectiveHourly);
    case Currency:
        return fromStd(r->reportCurrency);
    case Source:
        return fromStd(r->sourceName);
    default:
        return {};
    }
}

QVariant OffersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case Provider:
        return tr("Provider");
    case Region:
        return tr("Region");
    case InstanceType:
        return tr("Instance type");
    case Vcpus:
        return tr("vCPU");
    case MemoryGib:
        return tr("Memory (GiB)");
    case Gpus:
        return tr("GPU");
    case Os:
        return tr("OS");
    case PurchaseOption:
        return tr("Purchase option");
    case Term:
        return tr("Term");
    case Hourly:
        return tr("Hourly");
    case Upfront:
        return tr("Upfront");
    case EffectiveHourly:
        return tr("Effective hourly");
    case Currency:
        return tr("Currency");
    case Source:
        return tr("Source");
    default:
        return {};
    }
}

} // namespace cloudcost::ui
