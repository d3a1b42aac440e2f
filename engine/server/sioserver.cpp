#include "sioserver.h"

#include "core/logging.h"
#include "httpfront.h"
#include "protocol/engineio.h"
#include "protocol/socketio.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

#include <algorithm>
#include <cerrno>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <sys/socket.h>
#include <unordered_set>
#include <vector>

// How a WebSocket upgrade reaches us in Qt 6.4.2 (QtHttpServer's qabstracthttpserver.cpp,
// handleReadyRead()): once the HTTP request is parsed and carries "Upgrade: websocket", Qt
// hands the socket over only if isSignalConnected(newWebSocketConnection) AND
// handleRequest() returns true, i.e. a QHttpServer route matches the upgrade path. That route
// runs with a responder and must write nothing. Otherwise Qt logs "WebSocket received but no
// slots connected to QWebSocketServer::newConnection or request not handled", calls the
// missing handler and closes the socket (verified here: without our route the handshake test
// gets no open packet). On success Qt rolls the socket's read transaction back and gives the
// raw QTcpSocket to its private QWebSocketServer, which does the WebSocket handshake and emits
// newConnection, forwarded as QAbstractHttpServer::newWebSocketConnection. That private
// QWebSocketServer keeps at most 30 pending connections and drops the rest, so we drain the
// queue inside the signal, every time. Hence attach() (1) connects to newWebSocketConnection
// and (2) registers a route on /socket.io/ that writes nothing for an upgrade request (and a
// JSON 400 for anything else, e.g. long-polling, which we do not serve).

namespace SmartFixer {

namespace {

enum class ConnState : quint8 {
    Handshake, //!< WebSocket open, Engine.IO open sent, waiting for the namespace CONNECT
    Connected, //!< authenticated, announced with clientConnected
    Closing, //!< we or the peer started closing; nothing more is delivered or sent
};

QString randomSid()
{
    // 15 random bytes → 20 URL-safe characters, like engine.io's ids.
    quint32 words[4];
    QRandomGenerator::global()->fillRange(words);
    const QByteArray raw(reinterpret_cast<const char *>(words), 15);
    return QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding));
}

//! One unmasked, unfragmented WebSocket text frame (RFC 6455 §5.2) carrying \a utf8: what
//! QWebSocket::sendTextMessage() writes for a message of this size, built once so a fan-out
//! hands the same bytes to every socket.
QByteArray webSocketTextFrame(const QByteArray &utf8)
{
    const auto size = static_cast<quint64>(utf8.size());
    QByteArray frame;
    frame.reserve(utf8.size() + 10);
    frame.append(char(0x81)); // FIN + text opcode
    if (size < 126) {
        frame.append(char(size));
    } else if (size <= 0xffff) {
        frame.append(char(126));
        frame.append(char(size >> 8));
        frame.append(char(size & 0xff));
    } else {
        frame.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((size >> shift) & 0xff));
    }
    frame.append(utf8);
    return frame;
}

} // namespace

// Per-connection state is kept small on purpose (DESIGN: 10,000 idle connections ≤ 16 KiB
// each including Qt's socket objects): no timers, no strings besides the ids.
struct SioConnection::Private
{
    SioServer *server = nullptr;
    QWebSocket *ws = nullptr; //!< child of the connection
    //! The TCP socket under ws (its child in Qt 6.4), to write prebuilt frames; null → ws.
    QPointer<QTcpSocket> tcp;
    QString sid; //!< Socket.IO session id, set when connected
    QString token;
    QString reason; //!< why the connection closes
    UserId userId = 0;
    qint64 openedAt = 0; // ms, server monotonic
    qint64 nextPingAt = 0; // ms
    qint64 pongDeadline = 0; // ms, 0 = no ping outstanding
    qint64 closeDeadline = 0; // ms, abort() if still not disconnected then
    qint64 bucketAt = 0; // ms of the last token-bucket refill
    float tokens = 0;
    int dropped = 0; //!< events dropped for rate since the bucket was last full
    ConnState state = ConnState::Handshake;
    bool announced = false;
    bool finalizing = false;
};

