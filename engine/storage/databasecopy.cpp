#include "databasecopy.h"

#include "core/clock.h"
#include "core/logging.h"
#include "legacymigration.h"
#include "sqldialect_p.h"
#include "store.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <atomic>

namespace SmartFixer {

namespace {

std::atomic<int> s_counter{0};

// A named connection, closed and removed when it goes out of scope.
class Connection
{
public:
    Connection(const SqlDialect &dialect, const DatabaseUrl &url)
        : m_name(QStringLiteral("smartfixer-copy-%1").arg(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(dialect.driverName(), m_name);
        dialect.configure(db, url);
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

struct Table
{
    const char *name; // in the target
    QString select; // from the source, columns in the order of insert
    const char *insert; // into the target, ignoring rows that are there (same key)
    int columns;
    int DatabaseCopyReport::*counter;
};

} // namespace

QString DatabaseCopyReport::summary(const QString &from, const DatabaseUrl &to) const
{
    if (!changed())
        return QStringLiteral("nothing to do: %1 already holds every row of %2 (%3 users,"
                              " schema version %4)")
            .arg(to.display(), from)
            .arg(sourceUsers)
            .arg(schemaVersion);
    return QStringLiteral("copied %1 users, %2 contacts, %3 access tokens and %4 messages from %5%6"
                          " into %7 (same ids; schema version %8)")
        .arg(users)
        .arg(contacts)
        .arg(tokens)
        .arg(messages)
        .arg(from,
             legacySource ? QStringLiteral(" (previous version, table \"%1\")").arg(sourceTable)
                          : QString(),
             to.display())
        .arg(schemaVersion);
}

Result<DatabaseCopyReport> copySqliteInto(const QString &sqlitePath, const DatabaseUrl &target,
                                          Clock *clock)
{
    using R = Result<DatabaseCopyReport>;
    if (!clock)
        clock = Clock::system();
    if (!target.isPostgres())
        return R::failure(QStringLiteral("--from copies into PostgreSQL: give --db postgresql://…"),
                          ErrorKind::Invalid);
    const QFileInfo info(sqlitePath);
    if (!info.exists())
        return R::failure(QStringLiteral("%1: no such file").arg(sqlitePath), ErrorKind::NotFound);
    if (!info.isFile())
        return R::failure(QStringLiteral("%1 is not a file").arg(sqlitePath), ErrorKind::Invalid);

    // Work on a copy: the source stays exactly as it is (a legacy file is upgraded in the copy).
    QTemporaryDir tmp;
    if (!tmp.isValid())
        return R::failure(
            QStringLiteral("cannot create a temporary folder: %1").arg(tmp.errorString()));
    const QString copy = tmp.filePath(QStringLiteral("source.db"));
    for (const QString &suffix : {QString(), QStringLiteral("-wal")}) {
        if (suffix.isEmpty() || QFileInfo::exists(sqlitePath + suffix)) {
            if (!QFile::copy(sqlitePath + suffix, copy + suffix))
                return R::failure(QStringLiteral("%1: cannot read it").arg(sqlitePath + suffix));
        }
    }
    const auto legacy = migrateLegacyDatabase(copy, clock);
    if (!legacy) {
        QString why = legacy.error();
        why.replace(copy, sqlitePath);
        why.remove(QStringLiteral(": nothing was changed"));
        return R::failure(why, ErrorKind::Invalid);
    }
    DatabaseCopyReport report;
    report.legacySource = legacy->changed;

    Store source(copy);
    source.setResetOnlineOnOpen(false);
    if (const auto opened = source.open(); !opened) {
        QString why = opened.error();
        why.replace(copy, sqlitePath);
        return R::failure(why, ErrorKind::Invalid);
    }
    report.sourceTable = source.usersTable();
    report.sourceUsers = int(source.allUsers().size());
    source.close();

    // The target gets our schema through Store (numbered migrations, migration lock).
    {
        Store schema(target);
        schema.setResetOnlineOnOpen(false);
        const auto opened = schema.open();
        if (!opened)
            return R::failureFrom(opened);
        report.schemaVersion = opened.value();
        if (schema.usersTable() != QLatin1String("users"))
            return R::failure(QStringLiteral("%1 has a legacy \"user\" table; copy into an empty"
                                             " database")
                                  .arg(target.display()),
                              ErrorKind::Conflict);
    }

    const auto sqlite = SqlDialect::create(DatabaseUrl::Engine::Sqlite);
    const auto postgres = SqlDialect::create(DatabaseUrl::Engine::Postgres);
    DatabaseUrl sourceUrl;
    sourceUrl.path = copy;
    Connection from(*sqlite, sourceUrl);
    Connection to(*postgres, target);
    QSqlDatabase src = from.db();
    QSqlDatabase dst = to.db();
    if (!src.open())
        return R::failure(QStringLiteral("%1: %2").arg(sqlitePath, src.lastError().text()));
    if (!dst.open()) {
        const auto why = postgres->openFailure(dst.lastError(), target);
        return R::failure(
            QStringLiteral("cannot open database %1: %2").arg(target.display(), why.error()),
            why.kind());
    }
    QString err;
    if (!postgres->afterOpen(dst, &err))
        return R::failure(err);

    // Refuse a target that holds other data: every user and message it has must be the
    // source's row with the same id (a previous run of this copy), nothing else.
    const QString users = Schema::quoted(report.sourceTable);
    {
        QHash<qint64, QString> sourceNames;
        QSqlQuery q(src);
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT id, username FROM ") + users))
            return R::failure(q.lastError().text());
        while (q.next())
            sourceNames.insert(q.value(0).toLongLong(), q.value(1).toString());
        QSqlQuery t(dst);
        t.setForwardOnly(true);
        if (!t.exec(QStringLiteral("SELECT id, username FROM users ORDER BY id")))
            return R::failure(t.lastError().text());
        while (t.next()) {
            const qint64 id = t.value(0).toLongLong();
            const QString name = t.value(1).toString();
            if (sourceNames.value(id) != name)
                return R::failure(QStringLiteral("%1 already holds other data (user %2 \"%3\" is"
                                                 " not in %4); copy into an empty database")
                                      .arg(target.display())
                                      .arg(id)
                                      .arg(name.left(80), sqlitePath),
                                  ErrorKind::Conflict);
        }
        QHash<qint64, QPair<qint64, QString>> sourceMessages;
        QSqlQuery m(src);
        m.setForwardOnly(true);
        if (!m.exec(QStringLiteral("SELECT id, sender_id, sent_at FROM messages")))
            return R::failure(m.lastError().text());
        while (m.next())
            sourceMessages.insert(m.value(0).toLongLong(),
                                  {m.value(1).toLongLong(), m.value(2).toString()});
        QSqlQuery tm(dst);
        tm.setForwardOnly(true);
        if (!tm.exec(QStringLiteral("SELECT id, sender_id, sent_at FROM messages")))
            return R::failure(tm.lastError().text());
        while (tm.next()) {
            const auto it = sourceMessages.constFind(tm.value(0).toLongLong());
            if (it == sourceMessages.cend() || it->first != tm.value(1).toLongLong()
                || it->second != tm.value(2).toString())
                return R::failure(QStringLiteral("%1 already holds other data (message %2 is not"
                                                 " in %3); copy into an empty database")
                                      .arg(target.display())
                                      .arg(tm.value(0).toLongLong())
                                      .arg(sqlitePath),
                                  ErrorKind::Conflict);
        }
    }

    const QList<Table> tables = {
        {"users",
         QStringLiteral("SELECT id, username, COALESCE(display_name, ''), password_hash,"
                        " last_active, COALESCE(visibility, 'everyone'), created_at FROM ")
             + users + QStringLiteral(" ORDER BY id"),
         "INSERT INTO users (id, username, display_name, password_hash, last_active, is_online,"
         " visibility, created_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
         7, &DatabaseCopyReport::users},
        {"contacts", QStringLiteral("SELECT owner_id, contact_id, added_at FROM contacts"),
         "INSERT INTO contacts (owner_id, contact_id, added_at) VALUES (?, ?, ?)", 3,
         &DatabaseCopyReport::contacts},
        {"access_tokens",
         QStringLiteral("SELECT token_hash, user_id, created_at FROM access_tokens"),
         "INSERT INTO access_tokens (token_hash, user_id, created_at) VALUES (?, ?, ?)", 3,
         &DatabaseCopyReport::tokens},
        // The receipt columns too (DESIGN.md §12): the source was opened through Store above,
        // so its migrations have added them (older rows count as delivered and read).
        {"messages",
         QStringLiteral("SELECT id, sender_id, recipient_id, text, sent_at, client_id,"
                        " delivered_at, read_at FROM messages ORDER BY id"),
         "INSERT INTO messages (id, sender_id, recipient_id, text, sent_at, client_id,"
         " delivered_at, read_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
         8, &DatabaseCopyReport::messages},
        {"read_receipts_off", QStringLiteral("SELECT user_id FROM read_receipts_off"),
         "INSERT INTO read_receipts_off (user_id) VALUES (?)", 1, &DatabaseCopyReport::settings},
    };
    if (!Schema::exec(dst, postgres->beginSql(), &err))
        return R::failure(err, ErrorKind::Unavailable);
    const auto abort = [&](const QString &why) {
        Schema::rollback(dst);
        return R::failure(QStringLiteral("nothing was copied: ") + why);
    };
    for (const Table &table : tables) {
        QSqlQuery read(src);
        read.setForwardOnly(true);
        if (!read.exec(table.select))
            return abort(read.lastError().text());
        QSqlQuery write(dst);
        if (!write.prepare(postgres->insertIgnoring(QString::fromLatin1(table.insert))))
            return abort(write.lastError().text());
        while (read.next()) {
            for (int c = 0; c < table.columns; ++c) {
                const QVariant v = read.value(c);
                // Ids are integers whatever the legacy column's declared type made of them.
                write.addBindValue(v);
            }
            if (!write.exec())
                return abort(QStringLiteral("%1: %2").arg(QLatin1String(table.name),
                                                          write.lastError().text()));
            report.*table.counter += write.numRowsAffected() > 0 ? 1 : 0;
        }
    }
    if (!Schema::fillNormalizedUsernames(dst, QStringLiteral("users"), &err)
        || !postgres->resetIdSequences(dst, {QStringLiteral("users"), QStringLiteral("messages")},
                                       &err)
        || !Schema::commit(dst, &err))
        return abort(err);
    qCInfo(lcStore).noquote() << report.summary(sqlitePath, target);
    return report;
}

} // namespace SmartFixer
