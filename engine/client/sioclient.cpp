#include "sioclient.h"

#include "core/logging.h"
#include "protocol/engineio.h"
#include "protocol/socketio.h"

#include <QHash>
#include <QJsonObject>
#include <QNetworkInformation>
#include <QPointer>
#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>
#include <algorithm>
#include <cmath>

namespace SmartFixer {

QString ConnectionStatus::text() const
{
    QString s;
    switch (state) {
    case Offline:
        s = QStringLiteral("offline");
        break;
    case Connecting:
        s = QStringLiteral("connecting");
        break;
    case Connected:
        s = QStringLiteral("connected");
        break;
    case Reconnecting:
        s = QStringLiteral("reconnecting in %1 s").arg((retryInMs + 999) / 1000);
        break;
    case Unauthorized:
        s = QStringLiteral("unauthorized");
        break;
    }
    if (!message.isEmpty() && state != Connected)
        s += QStringLiteral(" (") + message + QLatin1Char(')');
    return s;
}

int ReconnectPolicy::delayMs(int attempt, double random) const
{
    const double base
        = std::min<double>(maxDelayMs, initialDelayMs * std::pow(factor, std::max(0, attempt)));
    const double j = std::clamp(jitter, 0.0, 1.0);
    const double scaled = base * (1.0 - j + 2.0 * j * std::clamp(random, 0.0, 1.0));
    return int(std::clamp(scaled, 0.0, double(maxDelayMs) * (1.0 + j)));
}

struct PendingAck
{
    SocketIoClient::AckCallback callback;
    QTimer *timer = nullptr;
};

struct SocketIoClient::Private
{
    SocketIoClient *q = nullptr;
    QUrl serverUrl;
    ClientTlsPolicy tls;
    TlsFailure lastTls; //!< of the current attempt
    QJsonValue auth = QJsonValue(QJsonValue::Undefined);
    ReconnectPolicy policy;
    int handshakeTimeoutMs = 20000;
    bool followNetwork = true;
    bool networkHooked = false;

    QWebSocket *socket = nullptr;
    bool wanted = false; //!< open() was called and close() not since
    bool engineOpen = false;
    bool nsConnected = false;
    QString sid;
    int pingIntervalMs = 25000;
    int pingTimeoutMs = 20000;
    ConnectionStatus status;

    QTimer handshakeTimer; // from socket open to CONNECT accepted
    QTimer pingWatchdog; // no ping for pingInterval + pingTimeout → dead server
    QTimer retryTimer; // backoff wait

    qint64 nextAckId = 0;
    QHash<qint64, PendingAck> acks;

    void setStatus(ConnectionStatus::State state, const QString &message = {}, int retryInMs = 0)
    {
        ConnectionStatus next = status;
        next.state = state;
        next.message = message;
        next.retryInMs = retryInMs;
        if (next == status)
            return;
        status = next;
        qCInfo(lcClient) << "connection:" << status.text();
        Q_EMIT q->statusChanged(status);
    }

