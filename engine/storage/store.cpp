#include "store.h"

#include "core/clock.h"
#include "core/logging.h"
#include "core/presenceinfo.h"
#include "core/usernames.h"
#include "schema_p.h"
#include "sqldialect_p.h"
#include "store_p.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <algorithm>
#include <array>
#include <atomic>
#include <limits>
#include <vector>

namespace SmartFixer {

namespace StoreRows {
// Shared with store_conversations.cpp (store_p.h).
MessageRow messageFromQuery(const QSqlQuery &q)
{
    MessageRow row;
    row.id = q.value(0).toLongLong();
    row.from = q.value(1).toLongLong();
    row.to = q.value(2).toLongLong();
    row.text = q.value(3).toString();
    row.sentAtMs = Schema::timestampMs(q.value(4)).value_or(0);
    row.clientId = q.value(5).toString();
    row.deliveredAtMs = Schema::timestampMs(q.value(6));
    row.readAtMs = Schema::timestampMs(q.value(7));
    return row;
}

QString messageColumns()
{
    return QStringLiteral(
        "id, sender_id, recipient_id, text, sent_at, client_id, delivered_at, read_at");
}
} // namespace StoreRows
using StoreRows::messageColumns;
using StoreRows::messageFromQuery;

namespace {

std::atomic<int> s_connectionCounter{0};

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

// The highest version in schema_migrations; 0 when the table does not exist (yet).
int recordedVersion(const SqlDialect &dialect, QSqlDatabase &db)
{
    if (!dialect.tableNames(db).contains(QStringLiteral("schema_migrations")))
        return 0;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"))
        || !q.next())
        return 0;
    return q.value(0).toInt();
}

template<typename T> Result<T> notOpen()
{
    return Result<T>::failure(QStringLiteral("database is not open"), ErrorKind::Unavailable);
}

} // namespace

Store::Store(const QString &database, QObject *parent) : Store(DatabaseUrl{}, parent)
{
    auto url = parseDatabaseUrl(database.isEmpty() ? QStringLiteral(":memory:") : database);
    if (url) {
        m_url = url.value();
        m_dialect = SqlDialect::create(m_url.engine);
    } else {
        m_url.path = database;
        m_urlError = url.error();
    }
}

Store::Store(const DatabaseUrl &url, QObject *parent)
    : QObject(parent), m_url(url), m_dialect(SqlDialect::create(url.engine)),
      m_connectionName(QStringLiteral("smartfixer-store-%1").arg(++s_connectionCounter)),
      m_users(Schema::quoted(m_usersTable)), m_clock(Clock::system())
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(FlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &Store::flush);
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &Store::reconnect);
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

QSqlDatabase Store::db() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

QSqlQuery &Store::reused(const QString &sql) const
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        QSqlQuery q(db());
        q.setForwardOnly(true);
        if (!q.prepare(sql))
            qCWarning(lcStore).noquote() << "prepare failed:" << q.lastError().text();
        it = m_statements.emplace(sql, std::move(q)).first;
    }
    return it->second;
}

bool Store::isOpen() const
{
    return !m_lost && QSqlDatabase::contains(m_connectionName) && db().isOpen();
}

bool Store::begin(QSqlDatabase &db, QString *error) const
{
    return Schema::exec(db, m_dialect->beginSql(), error);
}

bool Store::commit(QSqlDatabase &db, QString *error) const
{
    return Schema::commit(db, error);
}

void Store::rollback(QSqlDatabase &db) const
{
    Schema::rollback(db);
}

Result<int> Store::open()
{
    if (isOpen())
        return schemaVersion();
    const QString what = QStringLiteral("cannot open database %1: ").arg(m_url.display());
    // Not logged here: every caller reports the one line itself (smartfixer-server prints it
    // once, the admin commands and the desktop app show it).
    const auto failed = [&](const QString &err, ErrorKind kind) {
        if (QSqlDatabase::contains(m_connectionName)) {
            {
                QSqlDatabase d = db();
                d.close();
            }
            QSqlDatabase::removeDatabase(m_connectionName);
        }
        return Result<int>::failure(what + err, kind);
    };
    if (!m_urlError.isEmpty())
        return Result<int>::failure(m_urlError, ErrorKind::Invalid);
    if (const auto ready = m_dialect->preflight(m_url); !ready)
        return failed(ready.error(), ready.kind());
    restrictNewSqliteFile();
    QString err;
    ErrorKind kind = ErrorKind::None;
    {
        QSqlDatabase d = QSqlDatabase::addDatabase(m_dialect->driverName(), m_connectionName);
        m_dialect->configure(d, m_url);
        if (!d.open()) {
            const auto why = m_dialect->openFailure(d.lastError(), m_url);
            err = why.error();
            kind = why.kind();
        } else if (!m_dialect->afterOpen(d, &err)) {
            kind = ErrorKind::Invalid; // e.g. a file that is not SQLite
        }
    } // no handle of the connection may outlive this block when failed() removes it
    if (kind != ErrorKind::None)
        return failed(err, kind);
    const Result<int> migrated = migrate();
    if (!migrated)
        return failed(migrated.error(), migrated.kind());
    if (m_resetOnlineOnOpen) {
        QSqlDatabase d = db();
        // No ghosts: nobody is connected to a server that is just starting.
        if (!Schema::exec(d,
                          QStringLiteral("UPDATE ") + m_users
                              + QStringLiteral(" SET is_online = 0 WHERE is_online <> 0"),
                          &err))
            return failed(err, ErrorKind::Internal);
    }
    inspectUserColumns();
    if (!fillNormalizedNames(&err))
        return failed(err, ErrorKind::Internal);
    qCInfo(lcStore).noquote() << "opened" << m_url.display() << "schema version"
                              << migrated.value();
    return migrated;
}

