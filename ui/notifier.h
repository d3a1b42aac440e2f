#pragma once
// Notifier: the app's own notifications for a new message — a tray balloon while the window is
// hidden, a taskbar flash (QApplication::alert) while it is not the active window — and the one
// switch that silences them all while our status is Do not disturb (DESIGN.md §10). The app has
// no notification sound; a future one belongs here too.
#include <QObject>
#include <QPointer>

QT_BEGIN_NAMESPACE
class QSystemTrayIcon;
class QWidget;
QT_END_NAMESPACE

namespace SmartFixer::Ui {

class Notifier : public QObject
{
    Q_OBJECT
public:
    //! \a window is flashed, \a tray (may be null: no system tray) shows balloons.
    Notifier(QWidget *window, QSystemTrayIcon *tray, QObject *parent = nullptr);

    //! true while Do not disturb: nothing is shown, flashed or played.
    void setSilenced(bool silenced);
    bool isSilenced() const { return m_silenced; }

    //! A message from \a sender arrived; notifies as the window's state calls for. Returns
    //! whether anything was shown.
    bool messageArrived(const QString &sender, const QString &text);

Q_SIGNALS:
    //! A notification was shown (balloon and/or flash).
    void notified(const QString &title, const QString &text);
    //! A notification was due but Do not disturb kept it back.
    void silenced(const QString &title, const QString &text);

private:
    QPointer<QWidget> m_window;
    QPointer<QSystemTrayIcon> m_tray;
    bool m_silenced = false;
};

} // namespace SmartFixer::Ui