    void startAttempt()
    {
        retryTimer.stop();
        dropSocket();
        setStatus(ConnectionStatus::Connecting, status.message);
        socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, q);
        QWebSocket *s = socket;
        QObject::connect(s, &QWebSocket::connected, q, [this, s] {
            if (s == socket)
                qCDebug(lcClient) << "websocket open" << q->webSocketUrl().toString();
        });
        QObject::connect(s, &QWebSocket::textMessageReceived, q, [this, s](const QString &text) {
            if (s == socket)
                onFrame(text.toUtf8());
        });
        QObject::connect(s, &QWebSocket::sslErrors, q, [this, s](const QList<QSslError> &errors) {
            if (s != socket)
                return;
            const QSslCertificate peer = s->sslConfiguration().peerCertificate();
            if (pinAnswers(errors, peer, tls)) {
                s->ignoreSslErrors();
                return;
            }
            lastTls = describeTlsFailure(errors, peer, s->requestUrl().host(), tls);
        });
        QObject::connect(s, &QWebSocket::binaryMessageReceived, q, [this, s](const QByteArray &) {
            if (s == socket)
                fail(QStringLiteral("unexpected binary frame"));
        });
        QObject::connect(s, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), q,
                         [this, s](QAbstractSocket::SocketError error) {
                             if (s != socket)
                                 return;
                             const QString text = s->errorString();
                             // Qt 6.4 reports a refused upgrade only through the error string
                             // ("Unhandled http status code: 401 (Unauthorized)"); a 401 means the
                             // token is bad: stop retrying.
                             if (text.contains(QLatin1String("status code: 401"))) {
                                 unauthorized(QStringLiteral("HTTP 401 Unauthorized"));
                                 return;
                             }
                             Q_UNUSED(error)
                             if (!lastTls.isNull()) {
                                 fail(lastTls.message); // the certificate, in plain words
                                 return;
                             }
                             fail(text.isEmpty() ? QStringLiteral("network error") : text);
                         });
        QObject::connect(s, &QWebSocket::disconnected, q, [this, s] {
            if (s != socket)
                return;
            // A refused connection may report "disconnected" before "error": prefer the error.
            if (!lastTls.isNull())
                fail(lastTls.message);
            else if (s->error() != QAbstractSocket::UnknownSocketError
                     && !s->errorString().isEmpty())
                fail(s->errorString());
            else
                fail(s->closeReason().isEmpty() ? QStringLiteral("connection closed")
                                                : s->closeReason());
        });
        handshakeTimer.start(handshakeTimeoutMs);
        lastTls = TlsFailure();
        const QUrl url = q->webSocketUrl();
        if (url.scheme() == QLatin1String("wss"))
            s->setSslConfiguration(clientSslConfiguration(tls));
        s->open(url);
    }

    void dropSocket()
    {
        handshakeTimer.stop();
        pingWatchdog.stop();
        engineOpen = false;
        sid.clear();
        if (socket) {
            QWebSocket *s = socket;
            socket = nullptr;
            s->disconnect(q);
            s->abort();
            s->deleteLater();
        }
    }

    void failAcks(const QString &why)
    {
        const auto pending = std::exchange(acks, {});
        for (const PendingAck &ack : pending) {
            delete ack.timer;
            if (ack.callback)
                ack.callback(Result<QJsonArray>::failure(why, ErrorKind::Unavailable));
        }
    }

    //! The current attempt/session ended with \a why: schedule the next one.
    void fail(const QString &why)
    {
        const bool wasConnected = nsConnected;
        nsConnected = false;
        dropSocket();
        failAcks(QStringLiteral("connection lost: ") + why);
        if (wasConnected) {
            qCInfo(lcClient) << "disconnected:" << why;
            Q_EMIT q->disconnected(why);
        }
        if (!wanted) {
            setStatus(ConnectionStatus::Offline, why);
            return;
        }
        if (!policy.enabled) {
            wanted = false;
            setStatus(ConnectionStatus::Offline, why);
            return;
        }
        const int delay
            = policy.delayMs(status.attempt, QRandomGenerator::global()->generateDouble());
        ++status.attempt;
        retryTimer.start(delay);
        setStatus(ConnectionStatus::Reconnecting, why, delay);
    }

    void unauthorized(const QString &why)
    {
        const bool wasConnected = nsConnected;
        nsConnected = false;
        wanted = false;
        retryTimer.stop();
        dropSocket();
        failAcks(QStringLiteral("unauthorized"));
        if (wasConnected)
            Q_EMIT q->disconnected(why);
        setStatus(ConnectionStatus::Unauthorized, why);
    }

    void sendEngine(EngineIo::PacketType type, QByteArrayView data = {})
    {
        if (socket)
            socket->sendTextMessage(QString::fromUtf8(EngineIo::encode(type, data)));
    }

    void onFrame(const QByteArray &frame)
    {
        const auto packet = EngineIo::decode(frame);
        if (!packet) {
            fail(QStringLiteral("bad Engine.IO packet: ") + packet.error());
            return;
        }
        switch (packet->type) {
        case EngineIo::PacketType::Open: {
            const auto open = EngineIo::decodeOpen(packet->data);
            if (!open) {
                fail(QStringLiteral("bad open packet: ") + open.error());
                return;
            }
            engineOpen = true;
            sid = open->sid;
            pingIntervalMs = open->pingIntervalMs;
            pingTimeoutMs = open->pingTimeoutMs;
            armWatchdog();
            sendEngine(EngineIo::PacketType::Message, SocketIo::encodeConnect(auth));
            return;
        }
        case EngineIo::PacketType::Ping:
            armWatchdog();
            sendEngine(EngineIo::PacketType::Pong, packet->data);
            return;
        case EngineIo::PacketType::Close:
            fail(QStringLiteral("server closed the session"));
            return;
        case EngineIo::PacketType::Message:
            armWatchdog();
            onSocketIo(packet->data);
            return;
        case EngineIo::PacketType::Pong:
        case EngineIo::PacketType::Upgrade:
        case EngineIo::PacketType::Noop:
            return;
        }
    }

    void armWatchdog()
    {
        // A server that stops pinging for longer than interval + timeout is gone (the same rule
        // the server applies to our pongs).
        pingWatchdog.start(pingIntervalMs + pingTimeoutMs);
    }

    void onSocketIo(const QByteArray &payload)
    {
        const auto packet = SocketIo::decode(payload);
        if (!packet) {
            fail(QStringLiteral("bad Socket.IO packet: ") + packet.error());
            return;
        }
        if (packet->nsp != QLatin1String("/"))
            return; // SmartFixer uses the default namespace only
        switch (packet->type) {
        case SocketIo::PacketType::Connect:
            handshakeTimer.stop();
            nsConnected = true;
            status.attempt = 0;
            setStatus(ConnectionStatus::Connected);
            Q_EMIT q->connected();
            return;
        case SocketIo::PacketType::ConnectError: {
            const QString message
                = packet->data.toObject().value(QStringLiteral("message")).toString();
            unauthorized(message.isEmpty() ? QStringLiteral("unauthorized") : message);
            return;
        }
        case SocketIo::PacketType::Disconnect:
            fail(QStringLiteral("server disconnected us"));
            return;
        case SocketIo::PacketType::Event: {
            if (packet->ackId) {
                // We never ask the user for an answer: acknowledge with no arguments so a
                // server-side callback does not hang.
                sendEngine(EngineIo::PacketType::Message, SocketIo::encodeAck(*packet->ackId, {}));
            }
            Q_EMIT q->eventReceived(SocketIo::eventName(*packet), SocketIo::eventArgs(*packet));
            return;
        }
        case SocketIo::PacketType::Ack: {
            if (!packet->ackId)
                return;
            const auto it = acks.find(*packet->ackId);
            if (it == acks.end())
                return; // timed out already
            PendingAck ack = it.value();
            acks.erase(it);
            delete ack.timer;
            if (ack.callback)
                ack.callback(packet->data.toArray());
            return;
        }
        case SocketIo::PacketType::BinaryEvent:
        case SocketIo::PacketType::BinaryAck:
            return;
        }
    }
};

