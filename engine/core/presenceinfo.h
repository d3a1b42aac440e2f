#pragma once
// The presence object of DESIGN.md §4: what the REST API returns and what
// user_presence_update/presence_snapshot carry. Also the ISO-8601 helpers used for last_active.
#include "presence.h"
#include "result.h"
#include "statustext.h"

#include <QJsonObject>
#include <optional>

namespace SmartFixer {

struct PresenceInfo
{
    UserId userId = 0;
    bool isOnline = false;
    PresenceState state = PresenceState::LastSeen;
    QString status; //!< rendered text ("online", "Active 2 minutes ago")
    std::optional<qint64> lastActiveMs; //!< ms since epoch UTC; none = never / hidden
    std::optional<qint64> lastActiveAgoMs; //!< server-computed age; none = never / hidden
    //! DESIGN.md §10: "auto" or "dnd" ("invisible" only in the user's own view); none = hidden
    //! (or a server that predates manual status)
    std::optional<QString> availability = QStringLiteral("auto");
    std::optional<QString> statusMessage; //!< none = no message / hidden

    //! What a viewer who may see \a record gets at \a nowMs.
    static PresenceInfo compute(UserId userId, const PresenceRecord &record, qint64 nowMs,
                                qint64 windowMs, const StatusTextOptions &text);
    //! What a viewer who may not see the user gets: no timestamps, no online flag.
    static PresenceInfo hidden(UserId userId, const QLocale &locale = QLocale::c());

    QJsonObject toJson() const;
    static Result<PresenceInfo> fromJson(const QJsonObject &object);

    friend bool operator==(const PresenceInfo &, const PresenceInfo &) = default;
};

//! "2026-11-28T13:40:05.123Z"
QString toIsoUtc(qint64 ms);
//! Parses ISO 8601 with a zone ("Z", "+01:00") or without one (taken as UTC), with "T" or a
//! space between date and time and any number of fraction digits, e.g. SQLAlchemy's
//! "2025-03-01 10:00:00.000000". Nothing on failure.
std::optional<qint64> parseIsoUtc(QStringView text);

} // namespace SmartFixer
