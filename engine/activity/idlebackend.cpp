#include "idlebackend.h"

#include "core/logging.h"
#include "idlebackend_p.h"

namespace SmartFixer {

IdleBackend::~IdleBackend() = default;

FakeIdleBackend::FakeIdleBackend(Clock *clock) : m_clock(clock), m_lastInputMs(clock->nowMs()) { }

std::optional<qint64> FakeIdleBackend::idleTimeMs()
{
    if (!m_available)
        return std::nullopt;
    return std::max<qint64>(0, m_clock->nowMs() - m_lastInputMs);
}

void FakeIdleBackend::simulateInput()
{
    m_lastInputMs = m_clock->nowMs();
}

std::unique_ptr<IdleBackend> createIdleBackend()
{
    const QByteArray forced = qgetenv("SMARTFIXER_IDLE_BACKEND");
    if (forced == "none")
        return std::make_unique<NullIdleBackend>();
#if defined(Q_OS_WIN)
    return createWindowsIdleBackend();
#elif defined(Q_OS_MACOS)
    return createMacIdleBackend();
#else
    const bool wayland = !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        || qgetenv("XDG_SESSION_TYPE") == "wayland";
#if defined(SMARTFIXER_HAVE_X11)
    // Under Wayland, XWayland's XScreenSaver only sees X clients' input: prefer D-Bus there.
    if (forced == "x11" || (forced.isEmpty() && !wayland)) {
        if (auto x11 = createX11IdleBackend())
            return x11;
    }
#endif
#if defined(SMARTFIXER_HAVE_DBUS)
    if (forced.isEmpty() || forced == "dbus") {
        if (auto dbus = createDBusIdleBackend())
            return dbus;
    }
#endif
    Q_UNUSED(wayland)
    qCInfo(lcActivity) << "no system idle backend; only application input counts";
    return std::make_unique<NullIdleBackend>();
#endif
}

} // namespace SmartFixer