SocketIoClient::SocketIoClient(QObject *parent) : QObject(parent), d(new Private)
{
    d->q = this;
    d->handshakeTimer.setSingleShot(true);
    d->pingWatchdog.setSingleShot(true);
    d->retryTimer.setSingleShot(true);
    connect(&d->handshakeTimer, &QTimer::timeout, this,
            [this] { d->fail(QStringLiteral("handshake timeout")); });
    connect(&d->pingWatchdog, &QTimer::timeout, this,
            [this] { d->fail(QStringLiteral("ping timeout")); });
    connect(&d->retryTimer, &QTimer::timeout, this, [this] { d->startAttempt(); });
}

SocketIoClient::~SocketIoClient()
{
    d->wanted = false;
    d->dropSocket();
    // Callers may hold objects that are being destroyed too: drop callbacks without calling.
    for (const PendingAck &ack : std::as_const(d->acks))
        delete ack.timer;
}

void SocketIoClient::setTlsPolicy(const ClientTlsPolicy &policy)
{
    d->tls = policy;
}

void SocketIoClient::setServerUrl(const QUrl &url)
{
    d->serverUrl = url;
}

QUrl SocketIoClient::serverUrl() const
{
    return d->serverUrl;
}

QUrl SocketIoClient::webSocketUrl() const
{
    QUrl url = d->serverUrl;
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https") || scheme == QLatin1String("wss"))
        url.setScheme(QStringLiteral("wss"));
    else
        url.setScheme(QStringLiteral("ws"));
    QString path = url.path();
    if (!path.endsWith(QLatin1Char('/')))
        path += QLatin1Char('/');
    url.setPath(path + QStringLiteral("socket.io/"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("EIO"), QStringLiteral("4"));
    query.addQueryItem(QStringLiteral("transport"), QStringLiteral("websocket"));
    url.setQuery(query);
    return url;
}

void SocketIoClient::setAuth(const QJsonValue &auth)
{
    d->auth = auth;
}

void SocketIoClient::setReconnectPolicy(const ReconnectPolicy &policy)
{
    d->policy = policy;
}

ReconnectPolicy SocketIoClient::reconnectPolicy() const
{
    return d->policy;
}

void SocketIoClient::setHandshakeTimeout(int ms)
{
    d->handshakeTimeoutMs = std::max(1, ms);
}

void SocketIoClient::setFollowNetworkChanges(bool follow)
{
    d->followNetwork = follow;
}

void SocketIoClient::open()
{
    if (d->followNetwork && !d->networkHooked) {
        d->networkHooked = true;
        // Optional: without a backend (no NetworkManager, containers) we just rely on backoff.
        if (QNetworkInformation::loadBackendByFeatures(
                QNetworkInformation::Feature::Reachability)) {
            connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged,
                    this, [this](QNetworkInformation::Reachability r) {
                        qCInfo(lcClient) << "network reachability changed:" << r;
                        if (r == QNetworkInformation::Reachability::Online
                            && d->status.state == ConnectionStatus::Reconnecting)
                            reconnectNow();
                    });
        } else {
            qCDebug(lcClient) << "no network information backend; reconnect by backoff only";
        }
    }
    d->wanted = true;
    if (d->socket || d->retryTimer.isActive())
        return;
    d->status.attempt = 0;
    d->startAttempt();
}

