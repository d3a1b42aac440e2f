#pragma once
// The server's storage, behind small interfaces (users, contacts, tokens, presence columns,
// messages) that PresenceServer, StoreDirectory and the admin commands talk to. Store
// (store.h) implements them over Qt Sql for SQLite and PostgreSQL; another engine is another
// implementation of ServerStore. Errors that callers branch on are Result<T> with an ErrorKind.
#include "conversationstore.h"
#include "core/presence.h"
#include "core/privacy.h"
#include "core/result.h"
#include "statusstore.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace SmartFixer {

class Clock;

struct UserRow
{
    UserId id = 0;
    QString username;
    QString displayName;
    std::optional<qint64> lastActiveMs; //!< ms since epoch UTC
    Visibility visibility = Visibility::Everyone;
    bool hasPassword = false;
};

struct MessageRow
{
    qint64 id = 0;
    UserId from = 0;
    UserId to = 0;
    QString text;
    qint64 sentAtMs = 0;
    QString clientId; //!< the sender's de-duplication id (may be empty)
    std::optional<qint64> deliveredAtMs; //!< ms since epoch UTC (DESIGN.md §12)
    std::optional<qint64> readAtMs; //!< ms since epoch UTC
};

//! What verifying a password needs from the store.
struct PasswordRecord
{
    UserId id = 0;
    QString hash; //!< empty: a token-only account
};

//! A stored message, and whether it was stored before (a repeated client_id).
struct StoredMessage
{
    MessageRow row;
    bool duplicate = false;
};

//! Accounts. Names follow isValidUsername() (store.h): 1..64 chars of [A-Za-z0-9_.-].
class UserStore
{
public:
    virtual ~UserStore() = default;
    //! One user; \a password empty = token-only account. Invalid (bad name), Conflict (name
    //! taken), Unavailable (not open / database gone), Internal.
    virtual Result<UserRow> createUser(const QString &username, const QString &displayName,
                                       const QString &password)
        = 0;
    //! Many token-only users in one transaction; names that exist already are returned as
    //! they are. Order follows \a usernames. \a displayName empty = each username.
    virtual Result<QList<UserRow>> createUsers(const QStringList &usernames,
                                               const QString &displayName)
        = 0;
    virtual std::optional<UserRow> userById(UserId id) const = 0;
    virtual std::optional<UserRow> userByName(const QString &username) const = 0;
    //! The account whose name equals \a username after NFKC + case folding
    //! (Names::canonicalUsername()), i.e. the one that makes \a username taken.
    virtual std::optional<UserRow> userByCanonicalName(const QString &username) const = 0;
    //! Username or display name contains \a query (case-insensitive); at most \a limit rows.
    virtual QList<UserRow> searchUsers(const QString &query, int limit) const = 0;
    virtual QList<UserRow> allUsers() const = 0;
    //! The user id when the password matches (argon2id, or a legacy Werkzeug hash that is
    //! then rehashed); nothing otherwise.
    virtual std::optional<UserId> verifyPassword(const QString &username,
                                                 const QString &password) const = 0;
    virtual bool setVisibility(UserId id, Visibility visibility) = 0;

    // Password hashing off the event loop (issue 14): the server reads the stored hash, checks
    // or computes hashes on worker threads, and writes back here, on the store's thread.
    //! The id and stored hash (empty: token-only) of \a username; nothing for an unknown name.
    virtual std::optional<PasswordRecord> passwordRecord(const QString &username) const = 0;
    //! Replaces the hash of \a id when it is still \a oldHash (a legacy hash's upgrade).
    virtual bool replacePasswordHash(UserId id, const QString &oldHash, const QString &newHash) = 0;
    //! createUser() with a hash computed already (hashPassword()); empty = token-only.
    virtual Result<UserRow> createUserWithHash(const QString &username, const QString &displayName,
                                               const QString &passwordHash)
        = 0;
};

//! Directed contact lists: owner's list contains contact.
class ContactStore
{
public:
    virtual ~ContactStore() = default;
    virtual QList<UserId> contactsOf(UserId owner) const = 0;
    //! Users whose contact list contains \a contact.
    virtual QList<UserId> listedBy(UserId contact) const = 0;
    //! true when added, false when it already was a contact; Invalid (own id), NotFound
    //! (unknown user), Unavailable, Internal.
    virtual Result<bool> addContact(UserId owner, UserId contact) = 0;
    //! true when removed, false when it was not a contact.
    virtual bool removeContact(UserId owner, UserId contact) = 0;
};

