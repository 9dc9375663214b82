#include "ui/CatalogView.h"

#include "ui/models/OfferQueryRunner.h"
#include "ui/models/OffersModel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace cloudcost::ui {

namespace {
QString fromStd(const std::string& s)
{
    return QString::fromStdString(s);
}

QDoubleSpinBox* limitSpin(QWidget* parent, double max, const QString& suffix)
{
    auto* spin = new QDoubleSpinBox(parent);
    spin->setRange(0, max);
    spin->setDecimals(max > 1000 ? 0 : 2);
    spin->setSpecialValueText(CatalogView::tr("any"));
    spin->setSuffix(suffix);
    spin->setAccelerated(true);
    return spin;
}

QComboBox* choiceBox(QWidget* parent, const std::vector<std::pair<QString, QString>>& items)
{
    auto* box = new QComboBox(parent);
    box->addItem(CatalogView::tr("any"), QString());
    for (const auto& [label, value] : items) {
        box->addItem(label, value);
    }
    return box;
}

std::optional<double> positive(const QDoubleSpinBox* spin)
{
    return spin->value() > 0 ? std::optional<double>(spin->value()) : std::nullopt;
}

QJsonArray jsonList(const std::vector<std::string>& items)
{
    QJsonArray a;
    for (const auto& s : items) {
        a.append(fromStd(s));
    }
    return a;
}

QString sortName(pricing::OfferQuery::Sort sort)
{
    switch (sort) {
    case pricing::OfferQuery::Sort::PerVcpu:
        return QStringLiteral("per-vcpu");
    case pricing::OfferQuery::Sort::PerGib:
        return QStringLiteral("per-gib");
    case pricing::OfferQuery::Sort::InstanceType:
        return QStringLiteral("instance-type");
    case pricing::OfferQuery::Sort::EffectiveHourly:
        break;
    }
    return QStringLiteral("effective-hourly");
}
} // namespace

std::vector<std::string> splitList(const QString& text)
{
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    std::vector<std::string> out;
    for (const auto& word : text.split(separators, Qt::SkipEmptyParts)) {
        out.push_back(word.toStdString());
    }
    return out;
}

