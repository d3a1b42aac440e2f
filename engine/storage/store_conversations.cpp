// Store's ConversationStore (DESIGN.md §12): receipts, the read_receipts switch, the
// conversations list and message search, the same SQL for SQLite and PostgreSQL (both have
// UPDATE … RETURNING; the case-insensitive LIKE comes from the dialect).
#include "core/logging.h"
#include "core/presenceinfo.h"
#include "schema_p.h"
#include "sqldialect_p.h"
#include "store.h"
#include "store_p.h"

#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>

namespace SmartFixer {

using StoreRows::messageColumns;
using StoreRows::messageFromQuery;

QList<DeliveredMessage> Store::markDelivered(UserId recipient, std::optional<qint64> messageId,
                                             qint64 nowMs, int limit)
{
    QList<DeliveredMessage> result;
    if (!isOpen() || limit <= 0)
        return result;
    if (!messageId) {
        // Every connect asks (§12); nearly always there is nothing to deliver. A read on the
        // partial index messages_undelivered spares those connects the write transaction,
        // which was ~40 % of a handshake's server CPU on SQLite (tests/benchmarks/README.md).
        // A message stored after this read is marked by the live delivery (Receipts).
        const ReusedQuery probe(
            this,
            reused(QStringLiteral("SELECT 1 FROM messages WHERE recipient_id = ?"
                                  " AND delivered_at IS NULL LIMIT 1")));
        probe->bindValue(0, recipient);
        if (!probe->exec()) {
            qCWarning(lcStore).noquote() << "markDelivered failed:" << probe->lastError().text();
            return result;
        }
        if (!probe->next())
            return result;
    }
    // One statement: of two servers that deliver at once, only one sees each row change.
    const ReusedQuery q(this,
                        reused(QStringLiteral("UPDATE messages SET delivered_at = ? WHERE id IN ("
                                              "SELECT id FROM messages WHERE recipient_id = ?"
                                              " AND delivered_at IS NULL")
                               + QLatin1String(messageId ? " AND id = ?" : "")
                               + QStringLiteral(" ORDER BY id LIMIT ?) AND delivered_at IS NULL"
                                                " RETURNING id, sender_id")));
    int i = 0;
    q->bindValue(i++, toIsoUtc(nowMs));
    q->bindValue(i++, recipient);
    if (messageId)
        q->bindValue(i++, *messageId);
    q->bindValue(i++, limit);
    if (!q->exec()) {
        qCWarning(lcStore).noquote() << "markDelivered failed:" << q->lastError().text();
        return result;
    }
    while (q->next())
        result.append({q->value(0).toLongLong(), q->value(1).toLongLong()});
    std::sort(result.begin(), result.end(),
              [](const DeliveredMessage &a, const DeliveredMessage &b) { return a.id < b.id; });
    return result;
}

Result<std::optional<qint64>> Store::markRead(UserId reader, UserId peer, qint64 upTo, qint64 nowMs)
{
    using R = Result<std::optional<qint64>>;
    if (!isOpen())
        return R::failure(QStringLiteral("database is not open"), ErrorKind::Unavailable);
    QSqlQuery q(db());
    q.prepare(QStringLiteral("UPDATE messages SET read_at = ?, delivered_at = COALESCE("
                             "delivered_at, ?) WHERE recipient_id = ? AND sender_id = ?"
                             " AND id <= ? AND read_at IS NULL RETURNING id"));
    const QString now = toIsoUtc(nowMs);
    q.addBindValue(now);
    q.addBindValue(now);
    q.addBindValue(reader);
    q.addBindValue(peer);
    q.addBindValue(upTo);
    if (!q.exec())
        return R::failure(QStringLiteral("cannot mark messages read: ") + q.lastError().text(),
                          noteDatabaseError(q.lastError()));
    std::optional<qint64> highest;
    while (q.next())
        highest = std::max(highest.value_or(0), q.value(0).toLongLong());
    return R(highest);
}

bool Store::readReceipts(UserId user) const
{
    if (!isOpen())
        return true;
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT 1 FROM read_receipts_off WHERE user_id = ?"));
    q.addBindValue(user);
    return !(q.exec() && q.next());
}

bool Store::setReadReceipts(UserId user, bool on)
{
    if (!isOpen() || !userById(user))
        return false;
    QSqlQuery q(db());
    if (on)
        q.prepare(QStringLiteral("DELETE FROM read_receipts_off WHERE user_id = ?"));
    else
        q.prepare(m_dialect->insertIgnoring(
            QStringLiteral("INSERT INTO read_receipts_off (user_id) VALUES (?)")));
    q.addBindValue(user);
    if (!q.exec()) {
        qCWarning(lcStore).noquote() << "setReadReceipts failed:" << q.lastError().text();
        return false;
    }
    return true;
}

QList<ConversationRow> Store::conversations(UserId me, int limit) const
{
    QList<ConversationRow> rows;
    if (!isOpen() || limit <= 0)
        return rows;
    QSqlQuery q(db());
    q.setForwardOnly(true);
    // Both halves are index ranges (messages_by_conversation, messages_by_recipient).
    q.prepare(
        QStringLiteral("SELECT peer, MAX(id) AS last_id FROM ("
                       " SELECT recipient_id AS peer, id FROM messages WHERE sender_id = ?"
                       " UNION ALL"
                       " SELECT sender_id AS peer, id FROM messages WHERE recipient_id = ?) AS c"
                       " WHERE peer <> ? GROUP BY peer ORDER BY last_id DESC LIMIT ?"));
    q.addBindValue(me);
    q.addBindValue(me);
    q.addBindValue(me);
    q.addBindValue(limit);
    if (!q.exec()) {
        qCWarning(lcStore).noquote() << "conversations failed:" << q.lastError().text();
        return rows;
    }
    while (q.next())
        rows.append({q.value(0).toLongLong(), q.value(1).toLongLong(), 0});
    if (rows.isEmpty())
        return rows;
    QSqlQuery u(db());
    u.setForwardOnly(true);
    u.prepare(QStringLiteral("SELECT sender_id, COUNT(*) FROM messages WHERE recipient_id = ?"
                             " AND read_at IS NULL GROUP BY sender_id"));
    u.addBindValue(me);
    if (u.exec()) {
        QHash<UserId, int> unread;
        while (u.next())
            unread.insert(u.value(0).toLongLong(), u.value(1).toInt());
        for (ConversationRow &row : rows)
            row.unread = unread.value(row.peer);
    }
    return rows;
}

std::optional<MessageRow> Store::messageById(qint64 id) const
{
    if (!isOpen())
        return std::nullopt;
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT ") + messageColumns()
              + QStringLiteral(" FROM messages WHERE id = ?"));
    q.addBindValue(id);
    if (q.exec() && q.next())
        return messageFromQuery(q);
    return std::nullopt;
}

