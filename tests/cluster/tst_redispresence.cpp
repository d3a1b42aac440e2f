// RedisPresence against a real redis-server: two and three "nodes" (RedisPresence instances
// with their own connections and names) changing the same users, the published changes, the
// lease and the retirement of a dead node by exactly one other node, and nothing left behind.
#include "cluster/redisconnection.h"
#include "cluster/redispresence.h"
#include "redisserver.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QtTest>
#include <memory>

using namespace SmartFixer;
using namespace SmartFixer::Test;

namespace {

template<typename T>
std::optional<Result<T>>
waitFor(const std::function<void(std::function<void(const Result<T> &)>)> &start)
{
    std::optional<Result<T>> out;
    start([&out](const Result<T> &r) { out = r; });
    QTRY_LOOP_IMPL(out.has_value(), 3000, 5);
    return out;
}

struct Node
{
    Node(const RedisServer &server, const QString &name)
        : connection(parseRedisUrl(server.url()).value()), presence(&connection, name)
    {
        connection.open();
    }
    ClusterPresence open(UserId user, qint64 now)
    {
        auto r = waitFor<ClusterPresence>([&](auto cb) { presence.open(user, now, cb); });
        return r && r->ok() ? r->value() : ClusterPresence{};
    }
    ClusterPresence close(UserId user)
    {
        auto r = waitFor<ClusterPresence>([&](auto cb) { presence.close(user, cb); });
        return r && r->ok() ? r->value() : ClusterPresence{};
    }
    ClusterPresence touch(UserId user, qint64 now)
    {
        auto r = waitFor<ClusterPresence>([&](auto cb) { presence.touch(user, now, cb); });
        return r && r->ok() ? r->value() : ClusterPresence{};
    }
    //! Renews the lease: 1 when there was none, 0 when extended, -1 on error; the lease
    //! lengths Redis answered with go to \a leases.
    int renew(qint64 ms, QHash<QString, qint64> *leases = nullptr)
    {
        auto r = waitFor<RedisPresence::Renewed>([&](auto cb) { presence.renewLease(ms, cb); });
        if (!r || !r->ok())
            return -1;
        if (leases)
            *leases = r->value().leaseMs;
        return r->value().wasMissing ? 1 : 0;
    }
    int count(const std::function<void(RedisPresence::CountCallback)> &start)
    {
        auto r = waitFor<int>(start);
        return r && r->ok() ? r->value() : -1;
    }
    RedisConnection connection;
    RedisPresence presence;
};

//! Every message on the presence channel, decoded.
struct Watcher
{
    explicit Watcher(const RedisServer &server) : connection(parseRedisUrl(server.url()).value())
    {
        QObject::connect(&connection, &RedisConnection::message, &connection,
                         [this](const QByteArray &, const QByteArray &payload) {
                             if (const auto p = ClusterPresence::decode(payload))
                                 seen.append(*p);
                         });
        connection.subscribe({"sf:presence"});
        QSignalSpy ready(&connection, &RedisConnection::connected);
        connection.open();
        ready.wait(3000);
    }
    QList<ClusterPresence> about(UserId user) const
    {
        QList<ClusterPresence> out;
        for (const ClusterPresence &p : seen) {
            if (p.user == user)
                out.append(p);
        }
        return out;
    }
    RedisConnection connection;
    QList<ClusterPresence> seen;
};

QList<QByteArray> keys(RedisConnection &c)
{
    std::optional<Result<RedisReply>> r;
    c.command({"KEYS", "sf:*"}, [&r](const Result<RedisReply> &reply) { r = reply; });
    QTRY_LOOP_IMPL(r.has_value(), 3000, 5);
    QList<QByteArray> out;
    if (r && r->ok()) {
        for (const RedisReply &e : r->value().elements)
            out.append(e.string);
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

class TestRedisPresence : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        initTestEnvironment();
        QVERIFY2(!RedisServer::program().isEmpty(),
                 "redis-server is not installed: run scripts/setup.sh");
    }

    void encodeDecode()
    {
        ClusterPresence p{7, 42, 3, 1'795'000'000'123};
        QCOMPARE(ClusterPresence::decode(p.encode())->lastActiveMs, p.lastActiveMs);
        QCOMPARE(ClusterPresence::decode("7 1 0 -1")->lastActiveMs, std::nullopt);
        QVERIFY(!ClusterPresence::decode("7 1 0"));
        QVERIFY(!ClusterPresence::decode("x 1 0 5"));
        QVERIFY(!ClusterPresence::decode("0 1 0 5"));
        QVERIFY(!ClusterPresence::decode("7 1 -2 5"));
    }

    void twoNodesCountOnceAndLeaveNothingBehind()
    {
        RedisServer server;
        QVERIFY(server.start());
        Watcher watcher(server);
        Node a(server, QStringLiteral("a")), b(server, QStringLiteral("b"));
        const qint64 t0 = 1'795'000'000'000;
        ClusterPresence p = a.open(7, t0);
        QCOMPARE(p.connections, 1);
        QCOMPARE(p.lastActiveMs, t0);
        const qint64 v1 = p.version;
        p = b.open(7, t0 + 10);
        QCOMPARE(p.connections, 2);
        QVERIFY(p.version > v1);
        p = a.close(7);
        QCOMPARE(p.connections, 1);
        p = b.close(7);
        QCOMPARE(p.connections, 0);
        QCOMPARE(p.lastActiveMs, t0 + 10); // last_active rides along to the watchers
        // A close of a connection the node no longer has changes nothing.
        const qint64 last = p.version;
        QCOMPARE(b.close(7).version <= last, true);

        QTRY_COMPARE(watcher.about(7).size(), 4);
        qint64 previous = 0;
        for (const ClusterPresence &m : watcher.about(7)) {
            QVERIFY(m.version > previous); // in order, one message per change
            previous = m.version;
        }
        QCOMPARE(watcher.about(7).last().connections, 0);
        // Only the deployment-wide version sequence remains (no lease was taken here).
        QCOMPARE(keys(a.connection), QList<QByteArray>{"sf:seq"});
    }

    void lastActiveOnlyMovesForward()
    {
        RedisServer server;
        QVERIFY(server.start());
        Watcher watcher(server);
        Node a(server, QStringLiteral("a")), b(server, QStringLiteral("b"));
        const qint64 t0 = 1'795'000'000'000;
        a.open(9, t0);
        const ClusterPresence older = b.touch(9, t0 - 5000); // b's clock is behind
        QCOMPARE(older.lastActiveMs, t0);
        const ClusterPresence newer = b.touch(9, t0 + 60'000);
        QCOMPARE(newer.lastActiveMs, t0 + 60'000);
        QVERIFY(newer.version > older.version);
        // b opening with an old time does not move it back either.
        QCOMPARE(b.open(9, t0).lastActiveMs, t0 + 60'000);
        QTRY_COMPARE(watcher.about(9).size(), 3); // open, touch forward, open; not the stale touch
        // Activity of a user who is connected nowhere is not recorded here.
        QCOMPARE(a.touch(10, t0).connections, 0);
        QCOMPARE(watcher.about(10).size(), 0);
    }

    void concurrentChangesNeverLoseAnUpdate()
    {
        RedisServer server;
        QVERIFY(server.start());
        Node a(server, QStringLiteral("a")), b(server, QStringLiteral("b"));
        QVERIFY(QTest::qWaitFor([&] {
            return a.connection.state() == RedisConnection::State::Connected
                && b.connection.state() == RedisConnection::State::Connected;
        }));
        constexpr int N = 300;
        int done = 0;
        auto count = [&done](const Result<ClusterPresence> &r) {
            QVERIFY(r.ok());
            ++done;
        };
        for (int i = 0; i < N; ++i) { // both nodes' scripts interleave in Redis
            a.presence.open(5, 1000 + i, count);
            b.presence.open(5, 2000 + i, count);
        }
        QTRY_COMPARE_WITH_TIMEOUT(done, 2 * N, 10000);
        QCOMPARE(a.touch(5, 0).connections, 2 * N);
        for (int i = 0; i < N; ++i) {
            a.presence.close(5, count);
            b.presence.close(5, count);
        }
        QTRY_COMPARE_WITH_TIMEOUT(done, 4 * N, 10000);
        QCOMPARE(keys(a.connection), QList<QByteArray>{"sf:seq"});
    }

    void expiredNodeIsRetiredByExactlyOneOther()
    {
        RedisServer server;
        QVERIFY(server.start());
        Watcher watcher(server);
        Node dead(server, QStringLiteral("dead")), b(server, QStringLiteral("b")),
            c(server, QStringLiteral("c"));
        const qint64 t0 = 1'795'000'000'000;
        QCOMPARE(dead.renew(150), 1);
        QCOMPARE(b.renew(60'000), 1);
        QHash<QString, qint64> leases;
        QCOMPARE(c.renew(60'000, &leases), 1);
        // Every renewal reads every node's lease length (kept for after a data loss).
        QCOMPARE(leases,
                 (QHash<QString, qint64>{{QStringLiteral("dead"), 150},
                                         {QStringLiteral("b"), 60'000},
                                         {QStringLiteral("c"), 60'000}}));
        QCOMPARE(b.renew(60'000, &leases), 0);
        QCOMPARE(leases.value(QStringLiteral("c")), 60'000);
        dead.open(1, t0);
        dead.open(1, t0);
        dead.open(2, t0);
        b.open(2, t0);
        // Before the lease runs out nobody may retire it.
        QCOMPARE(b.count([&](auto cb) { b.presence.retireExpired(cb); }), 0);

        // The lease runs out (on Redis' clock); b and c both try, again and again.
        int retired = 0;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 3000 && retired == 0) {
            const int byB = b.count([&](auto cb) { b.presence.retireExpired(cb); });
            const int byC = c.count([&](auto cb) { c.presence.retireExpired(cb); });
            QVERIFY(byB >= 0 && byC >= 0);
            QVERIFY(byB == 0 || byC == 0); // never both
            retired += byB + byC;
            if (retired == 0)
                QTest::qWait(20);
        }
        QCOMPARE(retired, 2); // users 1 and 2
        QCOMPARE(b.count([&](auto cb) { b.presence.retireExpired(cb); }), 0);
        QCOMPARE(c.count([&](auto cb) { c.presence.retireExpired(cb); }), 0);
        QTRY_COMPARE(watcher.about(1).size(), 3); // open, open, retired
        QCOMPARE(watcher.about(1).last().connections, 0);
        QTRY_COMPARE(watcher.about(2).size(), 3); // open, open, retired
        QCOMPARE(watcher.about(2).last().connections, 1); // b's connection still counts
        // The dead node's late close (it was only partitioned) changes nothing.
        QCOMPARE(dead.close(1).connections, 0);
        QCOMPARE(watcher.about(1).size(), 3);
    }

    void restartWithTheSameNameRetiresTheOldIncarnation()
    {
        RedisServer server;
        QVERIFY(server.start());
        Watcher watcher(server);
        const qint64 t0 = 1'795'000'000'000;
        {
            Node old(server, QStringLiteral("n1"));
            QCOMPARE(old.renew(60'000), 1);
            old.open(3, t0);
            old.open(4, t0);
        } // kill -9: nothing cleaned up
        Node fresh(server, QStringLiteral("n1"));
        QCOMPARE(fresh.count([&](auto cb) { fresh.presence.retireSelf(cb); }), 2);
        QTRY_COMPARE(watcher.about(3).size(), 2);
        QCOMPARE(watcher.about(3).last().connections, 0);
        QCOMPARE(watcher.about(4).last().connections, 0);
        QCOMPARE(keys(fresh.connection), QList<QByteArray>{"sf:seq"});
    }

    void readAndScriptCacheFlush()
    {
        RedisServer server;
        QVERIFY(server.start());
        Node a(server, QStringLiteral("a"));
        a.open(11, 5000);
        // Redis forgot its scripts (restart, SCRIPT FLUSH): EVALSHA falls back to EVAL.
        std::optional<Result<RedisReply>> flushed;
        a.connection.command({"SCRIPT", "FLUSH"},
                             [&](const Result<RedisReply> &r) { flushed = r; });
        QTRY_VERIFY(flushed.has_value());
        QCOMPARE(a.open(11, 6000).connections, 2);
        auto r = waitFor<QList<ClusterPresence>>([&](auto cb) { a.presence.read({11, 12}, cb); });
        QVERIFY(r && r->ok());
        QCOMPARE(r->value().size(), 2);
        QCOMPARE(r->value().at(0).connections, 2);
        QCOMPARE(r->value().at(0).lastActiveMs, 6000);
        QCOMPARE(r->value().at(1).connections, 0);
        QCOMPARE(r->value().at(1).lastActiveMs, std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestRedisPresence)
#include "tst_redispresence.moc"
