#pragma once
// HttpFront: the HTTP side of the server's one port. A QAbstractHttpServer that hands every
// request to one handler and writes its reply at once (Qt 6.4.2 crashes when a responder
// writes after its client has gone), lets WebSocket upgrades on /socket.io/ through to the
// transport, and answers everything else — unknown paths included — with JSON, never HTML.
#include <QAbstractHttpServer>
#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QPointer>
#include <QTcpServer>
#include <functional>

namespace SmartFixer {

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
};

//! The listening socket of HttpFront. Qt 6.4's HTTP server buffers a whole request and has no
//! timeouts, so this guards each plain-HTTP connection: more than `maxRequestBytes` without a
//! complete request, or `idleTimeoutMs` without one, aborts it. Upgraded WebSockets are left
//! to the transport's own limits.
class HttpListener final : public QTcpServer
{
    Q_OBJECT
public:
    HttpListener(qint64 maxRequestBytes, int idleTimeoutMs, QObject *parent = nullptr)
        : QTcpServer(parent), m_maxRequestBytes(maxRequestBytes), m_idleTimeoutMs(idleTimeoutMs)
    { }
    //! A request on \a socket was answered (count afresh) or upgraded (stop guarding).
    static void requestHandled(QTcpSocket *socket, bool upgraded);
    quint64 aborted() const { return m_aborted; }
    //! The upgraded TCP socket of the peer \a address:\a port, once (null when unknown). Qt
    //! 6.4 gives the transport only the QWebSocket; with the socket under it the transport
    //! writes prebuilt frames straight to it (SioServer's fan-out).
    QTcpSocket *takeUpgraded(const QHostAddress &address, quint16 port);
    //! Called with every accepted socket before anything reads it (the transport's
    //! WebSocket upgrade, WsUpgrade::tap).
    void setSocketTap(std::function<void(QTcpSocket *)> tap) { m_tap = std::move(tap); }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    qint64 m_maxRequestBytes;
    int m_idleTimeoutMs;
    quint64 m_aborted = 0;
    //! Upgraded sockets not yet taken by the transport, by peer "address:port".
    QHash<QString, QPointer<QTcpSocket>> m_upgraded;
    std::function<void(QTcpSocket *)> m_tap;
};

class HttpFront final : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<HttpReply(const QHttpServerRequest &)>;
    explicit HttpFront(Handler handler, QObject *parent = nullptr);

    static void writeReply(const QHttpServerRequest &request, QTcpSocket *socket,
                           const HttpReply &reply);
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
