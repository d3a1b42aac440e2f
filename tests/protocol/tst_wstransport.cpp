// The transport's own WebSocket framing (WsUpgrade + WsLink under SioServer) on real sockets:
// the opening handshake and its refusals, the RFC 6455 rules a server enforces (masking,
// control frames, fragmentation, UTF-8 across fragments, 64-bit lengths, the close handshake),
// each followed by a well-behaved client on the same server. Peer: a raw QTcpSocket that sends
// exactly the bytes a case needs.
#include "../fuzz/websocketcheck.h"
#include "server/httpfront.h"
#include "server/sioserver.h"
#include "testsupport.h"

#include <QHttpServerRequest>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QtEndian>

using namespace SmartFixer;
using Fuzz::maskedFrame;

Q_DECLARE_METATYPE(std::optional<qint64>)

namespace {

std::optional<UserId> authenticate(const QJsonValue &auth, QString *token)
{
    const QString t = auth.toObject().value(QStringLiteral("token")).toString();
    if (!t.startsWith(QLatin1String("good-")))
        return std::nullopt;
    *token = t;
    return t.mid(5).toLongLong();
}

//! A WebSocket peer that writes raw bytes and records every frame the server sends.
class Peer
{
public:
    struct Frame
    {
        int opcode;
        QByteArray payload;
    };
    Peer()
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [this] { read(); });
        QObject::connect(&socket, &QTcpSocket::disconnected, &socket, [this] { tcpClosed = true; });
    }
    void connectTo(quint16 port) { socket.connectToHost(QHostAddress::LocalHost, port); }
    static QByteArray request(const QByteArray &target = "/socket.io/?EIO=4&transport=websocket",
                              const QByteArray &version = "13")
    {
        return "GET " + target
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Version: "
            + version + "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
    }
    void upgrade(quint16 port)
    {
        connectTo(port);
        socket.write(request());
    }
    void send(const QByteArray &bytes) { socket.write(bytes); }
    void text(const QByteArray &utf8) { send(maskedFrame(0x81, utf8, 0x5a17c0de)); }
    bool hasText(const QByteArray &prefix) const
    {
        return std::any_of(frames.cbegin(), frames.cend(), [&](const Frame &f) {
            return f.opcode == 1 && f.payload.startsWith(prefix);
        });
    }
    //! The code of the server's close frame, 0 before one arrived.
    int closeCode() const
    {
        for (const Frame &f : frames)
            if (f.opcode == 8 && f.payload.size() >= 2)
                return qFromBigEndian<quint16>(f.payload.constData());
        return 0;
    }
    bool authed(quint16 port, const QByteArray &token)
    {
        upgrade(port);
        if (!QTest::qWaitFor([&] { return hasText("0{"); }, 5000))
            return false;
        text("40{\"token\":\"" + token + "\"}");
        return QTest::qWaitFor([&] { return hasText("40{\"sid\""); }, 5000);
    }

    QTcpSocket socket;
    QByteArray head; //!< the HTTP answer
    QList<Frame> frames;
    bool tcpClosed = false;
    bool answerPings = true;
    bool answerClose = true;
    bool closeSent = false;

private:
    void read()
    {
        buffer += socket.readAll();
        if (head.isEmpty()) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            head = buffer.left(end + 4);
            buffer.remove(0, end + 4);
            if (!head.startsWith("HTTP/1.1 101")) {
                head += buffer; // the JSON body
                buffer.clear();
                return;
            }
        }
        for (;;) {
            if (buffer.size() < 2)
                return;
            const auto b0 = quint8(buffer[0]);
            quint64 len = quint8(buffer[1]) & 0x7f;
            qsizetype header = 2;
            if (len == 126) {
                if (buffer.size() < 4)
                    return;
                len = qFromBigEndian<quint16>(buffer.constData() + 2);
                header = 4;
            } else if (len == 127) {
                if (buffer.size() < 10)
                    return;
                len = qFromBigEndian<quint64>(buffer.constData() + 2);
                header = 10;
            }
            if (quint64(buffer.size() - header) < len)
                return;
            Frame f{b0 & 0x0f, buffer.mid(header, qsizetype(len))};
            buffer.remove(0, header + qsizetype(len));
            if (answerPings && f.opcode == 1 && f.payload == "2")
                text("3");
            if (answerClose && f.opcode == 8 && !closeSent) {
                closeSent = true; // a well-behaved peer echoes the close (RFC 6455 §5.5.1)
                send(maskedFrame(0x88, f.payload.left(2), 0x0badf00d));
            }
            frames.append(f);
        }
    }
    QByteArray buffer;
};

} // namespace

