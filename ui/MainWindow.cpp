#include "ui/MainWindow.h"

#include "pricing/Workspace.h"
#include "ui/CatalogView.h"
#include "ui/CompareView.h"
#include "ui/FxDialog.h"
#include "ui/MessageBar.h"
#include "ui/SourcesView.h"
#include "ui/models/ImportJob.h"
#include "ui/models/OffersModel.h"
#include "ui/models/SourcesModel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

#include <set>

namespace cloudcost::ui {

namespace {
constexpr int kMaxRecent = 8;

QString fromStd(const std::string& s)
{
    return QString::fromStdString(s);
}

QString fromPath(const std::filesystem::path& p)
{
    return QString::fromStdString(p.string());
}

std::filesystem::path toPath(const QString& s)
{
    return std::filesystem::path(s.toStdString());
}
} // namespace

MainWindow::MainWindow(std::unique_ptr<pricing::Workspace> workspace, QWidget* parent)
    : QMainWindow(parent)
    , m_workspace(std::move(workspace))
{
    setAcceptDrops(true);
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    m_messages = new MessageBar(central);
    m_tabs = new QTabWidget(central);
    m_catalog = new CatalogView(m_tabs);
    m_compare = new CompareView(m_tabs);
    m_sources = new SourcesView(m_tabs);
    m_tabs->addTab(m_catalog, tr("&Catalog"));
    m_tabs->addTab(m_compare, tr("Co&mpare"));
    m_tabs->addTab(m_sources, tr("&Sources"));
    layout->addWidget(m_messages);
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    m_importLabel = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(260);
    m_cancel = new QPushButton(tr("Cancel import"), this);
    statusBar()->addPermanentWidget(m_importLabel);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    m_importLabel->hide();
    m_progress->hide();
    m_cancel->hide();
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_job) {
            m_job->cancel();
            m_importLabel->setText(tr("Cancelling…"));
        }
    });

    auto* toolbar = addToolBar(tr("Report currency"));
    toolbar->setObjectName(QStringLiteral("currencyToolbar"));
    toolbar->setMovable(false);
    toolbar->addWidget(new QLabel(tr("Report currency: "), toolbar));
    m_currency = new QComboBox(toolbar);
    m_currency->setToolTip(tr("Prices are converted with the latest exchange rate of the "
                              "workspace; the rate used is shown under the table."));
    toolbar->addWidget(m_currency);

    createMenus();
    connect(m_sources, &SourcesView::importRequested, this, [this] {
        const auto files = QFileDialog::getOpenFileNames(this, tr("Import price sheets"));
        importFiles(files);
    });
    connect(m_sources, &SourcesView::removeRequested, this, &MainWindow::removeSource);
    connect(m_currency, &QComboBox::currentIndexChanged, this, [this] {
        const QString currency = m_currency->currentData().toString();
        QSettings().setValue(QStringLiteral("reportCurrency"), currency);
        m_catalog->setCurrency(currency);
        m_compare->setCurrency(currency);
    });
    connect(m_catalog, &CatalogView::queryFailed, this, [this](const QString& message) {
        m_messages->showMessage(MessageBar::Kind::Error,
                                tr("The catalog filters could not be applied."),
                                message);
    });

    resize(1400, 850);
    refresh();
    addRecent(m_workspace->path());
}

MainWindow::~MainWindow() = default;

OffersModel* MainWindow::offersModel() const
{
    return m_catalog->model();
}

const std::filesystem::path& MainWindow::workspacePath() const
{
    return m_workspace->path();
}

