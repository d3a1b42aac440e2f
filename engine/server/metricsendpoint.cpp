#include "metricsendpoint.h"

#include "core/logging.h"

#include <QJsonObject>
#include <QTcpSocket>

namespace SmartFixer {

bool metricsAuthorized(const QHttpServerRequest &request, const QString &token)
{
    if (token.isEmpty())
        return false;
    const QByteArray header = request.value(QByteArrayLiteral("authorization")).trimmed();
    if (header.size() < 8 || header.left(7).compare("Bearer ", Qt::CaseInsensitive) != 0)
        return false;
    const QByteArray given = header.mid(7).trimmed();
    const QByteArray wanted = token.toUtf8();
    // Constant time in the token's content (its length is not a secret worth hiding).
    if (given.size() != wanted.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < given.size(); ++i)
        diff |= static_cast<unsigned char>(given[i] ^ wanted[i]);
    return diff == 0;
}

MetricsEndpoint::MetricsEndpoint(QString token, Text text)
    : m_token(std::move(token)), m_text(std::move(text))
{ }

MetricsEndpoint::~MetricsEndpoint()
{
    close();
}

bool MetricsEndpoint::listen(const QHostAddress &address, quint16 port,
                             const HttpFrontLimits &limits, QString *error)
{
    m_front = std::make_unique<HttpFront>(
        [this](const QHttpServerRequest &request) { return handle(request); });
    HttpFrontLimits l = limits;
    l.maxConnections = 64; // a scraper or two, never the clients' budget
    auto *listener = new HttpListener(l, m_front.get());
    if (!listener->listen(address, port)) {
        if (error)
            *error = QStringLiteral("cannot listen for metrics on %1:%2: %3")
                         .arg(address.toString())
                         .arg(port)
                         .arg(listener->errorString());
        m_front.reset();
        return false;
    }
    m_front->bind(listener);
    m_listener = listener;
    qCInfo(lcServer).noquote() << QStringLiteral("metrics on http://%1:%2/metrics")
                                      .arg(address.toString())
                                      .arg(listener->serverPort());
    return true;
}

quint16 MetricsEndpoint::port() const
{
    const HttpListener *l = m_listener.data();
    return l ? l->serverPort() : 0;
}

void MetricsEndpoint::close()
{
    if (HttpListener *l = m_listener.data()) {
        l->close();
        const auto sockets = l->findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly);
        for (QTcpSocket *socket : sockets)
            socket->abort();
    }
    if (m_front) {
        m_front->detachHandler();
        m_front.release()->deleteLater(); // we may be inside one of its requests
    }
}

HttpReply MetricsEndpoint::handle(const QHttpServerRequest &request) const
{
    const QString path = request.url().path();
    const bool get = request.method() == QHttpServerRequest::Method::Get
        || request.method() == QHttpServerRequest::Method::Head;
    if (path == QLatin1String("/healthz") && get)
        return HttpReply::json(200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")}});
    if (path != QLatin1String("/metrics") || !get)
        return HttpReply::error(404, QStringLiteral("not found"));
    if (!m_token.isEmpty() && !metricsAuthorized(request, m_token))
        return HttpReply::error(401, QStringLiteral("unauthorized"));
    HttpReply r;
    r.body = m_text ? m_text() : QByteArray();
    r.contentType = "text/plain; version=0.0.4; charset=utf-8";
    return r;
}

} // namespace SmartFixer
