#pragma once

#include <QWidget>

#include <cstdint>

class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace cloudcost::ui {

class SourcesModel;

// The imported sheets of the workspace with their provenance and counts; import and remove.
class SourcesView : public QWidget
{
    Q_OBJECT

public:
    explicit SourcesView(QWidget* parent = nullptr);

    SourcesModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QPushButton* removeButton() const { return m_remove; }
    // The id of the selected source, 0 when none is selected.
    std::int64_t selectedSourceId() const;
    // Disables the buttons that change the workspace (while an import runs).
    void setBusy(bool busy);

signals:
    void importRequested();
    void removeRequested(std::int64_t sourceId);

private:
    SourcesModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    QPushButton* m_import = nullptr;
    QPushButton* m_remove = nullptr;
};

} // namespace cloudcost::ui
