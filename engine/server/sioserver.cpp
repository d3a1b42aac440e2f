#include "sioserver.h"

#include "core/logging.h"
#include "httpfront.h"
#include "protocol/engineio.h"
#include "protocol/socketio.h"
#include "protocol/websocket.h"
#include "sendworkers.h"
#include "wslink.h"
#include "wsupgrade.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <cerrno>
#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/socket.h>
#endif
#include <unistd.h>
#include <unordered_set>
#include <vector>

// How a WebSocket upgrade reaches us: HttpListener calls WsUpgrade::tap on every accepted
// socket before Qt's HTTP server reads it. A request for /socket.io/ is taken from Qt there;
// a valid upgrade hands us the bare descriptor (adopt), we answer 101 and run the connection
// on WsLink, our own RFC 6455 framing. Qt 6.4's own path (its private QWebSocketServer and a
// QWebSocket per connection) cost ~15 KiB per idle connection and an O(connections)
// QObject::sender() per handshake; see tests/benchmarks/README.md.

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

//! One unmasked, unfragmented WebSocket text frame (RFC 6455 §5.2) carrying \a utf8, built
//! once so a fan-out hands the same bytes to every socket.
QByteArray webSocketTextFrame(const QByteArray &utf8)
{
    return WebSocket::encodeFrame(WebSocket::Opcode::Text, utf8);
}

} // namespace

// Per-connection state is kept small on purpose (DESIGN: 10,000 idle connections ≤ 16 KiB
// each including Qt's socket objects): no timers, no strings besides the ids.
struct SioConnection::Private
{
    SioServer *server = nullptr;
    std::unique_ptr<WsLink> link; //!< the WebSocket; its notifiers are children of the connection
    QString sid; //!< Socket.IO session id, set when connected
    QString token;
    QString reason; //!< why the connection closes
    UserId userId = 0;
    qint64 openedAt = 0; // clock ms
    // Real-time floors (mono ms) of the two timeouts: a peer needs real time to answer, so a
    // clock that jumps (a test's ManualClock) or runs fast (demo) cannot time it out sooner
    // than timeout / rate real ms.
    qint64 openedReal = 0;
    qint64 pongRealDeadline = 0;
    qint64 nextPingAt = 0; // ms
    qint64 pongDeadline = 0; // ms, 0 = no ping outstanding
    qint64 closeDeadline = 0; // real ms (mono), abort() if still not disconnected then
    qint64 bucketAt = 0; // ms of the last token-bucket refill
    float tokens = 0;
    int dropped = 0; //!< events dropped for rate since the bucket was last full
    ConnState state = ConnState::Handshake;
    bool announced = false;
    bool finalizing = false;
};

namespace {
//! WsLink::cork() for a scope.
class LinkCork
{
public:
    explicit LinkCork(WsLink *link) : m_link(link)
    {
        if (m_link)
            m_link->cork();
    }
    ~LinkCork()
    {
        if (m_link)
            m_link->uncork();
    }
    LinkCork(const LinkCork &) = delete;
    LinkCork &operator=(const LinkCork &) = delete;

private:
    WsLink *m_link;
};
} // namespace

struct SioServer::Private final : WsLink::Handler
{
    SioServer *q = nullptr;
    TransportLimits limits;
    Authenticator authenticator;
    std::function<bool()> unavailable;
    TransportStats stats;
    Clock *clock = nullptr; //!< never null
    QTimer sweepTimer; //!< the one timer for pings, handshake and close deadlines
    std::unordered_set<SioConnection *> connections;
    int connectedCount = 0;
    QPointer<QAbstractHttpServer> http;
    //! The HttpListener among http's servers, found once: QAbstractHttpServer::servers() is a
    //! recursive findChildren over every socket and notifier, O(connections) per call.
    QPointer<HttpListener> listener;
    void findListener();
    //! Has the HttpListener hand every /socket.io/ upgrade to adopt().
    void tapListener();

    qint64 now() const { return clock->nowMs(); } // ms, the injected clock
    //! Real monotonic ms, for what protects resources rather than the protocol: a peer that
    //! never finishes the close handshake is aborted even while a test's ManualClock stands
    //! still, and the heap trim runs at most once a real second.
    QElapsedTimer mono;
    qint64 realNow() const { return mono.elapsed(); }
    //! Real ms that \a clockMs of the injected clock take at its rate.
    qint64 realMs(qint64 clockMs) const
    {
        return qint64(double(clockMs) / std::max(1e-6, clock->rate()));
    }

