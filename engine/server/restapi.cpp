#include "restapi.h"

#include "core/logescape.h"
#include "core/logging.h"
#include "core/manualstatus.h"
#include "core/presenceinfo.h"
#include "core/statustext.h"
#include "core/usernames.h"
#include "protocol/jsontext.h"
#include "server/loginthrottle.h"
#include "server/metricsendpoint.h"
#include "server/presencehub.h"
#include "server/presenceserver.h"
#include "server/receipts.h"
#include "server/registrationlimit.h"
#include "server/storedirectory.h"
#include "server/wirejson.h"
#include "storage/serverstore.h"
#include "storage/store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace SmartFixer {

namespace {

constexpr int DefaultHistoryLimit = 50;
constexpr int MaxHistoryLimit = 200;
constexpr int MaxSearchResults = 50;

using Method = QHttpServerRequest::Method;
using Methods = QHttpServerRequest::Methods;
using Wire::parsePositiveId;

std::optional<QJsonObject> jsonBody(const QHttpServerRequest &request)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(JsonText::protectBom(request.body()), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    // Qt would turn these into U+FFFD: refuse rather than store what nobody sent.
    if (JsonText::hasUnpairedSurrogateEscape(request.body()))
        return std::nullopt;
    return doc.object();
}

HttpReply badId()
{
    return HttpReply::error(400, QStringLiteral("user id must be a positive integer"));
}

} // namespace

RestApi::RestApi(const ServerContext &context, LoginThrottle *throttle, Hooks hooks)
    : m_context(context), m_throttle(throttle), m_hooks(std::move(hooks))
{ }

const RestApi::Route *RestApi::route(const QStringList &segments)
{
    static const Route routes[] = {
        {{"healthz"}, Methods(Method::Get) | Method::Head, "GET", false, &RestApi::healthz},
        {{"metrics"}, Methods(Method::Get) | Method::Head, "GET", false, &RestApi::metrics},
        // Any method: the polling transport is not served at all.
        {{"socket.io", ""}, Methods(Method::AnyKnown), "GET", false, &RestApi::pollingTransport},
        {{"api", "login"}, Methods(Method::Post), "POST", false, &RestApi::login},
        {{"api", "register"}, Methods(Method::Post), "POST", false, &RestApi::registerUser},
        {{"api", "user-presence", "*"}, Methods(Method::Get), "GET", true, &RestApi::userPresence},
        {{"api", "users"}, Methods(Method::Get), "GET", true, &RestApi::searchUsers},
        {{"api", "contacts"},
         Methods(Method::Get) | Method::Post,
         "GET, POST",
         true,
         &RestApi::contacts,
         &RestApi::addContact},
        {{"api", "contacts", "*"},
         Methods(Method::Delete),
         "DELETE",
         true,
         &RestApi::removeContact},
        {{"api", "me"}, Methods(Method::Get), "GET", true, &RestApi::me},
        {{"api", "me", "privacy"}, Methods(Method::Put), "PUT", true, &RestApi::setPrivacy},
        {{"api", "me", "status"}, Methods(Method::Put), "PUT", true, &RestApi::setStatus},
        {{"api", "logout"}, Methods(Method::Post), "POST", true, &RestApi::logout},
        {{"api", "conversations"}, Methods(Method::Get), "GET", true, &RestApi::conversations},
        // Before "messages/*": "search" is not a user id.
        {{"api", "messages", "search"},
         Methods(Method::Get),
         "GET",
         true,
         &RestApi::searchMessages},
        {{"api", "messages", "*"}, Methods(Method::Get), "GET", true, &RestApi::messages},
    };
    for (const Route &r : routes) {
        if (segments.size() != qsizetype(r.path.size()))
            continue;
        bool match = true;
        int i = 0;
        for (const char *s : r.path) {
            if (s[0] != '*' && segments.at(i) != QLatin1String(s)) {
                match = false;
                break;
            }
            ++i;
        }
        if (match)
            return &r;
    }
    return nullptr;
}

