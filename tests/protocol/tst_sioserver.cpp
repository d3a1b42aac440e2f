// SioServer over a real HttpFront on 127.0.0.1: handshake and authentication, events and
// acks, pings, and every limit of DESIGN.md §7 — each hostile case followed by a well-behaved
// connection on the same server. Also a python-socketio client as an independent peer.
#include "core/clock.h"
#include "rawwsclient.h"
#include "server/httpfront.h"
#include "server/sioserver.h"
#include "testsupport.h"

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

#include <sys/socket.h>

using namespace SmartFixer;

Q_DECLARE_METATYPE(std::optional<qint64>)

namespace {

//! Tokens "good-N" are user N; everything else is refused.
std::optional<UserId> testAuthenticator(const QJsonValue &auth, QString *token)
{
    const QString t = auth.toObject().value(QStringLiteral("token")).toString();
    if (!t.startsWith(QLatin1String("good-")))
        return std::nullopt;
    bool ok = false;
    const qint64 id = t.mid(5).toLongLong(&ok);
    if (!ok || id <= 0)
        return std::nullopt;
    *token = t;
    return id;
}

//! A QWebSocket speaking raw Engine.IO/Socket.IO text frames; answers pings unless told not to.
class WsClient
{
public:
    WsClient()
    {
        QObject::connect(&ws, &QWebSocket::textMessageReceived, &ws, [this](const QString &t) {
            texts.append(t);
            if (autoPong && t == QLatin1String("2"))
                ws.sendTextMessage(QStringLiteral("3"));
        });
        QObject::connect(&ws, &QWebSocket::disconnected, &ws, [this] { closed = true; });
    }
    void open(quint16 port,
              const QString &target = QStringLiteral("/socket.io/?EIO=4&transport=websocket"))
    {
        ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(port).arg(target)));
    }
    bool has(const QString &text) const { return texts.contains(text); }
    bool hasPrefix(const QString &prefix) const
    {
        return std::any_of(texts.cbegin(), texts.cend(),
                           [&](const QString &t) { return t.startsWith(prefix); });
    }
    int count(const QString &text) const { return static_cast<int>(texts.count(text)); }

    QWebSocket ws;
    QStringList texts;
    bool autoPong = true;
    bool closed = false;
};

} // namespace

class TestSioServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        Test::initTestEnvironment();
        qRegisterMetaType<std::optional<qint64>>();
    }
    void cleanup()
    {
        sio.reset();
        http.reset();
    }

    void handshake();
    void authRefused_data();
    void authRefused();
    void eventsAndAcks();
    void serverClose();
    void fanOutEncoding();
    void fanOutWithSendWorkers();
    void connectionBurst();
    void pingPong();
    void handshakeTimeout();
    void unknownNamespace();
    void hostile_data();
    void hostile();
    void flood();
    void slowReader();
    void plainHttpOnSocketIoPath();
    void pythonClient_data();
    void pythonClient();
    void manualClockDrivesTimers();

private:
    void start(const TransportLimits &limits = {}, Clock *clock = nullptr)
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
        sio = std::make_unique<SioServer>(limits, &testAuthenticator, nullptr, clock);
        sio->attach(http.get());
    }
    //! Opens \a c and authenticates it with \a token; true when 40{"sid":…} arrived.
    bool connectAuthed(WsClient &c, const QString &token)
    {
        c.open(port);
        if (!QTest::qWaitFor([&] { return c.hasPrefix(QStringLiteral("0{")); }, 5000))
            return false;
        c.ws.sendTextMessage(QStringLiteral("40{\"token\":\"%1\"}").arg(token));
        return QTest::qWaitFor([&] { return c.hasPrefix(QStringLiteral("40{\"sid\":")); }, 5000);
    }
    //! Opens \a n raw clients at once and, once each has its open packet, sends client i the
    //! CONNECT of user i + 1 (token good-(i + 1)); false when the open packets did not come.
    bool openRawClients(std::vector<std::unique_ptr<Test::RawWsClient>> &clients, int n,
                        int timeoutMs)
    {
        for (int i = 0; i < n; ++i) {
            clients.push_back(std::make_unique<Test::RawWsClient>());
            clients.back()->open(port);
        }
        if (!QTest::qWaitFor(
                [&] {
                    return std::all_of(clients.cbegin(), clients.cend(),
                                       [](const auto &c) { return !c->texts.isEmpty(); });
                },
                timeoutMs))
            return false;
        for (int i = 0; i < n; ++i)
            clients[size_t(i)]->sendText("40{\"token\":\"good-" + QByteArray::number(i + 1)
                                         + "\"}");
        return true;
    }
    //! A fresh, well-behaved client still gets through and its event arrives.
    bool wellBehavedStillWorks()
    {
        WsClient c;
        if (!connectAuthed(c, QStringLiteral("good-99")))
            return false;
        QSignalSpy events(sio.get(), &SioServer::eventReceived);
        c.ws.sendTextMessage(QStringLiteral("42[\"user_activity\"]"));
        return events.wait(5000) && events.at(0).at(1).toString() == QLatin1String("user_activity")
            && events.at(0).at(0).value<SioConnection *>()->userId() == 99;
    }

    std::unique_ptr<HttpFront> http;
    std::unique_ptr<SioServer> sio;
    quint16 port = 0;
};

