#pragma once
// LocalCache: the client's SQLite file (QSQLITE) with contacts, last-known presence, chat
// history and the offline send queue, so the app shows the last-known state before it is
// connected and a message typed offline survives a restart.
#include "core/presenceinfo.h"
#include "core/result.h"

#include <QList>
#include <QString>
#include <optional>

namespace SmartFixer {

//! One entry of the contact list (REST /api/contacts without the presence part); presence
//! lives in the PresenceCache, so a presence change never rewrites the list.
struct ContactInfo
{
    UserId userId = 0;
    QString username;
    QString displayName;
    //! GET /api/contacts "mutual": they have us on their list too; unknown when the server
    //! does not say (older servers, the local cache).
    std::optional<bool> mutual;
    friend bool operator==(const ContactInfo &, const ContactInfo &) = default;
};

//! A chat message as the client knows it, including ones still waiting to be sent. Its
//! client_id follows it from the offline queue to the server's ack and back in new_message.
struct ChatMessage
{
    enum class Delivery {
        Queued, //!< stored locally, not yet acknowledged by the server
        Sent, //!< the server acked it (it has an id and sent_at)
        Failed, //!< the server refused it (error ack); not retried
        Received, //!< a message from the peer (or from another device of ours)
    };
    qint64 id = 0; //!< server id; 0 while queued
    QString clientId; //!< UUID chosen by the sender; de-duplicates resends
    UserId from = 0;
    UserId to = 0;
    QString text;
    std::optional<qint64> sentAtMs; //!< server time, ms since epoch UTC
    Delivery delivery = Delivery::Queued;
    QString error; //!< Failed: the server's reason
    //! DESIGN.md §12 receipts, ms since epoch UTC: a connection of the recipient got it /
    //! the recipient read it (read_at only when both sides share read receipts).
    std::optional<qint64> deliveredAtMs;
    std::optional<qint64> readAtMs;

    //! The other side of the conversation seen from \a self.
    UserId peer(UserId self) const { return from == self ? to : from; }
    //! From a new_message payload / REST message object.
    static Result<ChatMessage> fromJson(const QJsonObject &object);
    friend bool operator==(const ChatMessage &, const ChatMessage &) = default;
};

class LocalCache
{
public:
    //! The default file: <AppDataLocation>/client-cache.sqlite.
    static QString defaultPath();

    LocalCache();
    ~LocalCache();
    LocalCache(const LocalCache &) = delete;
    LocalCache &operator=(const LocalCache &) = delete;

    //! Opens (creating folders and tables as needed). Error text when the file is unusable.
    Result<bool> open(const QString &path);
    bool isOpen() const;
    QString path() const;

    //! Key/value settings of the cache itself ("user_id", "server").
    QString meta(const QString &key) const;
    void setMeta(const QString &key, const QString &value);
    //! Forgets everything (another account or server signed in).
    void clearAll();

    QList<ContactInfo> contacts() const;
    void setContacts(const QList<ContactInfo> &contacts);

    //! Last presence per user and the clock time it was received.
    struct StoredPresence
    {
        PresenceInfo info;
        qint64 receivedAtMs = 0;
    };
    QList<StoredPresence> presence() const;
    void storePresence(const PresenceInfo &info, qint64 receivedAtMs);

    //! Inserts or updates (by client_id, else by id) a message.
    void storeMessage(const ChatMessage &message);
    //! Messages exchanged with \a peer, oldest first (the newest \a limit).
    QList<ChatMessage> history(UserId self, UserId peer, int limit = 200) const;
    //! Messages still queued, in the order they were written.
    QList<ChatMessage> outbox() const;
    std::optional<ChatMessage> messageByClientId(const QString &clientId) const;
    //! Messages queued before we knew our own id (from = 0) become \a self's.
    void claimUnsignedMessages(UserId self);
    //! Receipts (DESIGN.md §12): message \a id was delivered at \a ms; messages from \a from
    //! to \a to with id <= \a upTo were read at \a ms. Known receipts are kept.
    void setDelivered(qint64 id, qint64 ms);
    void setReadUpTo(UserId from, UserId to, qint64 upTo, qint64 ms);
    std::optional<ChatMessage> messageById(qint64 id) const;

private:
    bool exec(const QString &sql) const;
    QString m_connection;
    QString m_path;
};

} // namespace SmartFixer
