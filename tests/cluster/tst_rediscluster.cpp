// RedisCluster in-process against a real redis-server: two nodes' registries see each other's
// changes once, an older or repeated message on the presence channel changes nothing, a
// node's own connections count exactly once, and a Redis that lost its data is rebuilt.
#include "cluster/rediscluster.h"
#include "cluster/redisconnection.h"
#include "redisserver.h"
#include "server/presencehub.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QtTest>
#include <memory>

using namespace SmartFixer;
using namespace SmartFixer::Test;

namespace {

struct ClusterNode
{
    ClusterNode(const RedisServer &server, const QString &name, int probeMs = 5000)
    {
        RedisClusterOptions o;
        o.endpoint = parseRedisUrl(server.url()).value();
        o.node = name;
        o.probeIntervalMs = probeMs;
        o.leaseMs = 1000;
        o.commandTimeoutMs = 500;
        cluster = std::make_unique<RedisCluster>(o);
        cluster->registry()->setChangeHandler(
            [this](UserId user, const PresenceRecord &) { changes.append(user); });
        QSignalSpy resynced(cluster.get(), &RedisCluster::resynced);
        ClusterLink::Sink sink;
        sink.userChanged = [this](UserId user, ClusterLink::UserChange) {
            userChanges.append(user);
        };
        sink.missedMessages = [this] {
            ++missed;
        };
        cluster->start(sink);
        resynced.wait(3000);
    }
    int connections(UserId user) const
    {
        const auto r = cluster->registry()->record(user);
        return r ? r->connections : -1;
    }
    int changesOf(UserId user) const { return int(changes.count(user)); }
    //! A counter of the node's /metrics text.
    qint64 metric(const QByteArray &name) const
    {
        for (const QByteArray &line : cluster->metricsText().split('\n')) {
            if (line.startsWith(QByteArray(name + ' ')))
                return line.mid(name.size() + 1).toLongLong();
        }
        return -1;
    }
    std::unique_ptr<RedisCluster> cluster;
    QList<UserId> changes;
    QList<UserId> userChanges; // bus "c" messages from other nodes
    int missed = 0; // Sink::missedMessages calls
};

void publish(const RedisServer &server, const QByteArray &channel, const QByteArray &message)
{
    RedisConnection c(parseRedisUrl(server.url()).value());
    c.open();
    bool done = false;
    c.command({"PUBLISH", channel, message}, [&done](const Result<RedisReply> &) { done = true; });
    QTRY_VERIFY(done);
}

RedisReply command(const RedisServer &server, const QList<QByteArray> &args)
{
    RedisConnection c(parseRedisUrl(server.url()).value());
    c.open();
    std::optional<Result<RedisReply>> reply;
    c.command(args, [&reply](const Result<RedisReply> &r) { reply = r; });
    QTRY_LOOP_IMPL(reply.has_value(), 3000, 5);
    return reply && reply->ok() ? reply->value() : RedisReply{};
}

//! How many NOSCRIPT error replies Redis sent since it started (INFO errorstats).
int noscriptErrors(const RedisServer &server)
{
    const QByteArray info = command(server, {"INFO", "errorstats"}).string;
    const qsizetype at = info.indexOf("errorstat_NOSCRIPT:count=");
    if (at < 0)
        return 0;
    const qsizetype start = at + qsizetype(qstrlen("errorstat_NOSCRIPT:count="));
    qsizetype end = start;
    while (end < info.size() && std::isdigit(static_cast<unsigned char>(info.at(end))))
        ++end;
    return info.mid(start, end - start).toInt();
}

} // namespace

