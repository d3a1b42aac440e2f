#include "legacymigration.h"

#include "core/clock.h"
#include "core/logging.h"
#include "core/presenceinfo.h"
#include "schema_p.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTimeZone>
#include <atomic>

namespace SmartFixer {

namespace {

// schema_migrations.description of version 1 of a database that an earlier build of this
// program migrated by copying "user" into a new "users": a re-run copies rows the old program
// added to "user" since. Today's migrate upgrades "user" in place instead.
const QString &importedFromUser()
{
    static const QString s = QStringLiteral("legacy table \"user\" copied into users");
    return s;
}

std::atomic<int> s_counter{0};

// A named connection that is closed and removed when it goes out of scope (after every query
// that used it, which are declared later and destroyed first).
class Connection
{
public:
    explicit Connection(const QString &path)
        : m_name(QStringLiteral("smartfixer-migrate-%1").arg(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    }
    ~Connection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
};

struct Column
{
    QString name;
    QString type;
    bool pk = false;
};

QList<Column> columnsOf(QSqlDatabase &db, const QString &table)
{
    QList<Column> columns;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA table_info(") + Schema::quoted(table) + QStringLiteral(")")))
        return columns;
    while (q.next())
        columns << Column{q.value(1).toString(), q.value(2).toString(), q.value(5).toInt() != 0};
    return columns;
}

bool hasColumn(const QList<Column> &columns, const QString &name)
{
    return std::any_of(columns.cbegin(), columns.cend(), [&](const Column &c) {
        return c.name.compare(name, Qt::CaseInsensitive) == 0;
    });
}

bool isTable(QSqlDatabase &db, const QString &name)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"));
    q.addBindValue(name);
    return q.exec() && q.next();
}

QVariant scalar(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (q.exec(sql) && q.next())
        return q.value(0);
    return QVariant();
}

// The per-row rule of DESIGN.md §5: last_login, else created_at, else NULL. Only columns the
// legacy table really has count; a value that is not a timestamp counts as missing.
struct ActivityRule
{
    QStringList sources; // in priority order

