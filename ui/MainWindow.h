#pragma once

#include "common/Result.h"

#include <QMainWindow>
#include <QPointer>
#include <QStringList>

#include <filesystem>
#include <functional>
#include <memory>

class QComboBox;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace cloudcost::pricing {
class Workspace;
}

namespace cloudcost::ui {

class CatalogView;
class CompareView;
class FxDialog;
class ImportJob;
class MessageBar;
class OffersModel;
class SourcesView;

// The main window: catalog, comparison and sources of one workspace, imports with progress and
// Cancel (run on a worker thread), export of the table on screen, and the workspace files.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(std::unique_ptr<pricing::Workspace> workspace, QWidget* parent = nullptr);
    ~MainWindow() override;

    OffersModel* offersModel() const;
    CatalogView* catalogView() const { return m_catalog; }
    CompareView* compareView() const { return m_compare; }
    SourcesView* sourcesView() const { return m_sources; }
    MessageBar* messageBar() const { return m_messages; }
    QTabWidget* tabs() const { return m_tabs; }
    QComboBox* currencyBox() const { return m_currency; }
    // The import running now, or nullptr.
    ImportJob* currentImport() const { return m_job; }
    QPushButton* cancelButton() const { return m_cancel; }
    const std::filesystem::path& workspacePath() const;

    // Queues files for import (one at a time, in order).
    void importFiles(const QStringList& paths);
    // Writes the table of the current tab (rows, columns, order, currency as shown) to path,
    // as JSON when it ends in .json, else CSV; atomically.
    Status exportCurrentTable(const std::filesystem::path& path);
    // Opens (creating when missing) the workspace at path; on failure the current one stays.
    Status openWorkspace(const std::filesystem::path& path);
    // Copies the workspace to path (a consistent snapshot) and continues there.
    Status saveWorkspaceAs(const std::filesystem::path& path);
    // Settings → Exchange rates (non-modal; one at a time).
    FxDialog* showExchangeRates();
    // Asks the user before a destructive step (title, question); true = go ahead. A message box
    // by default; tests replace it.
    using Confirm = std::function<bool(const QString& title, const QString& question)>;
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }

public slots:
    // Reloads sources and currencies and re-queries both offer views.
    void refresh();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    void startNextImport();
    void importFinished();
    void removeSource(std::int64_t id);
    void reloadCurrencies();
    void addRecent(const std::filesystem::path& path);
    void rebuildRecentMenu();
    void showError(const QString& text, const Error& error);

    std::unique_ptr<pricing::Workspace> m_workspace;
    MessageBar* m_messages = nullptr;
    QPointer<FxDialog> m_fxDialog;
    Confirm m_confirm;
    QTabWidget* m_tabs = nullptr;
    CatalogView* m_catalog = nullptr;
    CompareView* m_compare = nullptr;
    SourcesView* m_sources = nullptr;
    QComboBox* m_currency = nullptr;
    QMenu* m_recentMenu = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancel = nullptr;
    QLabel* m_importLabel = nullptr;
    ImportJob* m_job = nullptr;
    QStringList m_pendingImports;
};

} // namespace cloudcost::ui
