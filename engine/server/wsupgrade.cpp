#include "wsupgrade.h"

#include "core/logging.h"
#include "protocol/websocket.h"

#include <QAbstractHttpServer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSocketNotifier>
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
    QByteArray reason = r.status == 426 ? "Upgrade Required"
        : r.status == 431               ? "Request Header Fields Too Large"
                                        : "Bad Request";
    QByteArray out = "HTTP/1.1 " + QByteArray::number(r.status) + ' ' + reason
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n";
    if (r.status == 426)
        out += "Sec-WebSocket-Version: 13\r\n";
    out += "\r\n" + body;
    socket->write(out);
    socket->disconnectFromHost();
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
            const UpgradeRequest request
                = WebSocket::parseUpgrade(QByteArrayView(data).first(end + 4));
            if (request.status != 0) {
                qCInfo(lcTransport).noquote()
                    << "refused WebSocket upgrade from" << socket->peerAddress().toString() << ":"
                    << request.status << request.error;
                replyError(socket, request);
                return;
            }
            QByteArray leftover = socket->readAll().mid(end + 4);
            // Qt's notifiers must leave the event dispatcher while the descriptor still names
            // this connection; the duplicate then outlives the QTcpSocket, which is deleted
            // (Qt's HTTP server does that on disconnected).
            const QList<QSocketNotifier *> notifiers = socket->findChildren<QSocketNotifier *>();
            for (QSocketNotifier *n : notifiers)
                n->setEnabled(false);
            const int fd = ::fcntl(int(socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
            socket->abort();
            if (fd < 0) {
                qCWarning(lcTransport) << "cannot take the upgraded socket: out of descriptors";
                return;
            }
            accept(fd, request, std::move(leftover));
        });
}

} // namespace SmartFixer::WsUpgrade
