// SocketIoClient without a real Socket.IO server: URL mapping, the backoff policy, a refused
// port, an HTTP 401 on the WebSocket upgrade, and emits while offline.
#include "client/sioclient.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace SmartFixer;

class TestSioClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { SmartFixer::Test::initTestEnvironment(); }

    void webSocketUrl_data()
    {
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("expected");
        QTest::newRow("http") << QStringLiteral("http://127.0.0.1:8765")
                              << QStringLiteral(
                                     "ws://127.0.0.1:8765/socket.io/?EIO=4&transport=websocket");
        QTest::newRow("https")
            << QStringLiteral("https://chat.example:443")
            << QStringLiteral("wss://chat.example:443/socket.io/?EIO=4&transport=websocket");
        QTest::newRow("ws with prefix")
            << QStringLiteral("ws://h:1/smartfixer/")
            << QStringLiteral("ws://h:1/smartfixer/socket.io/?EIO=4&transport=websocket");
        QTest::newRow("wss") << QStringLiteral("wss://h")
                             << QStringLiteral("wss://h/socket.io/?EIO=4&transport=websocket");
    }
    void webSocketUrl()
    {
        QFETCH(QString, server);
        QFETCH(QString, expected);
        SocketIoClient client;
        client.setServerUrl(QUrl(server));
        QCOMPARE(client.webSocketUrl().toString(), expected);
    }

    void backoff_data()
    {
        QTest::addColumn<int>("attempt");
        QTest::addColumn<double>("random");
        QTest::addColumn<int>("expected");
        // initial 1000, factor 2, cap 60000, jitter 0.25: random 0 → ×0.75, 0.5 → ×1, 1 → ×1.25
        QTest::newRow("first, middle") << 0 << 0.5 << 1000;
        QTest::newRow("first, low") << 0 << 0.0 << 750;
        QTest::newRow("first, high") << 0 << 1.0 << 1250;
        QTest::newRow("third") << 2 << 0.5 << 4000;
        QTest::newRow("capped") << 10 << 0.5 << 60000;
        QTest::newRow("capped high") << 30 << 1.0 << 75000;
    }
    void backoff()
    {
        QFETCH(int, attempt);
        QFETCH(double, random);
        QFETCH(int, expected);
        QCOMPARE(ReconnectPolicy().delayMs(attempt, random), expected);
    }

    void refusedPortRetriesWithBackoff()
    {
        // A port that was just free: nothing listens there.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();

        SocketIoClient client;
        client.setFollowNetworkChanges(false);
        ReconnectPolicy policy;
        policy.initialDelayMs = 200;
        policy.maxDelayMs = 200;
        policy.jitter = 0;
        client.setReconnectPolicy(policy);
        client.setServerUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        QSignalSpy spy(&client, &SocketIoClient::statusChanged);
        client.open();
        QTRY_COMPARE_WITH_TIMEOUT(client.status().state, ConnectionStatus::Reconnecting, 5000);
        QCOMPARE(client.status().retryInMs, 200);
        QCOMPARE(client.status().attempt, 1);
        QVERIFY(!client.status().message.isEmpty());
        QCOMPARE(client.status().text(),
                 QStringLiteral("reconnecting in 1 s (") + client.status().message
                     + QLatin1Char(')'));
        // It tries again by itself…
        QTRY_VERIFY_WITH_TIMEOUT(client.status().attempt >= 2, 5000);
        // …and reconnectNow() skips the wait.
        spy.clear();
        client.reconnectNow();
        QCOMPARE(spy.first().first().value<ConnectionStatus>().state, ConnectionStatus::Connecting);
        client.close();
        QCOMPARE(client.status().state, ConnectionStatus::Offline);
        QCOMPARE(client.status().attempt, 0);
    }

    void http401StopsRetrying()
    {
        // An HTTP server that refuses the upgrade with 401, as a proxy or old backend may.
        QTcpServer http;
        QVERIFY(http.listen(QHostAddress::LocalHost, 0));
        int requests = 0;
        connect(&http, &QTcpServer::newConnection, this, [&] {
            while (QTcpSocket *s = http.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [s, &requests] {
                    if (!s->readAll().contains("\r\n\r\n"))
                        return;
                    ++requests;
                    s->write("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n"
                             "Content-Length: 26\r\nConnection: close\r\n\r\n"
                             "{\"error\":\"unauthorized\"}\r\n");
                    s->disconnectFromHost();
                });
            }
        });
        SocketIoClient client;
        client.setFollowNetworkChanges(false);
        ReconnectPolicy policy;
        policy.initialDelayMs = 50;
        client.setReconnectPolicy(policy);
        client.setServerUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(http.serverPort())));
        client.open();
        QTRY_COMPARE_WITH_TIMEOUT(client.status().state, ConnectionStatus::Unauthorized, 5000);
        QCOMPARE(client.status().message, QStringLiteral("HTTP 401 Unauthorized"));
        QSignalSpy spy(&client, &SocketIoClient::statusChanged);
        QVERIFY(!spy.wait(500)); // 10 backoff periods: no new attempt
        QCOMPARE(requests, 1);
    }

    void ackWhileOffline()
    {
        SocketIoClient client;
        QVERIFY(!client.emitEvent(QStringLiteral("typing")));
        std::optional<Result<QJsonArray>> result;
        client.emitWithAck(QStringLiteral("user_activity"), {},
                           [&](const Result<QJsonArray> &r) { result = r; });
        QVERIFY(!result.has_value()); // never synchronously
        QTRY_VERIFY(result.has_value());
        QCOMPARE(result->error(), QStringLiteral("not connected"));
    }
};

QTEST_GUILESS_MAIN(TestSioClient)
#include "tst_sioclient.moc"
