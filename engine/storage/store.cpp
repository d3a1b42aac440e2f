#include "store.h"

#include "core/clock.h"
#include "core/logging.h"
#include "core/presenceinfo.h"
#include "schema_p.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <algorithm>
#include <array>
#include <atomic>
#include <limits>

namespace SmartFixer {

namespace {

std::atomic<int> s_connectionCounter{0};

constexpr int BusyTimeoutMs = 5000; // a second writer (admin command) waits this long
constexpr int FlushIntervalMs = 1000; // DESIGN.md §5: last_active at most 1 s behind

// The columns Store itself writes; any other NOT NULL column without a default belongs to a
// legacy table and gets a filler value on insert.
const QStringList &ownUserColumns()
{
    static const QStringList columns = {
        QStringLiteral("id"),           QStringLiteral("username"),
        QStringLiteral("display_name"), QStringLiteral("password_hash"),
        QStringLiteral("last_active"),  QStringLiteral("is_online"),
        QStringLiteral("visibility"),   QStringLiteral("created_at"),
    };
    return columns;
}

QString invalidUsernameError(const QString &name)
{
    return QStringLiteral("invalid username \"%1\": use 1 to 64 characters of A-Z a-z 0-9 _ . -")
        .arg(name.left(80));
}

QString tokenHash(const QString &token)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString randomToken()
{
    std::array<quint32, 8> words{}; // 256 bits
    QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(words.data()), sizeof(words)).toHex());
}

QString userColumns()
{
    return QStringLiteral("id, username, display_name, password_hash, last_active, visibility");
}

UserRow userFromQuery(const QSqlQuery &q)
{
    UserRow row;
    row.id = q.value(0).toLongLong();
    row.username = q.value(1).toString();
    row.displayName = q.value(2).toString();
    if (row.displayName.isEmpty())
        row.displayName = row.username;
    const QVariant hash = q.value(3);
    row.hasPassword = !hash.isNull() && !hash.toString().isEmpty();
    row.lastActiveMs = Schema::timestampMs(q.value(4));
    row.visibility = visibilityFromName(q.value(5).toString()).value_or(Visibility::Everyone);
    return row;
}

MessageRow messageFromQuery(const QSqlQuery &q)
{
    MessageRow row;
    row.id = q.value(0).toLongLong();
    row.from = q.value(1).toLongLong();
    row.to = q.value(2).toLongLong();
    row.text = q.value(3).toString();
    row.sentAtMs = Schema::timestampMs(q.value(4)).value_or(0);
    row.clientId = q.value(5).toString();
    return row;
}

QString messageColumns()
{
    return QStringLiteral("id, sender_id, recipient_id, text, sent_at, client_id");
}

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

} // namespace

Store::Store(QString path, QObject *parent)
    : QObject(parent), m_path(std::move(path)),
      m_connectionName(QStringLiteral("smartfixer-store-%1").arg(++s_connectionCounter)),
      m_clock(Clock::system())
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(FlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &Store::flush);
}

Store::~Store()
{
    close();
}

bool Store::isValidUsername(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("\\A[A-Za-z0-9_.-]{1,64}\\z"));
    return re.match(name).hasMatch();
}

int Store::latestSchemaVersion()
{
    return Schema::latestVersion();
}

void Store::setClock(Clock *clock)
{
    m_clock = clock ? clock : Clock::system();
}

bool Store::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName)
        && QSqlDatabase::database(m_connectionName, false).isOpen();
}