struct SioServer::Private
{
    SioServer *q = nullptr;
    TransportLimits limits;
    Authenticator authenticator;
    TransportStats stats;
    QElapsedTimer mono;
    QTimer sweepTimer; //!< the one timer for pings, handshake and close deadlines
    std::unordered_set<SioConnection *> connections;
    int connectedCount = 0;
    QPointer<QAbstractHttpServer> http;

    qint64 now() const { return mono.elapsed(); }

    void takePending();
    void adopt(QWebSocket *ws);
    void onText(SioConnection *c, const QString &text);
    void onSocketIo(SioConnection *c, const QByteArray &payload);
    void onConnect(SioConnection *c, const SocketIo::Packet &packet);
    bool takeToken(SioConnection *c);
    void onDisconnected(SioConnection *c);
    void finalize(SioConnection *c);
    void sweep();
    void ensureSweeping();
    //! Sockets opened or closed since the heap was last trimmed.
    int churn = 0;
    qint64 trimmedAt = 0; // ms
    void trimHeap(qint64 t);

    //! Sends one Engine.IO packet (UTF-8) as a WebSocket text frame.
    void send(SioConnection *c, const QByteArray &engineIoFrame)
    {
        sendFrame(c, webSocketTextFrame(engineIoFrame));
    }
    //! Writes a frame made by webSocketTextFrame() and applies the send-buffer cap.
    void sendFrame(SioConnection *c, const QByteArray &wsFrame);
    // The last event emitEvent() encoded, reused while the next ones are equal (fan-out).
    QString lastName;
    QJsonValue lastPayload;
    QByteArray lastFrame; //!< WebSocket frame
    QByteArray pingFrame; //!< WebSocket frame of the Engine.IO ping
    //! Protocol violation or limit: log, count, close the WebSocket with \a code.
    void fail(SioConnection *c, const QString &reason, QWebSocketProtocol::CloseCode code);
    void closeSocket(SioConnection *c, const QString &reason, QWebSocketProtocol::CloseCode code);
    void abortSoon(SioConnection *c, const QString &reason);
};

// ---- SioConnection --------------------------------------------------------------------------

SioConnection::SioConnection(QObject *parent) : QObject(parent), d(new Private) { }

SioConnection::~SioConnection() = default;

QString SioConnection::sid() const
{
    return d->sid;
}

UserId SioConnection::userId() const
{
    return d->userId;
}

QString SioConnection::token() const
{
    return d->token;
}

QHostAddress SioConnection::peerAddress() const
{
    return d->ws ? d->ws->peerAddress() : QHostAddress();
}

void SioConnection::emitEvent(const QString &name, const QJsonValue &payload)
{
    if (d->state != ConnState::Connected)
        return;
    // A fan-out sends the same event to many connections: encode it once.
    auto &server = *d->server->d;
    if (server.lastFrame.isNull() || name != server.lastName || payload != server.lastPayload) {
        const QJsonArray args = payload.isUndefined() ? QJsonArray() : QJsonArray{payload};
        server.lastFrame = webSocketTextFrame(
            EngineIo::encode(EngineIo::PacketType::Message, SocketIo::encodeEvent(name, args)));
        server.lastName = name;
        server.lastPayload = payload;
    }
    server.sendFrame(this, server.lastFrame);
}

void SioConnection::sendAck(qint64 ackId, const QJsonValue &payload)
{
    if (d->state != ConnState::Connected)
        return;
    const QJsonArray args = payload.isUndefined() ? QJsonArray() : QJsonArray{payload};
    d->server->d->send(
        this, EngineIo::encode(EngineIo::PacketType::Message, SocketIo::encodeAck(ackId, args)));
}

void SioConnection::close(const QString &reason)
{
    if (d->state == ConnState::Closing)
        return;
    if (d->state == ConnState::Connected) {
        SocketIo::Packet disconnect;
        disconnect.type = SocketIo::PacketType::Disconnect;
        d->server->d->send(
            this, EngineIo::encode(EngineIo::PacketType::Message, SocketIo::encode(disconnect)));
    }
    d->server->d->closeSocket(this, reason, QWebSocketProtocol::CloseCodeNormal);
}

// ---- SioServer ------------------------------------------------------------------------------

