#include "presenceserver.h"

#include "core/logging.h"
#include "core/presenceinfo.h"
#include "core/statustext.h"
#include "server/httpfront.h"
#include "server/presencehub.h"
#include "server/storedirectory.h"
#include "storage/store.h"

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>

namespace SmartFixer {

namespace {

constexpr int MaxMessageChars = 4000; // DESIGN.md §4, in characters (code points)
constexpr int MaxClientIdChars = 128;
constexpr int MaxSubscribeIds = 1000; // per presence_subscribe call
constexpr int MaxSubscriptionsPerConnection = 10000;
constexpr int DefaultHistoryLimit = 50;
constexpr int MaxHistoryLimit = 200;
constexpr int MaxSearchResults = 50;

using Method = QHttpServerRequest::Method;

//! A positive 64-bit id from a path segment or query value: digits only.
std::optional<qint64> parsePositiveId(QStringView text)
{
    if (text.isEmpty() || text.size() > 19)
        return std::nullopt;
    for (QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
    }
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value <= 0)
        return std::nullopt;
    return value;
}

//! A user id in a JSON payload: an integral number, or a string of digits.
std::optional<UserId> jsonUserId(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        const qint64 i = value.toInteger(-1);
        if (i > 0 && double(i) == d)
            return i;
        return std::nullopt;
    }
    if (value.isString())
        return parsePositiveId(value.toString());
    return std::nullopt;
}

QJsonObject errorObject(const QString &message)
{
    return QJsonObject{{QStringLiteral("error"), message}};
}

QJsonObject messageJson(const MessageRow &m)
{
    return QJsonObject{
        {QStringLiteral("id"), m.id},
        {QStringLiteral("from"), m.from},
        {QStringLiteral("to"), m.to},
        {QStringLiteral("text"), m.text},
        {QStringLiteral("sent_at"), toIsoUtc(m.sentAtMs)},
        {QStringLiteral("client_id"),
         m.clientId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(m.clientId)},
    };
}

QJsonObject userJson(const UserRow &u)
{
    return QJsonObject{{QStringLiteral("user_id"), u.id},
                       {QStringLiteral("username"), u.username},
                       {QStringLiteral("display_name"), u.displayName}};
}

//! Local delivery: events go straight to this process's SioConnections.
class SioDelivery final : public Delivery
{
public:
    void deliver(ConnectionId connection, const QString &event, const QJsonValue &payload) override
    {
        const auto it = connections.constFind(connection);
        if (it == connections.cend() || !*it)
            return;
        (*it)->emitEvent(event, payload);
        ++eventsOut;
    }
    QHash<ConnectionId, QPointer<SioConnection>> connections;
    quint64 eventsOut = 0;
};

} // namespace

struct PresenceServer::Private
{
    PresenceServer *q = nullptr;
    ServerConfig config;
    Clock *clock = nullptr;
    bool running = false;

    std::unique_ptr<Store> store;
    std::unique_ptr<StoreDirectory> directory;
    std::unique_ptr<InMemoryPresenceRegistry> registry;
    SioDelivery delivery;
    std::unique_ptr<PresenceHub> hub;
    std::unique_ptr<SioServer> sio;
    std::unique_ptr<HttpFront> http;
    QPointer<HttpListener> tcp;
    std::unique_ptr<LoginThrottle> throttle;

    QHash<SioConnection *, ConnectionId> idOf;

    quint64 httpAborted() const
    {
        const HttpListener *listener = tcp.data();
        return listener ? listener->aborted() : 0;
    }
    ConnectionId nextConnectionId = 0;

    // Counters for /metrics.
    quint64 eventsIn = 0;
    quint64 acksOut = 0;
    quint64 messagesStored = 0;
    quint64 httpRequests = 0;
    quint64 loginFailures = 0;

    StatusTextOptions restText(const QHttpServerRequest &request) const
    {
        StatusTextOptions text;
        text.locale = localeForAcceptLanguage(request.value(QByteArrayLiteral("accept-language")));
        text.zone = config.textZone;
        text.timeStyle = TimeStyle::TwentyFourHour;
        return text;
    }

