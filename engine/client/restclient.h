#pragma once
// RestClient: the REST half of DESIGN.md §4 (login, contacts, users, me, privacy, history,
// presence) over QNetworkAccessManager. Every call ends in one callback with the JSON body or a
// readable error taken from the server's {"error":…} body.
#include "core/presence.h"
#include "core/result.h"
#include "tls/clienttls.h"

#include <QJsonValue>
#include <QObject>
#include <QUrl>
#include <functional>
#include <optional>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
class QNetworkReply;
QT_END_NAMESPACE

namespace SmartFixer {

//! A successful REST reply: the parsed JSON body (Undefined for 204) and the HTTP status.
//! Failures never get here: they are the Result's readable error.
struct RestReply
{
    int httpStatus = 0;
    QJsonValue body = QJsonValue(QJsonValue::Undefined);
};

class RestClient : public QObject
{
    Q_OBJECT
public:
    //! Ok for 2xx. Otherwise kind() says what happened (401 Unauthorized, 403 Forbidden, 404
    //! NotFound, 409 Conflict, 429 RateLimited with retryAfterMs() from Retry-After, 400
    //! Invalid, refused/DNS Unavailable, no answer in time Timeout, an answer that is not our
    //! JSON — an HTML page, another web server's 501 — Protocol) and the message reads like
    //! "401 Unauthorized: invalid token" (for logs; never parse it).
    using Callback = std::function<void(const Result<RestReply> &)>;

    explicit RestClient(QObject *parent = nullptr);
    ~RestClient() override;

    //! "http://host:port" or "https://…" ("ws"/"wss" are mapped to http/https).
    void setServerUrl(const QUrl &url);
    QUrl serverUrl() const;
    void setToken(const QString &token);
    QString token() const;
    //! Sent as Accept-Language so server-rendered texts match the viewer.
    void setLanguage(const QString &bcp47);
    void setTimeout(int ms); // ms per request
    //! How https:// servers are verified (extra CAs, pinned certificates).
    void setTlsPolicy(const ClientTlsPolicy &policy);
    //! Why the last request that failed its TLS handshake failed (cleared by a request that
    //! got through the handshake); the message of that failure says the same in words.
    TlsFailure lastTlsFailure() const { return m_lastTls; }

    void login(const QString &username, const QString &password, Callback callback);
    //! POST /api/register (servers with open registration): 201 with a token (our server).
    void registerAccount(const QString &username, const QString &password,
                         const QString &displayName, Callback callback);
    void logout(Callback callback);
    void me(Callback callback);
    //! visibility: "everyone", "contacts" or "nobody".
    void setPrivacy(const QString &visibility, Callback callback);
    void contacts(Callback callback);
    void addContact(UserId userId, Callback callback);
    void removeContact(UserId userId, Callback callback);
    void users(const QString &query, Callback callback);
    void userPresence(UserId userId, Callback callback);
    //! The newest \a limit messages with \a peer before message \a beforeId, oldest first.
    void messages(UserId peer, std::optional<qint64> beforeId, int limit, Callback callback);

    //! Any call: \a method "GET"/"POST"/"PUT"/"DELETE", \a path like "/api/me".
    void request(const QByteArray &method, const QString &path, const QJsonValue &body,
                 Callback callback, bool authenticated = true);

private:
    void finished(QNetworkReply *reply, const Callback &callback);
    QNetworkAccessManager *m_nam;
    QUrl m_server;
    QString m_token;
    QString m_language;
    int m_timeoutMs = 15000;
    ClientTlsPolicy m_tls;
    TlsFailure m_lastTls;
};

} // namespace SmartFixer