SioServer::SioServer(const TransportLimits &limits, Authenticator authenticator, QObject *parent)
    : QObject(parent), d(new Private)
{
    d->q = this;
    d->limits = limits;
    d->authenticator = std::move(authenticator);
    d->mono.start();
    // The sweep runs a few times per shortest deadline, so a deadline is late by ≤ 1/4 of it.
    const int shortest = std::max(
        1, std::min({limits.pingIntervalMs, limits.pingTimeoutMs, limits.handshakeTimeoutMs}));
    d->sweepTimer.setInterval(std::clamp(shortest / 4, 5, 1000)); // ms
    d->sweepTimer.setTimerType(Qt::CoarseTimer);
    connect(&d->sweepTimer, &QTimer::timeout, this, [this] { d->sweep(); });
}

SioServer::~SioServer()
{
    // Delete the connections while d is alive, without their signals calling back into us.
    const std::vector<SioConnection *> all(d->connections.begin(), d->connections.end());
    d->connections.clear();
    for (SioConnection *c : all) {
        if (c->d->ws)
            QObject::disconnect(c->d->ws, nullptr, this, nullptr);
        delete c;
    }
}

void SioServer::attach(QAbstractHttpServer *http)
{
    if (d->http) {
        qCWarning(lcTransport) << "SioServer is already attached to an HTTP server";
        return;
    }
    d->http = http;
    connect(http, &QAbstractHttpServer::newWebSocketConnection, this, [this] { d->takePending(); });
    if (auto *server = qobject_cast<QHttpServer *>(http)) {
        server->route(QStringLiteral("/socket.io/"),
                      [](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                          if (request.value(QByteArrayLiteral("upgrade")).toLower()
                              == QByteArrayLiteral("websocket"))
                              return; // Qt hands the socket to its QWebSocketServer: write nothing.
                          responder.write(QJsonDocument(QJsonObject{
                                              {QStringLiteral("error"),
                                               QStringLiteral("only the websocket transport is "
                                                              "supported")}}),
                                          QHttpServerResponder::StatusCode::BadRequest);
                      });
    }
    d->takePending(); // anything that arrived before we were attached
}

const TransportLimits &SioServer::limits() const
{
    return d->limits;
}

const TransportStats &SioServer::stats() const
{
    return d->stats;
}

int SioServer::connectionCount() const
{
    return d->connectedCount;
}

int SioServer::socketCount() const
{
    return static_cast<int>(d->connections.size());
}

void SioServer::closeAll(const QString &reason)
{
    const std::vector<SioConnection *> all(d->connections.begin(), d->connections.end());
    for (SioConnection *c : all)
        c->close(reason);
}

// ---- SioServer::Private ---------------------------------------------------------------------

void SioServer::Private::takePending()
{
    if (!http)
        return;
    while (http->hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> ws = http->nextPendingWebSocketConnection();
        if (!ws)
            break;
        adopt(ws.release());
    }
}

