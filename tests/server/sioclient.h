#pragma once
// SioTestClient: a small Socket.IO v5 client over a raw QWebSocket for the server tests. It can
// misbehave on purpose (stop answering pings, send raw frames), which a real client library
// would not let a test do.
#include "protocol/engineio.h"
#include "protocol/socketio.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>
#include <QWebSocket>

namespace SmartFixer::Test {

struct ReceivedEvent
{
    QString name;
    QJsonValue payload;
};

class SioTestClient : public QObject
{
    Q_OBJECT
public:
    explicit SioTestClient(QObject *parent = nullptr) : QObject(parent)
    {
        connect(&socket, &QWebSocket::textMessageReceived, this, &SioTestClient::onText);
        connect(&socket, &QWebSocket::disconnected, this, [this] {
            closed = true;
            Q_EMIT gone();
        });
    }

    static QUrl socketUrl(quint16 port, bool tls = false)
    {
        return QUrl(QStringLiteral("%1://127.0.0.1:%2/socket.io/?EIO=4&transport=websocket")
                        .arg(tls ? QStringLiteral("wss") : QStringLiteral("ws"))
                        .arg(port));
    }

    //! Opens the WebSocket; the CONNECT with \a auth is sent when the open packet arrives.
    void open(quint16 port, const QJsonValue &auth)
    {
        m_auth = auth;
        socket.open(socketUrl(port, tls));
    }
    void open(quint16 port, const QString &token)
    {
        open(port, QJsonObject{{QStringLiteral("token"), token}});
    }
    //! Opens and waits for the answer to CONNECT; true when accepted.
    bool connectAndWait(quint16 port, const QString &token, int timeoutMs = 5000)
    {
        open(port, token);
        return waitConnected(timeoutMs);
    }
    bool waitConnected(int timeoutMs = 5000)
    {
        QTRY_LOOP_IMPL((connected || refused || closed), timeoutMs, 10);
        return connected;
    }

    qint64 emitEvent(const QString &name, const QJsonValue &payload, bool wantAck = true)
    {
        std::optional<qint64> ackId;
        if (wantAck)
            ackId = ++m_lastAckId;
        QJsonArray args;
        if (!payload.isUndefined())
            args.append(payload);
        sendRaw(QByteArray("4") + SocketIo::encodeEvent(name, args, ackId));
        return ackId.value_or(-1);
    }
    void sendRaw(const QByteArray &text) { socket.sendTextMessage(QString::fromUtf8(text)); }

    //! Waits for the ack of \a id and returns its first argument (Undefined on timeout).
    QJsonValue waitAck(qint64 id, int timeoutMs = 5000)
    {
        QTRY_LOOP_IMPL(acks.contains(id) || closed, timeoutMs, 10);
        return acks.value(id, QJsonValue(QJsonValue::Undefined));
    }
    QJsonValue call(const QString &name, const QJsonValue &payload, int timeoutMs = 5000)
    {
        return waitAck(emitEvent(name, payload), timeoutMs);
    }

    QList<ReceivedEvent> eventsNamed(const QString &name) const
    {
        QList<ReceivedEvent> out;
        for (const ReceivedEvent &e : events) {
            if (e.name == name)
                out.append(e);
        }
        return out;
    }
    //! Presence updates about \a user, in order.
    QList<QJsonObject> updatesAbout(qint64 user) const
    {
        QList<QJsonObject> out;
        for (const ReceivedEvent &e : events) {
            const QJsonObject o = e.payload.toObject();
            if (e.name == QLatin1String("user_presence_update")
                && o.value(QStringLiteral("user_id")).toInteger() == user)
                out.append(o);
        }
        return out;
    }
    bool waitEventCount(const QString &name, int count, int timeoutMs = 5000)
    {
        QTRY_LOOP_IMPL(eventsNamed(name).size() >= count, timeoutMs, 10);
        return eventsNamed(name).size() >= count;
    }
    bool waitClosed(int timeoutMs = 5000)
    {
        QTRY_LOOP_IMPL(closed, timeoutMs, 10);
        return closed;
    }

    QWebSocket socket;
    bool tls = false; //!< wss:// (set socket's QSslConfiguration for the CA)
    bool answerPings = true;
    bool connected = false;
    bool refused = false;
    bool closed = false;
    QString sid;
    int pings = 0;
    QList<ReceivedEvent> events;
    QHash<qint64, QJsonValue> acks;

Q_SIGNALS:
    void gone();

private:
    void onText(const QString &text)
    {
        const auto eio = EngineIo::decode(text.toUtf8());
        if (!eio)
            return;
        switch (eio->type) {
        case EngineIo::PacketType::Open:
            sendRaw(QByteArray("4") + SocketIo::encodeConnect(m_auth));
            break;
        case EngineIo::PacketType::Ping:
            ++pings;
            if (answerPings)
                sendRaw("3");
            break;
        case EngineIo::PacketType::Message: {
            const auto sio = SocketIo::decode(eio->data);
            if (!sio)
                return;
            if (sio->type == SocketIo::PacketType::Connect) {
                connected = true;
                sid = sio->data.toObject().value(QStringLiteral("sid")).toString();
            } else if (sio->type == SocketIo::PacketType::ConnectError) {
                refused = true;
            } else if (sio->type == SocketIo::PacketType::Event) {
                const QJsonArray args = SocketIo::eventArgs(*sio);
                events.append({SocketIo::eventName(*sio),
                               args.isEmpty() ? QJsonValue(QJsonValue::Undefined) : args.first()});
            } else if (sio->type == SocketIo::PacketType::Ack && sio->ackId) {
                const QJsonArray args = sio->data.toArray();
                acks.insert(*sio->ackId,
                            args.isEmpty() ? QJsonValue(QJsonValue::Undefined) : args.first());
            } else if (sio->type == SocketIo::PacketType::Disconnect) {
                closed = true;
            }
            break;
        }
        default:
            break;
        }
    }

    QJsonValue m_auth;
    qint64 m_lastAckId = 0;
};

} // namespace SmartFixer::Test