void TestSioServer::handshake()
{
    start();
    QSignalSpy connected(sio.get(), &SioServer::clientConnected);
    QSignalSpy disconnected(sio.get(), &SioServer::clientDisconnected);
    QVERIFY(connected.isValid() && disconnected.isValid());
    WsClient c;
    c.open(port);
    QTRY_VERIFY_WITH_TIMEOUT(c.hasPrefix(QStringLiteral("0{")), 5000);
    const QJsonObject open = QJsonDocument::fromJson(c.texts.first().mid(1).toUtf8()).object();
    QVERIFY(!open.value(QStringLiteral("sid")).toString().isEmpty());
    QCOMPARE(open.value(QStringLiteral("upgrades")).toArray().size(), 0);
    QCOMPARE(open.value(QStringLiteral("pingInterval")).toInt(), 25000);
    QCOMPARE(open.value(QStringLiteral("pingTimeout")).toInt(), 20000);
    QCOMPARE(open.value(QStringLiteral("maxPayload")).toInt(), 65536);
    QCOMPARE(connected.count(), 0);

    c.ws.sendTextMessage(QStringLiteral(R"(40{"token":"good-7"})"));
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 5000);
    auto *conn = connected.at(0).at(0).value<SioConnection *>();
    QCOMPARE(conn->userId(), UserId(7));
    QCOMPARE(conn->token(), QStringLiteral("good-7"));
    QCOMPARE(conn->peerAddress(), QHostAddress(QHostAddress::LocalHost));
    QTRY_VERIFY(c.has(QStringLiteral("40{\"sid\":\"%1\"}").arg(conn->sid())));
    QVERIFY(conn->sid() != open.value(QStringLiteral("sid")).toString());
    QCOMPARE(sio->connectionCount(), 1);
    QCOMPARE(sio->stats().handshakes, 1u);

    QPointer<SioConnection> guard(conn);
    c.ws.close();
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 5000);
    QCOMPARE(disconnected.at(0).at(0).value<SioConnection *>(), conn);
    QCOMPARE(disconnected.at(0).at(1).toString(), QStringLiteral("transport close"));
    QCOMPARE(sio->connectionCount(), 0);
    QTRY_VERIFY(guard.isNull()); // deleteLater'd
    QCOMPARE(sio->socketCount(), 0);
    QCOMPARE(disconnected.count(), 1);
}

void TestSioServer::authRefused_data()
{
    QTest::addColumn<QString>("connect");
    QTest::newRow("bad token") << QStringLiteral(R"(40{"token":"bad-1"})");
    QTest::newRow("missing auth") << QStringLiteral("40");
    QTest::newRow("empty auth") << QStringLiteral("40{}");
    QTest::newRow("token not a string") << QStringLiteral(R"(40{"token":5})");
}

void TestSioServer::authRefused()
{
    QFETCH(QString, connect);
    start();
    QSignalSpy connected(sio.get(), &SioServer::clientConnected);
    QSignalSpy disconnected(sio.get(), &SioServer::clientDisconnected);
    WsClient c;
    c.open(port);
    QTRY_VERIFY_WITH_TIMEOUT(c.hasPrefix(QStringLiteral("0{")), 5000);
    c.ws.sendTextMessage(connect);
    QTRY_VERIFY_WITH_TIMEOUT(c.closed, 5000);
    QVERIFY(c.has(QStringLiteral(R"(44{"message":"unauthorized"})")));
    QCOMPARE(sio->stats().authFailures, 1u);
    QCOMPARE(connected.count(), 0);
    QTRY_COMPARE(sio->socketCount(), 0);
    QCOMPARE(disconnected.count(), 0); // never announced, never un-announced
    QVERIFY(wellBehavedStillWorks());
}

