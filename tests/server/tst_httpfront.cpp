// The HTTP front against raw attacks on a real PresenceServer on 127.0.0.1 port 0 (issue 14
// items 1, 4 and 7): unread pipelined answers, request smuggling, encoded slashes,
// Connection: close / HTTP/1.0, Host and Origin checks, connection caps.
#include "httptestclient.h"
#include "server/httpfront.h"
#include "serverfixture.h"
#include "sioclient.h"
#include "testsupport.h"

#include <QtTest>

using namespace SmartFixer;
using namespace SmartFixer::Test;

namespace {

//! A raw TCP client: writes bytes, collects every byte the server sends until it closes.
struct RawHttp
{
    QTcpSocket socket;
    QByteArray received;
    bool closed = false;

    bool open(quint16 port, const QHostAddress &from = {})
    {
        if (!from.isNull() && !socket.bind(from))
            return false;
        QObject::connect(&socket, &QTcpSocket::readyRead, [this] { received += socket.readAll(); });
        QObject::connect(&socket, &QTcpSocket::disconnected, [this] { closed = true; });
        socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
        return socket.waitForConnected(5000);
    }
    void send(const QByteArray &bytes)
    {
        socket.write(bytes);
        socket.flush();
    }
    bool waitClosed(int ms = 5000)
    {
        return QTest::qWaitFor([this] { return closed; }, ms);
    }
    //! Number of HTTP responses received so far.
    int responses() const { return int(received.count("HTTP/1.1 ")); }
};

QByteArray get(const QByteArray &path, const QByteArray &extra = {})
{
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
}

} // namespace

