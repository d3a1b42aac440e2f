#pragma once
// HttpFront: the HTTP side of the server's one port. A QAbstractHttpServer that hands every
// request to one handler, lets WebSocket upgrades on /socket.io/ through to the transport, and
// answers everything else — unknown paths included — with JSON, never HTML. Replies are
// written as raw bytes to the socket, never through a stored QHttpServerResponder (Qt 6.4.2
// crashes when a responder writes after its client has gone). Most are written at once; a
// handler may answer later (HttpReply::deferred, e.g. after a password hash on a worker
// thread): the answer is kept in order behind the connection's earlier ones and written only
// if that socket still exists and is connected (QPointer, checked on the server thread).
#include "server/httpguard.h"

#include <QAbstractHttpServer>
#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QPointer>
#include <QSslConfiguration>
#include <QTcpServer>
#include <functional>
#include <optional>

namespace SmartFixer {

struct HttpReply;
//! Hands a deferred answer to HttpFront; call it once, on the server thread.
using HttpDeliver = std::function<void(const HttpReply &)>;

//! One HTTP answer.
struct HttpReply
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers; //!< extra headers

    static HttpReply json(int status, const QJsonValue &value);
    static HttpReply error(int status, const QString &message);
    static HttpReply noContent();
    //! An answer that comes later: HttpFront calls \a start at once with the function that
    //! delivers it. If the client is gone by then, the answer is dropped.
    static HttpReply deferred(std::function<void(HttpDeliver)> start);

    //! Set for a deferred answer (see deferred()).
    std::function<void(HttpDeliver)> later;
};

//! The listening socket of HttpFront. Qt 6.4's HTTP server buffers a whole request and has no
//! timeouts, so this guards each plain-HTTP connection: more than `maxRequestBytes` without a
//! complete request, `idleTimeoutMs` without one, or more than `maxQueuedOutputBytes` of
//! answers the client does not read aborts it. It also caps connections in total and per
//! address. Upgraded WebSockets are left to the transport's own limits.
class HttpListener final : public QTcpServer
{
    Q_OBJECT
public:
    explicit HttpListener(const HttpFrontLimits &limits, QObject *parent = nullptr);
    ~HttpListener() override;
    //! A request on \a socket was answered (count afresh) or upgraded (stop guarding).
    static void requestHandled(QTcpSocket *socket, bool upgraded);
    //! The transport takes \a socket's descriptor (a WebSocket upgrade): the returned object
    //! keeps the connection counted against the connection caps until it is deleted (the
    //! caller owns it; null for a socket this listener does not guard).
    static QObject *detachConnection(QTcpSocket *socket);
    quint64 aborted() const { return m_aborted; }
    quint64 refusedPerAddress() const { return m_refusedPerAddress; }
    quint64 pausedAccepting() const { return m_pauses; }
    quint64 refusedOverLimit() const { return m_refusedOverLimit; }
    int openConnections() const { return m_open; }
    int maxConnections() const { return m_limits.maxConnections; }
    const HttpFrontLimits &limits() const { return m_limits; }
    //! The upgraded TCP socket of the peer \a address:\a port, once (null when unknown). Qt
    //! 6.4 gives the transport only the QWebSocket; with the socket under it the transport
    //! writes prebuilt frames straight to it (SioServer's fan-out).
    QTcpSocket *takeUpgraded(const QHostAddress &address, quint16 port);
    //! Called with every accepted socket before anything reads it (the transport's
    //! WebSocket upgrade, WsUpgrade::tap).
    void setSocketTap(std::function<void(QTcpSocket *)> tap) { m_tap = std::move(tap); }

    //! Serve TLS (HTTPS and WSS) on this listener: every accepted connection must start with a
    //! TLS handshake that completes within \a handshakeTimeoutMs (ms), else it is dropped; a
    //! plain HTTP request gets a plain-text 400 that says to use https://. The connection caps
    //! count a connection from accept on, so handshakes in flight are capped too. Call before
    //! listen().
    void setTls(const QSslConfiguration &configuration, int handshakeTimeoutMs);
    bool isTls() const { return m_tls.has_value(); }
    quint64 tlsHandshakeFailures() const { return m_tlsFailures; }
    quint64 tlsHandshakeTimeouts() const { return m_tlsTimeouts; }
    quint64 plainRequestsOnTls() const { return m_plainOnTls; }
    quint64 tlsHandshakesDone() const { return m_tlsDone; } //!< handshakes that completed
    //! Connections open now that completed the TLS handshake (HTTPS and WSS).
    int tlsConnections() const { return m_tlsOpen; }

    //! Connections dropped because the client left answers unread (HttpFront's output cap).
    quint64 unreadOutputDrops() const { return m_unreadOutputDrops; }
    void countUnreadOutputDrop()
    {
        ++m_aborted;
        ++m_unreadOutputDrops;
    }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    friend class HttpConnectionState;
    void connectionGone(const QHostAddress &address);
    void resumeIfBelow();
    //! Hands an accepted (and, with TLS, encrypted) socket to the HTTP server.
    void admit(QTcpSocket *socket);
    //! Runs the server side of the TLS handshake on \a socket, then admit()s it.
    void startTls(class QSslSocket *socket);

    HttpFrontLimits m_limits;
    quint64 m_aborted = 0;
    quint64 m_refusedPerAddress = 0;
    quint64 m_pauses = 0;
    quint64 m_refusedOverLimit = 0;
    quint64 m_unreadOutputDrops = 0;
    int m_open = 0;
    bool m_paused = false;
    QHash<QHostAddress, int> m_perAddress;
    //! Upgraded sockets not yet taken by the transport, by peer "address:port".
    QHash<QString, QPointer<QTcpSocket>> m_upgraded;
    std::function<void(QTcpSocket *)> m_tap;
    std::optional<QSslConfiguration> m_tls;
    int m_tlsHandshakeTimeoutMs = 10000; // ms
    quint64 m_tlsFailures = 0;
    quint64 m_tlsTimeouts = 0;
    quint64 m_plainOnTls = 0;
    quint64 m_tlsDone = 0;
    int m_tlsOpen = 0;
};

class HttpFront final : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<HttpReply(const QHttpServerRequest &)>;
    explicit HttpFront(Handler handler, QObject *parent = nullptr);

    //! Writes \a reply to \a socket as an HTTP/1.1 response; \a close adds "Connection:
    //! close" and closes the connection once it is written. Drops the connection instead when
    //! the client has left more than the listener's maxQueuedOutputBytes unread.
    static void writeReply(QTcpSocket *socket, const HttpReply &reply, bool close,
                           bool headOnly = false);
    //! Answers on \a socket in request order: writes \a reply at once, or after the deferred
    //! answers before it; starts a deferred one. At most MaxPendingAnswers answers wait per
    //! connection, a client that pipelines more behind a deferred one is dropped.
    static void send(QTcpSocket *socket, HttpReply reply, bool close, bool headOnly);
    static constexpr int MaxPendingAnswers = 16;
    //! The handler's owner is going away: a request still arriving on an open connection
    //! (before this object's deleteLater) gets a JSON 503 instead of reaching the handler.
    void detachHandler();

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Handler m_handler;
};

} // namespace SmartFixer