    // --- sockets --------------------------------------------------------------------------
    void onConnected(SioConnection *connection);
    void onDisconnected(SioConnection *connection, const QString &reason);
    void onEvent(SioConnection *connection, const QString &name, const QJsonValue &payload,
                 std::optional<qint64> ackId);
    void ack(SioConnection *connection, std::optional<qint64> ackId, const QJsonValue &payload)
    {
        if (!ackId)
            return;
        connection->sendAck(*ackId, payload);
        ++acksOut;
    }
    QJsonValue sendMessage(SioConnection *connection, ConnectionId id, const QJsonValue &payload);
    QJsonValue typing(SioConnection *connection, const QJsonValue &payload);
    QJsonValue subscribe(ConnectionId id, const QJsonValue &payload);
    void closeConnectionsWithToken(const QString &token);

    // --- REST -----------------------------------------------------------------------------
    HttpReply handle(const QHttpServerRequest &request);
    std::optional<UserId> authenticate(const QHttpServerRequest &request, QString *token) const;
    HttpReply login(const QHttpServerRequest &request);
    HttpReply registerUser(const QHttpServerRequest &request);
    HttpReply userPresence(const QHttpServerRequest &request, UserId me, QStringView idText);
    HttpReply searchUsers(const QHttpServerRequest &request);
    HttpReply contacts(const QHttpServerRequest &request, UserId me);
    HttpReply addContact(const QHttpServerRequest &request, UserId me);
    HttpReply removeContact(UserId me, QStringView idText);
    HttpReply me(UserId me);
    HttpReply setPrivacy(const QHttpServerRequest &request, UserId me);
    HttpReply logout(const QString &token);
    HttpReply messages(const QHttpServerRequest &request, UserId me, QStringView idText);
    QJsonObject contactJson(UserId viewer, const UserRow &row, const StatusTextOptions &text);
};

PresenceServer::PresenceServer(const ServerConfig &config, Clock *clock, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>())
{
    d->q = this;
    d->config = config;
    d->clock = clock ? clock : Clock::system();
}

PresenceServer::~PresenceServer()
{
    stop();
}

bool PresenceServer::start(QString *error)
{
    auto fail = [&](const QString &message) {
        if (error)
            *error = message; // the caller reports it (smartfixer-server prints it once)
        else
            qCWarning(lcServer).noquote() << message;
        stop();
        return false;
    };
    if (d->running)
        return true;

    d->store = std::make_unique<Store>(d->config.databasePath);
    QString dbError;
    if (!d->store->open(&dbError))
        return fail(dbError.contains(d->config.databasePath)
                        ? dbError
                        : QStringLiteral("cannot open database %1: %2")
                              .arg(d->config.databasePath, dbError));
    d->directory = std::make_unique<StoreDirectory>(d->store.get());
    d->registry = std::make_unique<InMemoryPresenceRegistry>();
    d->hub = std::make_unique<PresenceHub>(d->clock, d->registry.get(), d->directory.get(),
                                           &d->delivery, d->config.activeWindowMs);
    StatusTextOptions text = d->hub->textOptions();
    text.zone = d->config.textZone;
    d->hub->setTextOptions(text);
    d->throttle = std::make_unique<LoginThrottle>(d->clock, d->config.loginThrottle);

    Store *store = d->store.get();
    d->sio = std::make_unique<SioServer>(
        d->config.limits,
        [store](const QJsonValue &auth, QString *token) -> std::optional<UserId> {
            const QString t = auth.toObject().value(QStringLiteral("token")).toString();
            if (t.isEmpty() || t.size() > 256)
                return std::nullopt;
            const auto user = store->userForToken(t);
            if (user && token)
                *token = t;
            return user;
        },
        nullptr, d->clock);
    connect(d->sio.get(), &SioServer::clientConnected, this,
            [this](SioConnection *c) { d->onConnected(c); });
    connect(d->sio.get(), &SioServer::clientDisconnected, this,
            [this](SioConnection *c, const QString &reason) { d->onDisconnected(c, reason); });
    connect(d->sio.get(), &SioServer::eventReceived, this,
            [this](SioConnection *c, const QString &name, const QJsonValue &payload,
                   std::optional<qint64> ackId) { d->onEvent(c, name, payload, ackId); });

    d->http = std::make_unique<HttpFront>(
        [this](const QHttpServerRequest &request) { return d->handle(request); });
    // A request may be a body of maxBodyBytes plus headers; anything far beyond is cut off
    // before Qt buffers it (the handler still answers 413 for bodies just over the limit).
    auto *tcp = new HttpListener(d->config.maxBodyBytes + 64 * 1024, d->config.httpIdleTimeoutMs,
                                 d->http.get());
    // Connections the HTTP side has not taken yet; Qt's default of 30 drops bursts.
    tcp->setMaxPendingConnections(1024);
    // The kernel's accept queue too: Qt's default backlog of 50 makes a burst of 200
    // concurrent connects wait for SYN retransmits (handshake p99 of 1.4 s in the benchmark).
    tcp->setListenBacklogSize(1024);
    if (!tcp->listen(d->config.listenAddress, d->config.port)) {
        return fail(QStringLiteral("cannot listen on %1:%2: %3")
                        .arg(d->config.listenAddress.toString())
                        .arg(d->config.port)
                        .arg(tcp->errorString()));
    }
    d->http->bind(tcp);
    d->tcp = tcp;
    d->sio->attach(d->http.get());
    d->running = true;
    qCInfo(lcServer).noquote() << "serving" << url().toString() << "database"
                               << d->config.databasePath;
    return true;
}

