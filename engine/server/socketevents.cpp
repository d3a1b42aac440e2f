#include "socketevents.h"

#include "core/clock.h"
#include "core/logging.h"
#include "core/presenceinfo.h"
#include "server/clusterlink.h"
#include "server/sioserver.h"
#include "server/statuscommand.h"
#include "server/storedirectory.h"
#include "server/wirejson.h"
#include "storage/store.h"

#include <QJsonArray>
#include <QJsonObject>

namespace SmartFixer {

namespace {

constexpr int MaxMessageChars = 4000; // DESIGN.md §4, in characters (code points)
constexpr int MaxClientIdChars = 128;
constexpr int MaxSubscribeIds = 1000; // per presence_subscribe call
constexpr int MaxSubscriptionsPerConnection = 10000;

using Wire::errorObject;
using Wire::jsonUserId;

} // namespace

void LocalDelivery::deliver(ConnectionId connection, const QString &event,
                            const QJsonValue &payload)
{
    const auto it = m_connections.constFind(connection);
    if (it == m_connections.cend() || !*it)
        return;
    (*it)->emitEvent(event, payload);
    ++m_counters->eventsDelivered;
}

void LocalDelivery::deliverToMany(const QList<ConnectionId> &connections, const QString &event,
                                  const QJsonValue &payload)
{
    std::vector<SioConnection *> to;
    to.reserve(size_t(connections.size()));
    for (ConnectionId id : connections) {
        const auto it = m_connections.constFind(id);
        if (it != m_connections.cend() && *it)
            to.push_back(it->data());
    }
    m_counters->eventsDelivered += quint64(SioConnection::emitToMany(to, event, payload));
}

SocketEvents::SocketEvents(const ServerContext &context, LocalDelivery *local, Delivery *delivery)
    : m_context(context), m_local(local), m_delivery(delivery), m_receipts(context, delivery)
{
    // §10/§12: receipts an invisible user made in hiding are told when they are seen again.
    m_context.hub->setVisibleAgainHook([this](UserId user, std::optional<qint64> hiddenSince) {
        m_receipts.visibleAgain(user, hiddenSince);
    });
}

SocketEvents::~SocketEvents()
{
    m_context.hub->setVisibleAgainHook({});
}

void SocketEvents::connected(SioConnection *connection)
{
    const ConnectionId id = ++m_nextId;
    m_idOf.insert(connection, id);
    m_local->add(id, connection);
    qCDebug(lcServer) << "user" << connection->userId() << "connected as" << id;
    m_context.hub->connectionOpened(id, connection->userId());
    m_receipts.connectionOpened(connection->userId());
}

void SocketEvents::disconnected(SioConnection *connection, const QString &reason)
{
    const auto it = m_idOf.find(connection);
    if (it == m_idOf.end())
        return;
    const ConnectionId id = it.value();
    m_idOf.erase(it);
    m_local->remove(id);
    qCDebug(lcServer) << "connection" << id << "gone:" << reason;
    m_context.hub->connectionClosed(id);
}

void SocketEvents::forgetAll()
{
    const auto remaining = m_idOf;
    m_idOf.clear();
    for (auto it = remaining.cbegin(); it != remaining.cend(); ++it)
        m_context.hub->connectionClosed(it.value());
    m_local->clear();
}

void SocketEvents::ack(SioConnection *connection, std::optional<qint64> ackId,
                       const QJsonValue &payload)
{
    if (!ackId)
        return;
    connection->sendAck(*ackId, payload);
    ++m_context.counters->acksOut;
}

void SocketEvents::event(SioConnection *connection, const QString &name, const QJsonValue &payload,
                         std::optional<qint64> ackId)
{
    const auto it = m_idOf.constFind(connection);
    if (it == m_idOf.cend())
        return;
    const ConnectionId id = it.value();
    ++m_context.counters->eventsIn;
    if (name == QLatin1String("user_activity")) {
        m_context.hub->activity(connection->userId());
        ack(connection, ackId, QJsonObject{});
    } else if (name == QLatin1String("presence_subscribe")) {
        ack(connection, ackId, subscribe(id, payload));
    } else if (name == QLatin1String("send_message")) {
        ack(connection, ackId, sendMessage(connection, id, payload));
        // After the ack, so the sender knows the id before message_delivered names it.
        if (m_deliveredNow) {
            const auto [row, count] = *std::exchange(m_deliveredNow, std::nullopt);
            m_receipts.delivered(row, count);
        }
    } else if (name == QLatin1String("typing")) {
        ack(connection, ackId, typing(connection, payload));
    } else if (name == QLatin1String("mark_read")) {
        ack(connection, ackId, m_receipts.markRead(connection->userId(), id, payload));
    } else if (name == QLatin1String("set_status")) {
        // §10; a status change is not activity (like presence_subscribe).
        const auto status
            = applyStatusPayload(m_context.hub, m_context.clock, connection->userId(), payload);
        ack(connection, ackId, status ? QJsonValue(QJsonObject{}) : errorObject(status.error()));
    } else {
        // Newer clients may send events we do not know: ignore them (DESIGN.md §7).
        qCDebug(lcServer) << "unknown event" << name << "from connection" << id;
        ack(connection, ackId, errorObject(QStringLiteral("unknown event")));
    }
}

QJsonValue SocketEvents::subscribe(ConnectionId id, const QJsonValue &payload)
{
    PresenceHub *hub = m_context.hub;
    const QJsonValue ids = payload.toObject().value(QStringLiteral("user_ids"));
    if (!payload.isObject() || !ids.isArray())
        return errorObject(QStringLiteral("user_ids must be an array of user ids"));
    const QJsonArray array = ids.toArray();
    if (array.size() > MaxSubscribeIds)
        return errorObject(QStringLiteral("at most %1 user_ids per call").arg(MaxSubscribeIds));
    QList<UserId> users;
    for (const QJsonValue &v : array) {
        if (const auto user = jsonUserId(v))
            users.append(*user); // anything else is not a known user: left out
    }
    if (hub->subscriptionCount(id) + hub->newSubscriptions(id, users)
        > MaxSubscriptionsPerConnection)
        return errorObject(QStringLiteral("too many subscriptions on this connection"));
    QJsonArray result;
    const QList<PresenceInfo> infos = hub->subscribe(id, users);
    for (const PresenceInfo &info : infos)
        result.append(info.toJson());
    return QJsonObject{{QStringLiteral("users"), result}};
}

QJsonValue SocketEvents::sendMessage(SioConnection *connection, ConnectionId id,
                                     const QJsonValue &payload)
{
    if (!payload.isObject())
        return errorObject(QStringLiteral("payload must be an object"));
    const QJsonObject o = payload.toObject();
    const UserId me = connection->userId();
    const auto to = jsonUserId(o.value(QStringLiteral("to")));
    if (!to)
        return errorObject(QStringLiteral("\"to\" must be a user id"));
    if (*to == me || !m_context.directory->userExists(*to))
        return errorObject(QStringLiteral("unknown recipient"));
    const QJsonValue textValue = o.value(QStringLiteral("text"));
    if (!textValue.isString())
        return errorObject(QStringLiteral("\"text\" must be a string"));
    const QString text = textValue.toString();
    if (text.trimmed().isEmpty())
        return errorObject(QStringLiteral("empty text"));
    if (text.toUcs4().size() > MaxMessageChars)
        return errorObject(QStringLiteral("text longer than %1 characters").arg(MaxMessageChars));
    const QJsonValue clientIdValue = o.value(QStringLiteral("client_id"));
    QString clientId;
    if (clientIdValue.isString())
        clientId = clientIdValue.toString();
    else if (!clientIdValue.isUndefined() && !clientIdValue.isNull())
        return errorObject(QStringLiteral("\"client_id\" must be a string"));
    if (clientId.size() > MaxClientIdChars)
        return errorObject(QStringLiteral("client_id longer than %1").arg(MaxClientIdChars));

    m_context.hub->activity(me);
    const auto stored
        = m_context.store->storeMessage(me, *to, text, clientId, m_context.clock->nowMs());
    if (!stored) {
        qCWarning(lcServer).noquote()
            << "could not store a message from" << me << ":" << stored.error();
        return errorObject(stored.kind() == ErrorKind::NotFound
                               ? QStringLiteral("unknown recipient")
                               : QStringLiteral("could not store the message"));
    }
    const MessageRow *row = &stored->row;
    if (!stored->duplicate) {
        ++m_context.counters->messagesStored;
        const QJsonObject message = Wire::messageJson(*row);
        const QList<ConnectionId> recipients = m_context.hub->connectionsOf(*to);
        for (ConnectionId c : recipients)
            m_delivery->deliver(c, QStringLiteral("new_message"), message);
        m_deliveredNow = {*row, int(recipients.size())};
        const QList<ConnectionId> own = m_context.hub->connectionsOf(me);
        for (ConnectionId c : own) {
            if (c != id)
                m_delivery->deliver(c, QStringLiteral("new_message"), message);
        }
        // Connections of either user on other nodes; one bus message per user.
        if (m_context.cluster) {
            m_context.cluster->publishToUser(*to, QStringLiteral("new_message"), message);
            m_context.cluster->publishToUser(me, QStringLiteral("new_message"), message);
        }
    }
    return QJsonObject{{QStringLiteral("id"), row->id},
                       {QStringLiteral("sent_at"), toIsoUtc(row->sentAtMs)}};
}

QJsonValue SocketEvents::typing(SioConnection *connection, const QJsonValue &payload)
{
    const auto to = jsonUserId(payload.toObject().value(QStringLiteral("to")));
    if (!payload.isObject() || !to)
        return errorObject(QStringLiteral("\"to\" must be a user id"));
    const UserId me = connection->userId();
    m_context.hub->activity(me);
    // §10: an invisible user's typing is not relayed (the ack is the same).
    if (*to != me && !m_context.hub->isInvisible(me)) {
        const QList<ConnectionId> recipients = m_context.hub->connectionsOf(*to);
        for (ConnectionId c : recipients)
            m_delivery->deliver(c, QStringLiteral("typing"),
                                QJsonObject{{QStringLiteral("from"), me}});
        if (m_context.cluster)
            m_context.cluster->publishToUser(*to, QStringLiteral("typing"),
                                             QJsonObject{{QStringLiteral("from"), me}});
    }
    return QJsonObject{};
}

void SocketEvents::closeConnectionsWithToken(const QString &token)
{
    closeConnectionsWhere([&token](const QString &t) { return t == token; });
}

void SocketEvents::closeConnectionsWithTokenHash(const QByteArray &tokenHash)
{
    closeConnectionsWhere(
        [&tokenHash](const QString &t) { return ClusterLink::tokenHash(t) == tokenHash; });
}

void SocketEvents::closeConnectionsWhere(const std::function<bool(const QString &)> &matches)
{
    QList<QPointer<SioConnection>> victims;
    for (auto it = m_idOf.cbegin(); it != m_idOf.cend(); ++it) {
        if (matches(it.key()->token()))
            victims.append(it.key());
    }
    for (const auto &c : std::as_const(victims)) {
        if (c)
            c->close(QStringLiteral("logged out"));
    }
}

void SocketEvents::closeConnectionsOfUser(UserId user)
{
    QList<QPointer<SioConnection>> victims;
    for (auto it = m_idOf.cbegin(); it != m_idOf.cend(); ++it) {
        if (it.key()->userId() == user)
            victims.append(it.key());
    }
    for (const auto &c : std::as_const(victims)) {
        if (c)
            c->close(QStringLiteral("logged out"));
    }
}

} // namespace SmartFixer
