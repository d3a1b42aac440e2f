// "smartfixer-server migrate": old-schema databases built here, upgraded through
// runAdminCommand(), upgraded again (idempotent), then read back through Store; and the files it
// must refuse.
#include "admin/admincommands.h"
#include "core/presenceinfo.h"
#include "legacyfixtures.h"
#include "storage/store.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

using namespace SmartFixer;

namespace {

// Runs SQL statements (separated by ";\n") on the file through a throw-away connection.
bool runSql(const QString &path, const QString &script, QString *error = nullptr)
{
    static int counter = 0;
    const QString name = QStringLiteral("fixture-%1").arg(++counter);
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        ok = db.open();
        const QStringList statements = script.split(QStringLiteral(";\n"), Qt::SkipEmptyParts);
        for (const QString &sql : statements) {
            if (!ok || sql.trimmed().isEmpty())
                continue;
            QSqlQuery q(db);
            if (!q.exec(sql)) {
                ok = false;
                if (error)
                    *error = q.lastError().text() + QStringLiteral(" in ") + sql;
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

// Every row of \a table (ordered by rowid) as column -> value, and the column names.
struct TableDump
{
    QStringList columns;
    QList<QVariantMap> rows;
};

TableDump dump(const QString &path, const QString &table)
{
    static int counter = 0;
    const QString name = QStringLiteral("dump-%1").arg(++counter);
    TableDump d;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT * FROM \"%1\" ORDER BY rowid").arg(table))) {
                const QSqlRecord rec = q.record();
                for (int i = 0; i < rec.count(); ++i)
                    d.columns << rec.fieldName(i);
                while (q.next()) {
                    QVariantMap row;
                    for (int i = 0; i < rec.count(); ++i)
                        row.insert(rec.fieldName(i), q.value(i));
                    d.rows << row;
                }
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return d;
}

// The whole database as text: every table's columns and rows, for "nothing changed" checks.
QString dumpAll(const QString &path)
{
    static int counter = 0;
    const QString name = QStringLiteral("dumpall-%1").arg(++counter);
    QStringList tables;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            q.exec(QStringLiteral(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"));
            while (q.next())
                tables << q.value(0).toString();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    QString text;
    for (const QString &t : tables) {
        const TableDump d = dump(path, t);
        text += t + QLatin1Char('(') + d.columns.join(u',') + QStringLiteral(")\n");
        for (const QVariantMap &row : d.rows) {
            QStringList values;
            for (const QString &c : d.columns)
                values << (row.value(c).isNull() ? QStringLiteral("NULL")
                                                 : row.value(c).toString());
            text += values.join(u'|') + QLatin1Char('\n');
        }
    }
    return text;
}

struct Run
{
    int code = -1;
    QString out;
    QString err;
};

Run migrate(const QString &path)
{
    Run r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.code = runAdminCommand({QStringLiteral("migrate"), QStringLiteral("--db"), path},
                             QStringLiteral("/nonexistent/default.db"), out, err, nullptr);
    out.flush();
    err.flush();
    return r;
}

QStringList backups(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral("*.pre-migrate-*.bak")}, QDir::Files);
}

} // namespace

class TestLegacyMigration : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { Test::initTestEnvironment(); }

    void migratesLegacySchema_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("table");
        QTest::addColumn<QStringList>("addedColumns"); // in the summary line
        QTest::addColumn<QStringList>("expectedLastActive"); // "name=ISO" or "name=" for NULL