void TestSioServer::eventsAndAcks()
{
    start();
    QSignalSpy connected(sio.get(), &SioServer::clientConnected);
    QSignalSpy events(sio.get(), &SioServer::eventReceived);
    // The hub's part, played by the test: answer acks from inside the signal.
    QObject::connect(
        sio.get(), &SioServer::eventReceived, sio.get(),
        [](SioConnection *conn, const QString &name, const QJsonValue &,
           std::optional<qint64> ackId) {
            if (ackId && name == QLatin1String("presence_subscribe"))
                conn->sendAck(*ackId, QJsonObject{{QStringLiteral("users"), QJsonArray()}});
            else if (ackId)
                conn->sendAck(*ackId, QJsonObject());
        });
    WsClient c;
    QVERIFY(connectAuthed(c, QStringLiteral("good-3")));
    QCOMPARE(connected.count(), 1);
    auto *conn = connected.at(0).at(0).value<SioConnection *>();

    c.ws.sendTextMessage(QStringLiteral(R"(42["user_activity"])"));
    QVERIFY(events.wait(5000));
    QCOMPARE(events.at(0).at(0).value<SioConnection *>(), conn);
    QCOMPARE(events.at(0).at(1).toString(), QStringLiteral("user_activity"));
    QVERIFY(events.at(0).at(2).value<QJsonValue>().isUndefined());
    QVERIFY(!events.at(0).at(3).value<std::optional<qint64>>().has_value());

    c.ws.sendTextMessage(QStringLiteral(R"(42["typing",{"to":3},"ignored"])"));
    QTRY_COMPARE(events.count(), 2);
    QCOMPARE(events.at(1).at(2).value<QJsonValue>().toObject().value(QStringLiteral("to")).toInt(),
             3);

    c.ws.sendTextMessage(QStringLiteral(R"(4217["presence_subscribe",{"user_ids":[1,2]}])"));
    QTRY_COMPARE(events.count(), 3);
    QCOMPARE(events.at(2).at(3).value<std::optional<qint64>>(), std::optional<qint64>(17));
    QTRY_VERIFY(c.has(QStringLiteral(R"(4317[{"users":[]}])")));

    c.ws.sendTextMessage(QStringLiteral(R"(420["user_activity",null])"));
    QTRY_VERIFY(c.has(QStringLiteral("430[{}]")));
    QVERIFY(events.at(3).at(2).value<QJsonValue>().isNull());

    conn->emitEvent(QStringLiteral("user_presence_update"),
                    QJsonObject{{QStringLiteral("user_id"), 1},
                                {QStringLiteral("status"), QStringLiteral("h\u00e9")}});
    QTRY_VERIFY(c.has(QStringLiteral("42[\"user_presence_update\",{\"status\":\"h\u00e9\","
                                     "\"user_id\":1}]")));
    // Events to another namespace and acks from the client are not passed up.
    c.ws.sendTextMessage(QStringLiteral(R"(42/chat,["x"])"));
    c.ws.sendTextMessage(QStringLiteral("35[{}]"));
    c.ws.sendTextMessage(QStringLiteral(R"(42["last"])"));
    QTRY_COMPARE(events.count(), 5);
    QCOMPARE(events.at(4).at(1).toString(), QStringLiteral("last"));
    QCOMPARE(sio->stats().protocolErrors, 0u);
}

void TestSioServer::serverClose()
{
    start();
    QSignalSpy connected(sio.get(), &SioServer::clientConnected);
    QSignalSpy disconnected(sio.get(), &SioServer::clientDisconnected);
    // The hub closes a connection from inside eventReceived (like logout does).
    QObject::connect(sio.get(), &SioServer::eventReceived, sio.get(),
                     [](SioConnection *conn, const QString &name) {
                         if (name == QLatin1String("bye"))
                             conn->close(QStringLiteral("logged out"));
                     });
    WsClient a, b;
    QVERIFY(connectAuthed(a, QStringLiteral("good-1")));
    QVERIFY(connectAuthed(b, QStringLiteral("good-2")));
    a.ws.sendTextMessage(QStringLiteral(R"(42["bye"])"));
    QTRY_VERIFY_WITH_TIMEOUT(a.closed, 5000);
    QVERIFY(a.has(QStringLiteral("41")));
    QTRY_COMPARE(disconnected.count(), 1);
    QCOMPARE(disconnected.at(0).at(1).toString(), QStringLiteral("logged out"));
    QVERIFY(!b.closed);
    sio->closeAll(QStringLiteral("shutdown"));
    QTRY_VERIFY_WITH_TIMEOUT(b.closed, 5000);
    QTRY_COMPARE(disconnected.count(), 2);
    QCOMPARE(disconnected.at(1).at(1).toString(), QStringLiteral("shutdown"));
    QCOMPARE(sio->connectionCount(), 0);
}