void SioServer::Private::adopt(QWebSocket *ws)
{
    // Limits first: Qt's default maximum message size is huge.
    ws->setMaxAllowedIncomingFrameSize(static_cast<quint64>(limits.maxFrameBytes));
    ws->setMaxAllowedIncomingMessageSize(static_cast<quint64>(limits.maxFrameBytes));

    const QUrl url = ws->requestUrl();
    const QUrlQuery query(url);
    if ((url.path() != QLatin1String("/socket.io/") && url.path() != QLatin1String("/socket.io"))
        || query.queryItemValue(QStringLiteral("EIO")) != QLatin1String("4")
        || query.queryItemValue(QStringLiteral("transport")) != QLatin1String("websocket")) {
        ++stats.protocolErrors;
        qCWarning(lcTransport).noquote()
            << "closing WebSocket from" << ws->peerAddress().toString() << "with an unsupported URL"
            << url.toString(QUrl::RemoveUserInfo) << "(need /socket.io/?EIO=4&transport=websocket)";
        ws->setParent(nullptr);
        QObject::connect(ws, &QWebSocket::disconnected, ws, &QObject::deleteLater);
        // Close from the event loop: QWebSocket may still be inside its own readyRead handler.
        QMetaObject::invokeMethod(
            ws,
            [ws] {
                ws->close(QWebSocketProtocol::CloseCodePolicyViolated,
                          QStringLiteral("unsupported Engine.IO version or transport"));
            },
            Qt::QueuedConnection);
        // Never leak it if the peer does not finish the close.
        QTimer::singleShot(limits.handshakeTimeoutMs, ws, [ws] { ws->abort(); });
        return;
    }

    auto *c = new SioConnection(q);
    c->d->server = q;
    c->d->ws = ws;
    // Our HttpListener hands out the QTcpSocket under the QWebSocket so that frames go to it
    // directly (see sendFrame); without it they go through QWebSocket.
    if (http) {
        const QList<QTcpServer *> servers = http->servers();
        for (QTcpServer *server : servers) {
            if (auto *listener = qobject_cast<HttpListener *>(server)) {
                QTcpSocket *tcp = listener->takeUpgraded(ws->peerAddress(), ws->peerPort());
                if (tcp && tcp->localPort() == ws->localPort()
                    && tcp->state() == QAbstractSocket::ConnectedState) {
                    c->d->tcp = tcp;
                    break;
                }
            }
        }
    }
    ws->setParent(c);
    const qint64 t = now();
    c->d->openedAt = t;
    c->d->nextPingAt = t + limits.pingIntervalMs;
    c->d->bucketAt = t;
    c->d->tokens = static_cast<float>(limits.eventBurst);
    connections.insert(c);

    QObject::connect(ws, &QWebSocket::textMessageReceived, q,
                     [this, c](const QString &text) { onText(c, text); });
    QObject::connect(ws, &QWebSocket::binaryMessageReceived, q, [this, c](const QByteArray &) {
        fail(c, QStringLiteral("binary frame"), QWebSocketProtocol::CloseCodeDatatypeNotSupported);
    });
    QObject::connect(ws, &QWebSocket::disconnected, q, [this, c] { onDisconnected(c); });

    EngineIo::OpenInfo open;
    open.sid = randomSid();
    open.pingIntervalMs = limits.pingIntervalMs;
    open.pingTimeoutMs = limits.pingTimeoutMs;
    open.maxPayload = limits.maxFrameBytes;
    send(c, EngineIo::encodeOpen(open));
    ++churn;
    ensureSweeping();
    if (ws->state() != QAbstractSocket::ConnectedState)
        onDisconnected(c); // gone before we took it
}

void SioServer::Private::onText(SioConnection *c, const QString &text)
{
    if (c->d->state == ConnState::Closing)
        return;
    ++stats.framesIn;
    const QByteArray frame = text.toUtf8();
    const auto packet = EngineIo::decode(frame);
    if (!packet) {
        fail(c, packet.error(), QWebSocketProtocol::CloseCodeProtocolError);
        return;
    }
    using T = EngineIo::PacketType;
    if (packet->type == T::Pong) {
        // Answering pings is not rate-limited: the client only sends what we asked for.
        if (c->d->pongDeadline != 0) {
            c->d->pongDeadline = 0;
            c->d->nextPingAt = now() + limits.pingIntervalMs;
        }
        return;
    }
    if (!takeToken(c))
        return;
    switch (packet->type) {
    case T::Message:
        onSocketIo(c, packet->data);
        break;
    case T::Ping: // not sent by EIO4 clients except as an upgrade probe; answer it anyway
        send(c, EngineIo::encode(T::Pong, packet->data));
        break;
    case T::Close:
        closeSocket(c, QStringLiteral("transport close"), QWebSocketProtocol::CloseCodeNormal);
        break;
    case T::Noop:
        break;
    case T::Open:
    case T::Upgrade:
    case T::Pong:
        fail(c, QStringLiteral("unexpected Engine.IO packet type"),
             QWebSocketProtocol::CloseCodeProtocolError);
        break;
    }
}

bool SioServer::Private::takeToken(SioConnection *c)
{
    auto &cd = *c->d;
    const qint64 t = now();
    const auto burst = static_cast<float>(limits.eventBurst);
    cd.tokens = std::min(burst,
                         cd.tokens
                             + static_cast<float>(static_cast<double>(t - cd.bucketAt)
                                                  * limits.eventsPerSecond / 1000.0));
    cd.bucketAt = t;
    if (cd.tokens >= burst)
        cd.dropped = 0; // the client calmed down: forgive earlier drops
    if (cd.tokens >= 1.0f) {
        cd.tokens -= 1.0f;
        return true;
    }
    ++stats.rateLimited;
    ++cd.dropped;
    if (cd.dropped == 1)
        qCWarning(lcTransport).noquote()
            << "rate limit: dropping events of connection" << cd.sid << "user" << cd.userId;
    if (cd.dropped >= limits.floodDisconnectAfter)
        fail(c, QStringLiteral("event flood"), QWebSocketProtocol::CloseCodePolicyViolated);
    return false;
}

