// The SQLite engine's SQL that Store asks for (see sqldialect_p.h); its schema DDL is
// schema.cpp, shared with the legacy upgrade.
#include "sqldialect_p.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlQuery>
#include <sqlite3.h>

namespace SmartFixer {

namespace {

constexpr int BusyTimeoutMs = 5000; // a second writer (admin command) waits this long

//! sf_contains_folded(text, needle): 1 when \a text contains \a needle after Unicode case
//! folding (SQLite's own LIKE folds ASCII letters only), 0 otherwise or for NULL.
void containsFolded(sqlite3_context *context, int argc, sqlite3_value **argv)
{
    if (argc != 2 || sqlite3_value_type(argv[0]) == SQLITE_NULL
        || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        sqlite3_result_int(context, 0);
        return;
    }
    const auto utf8 = [](sqlite3_value *v) {
        const auto *bytes = reinterpret_cast<const char *>(sqlite3_value_text(v));
        return QString::fromUtf8(bytes, sqlite3_value_bytes(v));
    };
    const QString needle = utf8(argv[1]);
    sqlite3_result_int(context, utf8(argv[0]).contains(needle, Qt::CaseInsensitive) ? 1 : 0);
}

//! Registers sf_contains_folded on the connection behind \a db (Qt's QSQLITE driver and we
//! both use the system's libsqlite3, so its handle is ours to extend).
bool registerFunctions(QSqlDatabase &db, QString *error)
{
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0) {
        *error = QStringLiteral("the SQLite driver gives no sqlite3 handle");
        return false;
    }
    sqlite3 *connection = *static_cast<sqlite3 *const *>(handle.constData());
    if (!connection
        || sqlite3_create_function_v2(connection, "sf_contains_folded", 2,
                                      SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                      nullptr, &containsFolded, nullptr, nullptr, nullptr)
            != SQLITE_OK) {
        *error = QStringLiteral("cannot register sf_contains_folded: %1")
                     .arg(QString::fromUtf8(connection ? sqlite3_errmsg(connection) : "no handle"));
        return false;
    }
    return true;
}

class SqliteDialect final : public SqlDialect
{
public:
    QString driverName() const override { return QStringLiteral("QSQLITE"); }

    Result<bool> preflight(const DatabaseUrl &url) const override
    {
        if (!QSqlDatabase::isDriverAvailable(driverName()))
            return Result<bool>::failure(QStringLiteral("the Qt SQLite driver (QSQLITE, Debian"
                                                        " package libqt6sql6-sqlite) is not"
                                                        " installed"),
                                         ErrorKind::Unavailable);
        const bool inMemory = url.path == QLatin1String(":memory:") || url.path.isEmpty();
        if (!inMemory && !QFileInfo(url.path).absoluteDir().exists()) {
            // SQLite would only say "unable to open database file".
            return Result<bool>::failure(QStringLiteral("the folder %1 does not exist")
                                             .arg(QFileInfo(url.path).absolutePath()),
                                         ErrorKind::NotFound);
        }
        return true;
    }

    void configure(QSqlDatabase &db, const DatabaseUrl &url) const override
    {
        db.setDatabaseName(url.path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs));
    }

    bool afterOpen(QSqlDatabase &db, QString *error) const override
    {
        QSqlQuery q(db);
        // The first statement reads the file: a file that is not SQLite fails here.
        // WAL: readers never block the writer. synchronous=FULL: a commit (a chat message)
        // is on disk when it returns, as DESIGN.md §5 requires before the ack.
        if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL"))) {
            *error = q.lastError().text();
            return false;
        }
        return Schema::exec(db, QStringLiteral("PRAGMA synchronous=FULL"), error)
            && Schema::exec(db, QStringLiteral("PRAGMA foreign_keys=ON"), error)
            && registerFunctions(db, error);
    }

    Result<bool> openFailure(const QSqlError &error, const DatabaseUrl &) const override
    {
        return Result<bool>::failure(error.text(), ErrorKind::Unavailable);
    }

    QString beginSql() const override { return QStringLiteral("BEGIN IMMEDIATE"); }
    bool lockForMigration(QSqlDatabase &, QString *) const override { return true; }

    QStringList tableNames(QSqlDatabase &db) const override { return Schema::tableNames(db); }
    bool createMigrationsTable(QSqlDatabase &db, QString *error) const override
    {
        return Schema::createMigrationsTable(db, error);
    }

    QList<ColumnInfo> columns(QSqlDatabase &db, const QString &table) const override
    {
        QList<ColumnInfo> columns;
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("PRAGMA table_info(") + Schema::quoted(table)
                    + QStringLiteral(")")))
            return columns;
        // PRAGMA table_info: cid, name, type, notnull, dflt_value, pk
        while (q.next())
            columns << ColumnInfo{q.value(1).toString(), q.value(2).toString().toUpper(),
                                  q.value(3).toInt() != 0, !q.value(4).isNull(),
                                  q.value(5).toInt() != 0};
        return columns;
    }

    const QList<Schema::Migration> &migrations() const override { return Schema::migrations(); }

    QString insertIgnoring(const QString &insertHead) const override
    {
        return insertHead + QStringLiteral(" ON CONFLICT DO NOTHING");
    }
    QString likeCaseInsensitive() const override { return QStringLiteral("LIKE"); }
    QString containsCaseInsensitive(const QString &column) const override
    {
        return QStringLiteral("sf_contains_folded(") + column + QStringLiteral(", ?) = 1");
    }

    // An in-process prepared UPDATE costs microseconds: no batching needed (bench_store).
    int updateBatchRows() const override { return 1; }
    QString batchUpdateSql(const QString &, const QString &, const QString &, int) const override
    {
        return QString();
    }
    // A write transaction locks the whole file: no row locks, no lock order to keep.
    QString lockRowsSql(const QString &, int) const override { return QString(); }

    // QSQLITE reports the primary result code (19 = SQLITE_CONSTRAINT) for every constraint,
    // so the kind of constraint is read from SQLite's fixed message.
    bool isUniqueViolation(const QSqlError &error) const override
    {
        return error.databaseText().contains(QLatin1String("UNIQUE constraint failed"));
    }
    bool isForeignKeyViolation(const QSqlError &error) const override
    {
        return error.databaseText().contains(QLatin1String("FOREIGN KEY constraint failed"));
    }
    bool isConnectionLost(const QSqlError &) const override { return false; }

    bool resetIdSequences(QSqlDatabase &, const QStringList &, QString *) const override
    {
        return true; // INTEGER PRIMARY KEY continues after the largest id by itself
    }
};

} // namespace

std::unique_ptr<SqlDialect> makeSqliteDialect()
{
    return std::make_unique<SqliteDialect>();
}

} // namespace SmartFixer
