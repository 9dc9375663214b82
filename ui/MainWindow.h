#pragma once

#include <QMainWindow>

#include <filesystem>
#include <memory>

class QLineEdit;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace cloudcost::pricing {
class Workspace;
}

namespace cloudcost::ui {

class OffersModel;

// The main window: the catalog of offers in the current workspace with its filters.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(std::unique_ptr<pricing::Workspace> workspace, QWidget* parent = nullptr);
    ~MainWindow() override;

    OffersModel* offersModel() const { return m_model; }

public slots:
    // Runs the query for the current filters and shows the rows.
    void refresh();

private:
    std::unique_ptr<pricing::Workspace> m_workspace;
    OffersModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    QLineEdit* m_regex = nullptr;
    QComboBox* m_provider = nullptr;
    QComboBox* m_purchase = nullptr;
    QDoubleSpinBox* m_minVcpus = nullptr;
    QDoubleSpinBox* m_minMemory = nullptr;
    QLabel* m_status = nullptr;
};

} // namespace cloudcost::ui
