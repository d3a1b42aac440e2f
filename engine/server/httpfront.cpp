#include "httpfront.h"

#include "core/logging.h"

#include <QHostInfo>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <deque>
#include <memory>
#include <sys/resource.h>

namespace SmartFixer {

HttpReply HttpReply::json(int status, const QJsonValue &value)
{
    HttpReply r;
    r.status = status;
    if (value.isArray())
        r.body = QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    else
        r.body = QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    return r;
}

HttpReply HttpReply::error(int status, const QString &message)
{
    return json(status, QJsonObject{{QStringLiteral("error"), message}});
}

HttpReply HttpReply::deferred(std::function<void(HttpDeliver)> start)
{
    HttpReply r;
    r.later = std::move(start);
    return r;
}

HttpReply HttpReply::noContent()
{
    HttpReply r;
    r.status = 204;
    r.contentType.clear();
    return r;
}

//! The guard state of one plain-HTTP connection, a child of its socket (so it goes with the
//! socket however that ends: Qt's WebSocket upgrade drops every signal connection of it).
class HttpConnectionState final : public QObject
{
public:
    HttpConnectionState(HttpListener *listener, QTcpSocket *socket)
        : QObject(socket), listener(listener), peer(socket->peerAddress())
    { }
    ~HttpConnectionState() override
    {
        if (HttpListener *l = listener.data())
            l->connectionGone(peer);
    }
    static constexpr char Property[] = "sf_http_state";
    static HttpConnectionState *of(QTcpSocket *socket)
    {
        // A dynamic property, not findChild: no moc for a private class, and O(1).
        return socket
            ? static_cast<HttpConnectionState *>(socket->property(Property).value<QObject *>())
            : nullptr;
    }

    QPointer<HttpListener> listener;
    QHostAddress peer;
    qint64 bytes = 0; //!< bytes since the last answered request
    QTimer *idle = nullptr; //!< deleted on upgrade (memory per WebSocket)
    bool upgraded = false;
    bool closing = false; //!< answered with "Connection: close" or refused: ignore the rest
    //! The request line of the request Qt parses now, captured from the raw bytes before Qt
    //! reads them (QHttpServerRequest has neither the raw target nor the version).
    QByteArray line;
    bool lineDone = false;
    std::optional<HttpRequestLine> requestLine;

    //! An answer that waits for a deferred one before it (pipelining keeps request order).
    struct Pending
    {
        bool ready = false;
        bool close = false;
        bool head = false;
        HttpReply reply;
    };
    //! Answers not written yet, oldest first; the first is a deferred one still running.
    std::deque<std::shared_ptr<Pending>> pending;
};

namespace {
int defaultMaxConnections()
{
    rlimit rl{};
    if (::getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return 10000;
    // Keep 64 descriptors for the database (and its journal), logs, the epoll/event fds and
    // the signal socket pair; never below 16 connections.
    return int(std::clamp<rlim_t>(rl.rlim_cur, 80, 1 << 24) - 64);
}
} // namespace

HttpListener::HttpListener(const HttpFrontLimits &limits, QObject *parent)
    : QTcpServer(parent), m_limits(limits)
{
    if (m_limits.maxConnections <= 0)
        m_limits.maxConnections = defaultMaxConnections();
    // accept() failing (EMFILE/ENFILE despite the cap, e.g. descriptors used elsewhere): Qt
    // stops accepting; try again a little later instead of never, and instead of a busy loop.
    connect(this, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError error) {
        qCWarning(lcServer) << "accept failed:" << error << "- pausing for 100 ms";
        pauseAccepting();
        ++m_pauses;
        QTimer::singleShot(100, this, [this] {
            if (isListening() && !m_paused)
                resumeAccepting();
        });
    });
}

HttpListener::~HttpListener()
{
    // The sockets' states report to us when they go: make them go while we still exist.
    const auto sockets = findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly);
    for (QTcpSocket *socket : sockets) {
        if (HttpConnectionState *state = HttpConnectionState::of(socket))
            state->listener = nullptr;
    }
}

