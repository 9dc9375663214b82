#pragma once

#include "pricing/Workspace.h"

#include <QAbstractTableModel>

#include <vector>

namespace cloudcost::ui {

// A model wrapping the rows of one offers query. Used by the catalog table (and, later, charts).
class OffersModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Provider,
        Region,
        InstanceType,
        Vcpus,
        MemoryGib,
        Gpus,
        EffectiveHourly,
        Currency,
        PerVcpu,
        PerGib,
        Hourly,
        Upfront,
        PurchaseOption,
        Term,
        Os,
        Arch,
        Source,
        ColumnCount
    };
    // Raw numbers for sorting (DisplayRole is formatted text).
    static constexpr int SortRole = Qt::UserRole + 1;
    // What an export writes: raw numbers for numeric columns, the displayed text otherwise.
    static constexpr int ExportRole = Qt::UserRole + 2;

    explicit OffersModel(QObject* parent = nullptr);

    // Replaces the rows (a snapshot of a query result).
    void setRows(std::vector<pricing::OfferRow> rows);
    const pricing::OfferRow* rowAt(int row) const;
    const std::vector<pricing::OfferRow>& rows() const { return m_rows; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<pricing::OfferRow> m_rows;
};

} // namespace cloudcost::ui
