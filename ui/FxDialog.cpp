#include "ui/FxDialog.h"

#include "pricing/Workspace.h"

#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace cloudcost::ui {

namespace {

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

QString errorText(const Error& e)
{
    return e.context.empty() ? q(e.message) : q(e.context) + QStringLiteral(": ") + q(e.message);
}

} // namespace

FxDialog::FxDialog(pricing::Workspace& workspace, QWidget* parent)
    : QDialog(parent)
    , m_workspace(workspace)
{
    setWindowTitle(tr("Exchange rates"));
    m_table = new QTableWidget(0, 5, this);
    m_table->setHorizontalHeaderLabels(
        {tr("base"), tr("quote"), tr("quote per 1 base"), tr("as of"), tr("source")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();

    m_base = new QLineEdit(this);
    m_base->setPlaceholderText(tr("e.g. CNY"));
    m_base->setMaxLength(3);
    m_quote = new QLineEdit(this);
    m_quote->setPlaceholderText(tr("e.g. USD"));
    m_quote->setMaxLength(3);
    m_rate = new QDoubleSpinBox(this);
    m_rate->setDecimals(8);
    m_rate->setRange(0, 1e9);
    m_date = new QDateEdit(QDate::currentDate(), this);
    m_date->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_date->setCalendarPopup(true);
    m_source = new QLineEdit(this);
    m_source->setPlaceholderText(tr("where the rate comes from, e.g. ECB reference rate"));
    m_set = new QPushButton(tr("&Set rate"), this);
    auto* import = new QPushButton(tr("&Import CSV…"), this);
    import->setToolTip(tr("A CSV with the header date,base,quote,rate[,source]; all rows or none"));
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* form = new QFormLayout;
    form->addRow(tr("1 unit of"), m_base);
    form->addRow(tr("equals"), m_rate);
    form->addRow(tr("of currency"), m_quote);
    form->addRow(tr("as of"), m_date);
    form->addRow(tr("source"), m_source);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_set);
    buttons->addWidget(import);
    buttons->addStretch();
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(close);

    connect(m_set, &QPushButton::clicked, this, [this] { setRateFromForm(); });
    connect(import, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this,
                                                          tr("Import exchange rates"),
                                                          QString(),
                                                          tr("CSV files (*.csv);;All files (*)"));
        if (!path.isEmpty()) {
            importCsv(path);
        }
    });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &FxDialog::editSelected);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(720, 480);
    reload();
}

QString FxDialog::status() const
{
    return m_status->text();
}

void FxDialog::showStatus(const QString& text, bool error)
{
    m_status->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
    m_status->setText(text);
}

void FxDialog::reload()
{
    auto rates = m_workspace.fxRates();
    if (!rates) {
        showStatus(tr("Could not read the exchange rates: %1").arg(errorText(rates.error())), true);
        return;
    }
    m_table->setRowCount(static_cast<int>(rates->size()));
    int row = 0;
    for (const auto& r : *rates) {
        const QString cells[] = {q(r.base),
                                 q(r.quote),
                                 QString::number(r.rate, 'g', 10),
                                 q(r.asOf),
                                 q(r.source)};
        for (int c = 0; c < 5; ++c) {
            m_table->setItem(row, c, new QTableWidgetItem(cells[c]));
        }
        ++row;
    }
    m_table->resizeColumnsToContents();
    if (rates->empty()) {
        showStatus(tr("No exchange rates yet: prices stay in their own currency until a rate "
                      "is set or imported."),
                   false);
    }
}

void FxDialog::editSelected()
{
    const auto rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        return;
    }
    const int r = rows.front().row();
    m_base->setText(m_table->item(r, 0)->text());
    m_quote->setText(m_table->item(r, 1)->text());
    m_rate->setValue(m_table->item(r, 2)->text().toDouble());
    m_date->setDate(QDate::fromString(m_table->item(r, 3)->text(), Qt::ISODate));
    m_source->setText(m_table->item(r, 4)->text());
}

bool FxDialog::setRateFromForm()
{
    pricing::FxRate rate;
    rate.base = m_base->text().trimmed().toUpper().toStdString();
    rate.quote = m_quote->text().trimmed().toUpper().toStdString();
    rate.rate = m_rate->value();
    rate.asOf = m_date->date().toString(Qt::ISODate).toStdString();
    rate.source = m_source->text().trimmed().toStdString();
    if (rate.source.empty()) {
        showStatus(tr("Say where the rate comes from (source): every conversion is shown with "
                      "its rate, date and source."),
                   true);
        return false;
    }
    if (auto st = m_workspace.setFxRate(rate); !st) {
        showStatus(tr("The rate was not set: %1").arg(errorText(st.error())), true);
        return false;
    }
    reload();
    showStatus(tr("Set 1 %1 = %2 %3 as of %4.")
                   .arg(q(rate.base))
                   .arg(rate.rate, 0, 'g', 10)
                   .arg(q(rate.quote), q(rate.asOf)),
               false);
    emit ratesChanged();
    return true;
}

bool FxDialog::importCsv(const QString& path)
{
    auto n = m_workspace.importFxCsv(path.toStdString());
    if (!n) {
        showStatus(tr("Nothing was imported: %1").arg(errorText(n.error())), true);
        return false;
    }
    reload();
    showStatus(tr("Imported %n rate(s).", nullptr, static_cast<int>(*n)), false);
    emit ratesChanged();
    return true;
}

} // namespace cloudcost::ui
