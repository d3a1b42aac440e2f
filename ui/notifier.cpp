#include "notifier.h"

#include <QApplication>
#include <QSystemTrayIcon>
#include <QWidget>

namespace SmartFixer::Ui {

namespace {
constexpr int BalloonMs = 8000; // how long a tray balloon stays
} // namespace

Notifier::Notifier(QWidget *window, QSystemTrayIcon *tray, QObject *parent)
    : QObject(parent), m_window(window), m_tray(tray)
{ }

void Notifier::setSilenced(bool silenced)
{
    m_silenced = silenced;
}

bool Notifier::messageArrived(const QString &sender, const QString &text)
{
    if (!m_window)
        return false;
    const bool hidden = !m_window->isVisible() || m_window->isMinimized();
    const bool active = !hidden && m_window->isActiveWindow();
    if (active)
        return false; // the message is on screen already
    const QString title = tr("New message from %1").arg(sender);
    if (m_silenced) {
        Q_EMIT silenced(title, text);
        return false;
    }
    if (hidden && m_tray && QSystemTrayIcon::supportsMessages())
        m_tray->showMessage(title, text, QSystemTrayIcon::Information, BalloonMs);
    // Flash the taskbar entry until the window is activated (0 = no time limit).
    QApplication::alert(m_window, 0);
    Q_EMIT notified(title, text);
    return true;
}

} // namespace SmartFixer::Ui