    void adopt(int fd, QTcpSocket *stream, const UpgradeRequest &request,
               const QByteArray &leftover, QObject *slot);
    void wsEvent(WsLink *link, const WebSocket::Event &event) override;
    void wsClosed(WsLink *link) override;
    void onText(SioConnection *c, const QByteArray &frame);
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
    //! sendFrame() to each of \a to; returns how many were open. With parallelSendMin or more
    //! direct writes the send workers take part of them.
    int sendFrameToMany(const std::vector<SioConnection *> &to, const QByteArray &wsFrame);
    //! The cap of sendFrame(), after a frame went to \a c's link.
    void checkSendBuffer(SioConnection *c);
    //! The WebSocket frame of 42["name",payload], the last one reused while equal (fan-out).
    const QByteArray &eventFrame(const QString &name, const QJsonValue &payload);
    std::unique_ptr<SendWorkers> workers; //!< made at the first big fan-out
    //! One direct send() of a fan-out: written by the thread whose part it is, read after.
    struct DirectSend
    {
        SioConnection *c;
        int fd;
        qint64 sent;
        int error;
    };
    std::vector<DirectSend> directSends; //!< reused, so a fan-out does not allocate
    // The last event emitEvent() encoded, reused while the next ones are equal (fan-out).
    QString lastName;
    QJsonValue lastPayload;
    QByteArray lastFrame; //!< WebSocket frame
    QByteArray pingFrame; //!< WebSocket frame of the Engine.IO ping
    //! Protocol violation or limit: log, count, close the WebSocket with \a code.
    void fail(SioConnection *c, const QString &reason, quint16 code);
    void closeSocket(SioConnection *c, const QString &reason, quint16 code);
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
    return d->link ? d->link->peerAddress() : QHostAddress();
}

qint64 SioConnection::bytesQueued() const
{
    return d->link ? d->link->bytesToWrite() : 0;
}

void SioConnection::emitEvent(const QString &name, const QJsonValue &payload)
{
    if (d->state != ConnState::Connected)
        return;
    auto &server = *d->server->d;
    server.sendFrame(this, server.eventFrame(name, payload));
}

int SioConnection::emitToMany(const std::vector<SioConnection *> &connections, const QString &name,
                              const QJsonValue &payload)
{
    if (connections.empty())
        return 0;
    SioServer *server = connections.front()->d->server;
    int sent = 0;
    std::vector<SioConnection *> same;
    same.reserve(connections.size());
    for (SioConnection *c : connections) {
        if (c->d->state != ConnState::Connected)
            continue;
        if (c->d->server == server) {
            same.push_back(c);
        } else { // another server in this process (tests): one by one
            c->emitEvent(name, payload);
            ++sent;
        }
    }
    if (!same.empty())
        sent += server->d->sendFrameToMany(same, server->d->eventFrame(name, payload));
    return sent;
}

const QByteArray &SioServer::Private::eventFrame(const QString &name, const QJsonValue &payload)
{
    // A fan-out sends the same event to many connections: encode it once.
    if (lastFrame.isNull() || name != lastName || payload != lastPayload) {
        const QJsonArray args = payload.isUndefined() ? QJsonArray() : QJsonArray{payload};
        lastFrame = webSocketTextFrame(
            EngineIo::encode(EngineIo::PacketType::Message, SocketIo::encodeEvent(name, args)));
        lastName = name;
        lastPayload = payload;
    }
    return lastFrame;
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
    d->server->d->closeSocket(this, reason, WebSocket::CloseCode::Normal);
}

// ---- SioServer ------------------------------------------------------------------------------

SioServer::SioServer(const TransportLimits &limits, Authenticator authenticator, QObject *parent,
                     Clock *clock)
    : QObject(parent), d(new Private)
{
    d->q = this;
    d->limits = limits;
    d->authenticator = std::move(authenticator);
    d->clock = clock ? clock : Clock::system();
    d->mono.start();
    // The sweep runs a few times per shortest deadline, so a deadline is late by ≤ 1/4 of it.
    // Deadlines are clock ms; a clock that runs faster than real time (demo mode) needs the
    // sweep correspondingly more often in real ms.
    const int shortest = std::max(
        1, std::min({limits.pingIntervalMs, limits.pingTimeoutMs, limits.handshakeTimeoutMs}));
    const double rate = std::max(1.0, d->clock->rate());
    d->sweepTimer.setInterval(std::clamp(int(shortest / 4 / rate), 5, 1000)); // real ms
    d->sweepTimer.setTimerType(Qt::CoarseTimer);
    connect(&d->sweepTimer, &QTimer::timeout, this, [this] { d->sweep(); });
    // A manual clock that jumps past deadlines: act on them now, not at the next real tick.
    connect(d->clock, &Clock::jumped, this, [this] {
        if (!d->connections.empty())
            d->sweep();
    });
}

