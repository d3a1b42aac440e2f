#include "presenceinfo.h"

#include <QDateTime>
#include <QJsonValue>
#include <QRegularExpression>
#include <QTimeZone>

namespace SmartFixer {

PresenceInfo PresenceInfo::compute(UserId userId, const PresenceRecord &record, qint64 nowMs,
                                   qint64 windowMs, const StatusTextOptions &text)
{
    PresenceInfo info;
    info.userId = userId;
    info.isOnline = record.isOnline();
    info.state = presenceState(record, nowMs, windowMs);
    info.status = statusText(info.state, record.lastActiveMs, nowMs, text);
    info.lastActiveMs = record.lastActiveMs;
    info.lastActiveAgoMs = presenceAgeMs(record.lastActiveMs, nowMs);
    return info;
}

PresenceInfo PresenceInfo::hidden(UserId userId, const QLocale &locale)
{
    PresenceInfo info;
    info.userId = userId;
    info.isOnline = false;
    info.state = PresenceState::Hidden;
    info.status = statusText(PresenceState::Hidden, std::nullopt, 0, {locale, {}, {}});
    info.availability.reset(); // §10: both keys present and null when hidden
    info.statusMessage.reset();
    return info;
}

QJsonObject PresenceInfo::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("user_id"), userId);
    o.insert(QStringLiteral("is_online"), isOnline);
    o.insert(QStringLiteral("state"), stateName(state));
    o.insert(QStringLiteral("status"), status);
    o.insert(QStringLiteral("last_active"),
             lastActiveMs ? QJsonValue(toIsoUtc(*lastActiveMs)) : QJsonValue(QJsonValue::Null));
    o.insert(QStringLiteral("last_active_ago_ms"),
             lastActiveAgoMs ? QJsonValue(*lastActiveAgoMs) : QJsonValue(QJsonValue::Null));
    o.insert(QStringLiteral("availability"),
             availability ? QJsonValue(*availability) : QJsonValue(QJsonValue::Null));
    o.insert(QStringLiteral("status_message"),
             statusMessage ? QJsonValue(*statusMessage) : QJsonValue(QJsonValue::Null));
    return o;
}

Result<PresenceInfo> PresenceInfo::fromJson(const QJsonObject &o)
{
    PresenceInfo info;
    const QJsonValue id = o.value(QStringLiteral("user_id"));
    if (!id.isDouble() || id.toDouble() < 1)
        return Result<PresenceInfo>::failure(QStringLiteral("presence without a valid user_id"));
    info.userId = id.toInteger();
    info.isOnline = o.value(QStringLiteral("is_online")).toBool();
    info.status = o.value(QStringLiteral("status")).toString();
    // "state" is our addition; an original SmartFixer backend sends only is_online + status.
    if (const auto state = stateFromName(o.value(QStringLiteral("state")).toString())) {
        info.state = *state;
    } else if (info.isOnline && info.status == QLatin1String("online")) {
        info.state = PresenceState::Online;
    } else if (info.status.startsWith(QLatin1String("Active"))) {
        info.state = PresenceState::Active;
    } else if (info.status == QLatin1String("Presence hidden")) {
        info.state = PresenceState::Hidden;
    } else {
        info.state = PresenceState::LastSeen;
    }
    const QJsonValue last = o.value(QStringLiteral("last_active"));
    if (last.isString())
        info.lastActiveMs = parseIsoUtc(last.toString());
    const QJsonValue ago = o.value(QStringLiteral("last_active_ago_ms"));
    if (ago.isDouble())
        info.lastActiveAgoMs = std::max<qint64>(0, ago.toInteger());
    // §10 additions; a server without them sends neither (then: unknown, no message).
    const QJsonValue availability = o.value(QStringLiteral("availability"));
    info.availability = availability.isString()
        ? std::optional<QString>(availability.toString().left(32))
        : std::nullopt;
    const QJsonValue message = o.value(QStringLiteral("status_message"));
    if (message.isString() && !message.toString().isEmpty())
        info.statusMessage = message.toString().left(200);
    return info;
}

QString toIsoUtc(qint64 ms)
{
    // toUTC() gives the Qt::UTC spec, which ISO-formats as "Z" (a QTimeZone gives "+00:00").
    return QDateTime::fromMSecsSinceEpoch(ms).toUTC().toString(Qt::ISODateWithMs);
}

std::optional<qint64> parseIsoUtc(QStringView text)
{
    static const QRegularExpression re(
        QStringLiteral(
            R"(^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$)"),
        QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(text.toString());
    if (!m.hasMatch())
        return std::nullopt;
    const QDate date(m.capturedView(1).toInt(), m.capturedView(2).toInt(),
                     m.capturedView(3).toInt());
    const int h = m.capturedView(4).toInt();
    const int min = m.capturedView(5).toInt();
    const int s = m.capturedView(6).toInt();
    const QString fraction = QString(m.captured(7) + QStringLiteral("000")).left(3);
    const QTime time(h, min, s, fraction.toInt());
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    int offsetSeconds = 0;
    const QString zone = m.captured(8);
    if (!zone.isEmpty() && zone.compare(QLatin1String("Z"), Qt::CaseInsensitive) != 0) {
        QString digits = zone.mid(1);
        digits.remove(QLatin1Char(':'));
        offsetSeconds = (digits.left(2).toInt() * 3600 + digits.mid(2, 2).toInt() * 60)
            * (zone.startsWith(QLatin1Char('-')) ? -1 : 1);
    }
    const QDateTime dt(date, time, QTimeZone::utc());
    return dt.toMSecsSinceEpoch() - qint64(offsetSeconds) * 1000;
}

} // namespace SmartFixer