bool Store::open(QString *error)
{
    if (isOpen())
        return true;
    QString err;
    const bool inMemory = m_path == QLatin1String(":memory:") || m_path.isEmpty();
    if (!inMemory && !QFileInfo(m_path).absoluteDir().exists()) {
        // SQLite would only say "unable to open database file".
        err = QStringLiteral("cannot open database %1: the folder %2 does not exist")
                  .arg(m_path, QFileInfo(m_path).absolutePath());
        qCWarning(lcStore).noquote() << err;
        setError(error, err);
        return false;
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        db.setDatabaseName(m_path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs));
        if (!db.open()) {
            err = db.lastError().text();
        } else {
            QSqlQuery q(db);
            // The first statement reads the file: a file that is not SQLite fails here.
            // WAL: readers never block the writer. synchronous=FULL: a commit (a chat message)
            // is on disk when it returns, as DESIGN.md §5 requires before the ack.
            if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")))
                err = q.lastError().text();
            else if (!Schema::exec(db, QStringLiteral("PRAGMA synchronous=FULL"), &err)) {
            } else if (!Schema::exec(db, QStringLiteral("PRAGMA foreign_keys=ON"), &err)) {
            }
        }
    }
    if (err.isEmpty() && !migrate(&err)) {
        // err set by migrate()
    }
    if (err.isEmpty() && m_resetOnlineOnOpen) {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        // No ghosts: nobody is connected to a server that is just starting.
        if (!Schema::exec(db, QStringLiteral("UPDATE users SET is_online = 0 WHERE is_online <> 0"),
                          &err)) { }
    }
    if (!err.isEmpty()) {
        err = QStringLiteral("cannot open database %1: %2").arg(m_path, err);
        qCWarning(lcStore).noquote() << err;
        setError(error, err);
        {
            QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connectionName);
        return false;
    }
    inspectUserColumns();
    qCInfo(lcStore).noquote() << "opened" << m_path << "schema version" << schemaVersion();
    return true;
}

bool Store::migrate(QString *error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    const QStringList tables = Schema::tableNames(db);
    if (!tables.contains(QStringLiteral("schema_migrations"))
        && (tables.contains(QStringLiteral("users")) || tables.contains(QStringLiteral("user")))) {
        // Never touch a database of the previous version implicitly: the upgrade is explicit
        // and tells the admin what it did.
        setError(error,
                 QStringLiteral("it was made by an earlier SmartFixer version; upgrade it first "
                                "with: smartfixer-server migrate --db %1")
                     .arg(m_path));
        return false;
    }
    const int current = Schema::recordedVersion(db);
    if (current > Schema::latestVersion()) {
        setError(error,
                 QStringLiteral("its schema version %1 is newer than this program knows (%2)")
                     .arg(current)
                     .arg(Schema::latestVersion()));
        return false;
    }
    if (current == Schema::latestVersion())
        return true;
    if (!Schema::createMigrationsTable(db, error))
        return false;
    for (const Schema::Migration &m : Schema::migrations()) {
        if (m.version <= current)
            continue;
        QString err;
        if (!Schema::begin(db, &err) || !m.apply(db, &err)
            || !Schema::recordVersion(db, m.version, QString::fromUtf8(m.description),
                                      toIsoUtc(m_clock->nowMs()), &err)
            || !Schema::commit(db, &err)) {
            Schema::rollback(db);
            setError(error, QStringLiteral("migration %1 failed: %2").arg(m.version).arg(err));
            return false;
        }
        qCInfo(lcStore).noquote() << "applied schema migration" << m.version << m.description;
    }
    return true;
}

void Store::inspectUserColumns()
{
    m_legacyTextColumns.clear();
    m_legacyNumberColumns.clear();
    m_passwordHashNotNull = false;
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA table_info(users)")))
        return;
    // PRAGMA table_info: cid, name, type, notnull, dflt_value, pk
    while (q.next()) {
        const QString name = q.value(1).toString();
        const QString type = q.value(2).toString().toUpper();
        const bool notNull = q.value(3).toInt() != 0;
        const bool hasDefault = !q.value(4).isNull();
        const bool pk = q.value(5).toInt() != 0;
        if (name == QLatin1String("password_hash") && notNull)
            m_passwordHashNotNull = true;
        if (!notNull || hasDefault || pk || ownUserColumns().contains(name))
            continue;
        static const QRegularExpression numeric(QStringLiteral("INT|REAL|FLOA|DOUB|NUM|DEC|BOOL"));
        if (numeric.match(type).hasMatch())
            m_legacyNumberColumns << name;
        else
            m_legacyTextColumns << name;
    }
    if (!m_legacyTextColumns.isEmpty() || !m_legacyNumberColumns.isEmpty())
        qCInfo(lcStore).noquote() << "legacy NOT NULL columns filled on insert:"
                                  << (m_legacyTextColumns + m_legacyNumberColumns).join(u',');
}

void Store::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    flush();
    m_flushTimer.stop();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_pendingActivity.clear();
    m_pendingOnline.clear();
}

int Store::schemaVersion() const
{
    if (!isOpen())
        return 0;
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    return Schema::recordedVersion(db);
}

// --- users ---------------------------------------------------------------------------------

