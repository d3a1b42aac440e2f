// Engine.IO v4 codec: packet framing over WebSocket and the open packet, with valid and
// malformed input and round-trips.
#include "protocol/engineio.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>
#include <QTest>

using namespace SmartFixer;
using namespace SmartFixer::EngineIo;

Q_DECLARE_METATYPE(SmartFixer::EngineIo::PacketType)

class TestEngineIo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { Test::initTestEnvironment(); }

    void decodeValid_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<PacketType>("type");
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("open") << QByteArray(R"(0{"sid":"a"})") << PacketType::Open
                              << QByteArray(R"({"sid":"a"})");
        QTest::newRow("close") << QByteArray("1") << PacketType::Close << QByteArray();
        QTest::newRow("ping") << QByteArray("2") << PacketType::Ping << QByteArray();
        QTest::newRow("ping probe")
            << QByteArray("2probe") << PacketType::Ping << QByteArray("probe");
        QTest::newRow("pong") << QByteArray("3") << PacketType::Pong << QByteArray();
        QTest::newRow("message") << QByteArray(R"(42["hi",{}])") << PacketType::Message
                                 << QByteArray(R"(2["hi",{}])");
        QTest::newRow("message utf8")
            << QByteArray("4\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80") << PacketType::Message
            << QByteArray("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
        QTest::newRow("empty message") << QByteArray("4") << PacketType::Message << QByteArray();
        QTest::newRow("upgrade") << QByteArray("5") << PacketType::Upgrade << QByteArray();
        QTest::newRow("noop") << QByteArray("6") << PacketType::Noop << QByteArray();
        QTest::newRow("embedded nul")
            << QByteArray("4a\0b", 4) << PacketType::Message << QByteArray("a\0b", 3);
    }
    void decodeValid()
    {
        QFETCH(QByteArray, frame);
        QFETCH(PacketType, type);
        QFETCH(QByteArray, data);
        const auto r = decode(frame);
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->type, type);
        QCOMPARE(r->data, data);
        // Round trip back to the same bytes.
        QCOMPARE(encode(*r), frame);
    }

    void decodeMalformed_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("type 7") << QByteArray("7");
        QTest::newRow("type letter") << QByteArray("x42");
        QTest::newRow("type nul") << QByteArray("\0", 1);
        QTest::newRow("binary marker b") << QByteArray("bAAAA");
        QTest::newRow("high byte type") << QByteArray("\xff");
        QTest::newRow("invalid utf8 continuation") << QByteArray("4\x80");
        QTest::newRow("truncated utf8") << QByteArray("4\xe2\x82");
        QTest::newRow("overlong slash") << QByteArray("4\xc0\xaf");
        QTest::newRow("overlong 3 byte") << QByteArray("4\xe0\x80\xaf");
        QTest::newRow("surrogate") << QByteArray("4\xed\xa0\x80");
        QTest::newRow("above 10FFFF") << QByteArray("4\xf4\x90\x80\x80");
        QTest::newRow("f5 lead") << QByteArray("4\xf5\x80\x80\x80");
    }
    void decodeMalformed()
    {
        QFETCH(QByteArray, frame);
        const auto r = decode(frame);
        QVERIFY(!r.ok());
        QVERIFY(!r.error().isEmpty());
    }

    void encodeTypes()
    {
        QCOMPARE(encode(PacketType::Ping), QByteArray("2"));
        QCOMPARE(encode(PacketType::Pong, "probe"), QByteArray("3probe"));
        QCOMPARE(encode(PacketType::Message, R"(0{"token":"t"})"),
                 QByteArray(R"(40{"token":"t"})"));
        QCOMPARE(encode(Packet{PacketType::Close, {}}), QByteArray("1"));
    }

    void openRoundTrip_data()
    {
        QTest::addColumn<QString>("sid");
        QTest::addColumn<int>("interval");
        QTest::addColumn<int>("timeout");
        QTest::addColumn<qint64>("maxPayload"); // -1: absent
        QTest::newRow("defaults") << QStringLiteral("abc") << 25000 << 20000 << qint64(65536);
        QTest::newRow("no maxPayload") << QStringLiteral("x-_1") << 100 << 100 << qint64(-1);
        QTest::newRow("zero maxPayload") << QStringLiteral("s") << 1 << 1 << qint64(0);
    }
    void openRoundTrip()
    {
        QFETCH(QString, sid);
        QFETCH(int, interval);
        QFETCH(int, timeout);
        QFETCH(qint64, maxPayload);
        OpenInfo info;
        info.sid = sid;
        info.pingIntervalMs = interval;
        info.pingTimeoutMs = timeout;
        if (maxPayload >= 0)
            info.maxPayload = maxPayload;
        const QByteArray frame = encodeOpen(info);
        QVERIFY(frame.startsWith('0'));
        const auto packet = decode(frame);
        QVERIFY(packet.ok());
        QCOMPARE(packet->type, PacketType::Open);
        const QJsonObject o = QJsonDocument::fromJson(packet->data).object();
        QVERIFY(o.value(QStringLiteral("upgrades")).isArray());
        QCOMPARE(o.value(QStringLiteral("maxPayload")).isUndefined(), maxPayload < 0);
        const auto back = decodeOpen(packet->data);
        QVERIFY2(back.ok(), qPrintable(back.error()));
        QCOMPARE(*back, info);
    }

    void decodeOpenForeign()
    {
        // python-engineio's open packet: no maxPayload, upgrades listed.
        const auto r = decodeOpen(
            R"({"sid":"Lbo5JLzTotvW3g2LAAAA","upgrades":["websocket"],"pingTimeout":20000,"pingInterval":25000})");
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->sid, QStringLiteral("Lbo5JLzTotvW3g2LAAAA"));
        QCOMPARE(r->pingIntervalMs, 25000);
        QCOMPARE(r->pingTimeoutMs, 20000);
        QVERIFY(!r->maxPayload.has_value());
    }

    void decodeOpenMalformed_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("truncated") << QByteArray(R"({"sid":"a","pingInterval":1)");
        QTest::newRow("array") << QByteArray(R"(["sid"])");
        QTest::newRow("string") << QByteArray(R"("sid")");
        QTest::newRow("no sid") << QByteArray(R"({"pingInterval":1,"pingTimeout":1})");
        QTest::newRow("sid number") << QByteArray(R"({"sid":5,"pingInterval":1,"pingTimeout":1})");
        QTest::newRow("empty sid") << QByteArray(R"({"sid":"","pingInterval":1,"pingTimeout":1})");
        QTest::newRow("no interval") << QByteArray(R"({"sid":"a","pingTimeout":1})");
        QTest::newRow("interval string")
            << QByteArray(R"({"sid":"a","pingInterval":"1","pingTimeout":1})");
        QTest::newRow("interval fraction")
            << QByteArray(R"({"sid":"a","pingInterval":1.5,"pingTimeout":1})");
        QTest::newRow("interval negative")
            << QByteArray(R"({"sid":"a","pingInterval":-1,"pingTimeout":1})");
        QTest::newRow("interval huge")
            << QByteArray(R"({"sid":"a","pingInterval":1e300,"pingTimeout":1})");
        QTest::newRow("upgrades object")
            << QByteArray(R"({"sid":"a","pingInterval":1,"pingTimeout":1,"upgrades":{}})");
        QTest::newRow("maxPayload string")
            << QByteArray(R"({"sid":"a","pingInterval":1,"pingTimeout":1,"maxPayload":"9"})");
        QTest::newRow("maxPayload negative")
            << QByteArray(R"({"sid":"a","pingInterval":1,"pingTimeout":1,"maxPayload":-9})");
        QTest::newRow("invalid utf8") << QByteArray("{\"sid\":\"\xff\"}");
        QTest::newRow("trailing garbage")
            << QByteArray(R"({"sid":"a","pingInterval":1,"pingTimeout":1}x)");
    }
    void decodeOpenMalformed()
    {
        QFETCH(QByteArray, data);
        const auto r = decodeOpen(data);
        QVERIFY(!r.ok());
        QVERIFY(!r.error().isEmpty());
    }

    void utf8Validator_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("valid");
        QTest::newRow("ascii") << QByteArray("hello") << true;
        QTest::newRow("2 byte max") << QByteArray("\xdf\xbf") << true;
        QTest::newRow("3 byte min") << QByteArray("\xe0\xa0\x80") << true;
        QTest::newRow("before surrogates") << QByteArray("\xed\x9f\xbf") << true;
        QTest::newRow("after surrogates") << QByteArray("\xee\x80\x80") << true;
        QTest::newRow("U+FFFF") << QByteArray("\xef\xbf\xbf") << true;
        QTest::newRow("U+10000") << QByteArray("\xf0\x90\x80\x80") << true;
        QTest::newRow("U+10FFFF") << QByteArray("\xf4\x8f\xbf\xbf") << true;
        QTest::newRow("c1 lead") << QByteArray("\xc1\xbf") << false;
        QTest::newRow("lone lead at end") << QByteArray("a\xc3") << false;
        QTest::newRow("bad 3rd byte") << QByteArray("\xe2\x82\x41") << false;
        QTest::newRow("bad 4th byte") << QByteArray("\xf0\x90\x80\x41") << false;
        QTest::newRow("overlong 4 byte") << QByteArray("\xf0\x8f\xbf\xbf") << false;
        QTest::newRow("fe") << QByteArray("\xfe") << false;
    }
    void utf8Validator()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, valid);
        QCOMPARE(isValidUtf8(bytes), valid);
        // Cross-check against Qt's decoder.
        QStringDecoder dec(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString s = dec(bytes);
        QCOMPARE(!dec.hasError(), valid);
        Q_UNUSED(s);
    }
};

QTEST_GUILESS_MAIN(TestEngineIo)
#include "tst_engineio.moc"