void PresenceServer::stop()
{
    if (!d->store && !d->http && !d->sio)
        return;
    const bool wasRunning = d->running;
    d->running = false;
    if (d->sio)
        d->sio->closeAll(QStringLiteral("server shutting down"));
    if (HttpListener *tcp = d->tcp.data()) {
        tcp->close();
        // Open keep-alive HTTP connections outlive the listener until the deferred delete
        // below; end them now, so no request of theirs reaches a stopped (or deleted) server.
        const auto sockets = tcp->findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly);
        for (QTcpSocket *socket : sockets)
            socket->abort();
    }
    // Connections that SioServer has not reported as gone yet count as gone now.
    const auto remaining = d->idOf;
    for (auto it = remaining.cbegin(); it != remaining.cend(); ++it) {
        if (d->hub)
            d->hub->connectionClosed(it.value());
    }
    d->idOf.clear();
    d->delivery.connections.clear();
    if (d->sio) {
        d->sio->disconnect(this);
        // Delete later: we may be inside one of its signals.
        d->sio.release()->deleteLater();
    }
    if (d->http) {
        d->http->detachHandler(); // its handler points at us
        d->http.release()->deleteLater();
    }
    d->hub.reset();
    d->registry.reset();
    d->directory.reset();
    if (d->store) {
        d->store->flush();
        d->store->close();
        d->store.reset();
    }
    d->throttle.reset();
    if (wasRunning) {
        qCInfo(lcServer) << "stopped";
        Q_EMIT stopped();
    }
}

bool PresenceServer::isRunning() const
{
    return d->running;
}

quint16 PresenceServer::serverPort() const
{
    const HttpListener *tcp = d->tcp.data();
    return tcp ? tcp->serverPort() : 0;
}

QHostAddress PresenceServer::serverAddress() const
{
    const HttpListener *tcp = d->tcp.data();
    return tcp ? tcp->serverAddress() : d->config.listenAddress;
}

QUrl PresenceServer::url() const
{
    QUrl u;
    u.setScheme(QStringLiteral("http"));
    u.setHost(serverAddress().toString());
    u.setPort(serverPort());
    return u;
}

const ServerConfig &PresenceServer::config() const
{
    return d->config;
}

Store *PresenceServer::store() const
{
    return d->store.get();
}

PresenceHub *PresenceServer::hub() const
{
    return d->hub.get();
}

SioServer *PresenceServer::transport() const
{
    return d->sio.get();
}

