// Manual status (DESIGN.md §10) in cluster mode (§9): three real smartfixer-server nodes on one
// redis-server and one PostgreSQL database (ClusterFixture). alice is on node A; bob watches
// her with the raw test client on node B, carol with python-socketio on node C. The status is
// stored in PostgreSQL and announced on the bus, so every node shows the same; an invisible
// user is offline for viewers on every node; an expiry that every node computes for itself
// reaches each viewer once. Each test builds on the state the previous one left.
#include "clusterfixture.h"
#include "core/presenceinfo.h"
#include "sioclient.h"

using namespace SmartFixer;
using namespace SmartFixer::Test;

namespace {
QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}
} // namespace

class TestClusterStatus : public QObject, public ClusterFixture
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        initTestEnvironment();
        // A long window: no time-driven change may get between the steps counted here.
        m_nodeArgs = {QStringLiteral("--active-window"), QStringLiteral("600")};
        QVERIFY(setUpCluster({QStringLiteral("alice"), QStringLiteral("bob"),
                              QStringLiteral("carol"), QStringLiteral("dave")}));
        for (const auto &node : std::as_const(m_nodes))
            QTRY_COMPARE_WITH_TIMEOUT(get(*node, QStringLiteral("/healthz")).status, 200, 5000);
        // bob and carol watch alice; carol watches bob too (her barrier in the tests).
        for (const auto &[owner, contact] :
             {std::pair{"bob", "alice"}, std::pair{"carol", "alice"}, std::pair{"carol", "bob"}}) {
            QCOMPARE(request(*m_nodes.at(0), "POST", QStringLiteral("/api/contacts"),
                             QString::fromLatin1(owner),
                             QJsonObject{{QStringLiteral("user_id"), id(contact)}})
                         .status,
                     201);
        }
        m_bob = std::make_unique<SioTestClient>();
        QVERIFY(m_bob->connectAndWait(m_nodes.at(1)->port, token("bob")));
        startPython(m_carolPy, *m_nodes.at(2), QStringLiteral("carol"));
        QTRY_VERIFY_WITH_TIMEOUT((m_carolPy.poll(), !m_carolPy.lines.isEmpty()), 10000);
        QVERIFY(m_bob->waitEventCount(QStringLiteral("presence_snapshot"), 1));

        m_alice = std::make_unique<SioTestClient>();
        QVERIFY(m_alice->connectAndWait(m_nodes.at(0)->port, token("alice")));
        QTRY_COMPARE_WITH_TIMEOUT(m_bob->updatesAbout(id("alice")).size(), 1, 2000);
        QTRY_COMPARE_WITH_TIMEOUT(carolSees().size(), 1, 2000);
        QVERIFY(carolSees().constFirst().value(QStringLiteral("is_online")).toBool());
    }

    //! DND with a message set on node A: the watchers on B and C get one update each, REST on
    //! C shows it, GET /api/me on B has it.
    void dndWithMessageOnEveryNode()
    {
        const QJsonValue ack = m_alice->call(
            QStringLiteral("set_status"),
            QJsonObject{{QStringLiteral("availability"), QStringLiteral("dnd")},
                        {QStringLiteral("message"), QStringLiteral("In a meeting")}});
        QCOMPARE(ack.toObject(), QJsonObject{});
        QTRY_COMPARE_WITH_TIMEOUT(m_bob->updatesAbout(id("alice")).size(), 2, 2000);
        const QJsonObject seen = m_bob->updatesAbout(id("alice")).constLast();
        QCOMPARE(str(seen, "availability"), QStringLiteral("dnd"));
        QCOMPARE(str(seen, "status_message"), QStringLiteral("In a meeting"));
        QVERIFY(seen.value(QStringLiteral("is_online")).toBool());
        QTRY_COMPARE_WITH_TIMEOUT(carolSees().size(), 2, 2000);
        QCOMPARE(str(carolSees().constLast(), "status_message"), QStringLiteral("In a meeting"));
        const auto rest
            = get(*m_nodes.at(2), QStringLiteral("/api/user-presence/%1").arg(id("alice")),
                  QStringLiteral("carol"));
        QCOMPARE(str(rest.body.object(), "availability"), QStringLiteral("dnd"));
        const auto me = get(*m_nodes.at(1), QStringLiteral("/api/me"), QStringLiteral("alice"));
        QCOMPARE(str(me.body.object(), "availability"), QStringLiteral("dnd"));
        QCOMPARE(str(me.body.object(), "message"), QStringLiteral("In a meeting"));
        // Stored once, in PostgreSQL.
        QCOMPARE(rawScalar(m_db,
                           QStringLiteral("SELECT availability FROM user_status WHERE "
                                          "user_id = %1")
                               .arg(id("alice")))
                     .toString(),
                 QStringLiteral("dnd"));
    }

    //! Invisible on node A (set through REST on node B): carol on C sees alice offline with the
    //! last_active frozen where it was; alice's activity, typing and a second device on B
    //! change nothing for bob or carol; her own devices see the truth.
    void invisibleAcrossNodes()
    {
        const QString frozen = str(carolSees().constLast(), "last_active");
        QVERIFY(!frozen.isEmpty());
        QCOMPARE(request(*m_nodes.at(1), "PUT", QStringLiteral("/api/me/status"),
                         QStringLiteral("alice"),
                         QJsonObject{{QStringLiteral("availability"), QStringLiteral("invisible")}})
                     .status,
                 200);
        QTRY_COMPARE_WITH_TIMEOUT(carolSees().size(), 3, 2000);
        const QJsonObject gone = carolSees().constLast();
        QCOMPARE(gone.value(QStringLiteral("is_online")).toBool(), false);
        QCOMPARE(str(gone, "state"), QStringLiteral("active"));
        QCOMPARE(str(gone, "last_active"), frozen);
        QCOMPARE(str(gone, "availability"), QStringLiteral("dnd")); // what others saw stays
        QTRY_COMPARE_WITH_TIMEOUT(m_bob->updatesAbout(id("alice")).size(), 3, 2000);
        QCOMPARE(m_bob->updatesAbout(id("alice")).constLast().value(QStringLiteral("is_online")),
                 QJsonValue(false));

        // Activity, typing to bob, a second device on node B.
        QVERIFY(m_alice->call(QStringLiteral("user_activity"), QJsonObject{}).isObject());
        QCOMPARE(
            m_alice->call(QStringLiteral("typing"), QJsonObject{{QStringLiteral("to"), id("bob")}})
                .toObject(),
            QJsonObject{});
        auto alice2 = std::make_unique<SioTestClient>();
        QVERIFY(alice2->connectAndWait(m_nodes.at(1)->port, token("alice")));
        // A barrier: dave (visible, on node A like alice) types to bob after her; when bob has
        // that, alice's typing would have arrived before it.
        auto dave = std::make_unique<SioTestClient>();
        QVERIFY(dave->connectAndWait(m_nodes.at(0)->port, token("dave")));
        QVERIFY(dave->call(QStringLiteral("typing"), QJsonObject{{QStringLiteral("to"), id("bob")}})
                    .isObject());
        QVERIFY(m_bob->waitEventCount(QStringLiteral("typing"), 1, 2000));
        const auto typing = m_bob->eventsNamed(QStringLiteral("typing"));
        QCOMPARE(typing.size(), 1);
        QCOMPARE(typing.constFirst().payload.toObject().value(QStringLiteral("from")).toInteger(),
                 id("dave"));
        // carol: a later change of bob's (visible) as the barrier for her updates of alice.
        const int bobSeen = int(carolSees(id("bob")).size());
        QVERIFY(m_bob
                    ->call(QStringLiteral("set_status"),
                           QJsonObject{{QStringLiteral("availability"), QStringLiteral("dnd")}})
                    .isObject());
        QTRY_COMPARE_WITH_TIMEOUT(carolSees(id("bob")).size(), bobSeen + 1, 2000);
        QCOMPARE(carolSees().size(), 3);
        QCOMPARE(m_bob->updatesAbout(id("alice")).size(), 3);
        // Every channel on every node agrees: offline at the frozen time.
        for (int node : {0, 1, 2}) {
            const QJsonObject o
                = get(*m_nodes.at(node), QStringLiteral("/api/user-presence/%1").arg(id("alice")),
                      QStringLiteral("carol"))
                      .body.object();
            QCOMPARE(o.value(QStringLiteral("is_online")), QJsonValue(false));
            QCOMPARE(str(o, "last_active"), frozen);
        }
        const QJsonObject ack
            = m_bob
                  ->call(QStringLiteral("presence_subscribe"),
                         QJsonObject{{QStringLiteral("user_ids"), QJsonArray{id("alice")}}})
                  .toObject();
        const QJsonObject sub = ack.value(QStringLiteral("users")).toArray().at(0).toObject();
        QCOMPARE(sub.value(QStringLiteral("is_online")), QJsonValue(false));
        QCOMPARE(str(sub, "last_active"), frozen);
        // Her own view, on another node: online and invisible.
        const QJsonObject own
            = get(*m_nodes.at(2), QStringLiteral("/api/user-presence/%1").arg(id("alice")),
                  QStringLiteral("alice"))
                  .body.object();
        QCOMPARE(own.value(QStringLiteral("is_online")), QJsonValue(true));
        QCOMPARE(str(own, "availability"), QStringLiteral("invisible"));
        m_alice2 = std::move(alice2);
        m_dave = std::move(dave);
    }

    //! Visible again with an expiring DND (on node C): one update "online" for each watcher;
    //! at expires_at every node reverts it, and each watcher gets exactly one update.
    void expirySeenOnce()
    {
        const int bobBefore = int(m_bob->updatesAbout(id("alice")).size());
        const int carolBefore = int(carolSees().size());
        const qint64 expires = QDateTime::currentMSecsSinceEpoch() + 4000; // ms
        QCOMPARE(request(*m_nodes.at(2), "PUT", QStringLiteral("/api/me/status"),
                         QStringLiteral("alice"),
                         QJsonObject{{QStringLiteral("availability"), QStringLiteral("dnd")},
                                     {QStringLiteral("message"), QStringLiteral("Back at 3")},
                                     {QStringLiteral("expires_at"), toIsoUtc(expires)}})
                     .status,
                 200);
        QTRY_COMPARE_WITH_TIMEOUT(m_bob->updatesAbout(id("alice")).size(), bobBefore + 1, 2000);
        const QJsonObject back = m_bob->updatesAbout(id("alice")).constLast();
        QCOMPARE(back.value(QStringLiteral("is_online")), QJsonValue(true));
        QCOMPARE(str(back, "state"), QStringLiteral("online"));
        QCOMPARE(str(back, "status_message"), QStringLiteral("Back at 3"));
        QTRY_COMPARE_WITH_TIMEOUT(carolSees().size(), carolBefore + 1, 2000);

        QTRY_COMPARE_WITH_TIMEOUT(m_bob->updatesAbout(id("alice")).size(), bobBefore + 2, 8000);
        const QJsonObject expired = m_bob->updatesAbout(id("alice")).constLast();
        QCOMPARE(str(expired, "availability"), QStringLiteral("auto"));
        QVERIFY(expired.value(QStringLiteral("status_message")).isNull());
        QVERIFY(QDateTime::currentMSecsSinceEpoch() >= expires);
        QTRY_COMPARE_WITH_TIMEOUT(carolSees().size(), carolBefore + 2, 8000);
        // A later change on node A as the barrier: nothing else came in between.
        QVERIFY(m_alice
                    ->call(QStringLiteral("set_status"),
                           QJsonObject{{QStringLiteral("availability"), QStringLiteral("auto")},
                                       {QStringLiteral("message"), QStringLiteral("later")}})
                    .isObject());
        QTRY_COMPARE_WITH_TIMEOUT(m_bob->updatesAbout(id("alice")).size(), bobBefore + 3, 2000);
        QCOMPARE(str(m_bob->updatesAbout(id("alice")).constLast(), "status_message"),
                 QStringLiteral("later"));
        QTRY_COMPARE_WITH_TIMEOUT(carolSees().size(), carolBefore + 3, 2000);
        QCOMPARE(str(carolSees().at(carolBefore + 1), "availability"), QStringLiteral("auto"));
        QCOMPARE(str(carolSees().constLast(), "status_message"), QStringLiteral("later"));
        // The expired status is what every node and the database say.
        const auto me = get(*m_nodes.at(1), QStringLiteral("/api/me"), QStringLiteral("alice"));
        QCOMPARE(str(me.body.object(), "message"), QStringLiteral("later"));
    }

    void cleanupTestCase()
    {
        m_carolPy.process.kill();
        m_carolPy.process.waitForFinished(5000);
        killNodes();
    }

private:
    //! What carol's python-socketio watcher got about \a user (alice by default).
    QList<QJsonObject> carolSees(qint64 user = 0)
    {
        return m_carolPy.updatesAbout(user ? user : id("alice"), true);
    }

    Watcher m_carolPy;
    std::unique_ptr<SioTestClient> m_alice;
    std::unique_ptr<SioTestClient> m_alice2;
    std::unique_ptr<SioTestClient> m_bob;
    std::unique_ptr<SioTestClient> m_dave;
};

QTEST_GUILESS_MAIN(TestClusterStatus)
#include "tst_clusterstatus.moc"
