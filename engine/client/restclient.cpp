#include "restclient.h"

#include "core/logging.h"
#include "protocol/jsontext.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace SmartFixer {

RestClient::RestClient(QObject *parent)
    : QObject(parent), m_nam(new QNetworkAccessManager(this)) { }

RestClient::~RestClient() = default;

void RestClient::setServerUrl(const QUrl &url)
{
    m_server = url;
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("ws"))
        m_server.setScheme(QStringLiteral("http"));
    else if (scheme == QLatin1String("wss"))
        m_server.setScheme(QStringLiteral("https"));
    m_server.setQuery(QString());
}

void RestClient::setTlsPolicy(const ClientTlsPolicy &policy)
{
    m_tls = policy;
    // Connections kept alive were verified under the old policy.
    m_nam->clearConnectionCache();
}

QUrl RestClient::serverUrl() const
{
    return m_server;
}

void RestClient::setToken(const QString &token)
{
    m_token = token;
}

QString RestClient::token() const
{
    return m_token;
}

void RestClient::setLanguage(const QString &bcp47)
{
    m_language = bcp47;
}

void RestClient::setTimeout(int ms)
{
    m_timeoutMs = ms;
}

void RestClient::login(const QString &username, const QString &password, Callback callback)
{
    request(
        "POST", QStringLiteral("/api/login"),
        QJsonObject{{QStringLiteral("username"), username}, {QStringLiteral("password"), password}},
        std::move(callback), false);
}

void RestClient::registerAccount(const QString &username, const QString &password,
                                 const QString &displayName, Callback callback)
{
    request("POST", QStringLiteral("/api/register"),
            QJsonObject{
                {QStringLiteral("username"), username},
                {QStringLiteral("password"), password},
                {QStringLiteral("display_name"), displayName.isEmpty() ? username : displayName}},
            std::move(callback), false);
}

void RestClient::logout(Callback callback)
{
    request("POST", QStringLiteral("/api/logout"), QJsonValue(QJsonValue::Undefined),
            std::move(callback));
}

void RestClient::me(Callback callback)
{
    request("GET", QStringLiteral("/api/me"), QJsonValue(QJsonValue::Undefined),
            std::move(callback));
}

void RestClient::setPrivacy(const QString &visibility, Callback callback)
{
    request("PUT", QStringLiteral("/api/me/privacy"),
            QJsonObject{{QStringLiteral("visibility"), visibility}}, std::move(callback));
}

void RestClient::contacts(Callback callback)
{
    request("GET", QStringLiteral("/api/contacts"), QJsonValue(QJsonValue::Undefined),
            std::move(callback));
}

void RestClient::addContact(UserId userId, Callback callback)
{
    request("POST", QStringLiteral("/api/contacts"),
            QJsonObject{{QStringLiteral("user_id"), userId}}, std::move(callback));
}

void RestClient::removeContact(UserId userId, Callback callback)
{
    request("DELETE", QStringLiteral("/api/contacts/%1").arg(userId),
            QJsonValue(QJsonValue::Undefined), std::move(callback));
}

void RestClient::users(const QString &query, Callback callback)
{
    request("GET",
            QStringLiteral("/api/users?query=")
                + QString::fromLatin1(QUrl::toPercentEncoding(query)),
            QJsonValue(QJsonValue::Undefined), std::move(callback));
}

void RestClient::userPresence(UserId userId, Callback callback)
{
    request("GET", QStringLiteral("/api/user-presence/%1").arg(userId),
            QJsonValue(QJsonValue::Undefined), std::move(callback));
}

void RestClient::messages(UserId peer, std::optional<qint64> beforeId, int limit, Callback callback)
{
    QString path = QStringLiteral("/api/messages/%1?limit=%2").arg(peer).arg(limit);
    if (beforeId)
        path += QStringLiteral("&before=%1").arg(*beforeId);
    request("GET", path, QJsonValue(QJsonValue::Undefined), std::move(callback));
}

void RestClient::request(const QByteArray &method, const QString &path, const QJsonValue &body,
                         Callback callback, bool authenticated)
{
    QUrl url = m_server;
    const qsizetype q = path.indexOf(QLatin1Char('?'));
    QString basePath = m_server.path();
    if (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + (q < 0 ? path : path.left(q)));
    if (q >= 0)
        url.setQuery(path.mid(q + 1), QUrl::StrictMode);
    QNetworkRequest req(url);
    req.setTransferTimeout(m_timeoutMs);
    req.setRawHeader("Accept", "application/json");
    if (!m_language.isEmpty())
        req.setRawHeader("Accept-Language", m_language.toUtf8());
    if (authenticated && !m_token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    QByteArray data;
    if (!body.isUndefined()) {
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        data = body.isArray() ? QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact)
                              : QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
    }
    const bool https = url.scheme() == QLatin1String("https");
    if (https)
        req.setSslConfiguration(clientSslConfiguration(m_tls));
    else
        m_lastTls = TlsFailure(); // a plain-HTTP server has no certificate to blame
    QNetworkReply *reply = m_nam->sendCustomRequest(req, method, data);
    if (https) {
        connect(reply, &QNetworkReply::sslErrors, this,
                [this, reply](const QList<QSslError> &errors) {
                    const QSslCertificate peer = reply->sslConfiguration().peerCertificate();
                    if (pinAnswers(errors, peer, m_tls)) {
                        reply->ignoreSslErrors(errors);
                        return;
                    }
                    m_lastTls = describeTlsFailure(errors, peer, reply->url().host(), m_tls);
                    reply->setProperty("sf_tls_failed", true);
                });
        connect(reply, &QNetworkReply::encrypted, this, [this, reply] {
            if (!reply->property("sf_tls_failed").toBool())
                m_lastTls = TlsFailure();
        });
    }
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, callback = std::move(callback)] { finished(reply, callback); });
}

