#include "presenceserver.h"

#include "core/logging.h"
#include "server/clusterlink.h"
#include "server/httpfront.h"
#include "server/metricsendpoint.h"
#include "server/presencehub.h"
#include "server/restapi.h"
#include "server/servermetrics.h"
#include "server/socketevents.h"
#include "server/storedirectory.h"
#include "storage/store.h"

#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace SmartFixer {

struct PresenceServer::Private
{
    ServerConfig config;
    Clock *clock = nullptr;
    ServerBackends backends; // what the next start() uses instead of the defaults
    bool running = false;

    // The parts of a running server, in the order start() builds them.
    ServerCounters counters;
    std::unique_ptr<ServerStore> store;
    std::unique_ptr<StoreDirectory> directory;
    std::unique_ptr<ClusterLink> cluster;
    std::unique_ptr<PresenceRegistry> ownRegistry; // the in-process default
    PresenceRegistry *registry = nullptr; // ownRegistry's or the cluster's
    std::unique_ptr<LocalDelivery> local;
    std::unique_ptr<Delivery> delivery; // a backend's wrapper around `local`, if any
    std::unique_ptr<PresenceHub> hub;
    std::unique_ptr<LoginThrottle> throttle;
    std::unique_ptr<RegistrationLimit> registrations;
    std::unique_ptr<PasswordWorkers> passwords; // goes first in stop(): its callbacks use rest
    std::unique_ptr<SocketEvents> events;
    std::unique_ptr<RestApi> rest;
    std::unique_ptr<SioServer> sio;
    std::unique_ptr<HttpFront> http;
    QPointer<HttpListener> tcp;
    std::unique_ptr<MetricsEndpoint> metrics; // --metrics-listen
    //! Re-checks the live connections' tokens (config.tokenRecheckMs; real time, since it
    //! waits for other processes' database writes, not for presence time).
    std::unique_ptr<QTimer> tokenRecheck;

    Delivery *outgoing() const { return delivery ? delivery.get() : local.get(); }
    ServerContext context() const
    {
        ServerContext c{&config,         clock,     store.get(),
                        directory.get(), hub.get(), const_cast<ServerCounters *>(&counters)};
        c.passwords = passwords.get();
        c.registrations = registrations.get();
        c.cluster = cluster.get();
        return c;
    }
};

PresenceServer::PresenceServer(const ServerConfig &config, Clock *clock, QObject *parent)
    : PresenceServer(config, ServerBackends{}, clock, parent)
{ }

