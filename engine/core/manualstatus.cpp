#include "manualstatus.h"

#include <QCoreApplication>
#include <QJsonValue>

namespace SmartFixer {

namespace {

constexpr qint64 DayMs = 24LL * 60 * 60 * 1000;
// The buckets of DESIGN.md §10 (ms of age, inclusive).
constexpr qint64 RecentlyMs = 3 * DayMs;
constexpr qint64 WeekMs = 7 * DayMs;
constexpr qint64 MonthMs = 30 * DayMs;

constexpr const char *TextRecently = QT_TRANSLATE_NOOP("SmartFixer", "Last seen recently");
constexpr const char *TextWithinWeek = QT_TRANSLATE_NOOP("SmartFixer", "Last seen within a week");
constexpr const char *TextWithinMonth = QT_TRANSLATE_NOOP("SmartFixer", "Last seen within a month");
constexpr const char *TextLongAgo = QT_TRANSLATE_NOOP("SmartFixer", "Last seen a long time ago");

QJsonValue nullable(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

QString availabilityName(Availability availability)
{
    switch (availability) {
    case Availability::Auto:
        return QStringLiteral("auto");
    case Availability::Dnd:
        return QStringLiteral("dnd");
    case Availability::Invisible:
        return QStringLiteral("invisible");
    }
    return QStringLiteral("auto");
}

std::optional<Availability> availabilityFromName(QStringView name)
{
    for (auto a : {Availability::Auto, Availability::Dnd, Availability::Invisible}) {
        if (name == availabilityName(a))
            return a;
    }
    return std::nullopt;
}

QString lastSeenPrecisionName(LastSeenPrecision precision)
{
    return precision == LastSeenPrecision::Approximate ? QStringLiteral("approximate")
                                                       : QStringLiteral("exact");
}

std::optional<LastSeenPrecision> lastSeenPrecisionFromName(QStringView name)
{
    if (name == QLatin1String("exact"))
        return LastSeenPrecision::Exact;
    if (name == QLatin1String("approximate"))
        return LastSeenPrecision::Approximate;
    return std::nullopt;
}

bool isValidStatusMessage(const QString &text, QString *error)
{
    const QList<uint> codePoints = text.toUcs4();
    if (codePoints.size() > MaxStatusMessageChars) {
        if (error)
            *error = QStringLiteral("message longer than %1 characters").arg(MaxStatusMessageChars);
        return false;
    }
    for (uint c : codePoints) {
        const QChar::Category category = QChar::category(char32_t(c));
        // Control characters (C0, DEL, C1) and invisible format characters (bidi overrides,
        // zero-width) would let one message garble the line it is shown on.
        if (category == QChar::Other_Control || category == QChar::Other_Format
            || category == QChar::Other_Surrogate || category == QChar::Other_NotAssigned
            || category == QChar::Other_PrivateUse || c == 0x2028 || c == 0x2029) {
            if (error)
                *error = QStringLiteral("message contains a control character");
            return false;
        }
    }
    return true;
}

Result<StatusRequest> parseStatusRequest(const QJsonValue &payload, qint64 nowMs)
{
    using R = Result<StatusRequest>;
    if (!payload.isObject())
        return R::failure(QStringLiteral("payload must be an object"), ErrorKind::Invalid);
    const QJsonObject o = payload.toObject();
    StatusRequest request;
    const auto availability
        = availabilityFromName(o.value(QStringLiteral("availability")).toString());
    if (!o.value(QStringLiteral("availability")).isString() || !availability)
        return R::failure(QStringLiteral("availability must be \"auto\", \"dnd\" or \"invisible\""),
                          ErrorKind::Invalid);
    request.availability = *availability;
    const QJsonValue message = o.value(QStringLiteral("message"));
    if (message.isString()) {
        QString error;
        if (!isValidStatusMessage(message.toString(), &error))
            return R::failure(error, ErrorKind::Invalid);
        request.message = message.toString().trimmed();
    } else if (!message.isNull() && !message.isUndefined()) {
        return R::failure(QStringLiteral("message must be a string or null"), ErrorKind::Invalid);
    }
    const QJsonValue expires = o.value(QStringLiteral("expires_at"));
    if (expires.isString()) {
        const QString text = expires.toString();
        const auto ms = text.size() <= 64 ? parseIsoUtc(text) : std::nullopt;
        if (!ms)
            return R::failure(QStringLiteral("expires_at must be an ISO 8601 time"),
                              ErrorKind::Invalid);
        if (*ms <= nowMs)
            return R::failure(QStringLiteral("expires_at must be in the future"),
                              ErrorKind::Invalid);
        request.expiresAtMs = *ms;
    } else if (!expires.isNull() && !expires.isUndefined()) {
        return R::failure(QStringLiteral("expires_at must be an ISO 8601 time or null"),
                          ErrorKind::Invalid);
    }
    return request;
}

ManualStatus applyStatusRequest(const ManualStatus &current, const StatusRequest &request,
                                const PresenceRecord &record, qint64)
{
    ManualStatus next = current;
    next.availability = request.availability;
    next.message = request.message;
    next.expiresAtMs = request.expiresAtMs;
    const bool wasInvisible = current.availability == Availability::Invisible;
    if (request.availability == Availability::Invisible) {
        if (!wasInvisible) {
            // As if the last connection closed now: closing is not activity, so others keep
            // the last activity they know (still the held one, if the user has not been
            // active since an earlier invisible). The new message is shown as set just before
            // leaving; the availability others saw stays.
            next.frozenLastActiveMs
                = current.frozenHeld ? current.frozenLastActiveMs : record.lastActiveMs;
            next.frozenHeld = false;
            next.frozenAvailability = current.availability;
            next.frozenMessage = request.message;
        }
        // Already invisible: nothing others see changes.
    } else if (wasInvisible) {
        // Visible again: with a connection as if just connected (the hub records activity);
        // without one others keep the frozen last_active until the user is next active.
        next.frozenHeld = !record.isOnline();
        if (!next.frozenHeld)
            next.frozenLastActiveMs.reset();
        next.frozenAvailability = Availability::Auto;
        next.frozenMessage.clear();
    }
    // auto ↔ dnd: a held last_active stays held.
    return next;
}

ManualStatus expiredStatus(const ManualStatus &current, const PresenceRecord &record)
{
    ManualStatus next;
    next.lastSeen = current.lastSeen;
    if (current.availability == Availability::Invisible ? !record.isOnline() : current.frozenHeld) {
        next.frozenHeld = true;
        next.frozenLastActiveMs = current.frozenLastActiveMs;
    }
    return next;
}

PresenceRecord shownRecord(const PresenceRecord &record, const ManualStatus &status)
{
    const bool invisible = status.availability == Availability::Invisible;
    // Held: a connection that opened elsewhere (another node) releases it there; until the
    // release arrives, an online user is shown as the truth.
    if (!invisible && (!status.frozenHeld || record.isOnline()))
        return record;
    PresenceRecord shown;
    shown.lastActiveMs = status.frozenLastActiveMs;
    shown.connections = 0;
    return shown;
}

QString approximateLastSeenText(std::optional<qint64> lastActiveMs, qint64 nowMs,
                                const QLocale &locale)
{
    const auto age = presenceAgeMs(lastActiveMs, nowMs);
    if (!age || *age > MonthMs)
        return translateText(TextLongAgo, locale);
    if (*age <= RecentlyMs)
        return translateText(TextRecently, locale);
    if (*age <= WeekMs)
        return translateText(TextWithinWeek, locale);
    return translateText(TextWithinMonth, locale);
}

PresenceInfo shownPresence(UserId target, const PresenceRecord &record, const ManualStatus &status,
                           bool viewerIsTarget, qint64 nowMs, qint64 windowMs,
                           const StatusTextOptions &text)
{
    if (viewerIsTarget) {
        PresenceInfo info = PresenceInfo::compute(target, record, nowMs, windowMs, text);
        info.availability = availabilityName(status.availability);
        if (!status.message.isEmpty())
            info.statusMessage = status.message;
        return info;
    }
    const bool invisible = status.availability == Availability::Invisible;
    PresenceInfo info
        = PresenceInfo::compute(target, shownRecord(record, status), nowMs, windowMs, text);
    const Availability shownAvailability
        = invisible ? status.frozenAvailability : status.availability;
    info.availability = availabilityName(
        shownAvailability == Availability::Invisible ? Availability::Auto : shownAvailability);
    const QString &message = invisible ? status.frozenMessage : status.message;
    if (!message.isEmpty())
        info.statusMessage = message;
    if (status.lastSeen == LastSeenPrecision::Approximate) {
        // No timestamps; "online" stays, anything else is a coarse bucket.
        const auto shownLastActive = info.lastActiveMs;
        info.lastActiveMs.reset();
        info.lastActiveAgoMs.reset();
        if (info.state != PresenceState::Online) {
            info.state = PresenceState::LastSeen;
            info.status = approximateLastSeenText(shownLastActive, nowMs, text.locale);
        }
    }
    return info;
}

std::optional<qint64> nextStatusChangeMs(const PresenceRecord &record, const ManualStatus &status,
                                         qint64 nowMs, qint64 windowMs)
{
    std::optional<qint64> next = nextStateChangeMs(record, nowMs, windowMs);
    const auto consider = [&next](std::optional<qint64> t) {
        if (t && (!next || *t < *next))
            next = t;
    };
    if (status.availability == Availability::Invisible || status.frozenHeld)
        consider(nextStateChangeMs(shownRecord(record, status), nowMs, windowMs));
    if (status.expiresAtMs && *status.expiresAtMs > nowMs)
        consider(status.expiresAtMs);
    else if (status.expiresAtMs)
        consider(nowMs); // overdue (loaded after a restart): at once
    return next;
}

QJsonObject manualStatusJson(const ManualStatus &status)
{
    return QJsonObject{
        {QStringLiteral("availability"), availabilityName(status.availability)},
        {QStringLiteral("message"), nullable(status.message)},
        {QStringLiteral("expires_at"),
         status.expiresAtMs ? QJsonValue(toIsoUtc(*status.expiresAtMs))
                            : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("last_seen"), lastSeenPrecisionName(status.lastSeen)},
    };
}

} // namespace SmartFixer