Result<int> Store::migrate()
{
    QSqlDatabase d = db();
    const QStringList tables = m_dialect->tableNames(d);
    const bool ours = tables.contains(QStringLiteral("schema_migrations"));
    if (!ours
        && (tables.contains(QStringLiteral("users")) || tables.contains(QStringLiteral("user")))) {
        // Never touch a database of the previous version implicitly: the upgrade is explicit
        // and tells the admin what it did.
        return Result<int>::failure(
            QStringLiteral("it was made by an earlier SmartFixer version; upgrade it first "
                           "with: smartfixer-server migrate --db %1")
                .arg(m_url.display()),
            ErrorKind::Invalid);
    }
    // "migrate" upgrades a Flask-SQLAlchemy "user" table in place; the upgraded old web
    // backend and this store then share it.
    m_usersTable = ours && !tables.contains(QStringLiteral("users"))
            && tables.contains(QStringLiteral("user"))
        ? QStringLiteral("user")
        : QStringLiteral("users");
    m_users = Schema::quoted(m_usersTable);
    const QList<Schema::Migration> &migrations = m_dialect->migrations();
    const int latest = migrations.isEmpty() ? 0 : migrations.constLast().version;
    int current = ours ? recordedVersion(*m_dialect, d) : 0;
    if (current > latest)
        return Result<int>::failure(
            QStringLiteral("its schema version %1 is newer than this program knows (%2)")
                .arg(current)
                .arg(latest),
            ErrorKind::Invalid);
    if (current == latest)
        return current;
    // One transaction, under the engine's migration lock: of two processes that open a fresh
    // database at once, the second sees the first one's tables.
    QString err;
    if (!begin(d, &err) || !m_dialect->lockForMigration(d, &err)
        || !m_dialect->createMigrationsTable(d, &err)) {
        rollback(d);
        return Result<int>::failure(QStringLiteral("cannot migrate: ") + err, ErrorKind::Internal);
    }
    current = recordedVersion(*m_dialect, d);
    for (const Schema::Migration &m : migrations) {
        if (m.version <= current)
            continue;
        if (!m.apply(d, &err)
            || !Schema::recordVersion(d, m.version, QString::fromUtf8(m.description),
                                      toIsoUtc(m_clock->nowMs()), &err)) {
            rollback(d);
            return Result<int>::failure(
                QStringLiteral("migration %1 failed: %2").arg(m.version).arg(err),
                ErrorKind::Internal);
        }
        qCInfo(lcStore).noquote() << "applied schema migration" << m.version << m.description;
        if (m.version == 2)
            m_knownCollisions = -2; // it filled username_normalized and reported collisions
    }
    if (!commit(d, &err)) {
        rollback(d);
        return Result<int>::failure(QStringLiteral("cannot migrate: ") + err, ErrorKind::Internal);
    }
    return latest;
}

