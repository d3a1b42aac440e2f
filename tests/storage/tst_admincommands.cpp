// "smartfixer-server user add / user token" through runAdminCommand(), and the real binary's
// exit codes and stdin handling.
#include "adminrun.h"
#include "storage/store.h"
#include "testsupport.h"

#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

using namespace SmartFixer;

namespace {

using Run = Test::AdminRun;

Run admin(const QStringList &args, const QString &defaultDb, const QByteArray &stdinData = {})
{
    return Test::runAdmin(args, defaultDb, stdinData);
}

int tokenRows(const QString &path)
{
    static int counter = 0;
    const QString name = QStringLiteral("tokens-%1").arg(++counter);
    int n = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT COUNT(*) FROM access_tokens")) && q.next())
                n = q.value(0).toInt();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return n;
}

} // namespace

class TestAdminCommands : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString db() const { return m_dir->filePath(QStringLiteral("admin.db")); }
    QStringList withDb(QStringList args) const { return args << QStringLiteral("--db") << db(); }

private Q_SLOTS:
    void initTestCase() { Test::initTestEnvironment(); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void isAdminCommand_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<bool>("admin");
        QTest::newRow("migrate") << QStringList{QStringLiteral("migrate"), QStringLiteral("--db"),
                                                QStringLiteral("x")}
                                 << true;
        QTest::newRow("user add") << QStringList{QStringLiteral("user"), QStringLiteral("add")}
                                  << true;
        QTest::newRow("user alone") << QStringList{QStringLiteral("user")} << true;
        QTest::newRow("server options")
            << QStringList{QStringLiteral("--port"), QStringLiteral("0")} << false;
        QTest::newRow("no args") << QStringList{} << false;
        QTest::newRow("option first")
            << QStringList{QStringLiteral("--db"), QStringLiteral("x"), QStringLiteral("migrate")}
            << false;
        QTest::newRow("users") << QStringList{QStringLiteral("users")} << false;
    }

    void isAdminCommand()
    {
        QFETCH(QStringList, args);
        QFETCH(bool, admin);
        QCOMPARE(SmartFixer::isAdminCommand(args), admin);
    }

    void defaultDatabasePath()
    {
        const QString path = SmartFixer::defaultDatabasePath();
        QCOMPARE(QFileInfo(path).fileName(), QStringLiteral("smartfixer.db"));
        QVERIFY(QFileInfo(QFileInfo(path).absolutePath()).isDir()); // folder created
        // Without --db the commands use the default they are given.
        const Run r
            = admin({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("zed")}, db());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        Store store(db());
        QString error;
        SF_OPEN(store);
        QVERIFY(store.userByName(QStringLiteral("zed")));
    }

    void userAddTokenOnly()
    {
        const Run r = admin(withDb({QStringLiteral("user"), QStringLiteral("add"),
                                    QStringLiteral("alice"), QStringLiteral("bob")}),
                            QString());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.err.isEmpty());
        QCOMPARE(r.out,
                 QStringLiteral("added alice (id 1, token-only)\n"
                                "added bob (id 2, token-only)\n"
                                "database: %1\n")
                     .arg(db()));
        Store store(db());
        QString error;
        SF_OPEN(store);
        QCOMPARE(store.allUsers().size(), 2);
        QVERIFY(!store.userByName(QStringLiteral("alice"))->hasPassword);
        QCOMPARE(store.userByName(QStringLiteral("bob"))->displayName, QStringLiteral("bob"));
        QVERIFY(!store.userByName(QStringLiteral("alice"))->lastActiveMs);
    }

    void userAddDisplayName()
    {
        const Run r = admin(
            withDb({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--display-name"),
                    QStringLiteral("Ann Lee"), QStringLiteral("ann")}),
            QString());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const Run r2 = admin(withDb({QStringLiteral("user"), QStringLiteral("add"),
                                     QStringLiteral("--display-name=B \u00e9"),
                                     QStringLiteral("bea"), QStringLiteral("--password-stdin")}),
                             QString(), QByteArray("pw-long-enough\n"));
        QVERIFY2(r2.code == 0, qPrintable(r2.err));
        Store store(db());
        QString error;
        SF_OPEN(store);
        QCOMPARE(store.userByName(QStringLiteral("ann"))->displayName, QStringLiteral("Ann Lee"));
        QCOMPARE(store.userByName(QStringLiteral("bea"))->displayName, QStringLiteral("B \u00e9"));
    }

    void userAddWithPasswords()
    {
        const Run r
            = admin(withDb({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("alice"),
                            QStringLiteral("bob"), QStringLiteral("--password-stdin")}),
                    QString(), QByteArray("first secret\r\nsecond \xc3\xa9\n"));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out,
                 QStringLiteral("added alice (id 1, with password)\n"
                                "added bob (id 2, with password)\n"
                                "database: %1\n")
                     .arg(db()));
        Store store(db());
        QString error;
        SF_OPEN(store);
        QCOMPARE(store.verifyPassword(QStringLiteral("alice"), QStringLiteral("first secret")),
                 std::optional<UserId>(1));
        QCOMPARE(store.verifyPassword(QStringLiteral("bob"), QStringLiteral("second \u00e9")),
                 std::optional<UserId>(2));
        QVERIFY(!store.verifyPassword(QStringLiteral("alice"), QStringLiteral("first secret\r")));
        QVERIFY(store.userByName(QStringLiteral("alice"))->hasPassword);
    }

    void userAddFailures_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        const QString add = QStringLiteral("add");
        QTest::newRow("too few passwords")
            << QStringList{add, QStringLiteral("a1"), QStringLiteral("a2"),
                           QStringLiteral("--password-stdin")}
            << QByteArray("only-one\n") << 1 << QStringLiteral("expected 2 password lines");
        QTest::newRow("empty password")
            << QStringList{add, QStringLiteral("a1"), QStringLiteral("--password-stdin")}
            << QByteArray("\n") << 1 << QStringLiteral("empty password for \"a1\"");
        QTest::newRow("existing name")
            << QStringList{add, QStringLiteral("new1"), QStringLiteral("taken")} << QByteArray()
            << 1 << QStringLiteral("user \"taken\" already exists");
        QTest::newRow("invalid name")
            << QStringList{add, QStringLiteral("ok1"), QStringLiteral("bad name")} << QByteArray()
            << 1 << QStringLiteral("invalid username");
        QTest::newRow("name twice") << QStringList{add, QStringLiteral("x1"), QStringLiteral("x1")}
                                    << QByteArray() << 1 << QStringLiteral("given twice");
        QTest::newRow("no names") << QStringList{add} << QByteArray() << 2
                                  << QStringLiteral("give at least one NAME");
        QTest::newRow("unknown option")
            << QStringList{add, QStringLiteral("--admin"), QStringLiteral("x")} << QByteArray() << 2
            << QStringLiteral("unknown option --admin");
        QTest::newRow("option without value")
            << QStringList{add, QStringLiteral("x"), QStringLiteral("--display-name")}
            << QByteArray() << 2 << QStringLiteral("--display-name needs a value");
        QTest::newRow("unknown subcommand")
            << QStringList{QStringLiteral("delete"), QStringLiteral("x")} << QByteArray() << 2
            << QStringLiteral("unknown subcommand \"delete\"");
    }

    void userAddFailures()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, input);
        QFETCH(int, code);
        QFETCH(QString, message);
        {
            Store store(db());
            QString error;
            SF_OPEN(store);
            QVERIFY(store.createUser(QStringLiteral("taken"), QString(), QString()));
        }
        args.prepend(QStringLiteral("user"));
        const Run r = admin(withDb(args), QString(), input);
        QCOMPARE(r.code, code);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(r.err.count(u'\n'), 1);
        QVERIFY(r.out.isEmpty());
        // Nothing was created.
        Store store(db());
        QString error;
        SF_OPEN(store);
        QCOMPARE(store.allUsers().size(), 1);
    }

    void userToken()
    {
        QVERIFY(admin(withDb({QStringLiteral("user"), QStringLiteral("add"),
                              QStringLiteral("alice"), QStringLiteral("bob")}),
                      QString())
                    .code
                == 0);
        const Run r = admin(withDb({QStringLiteral("user"), QStringLiteral("token"),
                                    QStringLiteral("bob"), QStringLiteral("alice")}),
                            QString());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        const QRegularExpression format(QStringLiteral("^(\\S+) ([0-9a-f]{64})$"));
        const auto bob = format.match(lines.at(0));
        const auto alice = format.match(lines.at(1));
        QVERIFY2(bob.hasMatch(), qPrintable(lines.at(0)));
        QVERIFY2(alice.hasMatch(), qPrintable(lines.at(1)));
        QCOMPARE(bob.captured(1), QStringLiteral("bob"));
        QCOMPARE(alice.captured(1), QStringLiteral("alice"));

        // A fresh token each time; every one authenticates its user.
        const Run again = admin(
            withDb({QStringLiteral("user"), QStringLiteral("token"), QStringLiteral("alice")}),
            QString());
        QCOMPARE(again.code, 0);
        const QString aliceAgain = again.out.trimmed().section(u' ', 1);
        QVERIFY(aliceAgain != alice.captured(2));
        Store store(db());
        QString error;
        SF_OPEN(store);
        const UserId aliceId = store.userByName(QStringLiteral("alice"))->id;
        QCOMPARE(store.userForToken(alice.captured(2)), std::optional<UserId>(aliceId));
        QCOMPARE(store.userForToken(aliceAgain), std::optional<UserId>(aliceId));
        QCOMPARE(store.userForToken(bob.captured(2)),
                 std::optional<UserId>(store.userByName(QStringLiteral("bob"))->id));
    }

    void userTokenUnknownUser()
    {
        QVERIFY(
            admin(withDb({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("alice")}),
                  QString())
                .code
            == 0);
        const Run r = admin(withDb({QStringLiteral("user"), QStringLiteral("token"),
                                    QStringLiteral("alice"), QStringLiteral("mallory")}),
                            QString());
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err, QStringLiteral("smartfixer-server user token: unknown user \"mallory\"\n"));
        QVERIFY(r.out.isEmpty());
        QCOMPARE(tokenRows(db()), 0); // all or nothing

        // No database at all: an error, and no empty database invented.
        const QString missing = m_dir->filePath(QStringLiteral("missing.db"));
        const Run none = admin({QStringLiteral("user"), QStringLiteral("token"),
                                QStringLiteral("alice"), QStringLiteral("--db"), missing},
                               QString());
        QCOMPARE(none.code, 1);
        QVERIFY2(none.err.contains(QLatin1String("no such file")), qPrintable(none.err));
        QVERIFY(!QFileInfo::exists(missing));
    }

    void help_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("migrate --help")
            << QStringList{QStringLiteral("migrate"), QStringLiteral("--help")}
            << QStringLiteral("Usage: smartfixer-server migrate");
        QTest::newRow("user --help")
            << QStringList{QStringLiteral("user"), QStringLiteral("--help")}
            << QStringLiteral("Usage: smartfixer-server user add");
        QTest::newRow("user add -h")
            << QStringList{QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("-h")}
            << QStringLiteral("--password-stdin");
        QTest::newRow("user token --help")
            << QStringList{QStringLiteral("user"), QStringLiteral("token"),
                           QStringLiteral("--help")}
            << QStringLiteral("user token NAME");
    }

    void help()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const Run r = admin(args, db());
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(expected), qPrintable(r.out));
        QVERIFY(r.err.isEmpty());
        QVERIFY(!QFileInfo::exists(db())); // help touches no database
    }

    void bulkUserAdd()
    {
        QStringList args = {QStringLiteral("user"), QStringLiteral("add")};
        for (int i = 0; i < 3000; ++i)
            args << QStringLiteral("load%1").arg(i);
        QElapsedTimer timer;
        timer.start();
        const Run r = admin(withDb(args), QString());
        const qint64 addMs = timer.elapsed();
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out.count(u'\n'), 3001); // and "database: PATH"
        timer.restart();
        args[1] = QStringLiteral("token");
        const Run t = admin(withDb(args), QString());
        const qint64 tokenMs = timer.elapsed();
        QVERIFY2(t.code == 0, qPrintable(t.err));
        QCOMPARE(t.out.count(u'\n'), 3000);
        qInfo("user add 3000 names: %lld ms; user token 3000 names: %lld ms", addMs, tokenMs);
        QVERIFY(addMs < 20'000);
        QVERIFY(tokenMs < 20'000);
    }

    void realBinary()
    {
        // The shipped command: real stdin, real exit codes, errors on stderr only.
        const QString server
            = QDir(Test::buildDir()).filePath(QStringLiteral("bin/smartfixer-server"));
        QVERIFY2(QFileInfo(server).isExecutable(), qPrintable(server));
        QProcess p;
        p.start(server,
                withDb({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("eve"),
                        QStringLiteral("--password-stdin")}));
        QVERIFY(p.waitForStarted());
        p.write("eve's password\n");
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(30'000));
        QCOMPARE(p.exitCode(), 0);
        QCOMPARE(p.readAllStandardOutput(),
                 QByteArray("added eve (id 1, with password)\ndatabase: ") + db().toUtf8() + '\n');
        QCOMPARE(p.readAllStandardError(), QByteArray());

        p.start(server,
                withDb({QStringLiteral("user"), QStringLiteral("token"), QStringLiteral("eve"),
                        QStringLiteral("nobody")}));
        QVERIFY(p.waitForFinished(30'000));
        QCOMPARE(p.exitCode(), 1);
        QCOMPARE(p.readAllStandardOutput(), QByteArray());
        QCOMPARE(p.readAllStandardError(),
                 QByteArray("smartfixer-server user token: unknown user \"nobody\"\n"));

        p.start(server,
                {QStringLiteral("migrate"), QStringLiteral("--db"),
                 m_dir->filePath(QStringLiteral("nope.db"))});
        QVERIFY(p.waitForFinished(30'000));
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(p.readAllStandardError().endsWith("nope.db: no such file\n"));

        Store store(db());
        QString error;
        SF_OPEN(store);
        QVERIFY(store.verifyPassword(QStringLiteral("eve"), QStringLiteral("eve's password")));
    }
};

QTEST_GUILESS_MAIN(TestAdminCommands)
#include "tst_admincommands.moc"