class TestHttpFront : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { initTestEnvironment(); }

    //! Item 1: pipelined requests whose answers are never read. Before the fix the server
    //! queued every answer (hundreds of MB); now the connection is dropped at the output cap.
    void unreadPipelinedAnswersAreCapped()
    {
        ServerFixture f([](ServerConfig &c) {
            c.http.maxQueuedOutputBytes = 256 * 1024;
            c.maxBodyBytes = 32 << 20; // so the input guard does not trip first
        });
        QVERIFY(f.start());
        // 50 users with long display names: each search answer is ~10 KB for a ~100-byte
        // request, so unread answers pile up long before the input guard would trip.
        QStringList names;
        for (int i = 0; i < 50; ++i)
            names.append(QStringLiteral("user%1").arg(i));
        const QList<UserRow> rows
            = f.server->store()->createUsers(names, QString(120, u'x')).value();
        QCOMPARE(rows.size(), 50);
        RawHttp raw;
        QVERIFY(raw.open(f.port));
        raw.socket.setReadBufferSize(1); // read (almost) nothing: answers pile up server-side
        const QByteArray one = get("/api/users?query=user",
                                   "Authorization: Bearer " + f.alice().token.toLatin1() + "\r\n");
        QByteArray many;
        while (many.size() < 32 * 1024)
            many += one;
        for (int round = 0;
             round < 400 && !raw.closed && raw.socket.state() == QAbstractSocket::ConnectedState;
             ++round) {
            raw.socket.write(many);
            raw.socket.waitForBytesWritten(50);
            QCoreApplication::processEvents();
        }
        QTRY_COMPARE_WITH_TIMEOUT(f.server->httpListener()->unreadOutputDrops(), quint64(1), 10000);
        raw.socket.setReadBufferSize(0);
        QVERIFY(raw.waitClosed(10000));
        HttpTestClient http(f.port);
        QCOMPARE(http.get(QStringLiteral("/healthz")).status, 200);
    }

    //! Pipelining itself still works: answers in order on one connection.
    void pipeliningAnswersInOrder()
    {
        ServerFixture f;
        QVERIFY(f.start());
        RawHttp raw;
        QVERIFY(raw.open(f.port));
        raw.send(get("/healthz") + get("/nope") + get("/healthz", "Connection: close\r\n"));
        QVERIFY(raw.waitClosed());
        QCOMPARE(raw.responses(), 3);
        const qsizetype ok1 = raw.received.indexOf("HTTP/1.1 200");
        const qsizetype notFound = raw.received.indexOf("HTTP/1.1 404");
        const qsizetype ok2 = raw.received.indexOf("HTTP/1.1 200", ok1 + 1);
        QVERIFY(ok1 >= 0 && ok1 < notFound && notFound < ok2);
        QVERIFY(raw.received.contains("Connection: close"));
    }

    //! Item 7: ambiguous framing is refused with 400 and the connection closed, so a request
    //! hidden in the body is never served.
    void smugglingIsRefused_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        const QByteArray smuggled = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        QTest::newRow("two content-lengths")
            << ("POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n"
                "Content-Length: "
                + QByteArray::number(2 + smuggled.size()) + "\r\n\r\n{}" + smuggled)
            << 400;
        QTest::newRow("te and cl")
            << ("POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                "Content-Length: "
                + QByteArray::number(5 + smuggled.size()) + "\r\n\r\n0\r\n\r\n" + smuggled)
            << 400;
        QTest::newRow("cl with sign")
            << ("POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: +"
                + QByteArray::number(smuggled.size()) + "\r\n\r\n" + smuggled)
            << 400;
        QTest::newRow("te gzip") << ("POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                     "Transfer-Encoding: gzip\r\n\r\n"
                                     + smuggled)
                                 << 501;
    }
    void smugglingIsRefused()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        ServerFixture f;
        QVERIFY(f.start());
        RawHttp raw;
        QVERIFY(raw.open(f.port));
        raw.send(request);
        QVERIFY(raw.waitClosed());
        QCOMPARE(raw.responses(), 1);
        QVERIFY2(raw.received.startsWith(QByteArray("HTTP/1.1 " + QByteArray::number(status))),
                 raw.received.constData());
        QVERIFY(!raw.received.contains("smartfixer_"));
    }

    void encodedSlashDoesNotRoute()
    {
        ServerFixture f;
        QVERIFY(f.start());
        HttpTestClient http(f.port);
        QCOMPARE(http.get(QStringLiteral("/api/me"), f.alice().token).status, 200);
        RawHttp raw;
        QVERIFY(raw.open(f.port));
        raw.send(get("/api%2fme", "Authorization: Bearer " + f.alice().token.toLatin1() + "\r\n")
                 + get("/api%2Fme", "Connection: close\r\n"));
        QVERIFY(raw.waitClosed());
        QCOMPARE(raw.responses(), 2);
        QCOMPARE(raw.received.count("HTTP/1.1 404"), 2);
        QVERIFY(!raw.received.contains("\"username\""));
    }

    void connectionCloseAndHttp10_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::newRow("connection: close") << get("/healthz", "Connection: close\r\n");
        QTest::newRow("http/1.0") << QByteArray("GET /healthz HTTP/1.0\r\n\r\n");
        QTest::newRow("http/1.0 with host")
            << QByteArray("GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    }
    void connectionCloseAndHttp10()
    {
        QFETCH(QByteArray, request);
        ServerFixture f([](ServerConfig &c) { c.httpIdleTimeoutMs = 60000; });
        QVERIFY(f.start());
        RawHttp raw;
        QVERIFY(raw.open(f.port));
        raw.send(request + get("/healthz")); // the second is never answered
        QVERIFY(raw.waitClosed(3000)); // long before the 60 s idle timeout
        QCOMPARE(raw.responses(), 1);
        QVERIFY(raw.received.startsWith("HTTP/1.1 200"));
    }

    void hostAndOrigin_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("rebinding host")
            << QByteArray("POST /api/login HTTP/1.1\r\nHost: evil.example:8765\r\n"
                          "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
            << 421;
        QTest::newRow("browser origin on rest")
            << QByteArray("POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Origin: http://evil.example\r\nContent-Length: 2\r\n\r\n{}")
            << 403;
        QTest::newRow("browser origin on websocket")
            << QByteArray("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                          "Host: 127.0.0.1\r\nOrigin: http://evil.example\r\n"
                          "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                          "Sec-WebSocket-Version: 13\r\n\r\n")
            << 403;
        QTest::newRow("rebinding host on websocket")
            << QByteArray("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                          "Host: evil.example\r\n"
                          "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                          "Sec-WebSocket-Version: 13\r\n\r\n")
            << 421;
        QTest::newRow("no host") << QByteArray("GET /healthz HTTP/1.1\r\n\r\n") << 400;
    }
    void hostAndOrigin()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        ServerFixture f;
        QVERIFY(f.start());
        RawHttp raw;
        QVERIFY(raw.open(f.port));
        raw.send(request);
        QVERIFY(raw.waitClosed());
        QVERIFY2(raw.received.startsWith(QByteArray("HTTP/1.1 " + QByteArray::number(status))),
                 raw.received.constData());
        QVERIFY(!raw.received.contains("101 Switching"));
        QCOMPARE(f.server->transport()->stats().handshakes, quint64(0));
    }

    void allowedOriginAndHost()
    {
        ServerFixture f([](ServerConfig &c) {
            c.http.hostPolicy.allowedOrigins = {QStringLiteral("http://chat.example.org")};
            c.http.hostPolicy.allowedHosts = {QStringLiteral("chat.example.org")};
        });
        QVERIFY(f.start());
        RawHttp raw;
        QVERIFY(raw.open(f.port));
        raw.send("GET /healthz HTTP/1.1\r\nHost: chat.example.org\r\n"
                 "Origin: http://chat.example.org\r\nConnection: close\r\n\r\n");
        QVERIFY(raw.waitClosed());
        QVERIFY2(raw.received.startsWith("HTTP/1.1 200"), raw.received.constData());
        // A same-origin WebSocket client (python-socketio sends Origin = its URL) still works.
        SioTestClient alice;
        QVERIFY(alice.connectAndWait(f.port, f.alice().token));
    }

    //! Item 4: connections beyond the per-address cap are closed at once; others still served.
    void perAddressCap()
    {
        ServerFixture f([](ServerConfig &c) {
            c.http.maxConnectionsPerAddress = 5;
            c.http.perAddressLimitOnLoopback = true;
        });
        QVERIFY(f.start());
        const QHostAddress attacker(QStringLiteral("127.0.0.23"));
        std::vector<std::unique_ptr<RawHttp>> idle;
        for (int i = 0; i < 5; ++i) {
            idle.push_back(std::make_unique<RawHttp>());
            QVERIFY(idle.back()->open(f.port, attacker));
        }
        RawHttp sixth;
        QVERIFY(sixth.open(f.port, attacker));
        QVERIFY(sixth.waitClosed());
        QVERIFY(!idle.front()->closed);
        // Another address is served.
        HttpTestClient http(f.port);
        QCOMPARE(http.get(QStringLiteral("/healthz")).status, 200);
        // One goes: once the server has seen it go, the attacker's address fits again.
        idle.front()->socket.abort();
        idle.erase(idle.begin());
        QTRY_COMPARE(f.server->httpListener()->openConnections(), 5); // 4 idle + the test client
        RawHttp again;
        QVERIFY(again.open(f.port, attacker));
        again.send(get("/healthz", "Connection: close\r\n"));
        QVERIFY(again.waitClosed());
        QVERIFY2(again.received.startsWith("HTTP/1.1 200"), again.received.constData());
        QCOMPARE(f.server->httpListener()->refusedPerAddress(), quint64(1));
    }

    //! Item 4: at the total cap the listener stops accepting (no accept-and-close spin), the
    //! open connections keep being served, and accepting resumes when one closes.
    void totalCapPausesAccepting()
    {
        ServerFixture f([](ServerConfig &c) { c.http.maxConnections = 4; });
        QVERIFY(f.start());
        SioTestClient alice; // one WebSocket, counted too
        QVERIFY(alice.connectAndWait(f.port, f.alice().token));
        std::vector<std::unique_ptr<RawHttp>> idle;
        for (int i = 0; i < 3; ++i) {
            idle.push_back(std::make_unique<RawHttp>());
            QVERIFY(idle.back()->open(f.port));
        }
        // The kernel still completes the handshake (backlog), but the server does not read.
        QTRY_COMPARE(f.server->httpListener()->openConnections(), 4);
        QCOMPARE(f.server->httpListener()->pausedAccepting(), quint64(1));
        RawHttp waiting;
        QVERIFY(waiting.open(f.port));
        waiting.send(get("/healthz", "Connection: close\r\n"));
        // The open ones are served: alice's socket still works (and the server's event loop
        // ran after the request above was sent, without answering it).
        const QJsonObject sent
            = alice
                  .call(QStringLiteral("send_message"),
                        QJsonObject{{QStringLiteral("to"), f.bob().id},
                                    {QStringLiteral("text"), QStringLiteral("still here")}})
                  .toObject();
        QVERIFY(sent.contains(QStringLiteral("id")));
        QCOMPARE(f.server->httpListener()->openConnections(), 4);
        QVERIFY2(waiting.responses() == 0, waiting.received.constData());
        idle.front()->socket.abort();
        QVERIFY(waiting.waitClosed());
        QVERIFY2(waiting.received.startsWith("HTTP/1.1 200"), waiting.received.constData());
    }
    //! Item 6: metrics never on the public port without a token; a separate address works.
    void metricsAccess()
    {
        {
            ServerFixture f;
            QVERIFY(f.start());
            HttpTestClient http(f.port);
            QCOMPARE(http.get(QStringLiteral("/metrics")).status, 404);
            QCOMPARE(http.get(QStringLiteral("/metrics"), f.alice().token).status, 404);
            const HttpResult health = http.get(QStringLiteral("/healthz"));
            QCOMPARE(health.status, 200);
            QCOMPARE(health.object(),
                     QJsonObject({{QStringLiteral("status"), QStringLiteral("ok")}}));
            QCOMPARE(f.server->metricsPort(), quint16(0));
        }
        {
            ServerFixture f([](ServerConfig &c) { c.metricsToken = QStringLiteral("m-secret"); });
            QVERIFY(f.start());
            HttpTestClient http(f.port);
            QCOMPARE(http.get(QStringLiteral("/metrics")).status, 401);
            QCOMPARE(http.get(QStringLiteral("/metrics"), f.alice().token).status, 401);
            const HttpResult r = http.get(QStringLiteral("/metrics"), QStringLiteral("m-secret"));
            QCOMPARE(r.status, 200);
            QVERIFY(r.body.contains("smartfixer_users_online"));
        }
        {
            ServerFixture f([](ServerConfig &c) {
                c.metricsListenAddress = QHostAddress(QHostAddress::LocalHost);
                c.metricsPort = 0;
            });
            QVERIFY(f.start());
            QVERIFY(f.server->metricsPort() != 0);
            QCOMPARE(HttpTestClient(f.port).get(QStringLiteral("/metrics")).status, 404);
            HttpTestClient metrics(f.server->metricsPort());
            const HttpResult r = metrics.get(QStringLiteral("/metrics"));
            QCOMPARE(r.status, 200);
            QVERIFY(r.body.contains("smartfixer_tcp_connections "));
            QCOMPARE(metrics.get(QStringLiteral("/api/me"), f.alice().token).status, 404);
        }
    }
};

QTEST_GUILESS_MAIN(TestHttpFront)
#include "tst_httpfront.moc"