void SioServer::Private::onSocketIo(SioConnection *c, const QByteArray &payload)
{
    const auto packet = SocketIo::decode(payload);
    if (!packet) {
        fail(c, packet.error(), QWebSocketProtocol::CloseCodeProtocolError);
        return;
    }
    using T = SocketIo::PacketType;
    const bool rootNsp = packet->nsp == QLatin1String("/");
    if (packet->type == T::Connect) {
        onConnect(c, *packet);
        return;
    }
    if (!rootNsp)
        return; // a namespace this connection never joined: ignored, as socket.io does
    if (c->d->state != ConnState::Connected) {
        fail(c, QStringLiteral("Socket.IO packet before CONNECT"),
             QWebSocketProtocol::CloseCodeProtocolError);
        return;
    }
    switch (packet->type) {
    case T::Event:
        Q_EMIT q->eventReceived(c, SocketIo::eventName(*packet),
                                packet->data.toArray().size() > 1
                                    ? packet->data.toArray().at(1)
                                    : QJsonValue(QJsonValue::Undefined),
                                packet->ackId);
        break;
    case T::Ack:
        break; // the server never asks for acks
    case T::Disconnect:
        closeSocket(c, QStringLiteral("client namespace disconnect"),
                    QWebSocketProtocol::CloseCodeNormal);
        break;
    default:
        fail(c, QStringLiteral("unexpected Socket.IO packet type"),
             QWebSocketProtocol::CloseCodeProtocolError);
        break;
    }
}

void SioServer::Private::onConnect(SioConnection *c, const SocketIo::Packet &packet)
{
    if (packet.nsp != QLatin1String("/")) {
        SocketIo::Packet err;
        err.type = SocketIo::PacketType::ConnectError;
        err.nsp = packet.nsp;
        err.data = QJsonObject{{QStringLiteral("message"), QStringLiteral("Invalid namespace")}};
        qCInfo(lcTransport).noquote() << "CONNECT to unknown namespace" << packet.nsp;
        send(c, EngineIo::encode(EngineIo::PacketType::Message, SocketIo::encode(err)));
        return;
    }
    if (c->d->state == ConnState::Connected) {
        fail(c, QStringLiteral("second CONNECT"), QWebSocketProtocol::CloseCodeProtocolError);
        return;
    }
    QString token;
    const std::optional<UserId> user
        = authenticator ? authenticator(packet.data, &token) : std::optional<UserId>();
    if (!user) {
        ++stats.authFailures;
        qCInfo(lcTransport).noquote()
            << "refused CONNECT from" << c->peerAddress().toString() << "(unauthorized)";
        send(c,
             EngineIo::encode(EngineIo::PacketType::Message,
                              SocketIo::encodeConnectError(QStringLiteral("unauthorized"))));
        closeSocket(c, QStringLiteral("unauthorized"), QWebSocketProtocol::CloseCodeNormal);
        return;
    }
    c->d->userId = *user;
    c->d->token = token;
    c->d->sid = randomSid();
    c->d->state = ConnState::Connected;
    c->d->announced = true;
    ++connectedCount;
    ++stats.handshakes;
    send(
        c,
        EngineIo::encode(EngineIo::PacketType::Message,
                         SocketIo::encodeConnect(QJsonObject{{QStringLiteral("sid"), c->d->sid}})));
    if (c->d->state == ConnState::Connected) // send() may have found a full buffer
        Q_EMIT q->clientConnected(c);
}