HttpReply RestApi::handle(const QHttpServerRequest &request)
{
    ++m_context.counters->httpRequests;
    if (request.body().size() > m_context.config->maxBodyBytes)
        return HttpReply::error(413, QStringLiteral("request body too large"));
    const QString path = request.url().path();
    if (!path.startsWith(QLatin1Char('/')))
        return HttpReply::error(404, QStringLiteral("not found"));
    Call call{request, path.mid(1).split(QLatin1Char('/')), 0, QString()};
    const Route *r = route(call.segments);
    if (!r)
        return HttpReply::error(404, QStringLiteral("not found"));
    const Method method = request.method();
    if (!r->methods.testFlag(method)) {
        HttpReply reply = HttpReply::error(405, QStringLiteral("method not allowed"));
        reply.headers.append({QByteArrayLiteral("Allow"), QByteArray(r->allow)});
        return reply;
    }
    // The database server is gone (PostgreSQL restarting): 503 + Retry-After instead of
    // answers built on failed lookups ("unauthorized" for "could not look the token up").
    const bool usesStore = r->get != &RestApi::healthz && r->get != &RestApi::metrics
        && r->get != &RestApi::pollingTransport;
    ServerStore *store = m_context.store;
    if (usesStore && !store->unavailableReason().isEmpty())
        return databaseUnavailable();
    const quint64 losses = store->connectionLosses();
    if (r->authenticated) {
        const auto me = authenticate(request, &call.token);
        if (usesStore && store->connectionLosses() != losses)
            return databaseUnavailable();
        if (!me)
            return HttpReply::error(401, QStringLiteral("unauthorized"));
        call.me = *me;
    }
    const bool first = method == Method::Get || method == Method::Head || !r->other;
    HttpReply reply = (this->*(first ? r->get : r->other))(call);
    if (usesStore && store->connectionLosses() != losses)
        return databaseUnavailable(); // lost during this request: its answer may be wrong
    return reply;
}

HttpReply RestApi::databaseUnavailable()
{
    HttpReply r = HttpReply::error(503, QStringLiteral("the database is not available"));
    // About the store's reconnect cap (2 s, store_reconnect.cpp).
    r.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("2")});
    return r;
}

std::optional<UserId> RestApi::authenticate(const QHttpServerRequest &request, QString *token) const
{
    const QByteArray header = request.value(QByteArrayLiteral("authorization")).trimmed();
    if (header.size() < 8 || header.left(7).compare("Bearer ", Qt::CaseInsensitive) != 0)
        return std::nullopt;
    const QString t = QString::fromLatin1(header.mid(7).trimmed());
    if (t.isEmpty() || t.size() > 256)
        return std::nullopt;
    const auto user = m_context.store->userForToken(t);
    if (user && token)
        *token = t;
    return user;
}

StatusTextOptions RestApi::restText(const QHttpServerRequest &request) const
{
    StatusTextOptions text;
    text.locale = localeForAcceptLanguage(request.value(QByteArrayLiteral("accept-language")));
    text.zone = m_context.config->textZone;
    text.timeStyle = TimeStyle::TwentyFourHour;
    return text;
}

