#pragma once
// Private to engine/storage: the SQL that differs between engines, one SqlDialect per engine
// (sqlitedialect.cpp, postgresdialect.cpp). Store's queries are shared; whatever an engine
// spells its own way (DDL, upserts, introspection, BEGIN, ILIKE, pragmas, error codes) is
// asked from the dialect, so a third engine is one more file.
#include "core/result.h"
#include "databaseurl.h"
#include "schema_p.h"

#include <QList>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <memory>

namespace SmartFixer {

struct ColumnInfo
{
    QString name;
    QString type; //!< upper case, as declared
    bool notNull = false;
    bool hasDefault = false;
    bool primaryKey = false;
};

class SqlDialect
{
public:
    virtual ~SqlDialect() = default;
    static std::unique_ptr<SqlDialect> create(DatabaseUrl::Engine engine);

    virtual QString driverName() const = 0;
    //! Checks what can be checked before connecting (folder exists, driver installed);
    //! the error's kind says what is wrong.
    virtual Result<bool> preflight(const DatabaseUrl &url) const = 0;
    //! Sets the connection parameters of \a url on \a db.
    virtual void configure(QSqlDatabase &db, const DatabaseUrl &url) const = 0;
    //! Session settings after open() (SQLite: WAL, synchronous=FULL, foreign keys).
    virtual bool afterOpen(QSqlDatabase &db, QString *error) const = 0;
    //! The one line and kind for a failed open (unreachable server, missing database, …).
    virtual Result<bool> openFailure(const QSqlError &error, const DatabaseUrl &url) const = 0;

    //! BEGIN IMMEDIATE (SQLite: take the write lock up front) or BEGIN.
    virtual QString beginSql() const = 0;
    //! Serialises concurrent schema migrations inside the open transaction (PostgreSQL:
    //! an advisory lock; SQLite: BEGIN IMMEDIATE already holds the write lock).
    virtual bool lockForMigration(QSqlDatabase &db, QString *error) const = 0;
    virtual QStringList tableNames(QSqlDatabase &db) const = 0;
    //! CREATE TABLE IF NOT EXISTS schema_migrations (version, applied_at, description).
    virtual bool createMigrationsTable(QSqlDatabase &db, QString *error) const = 0;
    virtual QList<ColumnInfo> columns(QSqlDatabase &db, const QString &table) const = 0;
    //! The numbered schema migrations of this engine, ascending.
    virtual const QList<Schema::Migration> &migrations() const = 0;

    //! "INSERT … ON CONFLICT DO NOTHING" spelled for this engine: \a insertHead is
    //! "INSERT INTO t (a, b) VALUES (?, ?)".
    virtual QString insertIgnoring(const QString &insertHead) const = 0;
    //! The case-insensitive LIKE operator for ASCII text (LIKE in SQLite, ILIKE in PostgreSQL).
    virtual QString likeCaseInsensitive() const = 0;
    //! A condition that \a column contains the one bound value (plain text, no wildcards),
    //! case-insensitive for all of Unicode ("Ärger" finds "ärger", "ΣΟΦΙΑ" finds "σοφια"):
    //! SQLite calls our function sf_contains_folded (Qt's case folding, registered on every
    //! connection in afterOpen), PostgreSQL lower()s both sides with the ICU root collation
    //! (the database's own LC_CTYPE may be C, which folds ASCII only).
    virtual QString containsCaseInsensitive(const QString &column) const = 0;

    //! Rows per statement for the buffered presence writes; 1 = one prepared UPDATE per row.
    virtual int updateBatchRows() const = 0;
    //! One UPDATE of \a column (of SQL type \a type) for \a rows (id, value) pairs, bound in
    //! that order; only called when updateBatchRows() > 1.
    virtual QString batchUpdateSql(const QString &quotedTable, const QString &column,
                                   const QString &type, int rows) const = 0;
    //! Locks \a rows rows of \a quotedTable by id (bound in ascending order), in that order,
    //! for the rest of the transaction; empty where a write locks the whole database (SQLite).
    //! The presence flush takes its row locks this way first: nodes of a cluster flush the
    //! same users at the same moment, and locks taken in each node's own order deadlock.
    virtual QString lockRowsSql(const QString &quotedTable, int rows) const = 0;

    virtual bool isUniqueViolation(const QSqlError &error) const = 0;
    virtual bool isForeignKeyViolation(const QSqlError &error) const = 0;
    //! The connection itself is gone (server restarted, network): worth one reconnect.
    virtual bool isConnectionLost(const QSqlError &error) const = 0;
    //! After rows were inserted with explicit ids: let the next generated id follow them.
    virtual bool resetIdSequences(QSqlDatabase &db, const QStringList &tables,
                                  QString *error) const = 0;
};

} // namespace SmartFixer
