#include "presence.h"

#include <algorithm>

namespace SmartFixer {

QString stateName(PresenceState state)
{
    switch (state) {
    case PresenceState::Online:
        return QStringLiteral("online");
    case PresenceState::Active:
        return QStringLiteral("active");
    case PresenceState::LastSeen:
        return QStringLiteral("last_seen");
    case PresenceState::Hidden:
        return QStringLiteral("hidden");
    }
    return QStringLiteral("hidden");
}

std::optional<PresenceState> stateFromName(QStringView name)
{
    for (auto s : {PresenceState::Online, PresenceState::Active, PresenceState::LastSeen,
                   PresenceState::Hidden}) {
        if (name == stateName(s))
            return s;
    }
    return std::nullopt;
}

std::optional<qint64> presenceAgeMs(std::optional<qint64> lastActiveMs, qint64 nowMs)
{
    if (!lastActiveMs)
        return std::nullopt;
    return std::max<qint64>(0, nowMs - *lastActiveMs);
}

PresenceState presenceState(const PresenceRecord &record, qint64 nowMs, qint64 windowMs)
{
    const auto age = presenceAgeMs(record.lastActiveMs, nowMs);
    if (!age || *age > windowMs)
        return PresenceState::LastSeen;
    return record.isOnline() ? PresenceState::Online : PresenceState::Active;
}

std::optional<qint64> nextStateChangeMs(const PresenceRecord &record, qint64 nowMs, qint64 windowMs)
{
    if (!record.lastActiveMs)
        return std::nullopt;
    // A future last_active counts as "age 0" until the clock reaches it; from then on it ages
    // normally, so the window still ends at last_active + W.
    const qint64 change = *record.lastActiveMs + windowMs + 1;
    if (change <= nowMs)
        return std::nullopt;
    return change;
}

} // namespace SmartFixer