void SioServer::Private::sendFrame(SioConnection *c, const QByteArray &wsFrame)
{
    auto &cd = *c->d;
    if (cd.state == ConnState::Closing || !cd.ws)
        return;
    ++stats.framesOut;
    QTcpSocket *tcp = cd.tcp.data();
    if (!tcp || cd.ws->state() != QAbstractSocket::ConnectedState) {
        // No TCP socket of our own to write to (or QWebSocket is closing it): let QWebSocket
        // frame the text itself.
        const auto length = quint8(wsFrame.at(1)) & 0x7f;
        const qsizetype header = length < 126 ? 2 : (length == 126 ? 4 : 10);
        cd.ws->sendTextMessage(
            QString::fromUtf8(wsFrame.constData() + header, wsFrame.size() - header));
        cd.ws->flush();
    } else if (tcp->bytesToWrite() == 0) {
        // The fan-out path: one send() of the prebuilt frame, no copy into Qt's write buffer,
        // no write notifier toggled. Safe because nothing is queued before it (order holds);
        // whatever the kernel does not take now is queued in Qt's buffer as before, and an
        // error is left for QTcpSocket to find on its own next write.
        const qintptr fd = tcp->socketDescriptor();
        ssize_t sent = -1;
        do {
            sent = ::send(int(fd), wsFrame.constData(), size_t(wsFrame.size()),
                          MSG_DONTWAIT | MSG_NOSIGNAL);
        } while (sent < 0 && errno == EINTR);
        if (sent < wsFrame.size()) {
            const qsizetype done = sent > 0 ? qsizetype(sent) : 0;
            tcp->write(wsFrame.constData() + done, wsFrame.size() - done);
            tcp->flush();
        }
    } else {
        tcp->write(wsFrame);
        tcp->flush();
    }
    if (cd.ws->bytesToWrite() > limits.maxSendBufferBytes) {
        ++stats.slowReaderDrops;
        qCWarning(lcTransport).noquote()
            << "send buffer over" << limits.maxSendBufferBytes << "bytes: dropping slow reader"
            << cd.sid << "user" << cd.userId;
        abortSoon(c, QStringLiteral("send buffer full"));
    }
}

void SioServer::Private::fail(SioConnection *c, const QString &reason,
                              QWebSocketProtocol::CloseCode code)
{
    if (c->d->state == ConnState::Closing)
        return;
    ++stats.protocolErrors;
    qCWarning(lcTransport).noquote() << "closing connection from" << c->peerAddress().toString()
                                     << "user" << c->d->userId << ":" << reason;
    closeSocket(c, reason, code);
}

void SioServer::Private::closeSocket(SioConnection *c, const QString &reason,
                                     QWebSocketProtocol::CloseCode code)
{
    auto &cd = *c->d;
    if (cd.state == ConnState::Closing)
        return;
    cd.state = ConnState::Closing;
    cd.reason = reason;
    // A peer that never answers the close handshake (or never reads) is aborted by the sweep.
    cd.closeDeadline = now() + std::max(100, std::min(limits.pingTimeoutMs, 5000));
    if (cd.ws)
        cd.ws->close(code, reason.left(100)); // the close reason must fit in 123 bytes
}

void SioServer::Private::abortSoon(SioConnection *c, const QString &reason)
{
    auto &cd = *c->d;
    cd.state = ConnState::Closing;
    cd.reason = reason;
    cd.closeDeadline = now();
    // Not now: we may be inside the caller's loop over connections (fan-out).
    QPointer<QWebSocket> ws = cd.ws;
    QMetaObject::invokeMethod(
        q,
        [ws] {
            if (ws)
                ws->abort();
        },
        Qt::QueuedConnection);
}

void SioServer::Private::onDisconnected(SioConnection *c)
{
    auto &cd = *c->d;
    if (cd.finalizing)
        return;
    cd.finalizing = true;
    if (cd.state != ConnState::Closing) {
        cd.state = ConnState::Closing;
        const auto code = cd.ws ? cd.ws->closeCode() : QWebSocketProtocol::CloseCodeNormal;
        if (code == QWebSocketProtocol::CloseCodeTooMuchData) {
            ++stats.protocolErrors;
            cd.reason = QStringLiteral("frame over the size limit");
        } else if (code == QWebSocketProtocol::CloseCodeWrongDatatype) {
            ++stats.protocolErrors;
            cd.reason = QStringLiteral("invalid UTF-8");
        } else if (code == QWebSocketProtocol::CloseCodeProtocolError) {
            ++stats.protocolErrors;
            cd.reason = QStringLiteral("WebSocket protocol error");
        } else {
            cd.reason = QStringLiteral("transport close");
        }
        if (cd.reason != QLatin1String("transport close"))
            qCWarning(lcTransport).noquote() << "connection from" << c->peerAddress().toString()
                                             << "user" << cd.userId << "closed:" << cd.reason;
    }
    // Announce it from the event loop, never inside a call the hub made (emitEvent in a
    // fan-out loop, close()): the hub may then change its containers safely.
    QMetaObject::invokeMethod(
        q, [this, c] { finalize(c); }, Qt::QueuedConnection);
}

