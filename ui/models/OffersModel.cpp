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
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case Vcpus:
        case MemoryGib:
        case Gpus:
        case Hourly:
        case Upfront:
        case EffectiveHourly:
        case PerVcpu:
        case PerGib:
        case Term:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == EffectiveHourly) {
        return tr("Hourly price plus the upfront payment spread over the term (8760 hours a "
                  "year)");
    }
    if (role != Qt::DisplayRole && role != SortRole && role != ExportRole) {
        return {};
    }
    const QLocale locale;
    const bool raw = role != Qt::DisplayRole;
    auto money = [&](double v) -> QVariant {
        return raw ? QVariant(v) : QVariant(locale.toString(v, 'f', v < 1 ? 4 : 2));
    };
    auto perUnit = [&](const std::optional<double>& units) -> QVariant {
        if (!units || *units <= 0) {
            return raw ? QVariant() : QVariant(QStringLiteral("–"));
        }
        const double v = r->reportEffectiveHourly / *units;
        return raw ? QVariant(v) : QVariant(locale.toString(v, 'f', 4));
    };
    auto number = [&](const std::optional<double>& v) -> QVariant {
        if (raw) {
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
    case Gpus: {
        if (role == SortRole) {
            return optNumber(o.gpus);
        }
        if (!o.gpus || *o.gpus == 0) {
            return QString();
        }
        const QString count =
            role == ExportRole ? QString::number(*o.gpus) : locale.toString(*o.gpus, 'g', 4);
        return o.gpuModel.empty() ? count : QString(count + QLatin1Char(' ') + fromStd(o.gpuModel));
    }
    case Arch:
        return fromStd(o.arch);
    case Os:
        return fromStd(o.os);
    case PurchaseOption: {
        std::string text(pricing::toString(o.purchaseOption));
        if (o.paymentOption != pricing::PaymentOption::None) {
            text += " " + std::string(pricing::toString(o.paymentOption));
        }
        if (!o.offeringClass.empty()) {
            text += " (" + o.offeringClass + ")";
        }
        return fromStd(text);
    }
    case Term:
        if (role != Qt::DisplayRole) {
            return QVariant(o.termMonths);
        }
        return QVariant(o.termMonths ? tr("%n month(s)", nullptr, o.termMonths) : QString());
    case Hourly:
        return money(r->reportHourly);
    case Upfront:
        return money(r->reportUpfront);
    case EffectiveHourly:
        return money(r->reportEffectiveHourly);
    case PerVcpu:
        return perUnit(o.vcpus);
    case PerGib:
        return perUnit(o.memoryGib);
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
    case Arch:
        return tr("Architecture");
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
    case PerVcpu:
        return tr("Per vCPU-hour");
    case PerGib:
        return tr("Per GiB-hour");
    case Currency:
        return tr("Currency");
    case Source:
        return tr("Source");
    default:
        return {};
    }
}

} // namespace cloudcost::ui
