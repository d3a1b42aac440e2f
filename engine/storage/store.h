#pragma once
// Store: the ServerStore over Qt Sql, for SQLite (WAL, one file; the embedded default) and
// PostgreSQL (QPSQL). The queries are shared; what an engine spells its own way comes from
// its SqlDialect (sqldialect_p.h). One Store per thread (it owns a named QSqlDatabase
// connection). last_active/is_online writes are buffered and flushed at least once a second
// and on close(); chat messages are committed before storeMessage() returns.
#include "databaseurl.h"
#include "serverstore.h"

#include <QHash>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTimer>
#include <QVariant>
#include <map>
#include <memory>

namespace SmartFixer {

class SqlDialect;

class Store : public QObject, public ServerStore
{
    Q_OBJECT
public:
    //! \a database: a --db value (parseDatabaseUrl(): a path, sqlite:PATH, postgresql://…;
    //! ":memory:" is a private in-memory SQLite database). A bad URL fails in open().
    explicit Store(const QString &database, QObject *parent = nullptr);
    explicit Store(const DatabaseUrl &url, QObject *parent = nullptr);
    ~Store() override; // flushes and closes

    //! Opens, sets the engine's session options (SQLite: WAL, synchronous=FULL, 5 s busy
    //! timeout, foreign keys), applies pending migrations, sets every is_online to 0.
    //! Refuses an SQLite database of the previous SmartFixer version: "migrate" upgrades it.
    Result<int> open() override;
    void setResetOnlineOnOpen(bool reset) override { m_resetOnlineOnOpen = reset; }
    void close() override;
    bool isOpen() const override;
    int schemaVersion() const override;
    void setClock(Clock *clock) override;
    QString description() const override { return m_url.display(); }
    const DatabaseUrl &url() const { return m_url; }
    //! The table of users: "users", or the legacy "user" of an upgraded Flask database.
    QString usersTable() const { return m_usersTable; }
    //! The newest schema version this build knows (open() migrates up to it).
    static int latestSchemaVersion();
    //! The username rule: 1..64 characters of [A-Za-z0-9_.-].
    static bool isValidUsername(const QString &username);

    // UserStore
    Result<UserRow> createUser(const QString &username, const QString &displayName,
                               const QString &password) override;
    Result<QList<UserRow>> createUsers(const QStringList &usernames,
                                       const QString &displayName) override;
    Result<QList<UserRow>> createUsers(const QStringList &usernames)
    {
        return createUsers(usernames, QString());
    }
    std::optional<UserRow> userById(UserId id) const override;
    std::optional<UserRow> userByName(const QString &username) const override;
    QList<UserRow> searchUsers(const QString &query, int limit) const override;
    QList<UserRow> allUsers() const override;
    std::optional<UserId> verifyPassword(const QString &username,
                                         const QString &password) const override;
    std::optional<PasswordRecord> passwordRecord(const QString &username) const override;
    std::optional<UserRow> userByCanonicalName(const QString &username) const override;
    //! Accounts migration 2 found equal after case folding: per group, the holder of the name
    //! first, then the others (which still sign in by their exact name).
    QList<QStringList> usernameCollisions() const;
    bool replacePasswordHash(UserId id, const QString &oldHash, const QString &newHash) override;
    Result<UserRow> createUserWithHash(const QString &username, const QString &displayName,
                                       const QString &passwordHash) override;
    bool setVisibility(UserId id, Visibility visibility) override;

    // ContactStore
    QList<UserId> contactsOf(UserId owner) const override;
    QList<UserId> listedBy(UserId contact) const override;
    Result<bool> addContact(UserId owner, UserId contact) override;
    bool removeContact(UserId owner, UserId contact) override;

    // TokenStore
    QString issueToken(UserId user) override;
    Result<QStringList> issueTokens(const QList<UserId> &users) override;
    std::optional<UserId> userForToken(const QString &token) const override;
    bool revokeToken(const QString &token) override;
    void setTokenPolicy(const TokenPolicy &policy) override { m_tokenPolicy = policy; }
    Result<int> revokeTokensOfUser(UserId user, const QString &keep) override;
    Result<QSet<QString>> validTokens(const QStringList &tokens) const override; // store_tokens.cpp

    // PresenceStore
    void recordActivity(UserId user, qint64 ms) override;
    void setOnline(UserId user, bool online) override;
    void flush() override;

    // MessageStore
    Result<StoredMessage> storeMessage(UserId from, UserId to, const QString &text,
                                       const QString &clientId, qint64 sentAtMs) override;
    QList<MessageRow> messagesBetween(UserId a, UserId b, std::optional<qint64> beforeId,
                                      int limit) const override;

    // StatusStore (store_status.cpp)
    ManualStatus manualStatus(UserId user) const override;
    bool setManualStatus(UserId user, const ManualStatus &status,
                         std::optional<qint64> onlyIfExpiresAtMs = std::nullopt) override;
    QList<RebasedReceipt> rebaseReceipts(UserId recipient, std::optional<qint64> hiddenSinceMs,
                                         qint64 nowMs) override;

