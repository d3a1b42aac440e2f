#include "statusmenu.h"

#include "chatbackend.h"
#include "presencebadge.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QVBoxLayout>

namespace SmartFixer::Ui {

// --- OwnStatusActions -----------------------------------------------------------------------

OwnStatusActions::OwnStatusActions(ChatBackend *backend, QObject *parent)
    : QObject(parent), m_backend(backend), m_group(new QActionGroup(this))
{
    m_group->setExclusive(true);
    auto make = [this](Availability availability, const QString &text, const QString &tip,
                       const QString &name) {
        auto *a = new QAction(text, this);
        a->setObjectName(name);
        a->setCheckable(true);
        a->setToolTip(tip);
        a->setStatusTip(tip);
        a->setData(int(availability));
        m_group->addAction(a);
        connect(a, &QAction::triggered, this, [this, availability] {
            const ManualStatus now = m_backend->ownStatus();
            // The check follows the server's answer (ownStatusChanged), not the click.
            show(now);
            if (availability != now.availability)
                m_backend->setOwnStatus(availability, now.message, now.expiresAtMs);
        });
        return a;
    };
    m_auto = make(Availability::Auto, tr("&Automatic"),
                  tr("Online, active or last seen, as your activity says."),
                  QStringLiteral("statusAuto"));
    m_dnd = make(Availability::Dnd, tr("&Do not disturb"),
                 tr("Others see that you do not want to be disturbed; SmartFixer shows no "
                    "notifications."),
                 QStringLiteral("statusDnd"));
    m_invisible = make(Availability::Invisible, tr("&Invisible"),
                       tr("You look offline to everyone else, but can use SmartFixer as usual."),
                       QStringLiteral("statusInvisible"));
    m_setMessage = new QAction(tr("Set a status &message…"), this);
    m_setMessage->setObjectName(QStringLiteral("statusSetMessage"));
    connect(m_setMessage, &QAction::triggered, this, &OwnStatusActions::messageDialogRequested);
    m_clearMessage = new QAction(tr("&Clear status message"), this);
    m_clearMessage->setObjectName(QStringLiteral("statusClearMessage"));
    connect(m_clearMessage, &QAction::triggered, this, [this] {
        const ManualStatus now = m_backend->ownStatus();
        m_backend->setOwnStatus(now.availability, QString(), std::nullopt);
    });
    connect(backend, &ChatBackend::ownStatusChanged, this, &OwnStatusActions::show);
    show(backend->ownStatus());
}

void OwnStatusActions::addTo(QMenu *menu) const
{
    menu->addSection(tr("Your status"));
    menu->addAction(m_auto);
    menu->addAction(m_dnd);
    menu->addAction(m_invisible);
    menu->addSeparator();
    menu->addAction(m_setMessage);
    menu->addAction(m_clearMessage);
}

QAction *OwnStatusActions::action(Availability availability) const
{
    switch (availability) {
    case Availability::Auto:
        return m_auto;
    case Availability::Dnd:
        return m_dnd;
    case Availability::Invisible:
        return m_invisible;
    }
    return m_auto;
}

void OwnStatusActions::show(const ManualStatus &status)
{
    action(status.availability)->setChecked(true);
    m_clearMessage->setEnabled(!status.message.isEmpty());
}

// --- StatusMessageDialog --------------------------------------------------------------------

StatusMessageDialog::StatusMessageDialog(const QString &current, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("statusMessageDialog"));
    setWindowTitle(tr("Status message"));
    setMinimumWidth(420);
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Your contacts see this under your name."), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    m_text = new QLineEdit(current, this);
    m_text->setObjectName(QStringLiteral("statusMessageText"));
    m_text->setPlaceholderText(tr("e.g. In a meeting until 3"));
    m_text->setAccessibleName(tr("Status message"));
    m_text->setClearButtonEnabled(true);
    // 100 characters may be 200 UTF-16 units (emoji); the counter checks the real limit.
    m_text->setMaxLength(2 * MaxStatusMessageChars);
    form->addRow(tr("&Message:"), m_text);
    m_counter = new QLabel(this);
    m_counter->setObjectName(QStringLiteral("statusMessageCounter"));
    m_counter->setAlignment(Qt::AlignRight);
    form->addRow(QString(), m_counter);
    m_clearAfter = new QComboBox(this);
    m_clearAfter->setObjectName(QStringLiteral("statusClearAfter"));
    m_clearAfter->setAccessibleName(tr("Clear after"));
    m_clearAfter->addItem(tr("Never"), int(ClearAfter::Never));
    m_clearAfter->addItem(tr("30 minutes"), int(ClearAfter::ThirtyMinutes));
    m_clearAfter->addItem(tr("1 hour"), int(ClearAfter::OneHour));
    m_clearAfter->addItem(tr("Today"), int(ClearAfter::Today));
    m_clearAfter->addItem(tr("This week"), int(ClearAfter::ThisWeek));
    form->addRow(tr("Clear &after:"), m_clearAfter);
    layout->addLayout(form);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("statusMessageError"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setAccessibleName(tr("Problem"));
    QPalette pal = m_error->palette();
    pal.setColor(QPalette::WindowText, PresenceBadge::dndColor(pal));
    m_error->setPalette(pal);
    m_error->hide();
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_save = buttons->addButton(tr("&Save"), QDialogButtonBox::AcceptRole);
    m_save->setObjectName(QStringLiteral("statusMessageSave"));
    m_save->setDefault(true);
    m_clear = buttons->addButton(tr("C&lear"), QDialogButtonBox::ResetRole);
    m_clear->setObjectName(QStringLiteral("statusMessageClear"));
    m_clear->setToolTip(tr("Remove your status message now"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_save->isEnabled()) {
            showError(QString());
            Q_EMIT submitted(Save);
        }
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_clear, &QPushButton::clicked, this, [this] {
        showError(QString());
        Q_EMIT submitted(Clear);
    });
    layout->addWidget(buttons);
    connect(m_text, &QLineEdit::textChanged, this, &StatusMessageDialog::check);
    check();
}

QString StatusMessageDialog::message() const
{
    return m_text->text().trimmed();
}

ClearAfter StatusMessageDialog::clearAfter() const
{
    return ClearAfter(m_clearAfter->currentData().toInt());
}

void StatusMessageDialog::setClearAfter(ClearAfter choice)
{
    m_clearAfter->setCurrentIndex(qMax(0, m_clearAfter->findData(int(choice))));
}

void StatusMessageDialog::showError(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

void StatusMessageDialog::check()
{
    // The server's own rule (engine/core/manualstatus), so what it refuses is caught here.
    const QString text = message();
    const int used = int(text.toUcs4().size());
    m_counter->setText(tr("%1/%2").arg(used).arg(MaxStatusMessageChars));
    m_counter->setAccessibleName(tr("%n of 100 characters used", nullptr, used));
    QString problem;
    if (used > MaxStatusMessageChars)
        problem = tr("At most %n characters.", nullptr, MaxStatusMessageChars);
    else if (!isValidStatusMessage(text))
        problem = tr("Line breaks, tabs and other invisible characters are not allowed.");
    showError(problem);
    m_save->setEnabled(problem.isEmpty());
}

} // namespace SmartFixer::Ui
