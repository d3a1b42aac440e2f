#pragma once
// SocketIoClient: a Socket.IO v5 / Engine.IO v4 client over QWebSocket (websocket transport
// only). It answers pings, notices a dead server, authenticates in CONNECT, matches acks with
// timeouts, and reconnects with exponential backoff + jitter until told to stop.
#include "core/result.h"
#include "tls/clienttls.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QObject>
#include <QString>
#include <QUrl>
#include <functional>
#include <memory>

namespace SmartFixer {

//! What the UI shows about the link to the server ("Connected", "Reconnecting in 8 s", …).
//! One value per change, carried by SocketIoClient/ClientSession statusChanged signals.
struct ConnectionStatus
{
    Q_GADGET
public:
    enum State {
        Offline, //!< not connected and not trying (never opened, or closed on purpose)
        Connecting, //!< first attempt (or a reconnect attempt) is in progress
        Connected, //!< the namespace CONNECT was accepted
        Reconnecting, //!< waiting retryInMs before the next attempt
        Unauthorized, //!< the server refused the token (44 / HTTP 401): no more retries
    };
    Q_ENUM(State)

    State state = Offline;
    int retryInMs = 0; //!< Reconnecting only: ms until the next attempt
    int attempt = 0; //!< failed attempts since the last successful connect
    QString message; //!< last error in words ("connection refused", "ping timeout"), or empty

    //! English one-liner for logs and the CLI, e.g. "reconnecting in 4 s (connection refused)".
    QString text() const;
    friend bool operator==(const ConnectionStatus &, const ConnectionStatus &) = default;
};

//! Exponential backoff: attempt n waits min(maxDelayMs, initialDelayMs * factor^n), then
//! multiplied by a random factor in [1 - jitter, 1 + jitter] so clients do not return in step.
struct ReconnectPolicy
{
    bool enabled = true;
    int initialDelayMs = 1000; // ms
    double factor = 2.0;
    int maxDelayMs = 60000; // ms
    double jitter = 0.25; //!< 0..1

    //! The delay before attempt \a attempt (0-based) with the jitter factor \a random in [0,1).
    int delayMs(int attempt, double random) const;
};

class SocketIoClient : public QObject
{
    Q_OBJECT
public:
    //! Called once per acked emit: the ack's arguments, or an error ("timeout after 5000 ms",
    //! "connection lost").
    using AckCallback = std::function<void(const Result<QJsonArray> &)>;

    explicit SocketIoClient(QObject *parent = nullptr);
    ~SocketIoClient() override;

    //! The server: "http://host:port", "https://…", "ws://…" or "wss://…" (a path prefix is
    //! kept; "/socket.io/?EIO=4&transport=websocket" is appended).
    void setServerUrl(const QUrl &url);
    QUrl serverUrl() const;
    //! The WebSocket URL that is actually opened.
    QUrl webSocketUrl() const;
    //! CONNECT payload, e.g. {"token":"…"}. Undefined sends a CONNECT without auth.
    void setAuth(const QJsonValue &auth);
    void setReconnectPolicy(const ReconnectPolicy &policy);
    ReconnectPolicy reconnectPolicy() const;
    //! Time allowed from opening the WebSocket to the accepted CONNECT. // ms
    void setHandshakeTimeout(int ms);
    //! Reconnect at once when the OS reports the network reachable again (QNetworkInformation,
    //! if a backend loads). On by default.
    void setFollowNetworkChanges(bool follow);
    //! How wss:// / https:// servers are verified (extra CAs, pinned certificates).
    void setTlsPolicy(const ClientTlsPolicy &policy);

    //! Starts connecting (and keeps reconnecting per the policy until close()).
    void open();
    //! Disconnects and stops retrying; state Offline. Pending acks fail with "closed".
    void close();
    //! Skips the backoff wait (also leaves Unauthorized, e.g. after a new token was set).
    //! Does nothing while connected.
    void reconnectNow();
    //! Drops any connection and connects afresh (new auth takes effect: the server reads it
    //! only in CONNECT).
    void restart();

    ConnectionStatus status() const;
    bool isConnected() const;
    //! The Engine.IO session id while connected.
    QString engineSid() const;
    //! Server ping interval + timeout of the current session (open packet). // ms
    int pingIntervalMs() const;
    int pingTimeoutMs() const;

    //! Sends 42["name",args…]. False (nothing sent) when not connected.
    bool emitEvent(const QString &name, const QJsonArray &args = {});
    //! Sends 42N["name",args…] and calls \a callback once with the ack or an error after
    //! \a timeoutMs. When not connected the callback gets "not connected" (asynchronously).
    void emitWithAck(const QString &name, const QJsonArray &args, AckCallback callback,
                     int timeoutMs = 10000);

Q_SIGNALS:
    //! The connection state changed: the UI shows it, the session re-subscribes on Connected.
    void statusChanged(const SmartFixer::ConnectionStatus &status);
    //! The namespace CONNECT was accepted (also after each reconnect): time to (re)subscribe and
    //! flush the offline queue.
    void connected();
    //! A connected session ended (server gone, ping timeout, close()); \a reason is readable.
    void disconnected(const QString &reason);
    //! A server event: name and its arguments. The whole client protocol runs on this.
    void eventReceived(const QString &name, const QJsonArray &args);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace SmartFixer