void TestSioServer::fanOutEncoding()
{
    // emitEvent reuses the encoding of an equal event; a different name or payload must not.
    start();
    QSignalSpy connected(sio.get(), &SioServer::clientConnected);
    WsClient a, b;
    QVERIFY(connectAuthed(a, QStringLiteral("good-1")));
    QVERIFY(connectAuthed(b, QStringLiteral("good-2")));
    auto *ca = connected.at(0).at(0).value<SioConnection *>();
    auto *cb = connected.at(1).at(0).value<SioConnection *>();
    const QJsonObject one{{QStringLiteral("n"), 1}};
    ca->emitEvent(QStringLiteral("u"), one);
    cb->emitEvent(QStringLiteral("u"), one);
    cb->emitEvent(QStringLiteral("u"), QJsonObject{{QStringLiteral("n"), 2}});
    ca->emitEvent(QStringLiteral("v"), one);
    ca->emitEvent(QStringLiteral("v"), QJsonValue());
    QTRY_VERIFY(a.has(QStringLiteral("42[\"v\",null]")));
    QTRY_VERIFY(b.has(QStringLiteral(R"(42["u",{"n":2}])")));
    const QStringList expectA{QStringLiteral(R"(42["u",{"n":1}])"),
                              QStringLiteral(R"(42["v",{"n":1}])"),
                              QStringLiteral("42[\"v\",null]")};
    const QStringList expectB{QStringLiteral(R"(42["u",{"n":1}])"),
                              QStringLiteral(R"(42["u",{"n":2}])")};
    QCOMPARE(a.texts.mid(2), expectA); // after the open packet and 40{"sid"…}
    QCOMPARE(b.texts.mid(2), expectB);
}

void TestSioServer::fanOutWithSendWorkers()
{
    // emitToMany with the send workers on from the first receiver: every receiver gets every
    // frame once and in order, also one whose kernel buffers are full (its rest is queued on
    // the link, and later frames, by emitToMany or emitEvent, go behind it), and a receiver
    // that is gone is closed like after any failed write.
    TransportLimits limits;
    limits.sendThreads = 2;
    limits.parallelSendMin = 1;
    limits.maxSendBufferBytes = 8 << 20;
    start(limits);
    QSignalSpy connected(sio.get(), &SioServer::clientConnected);
    QSignalSpy disconnected(sio.get(), &SioServer::clientDisconnected);
    constexpr int kClients = 24;
    std::vector<std::unique_ptr<Test::RawWsClient>> clients;
    QVERIFY(openRawClients(clients, kClients, 10000));
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), kClients, 10000);
    std::vector<SioConnection *> all;
    for (const auto &args : connected)
        all.push_back(args.at(0).value<SioConnection *>());
    const auto clientOf = [&](SioConnection *c) {
        return clients[size_t(c->userId() - 1)].get();
    };
    // The open packet and 40{"sid"…} go: once they arrived (clientConnected is emitted when
    // the server sent them, which a slow run may not have delivered yet).
    for (const auto &c : clients) {
        QTRY_VERIFY_WITH_TIMEOUT(!c->texts.isEmpty() && c->texts.constLast().startsWith("40{"),
                                 10000);
        QCOMPARE(c->texts.size(), 2);
        c->texts.clear();
    }

    // The slow reader stops reading; frames for it alone fill the kernel's buffers until the
    // server queues (bounded: at most 400 × 64 KiB = 25 MiB).
    SioConnection *const slowConn = all[3];
    Test::RawWsClient *slow = clientOf(slowConn);
    slow->reading = false;
    slow->socket.setReadBufferSize(4096);
    const QString fill(64 * 1024, QLatin1Char('f'));
    int fills = 0;
    while (slowConn->bytesQueued() == 0 && fills < 400) {
        slowConn->emitEvent(QStringLiteral("fill"), fills);
        slowConn->emitEvent(QStringLiteral("f"), fill);
        fills += 1;
    }
    QVERIFY2(slowConn->bytesQueued() > 0, "the slow reader's kernel buffers never filled");
    SioConnection *const goneConn = all[7];
    Test::RawWsClient *gone = clientOf(goneConn);
    const linger resetOnClose{1, 0};
    ::setsockopt(int(gone->socket.socketDescriptor()), SOL_SOCKET, SO_LINGER, &resetOnClose,
                 sizeof resetOnClose);
    gone->socket.abort(); // RST, processed at once on loopback: the server's writes fail

    constexpr int kRounds = 60;
    const QString pad(8 * 1024, QLatin1Char('p'));
    const quint64 framesBefore = sio->stats().framesOut;
    for (int round = 0; round < kRounds; ++round) {
        const int sent = SioConnection::emitToMany(
            all, QStringLiteral("n"),
            QJsonObject{{QStringLiteral("i"), round}, {QStringLiteral("p"), pad}});
        QVERIFY(sent >= kClients - 1);
    }
    for (SioConnection *c : all)
        if (c != goneConn)
            c->emitEvent(QStringLiteral("tail"), QJsonValue());
    const auto expected = [&](int rounds, int filled) {
        QList<QByteArray> out;
        for (int i = 0; i < filled; ++i) {
            out.append("42[\"fill\"," + QByteArray::number(i) + "]");
            out.append("42[\"f\",\"" + fill.toLatin1() + "\"]");
        }
        for (int i = 0; i < rounds; ++i)
            out.append("42[\"n\",{\"i\":" + QByteArray::number(i) + ",\"p\":\"" + pad.toLatin1()
                       + "\"}]");
        out.append("42[\"tail\",null]");
        return out;
    };
    for (const auto &c : clients) {
        if (c.get() == slow || c.get() == gone)
            continue;
        QTRY_COMPARE_WITH_TIMEOUT(c->texts.size(), kRounds + 1, 10000);
        QCOMPARE(c->texts, expected(kRounds, 0));
    }
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 5000); // the one that was gone
    QCOMPARE(disconnected.at(0).at(0).value<SioConnection *>(), goneConn); // not dereferenced
    all.erase(all.begin() + 7);
    QVERIFY(slowConn->bytesQueued() > 0);
    slow->resume();
    QTRY_COMPARE_WITH_TIMEOUT(slow->texts.size(), 2 * fills + kRounds + 1, 10000);
    QCOMPARE(slow->texts, expected(kRounds, fills));
    QVERIFY(sio->stats().framesOut - framesBefore >= quint64(kRounds * (kClients - 1)));
    QCOMPARE(sio->stats().slowReaderDrops, 0u);
    QCOMPARE(sio->connectionCount(), kClients - 1);
}