class TestWsTransport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        Test::initTestEnvironment();
        qRegisterMetaType<std::optional<qint64>>();
    }
    void init()
    {
        http = std::make_unique<HttpFront>([](const QHttpServerRequest &) {
            return HttpReply::error(404, QStringLiteral("not found"));
        });
        auto *listener = new HttpListener(
            HttpFrontLimits{.maxRequestBytes = 64 * 1024, .idleTimeoutMs = 30000, .hostPolicy = {}},
            http.get());
        QVERIFY(listener->listen(QHostAddress::LocalHost, 0));
        http->bind(listener);
        port = listener->serverPort();
        TransportLimits limits;
        limits.maxFrameBytes = 1024;
        sio = std::make_unique<SioServer>(limits, &authenticate);
        sio->attach(http.get());
    }
    void cleanup()
    {
        QVERIFY(wellBehavedStillWorks());
        sio.reset();
        http.reset();
    }

    void handshakeInPieces()
    {
        // The request line split before and inside "/socket.io/", the rest later: the tap must
        // still take it from Qt's HTTP server, and a frame sent in the same segment as the end
        // of the head is read.
        Peer p;
        p.connectTo(port);
        const QByteArray req = Peer::request();
        p.send(req.left(3));
        QTRY_VERIFY(p.socket.state() == QAbstractSocket::ConnectedState);
        p.socket.flush();
        QCoreApplication::processEvents(); // the server reads the first piece on its own
        p.send(req.mid(3, 6));
        p.socket.flush();
        QCoreApplication::processEvents();
        p.send(req.mid(9) + maskedFrame(0x81, "40{\"token\":\"good-3\"}", 1));
        QTRY_VERIFY(p.hasText("40{\"sid\""));
        QVERIFY(p.head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
        QCOMPARE(sio->connectionCount(), 1);
    }

    void refusedUpgrades_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("status");
        QTest::newRow("version 8") << Peer::request("/socket.io/?EIO=4&transport=websocket", "8")
                                   << QByteArray("HTTP/1.1 426");
        QTest::newRow("no key") << QByteArray(
            "GET /socket.io/?EIO=4 HTTP/1.1\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n")
                                << QByteArray("HTTP/1.1 400");
        // Headers over 8 KiB (a request line that long is cut off earlier by the HTTP guard,
        // tst_httpfront).
        QTest::newRow("head over 8 KiB") << QByteArray(
            "GET /socket.io/?EIO=4 HTTP/1.1\r\nX-Pad: " + QByteArray(9000, 'a') + "\r\n\r\n")
                                         << QByteArray("HTTP/1.1 431");
    }
    void refusedUpgrades()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, status);
        Peer p;
        p.connectTo(port);
        p.send(request);
        QTRY_VERIFY(p.tcpClosed);
        QVERIFY2(p.head.startsWith(status), p.head.constData());
        QVERIFY(p.head.contains("{\"error\":"));
        if (status.endsWith("426"))
            QVERIFY(p.head.contains("Sec-WebSocket-Version: 13\r\n"));
        QCOMPARE(sio->socketCount(), 0);
    }

    void violations_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("code");
        QByteArray unmasked("\x81\x02"
                            "42",
                            4);
        QTest::newRow("unmasked frame") << unmasked << 1002;
        QTest::newRow("ping over 125 bytes") << maskedFrame(0x89, QByteArray(126, 'p'), 1) << 1002;
        QTest::newRow("fragmented ping") << maskedFrame(0x09, "p", 1) << 1002;
        QTest::newRow("continuation without a message") << maskedFrame(0x80, "x", 1) << 1002;
        QTest::newRow("text inside a fragmented text")
            << QByteArray(maskedFrame(0x01, "4", 1) + maskedFrame(0x81, "2", 1)) << 1002;
        QTest::newRow("reserved bit") << maskedFrame(0xc1, "42", 1) << 1002;
        QByteArray huge("\x81\xff\x00\x00\x01\x00\x00\x00\x00\x00\x01\x02\x03\x04", 14);
        QTest::newRow("64-bit length over the limit, no payload sent") << huge << 1009;
        QByteArray topBit("\x81\xff\x80\x00\x00\x00\x00\x00\x00\x01\x01\x02\x03\x04", 14);
        QTest::newRow("64-bit length with the top bit") << topBit << 1002;
        QTest::newRow("fragments over the limit") << QByteArray(
            maskedFrame(0x01, QByteArray(700, 'a'), 1) + maskedFrame(0x80, QByteArray(700, 'a'), 1))
                                                  << 1009;
        QTest::newRow("invalid UTF-8 across fragments")
            << QByteArray(maskedFrame(0x01, "42[\"\xe2\x82", 1) + maskedFrame(0x80, "\x28\"]", 1))
            << 1007;
        QTest::newRow("binary message") << maskedFrame(0x82, "\x01\x02", 1) << 1003;
    }
    void violations()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, code);
        QSignalSpy disconnected(sio.get(), &SioServer::clientDisconnected);
        Peer p;
        QVERIFY(p.authed(port, "good-1"));
        p.send(bytes);
        QTRY_COMPARE(p.closeCode(), code);
        QTRY_VERIFY(p.tcpClosed); // after a protocol error the server also ends the stream
        QTRY_COMPARE(disconnected.count(), 1);
        QCOMPARE(sio->stats().protocolErrors, 1u);
        QTRY_COMPARE(sio->socketCount(), 0);
    }

    void fragmentedEventWithInterleavedPing()
    {
        QSignalSpy events(sio.get(), &SioServer::eventReceived);
        Peer p;
        QVERIFY(p.authed(port, "good-2"));
        // "é" split across two fragments, a WebSocket ping between them.
        p.send(maskedFrame(0x01, "42[\"typing\",\"\xc3", 7) + maskedFrame(0x89, "hb", 7)
               + maskedFrame(0x80, "\xa9\"]", 7));
        QTRY_COMPARE(events.count(), 1);
        QCOMPARE(events.at(0).at(1).toString(), QStringLiteral("typing"));
        QCOMPARE(events.at(0).at(2).toJsonValue().toString(), QString(QChar(0x00e9)));
        QTRY_VERIFY(std::any_of(p.frames.cbegin(), p.frames.cend(), [](const Peer::Frame &f) {
            return f.opcode == 0xa && f.payload == "hb";
        }));
    }

    void clientCloseHandshake()
    {
        QSignalSpy disconnected(sio.get(), &SioServer::clientDisconnected);
        Peer p;
        QVERIFY(p.authed(port, "good-4"));
        p.send(maskedFrame(0x88,
                           QByteArray("\x0f\xa0"
                                      "bye",
                                      5),
                           3)); // 4000
        QTRY_COMPARE(p.closeCode(), 4000); // echoed
        QTRY_VERIFY(p.tcpClosed); // and the server closes TCP first
        QTRY_COMPARE(disconnected.count(), 1);
        QCOMPARE(disconnected.at(0).at(1).toString(), QStringLiteral("transport close"));
        QCOMPARE(sio->stats().protocolErrors, 0u);
    }

    void serverCloseHandshake()
    {
        QSignalSpy connected(sio.get(), &SioServer::clientConnected);
        QSignalSpy disconnected(sio.get(), &SioServer::clientDisconnected);
        Peer p;
        p.answerClose = false;
        QVERIFY(p.authed(port, "good-5"));
        QCOMPARE(connected.count(), 1);
        connected.at(0).at(0).value<SioConnection *>()->close(QStringLiteral("bye"));
        QTRY_COMPARE(p.closeCode(), 1000);
        QVERIFY(p.hasText("41"));
        QVERIFY(!p.tcpClosed); // waits for our close frame
        p.send(maskedFrame(0x88, QByteArray("\x03\xe8", 2), 3));
        QTRY_VERIFY(p.tcpClosed);
        QTRY_COMPARE(disconnected.count(), 1);
        QCOMPARE(disconnected.at(0).at(1).toString(), QStringLiteral("bye"));
    }

    void peerVanishes()
    {
        QSignalSpy disconnected(sio.get(), &SioServer::clientDisconnected);
        Peer p;
        QVERIFY(p.authed(port, "good-6"));
        p.socket.abort(); // no close frame, no FIN handshake: a reset
        QTRY_COMPARE(disconnected.count(), 1);
        QTRY_COMPARE(sio->socketCount(), 0);
    }

private:
    bool wellBehavedStillWorks()
    {
        if (!sio)
            return true;
        Peer p;
        if (!p.authed(port, "good-99"))
            return false;
        QSignalSpy events(sio.get(), &SioServer::eventReceived);
        p.text("42[\"user_activity\"]");
        return events.wait(5000) && events.at(0).at(1).toString() == QLatin1String("user_activity");
    }

    std::unique_ptr<HttpFront> http;
    std::unique_ptr<SioServer> sio;
    quint16 port = 0;
};

QTEST_GUILESS_MAIN(TestWsTransport)
#include "tst_wstransport.moc"
