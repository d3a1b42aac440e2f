#pragma once
// ClientSession: the one object the desktop UI and smartfixer-cli talk to. It signs in (REST
// login or a token), keeps the live Socket.IO connection (with reconnect), the presence cache
// and the local SQLite cache, and turns the wire protocol into signals. GUI-free.
#include "client/clienterror.h"
#include "client/conversations.h"
#include "client/localcache.h"
#include "client/presencecache.h"
#include "client/restclient.h"
#include "client/sioclient.h"
#include "core/clock.h"
#include "core/manualstatus.h"

#include <QObject>
#include <QSet>
#include <QUrl>
#include <memory>

namespace SmartFixer {

//! How a ClientSession connects and renders: server, clock, cache file, viewer locale, retry
//! policy. Defaults suit the desktop app; tests inject a ManualClock and a temporary cache.
struct ClientOptions
{
    QUrl serverUrl; //!< "http://127.0.0.1:8765" (ws/wss/https also accepted)
    Clock *clock = nullptr; //!< nullptr = Clock::system()
    //! SQLite cache file; empty = LocalCache::defaultPath(). ":memory:" keeps nothing.
    QString cachePath;
    //! Viewer locale and zone for status texts. Defaults: system locale and zone, 12/24 h as
    //! the locale says.
    std::optional<StatusTextOptions> text;
    qint64 activeWindowMs = DefaultActiveWindowMs; // ms, the server's W
    ReconnectPolicy reconnect;
    int ackTimeoutMs = 10000; // ms for every acked event
    bool followNetworkChanges = true;
    ClientTlsPolicy tls; //!< https:// servers: extra CAs (--ca), pinned certificates
};

class ClientSession : public QObject
{
    Q_OBJECT
public:
    //! Reply of send_message / user_activity etc.: the first ack argument or an error.
    using AckCallback = std::function<void(const Result<QJsonValue> &)>;

    explicit ClientSession(const ClientOptions &options, QObject *parent = nullptr);
    ~ClientSession() override;

    //! Talks to another server from now on (the sign-in dialog's address field): closes the
    //! live connection; the next signIn()/signInWithToken() uses \a url.
    void setServerUrl(const QUrl &url);
    QUrl serverUrl() const;
    //! How https:// servers are verified from now on (a certificate the user just pinned).
    void setTlsPolicy(const ClientTlsPolicy &policy);
    //! The certificate problem behind the last failed sign-in (null when it was not TLS).
    TlsFailure lastTlsFailure() const;

    //! Empty when the local cache opened; otherwise why not (the session works without it).
    QString cacheError() const;

    //! POST /api/login, then connects with the token. Ends in signedIn() or signInFailed().
    void signIn(const QString &username, const QString &password);
    //! Connects with an access token; asks /api/me who we are. Ends in signedIn() or
    //! signInFailed() (and/or the Unauthorized connection state).
    void signInWithToken(const QString &token);
    //! POST /api/register (servers with open registration, e.g. a LAN host), then signs in
    //! with the token it returns (or by password when the server returns none). Ends like
    //! signIn(): signedIn() or signInFailed() (Conflict: the name is taken; Forbidden:
    //! registration is closed).
    void registerAccount(const QString &username, const QString &password,
                         const QString &displayName = {});
    //! POST /api/logout (revokes the token) and goes offline.
    void signOut();
    //! Goes offline without revoking anything.
    void disconnectFromServer();
    //! Skip the reconnect backoff (e.g. a "Retry now" button).
    void reconnectNow();

    ConnectionStatus connectionStatus() const;
    bool isConnected() const;
    UserId selfId() const;
    QString displayName() const;
    QString token() const;

    //! Contacts as last known (local cache first, then /api/contacts).
    QList<ContactInfo> contacts() const;
    void refreshContacts();
    void addContact(UserId userId);
    void removeContact(UserId userId);
    //! GET /api/users?query=…; ends in usersFound().
    void searchUsers(const QString &query);

    PresenceCache *presence() const;
    //! Live updates for these users too (besides contacts); kept across reconnects. The ack's
    //! presence objects update the cache.
    void subscribe(const QList<UserId> &userIds);
    QList<UserId> subscriptions() const;
    //! GET /api/user-presence/<id> (also works without a live connection); the result goes
    //! into the cache like any presence object, errors to errorOccurred().
    void refreshPresence(UserId userId);