//! How long tokens live and how many one user may hold (issue 14 item 8).
struct TokenPolicy
{
    qint64 lifetimeMs = 0; //!< a token older than this is refused and deleted; 0 = never
    int maxPerUser = 100; //!< issuing one more drops the user's oldest; 0 = no cap
};

//! Access tokens: random 256-bit values, stored only as SHA-256 hashes.
class TokenStore
{
public:
    virtual ~TokenStore() = default;
    virtual void setTokenPolicy(const TokenPolicy &policy) = 0;
    //! Revokes every token of \a user except \a keep (empty: all of them); how many went.
    virtual Result<int> revokeTokensOfUser(UserId user, const QString &keep) = 0;
    //! A fresh token (64 hex chars), empty on failure.
    virtual QString issueToken(UserId user) = 0;
    //! Fresh tokens for many users in one transaction, in the order of \a users; NotFound
    //! for an unknown user (then none is issued).
    virtual Result<QStringList> issueTokens(const QList<UserId> &users) = 0;
    virtual std::optional<UserId> userForToken(const QString &token) const = 0;
    //! true when the token existed.
    virtual bool revokeToken(const QString &token) = 0;
};

//! The presence columns last_active / is_online, buffered: at most 1 s behind (DESIGN.md §5).
class PresenceStore
{
public:
    virtual ~PresenceStore() = default;
    virtual void recordActivity(UserId user, qint64 ms) = 0;
    virtual void setOnline(UserId user, bool online) = 0;
    //! Writes the buffered columns now.
    virtual void flush() = 0;
};

//! Chat messages, committed before storeMessage() returns.
class MessageStore
{
public:
    virtual ~MessageStore() = default;
    //! Stores and commits a message. A repeated non-empty \a clientId from the same sender
    //! returns the first message with duplicate set, also when two writers race (the unique
    //! constraint decides). NotFound: unknown sender or recipient.
    virtual Result<StoredMessage> storeMessage(UserId from, UserId to, const QString &text,
                                               const QString &clientId, qint64 sentAtMs)
        = 0;
    //! The newest \a limit messages between \a a and \a b with id < \a beforeId (all when
    //! none), oldest first.
    virtual QList<MessageRow> messagesBetween(UserId a, UserId b, std::optional<qint64> beforeId,
                                              int limit) const = 0;
};

//! Everything the server stores, with its life cycle.
class ServerStore : public UserStore,
                    public ContactStore,
                    public TokenStore,
                    public PresenceStore,
                    public MessageStore,
                    public ConversationStore,
                    public StatusStore
{
public:
    //! Connects, applies pending migrations, resets is_online (see setResetOnlineOnOpen()).
    //! Returns the schema version. Kinds: Invalid (bad URL, a database of another program or
    //! version), NotFound (missing folder or database), Unauthorized, Unavailable
    //! (unreachable server, missing driver), Internal.
    virtual Result<int> open() = 0;
    //! Flushes buffered writes and closes the connection.
    virtual void close() = 0;
    virtual bool isOpen() const = 0;
    virtual int schemaVersion() const = 0;
    //! false: open() leaves is_online as it is (offline tools next to a live server).
    virtual void setResetOnlineOnOpen(bool reset) = 0;
    //! The clock of every timestamp the store writes itself (created_at, added_at, …).
    virtual void setClock(Clock *clock) = 0;
    //! The database for messages and logs (a path, or a URL without its password).
    virtual QString description() const = 0;

    //! Empty while the database answers; otherwise why not (the connection to a database
    //! server was lost and the store is reconnecting on its own, with backoff).
    virtual QString unavailableReason() const { return {}; }
    //! How often the connection was found lost so far: a caller that sees it grow during a
    //! call knows the call's answer may be wrong ("not found" for "could not look").
    virtual quint64 connectionLosses() const { return 0; }
    //! Checks now, with one cheap query, that the connection still answers (a database server
    //! that restarted is only noticed by the next query otherwise). false: unavailable.
    virtual bool checkConnection() { return true; }
};

} // namespace SmartFixer
