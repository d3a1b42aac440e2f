#pragma once
// IdleBackend: whole-system idle time and screen lock, one small interface in front of one
// backend per platform (X11 XScreenSaver, GNOME/freedesktop D-Bus for Wayland, Windows, macOS)
// plus a fake for tests, in the manner of KIdleTime's poller.
#include "core/clock.h"

#include <QString>
#include <memory>
#include <optional>

namespace SmartFixer {

class IdleBackend
{
public:
    virtual ~IdleBackend();
    //! "x11", "gnome-dbus", "windows", "macos", "fake", "none".
    virtual QString name() const = 0;
    //! Milliseconds since the last keyboard/mouse input anywhere on the system; nothing when the
    //! platform does not tell (then only the application's own input counts).
    virtual std::optional<qint64> idleTimeMs() = 0;
    //! True while the screen is locked or the screensaver is active (counts as idle).
    virtual bool isScreenLocked() { return false; }
};

//! Picks the backend for this platform and session (X11 on an X display, D-Bus on Wayland,
//! GetLastInputInfo on Windows, CoreGraphics on macOS); a "none" backend when nothing works.
//! SMARTFIXER_IDLE_BACKEND=x11|dbus|none forces one (diagnostics).
std::unique_ptr<IdleBackend> createIdleBackend();

//! A backend that knows nothing (headless, unknown desktop): only the application's own
//! input events count then.
class NullIdleBackend final : public IdleBackend
{
public:
    QString name() const override { return QStringLiteral("none"); }
    std::optional<qint64> idleTimeMs() override { return std::nullopt; }
};

//! Test backend: idle time runs on an injected clock from the last simulateInput(), with
//! lock and suspend switches, so tracker tests need no display and no sleeping.
class FakeIdleBackend final : public IdleBackend
{
public:
    explicit FakeIdleBackend(Clock *clock);
    QString name() const override { return QStringLiteral("fake"); }
    std::optional<qint64> idleTimeMs() override;
    bool isScreenLocked() override { return m_locked; }

    //! Input anywhere on the system "now" (on the clock).
    void simulateInput();
    void setScreenLocked(bool locked) { m_locked = locked; }
    //! Make the backend report nothing (as on a platform without system idle time).
    void setAvailable(bool available) { m_available = available; }
    //! Leave \a ms out of the idle time, as X11 does for a suspend (its clock stops).
    void excludeFromIdle(qint64 ms) { m_lastInputMs += ms; }

private:
    Clock *m_clock;
    qint64 m_lastInputMs;
    bool m_locked = false;
    bool m_available = true;
};

} // namespace SmartFixer
