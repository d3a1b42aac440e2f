// SQLite's schema: the DDL of its numbered migrations and its introspection, shared by
// Store (through SqliteDialect, sqlitedialect.cpp) and the legacy upgrade.
#include "schema_p.h"

#include "core/clock.h"
#include "core/presenceinfo.h"

#include <QSqlError>
#include <QSqlQuery>
#include <cmath>

namespace SmartFixer::Schema {

QString quoted(const QString &identifier)
{
    QString s = identifier;
    s.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + s + QLatin1Char('"');
}

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    if (error)
        *error = q.lastError().text() + QStringLiteral(" (in: ") + sql.simplified().left(80)
            + QStringLiteral(")");
    return false;
}

QStringList tableNames(QSqlDatabase &db)
{
    QStringList names;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type IN ('table','view')")))
        return names;
    while (q.next())
        names << q.value(0).toString();
    return names;
}

QStringList columnNames(QSqlDatabase &db, const QString &table)
{
    QStringList names;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA table_info(") + quoted(table) + QStringLiteral(")")))
        return names;
    while (q.next())
        names << q.value(1).toString();
    return names;
}

int recordedVersion(QSqlDatabase &db)
{
    if (!tableNames(db).contains(QStringLiteral("schema_migrations")))
        return 0;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"))
        || !q.next())
        return 0;
    return q.value(0).toInt();
}

bool createMigrationsTable(QSqlDatabase &db, QString *error)
{
    return exec(db,
                QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                               " version INTEGER PRIMARY KEY,"
                               " applied_at TEXT NOT NULL,"
                               " description TEXT)"),
                error);
}

bool createUsersTable(QSqlDatabase &db, QString *error)
{
    // password_hash NULL = token-only account. last_active: ISO 8601 UTC text (toIsoUtc()).
    return exec(db,
                QStringLiteral("CREATE TABLE users ("
                               " id INTEGER PRIMARY KEY,"
                               " username TEXT UNIQUE NOT NULL,"
                               " display_name TEXT NOT NULL DEFAULT '',"
                               " password_hash TEXT,"
                               " last_active TEXT,"
                               " is_online INTEGER NOT NULL DEFAULT 0 CHECK (is_online IN (0, 1)),"
                               " visibility TEXT NOT NULL DEFAULT 'everyone'"
                               "  CHECK (visibility IN ('everyone', 'contacts', 'nobody')),"
                               " created_at TEXT)"),
                error);
}

bool createUserIndexes(QSqlDatabase &db, const QString &usersTable, QString *error)
{
    // Partial index: open() resets is_online, flush() sets it; the index stays tiny.
    return exec(db,
                QStringLiteral("CREATE INDEX IF NOT EXISTS users_online ON %1(is_online)"
                               " WHERE is_online <> 0")
                    .arg(quoted(usersTable)),
                error);
}

bool createCoreTables(QSqlDatabase &db, const QString &usersTable, QString *error)
{
    QStringList statements = {
        QStringLiteral("CREATE TABLE contacts ("
                       " owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                       " contact_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                       " added_at TEXT NOT NULL,"
                       " PRIMARY KEY (owner_id, contact_id)) WITHOUT ROWID"),
        // listedBy(): who has this user on their list (presence fan-out).
        QStringLiteral("CREATE INDEX contacts_by_contact ON contacts(contact_id, owner_id)"),
        // Only the SHA-256 of a token is stored: a leaked database leaks no usable token.
        QStringLiteral("CREATE TABLE access_tokens ("
                       " token_hash TEXT PRIMARY KEY,"
                       " user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                       " created_at TEXT NOT NULL) WITHOUT ROWID"),
        QStringLiteral("CREATE INDEX access_tokens_by_user ON access_tokens(user_id)"),
        QStringLiteral("CREATE TABLE messages ("
                       " id INTEGER PRIMARY KEY,"
                       " sender_id INTEGER NOT NULL REFERENCES users(id),"
                       " recipient_id INTEGER NOT NULL REFERENCES users(id),"
                       " text TEXT NOT NULL,"
                       " sent_at TEXT NOT NULL,"
                       " client_id TEXT)"),
        // De-duplication of a sender's retries; empty/NULL client ids are not unique.
        QStringLiteral("CREATE UNIQUE INDEX messages_client_id ON messages(sender_id, client_id)"
                       " WHERE client_id <> ''"),
        // History of one direction of a conversation, newest first by id.
        QStringLiteral("CREATE INDEX messages_by_conversation"
                       " ON messages(sender_id, recipient_id, id)"),
    };
    for (QString &sql : statements) {
        // The legacy upgrade keeps Flask-SQLAlchemy's table name "user".
        sql.replace(QLatin1String("REFERENCES users(id)"),
                    QStringLiteral("REFERENCES %1(id)").arg(quoted(usersTable)));
        if (!exec(db, sql, error))
            return false;
    }
    return true;
}

bool recordVersion(QSqlDatabase &db, int version, const QString &description,
                   const QString &appliedAtIso, QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "INSERT INTO schema_migrations (version, applied_at, description) VALUES (?, ?, ?)"));
    q.addBindValue(version);
    q.addBindValue(appliedAtIso);
    q.addBindValue(description);
    if (q.exec())
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

const QList<Migration> &migrations()
{
    // Append only: a released migration never changes, a new one gets the next number.
    static const QList<Migration> list = {
        {1, "users, contacts, access tokens, messages",
         [](QSqlDatabase &db, QString *error) {
             const QString users = QStringLiteral("users");
             return createUsersTable(db, error) && createUserIndexes(db, users, error)
                 && createCoreTables(db, users, error);
         }},
        {2, "users.username_normalized: case-insensitive unique usernames",
         [](QSqlDatabase &db, QString *error) {
             return addNormalizedUsernames(db, usersTableIn(tableNames(db)), error);
         }},
        {3, "message receipts, read_receipts setting", addConversationColumns},
        {4, "user_status: manual status and last-seen precision",
         [](QSqlDatabase &db, QString *error) {
             return createUserStatusTable(db, QStringLiteral("INTEGER"), error);
         }},
    };
    return list;
}

int latestVersion()
{
    return migrations().isEmpty() ? 0 : migrations().constLast().version;
}

} // namespace SmartFixer::Schema

namespace SmartFixer::Schema {

std::optional<qint64> timestampMs(const QVariant &value)
{
    if (value.isNull() || !value.isValid())
        return std::nullopt;
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double: {
        const double n = value.toDouble();
        // Unix seconds unless the number is too large to be seconds of a sane date.
        return qint64(std::abs(n) > 1e11 ? n : n * 1000.0);
    }
    default:
        break;
    }
    const QString text = value.toString().trimmed();
    if (text.isEmpty())
        return std::nullopt;
    return parseIsoUtc(text);
}

bool begin(QSqlDatabase &db, QString *error)
{
    return exec(db, QStringLiteral("BEGIN IMMEDIATE"), error);
}

bool commit(QSqlDatabase &db, QString *error)
{
    return exec(db, QStringLiteral("COMMIT"), error);
}

void rollback(QSqlDatabase &db)
{
    QSqlQuery q(db);
    q.exec(QStringLiteral("ROLLBACK"));
}

} // namespace SmartFixer::Schema