void Store::inspectUserColumns()
{
    m_legacyTextColumns.clear();
    m_legacyNumberColumns.clear();
    m_passwordHashNotNull = false;
    QSqlDatabase d = db();
    for (const ColumnInfo &c : m_dialect->columns(d, m_usersTable)) {
        if (c.name == QLatin1String("password_hash") && c.notNull)
            m_passwordHashNotNull = true;
        if (!c.notNull || c.hasDefault || c.primaryKey || ownUserColumns().contains(c.name))
            continue;
        static const QRegularExpression numeric(QStringLiteral("INT|REAL|FLOA|DOUB|NUM|DEC|BOOL"));
        if (numeric.match(c.type).hasMatch())
            m_legacyNumberColumns << c.name;
        else
            m_legacyTextColumns << c.name;
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
    m_reconnectTimer.stop();
    if (m_lost && !(m_pendingActivity.isEmpty() && m_pendingOnline.isEmpty()))
        qCWarning(lcStore) << "closing without the database:"
                           << m_pendingActivity.size() + m_pendingOnline.size()
                           << "buffered presence writes are lost";
    m_lost = false;
    m_statements.clear(); // they hold the connection
    {
        QSqlDatabase d = db();
        d.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_pendingActivity.clear();
    m_pendingOnline.clear();
}

int Store::schemaVersion() const
{
    if (!isOpen())
        return 0;
    QSqlDatabase d = db();
    return recordedVersion(*m_dialect, d);
}

// --- users ---------------------------------------------------------------------------------

QString Store::insertUserSql() const
{
    // username_normalized: migration 2 (case-insensitive unique names).
    QString columns = QStringLiteral("username, display_name, password_hash, last_active,"
                                     " is_online, visibility, created_at, username_normalized");
    QString values = QStringLiteral("?, ?, ?, NULL, 0, 'everyone', ?, ?");
    for (const QString &c : m_legacyTextColumns + m_legacyNumberColumns) {
        columns += QStringLiteral(", ") + Schema::quoted(c);
        values += QStringLiteral(", ?");
    }
    // RETURNING: QPSQL's lastInsertId() is an OID, not the id.
    return QStringLiteral("INSERT INTO ") + m_users + QStringLiteral(" (") + columns
        + QStringLiteral(") VALUES (") + values + QStringLiteral(") RETURNING id");
}

Result<UserRow> Store::createUser(const QString &username, const QString &displayName,
                                  const QString &password)
{
    using R = Result<UserRow>;
    if (!isValidUsername(username))
        return R::failure(invalidUsernameError(username), ErrorKind::Invalid);
    if (!isOpen())
        return notOpen<UserRow>();
    if (userByName(username)) // before the costly hash
        return R::failure(QStringLiteral("username \"%1\" is taken").arg(username),
                          ErrorKind::Conflict);
    QString hash; // NULL = token-only
    if (!password.isEmpty()) {
        hash = hashPassword(password);
        if (hash.isEmpty())
            return R::failure(QStringLiteral("could not hash the password (out of memory?)"));
    }
    return createUserWithHash(username, displayName, hash);
}

Result<UserRow> Store::createUserWithHash(const QString &username, const QString &displayName,
                                          const QString &passwordHash)
{
    using R = Result<UserRow>;
    if (!isValidUsername(username))
        return R::failure(invalidUsernameError(username), ErrorKind::Invalid);
    if (!isOpen())
        return notOpen<UserRow>();
    const auto taken = [&] {
        return R::failure(QStringLiteral("username \"%1\" is taken").arg(username),
                          ErrorKind::Conflict);
    };
    if (userByName(username))
        return taken();
    const QString canonical = Names::canonicalUsername(username);
    if (const auto holder = userByCanonicalName(username))
        return R::failure(QStringLiteral("username \"%1\" is taken: it is the same as \"%2\""
                                         " after case folding")
                              .arg(username, holder->username),
                          ErrorKind::Conflict);
    QString hash = passwordHash; // NULL = token-only
    if (hash.isEmpty())
        hash = m_passwordHashNotNull ? QStringLiteral("") : QString(); // legacy NOT NULL: ''
    QSqlQuery q(db());
    q.prepare(insertUserSql());
    q.addBindValue(username);
    q.addBindValue(displayName.isEmpty() ? username : displayName);
    q.addBindValue(hash.isNull() ? QVariant() : QVariant(hash));
    q.addBindValue(toIsoUtc(m_clock->nowMs()));
    q.addBindValue(canonical);
    // Legacy text columns get the username: unique like it, so a legacy UNIQUE (e.g. email)
    // holds; numbers get 0.
    for (qsizetype i = 0; i < m_legacyTextColumns.size(); ++i)
        q.addBindValue(username);
    for (qsizetype i = 0; i < m_legacyNumberColumns.size(); ++i)
        q.addBindValue(0);
    if (!q.exec() || !q.next()) {
        if (m_dialect->isUniqueViolation(q.lastError()))
            return taken(); // another writer took the name since the check above
        return R::failure(
            QStringLiteral("cannot add user \"%1\": %2").arg(username, q.lastError().text()),
            noteDatabaseError(q.lastError()));
    }
    const UserId id = q.value(0).toLongLong();
    q.finish();
    qCInfo(lcStore).noquote() << "created user" << username << "id" << id
                              << (hash.isEmpty() ? "(token-only)" : "");
    if (auto row = userById(id))
        return *row;
    return R::failure(QStringLiteral("user \"%1\" vanished after it was created").arg(username));
}

Result<bool> Store::beginTransaction(QSqlDatabase *d)
{
    if (!isOpen())
        return notOpen<bool>();
    *d = db();
    QString err;
    if (!begin(*d, &err))
        return Result<bool>::failure(err, noteDatabaseError(d->lastError()));
    return true;
}

Result<QList<UserRow>> Store::createUsers(const QStringList &usernames, const QString &displayName)
{
    using R = Result<QList<UserRow>>;
    for (const QString &name : usernames) {
        if (!isValidUsername(name))
            return R::failure(invalidUsernameError(name), ErrorKind::Invalid);
    }
    QSqlDatabase d;
    if (const auto begun = beginTransaction(&d); !begun)
        return R::failureFrom(begun);
    QString err;
    ErrorKind kind = ErrorKind::Internal;
    const QString createdAt = toIsoUtc(m_clock->nowMs());
    const QVariant noPassword = m_passwordHashNotNull ? QVariant(QStringLiteral("")) : QVariant();
    QList<UserId> ids;
    ids.reserve(usernames.size());
    QList<bool> existed;
    {
        QSqlQuery find(d);
        QSqlQuery findCanonical(d);
        QSqlQuery insert(d);
        bool ok = find.prepare(QStringLiteral("SELECT id FROM ") + m_users
                               + QStringLiteral(" WHERE username = ?"))
            && findCanonical.prepare(QStringLiteral("SELECT username FROM ") + m_users
                                     + QStringLiteral(" WHERE username_normalized = ?"))
            && insert.prepare(insertUserSql());
        if (!ok)
            err = find.lastError().isValid() ? find.lastError().text() : insert.lastError().text();
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
            const QString canonical = Names::canonicalUsername(name);
            findCanonical.addBindValue(canonical);
            if (!findCanonical.exec()) {
                ok = false;
                err = findCanonical.lastError().text();
                break;
            }
            if (findCanonical.next()) {
                ok = false;
                kind = ErrorKind::Conflict;
                err = QStringLiteral("username \"%1\" is taken: it is the same as \"%2\" after"
                                     " case folding")
                          .arg(name, findCanonical.value(0).toString());
                break;
            }
            findCanonical.finish();
            insert.addBindValue(name);
            insert.addBindValue(displayName.isEmpty() ? name : displayName);
            insert.addBindValue(noPassword);
            insert.addBindValue(createdAt);
            insert.addBindValue(canonical);
            for (qsizetype c = 0; c < m_legacyTextColumns.size(); ++c)
                insert.addBindValue(name);
            for (qsizetype c = 0; c < m_legacyNumberColumns.size(); ++c)
                insert.addBindValue(0);
            if (!insert.exec() || !insert.next()) {
                ok = false;
                if (m_dialect->isUniqueViolation(insert.lastError()))
                    kind = ErrorKind::Conflict; // another writer added it meanwhile, or the
                                                // same name twice after case folding
                err = QStringLiteral("cannot add user \"%1\": %2")
                          .arg(name, insert.lastError().text());
                break;
            }
            ids << insert.value(0).toLongLong();
            insert.finish();
            existed << false;
        }
        if (!err.isEmpty())
            rollback(d); // while the prepared queries exist (see issueTokens())
    }
    if (!err.isEmpty())
        return R::failure(err, kind);
    if (!commit(d, &err)) {
        rollback(d);
        return R::failure(err, kind);
    }
    QList<UserRow> result;
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
    const ReusedQuery q(this,
                        reused(QStringLiteral("SELECT ") + userColumns() + QStringLiteral(" FROM ")
                               + m_users + QStringLiteral(" WHERE ") + condition));
    q->bindValue(0, value);
    if (!q->exec()) {
        qCWarning(lcStore).noquote() << "user lookup failed:" << q->lastError().text();
        return std::nullopt;
    }
    if (!q->next())
        return std::nullopt;
    return withPending(userFromQuery(*q));
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
    QSqlQuery q(db());
    q.setForwardOnly(true);
    bool ascii = true;
    for (const QChar c : query)
        ascii = ascii && c.unicode() < 128;
    if (ascii) {
        // An ASCII query needs ASCII case folding only, which both engines' operators do.
        QString pattern = query;
        pattern.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char('%'), QLatin1String("\\%"))
            .replace(QLatin1Char('_'), QLatin1String("\\_"));
        pattern = QLatin1Char('%') + pattern + QLatin1Char('%');
        const QString like = m_dialect->likeCaseInsensitive();
        q.prepare(QStringLiteral("SELECT ") + userColumns() + QStringLiteral(" FROM ") + m_users
                  + QStringLiteral(" WHERE username ") + like
                  + QStringLiteral(" ? ESCAPE '\\' OR display_name ") + like
                  + QStringLiteral(" ? ESCAPE '\\' ORDER BY username LIMIT ?"));
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
    if (!q.exec(QStringLiteral("SELECT ") + userColumns() + QStringLiteral(" FROM ") + m_users
                + QStringLiteral(" ORDER BY username")))
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
    QSqlQuery q(db());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT ") + userColumns() + QStringLiteral(" FROM ") + m_users
                + QStringLiteral(" ORDER BY id")))
        return rows;
    while (q.next())
        rows << withPending(userFromQuery(q));
    return rows;
}

