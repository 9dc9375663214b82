#include "ui/charts/CompareCharts.h"

#include "ui/models/OffersModel.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QScatterSeries>
#include <QVBarModelMapper>
#include <QVXYModelMapper>
#include <QValueAxis>

#include <algorithm>

namespace cloudcost::ui {

ChartValuesProxy::ChartValuesProxy(int valueRole, QObject* parent)
    : QIdentityProxyModel(parent)
    , m_valueRole(valueRole)
{}

QVariant ChartValuesProxy::data(const QModelIndex& index, int role) const
{
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        const QVariant v = QIdentityProxyModel::data(index, m_valueRole);
        return v.isValid() ? v : QVariant(0.0);
    }
    return QIdentityProxyModel::data(index, role);
}

CompareCharts::CompareCharts(QAbstractItemModel* offers, QWidget* parent)
    : QWidget(parent)
    , m_offers(offers)
    , m_values(new ChartValuesProxy(OffersModel::SortRole, this))
{
    m_values->setSourceModel(offers);

    m_bars = new QHorizontalBarSeries(this);
    auto* barMapper = new QVBarModelMapper(this);
    barMapper->setFirstBarSetColumn(OffersModel::EffectiveHourly);
    barMapper->setLastBarSetColumn(OffersModel::EffectiveHourly);
    barMapper->setFirstRow(0);
    barMapper->setRowCount(kBars);
    barMapper->setSeries(m_bars);
    barMapper->setModel(m_values);
    auto* barChart = new QChart();
    barChart->addSeries(m_bars);
    barChart->setTitle(
        tr("Effective price per hour of the cheapest matches (cheapest at the bottom)"));
    barChart->legend()->hide();
    m_categories = new QBarCategoryAxis(barChart);
    m_priceAxis = new QValueAxis(barChart);
    m_priceAxis->setLabelFormat(QStringLiteral("%.3g"));
    // Bars are drawn bottom-up, so the cheapest (first) row is the bottom bar.
    QFont labelFont = m_categories->labelsFont();
    labelFont.setPointSizeF(labelFont.pointSizeF() * 0.9);
    m_categories->setLabelsFont(labelFont);
    barChart->addAxis(m_categories, Qt::AlignLeft);
    barChart->addAxis(m_priceAxis, Qt::AlignBottom);
    m_bars->attachAxis(m_categories);
    m_bars->attachAxis(m_priceAxis);
    m_bars->setLabelsVisible(true);
    m_bars->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    m_bars->setLabelsFormat(QStringLiteral("@value"));
    m_bars->setLabelsPrecision(3);
    m_barView = new QChartView(barChart, this);
    m_barView->setRenderHint(QPainter::Antialiasing);

    m_points = new QScatterSeries(this);
    m_points->setMarkerSize(9);
    auto* pointMapper = new QVXYModelMapper(this);
    pointMapper->setXColumn(OffersModel::PerVcpu);
    pointMapper->setYColumn(OffersModel::PerGib);
    pointMapper->setSeries(m_points);
    pointMapper->setModel(m_values);
    auto* scatterChart = new QChart();
    scatterChart->addSeries(m_points);
    scatterChart->setTitle(tr("Price per vCPU-hour against price per GiB-hour"));
    scatterChart->legend()->hide();
    m_perVcpuAxis = new QValueAxis(scatterChart);
    m_perVcpuAxis->setTitleText(tr("per vCPU-hour"));
    m_perVcpuAxis->setLabelFormat(QStringLiteral("%.3g"));
    m_perGibAxis = new QValueAxis(scatterChart);
    m_perGibAxis->setTitleText(tr("per GiB-hour"));
    m_perGibAxis->setLabelFormat(QStringLiteral("%.3g"));
    scatterChart->addAxis(m_perVcpuAxis, Qt::AlignBottom);
    scatterChart->addAxis(m_perGibAxis, Qt::AlignLeft);
    m_points->attachAxis(m_perVcpuAxis);
    m_points->attachAxis(m_perGibAxis);
    m_scatterView = new QChartView(scatterChart, this);
    m_scatterView->setRenderHint(QPainter::Antialiasing);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_barView, 1);
    layout->addWidget(m_scatterView, 1);

    connect(offers, &QAbstractItemModel::modelReset, this, &CompareCharts::updateAxes);
    connect(offers, &QAbstractItemModel::layoutChanged, this, &CompareCharts::updateAxes);
    updateAxes();
}

QChart* CompareCharts::barChart() const
{
    return m_barView->chart();
}

QChart* CompareCharts::scatterChart() const
{
    return m_scatterView->chart();
}

int CompareCharts::barCount() const
{
    const auto sets = m_bars->barSets();
    return sets.isEmpty() ? 0 : static_cast<int>(sets.front()->count());
}

int CompareCharts::pointCount() const
{
    return static_cast<int>(m_points->count());
}

void CompareCharts::updateAxes()
{
    // The category labels and axis ranges are not mapped by Qt Charts; they are read from the
    // same model rows the mappers plot.
    const int rows = std::min(m_offers->rowCount(), kBars);
    QStringList labels;
    double maxPrice = 0;
    for (int r = 0; r < rows; ++r) {
        // "gcp us-central1": the zone and instance type are in the table beside the chart.
        auto text = [&](int column) {
            return m_offers->data(m_offers->index(r, column)).toString();
        };
        labels << QString(text(OffersModel::Provider) + QLatin1Char(' ')
                          + text(OffersModel::Region).section(QStringLiteral(" ("), 0, 0));
        maxPrice =
            std::max(maxPrice,
                     m_values->data(m_values->index(r, OffersModel::EffectiveHourly)).toDouble());
    }
    // Qt Charts elides a category label to "..." when its line is taller than the bar's band,
    // hence at most kBars bars (see kBars) and a minimum chart height in CompareView.
    m_categories->clear();
    m_categories->append(labels);
    for (auto* set : m_bars->barSets()) {
        set->setLabelColor(palette().color(QPalette::WindowText));
    }
    m_priceAxis->setRange(0, maxPrice > 0 ? maxPrice * 1.25 : 1);

    double maxX = 0;
    double maxY = 0;
    for (int r = 0; r < m_values->rowCount(); ++r) {
        maxX = std::max(maxX, m_values->data(m_values->index(r, OffersModel::PerVcpu)).toDouble());
        maxY = std::max(maxY, m_values->data(m_values->index(r, OffersModel::PerGib)).toDouble());
    }
    m_perVcpuAxis->setRange(0, maxX > 0 ? maxX * 1.1 : 1);
    m_perGibAxis->setRange(0, maxY > 0 ? maxY * 1.1 : 1);
}

} // namespace cloudcost::ui