CatalogView::CatalogView(QWidget* parent)
    : QWidget(parent)
    , m_model(new OffersModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_runner(new OfferQueryRunner(this))
    , m_debounce(new QTimer(this))
{
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(200);

    auto* filterPanel = new QWidget(this);
    auto* form = new QFormLayout(filterPanel);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_providers = new QLineEdit(filterPanel);
    m_providers->setPlaceholderText(tr("all (e.g. aws, azure)"));
    m_regions = new QLineEdit(filterPanel);
    m_regions->setPlaceholderText(tr("all (e.g. us-east-1, eastus)"));
    m_instanceRegex = new QLineEdit(filterPanel);
    m_instanceRegex->setPlaceholderText(tr("regular expression, e.g. ^m5\\."));
    m_os = new QLineEdit(filterPanel);
    m_os->setPlaceholderText(tr("all (e.g. linux, windows)"));
    m_arch = choiceBox(
        filterPanel,
        {{tr("x86_64"), QStringLiteral("x86_64")}, {tr("arm64"), QStringLiteral("arm64")}});
    m_tenancy = choiceBox(filterPanel,
                          {{tr("shared"), QStringLiteral("shared")},
                           {tr("dedicated"), QStringLiteral("dedicated")},
                           {tr("host"), QStringLiteral("host")}});
    m_purchase = choiceBox(filterPanel,
                           {{tr("on demand"), QStringLiteral("on_demand")},
                            {tr("reserved"), QStringLiteral("reserved")},
                            {tr("savings plan"), QStringLiteral("savings_plan")},
                            {tr("committed use"), QStringLiteral("committed_use")},
                            {tr("spot"), QStringLiteral("spot")}});
    m_term =
        choiceBox(filterPanel,
                  {{tr("1 year"), QStringLiteral("12")}, {tr("3 years"), QStringLiteral("36")}});
    m_payment = choiceBox(filterPanel,
                          {{tr("no upfront"), QStringLiteral("no_upfront")},
                           {tr("partial upfront"), QStringLiteral("partial_upfront")},
                           {tr("all upfront"), QStringLiteral("all_upfront")}});
    m_license = choiceBox(filterPanel,
                          {{tr("included"), QStringLiteral("included")},
                           {tr("bring your own"), QStringLiteral("byol")}});
    m_minVcpus = limitSpin(filterPanel, 4096, tr(" vCPU"));
    m_maxVcpus = limitSpin(filterPanel, 4096, tr(" vCPU"));
    m_minMemory = limitSpin(filterPanel, 65536, tr(" GiB"));
    m_maxMemory = limitSpin(filterPanel, 65536, tr(" GiB"));
    m_minGpus = limitSpin(filterPanel, 64, tr(" GPU"));
    m_gpuModel = new QLineEdit(filterPanel);
    m_gpuModel->setPlaceholderText(tr("any (e.g. A100)"));
    m_maxHourly = limitSpin(filterPanel, 1e6, tr(" per hour"));
    m_maxHourly->setDecimals(4);
    m_special = new QCheckBox(tr("Include Azure DevTest and low-priority prices"), filterPanel);
    m_special->setToolTip(tr("These are not general prices, so they are left out by default."));

    auto pair = [&](QWidget* a, QWidget* b) {
        auto* w = new QWidget(filterPanel);
        auto* h = new QHBoxLayout(w);
        h->setContentsMargins(0, 0, 0, 0);
        h->addWidget(a);
        h->addWidget(new QLabel(tr("to"), w));
        h->addWidget(b);
        return w;
    };
    form->addRow(tr("&Providers"), m_providers);
    form->addRow(tr("&Regions"), m_regions);
    form->addRow(tr("&Instance type"), m_instanceRegex);
    form->addRow(tr("vCPU"), pair(m_minVcpus, m_maxVcpus));
    form->addRow(tr("Memory"), pair(m_minMemory, m_maxMemory));
    form->addRow(tr("GPUs at least"), m_minGpus);
    form->addRow(tr("GPU model"), m_gpuModel);
    form->addRow(tr("Architecture"), m_arch);
    form->addRow(tr("&OS"), m_os);
    form->addRow(tr("Tenancy"), m_tenancy);
    form->addRow(tr("Purchase option"), m_purchase);
    form->addRow(tr("Term"), m_term);
    form->addRow(tr("Payment"), m_payment);
    form->addRow(tr("Licence"), m_license);
    form->addRow(tr("Effective hourly at most"), m_maxHourly);
    form->addRow(m_special);
    auto* columnsButton = new QToolButton(filterPanel);
    columnsButton->setText(tr("Columns…"));
    columnsButton->setPopupMode(QToolButton::InstantPopup);
    form->addRow(columnsButton);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(filterPanel);
    scroll->setWidgetResizable(true);
    scroll->setMinimumWidth(300);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(OffersModel::SortRole);
    m_table = new QTableView(this);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->verticalHeader()->setVisible(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setSortIndicator(OffersModel::EffectiveHourly, Qt::AscendingOrder);

    m_columnMenu = new QMenu(tr("Columns"), this);
    for (int c = 0; c < OffersModel::ColumnCount; ++c) {
        auto* action = m_columnMenu->addAction(m_model->headerData(c, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(true);
        action->setData(c);
        connect(action, &QAction::toggled, this, [this, c](bool on) {
            m_table->setColumnHidden(c, !on);
        });
    }
    m_columnMenu->actions().at(OffersModel::Upfront)->setChecked(false);
    m_columnMenu->actions().at(OffersModel::Arch)->setChecked(false);
    columnsButton->setMenu(m_columnMenu);
    connect(m_table->horizontalHeader(),
            &QHeaderView::customContextMenuRequested,
            this,
            [this](const QPoint& pos) {
                m_columnMenu->popup(m_table->horizontalHeader()->mapToGlobal(pos));
            });

    m_details = new QTextBrowser(this);
    m_details->setOpenLinks(false);
    m_details->setPlaceholderText(tr("Select an offer to see its details and provenance."));
    m_status = new QLabel(this);

    auto* right = new QSplitter(Qt::Vertical, this);
    auto* tableBox = new QWidget(right);
    auto* tableLayout = new QVBoxLayout(tableBox);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(m_table, 1);
    tableLayout->addWidget(m_status);
    right->addWidget(tableBox);
    right->addWidget(m_details);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 1);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(scroll);
    split->addWidget(right);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    // Object names: for tests, the timing harness (bench/GuiBench.cpp) and accessibility tools.
    const std::pair<QWidget*, const char*> names[] = {{m_providers, "filter-providers"},
                                                      {m_regions, "filter-regions"},
                                                      {m_instanceRegex, "filter-instance"},
                                                      {m_os, "filter-os"},
                                                      {m_gpuModel, "filter-gpu-model"},
                                                      {m_arch, "filter-arch"},
                                                      {m_tenancy, "filter-tenancy"},
                                                      {m_purchase, "filter-purchase"},
                                                      {m_term, "filter-term"},
                                                      {m_payment, "filter-payment"},
                                                      {m_license, "filter-license"},
                                                      {m_minVcpus, "filter-min-vcpus"},
                                                      {m_maxVcpus, "filter-max-vcpus"},
                                                      {m_minMemory, "filter-min-memory"},
                                                      {m_maxMemory, "filter-max-memory"},
                                                      {m_minGpus, "filter-min-gpus"},
                                                      {m_maxHourly, "filter-max-hourly"},
                                                      {m_special, "filter-special"}};
    for (const auto& [widget, name] : names) {
        widget->setObjectName(QString::fromLatin1(name));
    }
    // Typing waits for a pause (the debounce); a choice from a list or a tick is one deliberate
    // change and queries at once.
    for (auto* edit : {m_providers, m_regions, m_instanceRegex, m_os, m_gpuModel}) {
        connect(edit, &QLineEdit::textChanged, this, &CatalogView::scheduleRefresh);
    }
    for (auto* box : {m_arch, m_tenancy, m_purchase, m_term, m_payment, m_license}) {
        connect(box, &QComboBox::currentIndexChanged, this, &CatalogView::refresh);
    }
    for (auto* spin : {m_minVcpus, m_maxVcpus, m_minMemory, m_maxMemory, m_minGpus, m_maxHourly}) {
        connect(spin, &QDoubleSpinBox::valueChanged, this, &CatalogView::scheduleRefresh);
    }
    connect(m_special, &QCheckBox::toggled, this, &CatalogView::refresh);
    connect(m_debounce, &QTimer::timeout, this, &CatalogView::refresh);
    connect(m_table->horizontalHeader(),
            &QHeaderView::sortIndicatorChanged,
            this,
            &CatalogView::onSortChanged);
    connect(m_table->selectionModel(),
            &QItemSelectionModel::currentRowChanged,
            this,
            &CatalogView::showDetails);
    connect(m_runner,
            &OfferQueryRunner::finished,
            this,
            [this](const pricing::OfferPage& page, qint64 elapsedMs) {
                const bool first = m_model->rowCount() == 0;
                m_model->setRows(page.rows);
                if (first) {
                    m_table->resizeColumnsToContents();
                }
                QString text =
                    tr("%Ln offer(s) shown", nullptr, static_cast<int>(page.rows.size()));
                if (page.rows.size() >= kRowLimit) {
                    text += tr(" (the first %1 in the current order; narrow the filters to see "
                               "others)")
                                .arg(QLocale().toString(static_cast<qulonglong>(kRowLimit)));
                }
                text += tr(" · query %1 ms").arg(elapsedMs);
                for (const auto& r : page.ratesUsed) {
                    text += tr(" · 1 %1 = %2 %3 (%4)")
                                .arg(fromStd(r.base))
                                .arg(r.rate)
                                .arg(fromStd(r.quote), fromStd(r.asOf));
                }
                m_status->setText(text);
                m_details->clear();
                emit refreshed();
            });
    connect(m_runner, &OfferQueryRunner::failed, this, [this](const QString& message) {
        m_status->setText(tr("The filters could not be applied: %1").arg(message));
        emit queryFailed(message);
    });
}

void CatalogView::setWorkspacePath(const std::filesystem::path& path)
{
    m_path = path;
    refresh();
}

void CatalogView::setCurrency(const QString& currency)
{
    m_currency = currency;
    refresh();
}

bool CatalogView::isUpdating() const
{
    return m_debounce->isActive() || m_runner->isBusy();
}

void CatalogView::scheduleRefresh()
{
    m_debounce->start();
}

void CatalogView::refresh()
{
    m_debounce->stop();
    if (m_path.empty()) {
        return;
    }
    m_runner->submit(m_path, currentQuery());
}

pricing::OfferQuery CatalogView::currentQuery() const
{
    pricing::OfferQuery q;
    q.limit = kRowLimit;
    q.providers = splitList(m_providers->text().toLower());
    q.regions = splitList(m_regions->text());
    q.instanceRegex = m_instanceRegex->text().trimmed().toStdString();
    q.os = splitList(m_os->text().toLower());
    if (const auto v = m_arch->currentData().toString(); !v.isEmpty()) {
        q.archs = {v.toStdString()};
    }
    if (const auto v = m_tenancy->currentData().toString(); !v.isEmpty()) {
        q.tenancies = {v.toStdString()};
    }
    if (const auto v = m_purchase->currentData().toString(); !v.isEmpty()) {
        q.purchaseOptions = {*pricing::parsePurchaseOption(v.toStdString())};
    }
    if (const auto v = m_term->currentData().toString(); !v.isEmpty()) {
        q.termMonths = v.toInt();
    }
    if (const auto v = m_payment->currentData().toString(); !v.isEmpty()) {
        q.paymentOption = pricing::parsePaymentOption(v.toStdString());
    }
    q.licenseModel = m_license->currentData().toString().toStdString();
    q.minVcpus = positive(m_minVcpus);
    q.maxVcpus = positive(m_maxVcpus);
    q.minMemoryGib = positive(m_minMemory);
    q.maxMemoryGib = positive(m_maxMemory);
    q.minGpus = positive(m_minGpus);
    q.gpuModel = m_gpuModel->text().trimmed().toStdString();
    q.maxEffectiveHourly = positive(m_maxHourly);
    q.includeSpecialClasses = m_special->isChecked();
    q.sort = m_sort;
    q.descending = m_descending;
    q.currency = m_currency.toStdString();
    return q;
}

void CatalogView::onSortChanged(int column, Qt::SortOrder order)
{
    // Sorts the query itself where it can, so the rows fetched are the first ones in that order
    // (sorting only the fetched rows would hide cheaper offers past the row limit).
    using Sort = pricing::OfferQuery::Sort;
    std::optional<Sort> sort;
    switch (column) {
    case OffersModel::EffectiveHourly:
        sort = Sort::EffectiveHourly;
        break;
    case OffersModel::PerVcpu:
        sort = Sort::PerVcpu;
        break;
    case OffersModel::PerGib:
        sort = Sort::PerGib;
        break;
    case OffersModel::InstanceType:
        sort = Sort::InstanceType;
        break;
    default:
        break;
    }
    const bool descending = order == Qt::DescendingOrder;
    if (sort && (*sort != m_sort || descending != m_descending)) {
        m_sort = *sort;
        m_descending = descending;
        refresh();
    }
}

QJsonObject CatalogView::viewContext() const
{
    const auto q = currentQuery();
    QJsonObject filters;
    auto addList = [&](const char* key, const std::vector<std::string>& v) {
        if (!v.empty()) {
            filters.insert(QLatin1String(key), jsonList(v));
        }
    };
    auto addNumber = [&](const char* key, const std::optional<double>& v) {
        if (v) {
            filters.insert(QLatin1String(key), *v);
        }
    };
    auto addText = [&](const char* key, const std::string& v) {
        if (!v.empty()) {
            filters.insert(QLatin1String(key), fromStd(v));
        }
    };
    addList("providers", q.providers);
    addList("regions", q.regions);
    addText("instance_regex", q.instanceRegex);
    addList("os", q.os);
    addList("arch", q.archs);
    addList("tenancy", q.tenancies);
    if (!q.purchaseOptions.empty()) {
        addText("purchase_option", std::string(pricing::toString(q.purchaseOptions.front())));
    }
    if (q.termMonths) {
        filters.insert(QStringLiteral("term_months"), *q.termMonths);
    }
    if (q.paymentOption) {
        addText("payment_option", std::string(pricing::toString(*q.paymentOption)));
    }
    addText("license_model", q.licenseModel);
    addNumber("min_vcpus", q.minVcpus);
    addNumber("max_vcpus", q.maxVcpus);
    addNumber("min_memory_gib", q.minMemoryGib);
    addNumber("max_memory_gib", q.maxMemoryGib);
    addNumber("min_gpus", q.minGpus);
    addText("gpu_model", q.gpuModel);
    addNumber("max_effective_hourly", q.maxEffectiveHourly);
    if (q.includeSpecialClasses) {
        filters.insert(QStringLiteral("include_special_classes"), true);
    }
    QJsonObject context;
    context.insert(QStringLiteral("view"), QStringLiteral("catalog"));
    context.insert(QStringLiteral("workspace"), QString::fromStdString(m_path.string()));
    context.insert(QStringLiteral("filters"), filters);
    context.insert(QStringLiteral("query_sort"), sortName(q.sort));
    context.insert(QStringLiteral("descending"), q.descending);
    context.insert(QStringLiteral("currency"),
                   m_currency.isEmpty() ? QStringLiteral("native") : m_currency);
    context.insert(QStringLiteral("row_limit"), static_cast<qint64>(kRowLimit));
    return context;
}

TableExportSpec CatalogView::exportSpec() const
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
    spec.context = viewContext();
    return spec;
}

void CatalogView::showDetails()
{
    const auto current = m_proxy->mapToSource(m_table->currentIndex());
    const auto* r = m_model->rowAt(current.row());
    if (!r) {
        m_details->clear();
        return;
    }
    const auto& o = r->offer;
    const QLocale locale;
    QString html = QStringLiteral("<table cellspacing='2'>");
    auto row = [&](const QString& label, const QString& value) {
        if (!value.isEmpty()) {
            html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                        .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
        }
    };
    auto number = [&](const std::optional<double>& v) {
        return v ? locale.toString(*v, 'g', 6) : tr("unknown");
    };
    row(tr("Instance type"), fromStd(o.instanceType));
    row(tr("Effective date"), fromStd(o.effectiveDate));
    row(tr("SKU"), fromStd(o.sku));
    row(tr("Source sheet"),
        fromStd(r->sourceName) + (r->builtin ? tr(" (built-in catalog)") : QString()));
    row(tr("Sheet published"), fromStd(r->sourcePublishedAt));
    row(tr("Provider / service"), fromStd(o.provider + " / " + o.service));
    row(tr("Region"), fromStd(o.zone.empty() ? o.region : o.region + " (" + o.zone + ")"));
    row(tr("vCPU / memory"), tr("%1 vCPU, %2 GiB").arg(number(o.vcpus), number(o.memoryGib)));
    if (o.gpus && *o.gpus > 0) {
        row(tr("GPU"),
            tr("%1 × %2 (%3 GiB)")
                .arg(number(o.gpus), fromStd(o.gpuModel), number(o.gpuMemoryGib)));
    }
    row(tr("Architecture"), fromStd(o.arch));
    row(tr("OS / licence"),
        fromStd(o.os + (o.licenseModel.empty() ? "" : " / " + o.licenseModel)
                + (o.preinstalledSoftware.empty() ? "" : " + " + o.preinstalledSoftware)));
    row(tr("Tenancy"), fromStd(o.tenancy));
    std::string purchase(pricing::toString(o.purchaseOption));
    if (o.termMonths) {
        purchase += ", " + std::to_string(o.termMonths) + " months";
    }
    if (o.paymentOption != pricing::PaymentOption::None) {
        purchase += ", " + std::string(pricing::toString(o.paymentOption));
    }
    if (!o.offeringClass.empty()) {
        purchase += ", " + o.offeringClass;
    }
    row(tr("Purchase option"), fromStd(purchase));
    row(tr("Price as published"),
        tr("%1 %2 per hour + %3 %2 upfront")
            .arg(locale.toString(o.hourly, 'g', 8), fromStd(o.currency))
            .arg(locale.toString(o.upfront, 'g', 8)));
    row(tr("Effective hourly"),
        tr("%1 %2 (hourly + upfront spread over the term, 8760 h a year)")
            .arg(locale.toString(r->reportEffectiveHourly, 'f', 4), fromStd(r->reportCurrency)));
    html += QStringLiteral("</table>");
    m_details->setHtml(html);
}

} // namespace cloudcost::ui