QByteArray PresenceServer::metricsText() const
{
    QByteArray out;
    auto metric = [&out](const char *name, const char *type, const char *help, quint64 value) {
        out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n'
            + name + ' ' + QByteArray::number(value) + '\n';
    };
    const HubStats hub = d->hub ? d->hub->stats() : HubStats{};
    metric("smartfixer_connections", "gauge", "Live authenticated Socket.IO connections.",
           d->hub ? quint64(d->hub->connectionCount()) : 0);
    metric("smartfixer_users_online", "gauge", "Users with at least one live connection.",
           d->hub ? quint64(d->hub->onlineUserCount()) : 0);
    metric("smartfixer_events_in_total", "counter", "Socket.IO events received.", d->eventsIn);
    metric("smartfixer_events_out_total", "counter", "Socket.IO events and acks sent.",
           d->delivery.eventsOut + d->acksOut);
    metric("smartfixer_presence_updates_total", "counter", "user_presence_update events sent.",
           hub.presenceUpdates);
    metric("smartfixer_presence_snapshots_total", "counter", "presence_snapshot events sent.",
           hub.snapshots);
    metric("smartfixer_time_driven_changes_total", "counter",
           "Presence deadlines (active window ends) processed.", hub.timeDrivenChanges);
    metric("smartfixer_messages_stored_total", "counter", "Chat messages stored.",
           d->messagesStored);
    metric("smartfixer_http_requests_total", "counter", "HTTP requests answered.", d->httpRequests);
    metric("smartfixer_http_connections_aborted_total", "counter",
           "HTTP connections cut off for an oversized or too slow request.", d->httpAborted());
    metric("smartfixer_login_failures_total", "counter", "Failed logins.", d->loginFailures);
    metric("smartfixer_login_lockouts_total", "counter", "Login lockouts started.",
           d->throttle ? d->throttle->lockouts() : 0);
    const TransportStats t = d->sio ? d->sio->stats() : TransportStats{};
    metric("smartfixer_transport_handshakes_total", "counter", "Authenticated CONNECTs.",
           t.handshakes);
    metric("smartfixer_transport_auth_failures_total", "counter", "Refused CONNECTs.",
           t.authFailures);
    metric("smartfixer_transport_frames_in_total", "counter", "WebSocket frames received.",
           t.framesIn);
    metric("smartfixer_transport_frames_out_total", "counter", "WebSocket frames sent.",
           t.framesOut);
    metric("smartfixer_transport_protocol_errors_total", "counter",
           "Connections closed for malformed, binary or oversized frames.", t.protocolErrors);
    metric("smartfixer_transport_rate_limited_total", "counter",
           "Events dropped by the per-connection rate limit.", t.rateLimited);
    metric("smartfixer_transport_slow_reader_drops_total", "counter",
           "Connections closed because their send buffer overflowed.", t.slowReaderDrops);
    metric("smartfixer_transport_handshake_timeouts_total", "counter",
           "Connections closed before authenticating in time.", t.handshakeTimeouts);
    metric("smartfixer_transport_ping_timeouts_total", "counter",
           "Connections closed for a missed pong.", t.pingTimeouts);
    return out;
}

// --- sockets ------------------------------------------------------------------------------

void PresenceServer::Private::onConnected(SioConnection *connection)
{
    const ConnectionId id = ++nextConnectionId;
    idOf.insert(connection, id);
    delivery.connections.insert(id, connection);
    qCDebug(lcServer) << "user" << connection->userId() << "connected as" << id;
    hub->connectionOpened(id, connection->userId());
}

void PresenceServer::Private::onDisconnected(SioConnection *connection, const QString &reason)
{
    const auto it = idOf.find(connection);
    if (it == idOf.end())
        return;
    const ConnectionId id = it.value();
    idOf.erase(it);
    delivery.connections.remove(id);
    qCDebug(lcServer) << "connection" << id << "gone:" << reason;
    if (hub)
        hub->connectionClosed(id);
}

void PresenceServer::Private::onEvent(SioConnection *connection, const QString &name,
                                      const QJsonValue &payload, std::optional<qint64> ackId)
{
    const auto it = idOf.constFind(connection);
    if (it == idOf.cend() || !hub)
        return;
    const ConnectionId id = it.value();
    ++eventsIn;
    if (name == QLatin1String("user_activity")) {
        hub->activity(connection->userId());
        ack(connection, ackId, QJsonObject{});
    } else if (name == QLatin1String("presence_subscribe")) {
        ack(connection, ackId, subscribe(id, payload));
    } else if (name == QLatin1String("send_message")) {
        const QJsonValue result = sendMessage(connection, id, payload);
        ack(connection, ackId, result);
    } else if (name == QLatin1String("typing")) {
        ack(connection, ackId, typing(connection, payload));
    } else {
        // Newer clients may send events we do not know: ignore them (DESIGN.md §7).
        qCDebug(lcServer) << "unknown event" << name << "from connection" << id;
        ack(connection, ackId, errorObject(QStringLiteral("unknown event")));
    }
}

QJsonValue PresenceServer::Private::subscribe(ConnectionId id, const QJsonValue &payload)
{
    const QJsonValue ids = payload.toObject().value(QStringLiteral("user_ids"));
    if (!payload.isObject() || !ids.isArray())
        return errorObject(QStringLiteral("user_ids must be an array of user ids"));
    const QJsonArray array = ids.toArray();
    if (array.size() > MaxSubscribeIds)
        return errorObject(QStringLiteral("at most %1 user_ids per call").arg(MaxSubscribeIds));
    QList<UserId> users;
    for (const QJsonValue &v : array) {
        if (const auto user = jsonUserId(v))
            users.append(*user); // anything else is not a known user: left out
    }
    if (hub->subscriptionCount(id) + hub->newSubscriptions(id, users)
        > MaxSubscriptionsPerConnection)
        return errorObject(QStringLiteral("too many subscriptions on this connection"));
    QJsonArray result;
    const QList<PresenceInfo> infos = hub->subscribe(id, users);
    for (const PresenceInfo &info : infos)
        result.append(info.toJson());
    return QJsonObject{{QStringLiteral("users"), result}};
}

