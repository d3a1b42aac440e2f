#pragma once
// HttpFront: the HTTP side of the server's one port. A QAbstractHttpServer that hands every
// request to one handler and writes its reply at once (Qt 6.4.2 crashes when a responder
// writes after its client has gone), lets WebSocket upgrades on /socket.io/ through to the
// transport, and answers everything else — unknown paths included — with JSON, never HTML.
#include <QAbstractHttpServer>
#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QPair>
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

class HttpFront final : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<HttpReply(const QHttpServerRequest &)>;
    explicit HttpFront(Handler handler, QObject *parent = nullptr);

    static void writeReply(const QHttpServerRequest &request, QTcpSocket *socket,
                           const HttpReply &reply);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Handler m_handler;
};

} // namespace SmartFixer