bool Store::fillNormalizedNames(QString *error)
{
    // Rows written without username_normalized since the last open (the upgraded old web
    // backend sharing a legacy "user" table, a hand-made INSERT): give them theirs, so that
    // uniqueness sees them. Those whose name an older account holds stay NULL (collisions).
    QSqlDatabase d = db();
    QSqlQuery q(d);
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM ") + m_users
                + QStringLiteral(" WHERE username_normalized IS NULL"))
        || !q.next()) {
        *error = q.lastError().text();
        return false;
    }
    const qint64 unset = q.value(0).toLongLong();
    q.finish();
    if (m_knownCollisions == -2)
        m_knownCollisions = unset; // migration 2 just did it (and said so)
    if (unset == 0 || unset == m_knownCollisions)
        return true;
    if (!begin(d, error))
        return false;
    if (!Schema::fillNormalizedUsernames(d, m_usersTable, error) || !commit(d, error)) {
        rollback(d);
        return false;
    }
    m_knownCollisions = 0;
    for (const QStringList &group : usernameCollisions())
        m_knownCollisions += group.size() - 1;
    return true;
}

std::optional<UserRow> Store::userByCanonicalName(const QString &username) const
{
    return userWhere(QStringLiteral("username_normalized = ?"), Names::canonicalUsername(username));
}

