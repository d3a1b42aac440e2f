#pragma once
// WsUpgrade: the WebSocket opening handshake (RFC 6455 §4.2) for the transport, in front of
// Qt's HTTP server. It watches each new socket of HttpListener; a request for /socket.io/ is
// taken before Qt parses it, and an upgrade hands the bare descriptor to the transport (which
// answers 101 and frames with WsLink). Qt 6.4 would otherwise give the socket to its private
// QWebSocketServer (a QWebSocket per connection, ~15 KiB, and an O(connections) sender()
// lookup per handshake). Everything else on /socket.io/ gets a JSON error here.
#include "protocol/websocket.h"

#include <QByteArray>
#include <functional>

QT_BEGIN_NAMESPACE
class QAbstractHttpServer;
class QObject;
class QTcpSocket;
QT_END_NAMESPACE

namespace SmartFixer {

using WebSocket::UpgradeRequest;

namespace WsUpgrade {

using WebSocket::MaxHeadBytes;

//! Called with a descriptor of its own (the QTcpSocket is closed) — or, over TLS, fd -1 and
//! the encrypted socket itself (the callee owns it; Qt's HTTP server has let go of it) —, the
//! request, the bytes that followed the head, and the object that keeps the connection counted
//! against HttpListener's connection caps (the callee owns it; delete it when the connection
//! ends).
using Accept = std::function<void(int fd, QTcpSocket *stream, const UpgradeRequest &request,
                                  QByteArray leftover, QObject *slot)>;

//! Watches \a socket's first bytes (connect before anything else reads it): "GET /socket.io/"
//! is taken from \a http; anything else is left alone. The Host and Origin headers are held
//! to the listener's HttpHostPolicy, as on REST (DNS rebinding, cross-site pages).
void tap(QTcpSocket *socket, QAbstractHttpServer *http, Accept accept);

} // namespace WsUpgrade
} // namespace SmartFixer