HttpReply RestApi::healthz(const Call &)
{
    // Cluster mode: a node that lost Redis still serves its own users, but says so (§9).
    if (const QString reason = m_hooks.degradedReason ? m_hooks.degradedReason() : QString();
        !reason.isEmpty())
        return HttpReply::json(503,
                               QJsonObject{{QStringLiteral("status"), QStringLiteral("degraded")},
                                           {QStringLiteral("reason"), reason}});
    return HttpReply::json(200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")}});
}

HttpReply RestApi::metrics(const Call &call)
{
    // Never public on the clients' port (issue 14 item 6): only with --metrics-token, else it
    // is not here at all (see --metrics-listen).
    const QString &token = m_context.config->metricsToken;
    if (token.isEmpty())
        return HttpReply::error(404, QStringLiteral("not found"));
    if (!metricsAuthorized(call.http, token))
        return HttpReply::error(401, QStringLiteral("unauthorized"));
    HttpReply r;
    r.body = m_hooks.metricsText ? m_hooks.metricsText() : QByteArray();
    r.contentType = "text/plain; version=0.0.4; charset=utf-8";
    return r;
}

HttpReply RestApi::pollingTransport(const Call &)
{
    return HttpReply::error(400, QStringLiteral("only the websocket transport is served"));
}

HttpReply RestApi::login(const Call &call)
{
    ServerStore *store = m_context.store;
    const auto body = jsonBody(call.http);
    if (!body || !body->value(QStringLiteral("username")).isString()
        || !body->value(QStringLiteral("password")).isString())
        return HttpReply::error(400, QStringLiteral("expected {\"username\",\"password\"}"));
    const QString username = body->value(QStringLiteral("username")).toString();
    const QString password = body->value(QStringLiteral("password")).toString();
    const QHostAddress address = call.http.remoteAddress();
    if (const qint64 wait = m_throttle->retryAfterMs(username, address); wait > 0) {
        qCWarning(lcServer).noquote() << "login throttled for" << escapedForLog(username.left(64))
                                      << "from" << address.toString() << "for" << wait << "ms";
        HttpReply r = HttpReply::error(429, QStringLiteral("too many login attempts"));
        r.headers.append(
            {QByteArrayLiteral("Retry-After"), QByteArray::number((wait + 999) / 1000)});
        return r;
    }
    if (m_context.passwords && !password.isEmpty() && password.size() <= 1024)
        return loginDeferred(username, password, address);
    const auto user = password.isEmpty() || password.size() > 1024
        ? std::nullopt
        : store->verifyPassword(username, password);
    return finishLogin(username, address, user);
}

HttpReply RestApi::registerUser(const Call &call)
{
    ServerStore *store = m_context.store;
    if (!m_context.config->openRegistration)
        return HttpReply::error(403, QStringLiteral("registration is closed"));
    const auto body = jsonBody(call.http);
    if (!body || !body->value(QStringLiteral("username")).isString()
        || !body->value(QStringLiteral("password")).isString())
        return HttpReply::error(
            400, QStringLiteral("expected {\"username\",\"password\",\"display_name\"}"));
    const QString username = body->value(QStringLiteral("username")).toString();
    const QString password = body->value(QStringLiteral("password")).toString();
    QString displayName = body->value(QStringLiteral("display_name")).toString().trimmed();
    if (displayName.isEmpty())
        displayName = username;
    QString nameError;
    const auto cleanName = Names::cleanDisplayName(displayName, &nameError);
    if (!cleanName)
        return HttpReply::error(400, nameError);
    displayName = *cleanName;
    if (displayName.size() > 128)
        return HttpReply::error(400, QStringLiteral("display_name longer than 128 characters"));
    if (store->userByName(username))
        return HttpReply::error(409, QStringLiteral("username is taken"));
    // Case-insensitive uniqueness (issue 14 item 5): "Alice" is taken when "alice" exists
    // (the store's username_normalized index; this answers before any hashing).
    if (store->userByCanonicalName(username))
        return HttpReply::error(409, QStringLiteral("username is taken"));
    // After the name checks: a taken name is 409 whatever the password.
    const int minPassword = std::max(1, m_context.config->minPasswordChars);
    if (password.size() < minPassword || password.size() > 1024)
        return HttpReply::error(
            400, QStringLiteral("the password must be %1 to 1024 characters").arg(minPassword));
    if (m_context.registrations) {
        if (const qint64 wait = m_context.registrations->take(call.http.remoteAddress());
            wait > 0) {
            HttpReply r = HttpReply::error(429, QStringLiteral("too many registrations"));
            r.headers.append(
                {QByteArrayLiteral("Retry-After"), QByteArray::number((wait + 999) / 1000)});
            return r;
        }
    }
    if (m_context.passwords)
        return registerDeferred(username, displayName, password, call.http.remoteAddress());
    return finishRegister(store->createUser(username, displayName, password));
}

HttpReply RestApi::finishRegister(const Result<UserRow> &row)
{
    ServerStore *store = m_context.store;
    if (!row) {
        switch (row.kind()) {
        case ErrorKind::Conflict: // also when another server process took the name just now
            return HttpReply::error(409, QStringLiteral("username is taken"));
        case ErrorKind::Invalid:
            return HttpReply::error(400, row.error());
        case ErrorKind::Unavailable:
            return HttpReply::error(503, QStringLiteral("the database is not available"));
        default:
            qCWarning(lcServer).noquote() << "registration failed:" << row.error();
            return HttpReply::error(500, QStringLiteral("could not create the account"));
        }
    }
    const QString token = store->issueToken(row->id);
    return HttpReply::json(201,
                           QJsonObject{{QStringLiteral("token"), token},
                                       {QStringLiteral("user_id"), row->id},
                                       {QStringLiteral("username"), row->username},
                                       {QStringLiteral("display_name"), row->displayName}});
}

HttpReply RestApi::userPresence(const Call &call)
{
    const auto id = parsePositiveId(call.segments.at(2));
    if (!id)
        return badId();
    if (!m_context.directory->userExists(*id))
        return HttpReply::error(404, QStringLiteral("unknown user"));
    return HttpReply::json(200,
                           m_context.hub->presenceFor(call.me, *id, restText(call.http)).toJson());
}

HttpReply RestApi::searchUsers(const Call &call)
{
    const QString query
        = call.http.query().queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded);
    if (query.size() > 128)
        return HttpReply::error(400, QStringLiteral("query longer than 128 characters"));
    QJsonArray result;
    const QList<UserRow> rows = m_context.store->searchUsers(query, MaxSearchResults);
    for (const UserRow &row : rows)
        result.append(Wire::userJson(row));
    return HttpReply::json(200, result);
}

