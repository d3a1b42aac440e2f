// DESIGN.md §12 on the real server (127.0.0.1, port 0), SQLite and PostgreSQL: delivery and
// read receipts across two clients and two devices (ours and python-socketio), the
// read_receipts switch both ways, unread counts and GET /api/conversations, message search and
// the limits of its query, and mark_read payloads that try to break it.
#include "httptestclient.h"
#include "serverfixture.h"
#include "sioclient.h"
#include "testsupport.h"

#include <QProcess>
#include <QtTest>

using namespace SmartFixer;
using namespace SmartFixer::Test;

namespace {

QJsonObject msg(const QString &to_, qint64 to, const QString &text)
{
    Q_UNUSED(to_);
    return QJsonObject{{QStringLiteral("to"), to}, {QStringLiteral("text"), text}};
}

qint64 sendText(SioTestClient &from, qint64 to, const QString &text)
{
    const QJsonObject ack = from.call(QStringLiteral("send_message"), msg({}, to, text)).toObject();
    return ack.value(QStringLiteral("id")).toInteger();
}

QJsonObject markRead(qint64 peer, qint64 upTo)
{
    return QJsonObject{{QStringLiteral("peer"), peer}, {QStringLiteral("up_to"), upTo}};
}

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

class TestConversations : public QObject
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

    void deliveredAndReadAcrossTwoDevices()
    {
        ServerFixture f;
        QVERIFY(f.start());
        SioTestClient alice, bobPhone, bobDesk;
        QVERIFY(alice.connectAndWait(f.port, f.alice().token));
        QVERIFY(bobPhone.connectAndWait(f.port, f.bob().token));
        QVERIFY(bobDesk.connectAndWait(f.port, f.bob().token));

        const qint64 id = sendText(alice, f.bob().id, QStringLiteral("hi bob"));
        QVERIFY(id > 0);
        QVERIFY(alice.waitEventCount(QStringLiteral("message_delivered"), 1));
        const QJsonObject delivered
            = alice.eventsNamed(QStringLiteral("message_delivered")).first().payload.toObject();
        QCOMPARE(delivered.value(QStringLiteral("id")).toInteger(), id);
        QCOMPARE(delivered.value(QStringLiteral("to")).toInteger(), f.bob().id);

        // The phone reads it: alice and the desk hear of it, the phone itself does not.
        QCOMPARE(bobPhone.call(QStringLiteral("mark_read"), markRead(f.alice().id, id)),
                 QJsonValue(QJsonObject{}));
        QVERIFY(alice.waitEventCount(QStringLiteral("messages_read"), 1));
        QVERIFY(bobDesk.waitEventCount(QStringLiteral("messages_read"), 1));
        const QJsonObject read
            = alice.eventsNamed(QStringLiteral("messages_read")).first().payload.toObject();
        QCOMPARE(read.value(QStringLiteral("by")).toInteger(), f.bob().id);
        QCOMPARE(read.value(QStringLiteral("peer")).toInteger(), f.alice().id);
        QCOMPARE(read.value(QStringLiteral("up_to")).toInteger(), id);
        QCOMPARE(bobDesk.eventsNamed(QStringLiteral("messages_read")).first().payload, read);

        // Reading again changes nothing and sends nothing.
        QCOMPARE(bobDesk.call(QStringLiteral("mark_read"), markRead(f.alice().id, id)),
                 QJsonValue(QJsonObject{}));
        QVERIFY(alice.call(QStringLiteral("user_activity"), QJsonObject{}).isObject());
        QCOMPARE(alice.eventsNamed(QStringLiteral("messages_read")).size(), 1);
        QCOMPARE(bobPhone.eventsNamed(QStringLiteral("messages_read")).size(), 0);

        // The message objects carry both times.
        HttpTestClient http(f.port);
        const QJsonArray history
            = http.get(QStringLiteral("/api/messages/%1").arg(f.bob().id), f.alice().token).array();
        QCOMPARE(history.size(), 1);
        const QJsonObject m = history.first().toObject();
        QVERIFY(m.value(QStringLiteral("delivered_at")).isString());
        QVERIFY(m.value(QStringLiteral("read_at")).isString());
        QCOMPARE(m.value(QStringLiteral("read_at")).toString(), toIsoUtc(f.clock.nowMs()));
    }

