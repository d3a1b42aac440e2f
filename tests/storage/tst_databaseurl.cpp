// parseDatabaseUrl(): every --db form the server, "user …" and "migrate" accept, and the bad
// ones, each with its one line (which never shows a password).
#include "storage/databaseurl.h"
#include "testsupport.h"

#include <QTest>

using namespace SmartFixer;

class TestDatabaseUrl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { Test::initTestEnvironment(); }

    void sqlite_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("path");
        QTest::newRow("relative path") << QStringLiteral("sf.db") << QStringLiteral("sf.db");
        QTest::newRow("absolute path")
            << QStringLiteral("/var/lib/sf/sf.db") << QStringLiteral("/var/lib/sf/sf.db");
        QTest::newRow("sqlite:") << QStringLiteral("sqlite:/tmp/a.db")
                                 << QStringLiteral("/tmp/a.db");
        QTest::newRow("sqlite:relative") << QStringLiteral("sqlite:a.db") << QStringLiteral("a.db");
        QTest::newRow("sqlite://")
            << QStringLiteral("sqlite:///tmp/a.db") << QStringLiteral("/tmp/a.db");
        QTest::newRow("memory") << QStringLiteral(":memory:") << QStringLiteral(":memory:");
        QTest::newRow("path with colon")
            << QStringLiteral("./a:b.db") << QStringLiteral("./a:b.db");
        QTest::newRow("path with spaces")
            << QStringLiteral("my data/sf.db") << QStringLiteral("my data/sf.db");
    }

    void sqlite()
    {
        QFETCH(QString, text);
        QFETCH(QString, path);
        const auto url = parseDatabaseUrl(text);
        QVERIFY2(url, qPrintable(url.error()));
        QCOMPARE(url->engine, DatabaseUrl::Engine::Sqlite);
        QCOMPARE(url->path, path);
        QCOMPARE(url->display(), path);
    }

    void postgres_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("database");
        QTest::newRow("host and db")
            << QStringLiteral("postgresql://db.example.org/sf") << QStringLiteral("db.example.org")
            << 0 << QString() << QString() << QStringLiteral("sf");
        QTest::newRow("everything") << QStringLiteral("postgresql://sf:s3cret@10.0.0.5:6543/chat")
                                    << QStringLiteral("10.0.0.5") << 6543 << QStringLiteral("sf")
                                    << QStringLiteral("s3cret") << QStringLiteral("chat");
        QTest::newRow("postgres scheme")
            << QStringLiteral("postgres://u@localhost/d") << QStringLiteral("localhost") << 0
            << QStringLiteral("u") << QString() << QStringLiteral("d");
        QTest::newRow("ipv6") << QStringLiteral("postgresql://u@[::1]:5433/d")
                              << QStringLiteral("::1") << 5433 << QStringLiteral("u") << QString()
                              << QStringLiteral("d");
        QTest::newRow("encoded socket dir")
            << QStringLiteral("postgresql://user@%2Ftmp%2Fpg/db") << QStringLiteral("/tmp/pg") << 0
            << QStringLiteral("user") << QString() << QStringLiteral("db");
        QTest::newRow("socket dir and port")
            << QStringLiteral("postgresql://u@%2Fvar%2Frun%2Fpostgresql:5444/db")
            << QStringLiteral("/var/run/postgresql") << 5444 << QStringLiteral("u") << QString()
            << QStringLiteral("db");
        QTest::newRow("host query")
            << QStringLiteral("postgresql:///db?host=/tmp/pg&port=5499&user=x")
            << QStringLiteral("/tmp/pg") << 5499 << QStringLiteral("x") << QString()
            << QStringLiteral("db");
        QTest::newRow("encoded password")
            << QStringLiteral("postgresql://u:p%40ss%3Aw%2Fo%25rd@h/d") << QStringLiteral("h") << 0
            << QStringLiteral("u") << QStringLiteral("p@ss:w/o%rd") << QStringLiteral("d");
        QTest::newRow("at sign in password")
            << QStringLiteral("postgresql://u:a@b@h/d") << QStringLiteral("h") << 0
            << QStringLiteral("u") << QStringLiteral("a@b") << QStringLiteral("d");
        QTest::newRow("no host: default socket")
            << QStringLiteral("postgresql:///sf") << QString() << 0 << QString() << QString()
            << QStringLiteral("sf");
        QTest::newRow("utf-8 database")
            << QStringLiteral("postgresql://h/caf%C3%A9") << QStringLiteral("h") << 0 << QString()
            << QString() << QStringLiteral("caf\u00e9");
    }

    void postgres()
    {
        QFETCH(QString, text);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, user);
        QFETCH(QString, password);
        QFETCH(QString, database);
        const auto url = parseDatabaseUrl(text);
        QVERIFY2(url, qPrintable(url.error()));
        QCOMPARE(url->engine, DatabaseUrl::Engine::Postgres);
        QCOMPARE(url->host, host);
        QCOMPARE(url->port, port);
        QCOMPARE(url->user, user);
        QCOMPARE(url->password, password);
        QCOMPARE(url->database, database);
        // What is shown never has the password, and parses back to the same place.
        if (!password.isEmpty()) {
            QVERIFY2(!url->display().contains(password), qPrintable(url->display()));
            QVERIFY(url->display().contains(QLatin1String(":***@")));
        }
        const auto again = parseDatabaseUrl(url->display());
        QVERIFY2(again, qPrintable(again.error()));
        QCOMPARE(again->host, host);
        QCOMPARE(again->port, port);
        QCOMPARE(again->database, database);
        QCOMPARE(again->user, user);
    }

    void connectTimeout()
    {
        QCOMPARE(parseDatabaseUrl(QStringLiteral("postgresql://h/d"))->connectTimeoutS, 5);
        QCOMPARE(
            parseDatabaseUrl(QStringLiteral("postgresql://h/d?connect_timeout=2"))->connectTimeoutS,
            2);
    }

    void invalid_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QString() << QStringLiteral("empty");
        QTest::newRow("other scheme")
            << QStringLiteral("mysql://u@h/d") << QStringLiteral("unsupported scheme \"mysql\"");
        QTest::newRow("http") << QStringLiteral("http://example.org/db")
                              << QStringLiteral("unsupported scheme \"http\"");
        QTest::newRow("no slashes")
            << QStringLiteral("postgresql:h/d") << QStringLiteral("postgresql://HOST/DBNAME");
        QTest::newRow("no database")
            << QStringLiteral("postgresql://h") << QStringLiteral("no database name");
        QTest::newRow("empty database")
            << QStringLiteral("postgresql://h/") << QStringLiteral("no database name");
        QTest::newRow("port zero")
            << QStringLiteral("postgresql://h:0/d") << QStringLiteral("port \"0\"");
        QTest::newRow("port too big")
            << QStringLiteral("postgresql://h:65536/d") << QStringLiteral("port \"65536\"");
        QTest::newRow("port not a number")
            << QStringLiteral("postgresql://h:http/d") << QStringLiteral("port \"http\"");
        QTest::newRow("empty port")
            << QStringLiteral("postgresql://h:/d") << QStringLiteral("empty port");
        QTest::newRow("bad query port")
            << QStringLiteral("postgresql://h/d?port=-1") << QStringLiteral("port \"-1\"");
        QTest::newRow("unknown parameter") << QStringLiteral("postgresql://h/d?sslmode=require")
                                           << QStringLiteral("unknown parameter \"sslmode\"");
        QTest::newRow("bad percent") << QStringLiteral("postgresql://h/d%zz")
                                     << QStringLiteral("database name is not valid");
        QTest::newRow("bad utf-8") << QStringLiteral("postgresql://h/d%ff")
                                   << QStringLiteral("database name is not valid");
        QTest::newRow("slash in database")
            << QStringLiteral("postgresql://h/a/b") << QStringLiteral("cannot contain \"/\"");
        QTest::newRow("space in host")
            << QStringLiteral("postgresql://a b/d") << QStringLiteral("host \"a b\"");
        QTest::newRow("several hosts")
            << QStringLiteral("postgresql://a,b/d") << QStringLiteral("several hosts");
        QTest::newRow("unclosed ipv6")
            << QStringLiteral("postgresql://[::1/d") << QStringLiteral("unclosed");
        QTest::newRow("empty user")
            << QStringLiteral("postgresql://:pw@h/d") << QStringLiteral("empty user name");
        QTest::newRow("fragment") << QStringLiteral("postgresql://h/d#x")
                                  << QStringLiteral("fragment");
        QTest::newRow("newline") << QStringLiteral("sf.db\nx") << QStringLiteral("control");
        QTest::newRow("sqlite: nothing") << QStringLiteral("sqlite:") << QStringLiteral("no file");
        QTest::newRow("huge") << QString(5000, QLatin1Char('a'))
                              << QStringLiteral("longer than 4096");
        QTest::newRow("bad timeout") << QStringLiteral("postgresql://h/d?connect_timeout=0")
                                     << QStringLiteral("connect_timeout");
    }

    void invalid()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        const auto url = parseDatabaseUrl(text);
        QVERIFY(!url);
        QCOMPARE(url.kind(), ErrorKind::Invalid);
        QVERIFY2(url.error().startsWith(QLatin1String("invalid database URL: ")),
                 qPrintable(url.error()));
        QVERIFY2(url.error().contains(message), qPrintable(url.error()));
        QVERIFY(!url.error().contains(QLatin1Char('\n')));
    }

    void invalidNeverShowsThePassword()
    {
        for (const QString &text : {QStringLiteral("postgresql://u:topsecret@h:99999/d"),
                                    QStringLiteral("postgresql://u:topsecret@h/d?bogus=1"),
                                    QStringLiteral("postgresql://u:topsecret@h")}) {
            const auto url = parseDatabaseUrl(text);
            QVERIFY(!url);
            QVERIFY2(!url.error().contains(QLatin1String("topsecret")), qPrintable(url.error()));
        }
    }
};

QTEST_GUILESS_MAIN(TestDatabaseUrl)
#include "tst_databaseurl.moc"
