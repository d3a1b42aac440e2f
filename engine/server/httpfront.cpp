#include "httpfront.h"

#include "core/logging.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

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

HttpReply HttpReply::noContent()
{
    HttpReply r;
    r.status = 204;
    r.contentType.clear();
    return r;
}

namespace {
// Per-socket guard state, kept as dynamic properties so HttpFront can reach it from the socket.
constexpr char BytesProperty[] = "sf_http_bytes"; // bytes since the last answered request
constexpr char UpgradedProperty[] = "sf_http_upgraded";
constexpr char TimerProperty[] = "sf_http_idle_timer";
} // namespace

void HttpListener::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    // Presence updates are small frames that must not wait for the previous one's ACK
    // (Nagle); socket.io servers set noDelay for the same reason.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (m_tap)
        m_tap(socket); // first, so it sees the bytes before anything reads them
    socket->setProperty(BytesProperty, qint64(0));
    auto *idle = new QTimer(socket);
    idle->setSingleShot(true);
    socket->setProperty(TimerProperty, QVariant::fromValue<QObject *>(idle));
    QPointer<QTcpSocket> guarded(socket);
    auto abort = [this, guarded](const char *why) {
        if (!guarded || guarded->property(UpgradedProperty).toBool())
            return;
        qCInfo(lcServer).noquote()
            << "closing HTTP connection from" << guarded->peerAddress().toString() << ":" << why;
        ++m_aborted;
        guarded->abort();
    };
    connect(idle, &QTimer::timeout, this, [abort] { abort("no complete request in time"); });
    // Connected before the HTTP server's own slot, so this sees the bytes before they are read.
    connect(socket, &QTcpSocket::readyRead, this, [this, guarded, abort] {
        if (!guarded || guarded->property(UpgradedProperty).toBool())
            return;
        const qint64 total
            = guarded->property(BytesProperty).toLongLong() + guarded->bytesAvailable();
        guarded->setProperty(BytesProperty, total);
        if (total > m_maxRequestBytes)
            abort("request too large");
    });
    idle->start(m_idleTimeoutMs);
    addPendingConnection(socket);
}

void HttpListener::requestHandled(QTcpSocket *socket, bool upgraded)
{
    if (!socket || socket->property(UpgradedProperty).toBool())
        return;
    socket->setProperty(BytesProperty, qint64(0));
    auto *idle = qobject_cast<QTimer *>(socket->property(TimerProperty).value<QObject *>());
    if (upgraded) {
        socket->setProperty(UpgradedProperty, true);
        // The transport guards the WebSocket from now on: the HTTP guard's timer and byte
        // count would only cost memory for as long as the connection lives.
        delete idle;
        socket->setProperty(TimerProperty, QVariant());
        socket->setProperty(BytesProperty, QVariant());
        if (auto *listener = qobject_cast<HttpListener *>(socket->parent())) {
            // Sockets Qt's WebSocket handshake dropped are gone (null) by now: sweep them out
            // now and then so the map stays as small as the handshakes in flight.
            if (listener->m_upgraded.size() >= 1024)
                listener->m_upgraded.removeIf([](const auto &it) { return it.value().isNull(); });
            listener->m_upgraded.insert(socket->peerAddress().toString() + u':'
                                            + QString::number(socket->peerPort()),
                                        socket);
        }
    } else if (idle) {
        idle->start(); // a kept-alive connection gets the same time for its next request
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
    if (isWebSocketUpgrade(request)) {
        // true without writing anything: Qt 6.4 then hands the socket to the WebSocket
        // server, whose newWebSocketConnection the transport listens to. Other paths fall to
        // missingHandler (JSON 404) and are closed.
        const bool ours = request.url().path() == QLatin1String("/socket.io/");
        HttpListener::requestHandled(socket, ours);
        return ours;
    }
    HttpListener::requestHandled(socket, false);
    writeReply(request, socket, m_handler(request));
    return true;
}

void HttpFront::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    writeReply(request, socket, HttpReply::error(404, QStringLiteral("not found")));
}

void HttpFront::writeReply(const QHttpServerRequest &request, QTcpSocket *socket,
                           const HttpReply &reply)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    responder.writeStatusLine(QHttpServerResponder::StatusCode(reply.status));
    if (!reply.contentType.isEmpty())
        responder.writeHeader(QByteArrayLiteral("Content-Type"), reply.contentType);
    responder.writeHeader(QByteArrayLiteral("Content-Length"),
                          QByteArray::number(reply.body.size()));
    for (const auto &[key, value] : reply.headers)
        responder.writeHeader(key, value);
    responder.writeBody(reply.body);
}

} // namespace SmartFixer
