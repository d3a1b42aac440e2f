#pragma once
// ChatBackend: everything the widgets need from a chat client, as one small interface with
// plain values (chattypes.h). SessionBackend implements it on the engine's ClientSession; the
// widgets never see the wire protocol, so they can be tested and shown without a network.
#include "chattypes.h"
#include "client/clienterror.h"
#include "core/clearafter.h"
#include "core/manualstatus.h"
#include "core/privacy.h"
#include "tls/clienttls.h"

#include <QObject>
#include <QUrl>
#include <optional>

namespace SmartFixer::Ui {

class ChatBackend : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~ChatBackend() override;

    virtual QUrl serverUrl() const = 0;
    //! Another server for the next sign-in (the sign-in dialog's address field).
    virtual void setServerUrl(const QUrl &url) = 0;
    //! Signs in with a password (REST login, then the live connection). Ends in signedIn() or
    //! signInFailed().
    virtual void signIn(const QString &username, const QString &password) = 0;
    virtual void signInWithToken(const QString &token) = 0;
    //! Creates an account (servers that allow registration, e.g. a LAN host), then signs in.
    //! Ends like signIn().
    virtual void registerAccount(const QString &username, const QString &password,
                                 const QString &displayName)
        = 0;
    virtual void signOut() = 0;

    virtual UserId selfId() const = 0;
    virtual QString selfName() const = 0;
    virtual ConnectionState connectionState() const = 0;
    //! A short translated description of the link ("Connected", "Reconnecting in 4 s").
    virtual QString connectionText() const = 0;
    //! Reconnecting: ms until the next attempt, as of the last connectionChanged().
    virtual int retryInMs() const = 0;

    virtual QList<ContactEntry> contacts() const = 0;
    //! The presence as shown now (text rendered for the viewer), if known.
    virtual std::optional<PresenceInfo> presence(UserId userId) const = 0;
    virtual void searchUsers(const QString &query) = 0;
    virtual void addContact(UserId userId) = 0;
    virtual void removeContact(UserId userId) = 0;
    //! Skip the reconnect wait ("Retry now").
    virtual void reconnectNow() = 0;

    //! Known history with \a peer, oldest first (local cache).
    virtual QList<MessageItem> history(UserId peer) const = 0;
    //! Fetches history from the server; ends in historyChanged(peer).
    virtual void loadHistory(UserId peer) = 0;
    //! Queues and sends; returns the client id. Progress comes through messageUpdated().
    virtual QString sendMessage(UserId to, const QString &text) = 0;
    virtual void sendTyping(UserId to) = 0;
    //! The user is here: sends user_activity (the caller, an ActivityTracker, keeps this to
    //! the protocol's once a minute and to non-idle times).
    virtual void reportActivity() = 0;

    virtual Visibility visibility() const = 0;
    virtual void setVisibility(Visibility visibility) = 0;

    // DESIGN.md §10, manual status. Defaults for a backend without it: always automatic.
    //! Our own status as the server last confirmed it.
    virtual ManualStatus ownStatus() const { return {}; }
    //! Asks the server for \a availability with \a message (empty = none) until \a expiresAtMs;
    //! ends in ownStatusChanged() or ownStatusRefused().
    virtual void setOwnStatus(Availability availability, const QString &message,
                              std::optional<qint64> expiresAtMs)
    {
        Q_UNUSED(availability);
        Q_UNUSED(message);
        Q_UNUSED(expiresAtMs);
    }
    //! The expires_at for a "Clear after" choice made now, on the backend's clock and zone.
    virtual std::optional<qint64> expiryFor(ClearAfter choice) const
    {
        Q_UNUSED(choice);
        return std::nullopt;
    }
    //! Exact or approximate last seen for others (PUT /api/me/privacy {"last_seen"}).
    virtual void setLastSeenPrecision(LastSeenPrecision precision) { Q_UNUSED(precision); }
    //! The certificate problem behind the last failed sign-in (null when it was not TLS).
    virtual TlsFailure lastTlsFailure() const { return {}; }
    //! Accepts the certificate with \a fingerprint for the current server from now on (the
    //! user said yes in the trust dialog; the caller pins it).
    virtual void trustCertificate(const QString &fingerprint) { Q_UNUSED(fingerprint) }
    // DESIGN.md §12. Defaults for a backend without conversations: nothing to show.
    //! true: unread counts come from conversations() (the window does not count itself).
    virtual bool tracksUnread() const { return false; }
    //! The conversations, newest last message first.
    virtual QList<ConversationEntry> conversations() const { return {}; }
    //! The user has seen the conversation with \a peer up to message \a upTo.
    virtual void markRead(UserId peer, qint64 upTo)
    {
        Q_UNUSED(peer);
        Q_UNUSED(upTo);
    }
    virtual bool readReceipts() const { return true; }
    virtual void setReadReceipts(bool on) { Q_UNUSED(on); }
    //! Server-side search (\a peer 0 = every conversation); ends in messagesFound().
    virtual void searchMessages(const QString &text, UserId peer)
    {
        Q_UNUSED(text);
        Q_UNUSED(peer);
    }

Q_SIGNALS:
    void signedIn();
    //! Choose the words by error.kind (errortext.h), never by its message.
    void signInFailed(const SmartFixer::ClientError &error);
    void connectionChanged(SmartFixer::Ui::ConnectionState state, const QString &text);
    //! Members or names of the contact list changed (not presence).
    void contactsChanged();
    //! One user's shown presence changed (new data, or the text aged): repaint that user only.
    void presenceChanged(const SmartFixer::PresenceInfo &info);
    void messageReceived(const SmartFixer::Ui::MessageItem &message);
    //! One of our messages changed delivery state (Queued → Sent / Failed).
    void messageUpdated(const SmartFixer::Ui::MessageItem &message);
    void historyChanged(SmartFixer::UserId peer);
    void typingReceived(SmartFixer::UserId from);
    void visibilityChanged(SmartFixer::Visibility visibility);
    void usersFound(const QList<SmartFixer::Ui::DirectoryEntry> &users);
    void errorOccurred(const QString &message);
    //! Our own manual status changed (server answer, /api/me, expiry, another device).
    void ownStatusChanged(const SmartFixer::ManualStatus &status);
    //! The server refused a status change; \a reason is in plain words. Nothing changed.
    void ownStatusRefused(const QString &reason);
    //! The conversations list, an unread count or a preview changed.
    void conversationsChanged();
    //! Receipts of our messages to \a peer changed: repaint the ticks.
    void receiptsChanged(SmartFixer::UserId peer);
    void readReceiptsChanged(bool on);
    void messagesFound(const QString &text, const QList<SmartFixer::Ui::MessageItem> &results);
};

} // namespace SmartFixer::Ui
