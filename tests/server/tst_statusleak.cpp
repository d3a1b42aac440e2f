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

    //! §12 receipts do not reveal an invisible recipient: no live message_delivered, no
    //! messages_read, no delivered_at/read_at over REST until they are seen again; then the
    //! receipts arrive, timed at that moment (as if made just then). A recipient who ends
    //! invisible while offline sends them at the next connect.
    void receiptsWaitWhileInvisible()
    {
        ServerFixture f;
        QVERIFY(f.start());
        HttpTestClient http(f.port);
        SioTestClient bob; // the recipient, invisible
        QVERIFY(bob.connectAndWait(f.port, f.bob().token));
        QCOMPARE(
            bob.call(QStringLiteral("set_status"),
                     QJsonObject{{QStringLiteral("availability"), QStringLiteral("invisible")}})
                .toObject(),
            QJsonObject{});
        SioTestClient carol; // visible, for the barriers
        QVERIFY(carol.connectAndWait(f.port, f.carol().token));
        SioTestClient alice; // the sender
        QVERIFY(alice.connectAndWait(f.port, f.alice().token));
        const auto send = [&](const Account &to, const QString &text) {
            return alice
                .call(QStringLiteral("send_message"),
                      QJsonObject{{QStringLiteral("to"), to.id}, {QStringLiteral("text"), text}})
                .toObject()
                .value(QStringLiteral("id"))
                .toInteger();
        };
        const auto ids = [](const SioTestClient &c, const char *event, const char *key) {
            QList<qint64> out;
            for (const auto &e : c.eventsNamed(QLatin1String(event)))
                out.append(e.payload.toObject().value(QLatin1String(key)).toInteger());
            return out;
        };
        f.clock.advance(1'000);
        const qint64 toBob = send(f.bob(), QStringLiteral("are you there?"));
        QVERIFY(toBob > 0);
        QVERIFY(bob.waitEventCount(QStringLiteral("new_message"), 1));
        const qint64 toCarol = send(f.carol(), QStringLiteral("hi carol"));
        QVERIFY(alice.waitEventCount(QStringLiteral("message_delivered"), 1));
        QCOMPARE(ids(alice, "message_delivered", "id"), QList<qint64>{toCarol});

        f.clock.advance(1'000);
        QCOMPARE(bob.call(QStringLiteral("mark_read"),
                          QJsonObject{{QStringLiteral("peer"), f.alice().id},
                                      {QStringLiteral("up_to"), toBob}})
                     .toObject(),
                 QJsonObject{});
        QCOMPARE(carol
                     .call(QStringLiteral("mark_read"),
                           QJsonObject{{QStringLiteral("peer"), f.alice().id},
                                       {QStringLiteral("up_to"), toCarol}})
                     .toObject(),
                 QJsonObject{});
        QVERIFY(alice.waitEventCount(QStringLiteral("messages_read"), 1));
        QCOMPARE(ids(alice, "messages_read", "by"), QList<qint64>{f.carol().id});
        // REST: what alice sees of her message to bob and of a message to a user who left.
        const auto messageTo = [&](const Account &peer) {
            return http.get(QStringLiteral("/api/messages/%1").arg(peer.id), f.alice().token)
                .array()
                .last()
                .toObject();
        };
        QJsonObject m = messageTo(f.bob());
        QVERIFY(m.value(QStringLiteral("delivered_at")).isNull());
        QVERIFY(m.value(QStringLiteral("read_at")).isNull());
        const QJsonArray conversations
            = http.get(QStringLiteral("/api/conversations"), f.alice().token).array();
        for (const QJsonValue &v : conversations) {
            const QJsonObject last = v.toObject().value(QStringLiteral("last_message")).toObject();
            if (last.value(QStringLiteral("id")).toInteger() == toBob)
                QVERIFY(last.value(QStringLiteral("delivered_at")).isNull());
        }

        // Seen again: the receipts come now, timed now.
        f.clock.advance(5'000);
        QCOMPARE(bob.call(QStringLiteral("set_status"),
                          QJsonObject{{QStringLiteral("availability"), QStringLiteral("auto")}})
                     .toObject(),
                 QJsonObject{});
        QVERIFY(alice.waitEventCount(QStringLiteral("messages_read"), 2));
        QCOMPARE(ids(alice, "message_delivered", "id"), (QList<qint64>{toCarol, toBob}));
        QCOMPARE(ids(alice, "messages_read", "by"), (QList<qint64>{f.carol().id, f.bob().id}));
        QCOMPARE(ids(alice, "messages_read", "up_to").constLast(), toBob);
        m = messageTo(f.bob());
        QCOMPARE(m.value(QStringLiteral("delivered_at")).toString(), toIsoUtc(f.clock.nowMs()));
        QCOMPARE(m.value(QStringLiteral("read_at")).toString(), toIsoUtc(f.clock.nowMs()));

        // Invisible again, a message, and invisible ends while bob is offline: nothing yet;
        // his next connect delivers it.
        QVERIFY(bob.call(QStringLiteral("set_status"),
                         QJsonObject{{QStringLiteral("availability"), QStringLiteral("invisible")}})
                    .isObject());
        const qint64 second = send(f.bob(), QStringLiteral("still there?"));
        QVERIFY(bob.waitEventCount(QStringLiteral("new_message"), 2));
        bob.socket.close();
        QVERIFY(bob.waitClosed());
        QCOMPARE(http.put(QStringLiteral("/api/me/status"),
                          QJsonObject{{QStringLiteral("availability"), QStringLiteral("auto")}},
                          f.bob().token)
                     .status,
                 200);
        const qint64 toCarol2 = send(f.carol(), QStringLiteral("barrier"));
        QVERIFY(alice.waitEventCount(QStringLiteral("message_delivered"), 3));
        QCOMPARE(ids(alice, "message_delivered", "id").constLast(), toCarol2);
        f.clock.advance(1'000);
        SioTestClient bob2;
        QVERIFY(bob2.connectAndWait(f.port, f.bob().token));
        QVERIFY(alice.waitEventCount(QStringLiteral("message_delivered"), 4));
        QCOMPARE(ids(alice, "message_delivered", "id").constLast(), second);
        QCOMPARE(messageTo(f.bob()).value(QStringLiteral("delivered_at")).toString(),
                 toIsoUtc(f.clock.nowMs()));
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