SioServer::~SioServer()
{
    // Delete the connections while d is alive, without their signals calling back into us.
    const std::vector<SioConnection *> all(d->connections.begin(), d->connections.end());
    d->connections.clear();
    for (SioConnection *c : all)
        delete c; // its WsLink closes the descriptor without calling back
}

void SioServer::attach(QAbstractHttpServer *http)
{
    if (d->http) {
        qCWarning(lcTransport) << "SioServer is already attached to an HTTP server";
        return;
    }
    d->http = http;
    d->findListener();
    d->tapListener();
    if (!d->listener)
        qCWarning(lcTransport) << "SioServer: the HTTP server has no HttpListener (bind one "
                                  "before attach): no WebSocket upgrades will reach us";
}

const TransportLimits &SioServer::limits() const
{
    return d->limits;
}

void SioServer::setUnavailableCheck(std::function<bool()> unavailable)
{
    d->unavailable = std::move(unavailable);
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

void SioServer::Private::findListener()
{
    if (!http)
        return;
    const QList<QTcpServer *> servers = http->servers();
    for (QTcpServer *server : servers) {
        if (auto *l = qobject_cast<HttpListener *>(server)) {
            listener = l;
            return;
        }
    }
}

void SioServer::Private::tapListener()
{
    if (HttpListener *l = listener.data()) {
        QPointer<QAbstractHttpServer> server = http;
        l->setSocketTap([this, server](QTcpSocket *socket) {
            WsUpgrade::tap(socket, server.data(),
                           [this](int fd, QTcpSocket *stream, const UpgradeRequest &request,
                                  QByteArray leftover,
                                  QObject *slot) { adopt(fd, stream, request, leftover, slot); });
        });
    }
}

void SioServer::Private::adopt(int fd, QTcpSocket *stream, const UpgradeRequest &request,
                               const QByteArray &leftover, QObject *slot)
{
    auto *c = new SioConnection(q);
    if (slot)
        slot->setParent(c); // counted against the listener's caps until the connection is deleted
    c->d->server = q;
    c->d->link = stream
        ? std::make_unique<WsLink>(stream, limits.maxFrameBytes, this, c, c, leftover)
        : std::make_unique<WsLink>(fd, limits.maxFrameBytes, this, c, c, leftover);
    WsLink *link = c->d->link.get();
    const LinkCork cork(link); // the 101 and the open packet (or the close) in one segment
    link->send(WebSocket::switchingProtocols(request));
    const qint64 t = now();
    c->d->openedAt = t;
    c->d->openedReal = realNow();
    c->d->nextPingAt = t + limits.pingIntervalMs;
    c->d->bucketAt = t;
    c->d->tokens = static_cast<float>(limits.eventBurst);
    connections.insert(c);
    ++churn;
    ensureSweeping();

    QByteArray raw("http://h");
    raw += request.target;
    const QUrl url = QUrl::fromEncoded(raw);
    const QUrlQuery query(url);
    if (url.path() != QLatin1String("/socket.io/")
        || query.queryItemValue(QStringLiteral("EIO")) != QLatin1String("4")
        || query.queryItemValue(QStringLiteral("transport")) != QLatin1String("websocket")) {
        fail(c,
             QStringLiteral("unsupported URL %1 (need /socket.io/?EIO=4&transport=websocket)")
                 .arg(QString::fromLatin1(request.target.left(200))),
             WebSocket::CloseCode::PolicyViolation);
        return;
    }
    EngineIo::OpenInfo open;
    open.sid = randomSid();
    open.pingIntervalMs = limits.pingIntervalMs;
    open.pingTimeoutMs = limits.pingTimeoutMs;
    open.maxPayload = limits.maxFrameBytes;
    send(c, EngineIo::encodeOpen(open));
}

void SioServer::Private::wsEvent(WsLink *link, const WebSocket::Event &event)
{
    auto *c = static_cast<SioConnection *>(link->context());
    switch (event.kind) {
    case WebSocket::Event::Text:
        onText(c, event.payload);
        break;
    case WebSocket::Event::Binary:
        fail(c, QStringLiteral("binary frame"), WebSocket::CloseCode::UnsupportedData);
        break;
    case WebSocket::Event::Error:
        fail(c, event.error, event.code);
        break;
    default:
        break;
    }
}

void SioServer::Private::wsClosed(WsLink *link)
{
    onDisconnected(static_cast<SioConnection *>(link->context()));
}

void SioServer::Private::onText(SioConnection *c, const QByteArray &frame)
{
    if (c->d->state == ConnState::Closing)
        return;
    ++stats.framesIn;
    const auto packet = EngineIo::decode(frame);
    if (!packet) {
        fail(c, packet.error(), WebSocket::CloseCode::ProtocolError);
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
        closeSocket(c, QStringLiteral("transport close"), WebSocket::CloseCode::Normal);
        break;
    case T::Noop:
        break;
    case T::Open:
    case T::Upgrade:
    case T::Pong:
        fail(c, QStringLiteral("unexpected Engine.IO packet type"),
             WebSocket::CloseCode::ProtocolError);
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
        fail(c, QStringLiteral("event flood"), WebSocket::CloseCode::PolicyViolation);
    return false;
}

void SioServer::Private::onSocketIo(SioConnection *c, const QByteArray &payload)
{
    const auto packet = SocketIo::decode(payload);
    if (!packet) {
        fail(c, packet.error(), WebSocket::CloseCode::ProtocolError);
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
             WebSocket::CloseCode::ProtocolError);
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
        closeSocket(c, QStringLiteral("client namespace disconnect"), WebSocket::CloseCode::Normal);
        break;
    default:
        fail(c, QStringLiteral("unexpected Socket.IO packet type"),
             WebSocket::CloseCode::ProtocolError);
        break;
    }
}

// RFC 6455 §7.4.1 1011: the server cannot serve the request now (the database is gone);
// clients reconnect with their backoff.
constexpr quint16 DatabaseUnavailableClose = 1011;

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
        fail(c, QStringLiteral("second CONNECT"), WebSocket::CloseCode::ProtocolError);
        return;
    }
    // 40{"sid"…} and what the handlers of clientConnected send at once (the snapshot) leave in
    // one segment.
    const LinkCork cork(c->d->link.get());
    QString token;
    const std::optional<UserId> user
        = authenticator ? authenticator(packet.data, &token) : std::optional<UserId>();
    if (!user && unavailable && unavailable()) {
        qCInfo(lcTransport).noquote()
            << "closing CONNECT from" << c->peerAddress().toString() << "(database unavailable)";
        closeSocket(c, QStringLiteral("database unavailable"), DatabaseUnavailableClose);
        return;
    }
    if (!user) {
        ++stats.authFailures;
        qCInfo(lcTransport).noquote()
            << "refused CONNECT from" << c->peerAddress().toString() << "(unauthorized)";
        send(c,
             EngineIo::encode(EngineIo::PacketType::Message,
                              SocketIo::encodeConnectError(QStringLiteral("unauthorized"))));
        closeSocket(c, QStringLiteral("unauthorized"), WebSocket::CloseCode::Normal);
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
    if (cd.state == ConnState::Closing || !cd.link)
        return;
    ++stats.framesOut;
    // One send() of the prebuilt frame while nothing is queued; whatever the kernel does not
    // take now is queued in the link, in order.
    cd.link->send(wsFrame);
    checkSendBuffer(c);
}

