#pragma once
// Manual status of DESIGN.md §10 as pure functions: what a user chose (availability, status
// message, expiry, exact or approximate last seen) and how that changes what each viewer sees.
// The hub keeps one ManualStatus per user (persisted by the store) and asks shownPresence() for
// every viewer, so invisibility and approximate last seen are decided in one place.
#include "presenceinfo.h"
#include "result.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <optional>

namespace SmartFixer {

enum class Availability { Auto, Dnd, Invisible };
enum class LastSeenPrecision { Exact, Approximate };

//! "auto", "dnd", "invisible".
QString availabilityName(Availability availability);
std::optional<Availability> availabilityFromName(QStringView name);
//! "exact", "approximate".
QString lastSeenPrecisionName(LastSeenPrecision precision);
std::optional<LastSeenPrecision> lastSeenPrecisionFromName(QStringView name);

constexpr int MaxStatusMessageChars = 100; // DESIGN.md §10, in characters (code points)

//! What a user set, plus what others were shown at the moment the user went invisible.
struct ManualStatus
{
    Availability availability = Availability::Auto;
    QString message; //!< empty = none
    std::optional<qint64> expiresAtMs; //!< ms since epoch UTC; none = no expiry
    LastSeenPrecision lastSeen = LastSeenPrecision::Exact;
    // While invisible: what every other viewer keeps seeing, frozen when the user went
    // invisible (as if the last connection had closed then). The presence registry always
    // holds the true record; this is only what others are shown.
    std::optional<qint64> frozenLastActiveMs;
    //! Invisible ended while the user had no connection: others keep seeing
    //! frozenLastActiveMs (activity while invisible stays hidden) until the user next connects
    //! or is active.
    bool frozenHeld = false;
    Availability frozenAvailability = Availability::Auto; //!< Auto or Dnd
    QString frozenMessage;

    bool isDefault() const
    {
        return availability == Availability::Auto && message.isEmpty() && !expiresAtMs
            && lastSeen == LastSeenPrecision::Exact && !frozenHeld;
    }
    friend bool operator==(const ManualStatus &, const ManualStatus &) = default;
};

//! A parsed set_status / PUT /api/me/status request.
struct StatusRequest
{
    Availability availability = Availability::Auto;
    QString message; //!< empty = none
    std::optional<qint64> expiresAtMs;
};

//! Validates {"availability","message","expires_at"} (DESIGN.md §10). Invalid with a plain-words
//! error for an unknown availability, a message that is not a string or null, over 100
//! characters or with a control character, an expires_at that is unparsable or not after
//! \a nowMs.
Result<StatusRequest> parseStatusRequest(const QJsonValue &payload, qint64 nowMs);
//! Is \a text usable as a status message (≤ 100 code points, no control/format characters)?
bool isValidStatusMessage(const QString &text, QString *error = nullptr);

//! \a current after applying \a request at \a nowMs with the user's true record \a record:
//! going invisible freezes what others see (last_active, availability, message).
ManualStatus applyStatusRequest(const ManualStatus &current, const StatusRequest &request,
                                const PresenceRecord &record, qint64 nowMs);
//! The status after expiry (auto, no message, no expiry) with the user's true record
//! \a record; last-seen precision stays, and an invisible user without a connection keeps
//! the frozen last_active held for others.
ManualStatus expiredStatus(const ManualStatus &current, const PresenceRecord &record);

//! The record others see: the true one, or while invisible (or held after it, while offline)
//! the frozen last_active with no live connection.
PresenceRecord shownRecord(const PresenceRecord &record, const ManualStatus &status);

//! What \a viewer sees of \a target with \a status, who may see the target (privacy checked
//! by the caller): the user themselves get the truth, everyone else the shown record, with
//! timestamps dropped and bucketed text for approximate last seen.
PresenceInfo shownPresence(UserId target, const PresenceRecord &record, const ManualStatus &status,
                           bool viewerIsTarget, qint64 nowMs, qint64 windowMs,
                           const StatusTextOptions &text);

//! The next clock time after \a nowMs at which what anybody sees of the user changes with no
//! new event (window ends of the true and the shown record, the expiry), or nothing.
std::optional<qint64> nextStatusChangeMs(const PresenceRecord &record, const ManualStatus &status,
                                         qint64 nowMs, qint64 windowMs);

//! "Last seen recently" (≤ 3 days), "… within a week" (≤ 7 days), "… within a month" (≤ 30
//! days), "… a long time ago" (older or never), translated for \a locale.
QString approximateLastSeenText(std::optional<qint64> lastActiveMs, qint64 nowMs,
                                const QLocale &locale);

//! The three fields GET /api/me carries: availability, message, expires_at (+ last_seen).
QJsonObject manualStatusJson(const ManualStatus &status);

} // namespace SmartFixer

Q_DECLARE_METATYPE(SmartFixer::ManualStatus)
