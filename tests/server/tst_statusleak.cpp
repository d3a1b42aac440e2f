// Manual status end to end (DESIGN.md §10) on the real server (port 0, SQLite and PostgreSQL):
// the REST and socket surface, validation, persistence across a restart, and the leak test: a
// watcher records everything it receives about a user who goes invisible and then does
// everything a user can do, and about a user who really leaves at the same moment; both
// recordings must be the same.
#include "httptestclient.h"
#include "serverfixture.h"
#include "sioclient.h"
#include "testsupport.h"

#include <QtTest>

using namespace SmartFixer;
using namespace SmartFixer::Test;

namespace {

// A presence object without its user id: what it says about whoever it is.
QJsonObject anonymous(QJsonObject o)
{
    o.remove(QStringLiteral("user_id"));
    return o;
}

QJsonObject findUser(const QJsonArray &list, qint64 id, const char *key = nullptr)
{
    for (const QJsonValue &v : list) {
        QJsonObject o = v.toObject();
        if (o.value(QStringLiteral("user_id")).toInteger() == id) {
            if (key)
                return o.value(QLatin1String(key)).toObject();
            return o;
        }
    }
    return {};
}

} // namespace

class TestStatusLeak : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase_data()
    {
        QTest::addColumn<bool>("postgres");
        QTest::newRow("sqlite") << false;
        QTest::newRow("postgres") << true;
    }
    void initTestCase() { initTestEnvironment(); }
    void init()
    {
        QFETCH_GLOBAL(bool, postgres);
        fixtureOnPostgres() = postgres;
        if (postgres)
            QVERIFY2(postgresServer().ok(), qPrintable(postgresServer().error));
    }

    void restAndSocketSetStatus()
    {
        ServerFixture f;
        QVERIFY(f.start());
        f.addContact(f.alice().id, f.bob().id);
        HttpTestClient http(f.port);
        SioTestClient alice;
        QVERIFY(alice.connectAndWait(f.port, f.alice().token));
        QVERIFY(alice.waitEventCount(QStringLiteral("presence_snapshot"), 1));
        SioTestClient bob;
        QVERIFY(bob.connectAndWait(f.port, f.bob().token));
        QTRY_COMPARE(alice.updatesAbout(f.bob().id).size(), 1); // online

        const QString expires = toIsoUtc(f.clock.nowMs() + 3'600'000);
        const HttpResult put
            = http.put(QStringLiteral("/api/me/status"),
                       QJsonObject{{QStringLiteral("availability"), QStringLiteral("dnd")},
                                   {QStringLiteral("message"), QStringLiteral("Focus time")},
                                   {QStringLiteral("expires_at"), expires}},
                       f.bob().token);
        QCOMPARE(put.status, 200);
        QTRY_COMPARE(alice.updatesAbout(f.bob().id).size(), 2);
        const QJsonObject update = alice.updatesAbout(f.bob().id).constLast();
        QCOMPARE(update.value(QStringLiteral("availability")).toString(), QStringLiteral("dnd"));
        QCOMPARE(update.value(QStringLiteral("status_message")).toString(),
                 QStringLiteral("Focus time"));
        const QJsonObject me = http.get(QStringLiteral("/api/me"), f.bob().token).object();
        QCOMPARE(me.value(QStringLiteral("availability")).toString(), QStringLiteral("dnd"));
        QCOMPARE(me.value(QStringLiteral("message")).toString(), QStringLiteral("Focus time"));
        QCOMPARE(me.value(QStringLiteral("expires_at")).toString(), expires);

        // The socket event; bad input gets an error ack and changes nothing.
        const QJsonValue bad
            = bob.call(QStringLiteral("set_status"),
                       QJsonObject{{QStringLiteral("availability"), QStringLiteral("busy")}});
        QVERIFY(bad.toObject().value(QStringLiteral("error")).isString());
        const QJsonValue tooLong
            = bob.call(QStringLiteral("set_status"),
                       QJsonObject{{QStringLiteral("availability"), QStringLiteral("auto")},
                                   {QStringLiteral("message"), QString(101, QLatin1Char('x'))}});
        QVERIFY(tooLong.toObject().value(QStringLiteral("error")).isString());
        for (const QByteArray &body :
             {QByteArray("{\"availability\":\"auto\",\"expires_at\":\"2020-01-01T00:00:00Z\"}"),
              QByteArray("{\"availability\":\"auto\",\"message\":\"a\\u0007b\"}"),
              QByteArray("[1]"), QByteArray("not json")}) {
            const HttpResult r
                = http.request("PUT", QStringLiteral("/api/me/status"), f.bob().token, body);
            QCOMPARE(r.status, 400);
            QVERIFY(r.isJsonError());
        }
        QCOMPARE(http.request("PUT", QStringLiteral("/api/me/status"), {}, "{}").status, 401);
        QCOMPARE(http.get(QStringLiteral("/api/me"), f.bob().token)
                     .object()
                     .value(QStringLiteral("availability"))
                     .toString(),
                 QStringLiteral("dnd"));
        QCOMPARE(alice.updatesAbout(f.bob().id).size(), 2);

        const QJsonValue ok
            = bob.call(QStringLiteral("set_status"),
                       QJsonObject{{QStringLiteral("availability"), QStringLiteral("auto")},
                                   {QStringLiteral("message"), QJsonValue::Null}});
        QCOMPARE(ok, QJsonValue(QJsonObject{}));
        QTRY_COMPARE(alice.updatesAbout(f.bob().id).size(), 3);
        QVERIFY(alice.updatesAbout(f.bob().id)
                    .constLast()
                    .value(QStringLiteral("status_message"))
                    .isNull());
    }

    void expiryPushesAndRestartKeepsStatus()
    {
        ServerFixture f;
        QVERIFY(f.start());
        f.addContact(f.alice().id, f.bob().id);
        HttpTestClient http(f.port);
        QCOMPARE(http.put(QStringLiteral("/api/me/status"),
                          QJsonObject{
                              {QStringLiteral("availability"), QStringLiteral("dnd")},
                              {QStringLiteral("message"), QStringLiteral("Away")},
                              {QStringLiteral("expires_at"), toIsoUtc(f.clock.nowMs() + 60'000)}},
                          f.bob().token)
                     .status,
                 200);
        QCOMPARE(http.put(QStringLiteral("/api/me/privacy"),
                          QJsonObject{{QStringLiteral("last_seen"), QStringLiteral("approximate")}},
                          f.bob().token)
                     .status,
                 200);
        // Restart on the same database: the status is still there.
        f.server->stop();
        QVERIFY(f.start(false));
        HttpTestClient http2(f.port);
        const QJsonObject me = http2.get(QStringLiteral("/api/me"), f.bob().token).object();
        QCOMPARE(me.value(QStringLiteral("availability")).toString(), QStringLiteral("dnd"));
        QCOMPARE(me.value(QStringLiteral("last_seen")).toString(), QStringLiteral("approximate"));
        SioTestClient alice;
        QVERIFY(alice.connectAndWait(f.port, f.alice().token));
        QVERIFY(alice.waitEventCount(QStringLiteral("presence_snapshot"), 1));
        const QJsonObject snap = findUser(alice.eventsNamed(QStringLiteral("presence_snapshot"))
                                              .constFirst()
                                              .payload.toObject()
                                              .value(QStringLiteral("users"))
                                              .toArray(),
                                          f.bob().id);
        QCOMPARE(snap.value(QStringLiteral("availability")).toString(), QStringLiteral("dnd"));
        QVERIFY(snap.value(QStringLiteral("last_active")).isNull());
        // At expires_at the server reverts and pushes the update.
        f.clock.advance(60'000);
        QTRY_COMPARE(alice.updatesAbout(f.bob().id).size(), 1);
        QCOMPARE(alice.updatesAbout(f.bob().id)
                     .constFirst()
                     .value(QStringLiteral("availability"))
                     .toString(),
                 QStringLiteral("auto"));
        QCOMPARE(http2.get(QStringLiteral("/api/me"), f.bob().token)
                     .object()
                     .value(QStringLiteral("availability"))
                     .toString(),
                 QStringLiteral("auto"));
    }

    void invisibleIsIndistinguishableFromGone_data()
    {
        QTest::addColumn<bool>("approximate");
        QTest::newRow("exact last seen") << false;
        QTest::newRow("approximate last seen") << true;
    }
    void invisibleIsIndistinguishableFromGone()
    {
        QFETCH(bool, approximate);
        ServerFixture f;
        QVERIFY(f.start());
        const Account &alice = f.alice();
        const Account &bob = f.bob(); // goes invisible
        const Account &carol = f.carol(); // really leaves
        f.addContact(alice.id, bob.id);
        f.addContact(alice.id, carol.id);
        f.addContact(bob.id, alice.id);
        f.addContact(carol.id, alice.id);
        HttpTestClient http(f.port);
        if (approximate) {
            for (const Account *a : {&bob, &carol})
                QCOMPARE(http.put(QStringLiteral("/api/me/privacy"),
                                  QJsonObject{
                                      {QStringLiteral("last_seen"), QStringLiteral("approximate")}},
                                  a->token)
                             .status,
                         200);
        }
        SioTestClient bobSock, carolSock, watcher;
        QVERIFY(bobSock.connectAndWait(f.port, bob.token));
        QVERIFY(carolSock.connectAndWait(f.port, carol.token));
        QVERIFY(watcher.connectAndWait(f.port, alice.token));
        QVERIFY(watcher.waitEventCount(QStringLiteral("presence_snapshot"), 1));
        // A second watcher connection that names both in presence_subscribe.
        SioTestClient subscriber;
        QVERIFY(subscriber.connectAndWait(f.port, alice.token));

        // What the watcher sees on every channel, about one user.
        QList<QJsonObject> restBob, restCarol;
        const auto pollRest = [&] {
            restBob.append(
                anonymous(http.get(QStringLiteral("/api/user-presence/%1").arg(bob.id), alice.token)
                              .object()));
            restCarol.append(anonymous(
                http.get(QStringLiteral("/api/user-presence/%1").arg(carol.id), alice.token)
                    .object()));
            const QJsonArray contacts
                = http.get(QStringLiteral("/api/contacts"), alice.token).array();
            restBob.append(anonymous(findUser(contacts, bob.id, "presence")));
            restCarol.append(anonymous(findUser(contacts, carol.id, "presence")));
            const QJsonArray ack
                = subscriber
                      .call(QStringLiteral("presence_subscribe"),
                            QJsonObject{{QStringLiteral("user_ids"), QJsonArray{bob.id, carol.id}}})
                      .toObject()
                      .value(QStringLiteral("users"))
                      .toArray();
            restBob.append(anonymous(findUser(ack, bob.id)));
            restCarol.append(anonymous(findUser(ack, carol.id)));
        };

        f.clock.advance(20'000);
        // The moment: bob goes invisible, carol closes her last connection.
        const QJsonValue setAck = bobSock.call(
            QStringLiteral("set_status"),
            QJsonObject{{QStringLiteral("availability"), QStringLiteral("invisible")}});
        QCOMPARE(setAck, QJsonValue(QJsonObject{}));
        carolSock.socket.close();
        QVERIFY(carolSock.waitClosed());
        QTRY_COMPARE(watcher.updatesAbout(carol.id).size(), 1);
        QTRY_COMPARE(watcher.updatesAbout(bob.id).size(), 1);
        pollRest();

        // Bob does everything a user can do; carol does nothing.
        f.clock.advance(30'000);
        QCOMPARE(bobSock.call(QStringLiteral("user_activity"), QJsonObject{}),
                 QJsonValue(QJsonObject{}));
        QCOMPARE(
            bobSock.call(QStringLiteral("typing"), QJsonObject{{QStringLiteral("to"), alice.id}}),
            QJsonValue(QJsonObject{}));
        SioTestClient bobPhone;
        QVERIFY(bobPhone.connectAndWait(f.port, bob.token));
        QVERIFY(bobPhone.waitEventCount(QStringLiteral("presence_snapshot"), 1));
        pollRest();
        f.clock.advance(30'000);
        bobPhone.call(QStringLiteral("presence_subscribe"),
                      QJsonObject{{QStringLiteral("user_ids"), QJsonArray{alice.id}}});
        bobPhone.socket.close();
        QVERIFY(bobPhone.waitClosed());
        QCOMPARE(http.get(QStringLiteral("/api/contacts"), bob.token).status, 200);
        pollRest();
        // The window of the last activity the watcher knows runs out (for both alike).
        f.clock.advance(FixtureWindowMs);
        QTRY_COMPARE(watcher.updatesAbout(carol.id).size(), approximate ? 1 : 2);
        // Give any stray update about bob time to arrive: a round trip on the same socket.
        watcher.call(QStringLiteral("user_activity"), QJsonObject{});
        pollRest();
        // Bob's own view: the truth.
        const QJsonObject own = http.get(QStringLiteral("/api/me"), bob.token).object();
        QCOMPARE(own.value(QStringLiteral("availability")).toString(), QStringLiteral("invisible"));
        const QJsonObject truth
            = http.get(QStringLiteral("/api/user-presence/%1").arg(bob.id), bob.token).object();
        QCOMPARE(truth.value(QStringLiteral("is_online")).toBool(), true);

        QList<QJsonObject> socketBob, socketCarol;
        for (const QJsonObject &o : watcher.updatesAbout(bob.id))
            socketBob.append(anonymous(o));
        for (const QJsonObject &o : watcher.updatesAbout(carol.id))
            socketCarol.append(anonymous(o));
        QCOMPARE(socketBob, socketCarol);
        QCOMPARE(restBob, restCarol);
        QVERIFY(watcher.eventsNamed(QStringLiteral("typing")).isEmpty());
        QCOMPARE(socketBob.constFirst().value(QStringLiteral("is_online")).toBool(), false);
        if (approximate) {
            for (const QJsonObject &o : std::as_const(restBob))
                QVERIFY(o.value(QStringLiteral("last_active")).isNull());
            QCOMPARE(socketBob.constFirst().value(QStringLiteral("status")).toString(),
                     QStringLiteral("Last seen recently"));
        }

        // Visible again: one update, as if bob had just connected.
        const int before = int(watcher.updatesAbout(bob.id).size());
        bobSock.call(QStringLiteral("set_status"),
                     QJsonObject{{QStringLiteral("availability"), QStringLiteral("auto")}});
        QTRY_COMPARE(watcher.updatesAbout(bob.id).size(), before + 1);
        QCOMPARE(watcher.updatesAbout(bob.id).constLast().value(QStringLiteral("state")).toString(),
                 QStringLiteral("online"));
        watcher.call(QStringLiteral("user_activity"), QJsonObject{});
        QCOMPARE(watcher.updatesAbout(bob.id).size(), before + 1);
    }
};

QTEST_GUILESS_MAIN(TestStatusLeak)
#include "tst_statusleak.moc"