QList<QStringList> Store::usernameCollisions() const
{
    // Rows that migration 2 left without a normalized name because an older account holds it.
    QList<QStringList> groups;
    if (!isOpen())
        return groups;
    QSqlQuery q(db());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT username FROM ") + m_users
                + QStringLiteral(" WHERE username_normalized IS NULL ORDER BY id")))
        return groups;
    QStringList names; // all read before the next query (QPSQL: one result set at a time)
    while (q.next())
        names << q.value(0).toString();
    q.finish();
    QHash<QString, qsizetype> index;
    for (const QString &name : std::as_const(names)) {
        const QString canonical = Names::canonicalUsername(name);
        if (!index.contains(canonical)) {
            const auto holder = userByCanonicalName(name);
            // Nobody holds the name: a row the previous SmartFixer wrote into a shared legacy
            // table after migration 2 (it does not know the column), not a collision.
            if (!holder) {
                index.insert(canonical, -1);
                continue;
            }
            index.insert(canonical, groups.size());
            groups.append(QStringList{holder->username});
        }
        if (const qsizetype at = index.value(canonical); at >= 0)
            groups[at].append(name);
    }
    return groups;
}

std::optional<PasswordRecord> Store::passwordRecord(const QString &username) const
{
    if (!isOpen())
        return std::nullopt;
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT id, password_hash FROM ") + m_users
              + QStringLiteral(" WHERE username = ?"));
    q.addBindValue(username);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return PasswordRecord{q.value(0).toLongLong(), q.value(1).toString()};
}

bool Store::replacePasswordHash(UserId id, const QString &oldHash, const QString &newHash)
{
    if (!isOpen() || newHash.isEmpty())
        return false;
    // Only if nobody changed it meanwhile (another node, a password change).
    QSqlQuery update(db());
    update.prepare(QStringLiteral("UPDATE ") + m_users
                   + QStringLiteral(" SET password_hash = ? WHERE id = ? AND password_hash = ?"));
    update.addBindValue(newHash);
    update.addBindValue(id);
    update.addBindValue(oldHash);
    return update.exec() && update.numRowsAffected() > 0;
}

std::optional<UserId> Store::verifyPassword(const QString &username, const QString &password) const
{
    if (!isOpen() || password.isEmpty())
        return std::nullopt;
    const auto record = passwordRecord(username);
    const QString hash = record ? record->hash : QString();
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
        if (const_cast<Store *>(this)->replacePasswordHash(record->id, hash,
                                                           hashPassword(password)))
            qCInfo(lcStore) << "rehashed the legacy password of user" << record->id
                            << "with argon2id";
        else
            qCWarning(lcStore) << "could not rehash the legacy password of user" << record->id;
    }
    return record->id;
}

bool Store::setVisibility(UserId id, Visibility visibility)
{
    if (!isOpen())
        return false;
    QSqlQuery q(db());
    q.prepare(QStringLiteral("UPDATE ") + m_users
              + QStringLiteral(" SET visibility = ? WHERE id = ?"));
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
QList<UserId> selectIds(const Store *store, QSqlQuery &statement, qint64 param)
{
    QList<UserId> ids;
    const ReusedQuery q(store, statement);
    q->bindValue(0, param);
    if (q->exec()) {
        while (q->next())
            ids << q->value(0).toLongLong();
    }
    return ids;
}
} // namespace

QList<UserId> Store::contactsOf(UserId owner) const
{
    if (!isOpen())
        return {};
    return selectIds(this,
                     reused(QStringLiteral(
                         "SELECT contact_id FROM contacts WHERE owner_id = ? ORDER BY contact_id")),
                     owner);
}

