#pragma once
// HttpTestClient: blocking-style HTTP calls for the server tests (QNetworkAccessManager plus a
// wait on finished), returning status, headers and the parsed JSON body.
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>
#include <optional>

namespace SmartFixer::Test {

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QList<QNetworkReply::RawHeaderPair> headers;

    QJsonObject object() const { return QJsonDocument::fromJson(body).object(); }
    QJsonArray array() const { return QJsonDocument::fromJson(body).array(); }
    bool isJsonError() const
    {
        return contentType.startsWith("application/json")
            && object().value(QStringLiteral("error")).isString();
    }
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[k, v] : headers) {
            if (k.compare(name, Qt::CaseInsensitive) == 0)
                return v;
        }
        return {};
    }
};

class HttpTestClient
{
public:
    explicit HttpTestClient(quint16 port) : m_port(port) { }
    //! https:// with \a ssl (its CA certificates) instead of http://.
    HttpTestClient(quint16 port, const QSslConfiguration &ssl) : m_port(port), m_ssl(ssl) { }

    HttpResult request(const QByteArray &verb, const QString &pathAndQuery,
                       const QString &token = {}, const QByteArray &body = {},
                       const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        QNetworkRequest req(QUrl(QStringLiteral("%1://127.0.0.1:%2%3")
                                     .arg(m_ssl ? QStringLiteral("https") : QStringLiteral("http"))
                                     .arg(m_port)
                                     .arg(pathAndQuery)));
        if (m_ssl)
            req.setSslConfiguration(*m_ssl);
        req.setTransferTimeout(10000);
        if (!token.isEmpty())
            req.setRawHeader("Authorization", "Bearer " + token.toLatin1());
        if (!body.isEmpty())
            req.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        for (const auto &[k, v] : headers)
            req.setRawHeader(k, v);
        QNetworkReply *reply = m_nam.sendCustomRequest(req, verb, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        if (!reply->isFinished())
            loop.exec();
        HttpResult r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        r.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        r.error = reply->error();
        r.headers = reply->rawHeaderPairs();
        reply->deleteLater();
        return r;
    }
    HttpResult get(const QString &path, const QString &token = {})
    {
        return request("GET", path, token);
    }
    HttpResult post(const QString &path, const QJsonObject &body, const QString &token = {})
    {
        return request("POST", path, token, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    HttpResult put(const QString &path, const QJsonObject &body, const QString &token = {})
    {
        return request("PUT", path, token, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    HttpResult del(const QString &path, const QString &token = {})
    {
        return request("DELETE", path, token);
    }

private:
    quint16 m_port;
    std::optional<QSslConfiguration> m_ssl;
    QNetworkAccessManager m_nam;
};

} // namespace SmartFixer::Test
