#include "httpfront.h"

#include "core/logging.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

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

HttpFront::HttpFront(Handler handler, QObject *parent)
    : QAbstractHttpServer(parent), m_handler(std::move(handler))
{ }

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
        return request.url().path() == QLatin1String("/socket.io/");
    }
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