std::optional<UserRow> Store::createUser(const QString &username, const QString &displayName,
                                         const QString &password, QString *error)
{
    if (!isValidUsername(username)) {
        setError(error, invalidUsernameError(username));
        return std::nullopt;
    }
    if (!isOpen()) {
        setError(error, QStringLiteral("database is not open"));
        return std::nullopt;
    }
    if (userByName(username)) {
        setError(error, QStringLiteral("username \"%1\" is taken").arg(username));
        return std::nullopt;
    }
    QString hash; // NULL = token-only
    if (!password.isEmpty()) {
        hash = hashPassword(password);
        if (hash.isEmpty()) {
            setError(error, QStringLiteral("could not hash the password (out of memory?)"));
            return std::nullopt;
        }
    } else if (m_passwordHashNotNull) {
        hash = QStringLiteral(""); // legacy NOT NULL column: '' also means token-only
    }
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QString columns = QStringLiteral(
        "username, display_name, password_hash, last_active, is_online, visibility, created_at");
    QString values = QStringLiteral("?, ?, ?, NULL, 0, 'everyone', ?");
    for (const QString &c : m_legacyTextColumns + m_legacyNumberColumns) {
        columns += QStringLiteral(", ") + Schema::quoted(c);
        values += QStringLiteral(", ?");
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO users (") + columns + QStringLiteral(") VALUES (")
              + values + QStringLiteral(")"));
    q.addBindValue(username);
    q.addBindValue(displayName.isEmpty() ? username : displayName);
    q.addBindValue(hash.isNull() ? QVariant() : QVariant(hash));
    q.addBindValue(toIsoUtc(m_clock->nowMs()));
    // Legacy text columns get the username: unique like it, so a legacy UNIQUE (e.g. email)
    // holds; numbers get 0.
    for (qsizetype i = 0; i < m_legacyTextColumns.size(); ++i)
        q.addBindValue(username);
    for (qsizetype i = 0; i < m_legacyNumberColumns.size(); ++i)
        q.addBindValue(0);
    if (!q.exec()) {
        setError(error,
                 QStringLiteral("cannot add user \"%1\": %2").arg(username, q.lastError().text()));
        return std::nullopt;
    }
    const UserId id = q.lastInsertId().toLongLong();
    qCInfo(lcStore).noquote() << "created user" << username << "id" << id
                              << (hash.isEmpty() ? "(token-only)" : "");
    return userById(id);
}

QList<UserRow> Store::createUsers(const QStringList &usernames, QString *error)
{
    return createUsers(usernames, QString(), error);
}

bool Store::beginTransaction(QSqlDatabase *db, QString *error)
{
    if (!isOpen()) {
        setError(error, QStringLiteral("database is not open"));
        return false;
    }
    *db = QSqlDatabase::database(m_connectionName, false);
    QString err;
    if (!Schema::begin(*db, &err)) {
        setError(error, err);
        return false;
    }
    return true;
}

QList<UserRow> Store::createUsers(const QStringList &usernames, const QString &displayName,
                                  QString *error)
{
    QList<UserRow> result;
    for (const QString &name : usernames) {
        if (!isValidUsername(name)) {
            setError(error, invalidUsernameError(name));
            return result;
        }
    }
    QSqlDatabase db;
    if (!beginTransaction(&db, error))
        return result;
    QString err;
    QString columns = QStringLiteral(
        "username, display_name, password_hash, last_active, is_online, visibility, created_at");
    QString values = QStringLiteral("?, ?, ?, NULL, 0, 'everyone', ?");
    for (const QString &c : m_legacyTextColumns + m_legacyNumberColumns) {
        columns += QStringLiteral(", ") + Schema::quoted(c);
        values += QStringLiteral(", ?");
    }
    const QString createdAt = toIsoUtc(m_clock->nowMs());
    const QVariant noPassword = m_passwordHashNotNull ? QVariant(QStringLiteral("")) : QVariant();
    QList<UserId> ids;
    ids.reserve(usernames.size());
    QList<bool> existed;
    {
        QSqlQuery find(db);
        QSqlQuery insert(db);
        bool ok = find.prepare(QStringLiteral("SELECT id FROM users WHERE username = ?"))
            && insert.prepare(QStringLiteral("INSERT INTO users (") + columns
                              + QStringLiteral(") VALUES (") + values + QStringLiteral(")"));
        for (qsizetype i = 0; ok && i < usernames.size(); ++i) {
            const QString &name = usernames.at(i);
            find.addBindValue(name);
            if (!find.exec()) {
                ok = false;
                err = find.lastError().text();
                break;
            }
            if (find.next()) {
                ids << find.value(0).toLongLong();
                existed << true;
                find.finish();
                continue;
            }
            find.finish();
            insert.addBindValue(name);
            insert.addBindValue(displayName.isEmpty() ? name : displayName);
            insert.addBindValue(noPassword);
            insert.addBindValue(createdAt);
            for (qsizetype c = 0; c < m_legacyTextColumns.size(); ++c)
                insert.addBindValue(name);
            for (qsizetype c = 0; c < m_legacyNumberColumns.size(); ++c)
                insert.addBindValue(0);
            if (!insert.exec()) {
                ok = false;
                err = QStringLiteral("cannot add user \"%1\": %2")
                          .arg(name, insert.lastError().text());
                break;
            }
            ids << insert.lastInsertId().toLongLong();
            existed << false;
        }
        if (!ok && err.isEmpty())
            err = insert.lastError().text();
    }
    if (!err.isEmpty() || !Schema::commit(db, &err)) {
        Schema::rollback(db);
        setError(error, err);
        return result;
    }
    result.reserve(ids.size());
    for (qsizetype i = 0; i < ids.size(); ++i) {
        if (existed.at(i)) {
            if (auto row = userById(ids.at(i)))
                result << *row;
            continue;
        }
        UserRow row;
        row.id = ids.at(i);
        row.username = usernames.at(i);
        row.displayName = displayName.isEmpty() ? row.username : displayName;
        result << row;
    }
    qCInfo(lcStore) << "created" << std::count(existed.cbegin(), existed.cend(), false)
                    << "token-only users in one transaction";
    return result;
}

std::optional<UserRow> Store::userWhere(const QString &condition, const QVariant &value) const
{
    if (!isOpen())
        return std::nullopt;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("SELECT ") + userColumns() + QStringLiteral(" FROM users WHERE ")
              + condition);
    q.addBindValue(value);
    if (!q.exec()) {
        qCWarning(lcStore).noquote() << "user lookup failed:" << q.lastError().text();
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return withPending(userFromQuery(q));
}

UserRow Store::withPending(UserRow row) const
{
    // Buffered activity is newer than the database: readers see it before the flush.
    const auto it = m_pendingActivity.constFind(row.id);
    if (it != m_pendingActivity.cend())
        row.lastActiveMs = it.value();
    return row;
}

std::optional<UserRow> Store::userById(UserId id) const
{
    return userWhere(QStringLiteral("id = ?"), id);
}

std::optional<UserRow> Store::userByName(const QString &username) const
{
    return userWhere(QStringLiteral("username = ?"), username);
}

QList<UserRow> Store::searchUsers(const QString &query, int limit) const
{
    QList<UserRow> rows;
    if (!isOpen() || limit <= 0)
        return rows;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    bool ascii = true;
    for (const QChar c : query)
        ascii = ascii && c.unicode() < 128;
    if (ascii) {
        // SQLite's LIKE folds ASCII case only, which is enough for an ASCII query.
        QString pattern = query;
        pattern.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char('%'), QLatin1String("\\%"))
            .replace(QLatin1Char('_'), QLatin1String("\\_"));
        pattern = QLatin1Char('%') + pattern + QLatin1Char('%');
        q.prepare(QStringLiteral("SELECT ") + userColumns()
                  + QStringLiteral(" FROM users WHERE username LIKE ? ESCAPE '\\'"
                                   " OR display_name LIKE ? ESCAPE '\\'"
                                   " ORDER BY username LIMIT ?"));
        q.addBindValue(pattern);
        q.addBindValue(pattern);
        q.addBindValue(limit);
        if (!q.exec())
            return rows;
        while (q.next())
            rows << withPending(userFromQuery(q));
        return rows;
    }
    // Non-ASCII query: fold case with Qt's Unicode tables instead.
    if (!q.exec(QStringLiteral("SELECT ") + userColumns()
                + QStringLiteral(" FROM users ORDER BY username")))
        return rows;
    while (q.next() && rows.size() < limit) {
        const UserRow row = userFromQuery(q);
        if (row.username.contains(query, Qt::CaseInsensitive)
            || row.displayName.contains(query, Qt::CaseInsensitive))
            rows << withPending(row);
    }
    return rows;
}

