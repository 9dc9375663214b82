#include "ui/SourcesView.h"

#include "ui/models/SourcesModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace cloudcost::ui {

SourcesView::SourcesView(QWidget* parent)
    : QWidget(parent)
    , m_model(new SourcesModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(SourcesModel::SortRole);
    m_table = new QTableView(this);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(SourcesModel::ImportedAt, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_import = new QPushButton(tr("&Import price sheet…"), this);
    m_remove = new QPushButton(tr("&Remove source"), this);
    m_remove->setEnabled(false);
    auto* hint = new QLabel(tr("Drop price sheets on the window to import them. Hover a row for "
                               "its file, SHA-256 and skipped rows."),
                            this);
    hint->setWordWrap(true);
    auto* buttons = new QHBoxLayout();
    buttons->addWidget(m_import);
    buttons->addWidget(m_remove);
    buttons->addWidget(hint, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);

    connect(m_import, &QPushButton::clicked, this, &SourcesView::importRequested);
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (const auto id = selectedSourceId(); id != 0) {
            emit removeRequested(id);
        }
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        m_remove->setEnabled(m_import->isEnabled() && selectedSourceId() != 0);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_table->resizeColumnsToContents();
        m_remove->setEnabled(false);
    });
}

std::int64_t SourcesView::selectedSourceId() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        return 0;
    }
    const auto* s = m_model->sourceAt(m_proxy->mapToSource(rows.front()).row());
    return s ? s->id : 0;
}

void SourcesView::setBusy(bool busy)
{
    m_import->setEnabled(!busy);
    m_remove->setEnabled(!busy && selectedSourceId() != 0);
}

} // namespace cloudcost::ui