QJsonValue PresenceServer::Private::sendMessage(SioConnection *connection, ConnectionId id,
                                                const QJsonValue &payload)
{
    if (!payload.isObject())
        return errorObject(QStringLiteral("payload must be an object"));
    const QJsonObject o = payload.toObject();
    const UserId me = connection->userId();
    const auto to = jsonUserId(o.value(QStringLiteral("to")));
    if (!to)
        return errorObject(QStringLiteral("\"to\" must be a user id"));
    if (*to == me || !directory->userExists(*to))
        return errorObject(QStringLiteral("unknown recipient"));
    const QJsonValue textValue = o.value(QStringLiteral("text"));
    if (!textValue.isString())
        return errorObject(QStringLiteral("\"text\" must be a string"));
    const QString text = textValue.toString();
    if (text.trimmed().isEmpty())
        return errorObject(QStringLiteral("empty text"));
    if (text.toUcs4().size() > MaxMessageChars)
        return errorObject(QStringLiteral("text longer than %1 characters").arg(MaxMessageChars));
    const QJsonValue clientIdValue = o.value(QStringLiteral("client_id"));
    QString clientId;
    if (clientIdValue.isString())
        clientId = clientIdValue.toString();
    else if (!clientIdValue.isUndefined() && !clientIdValue.isNull())
        return errorObject(QStringLiteral("\"client_id\" must be a string"));
    if (clientId.size() > MaxClientIdChars)
        return errorObject(QStringLiteral("client_id longer than %1").arg(MaxClientIdChars));

    hub->activity(me);
    bool duplicate = false;
    QString error;
    const auto row
        = store->storeMessage(me, *to, text, clientId, clock->nowMs(), &duplicate, &error);
    if (!row) {
        qCWarning(lcServer).noquote() << "could not store a message from" << me << ":" << error;
        return errorObject(QStringLiteral("could not store the message"));
    }
    if (!duplicate) {
        ++messagesStored;
        const QJsonObject message = messageJson(*row);
        const QList<ConnectionId> recipients = hub->connectionsOf(*to);
        for (ConnectionId c : recipients)
            delivery.deliver(c, QStringLiteral("new_message"), message);
        const QList<ConnectionId> own = hub->connectionsOf(me);
        for (ConnectionId c : own) {
            if (c != id)
                delivery.deliver(c, QStringLiteral("new_message"), message);
        }
    }
    return QJsonObject{{QStringLiteral("id"), row->id},
                       {QStringLiteral("sent_at"), toIsoUtc(row->sentAtMs)}};
}

QJsonValue PresenceServer::Private::typing(SioConnection *connection, const QJsonValue &payload)
{
    const auto to = jsonUserId(payload.toObject().value(QStringLiteral("to")));
    if (!payload.isObject() || !to)
        return errorObject(QStringLiteral("\"to\" must be a user id"));
    const UserId me = connection->userId();
    hub->activity(me);
    if (*to != me) {
        const QList<ConnectionId> recipients = hub->connectionsOf(*to);
        for (ConnectionId c : recipients)
            delivery.deliver(c, QStringLiteral("typing"),
                             QJsonObject{{QStringLiteral("from"), me}});
    }
    return QJsonObject{};
}

void PresenceServer::Private::closeConnectionsWithToken(const QString &token)
{
    QList<QPointer<SioConnection>> victims;
    for (auto it = idOf.cbegin(); it != idOf.cend(); ++it) {
        if (it.key()->token() == token)
            victims.append(it.key());
    }
    for (const auto &c : std::as_const(victims)) {
        if (c)
            c->close(QStringLiteral("logged out"));
    }
}

// --- REST ---------------------------------------------------------------------------------

std::optional<UserId> PresenceServer::Private::authenticate(const QHttpServerRequest &request,
                                                            QString *token) const
{
    const QByteArray header = request.value(QByteArrayLiteral("authorization")).trimmed();
    if (header.size() < 8 || header.left(7).compare("Bearer ", Qt::CaseInsensitive) != 0)
        return std::nullopt;
    const QString t = QString::fromLatin1(header.mid(7).trimmed());
    if (t.isEmpty() || t.size() > 256)
        return std::nullopt;
    const auto user = store->userForToken(t);
    if (user && token)
        *token = t;
    return user;
}

