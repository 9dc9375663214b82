#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace cloudcost::ui {

// An inline, non-modal message strip above the views (KeePassXC's MessageWidget): a sentence, an
// expandable details text (file, line, what was expected) and a close button.
class MessageBar : public QFrame
{
    Q_OBJECT

public:
    enum class Kind
    {
        Information,
        Error,
    };

    explicit MessageBar(QWidget* parent = nullptr);

    // Shows text (and details, hidden behind a Details button when not empty).
    void showMessage(Kind kind, const QString& text, const QString& details = {});
    QString text() const;
    QString details() const;
    Kind kind() const { return m_kind; }

private:
    Kind m_kind = Kind::Information;
    QLabel* m_text = nullptr;
    QLabel* m_details = nullptr;
    QToolButton* m_toggle = nullptr;
};

} // namespace cloudcost::ui
