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
class QTcpSocket;
QT_END_NAMESPACE

namespace SmartFixer {

using WebSocket::UpgradeRequest;

namespace WsUpgrade {

using WebSocket::MaxHeadBytes;

//! Called with a descriptor of its own (the QTcpSocket is closed), the request, and the bytes
//! that followed the head.
using Accept = std::function<void(int fd, const UpgradeRequest &request, QByteArray leftover)>;

//! Watches \a socket's first bytes (connect before anything else reads it): "GET /socket.io/"
//! is taken from \a http; anything else is left alone.
void tap(QTcpSocket *socket, QAbstractHttpServer *http, Accept accept);

} // namespace WsUpgrade
} // namespace SmartFixer
