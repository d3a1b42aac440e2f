// Wayland (and any desktop with a session bus) backend: GNOME Mutter's IdleMonitor for the idle
// time and org.freedesktop.ScreenSaver for the lock state. Each call is short and synchronous
// (the tracker polls every few seconds), with a small timeout so a stuck bus cannot stall us.
#include "core/logging.h"
#include "idlebackend_p.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusReply>

namespace SmartFixer {

namespace {

constexpr int CallTimeoutMs = 500; // ms

class DBusIdleBackend final : public IdleBackend
{
public:
    DBusIdleBackend(bool mutter, bool screenSaver)
        : m_mutter(mutter), m_screenSaver(screenSaver) { }
    QString name() const override { return QStringLiteral("gnome-dbus"); }
    std::optional<qint64> idleTimeMs() override
    {
        if (!m_mutter)
            return std::nullopt;
        QDBusMessage call = QDBusMessage::createMethodCall(
            QStringLiteral("org.gnome.Mutter.IdleMonitor"),
            QStringLiteral("/org/gnome/Mutter/IdleMonitor/Core"),
            QStringLiteral("org.gnome.Mutter.IdleMonitor"), QStringLiteral("GetIdletime"));
        const QDBusReply<quint64> reply
            = QDBusConnection::sessionBus().call(call, QDBus::Block, CallTimeoutMs);
        if (!reply.isValid())
            return std::nullopt;
        return qint64(reply.value()); // ms
    }
    bool isScreenLocked() override
    {
        if (!m_screenSaver)
            return false;
        QDBusMessage call = QDBusMessage::createMethodCall(
            QStringLiteral("org.freedesktop.ScreenSaver"),
            QStringLiteral("/org/freedesktop/ScreenSaver"),
            QStringLiteral("org.freedesktop.ScreenSaver"), QStringLiteral("GetActive"));
        const QDBusReply<bool> reply
            = QDBusConnection::sessionBus().call(call, QDBus::Block, CallTimeoutMs);
        return reply.isValid() && reply.value();
    }

private:
    bool m_mutter;
    bool m_screenSaver;
};

} // namespace

std::unique_ptr<IdleBackend> createDBusIdleBackend()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface()) {
        qCInfo(lcActivity) << "dbus idle: no session bus";
        return nullptr;
    }
    const bool mutter
        = bus.interface()->isServiceRegistered(QStringLiteral("org.gnome.Mutter.IdleMonitor"));
    const bool screenSaver
        = bus.interface()->isServiceRegistered(QStringLiteral("org.freedesktop.ScreenSaver"));
    if (!mutter && !screenSaver) {
        qCInfo(lcActivity) << "dbus idle: neither Mutter IdleMonitor nor ScreenSaver on the bus";
        return nullptr;
    }
    qCInfo(lcActivity) << "idle backend: dbus (mutter" << mutter << "screensaver" << screenSaver
                       << ")";
    return std::make_unique<DBusIdleBackend>(mutter, screenSaver);
}

} // namespace SmartFixer