void MainWindow::createMenus()
{
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New workspace…"), this, [this] {
        const auto path = QFileDialog::getSaveFileName(this,
                                                       tr("New workspace"),
                                                       QString(),
                                                       tr("cloudcost workspaces (*.db)"));
        if (!path.isEmpty()) {
            if (auto st = openWorkspace(toPath(path)); !st) {
                showError(tr("Could not create the workspace."), st.error());
            }
        }
    });
    file->addAction(tr("&Open workspace…"), QKeySequence::Open, this, [this] {
        const auto path = QFileDialog::getOpenFileName(this,
                                                       tr("Open workspace"),
                                                       QString(),
                                                       tr("cloudcost workspaces (*.db)"));
        if (!path.isEmpty()) {
            if (auto st = openWorkspace(toPath(path)); !st) {
                showError(tr("Could not open the workspace."), st.error());
            }
        }
    });
    file->addAction(tr("Save workspace &as…"), QKeySequence::SaveAs, this, [this] {
        const auto path = QFileDialog::getSaveFileName(this,
                                                       tr("Save workspace as"),
                                                       QString(),
                                                       tr("cloudcost workspaces (*.db)"));
        if (!path.isEmpty()) {
            if (auto st = saveWorkspaceAs(toPath(path)); !st) {
                showError(tr("Could not save the workspace."), st.error());
            }
        }
    });
    m_recentMenu = file->addMenu(tr("Open &recent"));
    rebuildRecentMenu();
    file->addSeparator();
    file->addAction(tr("&Import price sheet…"), QKeySequence(tr("Ctrl+I")), this, [this] {
        importFiles(QFileDialog::getOpenFileNames(this, tr("Import price sheets")));
    });
    file->addAction(tr("&Export table…"), QKeySequence(tr("Ctrl+E")), this, [this] {
        QString selected;
        const auto path = QFileDialog::getSaveFileName(this,
                                                       tr("Export the table as shown"),
                                                       QString(),
                                                       tr("CSV (*.csv);;JSON (*.json)"),
                                                       &selected);
        if (path.isEmpty()) {
            return;
        }
        if (auto st = exportCurrentTable(toPath(path)); !st) {
            showError(tr("Could not export the table."), st.error());
        } else {
            m_messages->showMessage(MessageBar::Kind::Information,
                                    tr("Exported the table to %1.").arg(path));
        }
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    auto* settings = menuBar()->addMenu(tr("&Settings"));
    // The report currency is also on the toolbar; the menu lists the same choices.
    auto* currency = settings->addMenu(tr("Report &currency"));
    currency->setObjectName(QStringLiteral("currencyMenu"));
    connect(currency, &QMenu::aboutToShow, this, [this, currency] {
        currency->clear();
        auto* choices = new QActionGroup(currency);
        for (int i = 0; i < m_currency->count(); ++i) {
            auto* action = currency->addAction(m_currency->itemText(i), this, [this, i] {
                m_currency->setCurrentIndex(i);
            });
            action->setCheckable(true);
            action->setChecked(i == m_currency->currentIndex());
            choices->addAction(action);
        }
    });
    settings->addAction(tr("&Exchange rates…"), this, [this] { showExchangeRates(); });
    auto* language = settings->addMenu(tr("&Language"));
    const std::pair<QString, QString> languages[] = {
        {tr("System language"), QString()},
        {QStringLiteral("English"), QStringLiteral("en")},
        {QStringLiteral("简体中文"), QStringLiteral("zh_CN")},
    };
    const QString current = QSettings().value(QStringLiteral("language")).toString();
    auto* group = new QActionGroup(language);
    for (const auto& [label, code] : languages) {
        auto* action = language->addAction(label, this, [this, code = code] {
            QSettings().setValue(QStringLiteral("language"), code);
            m_messages->showMessage(MessageBar::Kind::Information,
                                    tr("The language changes when cloudcost is started again."));
        });
        action->setCheckable(true);
        action->setChecked(code == current);
        group->addAction(action);
    }
}

void MainWindow::refresh()
{
    auto sources = m_workspace->sources();
    if (sources) {
        m_sources->model()->setSources(std::move(*sources));
    } else {
        showError(tr("Could not read the sources of the workspace."), sources.error());
    }
    reloadCurrencies();
    setWindowTitle(tr("%1 – cloudcost").arg(fromPath(m_workspace->path().filename())));
    m_catalog->setWorkspacePath(m_workspace->path());
    m_compare->setWorkspacePath(m_workspace->path());
}

void MainWindow::reloadCurrencies()
{
    std::set<std::string> codes{"USD"};
    if (auto rates = m_workspace->fxRates()) {
        for (const auto& r : *rates) {
            codes.insert(r.base);
            codes.insert(r.quote);
        }
    }
    const QString wanted = m_currency->count() > 0
                               ? m_currency->currentData().toString()
                               : QSettings().value(QStringLiteral("reportCurrency")).toString();
    const QSignalBlocker block(m_currency);
    m_currency->clear();
    m_currency->addItem(tr("as published"), QString());
    for (const auto& c : codes) {
        m_currency->addItem(fromStd(c), fromStd(c));
    }
    const int index = m_currency->findData(wanted);
    m_currency->setCurrentIndex(index < 0 ? 0 : index);
    const QString currency = m_currency->currentData().toString();
    // A superseded query is skipped by the runner, so setting it here costs nothing extra.
    if (m_catalog->currentQuery().currency != currency.toStdString()) {
        m_catalog->setCurrency(currency);
        m_compare->setCurrency(currency);
    }
}

void MainWindow::importFiles(const QStringList& paths)
{
    for (const auto& p : paths) {
        if (!p.isEmpty()) {
            m_pendingImports << p;
        }
    }
    if (!m_job) {
        startNextImport();
    }
}

void MainWindow::startNextImport()
{
    if (m_pendingImports.isEmpty()) {
        return;
    }
    const QString file = m_pendingImports.takeFirst();
    m_job = new ImportJob(m_workspace->path(), toPath(file), this);
    m_importLabel->setText(tr("Importing %1…").arg(QFileInfo(file).fileName()));
    m_progress->setRange(0, 0);
    m_importLabel->show();
    m_progress->show();
    m_cancel->show();
    m_sources->setBusy(true);
    connect(m_job, &ImportJob::progressChanged, this, [this](qint64 done, qint64 total) {
        if (total > 0) {
            m_progress->setRange(0, 1000);
            m_progress->setValue(static_cast<int>(done * 1000 / total));
        }
    });
    // After the file is read a large import builds its indexes, then writes: say so, or the
    // bar would sit at 100 % for seconds.
    connect(m_job, &ImportJob::stageChanged, this, [this, file](const QString& stage) {
        QString what = stage;
        auto is = [&stage](std::string_view name) {
            return stage == QLatin1String(name.data(), static_cast<int>(name.size()));
        };
        if (is(pricing::kImportStageIndexes)) {
            what = tr("building the offer indexes");
        } else if (is(pricing::kImportStageWriting)) {
            what = tr("writing to disk");
            m_progress->setRange(0, 0);
        }
        m_importLabel->setText(tr("Importing %1: %2…").arg(QFileInfo(file).fileName(), what));
    });
    connect(m_job, &ImportJob::finished, this, &MainWindow::importFinished);
    m_job->start();
}

void MainWindow::importFinished()
{
    const auto& result = *m_job->result();
    const QString name = fromPath(m_job->file().filename());
    if (m_job->wasCancelled()) {
        m_messages->showMessage(
            MessageBar::Kind::Information,
            tr("The import of %1 was cancelled; the workspace is unchanged.").arg(name));
    } else if (!result) {
        m_messages->showMessage(MessageBar::Kind::Error,
                                tr("Could not import %1; the workspace is unchanged.").arg(name),
                                fromStd(result.error().describe()));
    } else {
        const auto& report = *result;
        const QLocale locale;
        QString text = tr("Imported %1 (%2): %Ln offer(s)",
                          nullptr,
                          static_cast<int>(report.source.stats.offersStored))
                           .arg(name, fromStd(report.source.format));
        if (report.replacedSourceId) {
            text += tr("; it replaces the earlier import of the same sheet");
        }
        QStringList details;
        for (const auto& [reason, skip] : report.source.stats.skipped) {
            details << tr("Skipped %1 row(s): %2 (first at %3)")
                           .arg(locale.toString(static_cast<qulonglong>(skip.count)),
                                fromStd(reason),
                                fromStd(skip.firstWhere));
        }
        for (const auto& n : report.notes) {
            details << fromStd(n);
        }
        m_messages->showMessage(MessageBar::Kind::Information,
                                text,
                                details.join(QLatin1Char('\n')));
    }
    m_job->deleteLater();
    m_job = nullptr;
    m_importLabel->hide();
    m_progress->hide();
    m_cancel->hide();
    m_sources->setBusy(false);
    refresh();
    startNextImport();
}

FxDialog* MainWindow::showExchangeRates()
{
    if (!m_fxDialog) {
        m_fxDialog = new FxDialog(*m_workspace, this);
        m_fxDialog->setAttribute(Qt::WA_DeleteOnClose);
        // New rates: the currency list and both views' conversions follow.
        connect(m_fxDialog, &FxDialog::ratesChanged, this, &MainWindow::refresh);
    }
    m_fxDialog->show();
    m_fxDialog->raise();
    return m_fxDialog;
}

void MainWindow::removeSource(std::int64_t id)
{
    if (m_job) {
        return;
    }
    QString name = tr("source %1").arg(id);
    qulonglong offers = 0;
    if (auto sources = m_workspace->sources()) {
        for (const auto& s : *sources) {
            if (s.id == id) {
                name = fromStd(s.name);
                offers = s.stats.offersStored;
            }
        }
    }
    const QString question =
        tr("Remove %1 and the %Ln offer(s) imported from it? This cannot be undone; import the "
           "sheet again to get them back.",
           nullptr,
           static_cast<int>(offers))
            .arg(name);
    const bool go =
        m_confirm ? m_confirm(tr("Remove source"), question)
                  : QMessageBox::question(this, tr("Remove source"), question) == QMessageBox::Yes;
    if (!go) {
        return;
    }
    if (auto st = m_workspace->removeSource(id); !st) {
        showError(tr("Could not remove the source."), st.error());
        return;
    }
    m_messages->showMessage(MessageBar::Kind::Information,
                            tr("Removed the source and everything imported from it."));
    refresh();
}

Status MainWindow::exportCurrentTable(const std::filesystem::path& path)
{
    if (m_tabs->currentWidget() == m_compare) {
        return exportTable(path, m_compare->exportSpec());
    }
    return exportTable(path, m_catalog->exportSpec());
}

Status MainWindow::openWorkspace(const std::filesystem::path& path)
{
    if (m_job) {
        return makeError(Error::Code::InvalidInput,
                         "wait for the import to finish (or cancel it) before changing workspace");
    }
    auto ws = pricing::Workspace::open(path);
    if (!ws) {
        return ws.error();
    }
    if (auto loaded = ws->ensureBuiltinCatalog(); !loaded) {
        return loaded.error();
    }
    if (m_fxDialog) {
        m_fxDialog->close(); // it edits the workspace being replaced
        m_fxDialog = nullptr;
    }
    m_workspace = std::make_unique<pricing::Workspace>(std::move(*ws));
    addRecent(path);
    m_messages->hide();
    refresh();
    return {};
}

Status MainWindow::saveWorkspaceAs(const std::filesystem::path& path)
{
    if (m_job) {
        return makeError(Error::Code::InvalidInput,
                         "wait for the import to finish (or cancel it) before saving");
    }
    // VACUUM INTO writes a consistent snapshot; it goes to a temporary name in the same directory
    // and is renamed over the target, so the target is never half written.
    auto tmp = path;
    tmp += ".cloudcost-tmp";
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    auto stmt = m_workspace->database().prepare("VACUUM INTO ?");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, tmp.string());
    if (auto st = stmt->run(); !st) {
        std::filesystem::remove(tmp, ec);
        return makeError(Error::Code::IoFailed, st.error().message, path.string());
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        return makeError(Error::Code::IoFailed, "could not rename into place", path.string());
    }
    return openWorkspace(path);
}