    std::optional<qint64> lastActive(const QSqlRecord &row, int *unreadable) const
    {
        for (const QString &column : sources) {
            const QVariant v = row.value(column);
            if (v.isNull() || v.toString().trimmed().isEmpty())
                continue;
            if (const auto ms = Schema::timestampMs(v))
                return ms;
            ++*unreadable;
        }
        return std::nullopt;
    }
};

// For a copy into a new "users", a legacy last_active of "user" comes first; an in-place
// upgrade never rewrites an existing last_active.
ActivityRule ruleFor(const QList<Column> &columns, bool withOwnLastActive)
{
    ActivityRule rule;
    QStringList candidates = {QStringLiteral("last_login"), QStringLiteral("created_at")};
    if (withOwnLastActive)
        candidates.prepend(QStringLiteral("last_active"));
    for (const QString &c : candidates)
        if (hasColumn(columns, c))
            rule.sources << c;
    return rule;
}

QString describe(const ActivityRule &rule)
{
    return rule.sources.isEmpty() ? QStringLiteral("no activity column (left empty)")
                                  : rule.sources.join(QStringLiteral(", else "));
}

QString backupPathFor(const QString &path, Clock *clock)
{
    const QString stamp = QDateTime::fromMSecsSinceEpoch(clock->nowMs(), QTimeZone::utc())
                              .toString(QStringLiteral("yyyyMMdd'T'HHmmss"));
    QString candidate = path + QStringLiteral(".pre-migrate-") + stamp + QStringLiteral(".bak");
    for (int i = 2; QFileInfo::exists(candidate); ++i)
        candidate
            = path + QStringLiteral(".pre-migrate-") + stamp + QStringLiteral("-%1.bak").arg(i);
    return candidate;
}

// A consistent copy of the whole database (including a pending WAL) before anything changes.
bool backup(QSqlDatabase &db, const QString &target, QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("VACUUM INTO ?"));
    q.addBindValue(target);
    if (q.exec())
        return true;
    *error = QStringLiteral("cannot write the backup %1: %2").arg(target, q.lastError().text());
    return false;
}

// Copies the rows of "user" that "users" does not have yet (by id) into "users".
bool copyUserRows(QSqlDatabase &db, const QList<Column> &legacyColumns, const ActivityRule &rule,
                  LegacyMigrationReport *report, QString *error)
{
    const bool hasDisplayName = hasColumn(legacyColumns, QStringLiteral("display_name"));
    const bool hasPasswordHash = hasColumn(legacyColumns, QStringLiteral("password_hash"));
    const bool hasCreatedAt = hasColumn(legacyColumns, QStringLiteral("created_at"));
    QSqlQuery rows(db);
    rows.setForwardOnly(true);
    if (!rows.exec(QStringLiteral("SELECT * FROM \"user\" WHERE id NOT IN (SELECT id FROM users)"
                                  " ORDER BY id"))) {
        *error = rows.lastError().text();
        return false;
    }
    QSqlQuery taken(db);
    taken.prepare(QStringLiteral("SELECT id FROM users WHERE username = ?"));
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral(
        "INSERT INTO users (id, username, display_name, password_hash, last_active, is_online,"
        " visibility, created_at) VALUES (?, ?, ?, ?, ?, 0, 'everyone', ?)"));
    int unreadable = 0;
    while (rows.next()) {
        const QSqlRecord row = rows.record();
        const QString username = row.value(QStringLiteral("username")).toString();
        taken.addBindValue(username);
        if (taken.exec() && taken.next()) {
            report->warnings << QStringLiteral("user %1 \"%2\" not copied: \"users\" has that"
                                               " name with id %3")
                                    .arg(row.value(QStringLiteral("id")).toString(), username,
                                         taken.value(0).toString());
            taken.finish();
            continue;
        }
        taken.finish();
        const auto lastActive = rule.lastActive(row, &unreadable);
        const QVariant createdRaw
            = hasCreatedAt ? row.value(QStringLiteral("created_at")) : QVariant();
        const auto createdMs = Schema::timestampMs(createdRaw);
        const QString displayName
            = hasDisplayName ? row.value(QStringLiteral("display_name")).toString() : QString();
        insert.addBindValue(row.value(QStringLiteral("id")).toLongLong());
        insert.addBindValue(username);
        insert.addBindValue(displayName.isEmpty() ? username : displayName);
        insert.addBindValue(hasPasswordHash ? row.value(QStringLiteral("password_hash"))
                                            : QVariant());
        insert.addBindValue(lastActive ? QVariant(toIsoUtc(*lastActive)) : QVariant());
        // A legacy created_at is kept in our ISO form when it is a timestamp, else as it was.
        insert.addBindValue(
            createdMs ? QVariant(toIsoUtc(*createdMs))
                      : (createdRaw.isNull() ? QVariant() : QVariant(createdRaw.toString())));
        if (!insert.exec()) {
            *error = QStringLiteral("cannot copy user \"%1\": %2")
                         .arg(username, insert.lastError().text());
            return false;
        }
        ++report->users;
        if (lastActive)
            ++report->lastActiveSet;
    }
    if (unreadable > 0)
        report->warnings
            << QStringLiteral("%1 timestamps were not dates and were skipped").arg(unreadable);
    return true;
}

// Is there a UNIQUE index on exactly (username)? (Or the column's own UNIQUE constraint,
// which SQLite also lists as an index.)
bool usernameIsUnique(QSqlDatabase &db, const QString &table)
{
    QSqlQuery list(db);
    if (!list.exec(QStringLiteral("PRAGMA index_list(") + Schema::quoted(table)
                   + QStringLiteral(")")))
        return false;
    QStringList uniqueIndexes;
    while (list.next()) {
        if (list.value(2).toInt() != 0) // seq, name, unique, origin, partial
            if (list.value(4).toInt() == 0)
                uniqueIndexes << list.value(1).toString();
    }
    for (const QString &index : uniqueIndexes) {
        QSqlQuery info(db);
        if (!info.exec(QStringLiteral("PRAGMA index_info(") + Schema::quoted(index)
                       + QStringLiteral(")")))
            continue;
        QStringList columns;
        while (info.next())
            columns << info.value(2).toString();
        if (columns == QStringList{QStringLiteral("username")})
            return true;
    }
    return false;
}

} // namespace