QList<MessageRow> Store::searchMessages(UserId me, const QString &text, std::optional<UserId> peer,
                                        int limit) const
{
    QList<MessageRow> rows;
    if (!isOpen() || limit <= 0 || text.isEmpty())
        return rows;
    bool ascii = true;
    for (const QChar c : text)
        ascii = ascii && c.unicode() < 128;
    // ASCII needs ASCII case folding only, which both engines' LIKE operators do, fastest;
    // anything else folds with Unicode's tables (sf_contains_folded, ICU lower()).
    QString pattern = text;
    QString match;
    if (ascii) {
        // The text is a literal: LIKE's wildcards and the escape character itself are escaped.
        pattern.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
        pattern.replace(QLatin1Char('%'), QLatin1String("\\%"));
        pattern.replace(QLatin1Char('_'), QLatin1String("\\_"));
        pattern = QLatin1Char('%') + pattern + QLatin1Char('%');
        match = QStringLiteral("text ") + m_dialect->likeCaseInsensitive()
            + QStringLiteral(" ? ESCAPE '\\'");
    } else {
        match = m_dialect->containsCaseInsensitive(QStringLiteral("text"));
    }
    QSqlQuery q(db());
    q.setForwardOnly(true);
    const QString where = peer
        ? QStringLiteral("((sender_id = ? AND recipient_id = ?) OR (sender_id = ? AND"
                         " recipient_id = ?))")
        : QStringLiteral("(sender_id = ? OR recipient_id = ?)");
    q.prepare(QStringLiteral("SELECT ") + messageColumns() + QStringLiteral(" FROM messages WHERE ")
              + where + QStringLiteral(" AND ") + match
              + QStringLiteral(" ORDER BY id DESC LIMIT ?"));
    if (peer) {
        q.addBindValue(me);
        q.addBindValue(*peer);
        q.addBindValue(*peer);
        q.addBindValue(me);
    } else {
        q.addBindValue(me);
        q.addBindValue(me);
    }
    q.addBindValue(pattern);
    q.addBindValue(limit);
    if (!q.exec()) {
        qCWarning(lcStore).noquote() << "message search failed:" << q.lastError().text();
        return rows;
    }
    while (q.next())
        rows << messageFromQuery(q);
    return rows;
}

} // namespace SmartFixer