void MainWindow::addRecent(const std::filesystem::path& path)
{
    QSettings settings;
    auto recent = settings.value(QStringLiteral("recentWorkspaces")).toStringList();
    const QString p = QFileInfo(fromPath(path)).absoluteFilePath();
    recent.removeAll(p);
    recent.prepend(p);
    while (recent.size() > kMaxRecent) {
        recent.removeLast();
    }
    settings.setValue(QStringLiteral("recentWorkspaces"), recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    if (!m_recentMenu) {
        return;
    }
    m_recentMenu->clear();
    const auto recent = QSettings().value(QStringLiteral("recentWorkspaces")).toStringList();
    for (const auto& p : recent) {
        m_recentMenu->addAction(p, this, [this, p] {
            if (auto st = openWorkspace(toPath(p)); !st) {
                showError(tr("Could not open the workspace."), st.error());
            }
        });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::showError(const QString& text, const Error& error)
{
    m_messages->showMessage(MessageBar::Kind::Error, text, fromStd(error.describe()));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls()) {
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent* event)
{
    QStringList files;
    for (const auto& url : event->mimeData()->urls()) {
        if (url.isLocalFile()) {
            files << url.toLocalFile();
        }
    }
    if (!files.isEmpty()) {
        event->acceptProposedAction();
        importFiles(files);
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_job) {
        m_job->cancel(); // ~ImportJob waits; the cancelled import leaves the workspace as it was
    }
    QMainWindow::closeEvent(event);
}

} // namespace cloudcost::ui
