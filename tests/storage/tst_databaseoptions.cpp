// --db as a user meets it: the shipped smartfixer-server with bad values (one line, exit 1,
// never a password), its admin commands on PostgreSQL, and "migrate --from" copying SQLite
// databases (the previous backend's and this version's) into PostgreSQL, run twice.
#include "legacyfixtures.h"
#include "pgfixture.h"
#include "storage/store.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace SmartFixer;

namespace {

struct Run
{
    int code = -1;
    QString out;
    QString err;
};

Run server(const QStringList &args, const QString &wrapper = QString())
{
    const QString binary = QDir(Test::buildDir()).filePath(QStringLiteral("bin/smartfixer-server"));
    QProcess p;
    if (wrapper.isEmpty())
        p.start(binary, args);
    else
        p.start(QStringLiteral("/bin/sh"),
                QStringList{QStringLiteral("-c"), wrapper, binary} + args);
    Run r;
    if (!p.waitForStarted(10'000) || !p.waitForFinished(30'000)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("did not finish");
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

bool runSqlite(const QString &path, const QString &script, QString *error)
{
    static int counter = 0;
    const QString name = QStringLiteral("fixture-%1").arg(++counter);
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        ok = db.open();
        for (const QString &sql : script.split(QStringLiteral(";\n"), Qt::SkipEmptyParts)) {
            QSqlQuery q(db);
            if (ok && !q.exec(sql)) {
                ok = false;
                *error = q.lastError().text() + QStringLiteral(" in ") + sql;
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

QByteArray sha256(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly)
        ? QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex()
        : QByteArray();
}

} // namespace

class TestDatabaseOptions : public QObject
{
    Q_OBJECT

private:
    QString newPostgres(bool overTcp = false)
    {
        QString error;
        const QString url = Test::createPostgresDatabase(&error, overTcp);
        if (url.isEmpty())
            qWarning("%s", qPrintable(error));
        return url;
    }
    std::unique_ptr<QTemporaryDir> m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        Test::initTestEnvironment();
        QVERIFY2(Test::postgresServer().ok(), qPrintable(Test::postgresServer().error));
    }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void badDatabaseValue_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::addColumn<QString>("db");
        QTest::addColumn<QString>("message");
        const Test::PostgresServer pg = Test::postgresServer();
        const QList<QPair<const char *, QStringList>> commands = {
            {"server", {QStringLiteral("--port"), QStringLiteral("0")}},
            {"user add", {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("x")}},
            {"user token", {QStringLiteral("user"), QStringLiteral("token"), QStringLiteral("x")}},
            {"migrate", {QStringLiteral("migrate")}},
        };
        const QList<QPair<const char *, QPair<QString, QString>>> values = {
            {"other scheme",
             {QStringLiteral("mysql://u:hunter2@h/d"),
              QStringLiteral("unsupported scheme \"mysql\"")}},
            {"bad port",
             {QStringLiteral("postgresql://u:hunter2@h:99999/d"),
              QStringLiteral("port \"99999\"")}},
            {"no database name",
             {QStringLiteral("postgresql://u:hunter2@h"), QStringLiteral("no database name")}},
            // Port 1 on loopback: nothing listens, the connection is refused at once.
            {"unreachable server",
             {QStringLiteral("postgresql://u:hunter2@127.0.0.1:1/sf"),
              QStringLiteral("cannot reach PostgreSQL at 127.0.0.1:1")}},
            {"missing database",
             {QStringLiteral("postgresql://") + pg.user
                  + QStringLiteral(":hunter2@/no_such_db?host=") + pg.socketDir
                  + QStringLiteral("&port=") + QString::number(pg.port),
              QStringLiteral("the database \"no_such_db\" does not exist")}},
        };
        for (const auto &c : commands)
            for (const auto &v : values)
                QTest::addRow("%s, %s", c.first, v.first)
                    << c.second << v.second.first << v.second.second;
    }

    void badDatabaseValue()
    {
        QFETCH(QStringList, command);
        QFETCH(QString, db);
        QFETCH(QString, message);
        const Run r = server(command + QStringList{QStringLiteral("--db"), db});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.isEmpty(), qPrintable(r.out));
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(r.err.count(u'\n'), 1); // one plain line
        QVERIFY2(!r.err.contains(QLatin1String("hunter2")), qPrintable(r.err));
    }

    void missingPostgresDriver()
    {
        // The QPSQL plugin hidden in a private mount namespace, as on a machine without
        // libqt6sql6-psql.
        const QString hide = QStringLiteral("exec unshare -m sh -c 'mount -t tmpfs tmpfs %1 && "
                                            "exec \"$0\" \"$@\"' \"$0\" \"$@\"")
                                 .arg(QStringLiteral("/usr/lib/x86_64-linux-gnu/qt6/plugins/"
                                                     "sqldrivers"));
        const Run probe = server({QStringLiteral("--help")}, hide);
        if (probe.code != 0)
            QSKIP("cannot hide the Qt SQL drivers here (unshare -m needs root and a mount"
                  " namespace)");
        const QString db = newPostgres();
        QVERIFY(!db.isEmpty());
        for (const QStringList &command :
             {QStringList{QStringLiteral("--port"), QStringLiteral("0")},
              QStringList{QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("x")}}) {
            const Run r = server(command + QStringList{QStringLiteral("--db"), db}, hide);
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains(QLatin1String("the Qt PostgreSQL driver (QPSQL")),
                     qPrintable(r.err));
            QCOMPARE(r.err.count(u'\n'), 1);
        }
    }