int SioServer::Private::sendFrameToMany(const std::vector<SioConnection *> &to,
                                        const QByteArray &wsFrame)
{
    directSends.clear();
    int open = 0;
    for (SioConnection *c : to) {
        auto &cd = *c->d;
        if (cd.state == ConnState::Closing || !cd.link)
            continue;
        ++open;
        const int fd = cd.link->directFd();
        if (fd >= 0)
            directSends.push_back({c, fd, 0, 0});
        else
            sendFrame(c, wsFrame); // TLS, or already queued: in order, through the link
    }
    if (directSends.empty())
        return open;
    stats.framesOut += directSends.size();
    const auto write = [this, &wsFrame](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
            DirectSend &s = directSends[i];
            ssize_t n = -1;
            do {
                n = ::send(s.fd, wsFrame.constData(), size_t(wsFrame.size()),
                           MSG_DONTWAIT | MSG_NOSIGNAL);
            } while (n < 0 && errno == EINTR);
            s.sent = n;
            s.error = n < 0 ? errno : 0;
        }
    };
    if (directSends.size() >= size_t(std::max(1, limits.parallelSendMin))
        && limits.sendThreads != 0) {
        if (!workers)
            workers = std::make_unique<SendWorkers>(
                limits.sendThreads < 0 ? SendWorkers::defaultThreads() : limits.sendThreads);
        workers->forEach(directSends.size(), write);
    } else {
        write(0, directSends.size());
    }
    // Back on this thread alone: queue what the kernel did not take, fail dead peers.
    for (const DirectSend &s : directSends) {
        s.c->d->link->sendDone(wsFrame, s.sent, s.error);
        checkSendBuffer(s.c);
    }
    directSends.clear();
    return open;
}

