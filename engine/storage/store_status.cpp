// Store's StatusStore part (DESIGN.md §10): the user_status table of schema migration 4, the
// same SQL in SQLite and PostgreSQL. No foreign key: an upgraded legacy database names its
// users table "user", and a status row of a user that is gone is harmless.
#include "core/logging.h"
#include "core/presenceinfo.h"
#include "schema_p.h"
#include "store.h"
#include "store_p.h"

#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>

namespace SmartFixer {

namespace Schema {

bool createUserStatusTable(QSqlDatabase &db, const QString &idType, QString *error)
{
    // Timestamps are ISO 8601 UTC text like every other one; frozen_* are what other viewers
    // keep seeing while the user is invisible; frozen_held = 1: invisible ended while offline,
    // others keep seeing frozen_last_active until the user is next active (users.last_active
    // always holds the truth).
    return exec(db,
                QStringLiteral("CREATE TABLE user_status ("
                               " user_id %1 PRIMARY KEY,"
                               " availability TEXT NOT NULL DEFAULT 'auto'"
                               "  CHECK (availability IN ('auto', 'dnd', 'invisible')),"
                               " message TEXT,"
                               " expires_at TEXT,"
                               " last_seen TEXT NOT NULL DEFAULT 'exact'"
                               "  CHECK (last_seen IN ('exact', 'approximate')),"
                               " frozen_last_active TEXT,"
                               " frozen_availability TEXT NOT NULL DEFAULT 'auto'"
                               "  CHECK (frozen_availability IN ('auto', 'dnd')),"
                               " frozen_message TEXT,"
                               " frozen_held INTEGER NOT NULL DEFAULT 0)")
                    .arg(idType),
                error);
}

} // namespace Schema

namespace {

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

QVariant isoOrNull(std::optional<qint64> ms)
{
    return ms ? QVariant(toIsoUtc(*ms)) : QVariant(QMetaType::fromType<QString>());
}

} // namespace

ManualStatus Store::manualStatus(UserId user) const
{
    ManualStatus status;
    if (!isOpen())
        return status;
    // Reused: every connect reads it (the hub's first look at a user).
    const ReusedQuery rq(
        this,
        reused(QStringLiteral("SELECT availability, message, expires_at, last_seen,"
                              " frozen_last_active, frozen_availability, frozen_message,"
                              " frozen_held FROM user_status WHERE user_id = ?")));
    QSqlQuery &q = *rq;
    q.bindValue(0, user);
    if (!q.exec()) {
        qCWarning(lcStore).noquote() << "reading a status failed:" << q.lastError().text();
        return status;
    }
    if (!q.next())
        return status;
    status.availability = availabilityFromName(q.value(0).toString()).value_or(Availability::Auto);
    status.message = q.value(1).toString();
    status.expiresAtMs = Schema::timestampMs(q.value(2));
    status.lastSeen
        = lastSeenPrecisionFromName(q.value(3).toString()).value_or(LastSeenPrecision::Exact);
    status.frozenLastActiveMs = Schema::timestampMs(q.value(4));
    const Availability frozen
        = availabilityFromName(q.value(5).toString()).value_or(Availability::Auto);
    status.frozenAvailability = frozen == Availability::Invisible ? Availability::Auto : frozen;
    status.frozenMessage = q.value(6).toString();
    status.frozenHeld = q.value(7).toInt() != 0;
    return status;
}

bool Store::setManualStatus(UserId user, const ManualStatus &status,
                            std::optional<qint64> onlyIfExpiresAtMs)
{
    if (!isOpen())
        return false;
    QSqlQuery q(db());
    // INSERT … ON CONFLICT … DO UPDATE is the same in SQLite (≥ 3.24) and PostgreSQL.
    q.prepare(
        QStringLiteral(
            "INSERT INTO user_status (user_id, availability, message, expires_at, last_seen,"
            " frozen_last_active, frozen_availability, frozen_message, frozen_held)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET availability = excluded.availability,"
            " message = excluded.message, expires_at = excluded.expires_at,"
            " last_seen = excluded.last_seen, frozen_last_active = excluded.frozen_last_active,"
            " frozen_availability = excluded.frozen_availability,"
            " frozen_message = excluded.frozen_message, frozen_held = excluded.frozen_held")
        + QLatin1String(onlyIfExpiresAtMs ? " WHERE user_status.expires_at = ?" : ""));
    q.addBindValue(user);
    q.addBindValue(availabilityName(status.availability));
    q.addBindValue(textOrNull(status.message));
    q.addBindValue(isoOrNull(status.expiresAtMs));
    q.addBindValue(lastSeenPrecisionName(status.lastSeen));
    q.addBindValue(isoOrNull(status.frozenLastActiveMs));
    q.addBindValue(availabilityName(status.frozenAvailability == Availability::Invisible
                                        ? Availability::Auto
                                        : status.frozenAvailability));
    q.addBindValue(textOrNull(status.frozenMessage));
    q.addBindValue(status.frozenHeld ? 1 : 0);
    if (onlyIfExpiresAtMs)
        q.addBindValue(toIsoUtc(*onlyIfExpiresAtMs));
    if (!q.exec()) {
        qCWarning(lcStore).noquote() << "storing a status failed:" << q.lastError().text();
        return false;
    }
    return true;
}

QList<RebasedReceipt> Store::rebaseReceipts(UserId recipient, std::optional<qint64> hiddenSinceMs,
                                            qint64 nowMs)
{
    QList<RebasedReceipt> result;
    if (!isOpen())
        return result;
    // ISO 8601 UTC text of one width compares like the times; '' is before every time.
    const QString since = hiddenSinceMs ? toIsoUtc(*hiddenSinceMs) : QStringLiteral("");
    const QString now = toIsoUtc(nowMs);
    QSqlQuery q(db());
    q.prepare(QStringLiteral(
        "UPDATE messages SET"
        " delivered_at = CASE WHEN delivered_at > ? THEN ? ELSE delivered_at END,"
        " read_at = CASE WHEN read_at > ? THEN ? ELSE read_at END"
        " WHERE recipient_id = ? AND (delivered_at > ? OR read_at > ?)"
        " RETURNING id, sender_id, delivered_at = ?, read_at IS NOT NULL AND read_at = ?"));
    for (const QString &v : {since, now, since, now})
        q.addBindValue(v);
    q.addBindValue(recipient);
    for (const QString &v : {since, since, now, now})
        q.addBindValue(v);
    if (!q.exec()) {
        qCWarning(lcStore).noquote() << "rebasing receipts failed:" << q.lastError().text();
        return result;
    }
    while (q.next())
        result.append({q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toBool(),
                       q.value(3).toBool()});
    std::sort(result.begin(), result.end(),
              [](const RebasedReceipt &a, const RebasedReceipt &b) { return a.id < b.id; });
    return result;
}

} // namespace SmartFixer