    void adminCommandsOnPostgres()
    {
        const QString db = newPostgres(true); // over TCP this time
        QVERIFY(!db.isEmpty());
        Run r = server({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("alice"),
                        QStringLiteral("bob"), QStringLiteral("--db"), db});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.startsWith(QStringLiteral(
                     "added alice (id 1, token-only)\nadded bob (id 2, token-only)\ndatabase: ")),
                 qPrintable(r.out));
        r = server({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("alice"),
                    QStringLiteral("--db"), db});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QLatin1String("already exists")), qPrintable(r.err));
        r = server({QStringLiteral("user"), QStringLiteral("token"), QStringLiteral("bob"),
                    QStringLiteral("--db"), db});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString token = r.out.section(u' ', 1).trimmed();
        QCOMPARE(token.size(), 64);
        Store store(db);
        SF_OPEN(store);
        QCOMPARE(store.userForToken(token), std::optional<UserId>(2));
        r = server({QStringLiteral("migrate"), QStringLiteral("--db"), db});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(
                     QStringLiteral("is at schema version %1").arg(Store::latestSchemaVersion())),
                 qPrintable(r.out));
    }

    void serverOnPostgresNeverLogsThePassword()
    {
        // The shipped server on a postgresql:// URL with a password, its store logging at info
        // level: it starts, says where it listens, and no line carries the password.
        const Test::PostgresServer pg = Test::postgresServer();
        const QString db = newPostgres(true);
        QVERIFY(!db.isEmpty());
        const QString withPassword
            = QString(db).replace(QStringLiteral("://%1@").arg(pg.user),
                                  QStringLiteral("://%1:Pa55-w0rd%2Fx@").arg(pg.user));
        QVERIFY(withPassword.contains(QLatin1String("Pa55")));
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("smartfixer.*.info=true"));
        p.setProcessEnvironment(env);
        p.start(
            QDir(Test::buildDir()).filePath(QStringLiteral("bin/smartfixer-server")),
            {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"), withPassword});
        QVERIFY(p.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).contains("listening on"),
                                 15'000);
        p.terminate(); // SIGTERM: a clean shutdown
        QVERIFY(p.waitForFinished(15'000));
        QCOMPARE(p.exitCode(), 0);
        const QByteArray all = out + p.readAllStandardOutput() + p.readAllStandardError();
        QVERIFY2(all.contains("opened postgresql://"), all.constData());
        QVERIFY2(!all.contains("Pa55"), all.constData());
    }

    void migrateFromLegacyFixture_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("table");
        for (const Test::LegacyFixture &f : Test::legacyFixtures())
            QTest::newRow(f.name) << f.sql << f.table;
    }

    void migrateFromLegacyFixture()
    {
        QFETCH(QString, fixture);
        QFETCH(QString, table);
        const QString source = m_dir->filePath(QStringLiteral("legacy.db"));
        QString error;
        QVERIFY2(runSqlite(source, fixture, &error), qPrintable(error));
        const QByteArray before = sha256(source);
        const QString db = newPostgres();
        QVERIFY(!db.isEmpty());
        const QStringList args = {QStringLiteral("migrate"), QStringLiteral("--db"), db,
                                  QStringLiteral("--from"), source};
        const Run first = server(args);
        QVERIFY2(first.code == 0, qPrintable(first.err));
        QVERIFY2(first.out.startsWith(QLatin1String("copied ")), qPrintable(first.out));
        QVERIFY2(first.out.contains(QStringLiteral("table \"%1\"").arg(table)),
                 qPrintable(first.out));
        QCOMPARE(sha256(source), before); // the source is never changed
        QVERIFY(m_dir->path().isEmpty() || QDir(m_dir->path()).entryList(QDir::Files).size() == 1);

        // Same ids and names; last_active by the §5 rule; is_online 0.
        const QVariant sourceIds = Test::rawScalar(
            source,
            QStringLiteral("SELECT group_concat(id || ':' || username, ',') FROM (SELECT"
                           " id, username FROM \"%1\" ORDER BY id)")
                .arg(table));
        const QVariant targetIds = Test::rawScalar(
            db,
            QStringLiteral("SELECT string_agg(id || ':' || username, ',' ORDER BY id) FROM"
                           " users"));
        QCOMPARE(targetIds.toString(), sourceIds.toString());
        QCOMPARE(Test::rawScalar(db,
                                 QStringLiteral("SELECT COUNT(*) FROM users WHERE is_online"
                                                " <> 0"))
                     .toInt(),
                 0);

        // Twice: the same result.
        const Run second = server(args);
        QVERIFY2(second.code == 0, qPrintable(second.err));
        QVERIFY2(second.out.startsWith(QLatin1String("nothing to do")), qPrintable(second.out));
        QCOMPARE(Test::rawScalar(db,
                                 QStringLiteral("SELECT string_agg(id || ':' || username, ','"
                                                " ORDER BY id) FROM users"))
                     .toString(),
                 sourceIds.toString());

        // The server's store works on it; new ids follow the copied ones (sequences fixed).
        Store store(db);
        SF_OPEN(store);
        const qint64 maxId
            = Test::rawScalar(db, QStringLiteral("SELECT MAX(id) FROM users")).toLongLong();
        const auto fresh = store.createUser(QStringLiteral("newcomer"), QString(), QString());
        QVERIFY2(fresh, qPrintable(fresh.error()));
        QCOMPARE(fresh->id, maxId + 1);
    }

    void migrateFromThisVersion()
    {
        const QString source = m_dir->filePath(QStringLiteral("ours.db"));
        QString token;
        qint64 lastMessage = 0;
        {
            Store store(source);
            SF_OPEN(store);
            const auto users = store.createUsers(
                {QStringLiteral("ann"), QStringLiteral("ben"), QStringLiteral("cy")});
            QVERIFY2(users, qPrintable(users.error()));
            const UserId ann = users->at(0).id;
            const UserId ben = users->at(1).id;
            QVERIFY(store.createUser(QStringLiteral("dee"), QStringLiteral("Dee"),
                                     QStringLiteral("pw-dee")));
            QVERIFY(store.addContact(ann, ben).value());
            QVERIFY(store.addContact(ben, ann).value());
            token = store.issueToken(ann);
            for (int i = 0; i < 30; ++i) {
                const auto m = store.storeMessage(i % 2 ? ann : ben, i % 2 ? ben : ann,
                                                  QStringLiteral("m%1").arg(i),
                                                  QStringLiteral("c%1").arg(i), 1000 + i);
                QVERIFY(m);
                lastMessage = m->row.id;
            }
            store.recordActivity(ann, 1'764'337'205'000);
            QVERIFY(store.setVisibility(ben, Visibility::Contacts));
        }
        const QString db = newPostgres();
        QVERIFY(!db.isEmpty());
        const QStringList args = {QStringLiteral("migrate"), QStringLiteral("--db"), db,
                                  QStringLiteral("--from"), source};
        const Run first = server(args);
        QVERIFY2(first.code == 0, qPrintable(first.err));
        QVERIFY2(first.out.startsWith(QLatin1String("copied 4 users, 2 contacts, 1 access tokens"
                                                    " and 30 messages")),
                 qPrintable(first.out));
        const Run second = server(args);
        QVERIFY2(second.code == 0, qPrintable(second.err));
        QVERIFY2(second.out.startsWith(QLatin1String("nothing to do")), qPrintable(second.out));

        Store store(db);
        SF_OPEN(store);
        const UserId ann = store.userByName(QStringLiteral("ann"))->id;
        const UserId ben = store.userByName(QStringLiteral("ben"))->id;
        QCOMPARE(store.userForToken(token), std::optional<UserId>(ann));
        QVERIFY(store.verifyPassword(QStringLiteral("dee"), QStringLiteral("pw-dee")));
        QCOMPARE(store.userById(ann)->lastActiveMs, std::optional<qint64>(1'764'337'205'000));
        QCOMPARE(store.userById(ben)->visibility, Visibility::Contacts);
        QCOMPARE(store.contactsOf(ann), QList<UserId>{ben});
        const QList<MessageRow> history = store.messagesBetween(ann, ben, std::nullopt, 100);
        QCOMPARE(history.size(), 30);
        QCOMPARE(history.last().id, lastMessage);
        // A retry of a copied message is still a duplicate; a new message gets the next id.
        const auto retry
            = store.storeMessage(ann, ben, QStringLiteral("again"), QStringLiteral("c1"), 5000);
        QVERIFY(retry && retry->duplicate);
        const auto next = store.storeMessage(ann, ben, QStringLiteral("new"), QString(), 6000);
        QVERIFY2(next, qPrintable(next.error()));
        QCOMPARE(next->row.id, lastMessage + 1);
    }

    void migrateFromRefusesATargetWithOtherData()
    {
        const QString source = m_dir->filePath(QStringLiteral("ours.db"));
        {
            Store store(source);
            SF_OPEN(store);
            QVERIFY(store.createUser(QStringLiteral("ann"), QString(), QString()));
        }
        const QString db = newPostgres();
        {
            Store other(db);
            SF_OPEN(other);
            QVERIFY(other.createUser(QStringLiteral("zed"), QString(), QString()));
        }
        const Run r = server({QStringLiteral("migrate"), QStringLiteral("--db"), db,
                              QStringLiteral("--from"), source});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QLatin1String("already holds other data")), qPrintable(r.err));
        QCOMPARE(r.err.count(u'\n'), 1);
        QCOMPARE(Test::rawScalar(db, QStringLiteral("SELECT string_agg(username, ',') FROM users"))
                     .toString(),
                 QStringLiteral("zed"));

        // --from needs a PostgreSQL target; a missing source is one line too.
        const Run sqliteTarget
            = server({QStringLiteral("migrate"), QStringLiteral("--db"),
                      m_dir->filePath(QStringLiteral("x.db")), QStringLiteral("--from"), source});
        QCOMPARE(sqliteTarget.code, 2);
        const Run missing
            = server({QStringLiteral("migrate"), QStringLiteral("--db"), db,
                      QStringLiteral("--from"), m_dir->filePath(QStringLiteral("nope.db"))});
        QCOMPARE(missing.code, 1);
        QVERIFY2(missing.err.endsWith(QLatin1String("nope.db: no such file\n")),
                 qPrintable(missing.err));
    }
};

QTEST_GUILESS_MAIN(TestDatabaseOptions)
#include "tst_databaseoptions.moc"