HttpReply PresenceServer::Private::handle(const QHttpServerRequest &request)
{
    ++httpRequests;
    if (!running || !store)
        return HttpReply::error(503, QStringLiteral("server is shutting down"));
    const QString path = request.url().path();
    const Method method = request.method();
    if (request.body().size() > config.maxBodyBytes)
        return HttpReply::error(413, QStringLiteral("request body too large"));

    // Route: which handler, which methods it allows, whether it needs a token.
    const QStringList parts = path.split(QLatin1Char('/'));
    // parts[0] is "" for a path that starts with '/'.
    auto is = [&](std::initializer_list<const char *> segments) {
        if (parts.size() != qsizetype(segments.size()) + 1 || !parts.first().isEmpty())
            return false;
        int i = 1;
        for (const char *s : segments) {
            if (s[0] != '*' && parts.at(i) != QLatin1String(s))
                return false;
            ++i;
        }
        return true;
    };
    auto methodNotAllowed = [](QByteArray allow) {
        HttpReply r = HttpReply::error(405, QStringLiteral("method not allowed"));
        r.headers.append({QByteArrayLiteral("Allow"), allow});
        return r;
    };

    if (is({"healthz"})) {
        if (method != Method::Get && method != Method::Head)
            return methodNotAllowed("GET");
        return HttpReply::json(200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")}});
    }
    if (is({"metrics"})) {
        if (method != Method::Get && method != Method::Head)
            return methodNotAllowed("GET");
        HttpReply r;
        r.body = q->metricsText();
        r.contentType = "text/plain; version=0.0.4; charset=utf-8";
        return r;
    }
    if (is({"socket.io", ""}))
        return HttpReply::error(400, QStringLiteral("only the websocket transport is served"));
    if (is({"api", "login"}))
        return method == Method::Post ? login(request) : methodNotAllowed("POST");
    if (is({"api", "register"}))
        return method == Method::Post ? registerUser(request) : methodNotAllowed("POST");

    // Everything else needs a token; the route (and method) is known before the token is
    // checked, so an unknown path is 404 and a wrong method 405 for anybody.
    enum class Route { None, Presence, Users, Contacts, Contact, Me, Privacy, Logout, Messages };
    struct RouteSpec
    {
        std::initializer_list<const char *> path; // "*" matches one segment
        Route route;
        QHttpServerRequest::Methods allowed;
        const char *allow; // the Allow header of a 405
    };
    using M = QHttpServerRequest::Methods;
    static const RouteSpec routes[] = {
        {{"api", "user-presence", "*"}, Route::Presence, M(Method::Get), "GET"},
        {{"api", "users"}, Route::Users, M(Method::Get), "GET"},
        {{"api", "contacts"}, Route::Contacts, M(Method::Get) | Method::Post, "GET, POST"},
        {{"api", "contacts", "*"}, Route::Contact, M(Method::Delete), "DELETE"},
        {{"api", "me"}, Route::Me, M(Method::Get), "GET"},
        {{"api", "me", "privacy"}, Route::Privacy, M(Method::Put), "PUT"},
        {{"api", "logout"}, Route::Logout, M(Method::Post), "POST"},
        {{"api", "messages", "*"}, Route::Messages, M(Method::Get), "GET"},
    };
    Route route = Route::None;
    QHttpServerRequest::Methods allowed;
    QByteArray allow;
    for (const RouteSpec &spec : routes) {
        if (is(spec.path)) {
            route = spec.route;
            allowed = spec.allowed;
            allow = spec.allow;
            break;
        }
    }
    if (route == Route::None)
        return HttpReply::error(404, QStringLiteral("not found"));
    if (!allowed.testFlag(method))
        return methodNotAllowed(allow);

    QString token;
    const auto me = authenticate(request, &token);
    if (!me)
        return HttpReply::error(401, QStringLiteral("unauthorized"));

    switch (route) {
    case Route::Presence:
        return userPresence(request, *me, parts.at(3));
    case Route::Users:
        return searchUsers(request);
    case Route::Contacts:
        return method == Method::Get ? contacts(request, *me) : addContact(request, *me);
    case Route::Contact:
        return removeContact(*me, parts.at(3));
    case Route::Me:
        return this->me(*me);
    case Route::Privacy:
        return setPrivacy(request, *me);
    case Route::Logout:
        return logout(token);
    case Route::Messages:
        return messages(request, *me, parts.at(3));
    case Route::None:
        break;
    }
    return HttpReply::error(404, QStringLiteral("not found"));
}

static std::optional<QJsonObject> jsonBody(const QHttpServerRequest &request)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

HttpReply PresenceServer::Private::login(const QHttpServerRequest &request)
{
    const auto body = jsonBody(request);
    if (!body || !body->value(QStringLiteral("username")).isString()
        || !body->value(QStringLiteral("password")).isString())
        return HttpReply::error(400, QStringLiteral("expected {\"username\",\"password\"}"));
    const QString username = body->value(QStringLiteral("username")).toString();
    const QString password = body->value(QStringLiteral("password")).toString();
    const QHostAddress address = request.remoteAddress();
    if (const qint64 wait = throttle->retryAfterMs(username, address); wait > 0) {
        qCWarning(lcServer).noquote() << "login throttled for" << username.left(64) << "from"
                                      << address.toString() << "for" << wait << "ms";
        HttpReply r = HttpReply::error(429, QStringLiteral("too many login attempts"));
        r.headers.append(
            {QByteArrayLiteral("Retry-After"), QByteArray::number((wait + 999) / 1000)});
        return r;
    }
    const auto user = password.isEmpty() || password.size() > 1024
        ? std::nullopt
        : store->verifyPassword(username, password);
    if (!user) {
        ++loginFailures;
        if (const qint64 lockout = throttle->recordFailure(username, address); lockout > 0) {
            qCWarning(lcServer).noquote() << "login lockout for" << username.left(64) << "from"
                                          << address.toString() << "for" << lockout << "ms";
        }
        return HttpReply::error(401, QStringLiteral("invalid username or password"));
    }
    throttle->recordSuccess(username, address);
    const auto row = store->userById(*user);
    const QString token = store->issueToken(*user);
    if (!row || token.isEmpty())
        return HttpReply::error(500, QStringLiteral("could not issue a token"));
    return HttpReply::json(200,
                           QJsonObject{{QStringLiteral("token"), token},
                                       {QStringLiteral("user_id"), *user},
                                       {QStringLiteral("display_name"), row->displayName}});
}

HttpReply PresenceServer::Private::registerUser(const QHttpServerRequest &request)
{
    if (!config.openRegistration)
        return HttpReply::error(403, QStringLiteral("registration is closed"));
    const auto body = jsonBody(request);
    if (!body || !body->value(QStringLiteral("username")).isString()
        || !body->value(QStringLiteral("password")).isString())
        return HttpReply::error(
            400, QStringLiteral("expected {\"username\",\"password\",\"display_name\"}"));
    const QString username = body->value(QStringLiteral("username")).toString();
    const QString password = body->value(QStringLiteral("password")).toString();
    QString displayName = body->value(QStringLiteral("display_name")).toString().trimmed();
    if (displayName.isEmpty())
        displayName = username;
    if (password.isEmpty() || password.size() > 1024)
        return HttpReply::error(400, QStringLiteral("the password must be 1 to 1024 characters"));
    if (displayName.size() > 128)
        return HttpReply::error(400, QStringLiteral("display_name longer than 128 characters"));
    if (store->userByName(username))
        return HttpReply::error(409, QStringLiteral("username is taken"));
    QString error;
    const auto row = store->createUser(username, displayName, password, &error);
    if (!row) {
        if (store->userByName(username))
            return HttpReply::error(409, QStringLiteral("username is taken"));
        return HttpReply::error(400, error);
    }
    const QString token = store->issueToken(row->id);
    return HttpReply::json(201,
                           QJsonObject{{QStringLiteral("token"), token},
                                       {QStringLiteral("user_id"), row->id},
                                       {QStringLiteral("username"), row->username},
                                       {QStringLiteral("display_name"), row->displayName}});
}

HttpReply PresenceServer::Private::userPresence(const QHttpServerRequest &request, UserId me,
                                                QStringView idText)
{
    const auto id = parsePositiveId(idText);
    if (!id)
        return HttpReply::error(400, QStringLiteral("user id must be a positive integer"));
    if (!directory->userExists(*id))
        return HttpReply::error(404, QStringLiteral("unknown user"));
    return HttpReply::json(200, hub->presenceFor(me, *id, restText(request)).toJson());
}

HttpReply PresenceServer::Private::searchUsers(const QHttpServerRequest &request)
{
    const QString query
        = request.query().queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded);
    if (query.size() > 128)
        return HttpReply::error(400, QStringLiteral("query longer than 128 characters"));
    QJsonArray result;
    const QList<UserRow> rows = store->searchUsers(query, MaxSearchResults);
    for (const UserRow &row : rows)
        result.append(userJson(row));
    return HttpReply::json(200, result);
}

