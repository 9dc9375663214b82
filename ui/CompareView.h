#pragma once

#include "pricing/Workspace.h"
#include "ui/models/TableExport.h"

#include <QWidget>

#include <filesystem>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace cloudcost::ui {

class CompareCharts;
class OfferQueryRunner;
class OffersModel;

// Provider comparison: the user states a requirement and sees the cheapest matching offer of each
// provider and region as a table, a bar chart and a price-per-vCPU/price-per-GiB scatter, all three
// reading one model.
class CompareView : public QWidget
{
    Q_OBJECT

public:
    explicit CompareView(QWidget* parent = nullptr);

    void setWorkspacePath(const std::filesystem::path& path);
    void setCurrency(const QString& currency);
    pricing::OfferQuery currentQuery() const;
    TableExportSpec exportSpec() const;

    OffersModel* model() const { return m_model; }
    CompareCharts* charts() const { return m_charts; }
    QDoubleSpinBox* minVcpus() const { return m_minVcpus; }
    QDoubleSpinBox* minMemory() const { return m_minMemory; }
    QLineEdit* providers() const { return m_providers; }
    bool isUpdating() const;

public slots:
    void refresh();

signals:
    void refreshed();

private:
    std::filesystem::path m_path;
    QString m_currency;
    OffersModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    OfferQueryRunner* m_runner = nullptr;
    QTimer* m_debounce = nullptr;
    QTableView* m_table = nullptr;
    CompareCharts* m_charts = nullptr;
    QLabel* m_status = nullptr;
    QDoubleSpinBox* m_minVcpus = nullptr;
    QDoubleSpinBox* m_minMemory = nullptr;
    QDoubleSpinBox* m_minGpus = nullptr;
    QComboBox* m_arch = nullptr;
    QLineEdit* m_os = nullptr;
    QComboBox* m_purchase = nullptr;
    QLineEdit* m_providers = nullptr;
    QLineEdit* m_regions = nullptr;
};

} // namespace cloudcost::ui