    // ConversationStore (store_conversations.cpp)
    QList<DeliveredMessage> markDelivered(UserId recipient, std::optional<qint64> messageId,
                                          qint64 nowMs, int limit) override;
    Result<std::optional<qint64>> markRead(UserId reader, UserId peer, qint64 upTo,
                                           qint64 nowMs) override;
    bool readReceipts(UserId user) const override;
    bool setReadReceipts(UserId user, bool on) override;
    QList<ConversationRow> conversations(UserId me, int limit) const override;
    std::optional<MessageRow> messageById(qint64 id) const override;
    QList<MessageRow> searchMessages(UserId me, const QString &text, std::optional<UserId> peer,
                                     int limit) const override;

    // Admin (store_admin.cpp): "user remove" (the account, its contacts, tokens and
    // messages) and "user passwd"; false when there was no such user.
    Result<bool> removeUser(UserId id);
    Result<bool> setPassword(UserId id, const QString &password);

    // Losing the database server (PostgreSQL restarted, network; store_reconnect.cpp). While
    // it is gone isOpen() is false, so every call fails at once without touching the dead
    // connection, buffered presence writes are kept, and the store reconnects on a timer
    // (100 ms, doubling to 2 s); the prepared statements of the old connection are dropped.
    QString unavailableReason() const override;
    quint64 connectionLosses() const override { return m_losses; }
    bool checkConnection() override;
    //! A failed query's error: a lost connection starts the reconnect. The kind for a Result.
    ErrorKind noteDatabaseError(const QSqlError &error) const;

Q_SIGNALS:
    //! The connection was lost (false) or is back (true).
    void availabilityChanged(bool available);

private:
    void markLost(const QString &why);
    void reconnect();
    //! A new SQLite file is created 0600 before SQLite opens it.
    void restrictNewSqliteFile() const;
    QSqlDatabase db() const;
    //! The prepared statement for \a sql on the open connection, prepared once and reused:
    //! re-preparing the handshake's lookups (user by id, user for token, contacts) was
    //! about a fifth of the server's CPU per handshake (tests/benchmarks/README.md). Bind
    //! with bindValue(i, v), and finish() it when done (ReusedQuery does): an unfinished
    //! SQLite statement keeps its read snapshot open.
    QSqlQuery &reused(const QString &sql) const;
    Result<int> migrate();
    //! The open connection with a transaction begun on it.
    Result<bool> beginTransaction(QSqlDatabase *db);
    bool begin(QSqlDatabase &db, QString *error) const;
    bool commit(QSqlDatabase &db, QString *error) const;
    void rollback(QSqlDatabase &db) const;
    void inspectUserColumns();
    //! Sets \a column (SQL \a type) of each (id, value) in \a rows, inside the caller's
    //! transaction: one statement per batch of the dialect's size, or one per row.
    bool updateColumn(QSqlDatabase &d, const QString &column, const QString &type,
                      const QList<QPair<UserId, QVariant>> &rows, QString *error);
    //! Locks the rows of \a a and \a b lowest id first, inside the caller's
    //! transaction, where the dialect has row locks (SqlDialect::lockRowsSql).
    bool lockRows(QSqlDatabase &d, const QList<QPair<UserId, QVariant>> &a,
                  const QList<QPair<UserId, QVariant>> &b, QString *error);
    QString insertUserSql() const;
    std::optional<UserRow> userWhere(const QString &condition, const QVariant &value) const;
    UserRow withPending(UserRow row) const;

    DatabaseUrl m_url;
    QString m_urlError; // parse error of the constructor's text, reported by open()
    std::unique_ptr<SqlDialect> m_dialect;
    QString m_connectionName;
    QString m_usersTable = QStringLiteral("users");
    QString m_users; // m_usersTable quoted for SQL
    QTimer m_flushTimer; // 1 s: DESIGN.md §5 allows last_active writes at most 1 s behind
    QHash<UserId, qint64> m_pendingActivity;
    QHash<UserId, bool> m_pendingOnline;
    mutable std::map<QString, QSqlQuery> m_statements; // reused(): dropped by close()
    Clock *m_clock = nullptr;
    // A legacy users table (upgraded by "migrate") may have NOT NULL columns of its own without
    // a default (e.g. email); new rows fill them so that inserts do not fail. See store.cpp.
    QStringList m_legacyTextColumns;
    QStringList m_legacyNumberColumns;
    bool m_passwordHashNotNull = false; // legacy NOT NULL password_hash: '' means token-only
    bool m_resetOnlineOnOpen = true;
    TokenPolicy m_tokenPolicy;
    bool m_lost = false; // the connection to the database server is gone
    QString m_lostReason;
    quint64 m_losses = 0;
    QTimer m_reconnectTimer;
    int m_reconnectDelayMs = 0; // the next attempt's delay (ms)
    qint64 m_lastCheckMs = 0; // checkConnection()'s last query (steady ms)
    qint64 m_knownCollisions = -1; // rows left NULL by fillNormalizedNames() (-1: not looked)
    bool fillNormalizedNames(QString *error);
};

//! argon2id (libsodium, OWASP parameters) password hashing.
QString hashPassword(const QString &password);
//! Verifies an argon2id hash, or a legacy Werkzeug hash of the previous SmartFixer
//! ("pbkdf2:sha256:600000$salt$hex", "scrypt:32768:8:1$salt$hex").
bool verifyPasswordHash(const QString &hash, const QString &password);
//! A Werkzeug hash carried over by "migrate"; verifyPassword() replaces it with argon2id.
bool isLegacyPasswordHash(const QString &hash);

} // namespace SmartFixer