    void deliveredWhenTheRecipientConnects()
    {
        ServerFixture f;
        QVERIFY(f.start());
        SioTestClient alice;
        QVERIFY(alice.connectAndWait(f.port, f.alice().token));
        const qint64 first = sendText(alice, f.bob().id, QStringLiteral("one"));
        const qint64 second = sendText(alice, f.bob().id, QStringLiteral("two"));
        QVERIFY(first > 0 && second > first);
        HttpTestClient http(f.port);
        QJsonArray history
            = http.get(QStringLiteral("/api/messages/%1").arg(f.bob().id), f.alice().token).array();
        QVERIFY(history.at(0).toObject().value(QStringLiteral("delivered_at")).isNull());
        QVERIFY(history.at(1).toObject().value(QStringLiteral("read_at")).isNull());
        QCOMPARE(alice.eventsNamed(QStringLiteral("message_delivered")).size(), 0);

        f.clock.advance(2000);
        SioTestClient bob;
        QVERIFY(bob.connectAndWait(f.port, f.bob().token));
        QVERIFY(alice.waitEventCount(QStringLiteral("message_delivered"), 2));
        const auto events = alice.eventsNamed(QStringLiteral("message_delivered"));
        QCOMPARE(events.at(0).payload.toObject().value(QStringLiteral("id")).toInteger(), first);
        QCOMPARE(events.at(1).payload.toObject().value(QStringLiteral("id")).toInteger(), second);
        history
            = http.get(QStringLiteral("/api/messages/%1").arg(f.bob().id), f.alice().token).array();
        QCOMPARE(history.at(0).toObject().value(QStringLiteral("delivered_at")).toString(),
                 toIsoUtc(f.clock.nowMs()));
        // A second connect delivers nothing twice.
        SioTestClient bob2;
        QVERIFY(bob2.connectAndWait(f.port, f.bob().token));
        QVERIFY(alice.call(QStringLiteral("user_activity"), QJsonObject{}).isObject());
        QCOMPARE(alice.eventsNamed(QStringLiteral("message_delivered")).size(), 2);
    }

    void pythonSocketIoReadsAndAcks()
    {
        ServerFixture f;
        QVERIFY(f.start());
        SioTestClient alice;
        QVERIFY(alice.connectAndWait(f.port, f.alice().token));
        QProcess py;
        py.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        py.start(QStringLiteral("/usr/bin/python3"),
                 {QFINDTESTDATA("receipts_peer.py"),
                  QStringLiteral("http://127.0.0.1:%1").arg(f.port), f.bob().token});
        QVERIFY(py.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(py.canReadLine(), 20000); // {"connected": true}
        QVERIFY(py.readLine().contains("connected"));
        const qint64 id = sendText(alice, f.bob().id, QStringLiteral("from Qt to python"));
        QVERIFY(alice.waitEventCount(QStringLiteral("message_delivered"), 1));
        QVERIFY(alice.waitEventCount(QStringLiteral("messages_read"), 1, 20000));
        QTRY_VERIFY_WITH_TIMEOUT(py.state() == QProcess::NotRunning, 20000);
        QCOMPARE(py.exitCode(), 0);
        const QJsonObject out = QJsonDocument::fromJson(py.readAll().trimmed()).object();
        QCOMPARE(out.value(QStringLiteral("ack")).toObject(), QJsonObject{});
        const QJsonObject m = out.value(QStringLiteral("message")).toObject();
        QCOMPARE(m.value(QStringLiteral("id")).toInteger(), id);
        QVERIFY(m.contains(QStringLiteral("delivered_at")));
        QCOMPARE(alice.eventsNamed(QStringLiteral("messages_read"))
                     .first()
                     .payload.toObject()
                     .value(QStringLiteral("up_to"))
                     .toInteger(),
                 id);
    }

    void readReceiptsOffHidesThemBothWays()
    {
        ServerFixture f;
        QVERIFY(f.start());
        HttpTestClient http(f.port);
        QCOMPARE(http.get(QStringLiteral("/api/me"), f.bob().token)
                     .object()
                     .value(QStringLiteral("read_receipts")),
                 QJsonValue(true));
        auto r = http.request("PUT", QStringLiteral("/api/me/privacy"), f.bob().token,
                              json({{QStringLiteral("read_receipts"), false}}));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("read_receipts")), QJsonValue(false));
        QCOMPARE(http.get(QStringLiteral("/api/me"), f.bob().token)
                     .object()
                     .value(QStringLiteral("read_receipts")),
                 QJsonValue(false));
        // Visibility is untouched by a read_receipts-only body.
        QCOMPARE(http.get(QStringLiteral("/api/me"), f.bob().token)
                     .object()
                     .value(QStringLiteral("visibility")),
                 QJsonValue(QStringLiteral("everyone")));