void SioServer::Private::finalize(SioConnection *c)
{
    if (connections.erase(c) == 0)
        return;
    if (c->d->announced) {
        --connectedCount;
        Q_EMIT q->clientDisconnected(c, c->d->reason);
    }
    if (c->d->ws)
        QObject::disconnect(c->d->ws, nullptr, q, nullptr);
    c->deleteLater();
    ++churn;
    if (connections.empty()) {
        sweepTimer.stop();
        trimHeap(now());
    }
}

void SioServer::Private::ensureSweeping()
{
    if (!sweepTimer.isActive())
        sweepTimer.start();
}

void SioServer::Private::trimHeap(qint64 t)
{
    // A burst of handshakes or closes leaves glibc's heap full of freed, still resident
    // buffers (Qt's 16 KiB socket chunks, HTTP parsing): hand whole free pages back to the
    // kernel, at most once a second and only after real churn. Measured: see
    // tests/benchmarks/README.md.
#if defined(__GLIBC__)
    if (churn < 256 || t - trimmedAt < 1000)
        return;
    churn = 0;
    trimmedAt = t;
    malloc_trim(0);
#else
    Q_UNUSED(t);
#endif
}

void SioServer::Private::sweep()
{
    const qint64 t = now();
    trimHeap(t);
    std::vector<SioConnection *> toAbort;
    std::vector<std::pair<SioConnection *, int>> toFail; // 0: handshake, 1: ping timeout
    if (pingFrame.isEmpty())
        pingFrame = webSocketTextFrame(EngineIo::encode(EngineIo::PacketType::Ping));
    for (SioConnection *c : connections) {
        auto &cd = *c->d;
        if (cd.finalizing)
            continue;
        if (cd.state == ConnState::Closing) {
            if (t >= cd.closeDeadline)
                toAbort.push_back(c);
            continue;
        }
        if (cd.ws->state() != QAbstractSocket::ConnectedState) {
            // Qt closed it itself (e.g. size limit) and waits for the peer: bound the wait.
            cd.state = ConnState::Closing;
            cd.closeDeadline = t + std::max(100, std::min(limits.pingTimeoutMs, 5000));
            continue;
        }
        if (cd.state == ConnState::Handshake && t - cd.openedAt >= limits.handshakeTimeoutMs) {
            toFail.emplace_back(c, 0);
            continue;
        }
        if (cd.pongDeadline != 0) {
            if (t >= cd.pongDeadline)
                toFail.emplace_back(c, 1);
        } else if (t >= cd.nextPingAt) {
            sendFrame(c, pingFrame); // also applies the send-buffer cap to idle readers
            cd.pongDeadline = t + limits.pingTimeoutMs;
            cd.nextPingAt = t + limits.pingIntervalMs;
        }
    }
    for (const auto &[c, what] : toFail) {
        if (what == 0) {
            ++stats.handshakeTimeouts;
            qCWarning(lcTransport).noquote()
                << "handshake timeout: no authenticated CONNECT from" << c->peerAddress().toString()
                << "within" << limits.handshakeTimeoutMs << "ms";
            closeSocket(c, QStringLiteral("handshake timeout"),
                        QWebSocketProtocol::CloseCodePolicyViolated);
        } else {
            ++stats.pingTimeouts;
            qCInfo(lcTransport).noquote()
                << "ping timeout: user" << c->d->userId << "from" << c->peerAddress().toString();
            closeSocket(c, QStringLiteral("ping timeout"), QWebSocketProtocol::CloseCodeGoingAway);
        }
    }
    for (SioConnection *c : toAbort) {
        if (c->d->ws && !c->d->finalizing)
            c->d->ws->abort(); // emits disconnected → onDisconnected → queued finalize
    }
}

} // namespace SmartFixer