QList<UserRow> Store::allUsers() const
{
    QList<UserRow> rows;
    if (!isOpen())
        return rows;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT ") + userColumns()
                + QStringLiteral(" FROM users ORDER BY id")))
        return rows;
    while (q.next())
        rows << withPending(userFromQuery(q));
    return rows;
}

std::optional<UserId> Store::verifyPassword(const QString &username, const QString &password) const
{
    if (!isOpen() || password.isEmpty())
        return std::nullopt;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("SELECT id, password_hash FROM users WHERE username = ?"));
    q.addBindValue(username);
    const bool found = q.exec() && q.next();
    const UserId id = found ? q.value(0).toLongLong() : 0;
    const QString hash = found ? q.value(1).toString() : QString();
    q.finish();
    if (hash.isEmpty()) {
        // Unknown name or token-only account: spend the time of a real check anyway, so the
        // answer time does not tell which names exist.
        static const QString dummy = hashPassword(QStringLiteral("no such user"));
        verifyPasswordHash(dummy, password);
        return std::nullopt;
    }
    if (!verifyPasswordHash(hash, password))
        return std::nullopt;
    if (isLegacyPasswordHash(hash)) {
        // A Werkzeug hash from a migrated database: now that we know the password, store it
        // as argon2id. Not visible to callers (the same password still matches), hence const.
        const QString upgraded = hashPassword(password);
        QSqlQuery update(QSqlDatabase::database(m_connectionName, false));
        update.prepare(QStringLiteral("UPDATE users SET password_hash = ? WHERE id = ? AND"
                                      " password_hash = ?"));
        update.addBindValue(upgraded);
        update.addBindValue(id);
        update.addBindValue(hash);
        if (upgraded.isEmpty() || !update.exec())
            qCWarning(lcStore) << "could not rehash the legacy password of user" << id;
        else
            qCInfo(lcStore) << "rehashed the legacy password of user" << id << "with argon2id";
    }
    return id;
}