QList<UserId> Store::listedBy(UserId contact) const
{
    if (!isOpen())
        return {};
    return selectIds(this,
                     reused(QStringLiteral(
                         "SELECT owner_id FROM contacts WHERE contact_id = ? ORDER BY owner_id")),
                     contact);
}

Result<bool> Store::addContact(UserId owner, UserId contact)
{
    using R = Result<bool>;
    if (owner == contact)
        return R::failure(QStringLiteral("a user cannot be their own contact"), ErrorKind::Invalid);
    if (!isOpen())
        return notOpen<bool>();
    if (!userById(owner) || !userById(contact))
        return R::failure(QStringLiteral("unknown user %1").arg(userById(owner) ? contact : owner),
                          ErrorKind::NotFound);
    QSqlQuery q(db());
    q.prepare(m_dialect->insertIgnoring(
        QStringLiteral("INSERT INTO contacts (owner_id, contact_id, added_at) VALUES (?, ?, ?)")));
    q.addBindValue(owner);
    q.addBindValue(contact);
    q.addBindValue(toIsoUtc(m_clock->nowMs()));
    if (!q.exec()) {
        if (m_dialect->isForeignKeyViolation(q.lastError()))
            return R::failure(QStringLiteral("unknown user"), ErrorKind::NotFound);
        return R::failure(q.lastError().text());
    }
    return q.numRowsAffected() > 0; // 0: it already was a contact, not a failure
}

bool Store::removeContact(UserId owner, UserId contact)
{
    if (!isOpen())
        return false;
    QSqlQuery q(db());
    q.prepare(QStringLiteral("DELETE FROM contacts WHERE owner_id = ? AND contact_id = ?"));
    q.addBindValue(owner);
    q.addBindValue(contact);
    return q.exec() && q.numRowsAffected() > 0;
}

// --- tokens ----------------------------------------------------------------------------------

QString Store::issueToken(UserId user)
{
    const auto tokens = issueTokens({user});
    if (!tokens) {
        qCWarning(lcStore).noquote()
            << "cannot issue a token for user" << user << ":" << tokens.error();
        return QString();
    }
    return tokens->constFirst();
}

Result<QStringList> Store::issueTokens(const QList<UserId> &users)
{
    using R = Result<QStringList>;
    QSqlDatabase d;
    if (const auto begun = beginTransaction(&d); !begun)
        return R::failureFrom(begun);
    QString err;
    ErrorKind kind = ErrorKind::Internal;
    QStringList tokens;
    const QString createdAt = toIsoUtc(m_clock->nowMs());
    {
        QSqlQuery q(d);
        q.prepare(QStringLiteral(
            "INSERT INTO access_tokens (token_hash, user_id, created_at) VALUES (?, ?, ?)"));
        for (const UserId user : users) {
            const QString token = randomToken();
            q.addBindValue(tokenHash(token));
            q.addBindValue(user);
            q.addBindValue(createdAt);
            if (!q.exec()) {
                if (m_dialect->isForeignKeyViolation(q.lastError())) {
                    err = QStringLiteral("unknown user %1").arg(user);
                    kind = ErrorKind::NotFound;
                } else {
                    err = q.lastError().text();
                }
                break;
            }
            tokens << token;
        }
        if (err.isEmpty() && m_tokenPolicy.maxPerUser > 0) {
            // The cap: a user keeps the new token and its newest maxPerUser - 1 others (ties
            // by hash), so a login loop cannot pile up rows; the dropped ones stop working.
            QSqlQuery prune(d);
            prune.prepare(QStringLiteral(
                "DELETE FROM access_tokens WHERE user_id = ? AND token_hash <> ? AND token_hash"
                " NOT IN (SELECT token_hash FROM access_tokens WHERE user_id = ? AND"
                " token_hash <> ? ORDER BY created_at DESC, token_hash DESC LIMIT ?)"));
            for (qsizetype i = 0; i < tokens.size(); ++i) {
                const QString hash = tokenHash(tokens.at(i));
                prune.addBindValue(users.at(i));
                prune.addBindValue(hash);
                prune.addBindValue(users.at(i));
                prune.addBindValue(hash);
                prune.addBindValue(m_tokenPolicy.maxPerUser - 1);
                if (!prune.exec()) {
                    err = prune.lastError().text();
                    break;
                }
            }
        }
        // Roll back while the prepared query still exists: PostgreSQL cannot deallocate it
        // inside an aborted transaction.
        if (!err.isEmpty())
            rollback(d);
    }
    if (!err.isEmpty())
        return R::failure(err, kind);
    if (!commit(d, &err)) {
        rollback(d);
        return R::failure(err, kind);
    }
    return tokens;
}