QJsonObject PresenceServer::Private::contactJson(UserId viewer, const UserRow &row,
                                                 const StatusTextOptions &text)
{
    QJsonObject o = userJson(row);
    o.insert(QStringLiteral("presence"), hub->presenceFor(viewer, row.id, text).toJson());
    return o;
}

HttpReply PresenceServer::Private::contacts(const QHttpServerRequest &request, UserId me)
{
    const StatusTextOptions text = restText(request);
    QJsonArray result;
    const QList<UserId> ids = store->contactsOf(me);
    for (UserId id : ids) {
        if (const auto row = store->userById(id))
            result.append(contactJson(me, *row, text));
    }
    return HttpReply::json(200, result);
}

HttpReply PresenceServer::Private::addContact(const QHttpServerRequest &request, UserId me)
{
    const auto body = jsonBody(request);
    const auto id = body ? jsonUserId(body->value(QStringLiteral("user_id"))) : std::nullopt;
    if (!id)
        return HttpReply::error(400, QStringLiteral("expected {\"user_id\": positive integer}"));
    if (*id == me)
        return HttpReply::error(400, QStringLiteral("you cannot add yourself"));
    const auto row = store->userById(*id);
    if (!row)
        return HttpReply::error(404, QStringLiteral("unknown user"));
    QString error;
    const bool added = store->addContact(me, *id, &error);
    if (!added && !error.isEmpty()) {
        qCWarning(lcServer).noquote() << "adding contact failed:" << error;
        return HttpReply::error(500, QStringLiteral("could not add the contact"));
    }
    if (added) {
        directory->invalidate(me);
        hub->contactsChanged(me);
    }
    return HttpReply::json(added ? 201 : 200, contactJson(me, *row, restText(request)));
}