QJsonObject RestApi::contactJson(UserId viewer, const UserRow &row, const StatusTextOptions &text)
{
    QJsonObject o = Wire::userJson(row);
    o.insert(QStringLiteral("presence"), m_context.hub->presenceFor(viewer, row.id, text).toJson());
    return o;
}

HttpReply RestApi::contacts(const Call &call)
{
    const StatusTextOptions text = restText(call.http);
    QJsonArray result;
    const QList<UserId> ids = m_context.store->contactsOf(call.me);
    // DESIGN.md §12 "mutual": whether the contact has us on their list too (one query).
    const QList<UserId> listing = m_context.store->listedBy(call.me);
    const QSet<UserId> listedMe(listing.cbegin(), listing.cend());
    for (UserId id : ids) {
        if (const auto row = m_context.store->userById(id)) {
            QJsonObject o = contactJson(call.me, *row, text);
            o.insert(QStringLiteral("mutual"), listedMe.contains(id));
            result.append(o);
        }
    }
    return HttpReply::json(200, result);
}

HttpReply RestApi::addContact(const Call &call)
{
    const auto body = jsonBody(call.http);
    const auto id = body ? Wire::jsonUserId(body->value(QStringLiteral("user_id"))) : std::nullopt;
    if (!id)
        return HttpReply::error(400, QStringLiteral("expected {\"user_id\": positive integer}"));
    if (*id == call.me)
        return HttpReply::error(400, QStringLiteral("you cannot add yourself"));
    const auto row = m_context.store->userById(*id);
    if (!row)
        return HttpReply::error(404, QStringLiteral("unknown user"));
    const auto result = m_context.store->addContact(call.me, *id);
    if (!result) {
        if (result.kind() == ErrorKind::NotFound)
            return HttpReply::error(404, QStringLiteral("unknown user"));
        qCWarning(lcServer).noquote() << "adding contact failed:" << result.error();
        return HttpReply::error(500, QStringLiteral("could not add the contact"));
    }
    const bool added = result.value();
    if (added) {
        m_context.directory->invalidate(call.me);
        m_context.hub->contactsChanged(call.me);
        tellCluster(call.me, ClusterLink::UserChange::Contacts);
    }
    return HttpReply::json(added ? 201 : 200, contactJson(call.me, *row, restText(call.http)));
}

HttpReply RestApi::removeContact(const Call &call)
{
    const auto id = parsePositiveId(call.segments.at(2));
    if (!id)
        return badId();
    if (!m_context.store->removeContact(call.me, *id))
        return HttpReply::error(404, QStringLiteral("not a contact"));
    m_context.directory->invalidate(call.me);
    m_context.hub->contactsChanged(call.me);
    tellCluster(call.me, ClusterLink::UserChange::Contacts);
    return HttpReply::noContent();
}

HttpReply RestApi::me(const Call &call)
{
    const auto row = m_context.store->userById(call.me);
    if (!row)
        return HttpReply::error(401, QStringLiteral("unauthorized"));
    QJsonObject o = Wire::userJson(*row);
    o.insert(QStringLiteral("visibility"), visibilityName(row->visibility));
    // §10: availability, message, expires_at (and last_seen), the user's own truth.
    const QJsonObject status = manualStatusJson(m_context.hub->statusOf(call.me));
    for (auto it = status.begin(); it != status.end(); ++it)
        o.insert(it.key(), it.value());
    o.insert(QStringLiteral("read_receipts"), m_context.store->readReceipts(call.me));
    return HttpReply::json(200, o);
}