        SioTestClient alice, bob, bob2;
        QVERIFY(alice.connectAndWait(f.port, f.alice().token));
        QVERIFY(bob.connectAndWait(f.port, f.bob().token));
        QVERIFY(bob2.connectAndWait(f.port, f.bob().token));
        // bob reads alice's message: alice hears nothing, bob's other device does.
        const qint64 toBob = sendText(alice, f.bob().id, QStringLiteral("read me"));
        QVERIFY(alice.waitEventCount(QStringLiteral("message_delivered"), 1)); // still sent
        QCOMPARE(bob.call(QStringLiteral("mark_read"), markRead(f.alice().id, toBob)),
                 QJsonValue(QJsonObject{}));
        QVERIFY(bob2.waitEventCount(QStringLiteral("messages_read"), 1));
        // alice reads bob's message: bob (who turned them off) sees none either.
        const qint64 toAlice = sendText(bob, f.alice().id, QStringLiteral("and you"));
        QVERIFY(bob.waitEventCount(QStringLiteral("message_delivered"), 1));
        QCOMPARE(alice.call(QStringLiteral("mark_read"), markRead(f.bob().id, toAlice)),
                 QJsonValue(QJsonObject{}));
        // Ordered after the receipts they would have got: an ack on the same connection.
        QVERIFY(alice.call(QStringLiteral("user_activity"), QJsonObject{}).isObject());
        QVERIFY(bob.call(QStringLiteral("user_activity"), QJsonObject{}).isObject());
        QCOMPARE(alice.eventsNamed(QStringLiteral("messages_read")).size(), 0);
        QCOMPARE(bob.eventsNamed(QStringLiteral("messages_read")).size(), 0);
        // And REST hides read_at of one's own messages both ways; delivery stays.
        const QJsonArray forAlice
            = http.get(QStringLiteral("/api/messages/%1").arg(f.bob().id), f.alice().token).array();
        const QJsonArray forBob
            = http.get(QStringLiteral("/api/messages/%1").arg(f.alice().id), f.bob().token).array();
        QCOMPARE(forAlice.size(), 2);
        QVERIFY(forAlice.at(0).toObject().value(QStringLiteral("read_at")).isNull()); // hers
        QVERIFY(forAlice.at(0).toObject().value(QStringLiteral("delivered_at")).isString());
        QVERIFY(forBob.at(1).toObject().value(QStringLiteral("read_at")).isNull()); // his
        // Unread counts still work for bob.
        const QJsonArray convs
            = http.get(QStringLiteral("/api/conversations"), f.bob().token).array();
        QCOMPARE(convs.size(), 1);
        QCOMPARE(convs.first().toObject().value(QStringLiteral("unread")).toInt(), 0);