HttpReply PresenceServer::Private::removeContact(UserId me, QStringView idText)
{
    const auto id = parsePositiveId(idText);
    if (!id)
        return HttpReply::error(400, QStringLiteral("user id must be a positive integer"));
    if (!store->removeContact(me, *id))
        return HttpReply::error(404, QStringLiteral("not a contact"));
    directory->invalidate(me);
    hub->contactsChanged(me);
    return HttpReply::noContent();
}

HttpReply PresenceServer::Private::me(UserId me)
{
    const auto row = store->userById(me);
    if (!row)
        return HttpReply::error(401, QStringLiteral("unauthorized"));
    QJsonObject o = userJson(*row);
    o.insert(QStringLiteral("visibility"), visibilityName(row->visibility));
    return HttpReply::json(200, o);
}

HttpReply PresenceServer::Private::setPrivacy(const QHttpServerRequest &request, UserId me)
{
    const auto body = jsonBody(request);
    const auto visibility = body
        ? visibilityFromName(body->value(QStringLiteral("visibility")).toString())
        : std::nullopt;
    if (!visibility)
        return HttpReply::error(
            400, QStringLiteral("visibility must be \"everyone\", \"contacts\" or \"nobody\""));
    if (!store->setVisibility(me, *visibility))
        return HttpReply::error(500, QStringLiteral("could not store the visibility"));
    directory->invalidate(me);
    hub->privacyChanged(me);
    return HttpReply::json(
        200, QJsonObject{{QStringLiteral("visibility"), visibilityName(*visibility)}});
}

HttpReply PresenceServer::Private::logout(const QString &token)
{
    store->revokeToken(token);
    closeConnectionsWithToken(token);
    return HttpReply::noContent();
}

HttpReply PresenceServer::Private::messages(const QHttpServerRequest &request, UserId me,
                                            QStringView idText)
{
    const auto id = parsePositiveId(idText);
    if (!id)
        return HttpReply::error(400, QStringLiteral("user id must be a positive integer"));
    if (!directory->userExists(*id))
        return HttpReply::error(404, QStringLiteral("unknown user"));
    const QUrlQuery query = request.query();
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
    const QList<MessageRow> rows = store->messagesBetween(me, *id, before, limit);
    for (const MessageRow &row : rows)
        result.append(messageJson(row));
    return HttpReply::json(200, result);
}

} // namespace SmartFixer