class TestRedisCluster : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { initTestEnvironment(); }

    void nodeNames()
    {
        QVERIFY(validNodeName(QStringLiteral("node-1.eu_west")));
        QVERIFY(!validNodeName(QString()));
        QVERIFY(!validNodeName(QStringLiteral("a b")));
        QVERIFY(!validNodeName(QStringLiteral("a=b")));
        QVERIFY(!validNodeName(QStringLiteral("a,b")));
        QVERIFY(!validNodeName(QString(65, u'x')));
        QVERIFY(validNodeName(defaultNodeName()));
    }

    void changesFromOtherNodesOnceAndInOrder()
    {
        RedisServer server;
        QVERIFY(server.start());
        ClusterNode a(server, QStringLiteral("a"));
        ClusterNode b(server, QStringLiteral("b"));
        PresenceRegistry *ra = a.cluster->registry();
        PresenceRegistry *rb = b.cluster->registry();
        rb->seed(5, {});
        QCOMPARE(b.connections(5), 0);

        QCOMPARE(ra->open(5, 1000).connections, 1); // a's own count, at once
        QTRY_COMPARE(b.connections(5), 1);
        QCOMPARE(b.changesOf(5), 1);
        // Two devices on two nodes count once each, and the node's own change is not doubled
        // by its pub/sub echo.
        QCOMPARE(rb->open(5, 2000).connections, 2);
        QTRY_COMPARE(a.connections(5), 2);
        QCOMPARE(b.connections(5), 2);

        // An old (version 1) and a malformed message change nothing.
        publish(server, "sf:presence", "5 1 0 -1 ");
        publish(server, "sf:presence", "5 x");
        ra->close(5);
        QTRY_COMPARE(b.connections(5), 1);
        QCOMPARE(b.changesOf(5), 2); // a's open, then a's close; nothing for the old message
        rb->close(5);
        QTRY_COMPARE(a.connections(5), 0);
        QCOMPARE(a.cluster->degradedReason(), QString());
    }

    void redisLosesItsData()
    {
        RedisServer server;
        QVERIFY(server.start());
        ClusterNode a(server, QStringLiteral("a"));
        ClusterNode b(server, QStringLiteral("b"));
        b.cluster->registry()->seed(7, {});
        a.cluster->registry()->open(7, 1000);
        QTRY_COMPARE(b.connections(7), 1);

        server.kill();
        QTRY_VERIFY(!a.cluster->degradedReason().isEmpty());
        QVERIFY(!b.cluster->degradedReason().isEmpty());
        // Redis is gone: b keeps what it knew, a counts its own connection.
        QCOMPARE(b.connections(7), 1);
        QCOMPARE(a.cluster->registry()->open(7, 2000).connections, 2);

        QVERIFY(server.start()); // empty: no persistence
        QTRY_VERIFY_WITH_TIMEOUT(a.cluster->degradedReason().isEmpty(), 3000);
        // a put both of its connections back; b follows, with no flap to 0 in between.
        QTRY_COMPARE_WITH_TIMEOUT(b.connections(7), 2, 3000);
        QCOMPARE(b.changes.count(7), 2);
        a.cluster->registry()->close(7);
        a.cluster->registry()->close(7);
        QTRY_COMPARE(b.connections(7), 0);
    }

    //! The scripts are loaded on every connect, ahead of any EVALSHA: no NOSCRIPT round trip
    //! after a start or a Redis restart; a cache flushed under a live connection still works
    //! (EVAL fallback) and is counted.
    void scriptsLoadedOnConnect()
    {
        RedisServer server;
        QVERIFY(server.start());
        ClusterNode a(server, QStringLiteral("a"));
        ClusterNode b(server, QStringLiteral("b"));
        b.cluster->registry()->seed(9, {});
        a.cluster->registry()->open(9, 1000);
        QTRY_COMPARE(b.connections(9), 1);
        a.cluster->registry()->touch(9, 2000);
        a.cluster->registry()->close(9);
        QTRY_COMPARE(b.connections(9), 0);
        QVERIFY(command(server, {"INFO", "errorstats"}).string.startsWith("# Errorstats"));
        QCOMPARE(noscriptErrors(server), 0);

        // Redis restarts empty (script cache too); the nodes come back and work without one.
        server.kill();
        QTRY_VERIFY(!a.cluster->degradedReason().isEmpty());
        QVERIFY(server.start());
        QTRY_VERIFY_WITH_TIMEOUT(a.cluster->degradedReason().isEmpty(), 3000);
        QTRY_VERIFY_WITH_TIMEOUT(b.cluster->degradedReason().isEmpty(), 3000);
        a.cluster->registry()->open(9, 3000);
        QTRY_COMPARE_WITH_TIMEOUT(b.connections(9), 1, 3000);
        a.cluster->registry()->close(9);
        QTRY_COMPARE(b.connections(9), 0);
        QCOMPARE(noscriptErrors(server), 0);
        QVERIFY(a.cluster->metricsText().contains("smartfixer_cluster_redis_noscript_total 0\n"));

        // Flushed behind the nodes' backs: the fallback keeps presence working, and says so.
        command(server, {"SCRIPT", "FLUSH"});
        a.cluster->registry()->open(9, 4000);
        QTRY_COMPARE(b.connections(9), 1);
        // (The lease renewals of both nodes meet it too, once per script.)
        QVERIFY(noscriptErrors(server) >= 1);
        QVERIFY(!a.cluster->metricsText().contains("smartfixer_cluster_redis_noscript_total 0\n"));
        a.cluster->registry()->close(9);
        QTRY_COMPARE(b.connections(9), 0);
    }

    //! Bus messages carry a per-node sequence: a message lost while Redis was gone shows as
    //! a gap at the receiver (smartfixer_cluster_bus_gaps_total) and makes it re-read what it
    //! caches (Sink::missedMessages); a new incarnation of a node starts again without a gap.
    void busGapsAreSeen()
    {
        RedisServer server;
        QVERIFY(server.start());
        ClusterNode a(server, QStringLiteral("a"));
        ClusterNode b(server, QStringLiteral("b"));
        a.cluster->publishUserChanged(5, ClusterLink::UserChange::Privacy);
        a.cluster->publishUserChanged(6, ClusterLink::UserChange::Contacts);
        QTRY_COMPARE(b.userChanges, (QList<UserId>{5, 6}));
        QCOMPARE(b.metric("smartfixer_cluster_bus_gaps_total"), 0);
        QCOMPARE(b.missed, 0);

        // Redis gone: a's message is lost (its sequence still counts it).
        server.kill();
        QTRY_VERIFY(!a.cluster->degradedReason().isEmpty());
        a.cluster->publishUserChanged(7, ClusterLink::UserChange::Privacy);
        QVERIFY(server.start());
        QTRY_VERIFY_WITH_TIMEOUT(a.cluster->degradedReason().isEmpty(), 3000);
        QTRY_VERIFY_WITH_TIMEOUT(b.cluster->degradedReason().isEmpty(), 3000);
        // b's subscription came back: it re-reads at once, before any gap is visible.
        QTRY_COMPARE(b.missed, 1);
        QCOMPARE(b.metric("smartfixer_cluster_bus_recoveries_total"), 1);
        a.cluster->publishUserChanged(8, ClusterLink::UserChange::Privacy);
        QTRY_COMPARE(b.userChanges, (QList<UserId>{5, 6, 8}));
        QCOMPARE(b.metric("smartfixer_cluster_bus_gaps_total"), 1);
        QTRY_COMPARE(b.missed, 2);

        // Another node (raw messages): sequences 1, then 5 = three missed; a new incarnation
        // starting at 1 is no gap; messages without a sequence (an older node) are taken.
        publish(server, "sf:bus", R"({"n":"x","i":"aa","s":1,"k":"c","u":9,"c":"privacy"})");
        publish(server, "sf:bus", R"({"n":"x","i":"aa","s":5,"k":"c","u":9,"c":"privacy"})");
        publish(server, "sf:bus", R"({"n":"x","i":"bb","s":1,"k":"c","u":9,"c":"privacy"})");
        publish(server, "sf:bus", R"({"n":"y","k":"c","u":9,"c":"privacy"})");
        QTRY_COMPARE(b.userChanges.count(9), 4);
        QCOMPARE(b.metric("smartfixer_cluster_bus_gaps_total"), 4);
        QTRY_COMPARE(b.missed, 3);
        QCOMPARE(a.metric("smartfixer_cluster_bus_gaps_total"), 3); // x's gap, none of b's
    }

    //! Pub/sub is at-most-once. Every record's version comes from Redis' one sequence and
    //! arrives in order, so a record that never came shows as a gap: at the next record, or at
    //! the next probe's "mark" when none follows. Only then does the node read everything
    //! again; while it misses nothing, the probes cost one small script and no resync.
    void missedPresenceChangesAreRepaired()
    {
        RedisServer server;
        QVERIFY(server.start());
        ClusterNode a(server, QStringLiteral("a"), 50);
        ClusterNode b(server, QStringLiteral("b"), 3600000); // b only by records
        for (UserId u : {21, 22, 23}) {
            a.cluster->registry()->seed(u, {});
            b.cluster->registry()->seed(u, {});
        }
        QTRY_VERIFY(a.metric("smartfixer_cluster_probes_total") >= 3);
        const qint64 resyncsA = a.metric("smartfixer_cluster_resyncs_total");
        const qint64 resyncsB = b.metric("smartfixer_cluster_resyncs_total");
        a.cluster->registry()->open(23, 1000); // a record b counts: no gap
        QTRY_COMPARE(b.connections(23), 1);
        QTRY_VERIFY(a.metric("smartfixer_cluster_probes_total") >= 10);
        QCOMPARE(a.metric("smartfixer_cluster_resyncs_total"), resyncsA);
        QCOMPARE(a.metric("smartfixer_cluster_presence_gaps_total"), 0);
        QCOMPARE(b.metric("smartfixer_cluster_presence_gaps_total"), 0);

        // A change whose record was lost: written as the scripts write it, never published.
        const QByteArray lost = "local v = redis.call('INCR', 'sf:seq')\n"
                                "redis.call('HSET', 'sf:p:' .. ARGV[1], 'v', v, 'c', 1,"
                                " 'n:ghost', 1, 'la', 5000)\n"
                                "redis.call('SADD', 'sf:online', ARGV[1])\n"
                                "return v\n";
        QVERIFY(command(server, {"EVAL", lost, "0", "21"}).integer > 0);
        // a sees it at its next probe (no record follows) and reads everything again.
        QTRY_COMPARE(a.connections(21), 1);
        QCOMPARE(a.metric("smartfixer_cluster_presence_gaps_total"), 1);
        QCOMPARE(a.metric("smartfixer_cluster_resyncs_total"), resyncsA + 1);
        // b probes only once an hour; it sees the gap in the next record (a's probe marks
        // show it too).
        QTRY_COMPARE(b.connections(21), 1);
        QCOMPARE(b.metric("smartfixer_cluster_presence_gaps_total"), 1);
        QCOMPARE(b.metric("smartfixer_cluster_resyncs_total"), resyncsB + 1);

        // Counting goes on from the resync: a lost record followed by a real one.
        QVERIFY(command(server, {"EVAL", lost, "0", "22"}).integer > 0);
        b.cluster->registry()->open(23, 2000);
        QTRY_COMPARE(a.connections(23), 2);
        QTRY_COMPARE(a.connections(22), 1);
        QTRY_COMPARE(b.connections(22), 1);
        QCOMPARE(a.metric("smartfixer_cluster_presence_gaps_total"), 2);
        QCOMPARE(b.metric("smartfixer_cluster_presence_gaps_total"), 2);
        // A forged old record and a malformed mark change nothing and start no resync.
        const qint64 before = a.metric("smartfixer_cluster_resyncs_total");
        publish(server, "sf:presence", "23 1 0 -1 ");
        publish(server, "sf:presence", "mark x y");
        a.cluster->registry()->close(23);
        QTRY_COMPARE(b.connections(23), 1);
        QTRY_VERIFY(a.metric("smartfixer_cluster_probes_total") >= 20);
        QCOMPARE(a.metric("smartfixer_cluster_resyncs_total"), before);
        QCOMPARE(a.connections(23), 1);
    }

    void metricsSayRedisIsUp()
    {
        RedisServer server;
        QVERIFY(server.start());
        ClusterNode a(server, QStringLiteral("a"));
        QVERIFY(a.cluster->metricsText().contains("smartfixer_cluster_redis_up 1\n"));
        server.kill();
        QTRY_VERIFY(a.cluster->metricsText().contains("smartfixer_cluster_redis_up 0\n"));
    }
};

QTEST_GUILESS_MAIN(TestRedisCluster)
#include "tst_rediscluster.moc"
