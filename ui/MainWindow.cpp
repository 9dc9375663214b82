#include "ui/MainWindow.h"

#include "pricing/Workspace.h"
#include "ui/models/OffersModel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>

namespace cloudcost::ui {

MainWindow::MainWindow(std::unique_ptr<pricing::Workspace> workspace, QWidget* parent)
    : QMainWindow(parent)
    , m_workspace(std::move(workspace))
{
    setWindowTitle(tr("cloudcost – catalog"));
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    auto* filters = new QHBoxLayout();
    m_provider = new QComboBox(central);
    m_provider->addItem(tr("All providers"), QString());
    for (const char* p : {"aws", "azure", "gcp", "alibaba", "lambda", "vast"}) {
        m_provider->addItem(QString::fromLatin1(p), QString::fromLatin1(p));
    }
    m_purchase = new QComboBox(central);
    m_purchase->addItem(tr("All purchase options"), QString());
    for (const char* p : {"on_demand", "reserved", "savings_plan", "committed_use", "spot"}) {
        m_purchase->addItem(QString::fromLatin1(p), QString::fromLatin1(p));
    }
    m_regex = new QLineEdit(central);
    m_regex->setPlaceholderText(tr("Instance type (regular expression)"));
    m_minVcpus = new QDoubleSpinBox(central);
    m_minVcpus->setRange(0, 4096);
    m_minVcpus->setPrefix(tr("≥ "));
    m_minVcpus->setSuffix(tr(" vCPU"));
    m_minMemory = new QDoubleSpinBox(central);
    m_minMemory->setRange(0, 65536);
    m_minMemory->setPrefix(tr("≥ "));
    m_minMemory->setSuffix(tr(" GiB"));
    filters->addWidget(m_provider);
    filters->addWidget(m_purchase);
    filters->addWidget(m_regex, 1);
    filters->addWidget(m_minVcpus);
    filters->addWidget(m_minMemory);
    layout->addLayout(filters);

    m_model = new OffersModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(OffersModel::SortRole);
    m_table = new QTableView(central);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->sortByColumn(OffersModel::EffectiveHourly, Qt::AscendingOrder);
    layout->addWidget(m_table, 1);
    setCentralWidget(central);
    m_status = new QLabel(this);
    statusBar()->addWidget(m_status, 1);

    connect(m_regex, &QLineEdit::textChanged, this, &MainWindow::refresh);
    connect(m_provider, &QComboBox::currentIndexChanged, this, &MainWindow::refresh);
    connect(m_purchase, &QComboBox::currentIndexChanged, this, &MainWindow::refresh);
    connect(m_minVcpus, &QDoubleSpinBox::valueChanged, this, &MainWindow::refresh);
    connect(m_minMemory, &QDoubleSpinBox::valueChanged, this, &MainWindow::refresh);
    resize(1280, 760);
    refresh();
}

MainWindow::~MainWindow() = default;

void MainWindow::refresh()
{
    pricing::OfferQuery q;
    q.limit = 5000;
    const QString provider = m_provider->currentData().toString();
    if (!provider.isEmpty()) {
        q.providers = {provider.toStdString()};
    }
    const QString purchase = m_purchase->currentData().toString();
    if (!purchase.isEmpty()) {
        q.purchaseOptions = {*pricing::parsePurchaseOption(purchase.toStdString())};
    }
    q.instanceRegex = m_regex->text().toStdString();
    if (m_minVcpus->value() > 0) {
        q.minVcpus = m_minVcpus->value();
    }
    if (m_minMemory->value() > 0) {
        q.minMemoryGib = m_minMemory->value();
    }
    auto page = m_workspace->queryOffers(q);
    if (!page) {
        m_status->setText(
            tr("Query failed: %1").arg(QString::fromStdString(page.error().describe())));
        return;
    }
    const auto shown = page->rows.size();
    m_model->setRows(std::move(page->rows));
    m_table->resizeColumnsToContents();
    m_status->setText(tr("%n offer(s) shown (at most 5000, cheapest first) from %1",
                         nullptr,
                         static_cast<int>(shown))
                          .arg(QString::fromStdString(m_workspace->path().string())));
}

} // namespace cloudcost::ui