void HttpListener::setTls(const QSslConfiguration &configuration, int handshakeTimeoutMs)
{
    m_tls = configuration;
    m_tlsHandshakeTimeoutMs = handshakeTimeoutMs;
}

void HttpListener::incomingConnection(qintptr descriptor)
{
    QTcpSocket *socket = m_tls ? new QSslSocket(this) : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    const QHostAddress peer = socket->peerAddress();
    if (m_open >= m_limits.maxConnections) {
        // Accepted in the same accept loop before the pause took effect.
        ++m_refusedOverLimit;
        socket->abort();
        delete socket;
        return;
    }
    if (m_limits.maxConnectionsPerAddress > 0
        && (m_limits.perAddressLimitOnLoopback || !peer.isLoopback())
        && m_perAddress.value(peer) >= m_limits.maxConnectionsPerAddress) {
        ++m_refusedPerAddress;
        if (m_refusedPerAddress % 1000 == 1)
            qCWarning(lcServer).noquote()
                << "too many connections from" << peer.toString() << "- closing new ones";
        socket->abort();
        delete socket;
        return;
    }
    ++m_open;
    ++m_perAddress[peer];
    auto *state = new HttpConnectionState(this, socket);
    socket->setProperty(HttpConnectionState::Property, QVariant::fromValue<QObject *>(state));
    if (m_open >= m_limits.maxConnections && !m_paused) {
        // Stop accepting: the kernel's backlog holds (then refuses) new connects, existing
        // clients keep being served, and no descriptor is accepted just to be closed. Queued:
        // QTcpServer::nextPendingConnection (the HTTP server takes this socket right after
        // we return) enables accepting again.
        qCWarning(lcServer) << "connection limit" << m_limits.maxConnections
                            << "reached - not accepting until one closes";
        m_paused = true;
        ++m_pauses;
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (m_paused)
                    pauseAccepting();
            },
            Qt::QueuedConnection);
    }
    // Presence updates are small frames that must not wait for the previous one's ACK
    // (Nagle); socket.io servers set noDelay for the same reason.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (m_tls)
        startTls(static_cast<QSslSocket *>(socket));
    else
        admit(socket);
}