void SioServer::Private::checkSendBuffer(SioConnection *c)
{
    auto &cd = *c->d;
    if (cd.state == ConnState::Closing || !cd.link
        || cd.link->bytesToWrite() <= limits.maxSendBufferBytes)
        return;
    ++stats.slowReaderDrops;
    qCWarning(lcTransport).noquote()
        << "send buffer over" << limits.maxSendBufferBytes << "bytes: dropping slow reader"
        << cd.sid << "user" << cd.userId;
    abortSoon(c, QStringLiteral("send buffer full"));
}

void SioServer::Private::fail(SioConnection *c, const QString &reason, quint16 code)
{
    if (c->d->state == ConnState::Closing)
        return;
    ++stats.protocolErrors;
    qCWarning(lcTransport).noquote() << "closing connection from" << c->peerAddress().toString()
                                     << "user" << c->d->userId << ":" << reason;
    closeSocket(c, reason, code);
}

void SioServer::Private::closeSocket(SioConnection *c, const QString &reason, quint16 code)
{
    auto &cd = *c->d;
    if (cd.state == ConnState::Closing)
        return;
    cd.state = ConnState::Closing;
    cd.reason = reason;
    // A peer that never answers the close handshake (or never reads) is aborted by the sweep.
    cd.closeDeadline = realNow() + std::max(100, std::min(limits.pingTimeoutMs, 5000));
    if (cd.link)
        cd.link->close(code, reason.left(100)); // encodeClose cuts it to 123 bytes anyway
}

void SioServer::Private::abortSoon(SioConnection *c, const QString &reason)
{
    auto &cd = *c->d;
    cd.state = ConnState::Closing;
    cd.reason = reason;
    cd.closeDeadline = realNow();
    // Not now: we may be inside the caller's loop over connections (fan-out).
    QPointer<SioConnection> guard(c);
    QMetaObject::invokeMethod(
        q,
        [guard] {
            if (guard && guard->d->link)
                guard->d->link->abort();
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
        // The peer closed (close frame, FIN or reset); WebSocket protocol errors went through
        // fail() already.
        cd.state = ConnState::Closing;
        cd.reason = QStringLiteral("transport close");
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
    c->deleteLater();
    ++churn;
    if (connections.empty()) {
        sweepTimer.stop();
        trimHeap(realNow());
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
    const qint64 real = realNow();
    trimHeap(real);
    std::vector<SioConnection *> toAbort;
    std::vector<std::pair<SioConnection *, int>> toFail; // 0: handshake, 1: ping timeout
    if (pingFrame.isEmpty())
        pingFrame = webSocketTextFrame(EngineIo::encode(EngineIo::PacketType::Ping));
    for (SioConnection *c : connections) {
        auto &cd = *c->d;
        if (cd.finalizing)
            continue;
        if (cd.state == ConnState::Closing) {
            if (real >= cd.closeDeadline)
                toAbort.push_back(c);
            continue;
        }
        if (cd.state == ConnState::Handshake && t - cd.openedAt >= limits.handshakeTimeoutMs
            && real - cd.openedReal >= realMs(limits.handshakeTimeoutMs)) {
            toFail.emplace_back(c, 0);
            continue;
        }
        if (cd.pongDeadline != 0) {
            if (t >= cd.pongDeadline && real >= cd.pongRealDeadline)
                toFail.emplace_back(c, 1);
        } else if (t >= cd.nextPingAt) {
            sendFrame(c, pingFrame); // also applies the send-buffer cap to idle readers
            cd.pongDeadline = t + limits.pingTimeoutMs;
            cd.pongRealDeadline = real + realMs(limits.pingTimeoutMs);
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
                        WebSocket::CloseCode::PolicyViolation);
        } else {
            ++stats.pingTimeouts;
            qCInfo(lcTransport).noquote()
                << "ping timeout: user" << c->d->userId << "from" << c->peerAddress().toString();
            closeSocket(c, QStringLiteral("ping timeout"), WebSocket::CloseCode::GoingAway);
        }
    }
    for (SioConnection *c : toAbort) {
        if (c->d->link && !c->d->finalizing)
            c->d->link->abort(); // wsClosed → onDisconnected → queued finalize
    }
}

} // namespace SmartFixer
