#include "ui/MessageBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace cloudcost::ui {

MessageBar::MessageBar(QWidget* parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("messageBar"));
    setFrameShape(QFrame::StyledPanel);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(8, 4, 4, 4);
    auto* row = new QHBoxLayout();
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_toggle = new QToolButton(this);
    m_toggle->setText(tr("Details"));
    m_toggle->setCheckable(true);
    auto* close = new QToolButton(this);
    close->setAutoRaise(true);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setToolTip(tr("Close"));
    row->addWidget(m_text, 1);
    row->addWidget(m_toggle);
    row->addWidget(close);
    outer->addLayout(row);
    m_details = new QLabel(this);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setVisible(false);
    outer->addWidget(m_details);
    connect(m_toggle, &QToolButton::toggled, m_details, &QLabel::setVisible);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

void MessageBar::showMessage(Kind kind, const QString& text, const QString& details)
{
    m_kind = kind;
    setStyleSheet(
        kind == Kind::Error
            ? QStringLiteral("#messageBar { background: #fbe3e4; border: 1px solid #e0a2a6; }")
            : QStringLiteral("#messageBar { background: #e3eefb; border: 1px solid #a2bde0; }"));
    m_text->setText(text);
    m_details->setText(details);
    m_toggle->setVisible(!details.isEmpty());
    m_toggle->setChecked(false);
    show();
}

QString MessageBar::text() const
{
    return m_text->text();
}

QString MessageBar::details() const
{
    return m_details->text();
}

} // namespace cloudcost::ui