bool Store::setVisibility(UserId id, Visibility visibility)
{
    if (!isOpen())
        return false;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("UPDATE users SET visibility = ? WHERE id = ?"));
    q.addBindValue(visibilityName(visibility));
    q.addBindValue(id);
    if (!q.exec()) {
        qCWarning(lcStore).noquote() << "setVisibility failed:" << q.lastError().text();
        return false;
    }
    return q.numRowsAffected() > 0;
}

// --- contacts ------------------------------------------------------------------------------

namespace {
// The ids a one-parameter SELECT of one integer column returns, in its order.
QList<UserId> selectIds(const QString &connectionName, const QString &sql, qint64 param)
{
    QList<UserId> ids;
    QSqlQuery q(QSqlDatabase::database(connectionName, false));
    q.prepare(sql);
    q.addBindValue(param);
    if (q.exec()) {
        while (q.next())
            ids << q.value(0).toLongLong();
    }
    return ids;
}
} // namespace

QList<UserId> Store::contactsOf(UserId owner) const
{
    if (!isOpen())
        return {};
    return selectIds(
        m_connectionName,
        QStringLiteral("SELECT contact_id FROM contacts WHERE owner_id = ? ORDER BY contact_id"),
        owner);
}

QList<UserId> Store::listedBy(UserId contact) const
{
    if (!isOpen())
        return {};
    return selectIds(
        m_connectionName,
        QStringLiteral("SELECT owner_id FROM contacts WHERE contact_id = ? ORDER BY owner_id"),
        contact);
}

bool Store::addContact(UserId owner, UserId contact, QString *error)
{
    if (owner == contact) {
        setError(error, QStringLiteral("a user cannot be their own contact"));
        return false;
    }
    if (!userById(owner) || !userById(contact)) {
        setError(error, QStringLiteral("unknown user %1").arg(userById(owner) ? contact : owner));
        return false;
    }
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral(
        "INSERT OR IGNORE INTO contacts (owner_id, contact_id, added_at) VALUES (?, ?, ?)"));
    q.addBindValue(owner);
    q.addBindValue(contact);
    q.addBindValue(toIsoUtc(m_clock->nowMs()));
    if (!q.exec()) {
        setError(error, q.lastError().text());
        return false;
    }
    if (q.numRowsAffected() == 0) {
        setError(error, QString()); // not a failure: it already was a contact
        return false;
    }
    return true;
}

