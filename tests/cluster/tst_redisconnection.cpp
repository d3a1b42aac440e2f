// RedisConnection against a real redis-server (unix socket in a temp folder): replies of every
// type, order under pipelining, Lua, the watchdog, a killed and restarted server, pub/sub
// with resubscription.
#include "cluster/redisconnection.h"
#include "redisserver.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QtTest>

using namespace SmartFixer;
using namespace SmartFixer::Test;

namespace {

using Reply = Result<RedisReply>;

//! Runs one command and waits for its callback.
std::optional<Reply> run(RedisConnection &c, const QList<QByteArray> &args, int timeoutMs = 3000)
{
    std::optional<Reply> out;
    c.command(args, [&out](const Reply &r) { out = r; });
    QTRY_LOOP_IMPL(out.has_value(), timeoutMs, 5);
    return out;
}

bool waitConnected(RedisConnection &c, int timeoutMs = 3000)
{
    QTRY_LOOP_IMPL(c.state() == RedisConnection::State::Connected, timeoutMs, 5);
    return c.state() == RedisConnection::State::Connected;
}

RedisEndpoint endpointOf(const RedisServer &server)
{
    return parseRedisUrl(server.url()).value();
}

} // namespace

class TestRedisConnection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        initTestEnvironment();
        QVERIFY2(!RedisServer::program().isEmpty(),
                 "redis-server is not installed: run scripts/setup.sh");
    }

    void parseUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<int>("db");
        QTest::addColumn<QString>("path");
        QTest::newRow("host") << "redis://127.0.0.1" << true << "127.0.0.1" << 6379 << 0 << "";
        QTest::newRow("port+db") << "redis://localhost:7000/3" << true << "localhost" << 7000 << 3
                                 << "";
        QTest::newRow("ipv6") << "redis://[::1]:6380/0" << true << "::1" << 6380 << 0 << "";
        QTest::newRow("unix") << "unix:/run/redis/redis.sock" << true << "" << 6379 << 0
                              << "/run/redis/redis.sock";
        QTest::newRow("unix-url") << "unix:///tmp/r.sock" << true << "" << 6379 << 0
                                  << "/tmp/r.sock";
        QTest::newRow("relative unix") << "unix:redis.sock" << false << "" << 0 << 0 << "";
        QTest::newRow("http") << "http://127.0.0.1:6379" << false << "" << 0 << 0 << "";
        QTest::newRow("no host") << "redis://:6379" << false << "" << 0 << 0 << "";
        QTest::newRow("db 16") << "redis://h/16" << false << "" << 0 << 0 << "";
        QTest::newRow("db text") << "redis://h/x" << false << "" << 0 << 0 << "";
        QTest::newRow("port 0") << "redis://h:0" << false << "" << 0 << 0 << "";
        QTest::newRow("port big") << "redis://h:99999" << false << "" << 0 << 0 << "";
        QTest::newRow("password") << "redis://u:secret@h" << false << "" << 0 << 0 << "";
        QTest::newRow("empty") << "" << false << "" << 0 << 0 << "";
    }
    void parseUrl()
    {
        QFETCH(QString, url);
        QFETCH(bool, ok);
        const auto e = parseRedisUrl(url);
        QCOMPARE(e.ok(), ok);
        if (!ok) {
            QCOMPARE(e.kind(), ErrorKind::Invalid);
            QVERIFY(!e.error().isEmpty());
            QVERIFY2(!e.error().contains(QLatin1String("secret")), qPrintable(e.error()));
            return;
        }
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(int, db);
        QFETCH(QString, path);
        QCOMPARE(e->host, host);
        QCOMPARE(e->unixPath, path);
        if (path.isEmpty()) {
            QCOMPARE(e->port, port);
            QCOMPARE(e->database, db);
        }
    }

    void repliesOfEveryType()
    {
        RedisServer server;
        QVERIFY(server.start());
        RedisConnection c(endpointOf(server));
        c.open();
        QVERIFY(waitConnected(c));

        const QByteArray binary("a\0b\r\n\xff", 6);
        auto r = run(c, {"SET", "k", binary});
        QVERIFY(r && r->ok());
        QCOMPARE(r->value().type, RedisReply::Type::Status);
        r = run(c, {"GET", "k"});
        QVERIFY(r && r->ok());
        QCOMPARE(r->value().type, RedisReply::Type::String);
        QCOMPARE(r->value().string, binary);
        r = run(c, {"GET", "missing"});
        QVERIFY(r && r->ok() && r->value().isNil());
        r = run(c, {"RPUSH", "l", "x", "y", "z"});
        QCOMPARE(r->value().integer, 3);
        r = run(c, {"LRANGE", "l", "0", "-1"});
        QCOMPARE(r->value().type, RedisReply::Type::Array);
        QCOMPARE(r->value().elements.size(), 3);
        QCOMPARE(r->value().elements.at(2).string, QByteArray("z"));
        // An error reply is a failure of kind Protocol, and the connection stays usable.
        r = run(c, {"INCR", "l"});
        QVERIFY(r && !r->ok());
        QCOMPARE(r->kind(), ErrorKind::Protocol);
        QVERIFY2(r->error().startsWith(QLatin1String("WRONGTYPE")), qPrintable(r->error()));
        r = run(c, {"NOSUCHCOMMAND"});
        QCOMPARE(r->kind(), ErrorKind::Protocol);
        QCOMPARE(run(c, {"PING"})->value().string, QByteArray("PONG"));
    }

    void pipelinedRepliesKeepTheirOrder()
    {
        RedisServer server;
        QVERIFY(server.start());
        RedisConnection c(endpointOf(server));
        c.open(); // commands issued while connecting are queued in order
        QList<qint64> seen;
        constexpr int N = 2000;
        for (int i = 0; i < N; ++i)
            c.command({"INCR", "n"}, [&seen](const Reply &r) { seen.append(r->integer); });
        QTRY_COMPARE_WITH_TIMEOUT(seen.size(), N, 5000);
        for (int i = 0; i < N; ++i)
            QCOMPARE(seen.at(i), qint64(i + 1));
    }

    void luaRunsAtomically()
    {
        RedisServer server;
        QVERIFY(server.start());
        RedisConnection c(endpointOf(server));
        c.open();
        const QByteArray script = "local v = redis.call('INCRBY', KEYS[1], ARGV[1])\n"
                                  "redis.call('HSET', KEYS[2], 'last', v)\n"
                                  "return {v, redis.call('HGET', KEYS[2], 'last')}";
        const auto r = run(c, {"EVAL", script, "2", "counter", "h", "5"});
        QVERIFY2(r && r->ok(), r ? qPrintable(r->error()) : "no reply");
        QCOMPARE(r->value().elements.at(0).integer, 5);
        QCOMPARE(r->value().elements.at(1).string, QByteArray("5"));
    }

    void commandWhileNotOpenFailsAsynchronously()
    {
        RedisServer server;
        QVERIFY(server.start());
        RedisConnection c(endpointOf(server));
        bool called = false;
        c.command({"PING"}, [&called](const Reply &r) {
            QCOMPARE(r.kind(), ErrorKind::Unavailable);
            called = true;
        });
        QVERIFY(!called); // never from inside command()
        QTRY_VERIFY(called);
    }

    void unreachableServerKeepsRetryingQuietly()
    {
        RedisConnection c(parseRedisUrl(QStringLiteral("redis://127.0.0.1:1")).value());
        c.setReconnectDelays(10, 50);
        QSignalSpy connected(&c, &RedisConnection::connected);
        c.open();
        QTest::qWait(300); // several attempts; none may succeed or crash
        QCOMPARE(connected.size(), 0);
        QVERIFY(c.state() != RedisConnection::State::Connected);
        QVERIFY(!c.lastError().isEmpty());
        const auto r = run(c, {"PING"});
        QVERIFY(r && !r->ok());
        QCOMPARE(r->kind(), ErrorKind::Unavailable);
    }

    void watchdogDropsAStuckConnection()
    {
        RedisServer server;
        QVERIFY(server.start());
        RedisConnection c(endpointOf(server));
        c.setCommandTimeout(200);
        c.setReconnectDelays(20, 100);
        c.open();
        QVERIFY(waitConnected(c));
        QSignalSpy disconnected(&c, &RedisConnection::disconnected);
        QSignalSpy connected(&c, &RedisConnection::connected);
        QElapsedTimer t;
        t.start();
        // Redis stops answering for 1 s; the watchdog gives up after 200 ms.
        std::optional<Reply> stuck, behind;
        c.command({"DEBUG", "SLEEP", "1"}, [&stuck](const Reply &r) { stuck = r; });
        c.command({"PING"}, [&behind](const Reply &r) { behind = r; });
        QTRY_VERIFY_WITH_TIMEOUT(stuck.has_value(), 2000);
        QVERIFY2(t.elapsed() < 900, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(stuck->kind(), ErrorKind::Timeout);
        QVERIFY(behind && !behind->ok()); // everything behind it fails too
        QCOMPARE(disconnected.size(), 1);
        // It reconnects by itself and works again once Redis answers again (the sleep blocks
        // the whole server for 1 s, so the first tries after reconnecting may time out too).
        QTRY_VERIFY_WITH_TIMEOUT(connected.size() >= 1, 3000);
        bool answered = false;
        for (int i = 0; i < 20 && !answered; ++i) {
            const auto r = run(c, {"PING"}, 1000);
            answered = r && r->ok();
            if (!answered)
                QTest::qWait(100);
        }
        QVERIFY(answered);
        QVERIFY2(t.elapsed() < 4000, qPrintable(QString::number(t.elapsed())));
    }

    void killedServerAndBack()
    {
        RedisServer server;
        QVERIFY(server.start());
        RedisConnection c(endpointOf(server));
        c.setReconnectDelays(20, 200);
        QSignalSpy connected(&c, &RedisConnection::connected);
        QSignalSpy disconnected(&c, &RedisConnection::disconnected);
        c.open();
        QTRY_COMPARE(connected.size(), 1);
        QVERIFY(run(c, {"SET", "a", "1"})->ok());

        server.kill();
        QTRY_COMPARE(disconnected.size(), 1);
        QCOMPARE(c.state() == RedisConnection::State::Connected, false);
        const auto down = run(c, {"GET", "a"});
        QVERIFY(down && !down->ok());
        QCOMPARE(down->kind(), ErrorKind::Unavailable);

        QVERIFY(server.start()); // a new, empty Redis on the same socket
        QElapsedTimer back;
        back.start();
        QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 2, 3000);
        QVERIFY2(back.elapsed() < 2000, qPrintable(QString::number(back.elapsed())));
        const auto r = run(c, {"GET", "a"});
        QVERIFY(r && r->ok() && r->value().isNil());
    }

    void subscriberResubscribesAfterReconnect()
    {
        RedisServer server;
        QVERIFY(server.start());
        RedisConnection pub(endpointOf(server));
        RedisConnection sub(endpointOf(server));
        pub.setReconnectDelays(20, 200);
        sub.setReconnectDelays(20, 200);
        QSignalSpy subscribed(&sub, &RedisConnection::connected);
        QSignalSpy messages(&sub, &RedisConnection::message);
        sub.subscribe({"sf:a", "sf:b"});
        sub.open();
        pub.open();
        QTRY_COMPARE(subscribed.size(), 1); // after both confirmations
        QVERIFY(waitConnected(pub));
        QCOMPARE(run(pub, {"PUBLISH", "sf:a", "one"})->value().integer, 1);
        QCOMPARE(run(pub, {"PUBLISH", "sf:other", "nobody"})->value().integer, 0);
        QCOMPARE(run(pub, {"PUBLISH", "sf:b", QByteArray("two\0", 4)})->value().integer, 1);
        QTRY_COMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).at(0).toByteArray(), QByteArray("sf:a"));
        QCOMPARE(messages.at(0).at(1).toByteArray(), QByteArray("one"));
        QCOMPARE(messages.at(1).at(1).toByteArray(), QByteArray("two\0", 4));
        sub.subscribe({"sf:c"}); // added while connected: confirmed by connected() too
        QTRY_COMPARE(subscribed.size(), 2);
        QCOMPARE(run(pub, {"PUBLISH", "sf:c", "three"})->value().integer, 1);
        QTRY_COMPARE(messages.size(), 3);

        server.kill();
        QVERIFY(server.start());
        QTRY_COMPARE_WITH_TIMEOUT(subscribed.size(), 3, 3000); // resubscribed: re-read state now
        QVERIFY(waitConnected(pub));
        QCOMPARE(run(pub, {"PUBLISH", "sf:c", "again"})->value().integer, 1);
        QTRY_COMPARE(messages.size(), 4);
        QCOMPARE(messages.at(3).at(1).toByteArray(), QByteArray("again"));
    }

    void closeFailsPendingAndStops()
    {
        RedisServer server;
        QVERIFY(server.start());
        RedisConnection c(endpointOf(server));
        c.open();
        QVERIFY(waitConnected(c));
        std::optional<Reply> r;
        c.command({"DEBUG", "SLEEP", "0.2"}, [&r](const Reply &reply) { r = reply; });
        c.close();
        QVERIFY(r.has_value());
        QCOMPARE(r->kind(), ErrorKind::Unavailable);
        QTest::qWait(100);
        QCOMPARE(c.state(), RedisConnection::State::Disconnected); // no reconnect after close
    }
};

QTEST_GUILESS_MAIN(TestRedisConnection)
#include "tst_redisconnection.moc"
