// MainWindow's own-status part (DESIGN.md §10): the status menu in the status bar and the tray,
// the status message dialog, and Do not disturb silencing the notifier.
#include "chatbackend.h"
#include "mainwindow.h"
#include "notifier.h"
#include "presencebadge.h"
#include "statusmenu.h"

#include <QLabel>
#include <QMenu>
#include <QStatusBar>
#include <QToolButton>

namespace SmartFixer::Ui {

namespace {
constexpr int StatusButtonTextPx = 220; // the status bar button's text ends in "…" beyond this
} // namespace

void MainWindow::createStatusControls()
{
    m_notifier = new Notifier(this, m_tray, this);
    m_statusActions = new OwnStatusActions(m_backend, this);
    connect(m_statusActions, &OwnStatusActions::messageDialogRequested, this,
            &MainWindow::showStatusMessage);

    // The status bar: a button next to "You: online" that opens the status menu.
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("statusMenu"));
    m_statusActions->addTo(menu);
    m_statusButton = new QToolButton(this);
    m_statusButton->setObjectName(QStringLiteral("statusButton"));
    m_statusButton->setMenu(menu);
    m_statusButton->setPopupMode(QToolButton::InstantPopup);
    m_statusButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_statusButton->setAutoRaise(true);
    m_statusButton->setAccessibleName(tr("Your status"));
    statusBar()->addPermanentWidget(m_statusButton);

    // The tray menu: the same actions above "Show" and "Quit".
    if (m_tray && m_tray->contextMenu()) {
        QMenu *trayMenu = m_tray->contextMenu();
        QAction *first = trayMenu->actions().value(0);
        auto *tmp = new QMenu(this);
        m_statusActions->addTo(tmp);
        const QList<QAction *> actions = tmp->actions();
        for (QAction *a : actions)
            trayMenu->insertAction(first, a);
        trayMenu->insertSeparator(first);
        tmp->deleteLater();
    }

    connect(m_backend, &ChatBackend::ownStatusChanged, this, &MainWindow::onOwnStatus);
    connect(m_backend, &ChatBackend::ownStatusRefused, this, &MainWindow::onOwnStatusRefused);
    onOwnStatus(m_backend->ownStatus());
}

StatusMessageDialog *MainWindow::statusMessageDialog() const
{
    return m_statusDialog;
}

void MainWindow::onOwnStatus(const ManualStatus &status)
{
    const QString label = PresenceBadge::availabilityLabel(status.availability);
    QString full = label;
    if (!status.message.isEmpty())
        full = tr("%1 · %2").arg(label, status.message);
    const QFontMetrics fm(m_statusButton->font());
    m_statusButton->setText(fm.elidedText(full, Qt::ElideRight, StatusButtonTextPx));
    m_statusButton->setToolTip(tr("Your status: %1 (click to change)").arg(full));
    m_statusButton->setAccessibleDescription(full);
    m_notifier->setSilenced(status.availability == Availability::Dnd);
    if (m_selfInfo)
        updateSelfPresence(*m_selfInfo);
    if (m_statusDialog && m_statusPending)
        m_statusDialog->accept(); // the server took what it asked for
}

void MainWindow::onOwnStatusRefused(const QString &reason)
{
    // Where the user is looking: in the dialog if it is still open, else the status bar.
    if (m_statusDialog && m_statusPending) {
        m_statusPending = false;
        m_statusDialog->showError(reason);
        return;
    }
    statusBar()->showMessage(reason, 10000);
}

void MainWindow::showStatusMessage()
{
    if (m_statusDialog) {
        m_statusDialog->raise();
        m_statusDialog->activateWindow();
        return;
    }
    const ManualStatus now = m_backend->ownStatus();
    auto *dialog = new StatusMessageDialog(now.message, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_statusDialog = dialog;
    connect(dialog, &StatusMessageDialog::submitted, this,
            [this, dialog](StatusMessageDialog::Outcome outcome) {
                const ManualStatus current = m_backend->ownStatus();
                m_statusPending = true; // closed by the answer, or shows the refusal
                if (outcome == StatusMessageDialog::Save) {
                    const auto expiry = dialog->message().isEmpty()
                        ? std::nullopt
                        : m_backend->expiryFor(dialog->clearAfter());
                    m_backend->setOwnStatus(current.availability, dialog->message(), expiry);
                } else {
                    m_backend->setOwnStatus(current.availability, QString(), std::nullopt);
                }
            });
    connect(dialog, &QDialog::finished, this, [this] { m_statusPending = false; });
    dialog->open();
}

} // namespace SmartFixer::Ui
