#include "receipts.h"

#include "core/clock.h"
#include "core/logging.h"
#include "server/wirejson.h"
#include "storage/serverstore.h"

namespace SmartFixer {

namespace {
// Undelivered messages marked per connect (and so message_delivered events per connect); the
// rest follow at the next connect, so one connect never costs an unbounded write.
constexpr int MaxDeliveredPerConnect = 2000;
} // namespace

void Receipts::sendDelivered(UserId sender, UserId recipient, qint64 messageId)
{
    const QJsonObject payload{{QStringLiteral("id"), messageId}, {QStringLiteral("to"), recipient}};
    const QList<ConnectionId> senders = m_context.hub->connectionsOf(sender);
    for (ConnectionId c : senders)
        m_delivery->deliver(c, QStringLiteral("message_delivered"), payload);
}

void Receipts::connectionOpened(UserId recipient)
{
    // §10: an invisible recipient receives but does not look connected; delivery is told
    // when they are seen again (visibleAgain()).
    if (m_context.hub->isInvisible(recipient))
        return;
    const QList<DeliveredMessage> done = m_context.store->markDelivered(
        recipient, std::nullopt, m_context.clock->nowMs(), MaxDeliveredPerConnect);
    for (const DeliveredMessage &m : done)
        sendDelivered(m.from, recipient, m.id);
}

void Receipts::delivered(const MessageRow &message, int deliveredTo)
{
    if (deliveredTo <= 0 || m_context.hub->isInvisible(message.to))
        return;
    const QList<DeliveredMessage> done
        = m_context.store->markDelivered(message.to, message.id, m_context.clock->nowMs(), 1);
    for (const DeliveredMessage &m : done)
        sendDelivered(m.from, message.to, m.id);
}

QJsonValue Receipts::markRead(UserId reader, ConnectionId connection, const QJsonValue &payload)
{
    const QJsonObject o = payload.toObject();
    const auto peer = Wire::jsonUserId(o.value(QStringLiteral("peer")));
    const auto upTo = Wire::jsonUserId(o.value(QStringLiteral("up_to")));
    if (!payload.isObject() || !peer || !upTo)
        return Wire::errorObject(
            QStringLiteral("expected {\"peer\": user id, \"up_to\": message id}"));
    if (*peer == reader)
        return Wire::errorObject(QStringLiteral("unknown peer"));
    m_context.hub->activity(reader);
    const auto marked = m_context.store->markRead(reader, *peer, *upTo, m_context.clock->nowMs());
    if (!marked) {
        qCWarning(lcServer).noquote() << "mark_read of" << reader << "failed:" << marked.error();
        return Wire::errorObject(QStringLiteral("could not store the read receipt"));
    }
    if (!marked.value())
        return QJsonObject{}; // nothing was unread: nobody needs to hear of it
    const QJsonObject event{{QStringLiteral("by"), reader},
                            {QStringLiteral("peer"), *peer},
                            {QStringLiteral("up_to"), *marked.value()}};
    // The reader's other devices clear their unread counts whatever the switch says.
    const QList<ConnectionId> own = m_context.hub->connectionsOf(reader);
    for (ConnectionId c : own) {
        if (c != connection)
            m_delivery->deliver(c, QStringLiteral("messages_read"), event);
    }
    // DESIGN.md §12: a user with read_receipts off sends none and sees none. §10: an
    // invisible reader's receipt waits until they are seen again (visibleAgain()).
    if (!m_context.hub->isInvisible(reader) && m_context.store->readReceipts(reader)
        && m_context.store->readReceipts(*peer)) {
        const QList<ConnectionId> sender = m_context.hub->connectionsOf(*peer);
        for (ConnectionId c : sender)
            m_delivery->deliver(c, QStringLiteral("messages_read"), event);
    }
    return QJsonObject{};
}

void Receipts::visibleAgain(UserId recipient, std::optional<qint64> hiddenSinceMs)
{
    const QList<RebasedReceipt> rebased
        = m_context.store->rebaseReceipts(recipient, hiddenSinceMs, m_context.clock->nowMs());
    QHash<UserId, qint64> readUpTo; // sender → highest message id read in hiding
    for (const RebasedReceipt &r : rebased) {
        if (r.delivered)
            sendDelivered(r.from, recipient, r.id);
        if (r.read)
            readUpTo[r.from] = std::max(readUpTo.value(r.from), r.id);
    }
    const bool readerShares = m_context.store->readReceipts(recipient);
    for (auto it = readUpTo.cbegin(); it != readUpTo.cend(); ++it) {
        if (!readerShares || !m_context.store->readReceipts(it.key()))
            continue;
        const QJsonObject event{{QStringLiteral("by"), recipient},
                                {QStringLiteral("peer"), it.key()},
                                {QStringLiteral("up_to"), it.value()}};
        const QList<ConnectionId> sender = m_context.hub->connectionsOf(it.key());
        for (ConnectionId c : sender)
            m_delivery->deliver(c, QStringLiteral("messages_read"), event);
    }
    connectionOpened(recipient); // what arrived in hiding and was not read yet
}

QJsonObject Receipts::messageFor(ServerStore *store, PresenceHub *hub, UserId viewer,
                                 const MessageRow &row)
{
    MessageRow shown = row;
    if (row.from == viewer && shown.readAtMs
        && !(store->readReceipts(viewer) && store->readReceipts(row.to)))
        shown.readAtMs.reset();
    std::optional<qint64> hiddenSince;
    if (row.from == viewer && row.to != viewer && hub
        && hub->isHidingActivity(row.to, &hiddenSince)) {
        const auto inHiding = [&hiddenSince](std::optional<qint64> t) {
            return t && (!hiddenSince || *t > *hiddenSince);
        };
        if (inHiding(shown.deliveredAtMs))
            shown.deliveredAtMs.reset();
        if (inHiding(shown.readAtMs))
            shown.readAtMs.reset();
    }
    return Wire::messageJson(shown);
}

} // namespace SmartFixer