namespace {

//! Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3); ms, 0 if unknown.
qint64 retryAfterMs(const QByteArray &header)
{
    const QByteArray value = header.trimmed();
    if (value.isEmpty())
        return 0;
    bool ok = false;
    const qint64 seconds = value.toLongLong(&ok);
    if (ok)
        return seconds > 0 ? seconds * 1000 : 0;
    const QDateTime at = QDateTime::fromString(QString::fromLatin1(value), Qt::RFC2822Date);
    if (!at.isValid())
        return 0;
    return qMax<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(at));
}

//! The kind for an HTTP status that came with our JSON {"error":…} body.
ErrorKind kindForStatus(int status)
{
    switch (status) {
    case 400:
    case 413:
    case 422:
        return ErrorKind::Invalid;
    case 401:
        return ErrorKind::Unauthorized;
    case 403:
        return ErrorKind::Forbidden;
    case 404:
        return ErrorKind::NotFound;
    case 409:
        return ErrorKind::Conflict;
    case 429:
        return ErrorKind::RateLimited;
    case 503:
        return ErrorKind::Unavailable;
    case 504:
    case 408:
        return ErrorKind::Timeout;
    default:
        break;
    }
    return status >= 500 ? ErrorKind::Internal : ErrorKind::Protocol;
}

//! No HTTP answer at all: the kind for the network error.
ErrorKind kindForNetworkError(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::OperationCanceledError: // our transfer timeout aborts the request
    case QNetworkReply::TimeoutError:
        return ErrorKind::Timeout;
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::ProtocolInvalidOperationError:
        return ErrorKind::Protocol;
    default:
        break;
    }
    // Refused, host not found (DNS), unreachable network, TLS handshake, proxy trouble.
    return ErrorKind::Unavailable;
}

} // namespace

void RestClient::finished(QNetworkReply *reply, const Callback &callback)
{
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray raw = reply->readAll();
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(JsonText::protectBom(raw), &parseError);
    QJsonValue body(QJsonValue::Undefined);
    if (doc.isObject())
        body = doc.object();
    else if (doc.isArray())
        body = doc.array();

    if (status == 0) {
        // No HTTP answer at all: refused, DNS, timeout, TLS.
        const ErrorKind kind = kindForNetworkError(reply->error());
        QString why = kind == ErrorKind::Timeout ? QStringLiteral("request timed out")
                                                 : reply->errorString();
        if (reply->property("sf_tls_failed").toBool())
            why = m_lastTls.message; // the certificate's problem, in plain words
        else if (reply->error() == QNetworkReply::SslHandshakeFailedError)
            why = QStringLiteral("TLS handshake failed (is it a TLS server? %1)").arg(why);
        qCInfo(lcClient) << "REST" << reply->url().path() << "failed:" << why;
        if (callback)
            callback(Result<RestReply>::failure(why, kind));
        return;
    }
    if (status < 200 || status >= 300) {
        const QString reason
            = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        QString message = QString::number(status);
        if (!reason.isEmpty())
            message += QLatin1Char(' ') + reason;
        const QJsonValue errorValue = body.toObject().value(QStringLiteral("error"));
        const QString serverError = errorValue.toString();
        if (!serverError.isEmpty())
            message += QStringLiteral(": ") + serverError;
        // Our server (and the original backend) always answers errors with {"error":…}. A
        // status without it is some other web server or a proxy: not ours to interpret, except
        // for the statuses a proxy in front of us may legitimately add.
        ErrorKind kind = kindForStatus(status);
        const bool ours = errorValue.isString();
        if (!ours && status != 429 && status != 502 && status != 503 && status != 504)
            kind = ErrorKind::Protocol;
        if (!ours && status == 502)
            kind = ErrorKind::Unavailable;
        auto result = Result<RestReply>::failure(message, kind);
        if (kind == ErrorKind::RateLimited)
            result.withRetryAfter(retryAfterMs(reply->rawHeader("Retry-After")));
        qCInfo(lcClient) << "REST" << reply->url().path() << "->" << message;
        if (callback)
            callback(result);
        return;
    }
    if (!raw.trimmed().isEmpty() && body.isUndefined()) {
        if (callback)
            callback(Result<RestReply>::failure(QStringLiteral("invalid JSON from server: ")
                                                    + parseError.errorString(),
                                                ErrorKind::Protocol));
        return;
    }
    if (callback)
        callback(RestReply{status, body});
}

} // namespace SmartFixer