void TestSioServer::connectionBurst()
{
    // Qt's internal QWebSocketServer drops what exceeds 30 pending connections: a burst far
    // above that must still arrive completely, because attach() drains the queue at once.
    start();
    constexpr int kClients = 150;
    std::vector<std::unique_ptr<Test::RawWsClient>> clients;
    QVERIFY(openRawClients(clients, kClients, 20000));
    QTRY_COMPARE_WITH_TIMEOUT(sio->connectionCount(), kClients, 20000);
    QCOMPARE(sio->stats().handshakes, quint64(kClients));
    QVERIFY(
        std::none_of(clients.cbegin(), clients.cend(), [](const auto &c) { return c->closed; }));
}

void TestSioServer::pingPong()
{
    TransportLimits limits;
    limits.pingIntervalMs = 100;
    limits.pingTimeoutMs = 100;
    start(limits);
    QSignalSpy disconnected(sio.get(), &SioServer::clientDisconnected);
    WsClient c;
    QVERIFY(connectAuthed(c, QStringLiteral("good-4")));
    QVERIFY(c.texts.first().contains(QLatin1String("\"pingInterval\":100")));
    // Several ping/pong rounds keep the connection.
    QTRY_VERIFY_WITH_TIMEOUT(c.count(QStringLiteral("2")) >= 4, 5000);
    QCOMPARE(disconnected.count(), 0);
    QCOMPARE(sio->stats().pingTimeouts, 0u);
    // A client that stops answering is dropped after pingTimeout.
    c.autoPong = false;
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 5000);
    QCOMPARE(disconnected.at(0).at(1).toString(), QStringLiteral("ping timeout"));
    QCOMPARE(sio->stats().pingTimeouts, 1u);
    QTRY_VERIFY_WITH_TIMEOUT(c.closed, 5000);
    QVERIFY(wellBehavedStillWorks());
}