PresenceServer::PresenceServer(const ServerConfig &config, ServerBackends backends, Clock *clock,
                               QObject *parent)
    : QObject(parent), d(std::make_unique<Private>())
{
    d->config = config;
    d->clock = clock ? clock : Clock::system();
    d->backends = std::move(backends);
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
    // TLS files first: a bad certificate stops the server before it touches the database.
    std::optional<QSslConfiguration> tls;
    if (d->config.tls.enabled()) {
        auto loaded = loadServerTls(d->config.tls);
        if (!loaded)
            return fail(loaded.error());
        tls = std::move(loaded).value();
    }

    // Backends: the given ones, else the embedded defaults.
    d->store = d->backends.store ? std::move(d->backends.store)
                                 : std::make_unique<Store>(d->config.databasePath);
    d->store->setClock(d->clock); // created_at, added_at, … follow the server's (demo) clock
    d->store->setTokenPolicy(d->config.tokens);
    d->cluster = std::move(d->backends.cluster);
    // Other nodes' users are online: only a lone node may reset is_online on start.
    if (d->cluster)
        d->store->setResetOnlineOnOpen(false);
    if (!d->store->isOpen()) {
        if (const auto opened = d->store->open(); !opened)
            return fail(opened.error()); // one line naming the database (never its password)
    }
    if (d->cluster) {
        d->registry = d->cluster->registry();
    } else {
        d->ownRegistry = d->backends.registry ? std::move(d->backends.registry)
                                              : std::make_unique<InMemoryPresenceRegistry>();
        d->registry = d->ownRegistry.get();
    }
    d->local = std::make_unique<LocalDelivery>(&d->counters);
    if (d->backends.delivery)
        d->delivery = d->backends.delivery(d->local.get());
    d->backends = {};

    // The presence core and the handlers around it.
    d->directory = std::make_unique<StoreDirectory>(d->store.get());
    d->hub = std::make_unique<PresenceHub>(d->clock, d->registry, d->directory.get(), d->outgoing(),
                                           d->config.activeWindowMs);
    StatusTextOptions text = d->hub->textOptions();
    text.zone = d->config.textZone;
    d->hub->setTextOptions(text);
    if (d->cluster) {
        // §10 in cluster mode: the status lives in the shared database; the others reload it.
        d->hub->setStatusStoredHook([this](UserId user) {
            d->cluster->publishUserChanged(user, ClusterLink::UserChange::Status);
        });
    }
    d->throttle = std::make_unique<LoginThrottle>(d->clock, d->config.loginThrottle);
    d->registrations = std::make_unique<RegistrationLimit>(d->clock, d->config.registrationLimit);
    d->passwords = std::make_unique<PasswordWorkers>(d->config.passwordWorkers);
    d->events = std::make_unique<SocketEvents>(d->context(), d->local.get(), d->outgoing());
    d->rest = std::make_unique<RestApi>(
        d->context(), d->throttle.get(),
        RestApi::Hooks{[this] { return metricsText(); },
                       [this](const QString &token) {
                           if (d->events)
                               d->events->closeConnectionsWithToken(token);
                       },
                       [this](UserId user) {
                           if (d->events)
                               d->events->closeConnectionsOfUser(user);
                       },
                       [this] {
                           // The database first: without it nothing but presence works.
                           if (!d->store->checkConnection())
                               return d->store->unavailableReason();
                           return d->cluster ? d->cluster->degradedReason() : QString();
                       }});
    if (d->cluster)
        startCluster();

    // The transport: Socket.IO over the HTTP front's WebSocket upgrades, one port.
    ServerStore *store = d->store.get();
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
    d->sio->setUnavailableCheck([store] { return !store->unavailableReason().isEmpty(); });
    SocketEvents *events = d->events.get();
    connect(d->sio.get(), &SioServer::clientConnected, this,
            [events](SioConnection *c) { events->connected(c); });
    connect(d->sio.get(), &SioServer::clientDisconnected, this,
            [events](SioConnection *c, const QString &reason) { events->disconnected(c, reason); });
    connect(d->sio.get(), &SioServer::eventReceived, this,
            [events](SioConnection *c, const QString &name, const QJsonValue &payload,
                     std::optional<qint64> ackId) { events->event(c, name, payload, ackId); });

    d->http = std::make_unique<HttpFront>([this](const QHttpServerRequest &request) {
        if (!d->running || !d->rest)
            return HttpReply::error(503, QStringLiteral("server is shutting down"));
        return d->rest->handle(request);
    });
    // A request may be a body of maxBodyBytes plus headers; anything far beyond is cut off
    // before Qt buffers it (the handler still answers 413 for bodies just over the limit).
    HttpFrontLimits httpLimits = d->config.http;
    httpLimits.maxRequestBytes = d->config.maxBodyBytes + 64 * 1024;
    httpLimits.idleTimeoutMs = d->config.httpIdleTimeoutMs;
    auto *tcp = new HttpListener(httpLimits, d->http.get());
    // Connections the HTTP side has not taken yet; Qt's default of 30 drops bursts.
    tcp->setMaxPendingConnections(1024);
    // The kernel's accept queue too: Qt's default backlog of 50 makes a burst of 200
    // concurrent connects wait for SYN retransmits (handshake p99 of 1.4 s in the benchmark).
    tcp->setListenBacklogSize(1024);
    if (tls)
        tcp->setTls(*tls, d->config.tls.handshakeTimeoutMs);
    if (!tcp->listen(d->config.listenAddress, d->config.port)) {
        return fail(QStringLiteral("cannot listen on %1:%2: %3")
                        .arg(d->config.listenAddress.toString())
                        .arg(d->config.port)
                        .arg(tcp->errorString()));
    }
    d->http->bind(tcp);
    d->tcp = tcp;
    if (!d->config.metricsListenAddress.isNull()) {
        d->metrics = std::make_unique<MetricsEndpoint>(d->config.metricsToken,
                                                       [this] { return metricsText(); });
        QString metricsError;
        if (!d->metrics->listen(d->config.metricsListenAddress, d->config.metricsPort, httpLimits,
                                &metricsError))
            return fail(metricsError);
    }
    d->sio->attach(d->http.get());
    if (d->config.tokenRecheckMs > 0) {
        d->tokenRecheck = std::make_unique<QTimer>();
        d->tokenRecheck->setInterval(d->config.tokenRecheckMs);
        connect(d->tokenRecheck.get(), &QTimer::timeout, this, [this] {
            if (d->events)
                d->events->recheckTokens();
        });
        d->tokenRecheck->start();
    }
    d->running = true;
    qCInfo(lcServer).noquote() << "serving" << url().toString() << "database"
                               << d->store->description(); // never the URL's password
    return true;
}

