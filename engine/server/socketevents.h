#pragma once
// SocketEvents: the socket half of the presence server. It maps the transport's authenticated
// connections to hub connections, answers the client events of DESIGN.md §4 (user_activity,
// presence_subscribe, send_message, typing) and delivers events to this process's sockets.
#include "server/presencehub.h"
#include "server/receipts.h"
#include "server/servercontext.h"
#include "storage/serverstore.h"

#include <QHash>
#include <QJsonValue>
#include <QPointer>
#include <QString>
#include <functional>
#include <optional>

namespace SmartFixer {

class SioConnection;

//! Delivery to this process's SioConnections (the hub's and the chat events' default).
class LocalDelivery final : public Delivery
{
public:
    explicit LocalDelivery(ServerCounters *counters) : m_counters(counters) { }
    void deliver(ConnectionId connection, const QString &event, const QJsonValue &payload) override;
    void deliverToMany(const QList<ConnectionId> &connections, const QString &event,
                       const QJsonValue &payload) override;
    void add(ConnectionId id, SioConnection *connection) { m_connections.insert(id, connection); }
    void remove(ConnectionId id) { m_connections.remove(id); }
    void clear() { m_connections.clear(); }

private:
    QHash<ConnectionId, QPointer<SioConnection>> m_connections;
    ServerCounters *m_counters;
};

class SocketEvents
{
public:
    //! Events go out through \a delivery (the local one, or what a backend wrapped around it).
    SocketEvents(const ServerContext &context, LocalDelivery *local, Delivery *delivery);
    ~SocketEvents();
    SocketEvents(const SocketEvents &) = delete;
    SocketEvents &operator=(const SocketEvents &) = delete;

    // The transport's signals.
    void connected(SioConnection *connection);
    void disconnected(SioConnection *connection, const QString &reason);
    void event(SioConnection *connection, const QString &name, const QJsonValue &payload,
               std::optional<qint64> ackId);

    //! Closes this process's connections that authenticated with \a token (logout).
    void closeConnectionsWithToken(const QString &token);
    //! The same for a token revoked on another node (ClusterLink::tokenHash()).
    void closeConnectionsWithTokenHash(const QByteArray &tokenHash);
    //! Closes this process's connections of \a user (logout everywhere).
    void closeConnectionsOfUser(UserId user);
    //! Asks the store which of the live connections' tokens are still valid (one query per
    //! TokenStore::ValidTokensBatch) and closes the others; how many it closed, or -1 when the
    //! store could not answer (then nothing is closed). socketevents_tokens.cpp.
    int recheckTokens();
    //! Connections the transport has not reported gone yet count as gone now (shutdown).
    void forgetAll();

private:
    void closeConnectionsWhere(const std::function<bool(const QString &token)> &matches);
    void ack(SioConnection *connection, std::optional<qint64> ackId, const QJsonValue &payload);
    QJsonValue subscribe(ConnectionId id, const QJsonValue &payload);
    QJsonValue sendMessage(SioConnection *connection, ConnectionId id, const QJsonValue &payload);
    QJsonValue typing(SioConnection *connection, const QJsonValue &payload);

    ServerContext m_context;
    LocalDelivery *m_local;
    Delivery *m_delivery;
    Receipts m_receipts; // DESIGN.md §12
    // The message send_message just delivered, and to how many of the recipient's connections.
    std::optional<std::pair<MessageRow, int>> m_deliveredNow;
    QHash<SioConnection *, ConnectionId> m_idOf;
    ConnectionId m_nextId = 0;
};

} // namespace SmartFixer
