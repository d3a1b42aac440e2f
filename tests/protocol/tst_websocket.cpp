// The server's WebSocket framing (engine/protocol/websocket.h), bytes in and events out: every
// rule of RFC 6455 a server must enforce, one case each, and the opening handshake parser.
// The same code on real sockets: tst_wstransport.
#include "../fuzz/websocketcheck.h"
#include "protocol/websocket.h"
#include "testsupport.h"

#include <QTest>

using namespace SmartFixer;
using namespace SmartFixer::WebSocket;
using Fuzz::maskedFrame;

namespace {

//! All events of \a stream, fed one byte at a time (the hardest split).
QList<Event> decodeBytewise(const QByteArray &stream, qint64 limit = 64 * 1024)
{
    return Fuzz::decodeAll(stream, limit, 1).events;
}

QByteArray unmaskedFrame(quint8 firstByte, const QByteArray &payload)
{
    QByteArray f;
    f.append(char(firstByte));
    f.append(char(payload.size()));
    f.append(payload);
    return f;
}

//! A frame header with a 64-bit length and no payload (the decoder must decide from it).
QByteArray header64(quint8 firstByte, quint64 length)
{
    QByteArray f;
    f.append(char(firstByte));
    f.append(char(0x80 | 127));
    for (int s = 56; s >= 0; s -= 8)
        f.append(char((length >> s) & 0xff));
    f.append("\x01\x02\x03\x04", 4); // mask key
    return f;
}

} // namespace

