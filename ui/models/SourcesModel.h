#pragma once

#include "pricing/Workspace.h"

#include <QAbstractTableModel>

#include <vector>

namespace cloudcost::ui {

// A model wrapping the imported sheets of a workspace (their provenance and import counts). Used by
// the sources view.
class SourcesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Name,
        Format,
        Provider,
        PublishedAt,
        Offers,
        OtherRows,
        Skipped,
        ImportedAt,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit SourcesModel(QObject* parent = nullptr);

    // Replaces the rows (a snapshot of Workspace::sources()).
    void setSources(std::vector<pricing::SourceRecord> sources);
    const pricing::SourceRecord* sourceAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<pricing::SourceRecord> m_sources;
};

} // namespace cloudcost::ui