void TestSioServer::handshakeTimeout()
{
    TransportLimits limits;
    limits.handshakeTimeoutMs = 200;
    start(limits);
    QSignalSpy connected(sio.get(), &SioServer::clientConnected);
    WsClient idle;
    idle.open(port);
    QTRY_VERIFY_WITH_TIMEOUT(idle.hasPrefix(QStringLiteral("0{")), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(idle.closed, 5000);
    QCOMPARE(sio->stats().handshakeTimeouts, 1u);
    QCOMPARE(connected.count(), 0);
    QTRY_COMPARE(sio->socketCount(), 0);
    QVERIFY(wellBehavedStillWorks());
}

void TestSioServer::unknownNamespace()
{
    start();
    WsClient c;
    c.open(port);
    QTRY_VERIFY_WITH_TIMEOUT(c.hasPrefix(QStringLiteral("0{")), 5000);
    c.ws.sendTextMessage(QStringLiteral(R"(40/chat,{"token":"good-1"})"));
    QTRY_VERIFY(c.has(QStringLiteral(R"(44/chat,{"message":"Invalid namespace"})")));
    QVERIFY(!c.closed);
    c.ws.sendTextMessage(QStringLiteral(R"(40{"token":"good-1"})"));
    QTRY_VERIFY(c.hasPrefix(QStringLiteral("40{\"sid\":")));
    QCOMPARE(sio->connectionCount(), 1);
}

enum class Hostile {
    OversizeFrame,
    BinaryFrame,
    InvalidUtf8,
    UnknownEioType,
    EioOpenFromClient,
    MalformedSio,
    TruncatedJson,
    BinarySioPacket,
    HugeAckId,
    EventBeforeConnect,
    SecondConnect,
    WrongEioVersion,
    PollingTransport,
};
Q_DECLARE_METATYPE(Hostile)

void TestSioServer::hostile_data()
{
    QTest::addColumn<Hostile>("kind");
    QTest::addColumn<bool>("authenticate");
    QTest::newRow("oversize frame") << Hostile::OversizeFrame << true;
    QTest::newRow("binary frame") << Hostile::BinaryFrame << true;
    QTest::newRow("invalid utf8") << Hostile::InvalidUtf8 << true;
    QTest::newRow("unknown eio type") << Hostile::UnknownEioType << true;
    QTest::newRow("eio open from client") << Hostile::EioOpenFromClient << true;
    QTest::newRow("malformed sio") << Hostile::MalformedSio << true;
    QTest::newRow("truncated json") << Hostile::TruncatedJson << true;
    QTest::newRow("binary sio packet") << Hostile::BinarySioPacket << true;
    QTest::newRow("huge ack id") << Hostile::HugeAckId << true;
    QTest::newRow("event before connect") << Hostile::EventBeforeConnect << false;
    QTest::newRow("second connect") << Hostile::SecondConnect << true;
    QTest::newRow("EIO=3") << Hostile::WrongEioVersion << false;
    QTest::newRow("transport=polling") << Hostile::PollingTransport << false;
}

void TestSioServer::hostile()
{
    QFETCH(Hostile, kind);
    QFETCH(bool, authenticate);
    start();
    QSignalSpy connected(sio.get(), &SioServer::clientConnected);
    QSignalSpy disconnected(sio.get(), &SioServer::clientDisconnected);
    QSignalSpy events(sio.get(), &SioServer::eventReceived);

    if (kind == Hostile::InvalidUtf8) {
        // QWebSocket cannot send invalid UTF-8 in a text frame; a raw client can.
        Test::RawWsClient raw;
        raw.open(port);
        QTRY_VERIFY_WITH_TIMEOUT(!raw.texts.isEmpty(), 5000);
        raw.sendText(R"(40{"token":"good-1"})");
        QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 5000);
        raw.sendText("42[\"m\",\"\xc3\x28\"]");
        QTRY_VERIFY_WITH_TIMEOUT(raw.closed, 5000);
    } else {
        WsClient c;
        if (kind == Hostile::WrongEioVersion) {
            c.open(port, QStringLiteral("/socket.io/?EIO=3&transport=websocket"));
        } else if (kind == Hostile::PollingTransport) {
            c.open(port, QStringLiteral("/socket.io/?EIO=4&transport=polling"));
        } else if (authenticate) {
            QVERIFY(connectAuthed(c, QStringLiteral("good-1")));
        } else {
            c.open(port);
            QTRY_VERIFY_WITH_TIMEOUT(c.hasPrefix(QStringLiteral("0{")), 5000);
        }
        switch (kind) {
        case Hostile::OversizeFrame:
            c.ws.sendTextMessage(
                QStringLiteral("42[\"m\",\"%1\"]").arg(QString(70 * 1024, QLatin1Char('x'))));
            break;
        case Hostile::BinaryFrame:
            c.ws.sendBinaryMessage(QByteArray("\x04\x01\x02", 3));
            break;
        case Hostile::UnknownEioType:
            c.ws.sendTextMessage(QStringLiteral("9hello"));
            break;
        case Hostile::EioOpenFromClient:
            c.ws.sendTextMessage(QStringLiteral(R"(0{"sid":"x"})"));
            break;
        case Hostile::MalformedSio:
            c.ws.sendTextMessage(QStringLiteral(R"(42{"not":"an array"})"));
            break;
        case Hostile::TruncatedJson:
            c.ws.sendTextMessage(QStringLiteral(R"(42["user_activity",{"a":)"));
            break;
        case Hostile::BinarySioPacket:
            c.ws.sendTextMessage(QStringLiteral(R"(451-["m",{"_placeholder":true,"num":0}])"));
            break;
        case Hostile::HugeAckId:
            c.ws.sendTextMessage(QStringLiteral(R"(4299999999999999999999999["m"])"));
            break;
        case Hostile::EventBeforeConnect:
            c.ws.sendTextMessage(QStringLiteral(R"(42["user_activity"])"));
            break;
        case Hostile::SecondConnect:
            c.ws.sendTextMessage(QStringLiteral(R"(40{"token":"good-2"})"));
            break;
        case Hostile::WrongEioVersion:
        case Hostile::PollingTransport:
        case Hostile::InvalidUtf8:
            break;
        }
        QTRY_VERIFY_WITH_TIMEOUT(c.closed, 5000);
        if (kind == Hostile::WrongEioVersion || kind == Hostile::PollingTransport)
            QVERIFY(c.texts.isEmpty()); // not even an Engine.IO open packet
    }
    QCOMPARE(events.count(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(sio->socketCount(), 0, 5000);
    QCOMPARE(sio->stats().protocolErrors, 1u);
    QCOMPARE(disconnected.count(), connected.count());
    if (authenticate)
        QVERIFY(!disconnected.at(0).at(1).toString().isEmpty());
    QVERIFY(wellBehavedStillWorks());
}

void TestSioServer::flood()
{
    TransportLimits limits;
    limits.eventsPerSecond = 5;
    limits.eventBurst = 10;
    limits.floodDisconnectAfter = 30;
    start(limits);
    QSignalSpy events(sio.get(), &SioServer::eventReceived);
    QSignalSpy disconnected(sio.get(), &SioServer::clientDisconnected);
    WsClient c;
    QVERIFY(connectAuthed(c, QStringLiteral("good-8")));
    for (int i = 0; i < 100; ++i)
        c.ws.sendTextMessage(QStringLiteral(R"(42["typing",{"to":1}])"));
    QTRY_VERIFY_WITH_TIMEOUT(c.closed, 5000);
    QTRY_COMPARE(disconnected.count(), 1);
    QCOMPARE(disconnected.at(0).at(1).toString(), QStringLiteral("event flood"));
    // The burst passes (less the CONNECT frame, plus what refilled while the frames arrived), the
    // rest is dropped.
    QVERIFY2(events.count() >= 9 && events.count() <= 15,
             qPrintable(QString::number(events.count())));
    QVERIFY(sio->stats().rateLimited >= 30);
    QVERIFY(wellBehavedStillWorks());
}

void TestSioServer::slowReader()
{
    TransportLimits limits;
    limits.maxSendBufferBytes = 256 * 1024;
    start(limits);
    QSignalSpy connected(sio.get(), &SioServer::clientConnected);
    QSignalSpy disconnected(sio.get(), &SioServer::clientDisconnected);
    WsClient fast;
    QVERIFY(connectAuthed(fast, QStringLiteral("good-2")));
    Test::RawWsClient slow;
    slow.open(port);
    QTRY_VERIFY_WITH_TIMEOUT(!slow.texts.isEmpty(), 5000);
    slow.sendText(R"(40{"token":"good-1"})");
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 2, 5000);
    slow.reading = false;
    slow.socket.setReadBufferSize(4096); // the kernel buffers fill, then the server's
    QPointer<SioConnection> slowConn = connected.at(1).at(0).value<SioConnection *>();
    SioConnection *fastConn = connected.at(0).at(0).value<SioConnection *>();
    const QJsonValue big = QString(8 * 1024, QLatin1Char('p'));
    // Bounded: at most 4,000 × 8 KiB = 32 MiB before giving up.
    for (int round = 0; round < 200 && slowConn && disconnected.isEmpty(); ++round) {
        for (int i = 0; i < 20 && slowConn; ++i)
            slowConn->emitEvent(QStringLiteral("new_message"), big);
        fastConn->emitEvent(QStringLiteral("tick"), round);
        QCoreApplication::processEvents();
    }
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 5000);
    QCOMPARE(disconnected.at(0).at(1).toString(), QStringLiteral("send buffer full"));
    QCOMPARE(sio->stats().slowReaderDrops, 1u);
    QVERIFY(!fast.closed);
    QVERIFY(wellBehavedStillWorks());
}

