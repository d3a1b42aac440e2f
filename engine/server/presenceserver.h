#pragma once
// PresenceServer: the whole presence server as one embeddable QObject, and its composition
// root: it takes its backends (store, presence registry, delivery) or builds the embedded
// defaults, and wires them to the hub, the socket event handlers, the REST API and the
// transport on one port. smartfixer-server, the desktop app's --host and --demo modes and the
// tests all run this.
#include "core/clock.h"
#include "server/clusterlink.h" // ServerBackends owns one
#include "server/httpguard.h"
#include "server/loginthrottle.h"
#include "server/passwordworkers.h"
#include "server/registrationlimit.h"
#include "server/sioserver.h"
#include "storage/serverstore.h"
#include "tls/servertls.h"

#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QTimeZone>
#include <QUrl>
#include <functional>
#include <memory>

namespace SmartFixer {

class ClusterLink;
class Delivery;
class PresenceHub;
class PresenceRegistry;
class ServerStore;

constexpr quint16 DefaultServerPort = 8765;

//! Everything smartfixer-server's command line can set.
struct ServerConfig
{
    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 port = DefaultServerPort; //!< 0 picks a free port
    //! --db: an SQLite file (":memory:" for a throw-away database), sqlite:PATH or a
    //! postgresql:// URL (parseDatabaseUrl())
    QString databasePath;
    qint64 activeWindowMs = DefaultActiveWindowMs; //!< W of DESIGN.md §2
    bool openRegistration = false; //!< POST /api/register allowed
    //! GET /metrics on the main port needs "Authorization: Bearer metricsToken"; empty = not
    //! served there.
    QString metricsToken;
    //! A separate address for /metrics (and /healthz) only; null = none (the default).
    QHostAddress metricsListenAddress;
    quint16 metricsPort = 0; //!< port of metricsListenAddress (0 picks a free one)
    int minPasswordChars = 8; //!< shortest password POST /api/register accepts (UTF-16 units)
    TransportLimits limits;
    LoginThrottleConfig loginThrottle;
    PasswordWorkerConfig passwordWorkers; //!< argon2id threads and their queue bound
    RegistrationLimitConfig registrationLimit; //!< POST /api/register per address
    TokenPolicy tokens; //!< token lifetime and per-user cap
    qint64 maxBodyBytes = 64 * 1024; //!< bigger HTTP bodies get 413
    int httpIdleTimeoutMs = 30000; //!< plain-HTTP connection without a complete request
    //! Connection caps, output cap, Host/Origin policy of the HTTP front (its maxRequestBytes
    //! and idleTimeoutMs come from maxBodyBytes and httpIdleTimeoutMs above).
    HttpFrontLimits http;
    QTimeZone textZone = QTimeZone::systemTimeZone(); //!< zone of server-rendered status text
    TlsServerConfig tls; //!< --tls-cert/--tls-key: HTTPS and WSS on the same port (§11)
};

//! The replaceable parts of a server. Whatever is left empty gets the embedded default when
//! the server starts: a Store on ServerConfig::databasePath, an in-process registry, delivery
//! to this process's sockets only.
struct ServerBackends
{
    std::unique_ptr<ServerStore> store; //!< opened by start() unless already open (any engine)
    std::unique_ptr<PresenceRegistry> registry;
    //! Wraps the local delivery (e.g. to reach connections on other nodes); gets the local one.
    std::function<std::unique_ptr<Delivery>(Delivery *local)> delivery;
    //! Cluster mode (DESIGN.md §9): the other nodes. Its registry replaces `registry`, the store
    //! keeps is_online as it is on open (other nodes' users are online), and chat, typing,
    //! privacy/contact changes and logouts reach the other nodes through it.
    std::unique_ptr<ClusterLink> cluster;
};

class PresenceServer : public QObject
{
    Q_OBJECT
public:
    explicit PresenceServer(const ServerConfig &config, Clock *clock = Clock::system(),
                            QObject *parent = nullptr);
    //! With the given backends instead of the embedded defaults. The server owns them; they are
    //! used by one start() (a restarted server builds the defaults).
    PresenceServer(const ServerConfig &config, ServerBackends backends,
                   Clock *clock = Clock::system(), QObject *parent = nullptr);
    ~PresenceServer() override; // stops

    //! Opens the database and starts listening. false with a plain-words \a error when the
    //! database cannot be opened or the port cannot be bound.
    bool start(QString *error);
    //! Closes every connection, stops listening, flushes and closes the Store. Idempotent.
    void stop();
    bool isRunning() const;

    quint16 serverPort() const;
    QHostAddress serverAddress() const;
    //! http://ADDR:PORT, or https:// with TLS (what the "listening on" line prints).
    QUrl url() const;
    const ServerConfig &config() const;

    //! The Prometheus text of GET /metrics.
    QByteArray metricsText() const;

    // For embedding (desktop host/demo mode) and tests. Valid while running.
    ServerStore *store() const;
    //! The argon2id workers of the running server (null when stopped).
    const PasswordWorkers *passwordWorkers() const;
    PresenceHub *hub() const;
    SioServer *transport() const;
    //! The listening socket with its connection counters (null when not running).
    const class HttpListener *httpListener() const;
    //! Port of the --metrics-listen endpoint (0 when there is none).
    quint16 metricsPort() const;

Q_SIGNALS:
    //! After stop() finished.
    void stopped();

private:
    void startCluster();
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace SmartFixer