class TestWebSocket : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { Test::initTestEnvironment(); }

    void textMessage()
    {
        const QList<Event> e = decodeBytewise(maskedFrame(0x81, "42[\"hi\"]", 0x11223344));
        QCOMPARE(e.size(), 1);
        QCOMPARE(e.at(0).kind, Event::Text);
        QCOMPARE(e.at(0).payload, QByteArray("42[\"hi\"]"));
    }

    void lengthEncodings_data()
    {
        QTest::addColumn<int>("size");
        QTest::newRow("7-bit 125") << 125;
        QTest::newRow("16-bit 126") << 126;
        QTest::newRow("16-bit 65535") << 65535;
        QTest::newRow("64-bit 65536") << 65536;
        QTest::newRow("64-bit 100000") << 100000;
    }
    void lengthEncodings()
    {
        QFETCH(int, size);
        const QByteArray payload(size, 'x');
        const QList<Event> e = Fuzz::decodeAll(maskedFrame(0x81, payload, 7), 200000, 4096).events;
        QCOMPARE(e.size(), 1);
        QCOMPARE(e.at(0).kind, Event::Text);
        QCOMPARE(e.at(0).payload.size(), size);
    }

    void violations_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<int>("code");
        // §5.1: a server MUST close on an unmasked client frame.
        QTest::newRow("unmasked") << unmaskedFrame(0x81, "40") << int(CloseCode::ProtocolError);
        // §5.2: RSV bits without a negotiated extension.
        QTest::newRow("rsv1") << maskedFrame(0xc1, "40", 1) << int(CloseCode::ProtocolError);
        QTest::newRow("rsv3") << maskedFrame(0x91, "40", 1) << int(CloseCode::ProtocolError);
        // §5.2: reserved opcodes.
        QTest::newRow("opcode 3") << maskedFrame(0x83, "x", 1) << int(CloseCode::ProtocolError);
        QTest::newRow("opcode 0xb") << maskedFrame(0x8b, "x", 1) << int(CloseCode::ProtocolError);
        // §5.5: control frames ≤ 125 bytes and not fragmented.
        QTest::newRow("ping 126 bytes")
            << maskedFrame(0x89, QByteArray(126, 'p'), 1) << int(CloseCode::ProtocolError);
        QTest::newRow("fragmented ping")
            << maskedFrame(0x09, "p", 1) << int(CloseCode::ProtocolError);
        QTest::newRow("fragmented close")
            << maskedFrame(0x08, "\x03\xe8", 1) << int(CloseCode::ProtocolError);
        // §5.4: continuation only inside a message, no new message inside one.
        QTest::newRow("continuation first")
            << maskedFrame(0x80, "x", 1) << int(CloseCode::ProtocolError);
        QTest::newRow("text inside fragmented text")
            << QByteArray(maskedFrame(0x01, "4", 1) + maskedFrame(0x81, "2", 1))
            << int(CloseCode::ProtocolError);
        // §5.2: the most significant bit of a 64-bit length must be 0.
        QTest::newRow("64-bit length top bit")
            << header64(0x81, quint64(1) << 63) << int(CloseCode::ProtocolError);
        // Our limit (DESIGN §7): refused from the header alone.
        QTest::newRow("64-bit length over the limit")
            << header64(0x81, 1ull << 40) << int(CloseCode::TooBig);
        QTest::newRow("fragments over the limit")
            << QByteArray(maskedFrame(0x01, QByteArray(40000, 'a'), 1)
                          + maskedFrame(0x80, QByteArray(40000, 'a'), 1))
            << int(CloseCode::TooBig);
        // §8.1: text must be UTF-8, also when a character is split across fragments.
        QTest::newRow("invalid utf8")
            << maskedFrame(0x81, "\xc3\x28", 1) << int(CloseCode::InvalidPayload);
        QTest::newRow("overlong utf8")
            << maskedFrame(0x81, "\xc0\xaf", 1) << int(CloseCode::InvalidPayload);
        QTest::newRow("surrogate utf8")
            << maskedFrame(0x81, "\xed\xa0\x80", 1) << int(CloseCode::InvalidPayload);
        QTest::newRow("above U+10FFFF")
            << maskedFrame(0x81, "\xf4\x90\x80\x80", 1) << int(CloseCode::InvalidPayload);
        QTest::newRow("truncated character at the end")
            << maskedFrame(0x81, "ok\xe2\x82", 1) << int(CloseCode::InvalidPayload);
        QTest::newRow("bad byte in the second fragment")
            << QByteArray(maskedFrame(0x01, "\xe2\x82", 1) + maskedFrame(0x80, "\x28", 1))
            << int(CloseCode::InvalidPayload);
        // §5.5.1 / §7.4: close payloads.
        QTest::newRow("close of 1 byte")
            << maskedFrame(0x88, "\x03", 1) << int(CloseCode::ProtocolError);
        QTest::newRow("close code 1005")
            << maskedFrame(0x88, "\x03\xed", 1) << int(CloseCode::ProtocolError);
        QTest::newRow("close code 999")
            << maskedFrame(0x88, "\x03\xe7", 1) << int(CloseCode::ProtocolError);
        QTest::newRow("close reason not utf8")
            << maskedFrame(0x88, "\x03\xe8\xff", 1) << int(CloseCode::InvalidPayload);
    }
    void violations()
    {
        QFETCH(QByteArray, stream);
        QFETCH(int, code);
        for (const qsizetype chunk : {qsizetype(0), qsizetype(1), qsizetype(3)}) {
            const QList<Event> e = Fuzz::decodeAll(stream, 64 * 1024, chunk).events;
            QVERIFY2(!e.isEmpty(), "no event");
            QCOMPARE(e.last().kind, Event::Error);
            QCOMPARE(int(e.last().code), code);
            QVERIFY(!e.last().error.isEmpty());
        }
        // Nothing is decoded after an error.
        FrameDecoder d;
        d.append(stream);
        while (d.next().kind != Event::None) { }
        QVERIFY(d.failed());
        d.append(maskedFrame(0x81, "40", 1));
        QCOMPARE(d.next().kind, Event::None);
        QCOMPARE(d.bufferedBytes(), 0);
    }

    void oversizeIsRefusedBeforeThePayload()
    {
        // 10 MB announced, 14 header bytes sent: refused at once, nothing buffered.
        FrameDecoder d(64 * 1024);
        d.append(header64(0x81, 10'000'000));
        const Event e = d.next();
        QCOMPARE(e.kind, Event::Error);
        QCOMPARE(e.code, CloseCode::TooBig);
        QCOMPARE(d.bufferedBytes(), 0);
    }

    void fragmentedTextWithInterleavedPing()
    {
        // "é" (c3 a9) split across fragments, a ping between them (§5.4 allows it).
        const QByteArray stream = maskedFrame(0x01, "42[\"\xc3", 9) + maskedFrame(0x89, "hb", 9)
            + maskedFrame(0x00, "\xa9", 9) + maskedFrame(0x80, "\"]", 9);
        const QList<Event> e = decodeBytewise(stream);
        QCOMPARE(e.size(), 2);
        QCOMPARE(e.at(0).kind, Event::Ping);
        QCOMPARE(e.at(0).payload, QByteArray("hb"));
        QCOMPARE(e.at(1).kind, Event::Text);
        QCOMPARE(e.at(1).payload, QByteArray("42[\"\xc3\xa9\"]"));
    }

    void validUtf8_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("2 bytes") << QByteArray("\xc2\xa2");
        QTest::newRow("3 bytes E0") << QByteArray("\xe0\xa4\xb9");
        QTest::newRow("3 bytes ED below surrogates") << QByteArray("\xed\x9f\xbf");
        QTest::newRow("4 bytes F0") << QByteArray("\xf0\x9f\x98\x80");
        QTest::newRow("U+10FFFF") << QByteArray("\xf4\x8f\xbf\xbf");
    }
    void validUtf8()
    {
        QFETCH(QByteArray, text);
        const QList<Event> e = decodeBytewise(maskedFrame(0x81, text, 3));
        QCOMPARE(e.size(), 1);
        QCOMPARE(e.at(0).kind, Event::Text);
        QCOMPARE(e.at(0).payload, text);
    }

    void closeFrames()
    {
        QList<Event> e = decodeBytewise(maskedFrame(0x88, "", 5));
        QCOMPARE(e.size(), 1);
        QCOMPARE(e.at(0).kind, Event::Close);
        QCOMPARE(e.at(0).code, CloseCode::NoStatus);
        e = decodeBytewise(maskedFrame(0x88,
                                       "\x0f\xa0"
                                       "bye",
                                       5)); // 4000
        QCOMPARE(e.at(0).kind, Event::Close);
        QCOMPARE(int(e.at(0).code), 4000);
        QCOMPARE(e.at(0).payload, QByteArray("bye"));
    }

    void idleDecoderHoldsNothing()
    {
        FrameDecoder d;
        const QByteArray frame = maskedFrame(0x81, QByteArray(3000, 'a'), 1);
        d.append(QByteArrayView(frame).first(1000));
        QCOMPARE(d.next().kind, Event::None);
        QVERIFY(d.bufferedBytes() > 0);
        d.append(QByteArrayView(frame).sliced(1000));
        QCOMPARE(d.next().kind, Event::Text);
        QCOMPARE(d.next().kind, Event::None);
        QCOMPARE(d.bufferedBytes(), 0);
    }

    void serverFrames()
    {
        QCOMPARE(encodeFrame(Opcode::Text, "2"),
                 QByteArray("\x81\x01"
                            "2"));
        QCOMPARE(encodeFrame(Opcode::Text, QByteArray(200, 'a')).left(4),
                 QByteArray("\x81\x7e\x00\xc8", 4));
        QCOMPARE(encodeFrame(Opcode::Text, QByteArray(70000, 'a')).left(10),
                 QByteArray("\x81\x7f\x00\x00\x00\x00\x00\x01\x11\x70", 10));
        // A close reason is cut to fit 125 bytes, never inside a character.
        const QByteArray close = encodeClose(1008, QString(100, QChar(0x00e9)));
        QCOMPARE(quint8(close.at(1)), quint8(2 + 122));
        QCOMPARE(QString::fromUtf8(close.mid(4)), QString(61, QChar(0x00e9)));
    }

    void acceptKey()
    {
        // The example of RFC 6455 §1.3.
        QCOMPARE(WebSocket::acceptKey("dGhlIHNhbXBsZSBub25jZQ=="),
                 QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    }

    void upgradeRequests_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<int>("status");
        const QByteArray ok = "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                              "Host: 127.0.0.1\r\nUpgrade: WebSocket\r\n"
                              "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
        QTest::newRow("valid") << ok << 0;
        QTest::newRow("polling (no upgrade)")
            << QByteArray("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n")
            << 400;
        QTest::newRow("version 8") << QByteArray(ok).replace("Version: 13", "Version: 8") << 426;
        QTest::newRow("short key")
            << QByteArray(ok).replace("dGhlIHNhbXBsZSBub25jZQ==", "c2hvcnQ=") << 400;
        QTest::newRow("no connection upgrade")
            << QByteArray(ok).replace("keep-alive, Upgrade", "keep-alive") << 400;
        QTest::newRow("POST") << QByteArray(ok).replace("GET ", "POST ") << 400;
        QTest::newRow("HTTP/1.0") << QByteArray(ok).replace("HTTP/1.1", "HTTP/1.0") << 400;
        QTest::newRow("header without colon")
            << QByteArray(ok).replace("Host: 127.0.0.1", "Host 127.0.0.1") << 400;
        QTest::newRow("head too large")
            << QByteArray(ok).replace("Host: 127.0.0.1", QByteArray("X: " + QByteArray(9000, 'a')))
            << 431;
    }
    void upgradeRequests()
    {
        QFETCH(QByteArray, head);
        QFETCH(int, status);
        const UpgradeRequest r = parseUpgrade(head);
        QCOMPARE(r.status, status);
        if (status == 0) {
            QCOMPARE(r.target, QByteArray("/socket.io/?EIO=4&transport=websocket"));
            QVERIFY(switchingProtocols(r).contains(
                "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
        } else {
            QVERIFY(!r.error.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestWebSocket)
#include "tst_websocket.moc"