void TestSioServer::plainHttpOnSocketIoPath()
{
    // Polling (plain HTTP) on /socket.io/ gets a JSON 400, not a hanging request.
    start();
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    s.write("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QByteArray reply;
    QTRY_VERIFY_WITH_TIMEOUT((reply += s.readAll()).contains("only the websocket"), 5000);
    QVERIFY(reply.startsWith("HTTP/1.1 400"));
}

void TestSioServer::pythonClient_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("accepted") << QStringLiteral("good-5") << 0;
    QTest::newRow("refused") << QStringLiteral("nope") << 2;
}

void TestSioServer::pythonClient()
{
    QFETCH(QString, token);
    QFETCH(int, exitCode);
    start();
    QObject::connect(sio.get(), &SioServer::clientConnected, sio.get(), [](SioConnection *c) {
        c->emitEvent(QStringLiteral("hello"), QJsonObject{{QStringLiteral("n"), 1}});
    });
    QObject::connect(sio.get(), &SioServer::eventReceived, sio.get(),
                     [](SioConnection *c, const QString &name, const QJsonValue &payload,
                        std::optional<qint64> ackId) {
                         if (name == QLatin1String("echo") && ackId)
                             c->sendAck(*ackId, payload);
                     });
    QSignalSpy disconnected(sio.get(), &SioServer::clientDisconnected);
    QProcess py;
    py.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    py.start(QStringLiteral("/usr/bin/python3"),
             {Test::sourceDir() + QStringLiteral("/tests/protocol/sio_client.py"),
              QStringLiteral("http://127.0.0.1:%1").arg(port), token});
    QVERIFY(py.waitForStarted(10000));
    // Keep our event loop running while python talks to us.
    QTRY_VERIFY_WITH_TIMEOUT(py.state() == QProcess::NotRunning, 30000);
    const QByteArray out = py.readAllStandardOutput();
    QCOMPARE(py.exitCode(), exitCode);
    const QJsonObject result = QJsonDocument::fromJson(out).object();
    if (exitCode == 0) {
        QCOMPARE(
            result.value(QStringLiteral("hello")).toObject().value(QStringLiteral("n")).toInt(), 1);
        const QJsonObject ack = result.value(QStringLiteral("ack")).toObject();
        QCOMPARE(ack.value(QStringLiteral("x")).toInt(), 1);
        QCOMPARE(ack.value(QStringLiteral("text")).toString(), QStringLiteral("h\u00e9"));
        QVERIFY(!result.value(QStringLiteral("sid")).toString().isEmpty());
        QTRY_COMPARE(disconnected.count(), 1);
        QCOMPARE(sio->stats().protocolErrors, 0u);
    } else {
        QVERIFY2(result.contains(QStringLiteral("refused")), out.constData());
        QCOMPARE(sio->stats().authFailures, 1u);
    }
}