std::optional<UserId> Store::userForToken(const QString &token) const
{
    if (!isOpen() || token.isEmpty())
        return std::nullopt;
    UserId user = 0;
    QString createdAt;
    {
        // Reused (prepared once): every handshake and REST call looks a token up.
        const ReusedQuery q(
            this,
            reused(QStringLiteral(
                "SELECT user_id, created_at FROM access_tokens WHERE token_hash = ?")));
        q->bindValue(0, tokenHash(token));
        if (!q->exec() || !q->next())
            return std::nullopt;
        user = q->value(0).toLongLong();
        createdAt = q->value(1).toString();
    } // finished before another statement runs (QPSQL: one result set at a time)
    if (m_tokenPolicy.lifetimeMs > 0) {
        const auto created = parseIsoUtc(createdAt);
        if (!created || m_clock->nowMs() - *created >= m_tokenPolicy.lifetimeMs) {
            // Expired (or unreadable): gone for good, so the check costs nothing next time.
            const_cast<Store *>(this)->revokeToken(token);
            return std::nullopt;
        }
    }
    return user;
}

Result<int> Store::revokeTokensOfUser(UserId user, const QString &keep)
{
    if (!isOpen())
        return notOpen<int>();
    QSqlQuery q(db());
    if (keep.isEmpty()) {
        q.prepare(QStringLiteral("DELETE FROM access_tokens WHERE user_id = ?"));
        q.addBindValue(user);
    } else {
        q.prepare(
            QStringLiteral("DELETE FROM access_tokens WHERE user_id = ? AND token_hash <> ?"));
        q.addBindValue(user);
        q.addBindValue(tokenHash(keep));
    }
    if (!q.exec())
        return Result<int>::failure(q.lastError().text(), noteDatabaseError(q.lastError()));
    return q.numRowsAffected();
}