    //! Queues a message (persisted) and sends it when connected. Returns its client_id.
    //! Progress: messageUpdated() with delivery Queued → Sent (or Failed).
    QString sendMessage(UserId to, const QString &text);
    //! Local history with \a peer, oldest first.
    QList<ChatMessage> history(UserId peer, int limit = 200) const;
    //! Fetches older history from the server (GET /api/messages); ends in historyChanged().
    void loadHistory(UserId peer, std::optional<qint64> beforeId = std::nullopt, int limit = 50);
    //! Messages not yet acknowledged, in send order.
    QList<ChatMessage> outbox() const;
    //! Tells \a to that we are typing (fire and forget).
    void sendTyping(UserId to);
    //! Sends user_activity (with an ack when \a callback is set). The activity tracker calls
    //! this at most once a minute.
    void reportActivity(AckCallback callback = {});
    //! Sends any event with an ack (for tools and tests); \a callback gets the first argument.
    void emitWithAck(const QString &name, const QJsonValue &payload, AckCallback callback);

    QString visibility() const;
    //! PUT /api/me/privacy; ends in visibilityChanged() or errorOccurred().
    void setVisibility(const QString &visibility);

    //! Our own manual status (DESIGN.md §10), as last known from /api/me or setStatus().
    ManualStatus ownStatus() const;
    //! GET /api/me for the status fields; ends in ownStatusChanged().
    void refreshOwnStatus();
    //! PUT /api/me/status: \a availability with \a message (empty = none) until \a expiresAtMs
    //! (none = no expiry). \a callback (optional) gets the server's answer or the error
    //! (Invalid with the server's text for bad input); ownStatusChanged() on success.
    void setStatus(Availability availability, const QString &message,
                   std::optional<qint64> expiresAtMs, AckCallback callback = {});
    //! PUT /api/me/privacy {"last_seen"}; ownStatusChanged() on success.
    void setLastSeenPrecision(LastSeenPrecision precision, AckCallback callback = {});

    //! The conversations list, unread counts, receipts and search (DESIGN.md §12).
    Conversations *conversations() const;
    SocketIoClient *socket() const;
    RestClient *rest() const;

Q_SIGNALS:
    //! The connection state for the status bar ("Reconnecting in 8 s").
    void connectionStatusChanged(const SmartFixer::ConnectionStatus &status);
    //! We know who we are: the UI leaves the sign-in screen.
    void signedIn(SmartFixer::UserId selfId, const QString &displayName);
    //! Login or token refused, or the server unreachable at sign-in: \a error.kind() says
    //! which (Unauthorized, RateLimited + retryAfterMs, Unavailable, Protocol, Timeout, …).
    void signInFailed(const SmartFixer::ClientError &error);
    //! The contact list changed (names, members); presence changes come separately.
    void contactsChanged();
    //! A user's shown presence changed (new data or time passed): repaint that row only.
    void presenceChanged(SmartFixer::UserId userId, const SmartFixer::PresenceView &view);
    //! A presence object arrived from the server (snapshot, update, subscribe ack, REST), as
    //! it came; for tools that log raw presence (smartfixer-cli watch).
    void presenceReceived(const SmartFixer::PresenceInfo &info);
    //! A chat message from someone (or from another device of ours).
    void messageReceived(const SmartFixer::ChatMessage &message);
    //! One of our messages changed delivery state (Queued → Sent/Failed).
    void messageUpdated(const SmartFixer::ChatMessage &message);
    //! The local history with \a peer grew (loadHistory finished).
    void historyChanged(SmartFixer::UserId peer);
    //! \a from is typing to us: show the hint for a few seconds.
    void typingReceived(SmartFixer::UserId from);
    //! Our own manual status changed (from /api/me, setStatus() or its expiry as the server
    //! reported it in our own presence).
    void ownStatusChanged(const SmartFixer::ManualStatus &status);
    //! Our own visibility setting (from /api/me or after setVisibility()).
    void visibilityChanged(const QString &visibility);
    //! Result of searchUsers().
    void usersFound(const QList<SmartFixer::ContactInfo> &users);
    //! Something failed that the user should read (REST error, refused message).
    void errorOccurred(const QString &message);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace SmartFixer