bool Store::removeContact(UserId owner, UserId contact)
{
    if (!isOpen())
        return false;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("DELETE FROM contacts WHERE owner_id = ? AND contact_id = ?"));
    q.addBindValue(owner);
    q.addBindValue(contact);
    return q.exec() && q.numRowsAffected() > 0;
}

// --- tokens ----------------------------------------------------------------------------------

QString Store::issueToken(UserId user)
{
    QString error;
    const QStringList tokens = issueTokens({user}, &error);
    if (tokens.isEmpty()) {
        qCWarning(lcStore).noquote() << "cannot issue a token for user" << user << ":" << error;
        return QString();
    }
    return tokens.constFirst();
}

QStringList Store::issueTokens(const QList<UserId> &users, QString *error)
{
    QStringList tokens;
    QSqlDatabase db;
    if (!beginTransaction(&db, error))
        return tokens;
    QString err;
    const QString createdAt = toIsoUtc(m_clock->nowMs());
    {
        QSqlQuery q(db);
        q.prepare(QStringLiteral(
            "INSERT INTO access_tokens (token_hash, user_id, created_at) VALUES (?, ?, ?)"));
        for (const UserId user : users) {
            const QString token = randomToken();
            q.addBindValue(tokenHash(token));
            q.addBindValue(user);
            q.addBindValue(createdAt);
            if (!q.exec()) {
                err = q.lastError().text().contains(QLatin1String("FOREIGN KEY"))
                    ? QStringLiteral("unknown user %1").arg(user)
                    : q.lastError().text();
                break;
            }
            tokens << token;
        }
    }
    if (!err.isEmpty() || !Schema::commit(db, &err)) {
        Schema::rollback(db);
        setError(error, err);
        return QStringList();
    }
    return tokens;
}

std::optional<UserId> Store::userForToken(const QString &token) const
{
    if (!isOpen() || token.isEmpty())
        return std::nullopt;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("SELECT user_id FROM access_tokens WHERE token_hash = ?"));
    q.addBindValue(tokenHash(token));
    if (!q.exec() || !q.next())
        return std::nullopt;
    return q.value(0).toLongLong();
}

bool Store::revokeToken(const QString &token)
{
    if (!isOpen() || token.isEmpty())
        return false;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("DELETE FROM access_tokens WHERE token_hash = ?"));
    q.addBindValue(tokenHash(token));
    return q.exec() && q.numRowsAffected() > 0;
}

// --- presence columns --------------------------------------------------------------------------

