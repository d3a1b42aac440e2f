#pragma once
// PresenceServer: the whole presence server as one embeddable QObject — Store, PresenceHub,
// the Socket.IO transport (SioServer) and the REST API (HttpFront) on one port. The headless
// smartfixer-server, the desktop app's --host and --demo modes and the tests all run this.
#include "core/clock.h"
#include "server/httpguard.h"
#include "server/loginthrottle.h"
#include "server/sioserver.h"

#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QTimeZone>
#include <QUrl>
#include <memory>

namespace SmartFixer {

class PresenceHub;
class Store;

constexpr quint16 DefaultServerPort = 8765;

//! Everything smartfixer-server's command line can set.
struct ServerConfig
{
    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 port = DefaultServerPort; //!< 0 picks a free port
    QString databasePath; //!< SQLite file; ":memory:" for a throw-away database
    qint64 activeWindowMs = DefaultActiveWindowMs; //!< W of DESIGN.md §2
    bool openRegistration = false; //!< POST /api/register allowed
    TransportLimits limits;
    LoginThrottleConfig loginThrottle;
    qint64 maxBodyBytes = 64 * 1024; //!< bigger HTTP bodies get 413
    int httpIdleTimeoutMs = 30000; //!< plain-HTTP connection without a complete request
    //! Connection caps, output cap, Host/Origin policy of the HTTP front (its maxRequestBytes
    //! and idleTimeoutMs come from maxBodyBytes and httpIdleTimeoutMs above).
    HttpFrontLimits http;
    QTimeZone textZone = QTimeZone::systemTimeZone(); //!< zone of server-rendered status text
};

class PresenceServer : public QObject
{
    Q_OBJECT
public:
    explicit PresenceServer(const ServerConfig &config, Clock *clock = Clock::system(),
                            QObject *parent = nullptr);
    ~PresenceServer() override; // stops

    //! Opens the database and starts listening. false with a plain-words \a error when the
    //! database cannot be opened or the port cannot be bound.
    bool start(QString *error);
    //! Closes every connection, stops listening, flushes and closes the Store. Idempotent.
    void stop();
    bool isRunning() const;

    quint16 serverPort() const;
    QHostAddress serverAddress() const;
    //! http://ADDR:PORT (what the "listening on" line prints).
    QUrl url() const;
    const ServerConfig &config() const;

    //! The Prometheus text of GET /metrics.
    QByteArray metricsText() const;

    // For embedding (desktop host/demo mode) and tests. Valid while running.
    Store *store() const;
    PresenceHub *hub() const;
    SioServer *transport() const;
    //! The listening socket with its connection counters (null when not running).
    const class HttpListener *httpListener() const;

Q_SIGNALS:
    //! After stop() finished.
    void stopped();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace SmartFixer