        // Back on: the next read is reported again.
        r = http.request("PUT", QStringLiteral("/api/me/privacy"), f.bob().token,
                         json({{QStringLiteral("read_receipts"), true}}));
        QCOMPARE(r.status, 200);
        const qint64 again = sendText(alice, f.bob().id, QStringLiteral("now?"));
        bob.call(QStringLiteral("mark_read"), markRead(f.alice().id, again));
        QVERIFY(alice.waitEventCount(QStringLiteral("messages_read"), 1));
    }

    void privacyBodiesThatAreWrong()
    {
        ServerFixture f;
        QVERIFY(f.start());
        HttpTestClient http(f.port);
        for (const QByteArray &body :
             {QByteArray("{\"read_receipts\":\"no\"}"), QByteArray("{\"read_receipts\":0}"),
              QByteArray("{\"read_receipts\":null}"), QByteArray("{}"), QByteArray("[]"),
              QByteArray("{\"read_receipts\":true,\"visibility\":\"all\"}")}) {
            const auto r
                = http.request("PUT", QStringLiteral("/api/me/privacy"), f.bob().token, body);
            QVERIFY2(r.status == 400 && r.isJsonError(), body.constData());
        }
        // Nothing of a refused body was applied.
        QCOMPARE(http.get(QStringLiteral("/api/me"), f.bob().token)
                     .object()
                     .value(QStringLiteral("read_receipts")),
                 QJsonValue(true));
        const auto both
            = http.request("PUT", QStringLiteral("/api/me/privacy"), f.bob().token,
                           json({{QStringLiteral("read_receipts"), false},
                                 {QStringLiteral("visibility"), QStringLiteral("contacts")}}));
        QCOMPARE(both.status, 200);
        const QJsonObject me = http.get(QStringLiteral("/api/me"), f.bob().token).object();
        QCOMPARE(me.value(QStringLiteral("visibility")).toString(), QStringLiteral("contacts"));
        QCOMPARE(me.value(QStringLiteral("read_receipts")), QJsonValue(false));
    }

    void unreadCountsAndTheConversationsList()
    {
        ServerFixture f;
        QVERIFY(f.start());
        SioTestClient alice, bob, carol;
        QVERIFY(alice.connectAndWait(f.port, f.alice().token));
        QVERIFY(carol.connectAndWait(f.port, f.carol().token));
        QList<qint64> fromAlice;
        for (int i = 0; i < 3; ++i) {
            f.clock.advance(1000);
            fromAlice << sendText(alice, f.bob().id, QStringLiteral("a%1").arg(i));
        }
        f.clock.advance(1000);
        const qint64 fromCarol = sendText(carol, f.bob().id, QStringLiteral("from carol"));
        HttpTestClient http(f.port);
        QCOMPARE(http.get(QStringLiteral("/api/conversations")).status, 401);
        QCOMPARE(http.get(QStringLiteral("/api/conversations"), f.bob().token).status, 200);
        QJsonArray list = http.get(QStringLiteral("/api/conversations"), f.bob().token).array();
        QCOMPARE(list.size(), 2);
        QJsonObject top = list.at(0).toObject();
        QCOMPARE(top.value(QStringLiteral("peer"))
                     .toObject()
                     .value(QStringLiteral("user_id"))
                     .toInteger(),
                 f.carol().id);
        QCOMPARE(top.value(QStringLiteral("peer")).toObject().value(QStringLiteral("username")),
                 QJsonValue(QStringLiteral("carol")));
        QVERIFY(top.value(QStringLiteral("peer"))
                    .toObject()
                    .value(QStringLiteral("presence"))
                    .isObject());
        QCOMPARE(top.value(QStringLiteral("last_message"))
                     .toObject()
                     .value(QStringLiteral("id"))
                     .toInteger(),
                 fromCarol);
        QCOMPARE(top.value(QStringLiteral("unread")).toInt(), 1);
        QCOMPARE(list.at(1).toObject().value(QStringLiteral("unread")).toInt(), 3);
        // The sender has nothing unread.
        list = http.get(QStringLiteral("/api/conversations"), f.alice().token).array();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.at(0).toObject().value(QStringLiteral("unread")).toInt(), 0);

        // bob reads two of alice's three; then answers her: alice moves to the top.
        QVERIFY(bob.connectAndWait(f.port, f.bob().token));
        QCOMPARE(bob.call(QStringLiteral("mark_read"), markRead(f.alice().id, fromAlice.at(1))),
                 QJsonValue(QJsonObject{}));
        f.clock.advance(1000);
        const qint64 answer = sendText(bob, f.alice().id, QStringLiteral("answer"));
        list = http.get(QStringLiteral("/api/conversations"), f.bob().token).array();
        top = list.at(0).toObject();
        QCOMPARE(top.value(QStringLiteral("peer"))
                     .toObject()
                     .value(QStringLiteral("user_id"))
                     .toInteger(),
                 f.alice().id);
        QCOMPARE(top.value(QStringLiteral("last_message"))
                     .toObject()
                     .value(QStringLiteral("id"))
                     .toInteger(),
                 answer);
        QCOMPARE(top.value(QStringLiteral("unread")).toInt(), 1);
        // limit is checked.
        QCOMPARE(
            http.get(QStringLiteral("/api/conversations?limit=1"), f.bob().token).array().size(),
            1);
        for (const char *bad : {"0", "-1", "x", "501", "99999999999999999999"})
            QCOMPARE(http.get(QStringLiteral("/api/conversations?limit=") + QLatin1String(bad),
                              f.bob().token)
                         .status,
                     400);
    }

    void searchFindsOnlyTheCallersOwnMessages()
    {
        ServerFixture f;
        QVERIFY(f.start());
        SioTestClient alice, carol;
        QVERIFY(alice.connectAndWait(f.port, f.alice().token));
        QVERIFY(carol.connectAndWait(f.port, f.carol().token));
        const qint64 a1 = sendText(alice, f.bob().id, QStringLiteral("Hello World"));
        const qint64 c1 = sendText(carol, f.bob().id, QStringLiteral("well, hello there"));
        sendText(alice, f.carol().id, QStringLiteral("HELLO secret between alice and carol"));
        const qint64 pct = sendText(alice, f.bob().id, QStringLiteral("100% sure_x"));
        sendText(alice, f.bob().id, QStringLiteral("1000 surely"));
        HttpTestClient http(f.port);
        QJsonArray found
            = http.get(QStringLiteral("/api/messages/search?q=hello"), f.bob().token).array();
        QCOMPARE(found.size(), 2);
        QCOMPARE(found.at(0).toObject().value(QStringLiteral("id")).toInteger(), c1); // newest
        QCOMPARE(found.at(1).toObject().value(QStringLiteral("id")).toInteger(), a1);
        // Only the conversation with one peer.
        found = http.get(QStringLiteral("/api/messages/search?q=HELLO&peer=%1").arg(f.alice().id),
                         f.bob().token)
                    .array();
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.at(0).toObject().value(QStringLiteral("text")).toString(),
                 QStringLiteral("Hello World"));
        // A third party's conversation is never found, also not by naming them as peer.
        found = http.get(QStringLiteral("/api/messages/search?q=secret"), f.bob().token).array();
        QCOMPARE(found.size(), 0);
        found = http.get(QStringLiteral("/api/messages/search?q=secret&peer=%1").arg(f.carol().id),
                         f.bob().token)
                    .array();
        QCOMPARE(found.size(), 0);
        // LIKE's wildcards are literal text.
        found = http.get(QStringLiteral("/api/messages/search?q=%25"), f.bob().token).array();
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.at(0).toObject().value(QStringLiteral("id")).toInteger(), pct);
        found = http.get(QStringLiteral("/api/messages/search?q=e_x"), f.bob().token).array();
        QCOMPARE(found.size(), 1);
        found = http.get(QStringLiteral("/api/messages/search?q=%5C"), f.bob().token).array();
        QCOMPARE(found.size(), 0);
        // The result count is capped by limit.
        found = http.get(QStringLiteral("/api/messages/search?q=e&limit=2"), f.bob().token).array();
        QCOMPARE(found.size(), 2);
    }

    void searchLimitsRefuseWhatBreaksThem()
    {
        ServerFixture f;
        QVERIFY(f.start());
        HttpTestClient http(f.port);
        QCOMPARE(http.get(QStringLiteral("/api/messages/search?q=x")).status, 401);
        const QString t = f.bob().token;
        const QString longQ(101, QLatin1Char('a'));
        const QString okQ(100, QChar(0x00e9)); // 100 characters, 200 UTF-8 bytes
        for (const QString &query :
             {QStringLiteral(""), QStringLiteral("?q="), QStringLiteral("?q=%20%20"),
              QString(QStringLiteral("?q=") + longQ), QStringLiteral("?q=a%00b"),
              QStringLiteral("?q=a%0Ab"), QStringLiteral("?q=x&limit=0"),
              QStringLiteral("?q=x&limit=51"), QStringLiteral("?q=x&limit=-3"),
              QStringLiteral("?q=x&limit=abc"), QStringLiteral("?q=x&peer=0"),
              QStringLiteral("?q=x&peer=abc"), QStringLiteral("?q=x&peer=-1")}) {
            const auto r = http.get(QStringLiteral("/api/messages/search") + query, t);
            QVERIFY2(r.status == 400 && r.isJsonError(), qPrintable(query));
        }
        QCOMPARE(http.get(QStringLiteral("/api/messages/search?q=x&peer=999999"), t).status, 404);
        QCOMPARE(http.get(QStringLiteral("/api/messages/search?q=")
                              + QString::fromLatin1(QUrl::toPercentEncoding(okQ)),
                          t)
                     .status,
                 200);
        QCOMPARE(http.get(QStringLiteral("/api/messages/search?q=x&limit=50"), t).status, 200);
        QCOMPARE(http.request("POST", QStringLiteral("/api/messages/search?q=x"), t, "{}").status,
                 405);
        // The history route still takes ids.
        QCOMPARE(http.get(QStringLiteral("/api/messages/%1").arg(f.alice().id), t).status, 200);
    }

    void markReadPayloadsThatAreWrong()
    {
        ServerFixture f;
        QVERIFY(f.start());
        SioTestClient alice, bob;
        QVERIFY(alice.connectAndWait(f.port, f.alice().token));
        QVERIFY(bob.connectAndWait(f.port, f.bob().token));
        const qint64 id = sendText(alice, f.bob().id, QStringLiteral("x"));
        const QList<QJsonValue> bad = {
            QJsonValue(),
            QJsonValue(42),
            QJsonValue(QStringLiteral("x")),
            QJsonArray{1, 2},
            QJsonObject{},
            QJsonObject{{QStringLiteral("peer"), f.alice().id}},
            QJsonObject{{QStringLiteral("up_to"), id}},
            markRead(f.bob().id, id), // oneself
            QJsonObject{{QStringLiteral("peer"), f.alice().id}, {QStringLiteral("up_to"), -1}},
            QJsonObject{{QStringLiteral("peer"), f.alice().id}, {QStringLiteral("up_to"), 1.5}},
            QJsonObject{{QStringLiteral("peer"), QStringLiteral("alice")},
                        {QStringLiteral("up_to"), id}},
        };
        for (const QJsonValue &payload : bad) {
            const QJsonValue ack = bob.call(QStringLiteral("mark_read"), payload);
            QVERIFY2(
                ack.toObject().contains(QStringLiteral("error")),
                QJsonDocument(QJsonObject{{QStringLiteral("p"), payload}}).toJson().constData());
        }
        // Unknown peers and ids beyond anything stored mark nothing and tell nobody.
        QCOMPARE(bob.call(QStringLiteral("mark_read"), markRead(999999, id)),
                 QJsonValue(QJsonObject{}));
        QCOMPARE(bob.call(QStringLiteral("mark_read"),
                          markRead(f.carol().id, 9'000'000'000'000'000'000LL)),
                 QJsonValue(QJsonObject{}));
        // Nobody else's messages can be marked: alice's own message stays unread for bob's
        // view even when carol claims to read it.
        SioTestClient carol;
        QVERIFY(carol.connectAndWait(f.port, f.carol().token));
        QCOMPARE(carol.call(QStringLiteral("mark_read"), markRead(f.alice().id, id)),
                 QJsonValue(QJsonObject{}));
        QVERIFY(alice.call(QStringLiteral("user_activity"), QJsonObject{}).isObject());
        QCOMPARE(alice.eventsNamed(QStringLiteral("messages_read")).size(), 0);
        HttpTestClient http(f.port);
        QCOMPARE(http.get(QStringLiteral("/api/conversations"), f.bob().token)
                     .array()
                     .first()
                     .toObject()
                     .value(QStringLiteral("unread"))
                     .toInt(),
                 1);
        // The connection survived all of it.
        QVERIFY(bob.call(QStringLiteral("mark_read"), markRead(f.alice().id, id)).isObject());
        QVERIFY(alice.waitEventCount(QStringLiteral("messages_read"), 1));
    }
};

QTEST_GUILESS_MAIN(TestConversations)
#include "tst_conversations.moc"
