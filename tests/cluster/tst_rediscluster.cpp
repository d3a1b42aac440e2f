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
    ClusterNode(const RedisServer &server, const QString &name)
    {
        RedisClusterOptions o;
        o.endpoint = parseRedisUrl(server.url()).value();
        o.node = name;
        o.leaseMs = 1000;
        o.commandTimeoutMs = 500;
        cluster = std::make_unique<RedisCluster>(o);
        cluster->registry()->setChangeHandler(
            [this](UserId user, const PresenceRecord &) { changes.append(user); });
        QSignalSpy resynced(cluster.get(), &RedisCluster::resynced);
        cluster->start({});
        resynced.wait(3000);
    }
    int connections(UserId user) const
    {
        const auto r = cluster->registry()->record(user);
        return r ? r->connections : -1;
    }
    int changesOf(UserId user) const { return int(changes.count(user)); }
    std::unique_ptr<RedisCluster> cluster;
    QList<UserId> changes;
};

void publish(const RedisServer &server, const QByteArray &channel, const QByteArray &message)
{
    RedisConnection c(parseRedisUrl(server.url()).value());
    c.open();
    bool done = false;
    c.command({"PUBLISH", channel, message}, [&done](const Result<RedisReply> &) { done = true; });
    QTRY_VERIFY(done);
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
