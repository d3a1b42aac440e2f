#pragma once
// The presence rules of DESIGN.md §2 as pure, clock-free functions: a record (last activity and
// live connection count) plus "now" and the active window give a state.
#include <QMetaType>
#include <QString>
#include <QStringView>
#include <optional>

namespace SmartFixer {
Q_NAMESPACE

using UserId = qint64;

enum class PresenceState { Online, Active, LastSeen, Hidden };
Q_ENUM_NS(PresenceState)

//! The wire name: "online", "active", "last_seen", "hidden".
QString stateName(PresenceState state);
std::optional<PresenceState> stateFromName(QStringView name);

constexpr qint64 DefaultActiveWindowMs = 5 * 60 * 1000;

//! What the server knows of one user.
struct PresenceRecord
{
    std::optional<qint64> lastActiveMs; //!< ms since epoch (UTC, server clock); none = never seen
    int connections = 0; //!< live authenticated connections (all devices)

    bool isOnline() const { return connections > 0; }
    friend bool operator==(const PresenceRecord &, const PresenceRecord &) = default;
};

//! Age of the last activity at \a nowMs; a last activity in the future counts as now (0).
std::optional<qint64> presenceAgeMs(std::optional<qint64> lastActiveMs, qint64 nowMs);

//! online: connected and age <= window; active: not connected and age <= window;
//! last_seen: age > window (connected or not) or never active. Never returns Hidden: that is
//! for the privacy check to decide.
PresenceState presenceState(const PresenceRecord &record, qint64 nowMs, qint64 windowMs);

//! The first clock time after \a nowMs at which presenceState() changes with no new event
//! (last activity + window + 1 ms), or nothing if time alone changes nothing any more.
std::optional<qint64> nextStateChangeMs(const PresenceRecord &record, qint64 nowMs,
                                        qint64 windowMs);

} // namespace SmartFixer