void PresenceServer::stop()
{
    if (!d->store && !d->http && !d->sio)
        return;
    const bool wasRunning = d->running;
    d->running = false;
    d->tokenRecheck.reset();
    d->passwords.reset(); // waits for running hashes; no answer of theirs is delivered after
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
    d->metrics.reset();
    // Connections that SioServer has not reported as gone yet count as gone now.
    if (d->events)
        d->events->forgetAll();
    // After the connections closed through the normal path: retire this node (bounded wait).
    if (d->cluster)
        d->cluster->shutdown();
    if (d->sio) {
        d->sio->disconnect(this);
        // Delete later: we may be inside one of its signals.
        d->sio.release()->deleteLater();
    }
    if (d->http) {
        d->http->detachHandler(); // its handler points at us
        d->http.release()->deleteLater();
    }
    d->rest.reset();
    d->events.reset();
    d->hub.reset();
    d->delivery.reset();
    d->local.reset();
    d->registry = nullptr;
    d->ownRegistry.reset();
    d->cluster.reset();
    d->directory.reset();
    if (d->store) {
        d->store->flush();
        d->store->close();
        d->store.reset();
    }
    d->throttle.reset();
    d->registrations.reset();
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
    u.setScheme(d->config.tls.enabled() ? QStringLiteral("https") : QStringLiteral("http"));
    u.setHost(serverAddress().toString());
    u.setPort(serverPort());
    return u;
}

const ServerConfig &PresenceServer::config() const
{
    return d->config;
}

ServerStore *PresenceServer::store() const
{
    return d->store.get();
}

quint16 PresenceServer::metricsPort() const
{
    return d->metrics ? d->metrics->port() : 0;
}

const HttpListener *PresenceServer::httpListener() const
{
    return d->tcp.data();
}

const PasswordWorkers *PresenceServer::passwordWorkers() const
{
    return d->passwords.get();
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
    QByteArray text
        = SmartFixer::metricsText({&d->counters, d->hub.get(), d->sio.get(), d->tcp.data(),
                                   d->throttle.get(), d->passwords.get(), d->registrations.get()});
    if (d->cluster)
        text += d->cluster->metricsText();
    return text;
}

void PresenceServer::startCluster()
{
    // What other nodes publish, applied to this node's connections and caches.
    ClusterLink::Sink sink;
    sink.deliverToUser = [this](UserId user, const QString &event, const QJsonValue &payload) {
        if (!d->hub || !d->local)
            return;
        const QList<ConnectionId> connections = d->hub->connectionsOf(user);
        for (ConnectionId c : connections)
            d->local->deliver(c, event, payload);
    };
    sink.userChanged = [this](UserId user, ClusterLink::UserChange change) {
        if (!d->hub || !d->directory)
            return;
        if (change == ClusterLink::UserChange::Status) {
            d->hub->statusChangedElsewhere(user); // reloads it from the store
            return;
        }
        d->directory->invalidate(user);
        if (change == ClusterLink::UserChange::Privacy)
            d->hub->privacyChanged(user);
        else
            d->hub->contactsChanged(user);
    };
    sink.missedMessages = [this] {
        // What the lost messages said is in PostgreSQL: drop the caches, re-evaluate what
        // every watcher sees, close connections whose token was revoked meanwhile. Chat and
        // typing events are not replayed (the messages themselves are stored).
        if (!d->hub || !d->directory || !d->events)
            return;
        d->directory->invalidateAll();
        d->hub->refreshAll();
        d->events->recheckTokens(); // the batched check --token-recheck runs
    };
    sink.tokenRevoked = [this](const QByteArray &hash) {
        if (d->events)
            d->events->closeConnectionsWithTokenHash(hash);
    };
    sink.userLoggedOut = [this](UserId user) {
        if (d->events)
            d->events->closeConnectionsOfUser(user);
    };
    d->cluster->start(std::move(sink));
}

} // namespace SmartFixer