void HttpListener::startTls(QSslSocket *socket)
{
    socket->setSslConfiguration(*m_tls);
    // The handshake's own deadline (the HTTP idle timer starts once it is done). It also ends
    // a connection whose plain-text refusal below the client never lets us finish.
    auto *deadline = new QTimer(socket);
    deadline->setSingleShot(true);
    QPointer<QSslSocket> guarded(socket);
    // Until admit(), the socket is ours alone: dropping it means closing and deleting it (its
    // guard state, a child, then gives the connection slot back). \a graceful: let what was
    // written go out first.
    auto drop = [this, guarded](quint64 *counter, const char *why, bool graceful) {
        QSslSocket *sock = guarded.data();
        if (!sock || sock->property("sf_tls_dropped").toBool())
            return;
        sock->setProperty("sf_tls_dropped", true);
        ++*counter;
        qCInfo(lcServer).noquote()
            << "closing TLS connection from" << sock->peerAddress().toString() << ":" << why;
        QObject::disconnect(sock, nullptr, this, nullptr);
        connect(sock, &QAbstractSocket::disconnected, sock, &QObject::deleteLater);
        // Not inside the socket's own signal: close from the event loop.
        QMetaObject::invokeMethod(
            sock,
            [sock, graceful] {
                if (graceful && sock->state() == QAbstractSocket::ConnectedState) {
                    sock->disconnectFromHost();
                    return;
                }
                sock->abort();
                sock->deleteLater();
            },
            Qt::QueuedConnection);
    };
    connect(deadline, &QTimer::timeout, this, [this, guarded, drop] {
        QSslSocket *sock = guarded.data();
        if (sock && sock->property("sf_tls_dropped").toBool()) {
            sock->abort();
            sock->deleteLater();
            return;
        }
        drop(&m_tlsTimeouts, "TLS handshake not finished in time", false);
    });
    // The first byte decides: 0x16 opens a TLS handshake record; anything else (a plain HTTP
    // request) gets a readable answer instead of a TLS alert that no browser or curl shows.
    connect(socket, &QSslSocket::readyRead, this, [this, guarded, drop] {
        QSslSocket *sock = guarded.data();
        if (!sock || sock->mode() != QSslSocket::UnencryptedMode)
            return;
        // peek() in unencrypted mode leaves the bytes in the plain socket for the handshake.
        const QByteArray first = sock->peek(1);
        if (first.isEmpty())
            return;
        if (first.at(0) == '\x16') {
            sock->startServerEncryption();
            return;
        }
        const QByteArray body = "{\"error\":\"this port speaks HTTPS only: use https:// (or "
                                "wss://) in the server address\"}";
        sock->readAll();
        sock->write("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: "
                    + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        drop(&m_plainOnTls, "plain HTTP on the TLS port", true);
    });
    connect(socket, &QSslSocket::encrypted, this, [this, guarded, deadline] {
        QSslSocket *sock = guarded.data();
        if (!sock)
            return;
        delete deadline;
        QObject::disconnect(sock, nullptr, this, nullptr);
        ++m_tlsDone;
        ++m_tlsOpen;
        // Until the socket object goes, also after a WebSocket upgrade (WSS keeps it).
        connect(sock, &QObject::destroyed, this, [this] { --m_tlsOpen; });
        admit(sock);
    });
    connect(socket, &QAbstractSocket::errorOccurred, this,
            [drop, this](QAbstractSocket::SocketError error) {
                drop(&m_tlsFailures,
                     error == QAbstractSocket::RemoteHostClosedError
                         ? "closed during the TLS handshake"
                         : "TLS handshake failed",
                     false);
            });
    connect(socket, &QAbstractSocket::disconnected, this,
            [this, drop] { drop(&m_tlsFailures, "closed during the TLS handshake", false); });
    deadline->start(m_tlsHandshakeTimeoutMs);
}

void HttpListener::admit(QTcpSocket *socket)
{
    HttpConnectionState *state = HttpConnectionState::of(socket);
    if (m_tap)
        m_tap(socket); // first, so it sees the bytes before anything reads them
    state->idle = new QTimer(socket);
    state->idle->setSingleShot(true);
    QPointer<QTcpSocket> guarded(socket);
    auto abort = [this, guarded](const char *why) {
        QTcpSocket *sock = guarded.data();
        HttpConnectionState *st = HttpConnectionState::of(sock);
        if (!sock || !st || st->upgraded || st->closing)
            return;
        qCInfo(lcServer).noquote()
            << "closing HTTP connection from" << st->peer.toString() << ":" << why;
        ++m_aborted;
        // Discard what is there and abort once the HTTP server's slot (which may run next, on
        // this very readyRead) has seen an empty socket: aborting now makes it read a closed
        // device.
        st->closing = true;
        sock->readAll();
        QMetaObject::invokeMethod(sock, &QAbstractSocket::abort, Qt::QueuedConnection);
    };
    connect(state->idle, &QTimer::timeout, this, [abort] { abort("no complete request in time"); });
    // Connected before the HTTP server's own slot, so this sees the bytes before they are read.
    connect(socket, &QTcpSocket::readyRead, this, [this, guarded, abort] {
        QTcpSocket *sock = guarded.data();
        HttpConnectionState *st = HttpConnectionState::of(sock);
        if (!sock || !st || st->upgraded)
            return;
        if (st->closing) {
            // Refused or "Connection: close": nothing more of this client is read or answered.
            if (sock->isOpen())
                sock->readAll();
            return;
        }
        // Qt 6.4 parses one request per readyRead and then reads everything that is there,
        // inside a transaction until the request is complete. So with no transaction open,
        // the unread bytes start a new request; with one open, they continue the last one.
        if (!sock->isTransactionStarted()) {
            st->line.clear();
            st->lineDone = false;
            st->requestLine.reset();
            st->bytes = 0;
        }
        const qint64 available = sock->bytesAvailable();
        st->bytes += available;
        if (st->bytes > m_limits.maxRequestBytes) {
            abort("request too large");
            return;
        }
        if (!st->lineDone && available > 0) {
            const QByteArray chunk
                = sock->peek(std::min<qint64>(available, HttpGuard::MaxRequestLineBytes + 2));
            qsizetype i = 0;
            // Qt skips whitespace left over from a previous request; so does the capture.
            while (st->line.isEmpty() && i < chunk.size()
                   && QByteArrayView("\v\n\r \t").contains(chunk.at(i)))
                ++i;
            const qsizetype nl = chunk.indexOf('\n', i);
            st->line += chunk.mid(i, nl < 0 ? -1 : nl - i);
            if (nl >= 0) {
                if (st->line.endsWith('\r'))
                    st->line.chop(1);
                st->lineDone = true;
                st->requestLine = HttpGuard::parseRequestLine(st->line);
                st->line.clear();
            } else if (st->line.size() > HttpGuard::MaxRequestLineBytes) {
                abort("request line too long");
            }
        }
    });
    state->idle->start(m_limits.idleTimeoutMs);
    addPendingConnection(socket);
}

void HttpListener::connectionGone(const QHostAddress &address)
{
    --m_open;
    auto it = m_perAddress.find(address);
    if (it != m_perAddress.end() && --it.value() <= 0)
        m_perAddress.erase(it);
    resumeIfBelow();
}

void HttpListener::resumeIfBelow()
{
    if (m_paused && m_open < m_limits.maxConnections) {
        m_paused = false;
        if (isListening()) {
            qCInfo(lcServer) << "below the connection limit again - accepting";
            resumeAccepting();
        }
    }
}

QObject *HttpListener::detachConnection(QTcpSocket *socket)
{
    HttpConnectionState *st = HttpConnectionState::of(socket);
    if (!st)
        return nullptr;
    st->upgraded = true;
    delete st->idle;
    st->idle = nullptr;
    st->line = QByteArray();
    socket->setProperty(HttpConnectionState::Property, QVariant());
    st->setParent(nullptr);
    return st;
}

void HttpListener::requestHandled(QTcpSocket *socket, bool upgraded)
{
    HttpConnectionState *st = HttpConnectionState::of(socket);
    if (!st || st->upgraded)
        return;
    st->bytes = 0;
    if (upgraded) {
        st->upgraded = true;
        // The transport guards the WebSocket from now on: the HTTP guard's timer would only
        // cost memory for as long as the connection lives.
        delete st->idle;
        st->idle = nullptr;
        st->line = QByteArray();
        if (auto *listener = qobject_cast<HttpListener *>(socket->parent())) {
            // Sockets Qt's WebSocket handshake dropped are gone (null) by now: sweep them out
            // now and then so the map stays as small as the handshakes in flight.
            if (listener->m_upgraded.size() >= 1024)
                listener->m_upgraded.removeIf([](const auto &it) { return it.value().isNull(); });
            listener->m_upgraded.insert(socket->peerAddress().toString() + u':'
                                            + QString::number(socket->peerPort()),
                                        socket);
        }
    } else if (st->idle) {
        st->idle->start(); // a kept-alive connection gets the same time for its next request
    }
}

QTcpSocket *HttpListener::takeUpgraded(const QHostAddress &address, quint16 port)
{
    const QPointer<QTcpSocket> socket
        = m_upgraded.take(address.toString() + u':' + QString::number(port));
    return socket.data();
}

HttpFront::HttpFront(Handler handler, QObject *parent)
    : QAbstractHttpServer(parent), m_handler(std::move(handler))
{ }

void HttpFront::detachHandler()
{
    m_handler = [](const QHttpServerRequest &) {
        return HttpReply::error(503, QStringLiteral("server shutting down"));
    };
}

static bool isWebSocketUpgrade(const QHttpServerRequest &request)
{
    return request.value(QByteArrayLiteral("upgrade")).compare("websocket", Qt::CaseInsensitive)
        == 0;
}

bool HttpFront::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    HttpConnectionState *st = HttpConnectionState::of(socket);
    if (!st || st->closing || socket->state() != QAbstractSocket::ConnectedState) {
        // Refused, closing, or dropped for unread output: the rest costs nothing.
        if (socket && socket->isOpen())
            socket->readAll();
        return true;
    }
    if (!st->pending.empty() && isWebSocketUpgrade(request)) {
        // An upgrade pipelined behind an answer still being computed: the socket cannot be
        // both. Nobody's client does this; drop the connection (once Qt's slot returns).
        st->closing = true;
        socket->readAll();
        QMetaObject::invokeMethod(socket, &QAbstractSocket::abort, Qt::QueuedConnection);
        return false;
    }
    const HttpListener *listener = st->listener.data();
    static const QString machineName = QHostInfo::localHostName();
    const HttpVerdict verdict = HttpGuard::check(
        st->requestLine ? &*st->requestLine : nullptr, request.headers(),
        listener ? listener->limits().hostPolicy : HttpHostPolicy{}, machineName);
    st->requestLine.reset();
    st->lineDone = false;
    const bool head = request.method() == QHttpServerRequest::Method::Head;
    const bool upgrade = isWebSocketUpgrade(request);
    // A refused upgrade returns false: true would make Qt hand the socket to the WebSocket
    // server. missingHandler then sees the connection closing and writes nothing more.
    auto refuse = [&](int status, const QString &message, bool close) {
        HttpListener::requestHandled(socket, false);
        send(socket, HttpReply::error(status, message), close || upgrade, head);
        return !upgrade;
    };
    if (verdict.status != 0) {
        if (verdict.close) {
            qCInfo(lcServer).noquote()
                << "refusing HTTP request from" << socket->peerAddress().toString() << ":"
                << verdict.message;
        }
        return refuse(verdict.status, verdict.message, verdict.close || !verdict.keepAlive);
    }
    // Route on the raw path: "/api%2Fme" is the one segment "api/me", not "/api/me". No route
    // has a '/' inside a segment, so such a path is unknown whatever Qt's decoded form says.
    for (const QString &segment : verdict.segments) {
        if (segment.contains(u'/'))
            return refuse(404, QStringLiteral("not found"), !verdict.keepAlive);
    }
    if (upgrade) {
        // true without writing anything: Qt 6.4 then hands the socket to the WebSocket
        // server, whose newWebSocketConnection the transport listens to. Other paths fall to
        // missingHandler (JSON 404) and are closed.
        const bool ours
            = verdict.segments == QStringList{QString(), QStringLiteral("socket.io"), QString()};
        HttpListener::requestHandled(socket, ours);
        return ours;
    }
    HttpListener::requestHandled(socket, false);
    send(socket, m_handler(request), !verdict.keepAlive, head);
    return true;
}