        // The fixtures themselves are in legacyfixtures.h; what each must turn into is here.
        const QList<QPair<QStringList, QStringList>> expected = {
            {QStringList{QStringLiteral("display_name"), QStringLiteral("password_hash"),
                         QStringLiteral("last_active"), QStringLiteral("is_online"),
                         QStringLiteral("visibility")},
             QStringList{QStringLiteral("alice=2025-03-01T10:00:00.000Z"),
                         QStringLiteral("bob=2025-03-02T06:30:00.000Z"), QStringLiteral("carol="),
                         QStringLiteral("dave=")}},
            {QStringList{QStringLiteral("last_active"), QStringLiteral("is_online"),
                         QStringLiteral("visibility")},
             QStringList{QStringLiteral("alice=2025-06-15T18:45:30.123Z"),
                         QStringLiteral("bob=2025-03-02T09:00:00.000Z"), QStringLiteral("carol="),
                         QStringLiteral("dan=2025-01-05T07:00:00.000Z")}},
            {QStringList{QStringLiteral("display_name"), QStringLiteral("last_active"),
                         QStringLiteral("is_online"), QStringLiteral("visibility")},
             QStringList{QStringLiteral("alice=2025-04-02T11:30:15.250Z"),
                         QStringLiteral("bob=2025-03-02T09:00:00.000Z"), QStringLiteral("carol=")}},
            {QStringList{QStringLiteral("display_name"), QStringLiteral("password_hash"),
                         QStringLiteral("visibility"), QStringLiteral("created_at")},
             QStringList{QStringLiteral("amy=2025-07-01 12:00:00.500000"), QStringLiteral("ben=")}},
            {QStringList{QStringLiteral("display_name"), QStringLiteral("password_hash"),
                         QStringLiteral("last_active"), QStringLiteral("is_online"),
                         QStringLiteral("visibility"), QStringLiteral("created_at")},
             QStringList{QStringLiteral("x.y="), QStringLiteral("z=")}},
        };
        const QList<Test::LegacyFixture> fixtures = Test::legacyFixtures();
        QCOMPARE(fixtures.size(), expected.size());
        for (qsizetype i = 0; i < fixtures.size(); ++i)
            QTest::newRow(fixtures.at(i).name) << fixtures.at(i).sql << fixtures.at(i).table
                                               << expected.at(i).first << expected.at(i).second;
    }

    void migratesLegacySchema()
    {
        QFETCH(QString, fixture);
        QFETCH(QString, table);
        QFETCH(QStringList, addedColumns);
        QFETCH(QStringList, expectedLastActive);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("legacy.db"));
        QString error;
        QVERIFY2(runSql(path, fixture, &error), qPrintable(error));
        const TableDump before = dump(path, table);
        QVERIFY(!before.rows.isEmpty());
        const QString everythingBefore = dumpAll(path);

        // First run: upgrades and says what it did.
        const Run first = migrate(path);
        QVERIFY2(first.code == 0, qPrintable(first.err));
        QVERIFY2(first.err.isEmpty(), qPrintable(first.err));
        const QString expectedStart = QStringLiteral("migrated %1 users in table \"%2\": ")
                                          .arg(before.rows.size())
                                          .arg(table);
        QVERIFY2(first.out.startsWith(expectedStart), qPrintable(first.out));
        for (const QString &c : addedColumns)
            QVERIFY2(first.out.contains(c), qPrintable(first.out));
        QCOMPARE(backups(dir.path()).size(), 1);

        // The backup is the database as it was.
        QCOMPARE(dumpAll(dir.filePath(backups(dir.path()).constFirst())), everythingBefore);

        // Every original row and column of the legacy table survived with its data.
        const TableDump after = dump(path, table);
        QCOMPARE(after.rows.size(), before.rows.size());
        for (const QString &c : before.columns)
            QVERIFY2(after.columns.contains(c), qPrintable(c));
        for (qsizetype i = 0; i < before.rows.size(); ++i) {
            for (const QString &c : before.columns) {
                if (c == QLatin1String("is_online"))
                    continue; // set to 0 by design (checked below)
                QCOMPARE(after.rows.at(i).value(c), before.rows.at(i).value(c));
            }
        }
        if (table == QLatin1String("user")) {
            // Upgraded in place (DESIGN.md §5): the old web backend, whose model has
            // last_active/is_online on "user", keeps working on the same file. No "users"
            // table appears next to it, and the other tables are untouched.
            QCOMPARE(dump(path, QStringLiteral("post")).rows.size(), 1);
            QVERIFY(dump(path, QStringLiteral("users")).columns.isEmpty());
            QCOMPARE(after.columns.mid(0, before.columns.size()), before.columns);
        }

        // Our columns with the rule's values, in the legacy table itself.
        const TableDump users = dump(path, table);
        for (const QString &c : {QStringLiteral("id"), QStringLiteral("username"),
                                 QStringLiteral("display_name"), QStringLiteral("password_hash"),
                                 QStringLiteral("last_active"), QStringLiteral("is_online"),
                                 QStringLiteral("visibility"), QStringLiteral("created_at")})
            QVERIFY2(users.columns.contains(c), qPrintable(c));
        QCOMPARE(users.rows.size(), before.rows.size());
        QMap<QString, QVariant> lastActiveByName;
        for (const QVariantMap &row : users.rows) {
            lastActiveByName.insert(row.value(QStringLiteral("username")).toString(),
                                    row.value(QStringLiteral("last_active")));
            QCOMPARE(row.value(QStringLiteral("is_online")).toInt(), 0);
            QCOMPARE(row.value(QStringLiteral("visibility")).toString(),
                     QStringLiteral("everyone"));
        }
        for (const QString &expected : expectedLastActive) {
            const QString name = expected.section(u'=', 0, 0);
            const QString iso = expected.section(u'=', 1);
            QVERIFY2(lastActiveByName.contains(name), qPrintable(name));
            if (iso.isEmpty())
                QVERIFY2(lastActiveByName.value(name).isNull(), qPrintable(name));
            else
                QCOMPARE(lastActiveByName.value(name).toString(), iso);
        }
        // Version 1 (the upgrade) and every later migration the store applied on open.
        QCOMPARE(dump(path, QStringLiteral("schema_migrations")).rows.size(),
                 Store::latestSchemaVersion());

        // Second run: changes nothing and says so.
        const QString everythingAfter = dumpAll(path);
        const Run second = migrate(path);
        QVERIFY2(second.code == 0, qPrintable(second.err));
        QVERIFY2(second.out.startsWith(QLatin1String("nothing to do")), qPrintable(second.out));
        QCOMPARE(dumpAll(path), everythingAfter);
        QCOMPARE(backups(dir.path()).size(), 1);

        // Our Store uses it: same ids and usernames, last_active as migrated.
        Store store(path);
        SF_OPEN(store);
        QCOMPARE(store.schemaVersion(), Store::latestSchemaVersion());
        const QList<UserRow> rows = store.allUsers();
        QCOMPARE(rows.size(), before.rows.size());
        for (qsizetype i = 0; i < rows.size(); ++i) {
            QCOMPARE(rows.at(i).id, before.rows.at(i).value(QStringLiteral("id")).toLongLong());
            QCOMPARE(rows.at(i).username,
                     before.rows.at(i).value(QStringLiteral("username")).toString());
            const QString iso = lastActiveByName.value(rows.at(i).username).toString();
            QCOMPARE(rows.at(i).lastActiveMs, iso.isEmpty() ? std::nullopt : parseIsoUtc(iso));
            QVERIFY(!store.verifyPassword(rows.at(i).username, QStringLiteral("guess")));
        }
        // And it works as a database of ours: new users (legacy NOT NULL columns get a filler),
        // tokens, contacts, messages, presence writes.
        const auto fresh
            = store.createUser(QStringLiteral("newcomer"), QString(), QStringLiteral("pw"));
        QVERIFY2(fresh, qPrintable(fresh.error()));
        QVERIFY(store.verifyPassword(QStringLiteral("newcomer"), QStringLiteral("pw")));
        const auto bulk = store.createUsers({QStringLiteral("bot1"), QStringLiteral("bot2")});
        QVERIFY2(bulk && bulk->size() == 2, qPrintable(bulk.error()));
        const UserId old = rows.first().id;
        const QString token = store.issueToken(old);
        QCOMPARE(store.userForToken(token), std::optional<UserId>(old));
        QVERIFY(store.addContact(old, fresh->id).value());
        QVERIFY(store.storeMessage(old, fresh->id, QStringLiteral("hi"), QStringLiteral("1"),
                                   1'764'337'205'000));
        store.recordActivity(old, 1'764'337'205'000);
        store.setOnline(old, true);
        store.flush();
        QCOMPARE(store.userById(old)->lastActiveMs, std::optional<qint64>(1'764'337'205'000));
        store.close();

        // A migrate after the Store has used it still changes nothing.
        const QString used = dumpAll(path);
        const Run third = migrate(path);
        QCOMPARE(third.code, 0);
        QVERIFY2(third.out.startsWith(QLatin1String("nothing to do")), qPrintable(third.out));
        QCOMPARE(dumpAll(path), used);
    }

    void oldProgramAndStoreShareUserTable()
    {
        // After the upgrade, the old web backend (Flask-SQLAlchemy, model "user" with
        // last_active/is_online) keeps inserting and updating "user"; the Store sees its rows
        // and writes its own into the same table.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("flask.db"));
        QString error;
        QVERIFY2(
            runSql(path,
                   QStringLiteral("CREATE TABLE user (id INTEGER NOT NULL, username VARCHAR(80)"
                                  " NOT NULL, email VARCHAR(120) NOT NULL, created_at DATETIME,"
                                  " PRIMARY KEY (id), UNIQUE (username), UNIQUE (email));\n"
                                  "INSERT INTO user VALUES (1, 'alice', 'a@x',"
                                  " '2025-03-01 10:00:00')"),
                   &error),
            qPrintable(error));
        QCOMPARE(migrate(path).code, 0);
        // What the upgraded old program writes: its model's columns, including the new two.
        QVERIFY2(runSql(path,
                        QStringLiteral("INSERT INTO user (id, username, email, created_at,"
                                       " last_active, is_online) VALUES (2, 'bob', 'b@x',"
                                       " '2025-05-01 10:00:00', '2025-05-02 08:00:00.000000', 1)"),
                        &error),
                 qPrintable(error));
        {
            Store store(path);
            SF_OPEN(store);
            QCOMPARE(store.usersTable(), QStringLiteral("user"));
            QCOMPARE(store.userById(2)->username, QStringLiteral("bob"));
            QCOMPARE(store.userById(2)->lastActiveMs, parseIsoUtc(u"2025-05-02T08:00:00Z"));
            const auto carol = store.createUser(QStringLiteral("carol"), QString(), QString());
            QVERIFY2(carol, qPrintable(carol.error()));
            QVERIFY(store.addContact(1, carol->id).value());
            store.recordActivity(1, 1'764'337'205'000);
            store.setOnline(1, true);
        } // closed: flushed
        const TableDump user = dump(path, QStringLiteral("user"));
        QCOMPARE(user.rows.size(), 3);
        QCOMPARE(user.rows.at(0).value(QStringLiteral("last_active")).toString(),
                 toIsoUtc(1'764'337'205'000));
        QCOMPARE(user.rows.at(0).value(QStringLiteral("is_online")).toInt(), 1);
        QCOMPARE(user.rows.at(2).value(QStringLiteral("username")).toString(),
                 QStringLiteral("carol"));
        // The old program's NOT NULL UNIQUE email got a filler for the Store's own row.
        QCOMPARE(user.rows.at(2).value(QStringLiteral("email")).toString(),
                 QStringLiteral("carol"));
        const Run again = migrate(path);
        QVERIFY2(again.out.startsWith(QLatin1String("nothing to do")),
                 qPrintable(again.out + again.err));
    }

    void freshDatabaseNeedsNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ours.db"));
        {
            Store store(path);
            QString error;
            SF_OPEN(store);
            QVERIFY(store.createUser(QStringLiteral("alice"), QString(), QString()));
        }
        const QString before = dumpAll(path);
        const Run r = migrate(path);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith(QLatin1String("nothing to do")), qPrintable(r.out));
        QCOMPARE(dumpAll(path), before);
        QVERIFY(backups(dir.path()).isEmpty());
    }

    void refusesUnfitLegacyTables_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("message");
        QTest::newRow("duplicate usernames")
            << QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT);\n"
                              "INSERT INTO users VALUES (1, 'a');\n"
                              "INSERT INTO users VALUES (2, 'a')")
            << QStringLiteral("username \"a\" appears more than once");
        QTest::newRow("no username column")
            << QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, login TEXT);\n"
                              "INSERT INTO users VALUES (1, 'a')")
            << QStringLiteral("has no id or no username column");
        QTest::newRow("foreign messages table")
            << QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT);\n"
                              "CREATE TABLE messages (body TEXT)")
            << QStringLiteral("already has a table \"messages\"");
    }

    void refusesUnfitLegacyTables()
    {
        QFETCH(QString, fixture);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("legacy.db"));
        QString error;
        QVERIFY2(runSql(path, fixture, &error), qPrintable(error));
        const QString before = dumpAll(path);
        const Run r = migrate(path);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(r.err.count(u'\n'), 1);
        QVERIFY(r.out.isEmpty());
        QCOMPARE(dumpAll(path), before);
    }

    void refusesBadFiles_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("message");
        QTest::newRow("corrupt pages") << QStringLiteral("corrupt") << QStringLiteral("is corrupt");
        QTest::newRow("corrupt schema page")
            << QStringLiteral("corrupt-schema") << QStringLiteral("is corrupt");
        QTest::newRow("text file")
            << QStringLiteral("text") << QStringLiteral("is not an SQLite database");
        QTest::newRow("truncated header")
            << QStringLiteral("short") << QStringLiteral("is not an SQLite database");
        QTest::newRow("empty file") << QStringLiteral("empty") << QStringLiteral("is empty");
        QTest::newRow("missing file")
            << QStringLiteral("missing") << QStringLiteral("no such file");
        QTest::newRow("directory")
            << QStringLiteral("directory") << QStringLiteral("is not a file");
        QTest::newRow("no users table")
            << QStringLiteral("nousers") << QStringLiteral("has no users table");
    }

    void refusesBadFiles()
    {
        QFETCH(QString, kind);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.db"));
        QString error;
        if (kind.startsWith(QLatin1String("corrupt"))) {
            // A real database with plenty of pages, then garbage over all but the header page
            // (or over the schema on page 1 after the 100-byte header).
            QVERIFY2(runSql(path,
                            QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY,"
                                           " username TEXT, created_at TEXT);\n"
                                           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
                                           " FROM n WHERE i < 3000) INSERT INTO users SELECT i,"
                                           " 'user' || i, '2025-01-01' FROM n"),
                            &error),
                     qPrintable(error));
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QByteArray bytes = f.readAll();
            QVERIFY(bytes.size() > 8192);
            QRandomGenerator random(42); // fixed seed: the same garbage every run
            const qsizetype from = kind == QLatin1String("corrupt") ? 4096 : 100;
            const qsizetype to = kind == QLatin1String("corrupt") ? bytes.size() : 4096;
            for (qsizetype i = from; i < to; ++i)
                bytes[i] = char(random.bounded(256));
            QVERIFY(f.seek(0));
            QCOMPARE(f.write(bytes), bytes.size());
            f.close();
            QVERIFY(bytes.startsWith(QByteArray("SQLite format 3\0", 16)));
        } else if (kind == QLatin1String("text")) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray("id,username\n1,alice\n").repeated(50));
        } else if (kind == QLatin1String("short")) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray("SQLite format 3\0", 16));
        } else if (kind == QLatin1String("empty")) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
        } else if (kind == QLatin1String("directory")) {
            QVERIFY(QDir().mkdir(path));
        } else if (kind == QLatin1String("nousers")) {
            QVERIFY2(runSql(path,
                            QStringLiteral("CREATE TABLE accounts (id INTEGER PRIMARY KEY,"
                                           " name TEXT);\n"
                                           "INSERT INTO accounts VALUES (1, 'alice')"),
                            &error),
                     qPrintable(error));
        }
        QFile file(path);
        const QByteArray before = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        file.close();

        const Run r = migrate(path);
        QCOMPARE(r.code, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY2(r.err.startsWith(QLatin1String("smartfixer-server migrate: ")), qPrintable(r.err));
        QCOMPARE(r.err.count(u'\n'), 1); // one line
        QVERIFY2(r.err.contains(path), qPrintable(r.err));
        // Nothing written: same bytes (or still no file), no backup.
        if (kind == QLatin1String("missing"))
            QVERIFY(!QFile::exists(path));
        else if (kind != QLatin1String("directory") && file.open(QIODevice::ReadOnly))
            QCOMPARE(file.readAll(), before);
        QVERIFY(backups(dir.path()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLegacyMigration)
#include "tst_legacymigration.moc"
