#pragma once

#include <QDialog>

class QDateEdit;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace cloudcost::pricing {
class Workspace;
}

namespace cloudcost::ui {

// Settings → Exchange rates: the workspace's dated rates (base, quote, rate, date, source), a
// form that adds a rate or replaces the one of the same pair and date (select a row to edit
// it), and Import CSV… (date,base,quote,rate[,source], all or nothing, as `cloudcost fx
// import`). A rate needs its source: nothing is converted with a figure nobody can trace.
// Errors stay in the dialog with the file and line; the workspace is unchanged by a failure.
class FxDialog : public QDialog
{
    Q_OBJECT

public:
    explicit FxDialog(pricing::Workspace& workspace, QWidget* parent = nullptr);

    // Adds or replaces the rate in the form; false (and the reason shown) when it is refused.
    bool setRateFromForm();
    // Imports a rates CSV; false (and the error shown) when it is refused.
    bool importCsv(const QString& path);

    QTableWidget* table() const { return m_table; }
    QLineEdit* baseEdit() const { return m_base; }
    QLineEdit* quoteEdit() const { return m_quote; }
    QDoubleSpinBox* rateEdit() const { return m_rate; }
    QDateEdit* dateEdit() const { return m_date; }
    QLineEdit* sourceEdit() const { return m_source; }
    QPushButton* setButton() const { return m_set; }
    QString status() const;

signals:
    // Rates were added, replaced or imported.
    void ratesChanged();

private:
    void reload();
    void editSelected();
    void showStatus(const QString& text, bool error);

    pricing::Workspace& m_workspace;
    QTableWidget* m_table = nullptr;
    QLineEdit* m_base = nullptr;
    QLineEdit* m_quote = nullptr;
    QDoubleSpinBox* m_rate = nullptr;
    QDateEdit* m_date = nullptr;
    QLineEdit* m_source = nullptr;
    QPushButton* m_set = nullptr;
    QLabel* m_status = nullptr;
};

} // namespace cloudcost::ui