void HttpFront::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    Q_UNUSED(request);
    if (HttpConnectionState *st = HttpConnectionState::of(socket); st && st->closing)
        return; // refused (its answer is written or queued) or dropped
    send(socket, HttpReply::error(404, QStringLiteral("not found")), true, false);
}

namespace {
//! Writes the answers at the front of \a socket's queue that are ready.
void flushPending(QTcpSocket *socket)
{
    HttpConnectionState *st = HttpConnectionState::of(socket);
    while (st && !st->pending.empty() && st->pending.front()->ready) {
        const std::shared_ptr<HttpConnectionState::Pending> p = st->pending.front();
        st->pending.pop_front();
        HttpFront::writeReply(socket, p->reply, p->close, p->head);
        if (socket->state() != QAbstractSocket::ConnectedState) {
            st->pending.clear(); // closed (Connection: close) or dropped: the rest is moot
            return;
        }
        st = HttpConnectionState::of(socket);
    }
}
} // namespace

void HttpFront::send(QTcpSocket *socket, HttpReply reply, bool close, bool headOnly)
{
    HttpConnectionState *st = HttpConnectionState::of(socket);
    if (!st || (st->pending.empty() && !reply.later)) {
        writeReply(socket, reply, close, headOnly); // the common case: nothing waits
        return;
    }
    if (qsizetype(st->pending.size()) >= MaxPendingAnswers) {
        qCInfo(lcServer).noquote() << "closing HTTP connection from" << st->peer.toString() << ":"
                                   << MaxPendingAnswers << "answers waiting";
        st->closing = true;
        st->pending.clear();
        if (HttpListener *l = st->listener.data())
            l->countUnreadOutputDrop();
        // Discard the rest first, so Qt's parser has nothing left to read from a closed socket.
        socket->readAll();
        QMetaObject::invokeMethod(socket, &QAbstractSocket::abort, Qt::QueuedConnection);
        return;
    }
    auto p = std::make_shared<HttpConnectionState::Pending>();
    p->close = close;
    p->head = headOnly;
    st->pending.push_back(p);
    if (close)
        st->closing = true; // nothing after this request is read (as writeReply would do)
    if (!reply.later) {
        p->reply = std::move(reply);
        p->ready = true;
        flushPending(socket);
        return;
    }
    const auto start = std::move(reply.later);
    // The answer may come after the client left: the QPointer (made and read on this thread)
    // says whether the socket still exists, writeReply whether it is still connected.
    const QPointer<QTcpSocket> guarded(socket);
    start([guarded, p](const HttpReply &answer) {
        if (p->ready)
            return; // answered twice: the first one counts
        p->reply = answer;
        p->reply.later = nullptr; // a deferred answer of a deferred answer is not a thing
        p->ready = true;
        if (QTcpSocket *s = guarded.data())
            flushPending(s);
    });
}