void TestSioServer::manualClockDrivesTimers()
{
    // Pings, the handshake timeout and the rate-limit bucket run on the injected clock: with a
    // ManualClock nothing happens until the test moves time, and then exactly what is due.
    ManualClock clock(1'700'000'000'000);
    TransportLimits limits;
    limits.pingIntervalMs = 1000;
    limits.pingTimeoutMs = 500;
    limits.handshakeTimeoutMs = 2000;
    limits.eventsPerSecond = 1;
    limits.eventBurst = 2;
    limits.floodDisconnectAfter = 100;
    start(limits, &clock);
    QSignalSpy events(sio.get(), &SioServer::eventReceived);
    QSignalSpy disconnected(sio.get(), &SioServer::clientDisconnected);
    WsClient c;
    c.autoPong = false;
    QVERIFY(connectAuthed(c, QStringLiteral("good-5"))); // the CONNECT takes 1 of 2 tokens
    WsClient idle; // opens the WebSocket but never authenticates
    idle.open(port);
    QTRY_VERIFY(idle.hasPrefix(QStringLiteral("0{")));

    // Bucket: one token left, so of two events one passes and one is dropped; frozen time
    // refills nothing however long the test takes.
    c.ws.sendTextMessage(QStringLiteral(R"(42["a"])"));
    c.ws.sendTextMessage(QStringLiteral(R"(42["b"])"));
    QTRY_COMPARE(sio->stats().rateLimited, quint64(1));
    QCOMPARE(events.count(), 1);
    QCOMPARE(c.count(QStringLiteral("2")), 0); // no ping before the interval

    // 1 s later: the ping is due, and the bucket has refilled one token.
    clock.advance(1000);
    QTRY_COMPARE(c.count(QStringLiteral("2")), 1);
    c.ws.sendTextMessage(QStringLiteral(R"(42["c"])"));
    QTRY_COMPARE(events.count(), 2);
    QCOMPARE(events.at(1).at(1).toString(), QStringLiteral("c"));
    QCOMPARE(sio->stats().rateLimited, quint64(1));
    QVERIFY(!idle.closed);
    QCOMPARE(sio->stats().handshakeTimeouts, 0u);

    // The unanswered ping runs out 500 ms later.
    clock.advance(500);
    QTRY_COMPARE(disconnected.count(), 1);
    QCOMPARE(disconnected.at(0).at(1).toString(), QStringLiteral("ping timeout"));
    QCOMPARE(sio->stats().pingTimeouts, 1u);
    QVERIFY(!idle.closed);

    // 2 s after it opened, the unauthenticated socket is closed.
    clock.advance(500);
    QTRY_VERIFY(idle.closed);
    QCOMPARE(sio->stats().handshakeTimeouts, 1u);
    QTRY_VERIFY(c.closed);
    QTRY_COMPARE(sio->socketCount(), 0);
}

QTEST_GUILESS_MAIN(TestSioServer)
#include "tst_sioserver.moc"
