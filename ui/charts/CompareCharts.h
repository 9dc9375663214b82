#pragma once

#include <QIdentityProxyModel>
#include <QWidget>

class QAbstractItemModel;
class QChart;
class QChartView;
class QBarCategoryAxis;
class QHorizontalBarSeries;
class QScatterSeries;
class QValueAxis;
class QVBarModelMapper;
class QVXYModelMapper;

namespace cloudcost::ui {

// Shows a view model's raw numbers (its sort role) as display data, which is what the Qt Charts
// model mappers read, so a chart plots exactly the rows of the table beside it.
class ChartValuesProxy : public QIdentityProxyModel
{
    Q_OBJECT

public:
    ChartValuesProxy(int valueRole, QObject* parent = nullptr);
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    int m_valueRole;
};

// The comparison charts: a bar chart of the cheapest offers (effective hourly) and a scatter of
// price per vCPU-hour against price per GiB-hour. Both read the comparison's offers model.
class CompareCharts : public QWidget
{
    Q_OBJECT

public:
    // How many bars the bar chart shows (the first rows of the model, i.e. the cheapest).
    static constexpr int kBars = 8;

    // offers is an OffersModel (columns and roles from OffersModel); it must outlive the charts.
    explicit CompareCharts(QAbstractItemModel* offers, QWidget* parent = nullptr);

    QChart* barChart() const;
    QChart* scatterChart() const;
    int barCount() const;
    int pointCount() const;

private:
    void updateAxes();

    QAbstractItemModel* m_offers;
    ChartValuesProxy* m_values;
    QChartView* m_barView = nullptr;
    QChartView* m_scatterView = nullptr;
    QHorizontalBarSeries* m_bars = nullptr;
    QScatterSeries* m_points = nullptr;
    QBarCategoryAxis* m_categories = nullptr;
    QValueAxis* m_priceAxis = nullptr;
    QValueAxis* m_perVcpuAxis = nullptr;
    QValueAxis* m_perGibAxis = nullptr;
};

} // namespace cloudcost::ui