void HttpFront::writeReply(QTcpSocket *socket, const HttpReply &reply, bool close, bool headOnly)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    HttpConnectionState *st = HttpConnectionState::of(socket);
    const HttpListener *listener = st ? st->listener.data() : nullptr;
    const qint64 cap = listener ? listener->limits().maxQueuedOutputBytes : 1024 * 1024;
    if (socket->bytesToWrite() + reply.body.size() > cap) {
        // The client sends requests and does not read the answers (a pipelining flood): what
        // waits to be written is capped, so drop the connection rather than queue more.
        qCInfo(lcServer).noquote()
            << "closing HTTP connection from" << socket->peerAddress().toString()
            << ": answers not read (" << socket->bytesToWrite() << "bytes)";
        if (st) {
            st->closing = true;
            if (HttpListener *l = st->listener.data())
                l->countUnreadOutputDrop();
        }
        socket->abort();
        return;
    }
    QByteArray out;
    out.reserve(160 + reply.body.size());
    out += "HTTP/1.1 " + QByteArray::number(reply.status) + ' '
        + HttpGuard::reasonPhrase(reply.status) + "\r\n";
    if (!reply.contentType.isEmpty())
        out += "Content-Type: " + reply.contentType + "\r\n";
    if (reply.status != 204)
        out += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
    for (const auto &[key, value] : reply.headers)
        out += key + ": " + value + "\r\n";
    if (close)
        out += "Connection: close\r\n";
    out += "\r\n";
    if (!headOnly && reply.status != 204)
        out += reply.body;
    socket->write(out);
    if (close) {
        if (st)
            st->closing = true;
        socket->disconnectFromHost(); // after the answer is written
    }
}

} // namespace SmartFixer