QString LegacyMigrationReport::summary() const
{
    if (!changed)
        return QStringLiteral("nothing to do: the database is already migrated (schema version %1)")
            .arg(schemaVersion);
    QString line;
    if (copiedIntoUsers)
        line = QStringLiteral("copied %1 new users from table \"user\" into \"users\"").arg(users);
    else if (addedColumns.isEmpty())
        line = QStringLiteral("migrated %1 users in table \"%2\": no columns were missing")
                   .arg(users)
                   .arg(legacyTable);
    else
        line = QStringLiteral("migrated %1 users in table \"%2\": added %3")
                   .arg(users)
                   .arg(legacyTable, addedColumns.join(QStringLiteral(", ")));
    if (!lastActiveSource.isEmpty())
        line += QStringLiteral("; last_active set for %1 of %2 users (from %3)")
                    .arg(lastActiveSet)
                    .arg(users)
                    .arg(lastActiveSource);
    return line;
}

Result<LegacyMigrationReport> migrateLegacyDatabase(const QString &path, Clock *clock)
{
    using R = Result<LegacyMigrationReport>;
    if (!clock)
        clock = Clock::system();
    const QFileInfo info(path);
    if (!info.exists())
        return R::failure(QStringLiteral("%1: no such file").arg(path));
    if (!info.isFile())
        return R::failure(QStringLiteral("%1 is not a file").arg(path));
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return R::failure(QStringLiteral("%1: cannot read it (%2)").arg(path, f.errorString()));
        const QByteArray header = f.read(100);
        if (header.isEmpty())
            return R::failure(
                QStringLiteral("%1 is empty: it has no users table to migrate").arg(path));
        // Every SQLite 3 file starts with this 16-byte magic string and a 100-byte header.
        if (header.size() < 100 || !header.startsWith(QByteArray("SQLite format 3\0", 16)))
            return R::failure(QStringLiteral("%1 is not an SQLite database").arg(path));
    }

    Connection connection(path);
    QSqlDatabase db = connection.db();
    if (!db.open())
        return R::failure(
            QStringLiteral("%1: cannot open it: %2").arg(path, db.lastError().text()));
    {
        QSqlQuery check(db);
        if (!check.exec(QStringLiteral("PRAGMA quick_check")))
            return R::failure(
                QStringLiteral("%1 is corrupt: %2").arg(path, check.lastError().databaseText()));
        // quick_check reports one problem a line (some rows hold several); keep one line.
        QStringList problems;
        const auto collect = [&problems](const QString &text) {
            for (const QString &line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
                if (line != QLatin1String("ok") && !line.startsWith(QLatin1String("***")))
                    problems << line.trimmed();
            }
        };
        while (check.next())
            collect(check.value(0).toString());
        if (check.lastError().isValid())
            collect(check.lastError().databaseText());
        if (!problems.isEmpty())
            return R::failure(problems.size() == 1
                                  ? QStringLiteral("%1 is corrupt: %2").arg(path, problems.first())
                                  : QStringLiteral("%1 is corrupt: %2 (and %3 more problems)")
                                        .arg(path, problems.first())
                                        .arg(problems.size() - 1));
    }

    LegacyMigrationReport report;
    QString err;
    const int version = Schema::recordedVersion(db);
    if (version > 0) {
        // Already ours. If "users" was copied from "user", copy rows the old program may have
        // added since; otherwise there is nothing to do.
        report.schemaVersion = version;
        const QString description = scalar(db,
                                           QStringLiteral("SELECT description FROM"
                                                          " schema_migrations WHERE version = 1"))
                                        .toString();
        if (description != importedFromUser() || !isTable(db, QStringLiteral("user")))
            return report;
        const int fresh = scalar(db,
                                 QStringLiteral("SELECT COUNT(*) FROM \"user\" WHERE id NOT IN"
                                                " (SELECT id FROM users)"))
                              .toInt();
        if (fresh == 0)
            return report;
        const QList<Column> legacyColumns = columnsOf(db, QStringLiteral("user"));
        const ActivityRule rule = ruleFor(legacyColumns, true);
        report.lastActiveSource = describe(rule);
        report.legacyTable = QStringLiteral("user");
        report.copiedIntoUsers = true;
        report.backupPath = backupPathFor(path, clock);
        if (!backup(db, report.backupPath, &err))
            return R::failure(err);
        if (!Schema::begin(db, &err) || !copyUserRows(db, legacyColumns, rule, &report, &err)
            || !Schema::commit(db, &err)) {
            Schema::rollback(db);
            return R::failure(QStringLiteral("%1: nothing was changed: %2").arg(path, err));
        }
        report.changed = report.users > 0;
        return report;
    }

    QString table;
    if (isTable(db, QStringLiteral("users")))
        table = QStringLiteral("users");
    else if (isTable(db, QStringLiteral("user")))
        table = QStringLiteral("user");
    else
        return R::failure(
            QStringLiteral("%1 has no users table (looked for \"users\" and \"user\")").arg(path));
    report.legacyTable = table;
    const QString qtable = Schema::quoted(table);
    const QList<Column> legacyColumns = columnsOf(db, table);

    // Refuse what cannot be carried over faithfully, before writing anything.
    if (!hasColumn(legacyColumns, QStringLiteral("id"))
        || !hasColumn(legacyColumns, QStringLiteral("username")))
        return R::failure(
            QStringLiteral("%1: table \"%2\" has no id or no username column").arg(path, table));
    if (const int n = scalar(db,
                             QStringLiteral("SELECT COUNT(*) FROM ") + qtable
                                 + QStringLiteral(" WHERE id IS NULL OR typeof(id) <> 'integer'"))
                          .toInt())
        return R::failure(QStringLiteral("%1: %2 rows of table \"%3\" have no integer id")
                              .arg(path)
                              .arg(n)
                              .arg(table));
    if (const int n = scalar(db,
                             QStringLiteral("SELECT COUNT(*) FROM ") + qtable
                                 + QStringLiteral(" WHERE username IS NULL OR username = ''"))
                          .toInt())
        return R::failure(QStringLiteral("%1: %2 rows of table \"%3\" have no username")
                              .arg(path)
                              .arg(n)
                              .arg(table));
    const QVariant twice = scalar(db,
                                  QStringLiteral("SELECT username FROM ") + qtable
                                      + QStringLiteral(" GROUP BY username HAVING COUNT(*) > 1"));
    if (!twice.isNull())
        return R::failure(
            QStringLiteral("%1: username \"%2\" appears more than once in table \"%3\"")
                .arg(path, twice.toString(), table));
    for (const QString &ours : {QStringLiteral("contacts"), QStringLiteral("access_tokens"),
                                QStringLiteral("messages")}) {
        if (isTable(db, ours))
            return R::failure(QStringLiteral("%1 already has a table \"%2\" that SmartFixer did not"
                                             " create; rename it and run migrate again")
                                  .arg(path, ours));
    }
    {
        // New users get their id from SQLite's rowid: id must be the INTEGER PRIMARY KEY.
        // (Flask-SQLAlchemy's "id INTEGER NOT NULL, PRIMARY KEY (id)" is one.)
        const auto pkColumns = std::count_if(legacyColumns.cbegin(), legacyColumns.cend(),
                                             [](const Column &c) { return c.pk; });
        const bool idIsRowid
            = pkColumns == 1
            && std::any_of(legacyColumns.cbegin(), legacyColumns.cend(), [](const Column &c) {
                   return c.pk && c.name.compare(QLatin1String("id"), Qt::CaseInsensitive) == 0
                       && c.type.compare(QLatin1String("INTEGER"), Qt::CaseInsensitive) == 0;
               });
        if (!idIsRowid)
            return R::failure(
                QStringLiteral("%1: column id of table \"%2\" is not its INTEGER PRIMARY KEY")
                    .arg(path, table));
    }

    // Both "users" and Flask-SQLAlchemy's "user" are upgraded in place (DESIGN.md §5): the
    // upgraded old web backend, whose model has last_active/is_online on "user", and this
    // server then share the same table. An existing last_active is never rewritten.
    const ActivityRule rule = ruleFor(legacyColumns, false);
    const bool addLastActive = !hasColumn(legacyColumns, QStringLiteral("last_active"));
    if (addLastActive)
        report.lastActiveSource = describe(rule);

    report.backupPath = backupPathFor(path, clock);
    if (!backup(db, report.backupPath, &err))
        return R::failure(QStringLiteral("%1: nothing was changed: %2").arg(path, err));

    const auto run = [&]() -> bool {
        if (!Schema::begin(db, &err))
            return false;
        // Add what is missing, change nothing that is there.
        struct Add
        {
            QString name;
            QString definition;
        };
        const QList<Add> adds = {
            {QStringLiteral("display_name"), QStringLiteral("TEXT")},
            {QStringLiteral("password_hash"), QStringLiteral("TEXT")},
            {QStringLiteral("last_active"), QStringLiteral("TEXT")},
            {QStringLiteral("is_online"), QStringLiteral("INTEGER NOT NULL DEFAULT 0")},
            {QStringLiteral("visibility"), QStringLiteral("TEXT NOT NULL DEFAULT 'everyone'")},
            {QStringLiteral("created_at"), QStringLiteral("TEXT")},
        };
        for (const Add &add : adds) {
            if (hasColumn(legacyColumns, add.name))
                continue;
            if (!Schema::exec(db,
                              QStringLiteral("ALTER TABLE ") + qtable
                                  + QStringLiteral(" ADD COLUMN ") + add.name + QLatin1Char(' ')
                                  + add.definition,
                              &err))
                return false;
            report.addedColumns << add.name;
        }
        if (!Schema::exec(db,
                          QStringLiteral("UPDATE ") + qtable + QStringLiteral(" SET is_online = 0"),
                          &err))
            return false;
        report.users = scalar(db, QStringLiteral("SELECT COUNT(*) FROM ") + qtable).toInt();
        if (addLastActive && !rule.sources.isEmpty()) {
            QSqlQuery rows(db);
            rows.setForwardOnly(true);
            if (!rows.exec(QStringLiteral("SELECT id, ") + rule.sources.join(u',')
                           + QStringLiteral(" FROM ") + qtable)) {
                err = rows.lastError().text();
                return false;
            }
            QSqlQuery update(db);
            update.prepare(QStringLiteral("UPDATE ") + qtable
                           + QStringLiteral(" SET last_active = ? WHERE id = ?"));
            int unreadable = 0;
            while (rows.next()) {
                const auto ms = rule.lastActive(rows.record(), &unreadable);
                if (!ms)
                    continue;
                update.addBindValue(toIsoUtc(*ms));
                update.addBindValue(rows.value(0).toLongLong());
                if (!update.exec()) {
                    err = update.lastError().text();
                    return false;
                }
                ++report.lastActiveSet;
            }
            if (unreadable > 0)
                report.warnings << QStringLiteral("%1 timestamps were not dates and were skipped")
                                       .arg(unreadable);
        }
        if (!usernameIsUnique(db, table)
            && !Schema::exec(db,
                             QStringLiteral("CREATE UNIQUE INDEX %1_username ON %2(username)")
                                 .arg(table, qtable),
                             &err))
            return false;
        return Schema::createUserIndexes(db, table, &err) && Schema::createMigrationsTable(db, &err)
            && Schema::createCoreTables(db, table, &err)
            && Schema::recordVersion(
                   db, 1, QStringLiteral("legacy table \"%1\" upgraded in place").arg(table),
                   toIsoUtc(clock->nowMs()), &err)
            && Schema::commit(db, &err);
    };
    if (!run()) {
        Schema::rollback(db);
        return R::failure(QStringLiteral("%1: nothing was changed: %2").arg(path, err));
    }
    report.changed = true;
    report.schemaVersion = 1;
    qCInfo(lcStore).noquote() << "legacy migration:" << report.summary();
    return report;
}

} // namespace SmartFixer
