#pragma once
// Store: the server's SQLite database through Qt Sql (WAL, one file): users, contacts, hashed
// access tokens, chat messages, numbered schema migrations. One Store per thread (it owns a
// named QSqlDatabase connection). last_active/is_online writes are buffered and flushed at
// least once a second and on close(); chat messages are committed before storeMessage()
// returns. This is the SQLite engine; DESIGN.md §8 plans PostgreSQL behind the same API.
#include "core/presence.h"
#include "core/privacy.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QVariant>
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
};

class Store : public QObject
{
    Q_OBJECT
public:
    //! \a path of the SQLite file (created if missing; ":memory:" for a private in-memory db).
    explicit Store(QString path, QObject *parent = nullptr);
    ~Store() override; // flushes and closes

    //! Opens the file, enables WAL (synchronous=FULL, 5 s busy timeout, foreign keys),
    //! applies pending migrations, sets every is_online to 0 (see setResetOnlineOnOpen()).
    //! Refuses a database of the previous SmartFixer version: "migrate" upgrades it first.
    bool open(QString *error);
    //! false: open() leaves is_online as it is. For offline tools (admin commands) that may
    //! run next to a live server; the server itself keeps the default (true).
    void setResetOnlineOnOpen(bool reset) { m_resetOnlineOnOpen = reset; }
    //! Flushes buffered writes and closes the connection.
    void close();
    bool isOpen() const;
    QString path() const { return m_path; }
    //! Highest schema migration applied.
    int schemaVersion() const;
    //! The newest schema version this build knows (open() migrates up to it).
    static int latestSchemaVersion();
    //! The clock for created_at/added_at/issued stamps (default Clock::system()); not owned.
    void setClock(Clock *clock);

    // --- users ---------------------------------------------------------------------------
    //! Creates one user; \a password empty = token-only account. Error when the name is taken
    //! or invalid (1..64 chars of [A-Za-z0-9_.-]).
    std::optional<UserRow> createUser(const QString &username, const QString &displayName,
                                      const QString &password, QString *error);
    //! Creates many token-only users in one transaction (thousands per second). Names that
    //! exist already are returned as they are. Order follows \a usernames.
    QList<UserRow> createUsers(const QStringList &usernames, QString *error);
    //! The same with one \a displayName for every new user (empty = each username).
    QList<UserRow> createUsers(const QStringList &usernames, const QString &displayName,
                               QString *error);
    //! The username rule: 1..64 characters of [A-Za-z0-9_.-].
    static bool isValidUsername(const QString &username);
    std::optional<UserRow> userById(UserId id) const;
    std::optional<UserRow> userByName(const QString &username) const;
    //! Username or display name contains \a query (case-insensitive); at most \a limit rows.
    QList<UserRow> searchUsers(const QString &query, int limit) const;
    QList<UserRow> allUsers() const;
    //! The user id when the password matches (argon2id); nothing otherwise.
    std::optional<UserId> verifyPassword(const QString &username, const QString &password) const;
    bool setVisibility(UserId id, Visibility visibility);

    // --- contacts (directed: owner's list contains contact) -------------------------------
    QList<UserId> contactsOf(UserId owner) const;
    //! Users whose contact list contains \a contact.
    QList<UserId> listedBy(UserId contact) const;
    //! true when added, false when it already was a contact (\a error then empty) or failed
    //! (\a error says why: unknown user, own id, database error).
    bool addContact(UserId owner, UserId contact, QString *error = nullptr);
    //! true when removed, false when it was not a contact.
    bool removeContact(UserId owner, UserId contact);

    // --- access tokens (stored as SHA-256 hashes) ------------------------------------------
    //! A fresh random 256-bit token (64 hex chars) for \a user.
    QString issueToken(UserId user);
    //! Fresh tokens for many users in one transaction (admin "user token"), in the order of
    //! \a users; empty with \a error set on failure.
    QStringList issueTokens(const QList<UserId> &users, QString *error);
    std::optional<UserId> userForToken(const QString &token) const;
    //! true when the token existed.
    bool revokeToken(const QString &token);

    // --- presence columns (buffered) -------------------------------------------------------
    void recordActivity(UserId user, qint64 ms);
    void setOnline(UserId user, bool online);
    //! Writes buffered presence columns in one transaction now.
    void flush();

    // --- chat messages ---------------------------------------------------------------------
    //! Stores and commits a message. A repeated non-empty \a clientId from the same sender
    //! returns the first message and sets \a duplicate.
    std::optional<MessageRow> storeMessage(UserId from, UserId to, const QString &text,
                                           const QString &clientId, qint64 sentAtMs,
                                           bool *duplicate, QString *error);
    //! The newest \a limit messages between \a a and \a b with id < \a beforeId (all when
    //! none), oldest first.
    QList<MessageRow> messagesBetween(UserId a, UserId b, std::optional<qint64> beforeId,
                                      int limit) const;

private:
    bool migrate(QString *error);
    //! The open connection with a transaction begun on it, or false with \a error set.
    bool beginTransaction(QSqlDatabase *db, QString *error);
    void inspectUserColumns();
    std::optional<UserRow> userWhere(const QString &condition, const QVariant &value) const;
    UserRow withPending(UserRow row) const;

    QString m_path;
    QString m_connectionName;
    QTimer m_flushTimer; // 1 s: DESIGN.md §5 allows last_active writes at most 1 s behind
    QHash<UserId, qint64> m_pendingActivity;
    QHash<UserId, bool> m_pendingOnline;
    Clock *m_clock = nullptr;
    // A legacy users table (upgraded by "migrate") may have NOT NULL columns of its own without
    // a default (e.g. email); new rows fill them so that inserts do not fail. See store.cpp.
    QStringList m_legacyTextColumns;
    QStringList m_legacyNumberColumns;
    bool m_passwordHashNotNull = false;
    bool m_resetOnlineOnOpen = true; // legacy NOT NULL password_hash: '' means token-only
};

//! argon2id (libsodium, OWASP parameters) password hashing.
QString hashPassword(const QString &password);
//! Verifies an argon2id hash, or a legacy Werkzeug hash of the previous SmartFixer
//! ("pbkdf2:sha256:600000$salt$hex", "scrypt:32768:8:1$salt$hex").
bool verifyPasswordHash(const QString &hash, const QString &password);
//! A Werkzeug hash carried over by "migrate"; verifyPassword() replaces it with argon2id.
bool isLegacyPasswordHash(const QString &hash);

} // namespace SmartFixer
