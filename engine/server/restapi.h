#pragma once
// RestApi: the REST half of DESIGN.md §4 as one route table (path pattern, methods, whether a
// token is needed, handler). Routing is decided before the token is checked, so an unknown path
// is 404 and a wrong method 405 for anybody, and 401 comes before 400/404 on token routes.
#include "core/presence.h"
#include "server/clusterlink.h"
#include "server/httpfront.h"
#include "server/servercontext.h"

#include "core/result.h"

#include <QHash>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QString>
#include <QStringList>
#include <functional>

namespace SmartFixer {

class LoginThrottle;
struct StatusTextOptions;
struct UserRow;

class RestApi
{
public:
    //! What the API asks of the rest of the server.
    struct Hooks
    {
        std::function<QByteArray()> metricsText; //!< GET /metrics
        std::function<void(const QString &token)> closeConnectionsWithToken; //!< logout
        std::function<void(UserId user)> closeConnectionsOfUser; //!< logout?all=1
        //! Non-empty: GET /healthz answers 503 "degraded" with this reason (cluster mode).
        std::function<QString()> degradedReason = {};
    };
    RestApi(const ServerContext &context, LoginThrottle *throttle, Hooks hooks);

    HttpReply handle(const QHttpServerRequest &request);

private:
    //! Tells the other nodes of a cluster (if any) that \a user's privacy/contacts changed.
    void tellCluster(UserId user, ClusterLink::UserChange change);
    //! One routed request: the path split at '/', and the caller once authenticated.
    struct Call
    {
        const QHttpServerRequest &http;
        QStringList segments; // without the leading empty one
        UserId me = 0;
        QString token;
    };
    using Handler = HttpReply (RestApi::*)(const Call &);
    struct Route
    {
        std::initializer_list<const char *> path; // "*" matches one segment
        QHttpServerRequest::Methods methods;
        const char *allow; // the Allow header of a 405
        bool authenticated;
        Handler get; // GET (and HEAD) or the only method
        Handler other = nullptr; // the second method of a route that has two
    };
    static const Route *route(const QStringList &segments);
    std::optional<UserId> authenticate(const QHttpServerRequest &request, QString *token) const;
    StatusTextOptions restText(const QHttpServerRequest &request) const;
    QJsonObject contactJson(UserId viewer, const UserRow &row, const StatusTextOptions &text);

    HttpReply healthz(const Call &call);
    //! 503 + Retry-After: the database server is gone and the store is reconnecting.
    static HttpReply databaseUnavailable();
    HttpReply metrics(const Call &call);
    HttpReply pollingTransport(const Call &call);
    HttpReply login(const Call &call);
    HttpReply registerUser(const Call &call);
    HttpReply userPresence(const Call &call);
    HttpReply searchUsers(const Call &call);
    HttpReply contacts(const Call &call);
    HttpReply addContact(const Call &call);
    HttpReply removeContact(const Call &call);
    HttpReply me(const Call &call);
    HttpReply setPrivacy(const Call &call);
    HttpReply setStatus(const Call &call); // restapi_status.cpp
    HttpReply logout(const Call &call);
    HttpReply logoutOne(const Call &call);
    HttpReply logoutAll(const Call &call); // ?all=1: every token of the caller
    // Password work on PasswordWorkers (restapi_accounts.cpp).
    HttpReply loginDeferred(const QString &username, const QString &password,
                            const QHostAddress &address);
    HttpReply finishLogin(const QString &username, const QHostAddress &address,
                          std::optional<UserId> user);
    HttpReply registerDeferred(const QString &username, const QString &displayName,
                               const QString &password, const QHostAddress &address);
    HttpReply finishRegister(const Result<UserRow> &row);
    static HttpReply busy();
    HttpReply messages(const Call &call);
    // DESIGN.md §12 (restapi_conversations.cpp)
    HttpReply conversations(const Call &call);
    HttpReply searchMessages(const Call &call);

    ServerContext m_context;
    LoginThrottle *m_throttle;
    Hooks m_hooks;
    //! Verifications running per case-folded account name: a few at most, so guesses sent in
    //! parallel cannot outrun the throttle, which counts them only when they finish.
    QHash<QString, int> m_verifying;
    QHash<QString, int> m_verifyingFrom; //!< the same per client address (RegistrationLimit::key)
};

} // namespace SmartFixer
