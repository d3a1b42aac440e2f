#include "wsupgrade.h"

#include "core/logging.h"
#include "protocol/websocket.h"
#include "server/httpfront.h"
#include "server/httpguard.h"

#include <QAbstractHttpServer>
#include <QHostInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSocketNotifier>
#include <QSslSocket>
#include <QTcpSocket>

#include <algorithm>
#include <fcntl.h>
#include <memory>

namespace SmartFixer::WsUpgrade {

namespace {

constexpr QByteArrayView Prefix("GET /socket.io/");

void replyError(QTcpSocket *socket, const UpgradeRequest &r)
{
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("error"), r.error}})
                                .toJson(QJsonDocument::Compact);
    const QByteArray reason = HttpGuard::reasonPhrase(r.status);
    QByteArray out = "HTTP/1.1 " + QByteArray::number(r.status) + ' ' + reason
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n";
    if (r.status == 426)
        out += "Sec-WebSocket-Version: 13\r\n";
    out += "\r\n" + body;
    socket->write(out);
    socket->disconnectFromHost();
}

//! The Host and Origin rules of the REST side (HttpGuard) for an upgrade request's head: a
//! refusal (status and message), or status 0. Framing is parseUpgrade's business.
UpgradeRequest checkHostAndOrigin(QTcpSocket *socket, QByteArrayView head)
{
    UpgradeRequest verdict;
    const auto *listener = qobject_cast<const HttpListener *>(socket->parent());
    if (!listener)
        return verdict;
    QByteArray host, origin;
    int hosts = 0, origins = 0;
    for (qsizetype from = head.indexOf('\n') + 1; from > 0 && from < head.size();) {
        qsizetype nl = head.indexOf('\n', from);
        if (nl < 0)
            nl = head.size();
        QByteArrayView line = head.sliced(from, nl - from);
        from = nl + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArrayView name = line.first(colon).trimmed();
        if (name.compare("host", Qt::CaseInsensitive) == 0) {
            ++hosts;
            host = line.sliced(colon + 1).trimmed().toByteArray();
        } else if (name.compare("origin", Qt::CaseInsensitive) == 0) {
            ++origins;
            origin = line.sliced(colon + 1).trimmed().toByteArray();
        }
    }
    static const QString machineName = QHostInfo::localHostName();
    const HttpHostPolicy &policy = listener->limits().hostPolicy;
    if (hosts > 1 || origins > 1) {
        verdict.status = 400;
        verdict.error = QStringLiteral("more than one Host or Origin");
    } else if (hosts == 1 && !HttpGuard::hostAllowed(host, policy, machineName)) {
        verdict.status = 421;
        verdict.error = QStringLiteral("this server does not answer to that Host name");
    } else if (origins == 1 && !HttpGuard::originAllowed(origin, host, policy)) {
        verdict.status = 403;
        verdict.error = QStringLiteral("cross-origin requests are not allowed");
    }
    return verdict;
}

} // namespace

void tap(QTcpSocket *socket, QAbstractHttpServer *http, Accept accept)
{
    struct State
    {
        QByteArray prefix; //!< the first bytes, until they decide
        bool owned = false; //!< taken from Qt's HTTP server, waiting for the whole head
        QMetaObject::Connection connection;
    };
    auto state = std::make_shared<State>();
    QPointer<QAbstractHttpServer> server(http);
    state->connection = QObject::connect(
        socket, &QTcpSocket::readyRead, socket,
        [socket, server, state, accept = std::move(accept)] {
            if (!state->owned) {
                // Qt's HTTP server reads after us in a transaction; what we peek now is what
                // it has not read yet, so collect the first bytes across calls.
                const QByteArray fresh = socket->peek(Prefix.size() - state->prefix.size());
                state->prefix += fresh;
                if (!Prefix.startsWith(state->prefix)) {
                    QObject::disconnect(state->connection); // not ours: Qt answers it
                    return;
                }
                if (state->prefix.size() < Prefix.size())
                    return;
                state->owned = true;
                if (socket->isTransactionStarted())
                    socket->rollbackTransaction(); // Qt parsed a first piece: give it back
                if (server)
                    QObject::disconnect(socket, &QTcpSocket::readyRead, server, nullptr);
            }
            const QByteArray data
                = socket->peek(std::min<qint64>(socket->bytesAvailable(), MaxHeadBytes + 4));
            const qsizetype end = data.indexOf("\r\n\r\n");
            if (end < 0) {
                if (socket->bytesAvailable() > MaxHeadBytes) {
                    QObject::disconnect(state->connection);
                    UpgradeRequest tooLarge;
                    tooLarge.status = 431;
                    tooLarge.error = QStringLiteral("request head over %1 bytes").arg(MaxHeadBytes);
                    replyError(socket, tooLarge);
                }
                return; // wait for the rest (HttpListener's idle timer bounds the wait)
            }
            QObject::disconnect(state->connection);
            UpgradeRequest request = WebSocket::parseUpgrade(QByteArrayView(data).first(end + 4));
            if (request.status == 0) {
                const UpgradeRequest refused
                    = checkHostAndOrigin(socket, QByteArrayView(data).first(end + 4));
                if (refused.status != 0) {
                    request.status = refused.status;
                    request.error = refused.error;
                }
            }
            if (request.status != 0) {
                qCInfo(lcTransport).noquote()
                    << "refused WebSocket upgrade from" << socket->peerAddress().toString() << ":"
                    << request.status << request.error;
                replyError(socket, request);
                return;
            }
            QByteArray leftover = socket->readAll().mid(end + 4);
            if (qobject_cast<QSslSocket *>(socket)) {
                // TLS: the descriptor carries ciphertext, so the socket itself moves to the
                // transport. Qt's HTTP server lets go of it (its readyRead is gone already; its
                // disconnected would delete it), and so does the listener's guard.
                std::unique_ptr<QObject> slot(HttpListener::detachConnection(socket));
                QObject::disconnect(socket, &QIODevice::readyRead, nullptr, nullptr);
                QObject::disconnect(socket, &QAbstractSocket::disconnected, nullptr, nullptr);
                accept(-1, socket, request, std::move(leftover), slot.release());
                return;
            }
            // Qt's notifiers must leave the event dispatcher while the descriptor still names
            // this connection; the duplicate then outlives the QTcpSocket, which is deleted
            // (Qt's HTTP server does that on disconnected).
            const QList<QSocketNotifier *> notifiers = socket->findChildren<QSocketNotifier *>();
            for (QSocketNotifier *n : notifiers)
                n->setEnabled(false);
            const int fd = ::fcntl(int(socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
            // The connection stays counted against the listener's caps while it lives on as a
            // WebSocket (the QTcpSocket and its guard state go now).
            std::unique_ptr<QObject> slot(fd >= 0 ? HttpListener::detachConnection(socket)
                                                  : nullptr);
            socket->abort();
            if (fd < 0) {
                qCWarning(lcTransport) << "cannot take the upgraded socket: out of descriptors";
                return;
            }
            accept(fd, nullptr, request, std::move(leftover), slot.release());
        });
}

} // namespace SmartFixer::WsUpgrade
