#pragma once
// Private to engine/storage and engine/admin: SQLite's schema (the SQL of its numbered
// migrations), shared by SqliteDialect and the legacy upgrade ("migrate"), and helpers that are
// plain SQL in every engine (exec, COMMIT/ROLLBACK, timestamps).
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <functional>
#include <optional>

namespace SmartFixer::Schema {

//! One numbered migration. apply() runs inside a transaction opened by the caller.
struct Migration
{
    int version;
    const char *description;
    std::function<bool(QSqlDatabase &, QString *)> apply;
};

//! All migrations, ascending by version.
const QList<Migration> &migrations();
int latestVersion();

//! Runs \a sql (one statement); false with \a error = "<what>: <driver text>" on failure.
bool exec(QSqlDatabase &db, const QString &sql, QString *error);

//! The tables that exist in \a db.
QStringList tableNames(QSqlDatabase &db);
//! Column names of \a table (in order), from PRAGMA table_info.
QStringList columnNames(QSqlDatabase &db, const QString &table);
//! "schema_migrations" exists and the highest version in it (0 when none).
int recordedVersion(QSqlDatabase &db);

//! Parts of migration 1, so that the legacy upgrade can build the same schema around an
//! existing users table.
bool createMigrationsTable(QSqlDatabase &db, QString *error);
bool createUsersTable(QSqlDatabase &db, QString *error);
bool createUserIndexes(QSqlDatabase &db, const QString &usersTable, QString *error);
bool createCoreTables(QSqlDatabase &db, const QString &usersTable, QString *error);
bool recordVersion(QSqlDatabase &db, int version, const QString &description,
                   const QString &appliedAtIso, QString *error);

//! Migration 2: users.username_normalized (NFKC + case fold) with a unique index; existing
//! collisions are logged, the oldest account keeps the name (schema_usernames.cpp).
bool addNormalizedUsernames(QSqlDatabase &db, const QString &usersTable, QString *error);
//! Sets username_normalized where it is NULL (rows copied in by "migrate --from"), leaving it
//! NULL (and logging the group) where an older account holds the name.
bool fillNormalizedUsernames(QSqlDatabase &db, const QString &usersTable, QString *error);
//! The users table among \a tables ("users", or a legacy "user" upgraded in place).
QString usersTableIn(const QStringList &tables);
//! Migration 3 of both engines (schema_conversations.cpp): messages.delivered_at / read_at,
//! the receipt indexes and the read_receipts setting (DESIGN.md §12).
bool addConversationColumns(QSqlDatabase &db, QString *error);
//! Migration 4 (both engines): the user_status table of DESIGN.md §10; \a idType is the
//! engine's type of user ids (store_status.cpp).
bool createUserStatusTable(QSqlDatabase &db, const QString &idType, QString *error);

//! Quotes an SQL identifier ("user" is a keyword in some engines; always quote).
QString quoted(const QString &identifier);

} // namespace SmartFixer::Schema

namespace SmartFixer::Schema {

//! A stored timestamp as ms since epoch UTC: ISO 8601 text (zone-less = UTC, e.g. SQLAlchemy's
//! "2025-03-01 10:00:00.000000") or a number of Unix seconds (milliseconds when > 1e11).
//! Nothing for NULL or text that is not a timestamp.
std::optional<qint64> timestampMs(const QVariant &value);

//! SQLite transaction helpers: BEGIN IMMEDIATE takes the write lock up front, so a concurrent
//! writer waits for the busy timeout instead of failing halfway through.
bool begin(QSqlDatabase &db, QString *error);
bool commit(QSqlDatabase &db, QString *error);
void rollback(QSqlDatabase &db);

} // namespace SmartFixer::Schema