bool Store::revokeToken(const QString &token)
{
    if (!isOpen() || token.isEmpty())
        return false;
    QSqlQuery q(db());
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

bool Store::updateColumn(QSqlDatabase &d, const QString &column, const QString &type,
                         const QList<QPair<UserId, QVariant>> &rows, QString *error)
{
    const int batch = m_dialect->updateBatchRows();
    if (batch <= 1) {
        QSqlQuery q(d);
        if (!q.prepare(QStringLiteral("UPDATE ") + m_users + QStringLiteral(" SET ") + column
                       + QStringLiteral(" = ? WHERE id = ?"))) {
            *error = q.lastError().text();
            return false;
        }
        for (const auto &[id, value] : rows) {
            q.addBindValue(value);
            q.addBindValue(id);
            if (!q.exec()) {
                *error = q.lastError().text();
                q.finish();
                return false;
            }
        }
        return true;
    }
    for (qsizetype start = 0; start < rows.size(); start += batch) {
        const int n = int(std::min<qsizetype>(batch, rows.size() - start));
        QSqlQuery q(d);
        if (!q.prepare(m_dialect->batchUpdateSql(m_users, column, type, n))) {
            *error = q.lastError().text();
            return false;
        }
        for (qsizetype i = start; i < start + n; ++i) {
            q.addBindValue(rows.at(i).first);
            q.addBindValue(rows.at(i).second);
        }
        if (!q.exec()) {
            *error = q.lastError().text();
            return false;
        }
    }
    return true;
}

bool Store::lockRows(QSqlDatabase &d, const QList<QPair<UserId, QVariant>> &a,
                     const QList<QPair<UserId, QVariant>> &b, QString *error)
{
    std::vector<UserId> ids;
    ids.reserve(size_t(a.size() + b.size()));
    for (const auto &row : a)
        ids.push_back(row.first);
    for (const auto &row : b)
        ids.push_back(row.first);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    const size_t batch = size_t(std::max(1, m_dialect->updateBatchRows()));
    for (size_t start = 0; start < ids.size(); start += batch) {
        const size_t n = std::min(batch, ids.size() - start);
        const QString sql = m_dialect->lockRowsSql(m_users, int(n));
        if (sql.isEmpty())
            return true; // no row locks in this engine
        QSqlQuery q(d);
        if (!q.prepare(sql)) {
            *error = q.lastError().text();
            return false;
        }
        for (size_t i = start; i < start + n; ++i)
            q.addBindValue(ids[i]);
        if (!q.exec()) {
            *error = q.lastError().text();
            return false;
        }
    }
    return true;
}

void Store::flush()
{
    if (m_pendingActivity.isEmpty() && m_pendingOnline.isEmpty())
        return;
    if (m_lost)
        return; // kept: reconnect() flushes them once the database is back
    if (!isOpen()) {
        qCWarning(lcStore) << "dropping" << m_pendingActivity.size() + m_pendingOnline.size()
                           << "buffered presence writes: database is not open";
        m_pendingActivity.clear();
        m_pendingOnline.clear();
        return;
    }
    QSqlDatabase d = db();
    QString err;
    bool rolledBack = false;
    if (begin(d, &err)) {
        QList<QPair<UserId, QVariant>> activity;
        activity.reserve(m_pendingActivity.size());
        for (auto it = m_pendingActivity.cbegin(); it != m_pendingActivity.cend(); ++it)
            activity.append({it.key(), toIsoUtc(it.value())});
        QList<QPair<UserId, QVariant>> online;
        online.reserve(m_pendingOnline.size());
        for (auto it = m_pendingOnline.cbegin(); it != m_pendingOnline.cend(); ++it)
            online.append({it.key(), it.value() ? 1 : 0});
        // lockRows() first: every row in id order, so the nodes of a cluster flushing the same
        // users take their locks in one order (a QHash's order differs from process to process).
        const bool ok = lockRows(d, activity, online, &err)
            && updateColumn(d, QStringLiteral("last_active"), QStringLiteral("TEXT"), activity,
                            &err)
            && updateColumn(d, QStringLiteral("is_online"), QStringLiteral("INTEGER"), online,
                            &err);
        if (!ok) {
            rollback(d);
            rolledBack = true;
        }
    } else {
        rolledBack = true; // BEGIN failed: nothing to roll back
    }
    if (!err.isEmpty() || !commit(d, &err)) {
        if (!rolledBack)
            rollback(d);
        // Keep the buffer and try again in a second (e.g. another writer held the lock), or
        // after the reconnect when the connection itself is gone.
        qCWarning(lcStore).noquote() << "presence flush failed, retrying:" << err;
        m_lastCheckMs = 0; // a lost connection shows in this probe, not in err's text
        checkConnection();
        if (!m_lost)
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

Result<StoredMessage> Store::storeMessage(UserId from, UserId to, const QString &text,
                                          const QString &clientId, qint64 sentAtMs)
{
    using R = Result<StoredMessage>;
    if (!isOpen())
        return notOpen<StoredMessage>();
    QSqlDatabase d = db();
    const auto findExisting = [&]() -> std::optional<MessageRow> {
        QSqlQuery q(d);
        // "client_id <> ''" matches the partial unique index, so the engine uses it.
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
        if (auto existing = findExisting())
            return StoredMessage{*existing, true};
    }
    QSqlQuery q(d);
    q.prepare(QStringLiteral("INSERT INTO messages (sender_id, recipient_id, text, sent_at,"
                             " client_id) VALUES (?, ?, ?, ?, ?) RETURNING id"));
    q.addBindValue(from);
    q.addBindValue(to);
    q.addBindValue(text);
    q.addBindValue(toIsoUtc(sentAtMs));
    q.addBindValue(clientId.isEmpty() ? QVariant() : QVariant(clientId));
    // Autocommit (SQLite with synchronous=FULL; PostgreSQL's default synchronous_commit):
    // durable when exec() returns.
    if (!q.exec() || !q.next()) {
        const QSqlError driverError = q.lastError();
        q.finish();
        if (!clientId.isEmpty() && m_dialect->isUniqueViolation(driverError)) {
            // Another writer stored the same client id between our check and insert: the
            // unique constraint kept one row, and that row is the answer.
            if (auto existing = findExisting())
                return StoredMessage{*existing, true};
        }
        if (m_dialect->isForeignKeyViolation(driverError))
            return R::failure(QStringLiteral("unknown sender or recipient"), ErrorKind::NotFound);
        return R::failure(QStringLiteral("cannot store message: ") + driverError.text(),
                          noteDatabaseError(driverError));
    }
    StoredMessage stored;
    stored.row.id = q.value(0).toLongLong();
    q.finish();
    stored.row.from = from;
    stored.row.to = to;
    stored.row.text = text;
    stored.row.sentAtMs = sentAtMs;
    stored.row.clientId = clientId;
    return stored;
}

QList<MessageRow> Store::messagesBetween(UserId a, UserId b, std::optional<qint64> beforeId,
                                         int limit) const
{
    QList<MessageRow> rows;
    if (!isOpen() || limit <= 0)
        return rows;
    const qint64 before = beforeId.value_or(std::numeric_limits<qint64>::max());
    QSqlQuery q(db());
    q.setForwardOnly(true);
    // One index range per direction, each cut to the limit, then merged: no full scan.
    // (Every subquery in FROM has an alias: PostgreSQL requires one.)
    const auto oneWay = [](const char *alias) -> QString {
        return QStringLiteral("SELECT * FROM (SELECT ") + messageColumns()
            + QStringLiteral(" FROM messages WHERE sender_id = ? AND recipient_id = ? AND id < ?"
                             " ORDER BY id DESC LIMIT ?) AS ")
            + QLatin1String(alias);
    };
    if (a == b) {
        q.prepare(oneWay("m"));
    } else {
        q.prepare(QStringLiteral("SELECT * FROM (") + oneWay("ab") + QStringLiteral(" UNION ALL ")
                  + oneWay("ba") + QStringLiteral(") AS m ORDER BY id DESC LIMIT ?"));
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
