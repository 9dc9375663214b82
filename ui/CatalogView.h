#pragma once

#include "pricing/Workspace.h"
#include "ui/models/TableExport.h"

#include <QWidget>

#include <filesystem>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QMenu;
class QSortFilterProxyModel;
class QTableView;
class QTextBrowser;
class QTimer;

namespace cloudcost::ui {

class OffersModel;
class OfferQueryRunner;

// The catalog: every filter of `cloudcost offers`, applied as the user types (debounced, queried
// on a worker thread), the offers table with sortable columns and a column chooser, and a details
// pane with the provenance of the selected offer.
class CatalogView : public QWidget
{
    Q_OBJECT

public:
    // At most this many rows are fetched per query (the cheapest under the current sort).
    static constexpr std::size_t kRowLimit = 2000;

    explicit CatalogView(QWidget* parent = nullptr);

    // Points the view at a workspace file and queries it.
    void setWorkspacePath(const std::filesystem::path& path);
    // Report currency ("" = each offer's own); re-queries.
    void setCurrency(const QString& currency);

    // The query the filters describe now (without the currency's validity check).
    pricing::OfferQuery currentQuery() const;
    // What File → Export writes: the rows, columns, order and currency on screen.
    TableExportSpec exportSpec() const;

    OffersModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QLineEdit* instanceFilter() const { return m_instanceRegex; }
    QLineEdit* providerFilter() const { return m_providers; }
    QTextBrowser* details() const { return m_details; }
    QMenu* columnMenu() const { return m_columnMenu; }
    // True while a query for the current filters is still running or waiting for the debounce.
    bool isUpdating() const;

public slots:
    // Queries again now (skips the debounce).
    void refresh();

signals:
    // A query finished and its rows are shown.
    void refreshed();
    void queryFailed(const QString& message);

private:
    void scheduleRefresh();
    void showDetails();
    void onSortChanged(int column, Qt::SortOrder order);
    QJsonObject viewContext() const;

    std::filesystem::path m_path;
    QString m_currency;
    OffersModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    OfferQueryRunner* m_runner = nullptr;
    QTimer* m_debounce = nullptr;
    QTableView* m_table = nullptr;
    QTextBrowser* m_details = nullptr;
    QMenu* m_columnMenu = nullptr;
    QLabel* m_status = nullptr;

    QLineEdit* m_providers = nullptr;
    QLineEdit* m_regions = nullptr;
    QLineEdit* m_instanceRegex = nullptr;
    QLineEdit* m_os = nullptr;
    QComboBox* m_arch = nullptr;
    QComboBox* m_tenancy = nullptr;
    QComboBox* m_purchase = nullptr;
    QComboBox* m_term = nullptr;
    QComboBox* m_payment = nullptr;
    QComboBox* m_license = nullptr;
    QDoubleSpinBox* m_minVcpus = nullptr;
    QDoubleSpinBox* m_maxVcpus = nullptr;
    QDoubleSpinBox* m_minMemory = nullptr;
    QDoubleSpinBox* m_maxMemory = nullptr;
    QDoubleSpinBox* m_minGpus = nullptr;
    QLineEdit* m_gpuModel = nullptr;
    QDoubleSpinBox* m_maxHourly = nullptr;
    QCheckBox* m_special = nullptr;
    pricing::OfferQuery::Sort m_sort = pricing::OfferQuery::Sort::EffectiveHourly;
    bool m_descending = false;
};

// Splits "aws, azure gcp" into its words (commas or spaces); empty words are dropped.
std::vector<std::string> splitList(const QString& text);

} // namespace cloudcost::ui