HttpReply RestApi::setPrivacy(const Call &call)
{
    const auto body = jsonBody(call.http);
    if (!body)
        return HttpReply::error(400, QStringLiteral("expected a JSON object"));
    // Any of "visibility", "last_seen" (§10) and "read_receipts" (§12), alone or together; all
    // are checked before anything changes.
    const QJsonValue visibilityValue = body->value(QStringLiteral("visibility"));
    const QJsonValue lastSeenValue = body->value(QStringLiteral("last_seen"));
    const QJsonValue receipts = body->value(QStringLiteral("read_receipts"));
    const auto visibility = visibilityFromName(visibilityValue.toString());
    const auto lastSeen = lastSeenPrecisionFromName(lastSeenValue.toString());
    if (!receipts.isUndefined() && !receipts.isBool())
        return HttpReply::error(400, QStringLiteral("read_receipts must be true or false"));
    const bool hasVisibility = !visibilityValue.isUndefined();
    if ((hasVisibility || (lastSeenValue.isUndefined() && receipts.isUndefined()))
        && (!visibilityValue.isString() || !visibility))
        return HttpReply::error(
            400, QStringLiteral("visibility must be \"everyone\", \"contacts\" or \"nobody\""));
    if (!lastSeenValue.isUndefined() && (!lastSeenValue.isString() || !lastSeen))
        return HttpReply::error(400,
                                QStringLiteral("last_seen must be \"exact\" or \"approximate\""));
    QJsonObject answer;
    if (receipts.isBool()) {
        if (!m_context.store->setReadReceipts(call.me, receipts.toBool()))
            return HttpReply::error(500, QStringLiteral("could not store read_receipts"));
        answer.insert(QStringLiteral("read_receipts"), receipts.toBool());
    }
    if (hasVisibility) {
        if (!m_context.store->setVisibility(call.me, *visibility))
            return HttpReply::error(500, QStringLiteral("could not store the visibility"));
        m_context.directory->invalidate(call.me);
        m_context.hub->privacyChanged(call.me);
        tellCluster(call.me, ClusterLink::UserChange::Privacy);
        answer.insert(QStringLiteral("visibility"), visibilityName(*visibility));
    }
    if (lastSeen) {
        m_context.hub->setLastSeenPrecision(call.me, *lastSeen); // tells the cluster itself
        answer.insert(QStringLiteral("last_seen"), lastSeenPrecisionName(*lastSeen));
    }
    return HttpReply::json(200, answer);
}

HttpReply RestApi::logout(const Call &call)
{
    if (call.http.query().hasQueryItem(QStringLiteral("all")))
        return logoutAll(call);
    return logoutOne(call);
}

HttpReply RestApi::logoutOne(const Call &call)
{
    m_context.store->revokeToken(call.token);
    if (m_hooks.closeConnectionsWithToken)
        m_hooks.closeConnectionsWithToken(call.token);
    if (m_context.cluster)
        m_context.cluster->publishTokenRevoked(call.token);
    return HttpReply::noContent();
}

void RestApi::tellCluster(UserId user, ClusterLink::UserChange change)
{
    // The other nodes cache privacy and contacts too: they must drop them at once (§9).
    if (m_context.cluster)
        m_context.cluster->publishUserChanged(user, change);
}

HttpReply RestApi::messages(const Call &call)
{
    const auto id = parsePositiveId(call.segments.at(2));
    if (!id)
        return badId();
    if (!m_context.directory->userExists(*id))
        return HttpReply::error(404, QStringLiteral("unknown user"));
    const QUrlQuery query = call.http.query();
    std::optional<qint64> before;
    if (query.hasQueryItem(QStringLiteral("before"))) {
        before = parsePositiveId(query.queryItemValue(QStringLiteral("before")));
        if (!before)
            return HttpReply::error(400, QStringLiteral("before must be a positive message id"));
    }
    int limit = DefaultHistoryLimit;
    if (query.hasQueryItem(QStringLiteral("limit"))) {
        const auto l = parsePositiveId(query.queryItemValue(QStringLiteral("limit")));
        if (!l || *l > MaxHistoryLimit)
            return HttpReply::error(
                400, QStringLiteral("limit must be between 1 and %1").arg(MaxHistoryLimit));
        limit = int(*l);
    }
    QJsonArray result;
    const QList<MessageRow> rows = m_context.store->messagesBetween(call.me, *id, before, limit);
    for (const MessageRow &row : rows)
        result.append(Receipts::messageFor(m_context.store, m_context.hub, call.me, row));
    return HttpReply::json(200, result);
}

} // namespace SmartFixer
