// Hostile input end to end (DESIGN.md §7): after each kind of bad client, a well-behaved client
// on the same server still gets its presence updates and messages, and no stored message is
// lost.
#include "httptestclient.h"
#include "rawwsclient.h"
#include "serverfixture.h"
#include "sioclient.h"
#include "testsupport.h"

#include <QtTest>

using namespace SmartFixer;
using namespace SmartFixer::Test;

namespace {

enum class Attack {
    MalformedPacket,
    BadEngineIoType,
    BinaryFrame,
    InvalidUtf8,
    OversizedFrame,
    UnknownEvent,
    WrongPayloadTypes,
    Flood,
    SlowReader,
    NoHandshake,
    GarbageHttp,
    HugeHttpBody,
    SlowHttp,
};

} // namespace

Q_DECLARE_METATYPE(Attack)

class TestHostileInput : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { initTestEnvironment(); }

    void attack_data()
    {
        QTest::addColumn<Attack>("attack");
        QTest::addColumn<bool>("attackerClosed"); // the server must close the attacker
        QTest::newRow("malformed packet") << Attack::MalformedPacket << true;
        QTest::newRow("bad engine.io type") << Attack::BadEngineIoType << true;
        QTest::newRow("binary frame") << Attack::BinaryFrame << true;
        QTest::newRow("invalid utf-8") << Attack::InvalidUtf8 << true;
        QTest::newRow("oversized frame") << Attack::OversizedFrame << true;
        QTest::newRow("unknown event") << Attack::UnknownEvent << false;
        QTest::newRow("wrong payload types") << Attack::WrongPayloadTypes << false;
        QTest::newRow("flood") << Attack::Flood << true;
        QTest::newRow("slow reader") << Attack::SlowReader << true;
        QTest::newRow("no handshake") << Attack::NoHandshake << true;
        QTest::newRow("garbage http") << Attack::GarbageHttp << true;
        QTest::newRow("huge http body") << Attack::HugeHttpBody << true;
        QTest::newRow("slow http") << Attack::SlowHttp << true;
    }

    void attack()
    {
        QFETCH(Attack, attack);
        QFETCH(bool, attackerClosed);
        ServerFixture f([attack](ServerConfig &c) {
            if (attack == Attack::SlowReader) {
                // alice (the sender) must not hit the rate limit herself
                c.limits.eventsPerSecond = 1e6;
                c.limits.eventBurst = 1'000'000;
            }
            c.limits.handshakeTimeoutMs = 500;
            c.httpIdleTimeoutMs = 500;
            c.limits.maxSendBufferBytes = 64 * 1024;
            c.limits.floodDisconnectAfter = 100;
        });
        QVERIFY(f.start());
        f.addContact(f.alice().id, f.bob().id);
        SioTestClient alice;
        QVERIFY(alice.connectAndWait(f.port, f.alice().token));
        const QJsonObject before
            = alice
                  .call(QStringLiteral("send_message"),
                        QJsonObject{{QStringLiteral("to"), f.carol().id},
                                    {QStringLiteral("text"), QStringLiteral("before")}})
                  .toObject();
        QVERIFY(before.contains(QStringLiteral("id")));

        RawWsClient raw;
        bool closed = false;
        switch (attack) {
        case Attack::MalformedPacket:
        case Attack::BadEngineIoType:
        case Attack::BinaryFrame:
        case Attack::InvalidUtf8:
        case Attack::OversizedFrame:
        case Attack::UnknownEvent:
        case Attack::WrongPayloadTypes: {
            QVERIFY(raw.open(f.port));
            QVERIFY(raw.handshake(f.carol().token));
            if (attack == Attack::MalformedPacket) {
                raw.sendText("42[\"send_message\",{\"to\":");
            } else if (attack == Attack::BadEngineIoType) {
                raw.sendText("9hello");
            } else if (attack == Attack::BinaryFrame) {
                raw.sendFrame(2, QByteArray("\x04\x01\x02", 3));
            } else if (attack == Attack::InvalidUtf8) {
                raw.sendText(QByteArray("42[\"typing\",{\"to\":\"\xff\xfe\"}]"));
            } else if (attack == Attack::OversizedFrame) {
                raw.sendText("42[\"user_activity\",\"" + QByteArray(70 * 1024, 'a') + "\"]");
            } else if (attack == Attack::UnknownEvent) {
                raw.sendText("421[\"no_such_event\",{}]");
                QCOMPARE(raw.waitFor("431"), QByteArray("431[{\"error\":\"unknown event\"}]"));
                raw.sendText("42[\"no_such_event_without_ack\",1,2,3]");
            } else {
                const QList<QByteArray> bad = {
                    "422[\"send_message\",[]]",
                    "423[\"send_message\",{\"to\":[1],\"text\":\"x\"}]",
                    "424[\"send_message\",{\"to\":1,\"text\":{\"a\":1}}]",
                    "425[\"presence_subscribe\",{\"user_ids\":\"all\"}]",
                    "426[\"typing\",null]",
                    "427[\"send_message\",{\"to\":1.5,\"text\":\"x\"}]",
                    "428[\"send_message\",{\"to\":1,\"text\":\"x\",\"client_id\":7}]",
                };
                for (const QByteArray &packet : bad) {
                    raw.sendText(packet);
                    const QByteArray ack = raw.waitFor("43" + packet.mid(2, 1));
                    QVERIFY2(ack.contains("\"error\""), packet.constData());
                }
                // A presence_subscribe with junk ids leaves them out.
                raw.sendText("429[\"presence_subscribe\",{\"user_ids\":[\"x\",null,-5,{}]}]");
                QCOMPARE(raw.waitFor("439"), QByteArray("439[{\"users\":[]}]"));
            }
            closed = raw.waitClosed(attackerClosed ? 5000 : 300);
            break;
        }
        case Attack::Flood: {
            QVERIFY(raw.open(f.port));
            QVERIFY(raw.handshake(f.carol().token));
            for (int i = 0; i < 2000 && raw.socket.state() == QAbstractSocket::ConnectedState;
                 ++i) {
                raw.sendText("42[\"user_activity\"]");
                if (i % 100 == 0)
                    QCoreApplication::processEvents();
            }
            closed = raw.waitClosed();
            QVERIFY(f.server->transport()->stats().rateLimited > 0);
            break;
        }
        case Attack::SlowReader: {
            QVERIFY(raw.open(f.port, 4096));
            QVERIFY(raw.handshake(f.carol().token));
            // The attacker asks for big acks (1,000 presence objects each) and never reads
            // them; no database writes are involved, so this is quick.
            QStringList names;
            for (int i = 0; i < 1000; ++i)
                names.append(QStringLiteral("bulk%1").arg(i));
            const QList<UserRow> rows = f.server->store()->createUsers(names, QString()).value();
            QCOMPARE(rows.size(), 1000);
            QJsonArray ids;
            for (const UserRow &row : rows)
                ids.append(row.id);
            const QByteArray request = "42[\"presence_subscribe\","
                + QJsonDocument(QJsonObject{{QStringLiteral("user_ids"), ids}})
                      .toJson(QJsonDocument::Compact)
                + "]";
            for (int i = 0; i < 200 && raw.socket.state() == QAbstractSocket::ConnectedState
                 && !f.server->transport()->stats().slowReaderDrops;
                 ++i) {
                raw.sendText("42" + QByteArray::number(i) + request.mid(2));
                QTest::qWait(i < 50 ? 1 : 50); // stay under the event rate limit
            }
            QTRY_VERIFY_WITH_TIMEOUT(f.server->transport()->stats().slowReaderDrops > 0, 10000);
            raw.socket.setReadBufferSize(0);
            closed = raw.waitClosed(10000);
            break;
        }
        case Attack::NoHandshake: {
            QVERIFY(raw.open(f.port));
            QVERIFY(!raw.waitFor("0{").isNull());
            // The handshake timeout runs on the server's (manual) clock.
            f.clock.advance(f.server->config().limits.handshakeTimeoutMs);
            closed = raw.waitClosed(); // never sends CONNECT
            QVERIFY(f.server->transport()->stats().handshakeTimeouts > 0);
            break;
        }
        case Attack::HugeHttpBody: {
            // Announces 1 GB and streams until the server cuts it off (long before 1 GB).
            raw.socket.connectToHost(QStringLiteral("127.0.0.1"), f.port);
            QVERIFY(raw.socket.waitForConnected(5000));
            raw.socket.write("POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             "Content-Type: application/json\r\n"
                             "Content-Length: 1000000000\r\n\r\n");
            const QByteArray chunk(64 * 1024, 'x');
            for (int i = 0; i < 200 && raw.socket.state() == QAbstractSocket::ConnectedState; ++i) {
                raw.socket.write(chunk);
                raw.socket.waitForBytesWritten(100);
                QCoreApplication::processEvents();
            }
            closed = raw.waitClosed();
            QVERIFY(
                f.server->metricsText().contains("smartfixer_http_connections_aborted_total 1"));
            break;
        }
        case Attack::SlowHttp: {
            raw.socket.connectToHost(QStringLiteral("127.0.0.1"), f.port);
            QVERIFY(raw.socket.waitForConnected(5000));
            raw.socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"); // never finishes
            closed = raw.waitClosed();
            break;
        }
        case Attack::GarbageHttp: {
            raw.socket.connectToHost(QStringLiteral("127.0.0.1"), f.port);
            QVERIFY(raw.socket.waitForConnected(5000));
            raw.socket.write(QByteArray("\x00\x01garbage\r\n\r\nmore garbage\r\n\r\n", 30));
            raw.socket.flush();
            closed = raw.waitClosed();
            const QByteArray answer = raw.socket.readAll();
            QVERIFY2(!answer.contains("<html"), answer.constData());
            break;
        }
        }
        QCOMPARE(closed, attackerClosed);

        // The well-behaved clients are unaffected.
        QVERIFY(!alice.closed);
        SioTestClient bob;
        QVERIFY(bob.connectAndWait(f.port, f.bob().token));
        QTRY_COMPARE(alice.updatesAbout(f.bob().id).size(), 1);
        QCOMPARE(alice.updatesAbout(f.bob().id).first().value(QStringLiteral("state")).toString(),
                 QStringLiteral("online"));
        const QJsonObject after
            = bob.call(QStringLiteral("send_message"),
                       QJsonObject{{QStringLiteral("to"), f.alice().id},
                                   {QStringLiteral("text"), QStringLiteral("after")}})
                  .toObject();
        QVERIFY(after.contains(QStringLiteral("id")));
        QVERIFY(alice.waitEventCount(QStringLiteral("new_message"), 1));
        HttpTestClient http(f.port);
        const QJsonArray toCarol
            = http.get(QStringLiteral("/api/messages/%1?limit=1&before=%2")
                           .arg(f.carol().id)
                           .arg(before.value(QStringLiteral("id")).toInteger() + 1),
                       f.alice().token)
                  .array();
        QCOMPARE(toCarol.size(), 1);
        QCOMPARE(toCarol.first().toObject().value(QStringLiteral("text")).toString(),
                 QStringLiteral("before"));
        const QJsonArray fromBob
            = http.get(QStringLiteral("/api/messages/%1").arg(f.bob().id), f.alice().token).array();
        QCOMPARE(fromBob.size(), 1);
        QCOMPARE(fromBob.first().toObject().value(QStringLiteral("text")).toString(),
                 QStringLiteral("after"));
        QCOMPARE(http.get(QStringLiteral("/healthz")).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestHostileInput)
#include "tst_hostileinput.moc"
