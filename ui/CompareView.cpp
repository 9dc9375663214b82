#include "ui/CompareView.h"

#include "ui/CatalogView.h"
#include "ui/charts/CompareCharts.h"
#include "ui/models/OfferQueryRunner.h"
#include "ui/models/OffersModel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace cloudcost::ui {

namespace {
QDoubleSpinBox* atLeast(QWidget* parent, double max, const QString& suffix)
{
    auto* spin = new QDoubleSpinBox(parent);
    spin->setRange(0, max);
    spin->setDecimals(1);
    spin->setSpecialValueText(CompareView::tr("any"));
    spin->setSuffix(suffix);
    return spin;
}

QJsonArray jsonList(const std::vector<std::string>& items)
{
    QJsonArray a;
    for (const auto& s : items) {
        a.append(QString::fromStdString(s));
    }
    return a;
}
} // namespace

CompareView::CompareView(QWidget* parent)
    : QWidget(parent)
    , m_model(new OffersModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_runner(new OfferQueryRunner(this))
    , m_debounce(new QTimer(this))
{
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(200);

    auto* inputs = new QWidget(this);
    auto* form = new QFormLayout(inputs);
    m_minVcpus = atLeast(inputs, 4096, tr(" vCPU"));
    m_minVcpus->setValue(4);
    m_minMemory = atLeast(inputs, 65536, tr(" GiB"));
    m_minMemory->setValue(16);
    m_minGpus = atLeast(inputs, 64, tr(" GPU"));
    m_arch = new QComboBox(inputs);
    m_arch->addItem(tr("any"), QString());
    m_arch->addItem(tr("x86_64"), QStringLiteral("x86_64"));
    m_arch->addItem(tr("arm64"), QStringLiteral("arm64"));
    m_os = new QLineEdit(QStringLiteral("linux"), inputs);
    m_os->setPlaceholderText(tr("any (e.g. linux, windows)"));
    m_purchase = new QComboBox(inputs);
    m_purchase->addItem(tr("on demand"), QStringLiteral("on_demand"));
    m_purchase->addItem(tr("reserved"), QStringLiteral("reserved"));
    m_purchase->addItem(tr("savings plan"), QStringLiteral("savings_plan"));
    m_purchase->addItem(tr("committed use"), QStringLiteral("committed_use"));
    m_purchase->addItem(tr("spot"), QStringLiteral("spot"));
    m_purchase->addItem(tr("any"), QString());
    m_providers = new QLineEdit(inputs);
    m_providers->setPlaceholderText(tr("all (e.g. aws, azure, gcp)"));
    m_regions = new QLineEdit(inputs);
    m_regions->setPlaceholderText(tr("all (e.g. us-east-1, eastus)"));
    form->addRow(tr("vCPU at least"), m_minVcpus);
    form->addRow(tr("Memory at least"), m_minMemory);
    form->addRow(tr("GPUs at least"), m_minGpus);
    form->addRow(tr("Architecture"), m_arch);
    form->addRow(tr("OS"), m_os);
    form->addRow(tr("Purchase option"), m_purchase);
    form->addRow(tr("Providers"), m_providers);
    form->addRow(tr("Regions"), m_regions);
    auto* note = new QLabel(tr("Shows the cheapest matching offer of each provider and region, by "
                               "effective price per hour (upfront payments spread over the term)."),
                            inputs);
    note->setWordWrap(true);
    form->addRow(note);
    inputs->setMaximumWidth(340);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(OffersModel::SortRole);
    m_table = new QTableView(this);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(OffersModel::EffectiveHourly, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    for (int c : {int(OffersModel::Upfront), int(OffersModel::Arch), int(OffersModel::Term)}) {
        m_table->setColumnHidden(c, true);
    }
    m_charts = new CompareCharts(m_proxy, this);
    m_status = new QLabel(this);

    auto* right = new QSplitter(Qt::Vertical, this);
    auto* top = new QWidget(right);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_table, 1);
    topLayout->addWidget(m_status);
    right->addWidget(top);
    right->addWidget(m_charts);
    right->setStretchFactor(0, 2);
    right->setStretchFactor(1, 3);
    m_charts->setMinimumHeight(360);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(inputs);
    layout->addWidget(right, 1);

    for (auto* spin : {m_minVcpus, m_minMemory, m_minGpus}) {
        connect(spin, &QDoubleSpinBox::valueChanged, m_debounce, qOverload<>(&QTimer::start));
    }
    for (auto* edit : {m_os, m_providers, m_regions}) {
        connect(edit, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    }
    for (auto* box : {m_arch, m_purchase}) {
        connect(box, &QComboBox::currentIndexChanged, m_debounce, qOverload<>(&QTimer::start));
    }
    connect(m_debounce, &QTimer::timeout, this, &CompareView::refresh);
    connect(m_runner,
            &OfferQueryRunner::finished,
            this,
            [this](const pricing::OfferPage& page, qint64 elapsedMs) {
                m_model->setRows(page.rows);
                m_table->resizeColumnsToContents();
                m_status->setText(tr("%n provider/region(s) with a matching offer · query %1 ms",
                                     nullptr,
                                     static_cast<int>(page.rows.size()))
                                      .arg(elapsedMs));
                emit refreshed();
            });
    connect(m_runner, &OfferQueryRunner::failed, this, [this](const QString& message) {
        m_status->setText(tr("The requirement could not be applied: %1").arg(message));
    });
}

void CompareView::setWorkspacePath(const std::filesystem::path& path)
{
    m_path = path;
    refresh();
}

void CompareView::setCurrency(const QString& currency)
{
    m_currency = currency;
    refresh();
}

bool CompareView::isUpdating() const
{
    return m_debounce->isActive() || m_runner->isBusy();
}

void CompareView::refresh()
{
    m_debounce->stop();
    if (!m_path.empty()) {
        m_runner->submit(m_path, currentQuery());
    }
}

pricing::OfferQuery CompareView::currentQuery() const
{
    pricing::OfferQuery q;
    q.cheapestPerRegion = true;
    q.limit = 0;
    auto positive = [](const QDoubleSpinBox* s) {
        return s->value() > 0 ? std::optional<double>(s->value()) : std::nullopt;
    };
    q.minVcpus = positive(m_minVcpus);
    q.minMemoryGib = positive(m_minMemory);
    q.minGpus = positive(m_minGpus);
    if (const auto v = m_arch->currentData().toString(); !v.isEmpty()) {
        q.archs = {v.toStdString()};
    }
    q.os = splitList(m_os->text().toLower());
    if (const auto v = m_purchase->currentData().toString(); !v.isEmpty()) {
        q.purchaseOptions = {*pricing::parsePurchaseOption(v.toStdString())};
    }
    q.providers = splitList(m_providers->text().toLower());
    q.regions = splitList(m_regions->text());
    q.currency = m_currency.toStdString();
    return q;
}

TableExportSpec CompareView::exportSpec() const
{
    TableExportSpec spec;
    spec.model = m_proxy;
    const auto* header = m_table->horizontalHeader();
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical)) {
            spec.columns << logical;
        }
    }
    spec.valueRole = OffersModel::ExportRole;
    const auto q = currentQuery();
    QJsonObject requirement;
    if (q.minVcpus) {
        requirement.insert(QStringLiteral("min_vcpus"), *q.minVcpus);
    }
    if (q.minMemoryGib) {
        requirement.insert(QStringLiteral("min_memory_gib"), *q.minMemoryGib);
    }
    if (q.minGpus) {
        requirement.insert(QStringLiteral("min_gpus"), *q.minGpus);
    }
    if (!q.archs.empty()) {
        requirement.insert(QStringLiteral("arch"), jsonList(q.archs));
    }
    if (!q.os.empty()) {
        requirement.insert(QStringLiteral("os"), jsonList(q.os));
    }
    if (!q.purchaseOptions.empty()) {
        requirement.insert(
            QStringLiteral("purchase_option"),
            QString::fromStdString(std::string(pricing::toString(q.purchaseOptions.front()))));
    }
    if (!q.providers.empty()) {
        requirement.insert(QStringLiteral("providers"), jsonList(q.providers));
    }
    if (!q.regions.empty()) {
        requirement.insert(QStringLiteral("regions"), jsonList(q.regions));
    }
    spec.context.insert(QStringLiteral("view"), QStringLiteral("compare"));
    spec.context.insert(QStringLiteral("workspace"), QString::fromStdString(m_path.string()));
    spec.context.insert(QStringLiteral("requirement"), requirement);
    spec.context.insert(QStringLiteral("cheapest_per_provider_region"), true);
    spec.context.insert(QStringLiteral("currency"),
                        m_currency.isEmpty() ? QStringLiteral("native") : m_currency);
    return spec;
}

} // namespace cloudcost::ui