void SocketIoClient::close()
{
    const bool wasConnected = d->nsConnected;
    d->wanted = false;
    d->retryTimer.stop();
    if (d->socket && d->nsConnected) {
        // Polite goodbye: Socket.IO DISCONNECT, then Engine.IO close.
        d->sendEngine(EngineIo::PacketType::Message,
                      SocketIo::encode({SocketIo::PacketType::Disconnect, QStringLiteral("/"),
                                        std::nullopt, QJsonValue(QJsonValue::Undefined)}));
        d->socket->flush();
    }
    d->nsConnected = false;
    d->dropSocket();
    d->failAcks(QStringLiteral("closed"));
    if (wasConnected)
        Q_EMIT disconnected(QStringLiteral("closed by client"));
    d->status.attempt = 0;
    d->setStatus(ConnectionStatus::Offline);
}

void SocketIoClient::reconnectNow()
{
    if (d->nsConnected && d->wanted)
        return; // already there
    d->wanted = true;
    d->startAttempt();
}

void SocketIoClient::restart()
{
    d->wanted = true;
    if (d->nsConnected) {
        d->nsConnected = false;
        d->dropSocket();
        d->failAcks(QStringLiteral("connection lost: reconnecting"));
        Q_EMIT disconnected(QStringLiteral("reconnecting with new credentials"));
    }
    d->status.attempt = 0;
    d->startAttempt();
}

ConnectionStatus SocketIoClient::status() const
{
    return d->status;
}

bool SocketIoClient::isConnected() const
{
    return d->nsConnected;
}

QString SocketIoClient::engineSid() const
{
    return d->sid;
}

int SocketIoClient::pingIntervalMs() const
{
    return d->pingIntervalMs;
}

int SocketIoClient::pingTimeoutMs() const
{
    return d->pingTimeoutMs;
}

bool SocketIoClient::emitEvent(const QString &name, const QJsonArray &args)
{
    if (!d->nsConnected)
        return false;
    d->sendEngine(EngineIo::PacketType::Message, SocketIo::encodeEvent(name, args));
    return true;
}

void SocketIoClient::emitWithAck(const QString &name, const QJsonArray &args, AckCallback callback,
                                 int timeoutMs)
{
    if (!d->nsConnected) {
        QTimer::singleShot(0, this, [callback = std::move(callback)] {
            if (callback)
                callback(Result<QJsonArray>::failure(QStringLiteral("not connected"),
                                                     ErrorKind::Unavailable));
        });
        return;
    }
    const qint64 id = d->nextAckId++;
    PendingAck ack;
    ack.callback = std::move(callback);
    ack.timer = new QTimer(this);
    ack.timer->setSingleShot(true);
    connect(ack.timer, &QTimer::timeout, this, [this, id, timeoutMs, name] {
        const auto it = d->acks.find(id);
        if (it == d->acks.end())
            return;
        PendingAck expired = it.value();
        d->acks.erase(it);
        expired.timer->deleteLater();
        qCInfo(lcClient) << "ack timeout for" << name << "after" << timeoutMs << "ms";
        if (expired.callback)
            expired.callback(Result<QJsonArray>::failure(
                QStringLiteral("timeout after %1 ms").arg(timeoutMs), ErrorKind::Timeout));
    });
    ack.timer->start(std::max(0, timeoutMs));
    d->acks.insert(id, ack);
    d->sendEngine(EngineIo::PacketType::Message, SocketIo::encodeEvent(name, args, id));
}

} // namespace SmartFixer
