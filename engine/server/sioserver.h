#pragma once
// SioServer: the Engine.IO v4 / Socket.IO v5 server transport over WebSocket. It takes the
// WebSocket upgrades on /socket.io/ from an HttpFront's HttpListener (one port for REST and
// WebSocket), frames WebSocket itself (WsLink), runs the handshake, authenticates the namespace
// CONNECT through a callback, pings, and enforces the limits of DESIGN.md §7. It knows nothing of
// presence: the presence hub (PresenceServer) listens to its signals and answers through
// SioConnection.
#include "core/clock.h"
#include "core/presence.h"

#include <QHostAddress>
#include <QJsonValue>
#include <QObject>
#include <QString>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

QT_BEGIN_NAMESPACE
class QAbstractHttpServer;
QT_END_NAMESPACE

namespace SmartFixer {

struct TransportLimits
{
    int pingIntervalMs = 25000;
    int pingTimeoutMs = 20000;
    qint64 maxFrameBytes = 64 * 1024; //!< bigger frames close the connection
    int handshakeTimeoutMs = 10000; //!< WebSocket open → authenticated CONNECT
    double eventsPerSecond = 20; //!< token bucket refill per connection
    int eventBurst = 60; //!< token bucket size
    int floodDisconnectAfter = 200; //!< events dropped for rate before disconnecting
    qint64 maxSendBufferBytes = 1 << 20; //!< unsent bytes before a slow reader is dropped
    //! Helper threads that write a big fan-out beside the event loop's thread (-1: one per
    //! core beyond the first, at most 3; 0: none). Started at the first such fan-out.
    int sendThreads = -1;
    //! Receivers of one emitToMany() from which the helpers write too (fewer: not worth the
    //! threads' wake-up).
    int parallelSendMin = 256;
};

//! Counters for /metrics and the limit tests.
struct TransportStats
{
    quint64 handshakes = 0; //!< authenticated CONNECTs
    quint64 authFailures = 0;
    quint64 framesIn = 0;
    quint64 framesOut = 0;
    quint64 protocolErrors = 0; //!< malformed/binary/oversized → closed
    quint64 rateLimited = 0; //!< events dropped by the token bucket
    quint64 slowReaderDrops = 0; //!< closed because the send buffer overflowed
    quint64 handshakeTimeouts = 0;
    quint64 pingTimeouts = 0;
};

class SioServer;

//! One authenticated Socket.IO connection (one device/window of a user).
class SioConnection : public QObject
{
    Q_OBJECT
public:
    ~SioConnection() override;
    QString sid() const;
    UserId userId() const;
    //! The access token this connection authenticated with (so logout can close it).
    QString token() const;
    QHostAddress peerAddress() const;
    //! Bytes written to this connection that wait in user space (the peer reads slower than
    //! we send); at TransportLimits::maxSendBufferBytes the connection is dropped.
    qint64 bytesQueued() const;

    //! Sends 42["name",payload].
    void emitEvent(const QString &name, const QJsonValue &payload);
    //! Sends the same 42["name",payload] to each of \a connections (a fan-out): encoded once,
    //! and with many receivers written by the server's send workers in parallel. Returns how
    //! many it was sent to (connections that are closing are skipped).
    static int emitToMany(const std::vector<SioConnection *> &connections, const QString &name,
                          const QJsonValue &payload);
    //! Sends 43<ackId>[payload].
    void sendAck(qint64 ackId, const QJsonValue &payload);
    //! Sends a Socket.IO DISCONNECT and closes the WebSocket.
    void close(const QString &reason);

private:
    friend class SioServer;
    explicit SioConnection(QObject *parent);
    struct Private;
    std::unique_ptr<Private> d;
};

class SioServer : public QObject
{
    Q_OBJECT
public:
    //! What CONNECT's auth payload (e.g. {"token":"…"}) maps to: a user, or nothing = refuse
    //! with 44{"message":"unauthorized"}. The token used is written to \a token.
    using Authenticator
        = std::function<std::optional<UserId>(const QJsonValue &auth, QString *token)>;

    //! \a clock drives the ping schedule, the handshake timeout and the rate-limit buckets
    //! (null: Clock::system()), so demo mode's scaled clock and tests' ManualClock reach them.
    SioServer(const TransportLimits &limits, Authenticator authenticator, QObject *parent = nullptr,
              Clock *clock = nullptr);
    ~SioServer() override;

    //! Takes every WebSocket upgrade on /socket.io/ that reaches \a http, an HttpFront with an
    //! HttpListener bound (call after bind()): the listener shows each new socket to us
    //! before Qt's HTTP server reads it.
    void attach(QAbstractHttpServer *http);
    const TransportLimits &limits() const;
    const TransportStats &stats() const;
    //! Asked when the authenticator refused a CONNECT: true = the refusal is because the
    //! database is gone, not the token, so the socket is closed with 1011 (server error)
    //! and no connect error: clients reconnect instead of giving up as unauthorized.
    void setUnavailableCheck(std::function<bool()> unavailable);
    //! Authenticated connections that are still open.
    int connectionCount() const;
    //! Every WebSocket this server holds, including those still in the handshake.
    int socketCount() const;

    //! Closes every connection (clean shutdown).
    void closeAll(const QString &reason);

Q_SIGNALS:
    //! After a CONNECT was authenticated and answered with 40{"sid":…}.
    void clientConnected(SmartFixer::SioConnection *connection);
    //! An event from an authenticated connection: the first argument only (Undefined when the
    //! event had none), and the ack id when the client asked for an ack.
    void eventReceived(SmartFixer::SioConnection *connection, const QString &name,
                       const QJsonValue &payload, std::optional<qint64> ackId);
    //! The connection is gone (closed by either side, ping timeout, limit). Emitted once for
    //! every connection that had been announced by clientConnected; the object is deleted
    //! later.
    void clientDisconnected(SmartFixer::SioConnection *connection, const QString &reason);

private:
    friend class SioConnection;
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace SmartFixer