void Store::recordActivity(UserId user, qint64 ms)
{
    m_pendingActivity.insert(user, ms);
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void Store::setOnline(UserId user, bool online)
{
    m_pendingOnline.insert(user, online);
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void Store::flush()
{
    if (m_pendingActivity.isEmpty() && m_pendingOnline.isEmpty())
        return;
    if (!isOpen()) {
        qCWarning(lcStore) << "dropping" << m_pendingActivity.size() + m_pendingOnline.size()
                           << "buffered presence writes: database is not open";
        m_pendingActivity.clear();
        m_pendingOnline.clear();
        return;
    }
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QString err;
    if (Schema::begin(db, &err)) {
        QSqlQuery activity(db);
        QSqlQuery online(db);
        bool ok = activity.prepare(QStringLiteral("UPDATE users SET last_active = ? WHERE id = ?"))
            && online.prepare(QStringLiteral("UPDATE users SET is_online = ? WHERE id = ?"));
        for (auto it = m_pendingActivity.cbegin(); ok && it != m_pendingActivity.cend(); ++it) {
            activity.addBindValue(toIsoUtc(it.value()));
            activity.addBindValue(it.key());
            ok = activity.exec();
        }
        for (auto it = m_pendingOnline.cbegin(); ok && it != m_pendingOnline.cend(); ++it) {
            online.addBindValue(it.value() ? 1 : 0);
            online.addBindValue(it.key());
            ok = online.exec();
        }
        if (!ok)
            err = activity.lastError().isValid() ? activity.lastError().text()
                                                 : online.lastError().text();
    }
    if (!err.isEmpty() || !Schema::commit(db, &err)) {
        Schema::rollback(db);
        // Keep the buffer and try again in a second (e.g. another writer held the lock).
        qCWarning(lcStore).noquote() << "presence flush failed, retrying:" << err;
        m_flushTimer.start();
        return;
    }
    qCDebug(lcStore) << "flushed" << m_pendingActivity.size() << "activity and"
                     << m_pendingOnline.size() << "online writes";
    m_pendingActivity.clear();
    m_pendingOnline.clear();
    m_flushTimer.stop();
}

// --- messages ----------------------------------------------------------------------------------

std::optional<MessageRow> Store::storeMessage(UserId from, UserId to, const QString &text,
                                              const QString &clientId, qint64 sentAtMs,
                                              bool *duplicate, QString *error)
{
    if (duplicate)
        *duplicate = false;
    if (!isOpen()) {
        setError(error, QStringLiteral("database is not open"));
        return std::nullopt;
    }
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    const auto findExisting = [&]() -> std::optional<MessageRow> {
        QSqlQuery q(db);
        // "client_id <> ''" matches the partial unique index, so SQLite uses it.
        q.prepare(QStringLiteral("SELECT ") + messageColumns()
                  + QStringLiteral(" FROM messages WHERE sender_id = ? AND client_id = ?"
                                   " AND client_id <> ''"));
        q.addBindValue(from);
        q.addBindValue(clientId);
        if (q.exec() && q.next())
            return messageFromQuery(q);
        return std::nullopt;
    };
    if (!clientId.isEmpty()) {
        if (auto existing = findExisting()) {
            if (duplicate)
                *duplicate = true;
            return existing;
        }
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO messages (sender_id, recipient_id, text, sent_at,"
                             " client_id) VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(from);
    q.addBindValue(to);
    q.addBindValue(text);
    q.addBindValue(toIsoUtc(sentAtMs));
    q.addBindValue(clientId.isEmpty() ? QVariant() : QVariant(clientId));
    // Autocommit with synchronous=FULL: on disk when exec() returns.
    if (!q.exec()) {
        const QString driverError = q.lastError().text();
        if (!clientId.isEmpty()) {
            // Another connection stored the same client id between our check and insert.
            if (auto existing = findExisting()) {
                if (duplicate)
                    *duplicate = true;
                return existing;
            }
        }
        setError(error,
                 driverError.contains(QLatin1String("FOREIGN KEY"))
                     ? QStringLiteral("unknown sender or recipient")
                     : QStringLiteral("cannot store message: ") + driverError);
        return std::nullopt;
    }
    MessageRow row;
    row.id = q.lastInsertId().toLongLong();
    row.from = from;
    row.to = to;
    row.text = text;
    row.sentAtMs = sentAtMs;
    row.clientId = clientId;
    return row;
}

QList<MessageRow> Store::messagesBetween(UserId a, UserId b, std::optional<qint64> beforeId,
                                         int limit) const
{
    QList<MessageRow> rows;
    if (!isOpen() || limit <= 0)
        return rows;
    const qint64 before = beforeId.value_or(std::numeric_limits<qint64>::max());
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    // One index range per direction, each cut to the limit, then merged: no full scan.
    const QString oneWay = QStringLiteral("SELECT * FROM (SELECT ") + messageColumns()
        + QStringLiteral(" FROM messages WHERE sender_id = ? AND recipient_id = ? AND id < ?"
                         " ORDER BY id DESC LIMIT ?)");
    if (a == b) {
        q.prepare(oneWay);
    } else {
        q.prepare(QStringLiteral("SELECT * FROM (") + oneWay + QStringLiteral(" UNION ALL ")
                  + oneWay + QStringLiteral(") ORDER BY id DESC LIMIT ?"));
    }
    q.addBindValue(a);
    q.addBindValue(b);
    q.addBindValue(before);
    q.addBindValue(limit);
    if (a != b) {
        q.addBindValue(b);
        q.addBindValue(a);
        q.addBindValue(before);
        q.addBindValue(limit);
        q.addBindValue(limit);
    }
    if (!q.exec()) {
        qCWarning(lcStore).noquote() << "message history failed:" << q.lastError().text();
        return rows;
    }
    while (q.next())
        rows << messageFromQuery(q);
    std::reverse(rows.begin(), rows.end()); // oldest first
    return rows;
}

} // namespace SmartFixer
