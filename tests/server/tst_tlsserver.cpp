// TLS on the server's one port (DESIGN.md §11): HTTPS and WSS with a certificate of a
// throw-away CA, the "listening on https://" line, refusals at start (missing file, a key that
// is not the certificate's, an expired certificate), and hostile TLS clients — plain HTTP on
// the TLS port, a handshake that stops half way, a handshake dribbled byte by byte, garbage
// after a TLS record header — while a well-behaved client on the same server is served.
#include "httptestclient.h"
#include "server/httpfront.h"
#include "serverfixture.h"
#include "sioclient.h"
#include "testca.h"
#include "testsupport.h"
#include "tls/selfsigned.h"
#include "tls/servertls.h"

#include <QProcess>
#include <QSslSocket>
#include <QTcpServer>
#include <QtTest>

using namespace SmartFixer;
using namespace SmartFixer::Test;

class TestTlsServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        initTestEnvironment();
        QString error;
        QVERIFY2(m_ca.create(&error), qPrintable(error));
        m_server
            = m_ca.issue(QStringLiteral("server"),
                         {QStringLiteral("DNS:localhost"), QStringLiteral("IP:127.0.0.1")}, &error);
        QVERIFY2(!m_server.certificate.isEmpty(), qPrintable(error));
        m_other = m_ca.issue(QStringLiteral("other"), {QStringLiteral("IP:127.0.0.1")}, &error);
        QVERIFY2(!m_other.certificate.isEmpty(), qPrintable(error));
        m_client = QSslConfiguration::defaultConfiguration();
        m_client.setCaCertificates(QSslCertificate::fromPath(m_ca.caCertificate()));
        SelfSignedRequest old;
        old.commonName = QStringLiteral("expired");
        old.notBefore = QDateTime::currentDateTimeUtc().addDays(-30);
        old.notAfter = QDateTime::currentDateTimeUtc().addDays(-1);
        const auto expired = makeSelfSigned(old);
        QVERIFY2(expired, qPrintable(expired.error()));
        QVERIFY(writeSelfSigned(*expired, m_ca.dir() + QStringLiteral("/expired.pem"),
                                m_ca.dir() + QStringLiteral("/expired.key")));
        m_clientHello = captureClientHello();
        QVERIFY(m_clientHello.size() > 100);
        QCOMPARE(m_clientHello.at(0), '\x16');
    }

    void loadRefusesBadFiles_data()
    {
        QTest::addColumn<QString>("cert");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("message"); // a part of the one-line error
        QTest::addColumn<int>("kind");
        QTest::newRow("missing cert")
            << QStringLiteral("/nonexistent/cert.pem") << m_server.key
            << QStringLiteral("does not exist") << int(ErrorKind::NotFound);
        QTest::newRow("missing key")
            << m_server.certificate << QStringLiteral("/nonexistent/k.pem")
            << QStringLiteral("does not exist") << int(ErrorKind::NotFound);
        QTest::newRow("key of another certificate")
            << m_server.certificate << m_other.key << QStringLiteral("is not the private key of")
            << int(ErrorKind::Invalid);
        QTest::newRow("key file is a certificate")
            << m_server.certificate << m_server.certificate
            << QStringLiteral("holds no PEM private key") << int(ErrorKind::Invalid);
        QTest::newRow("cert file is a key")
            << m_server.key << m_server.key << QStringLiteral("holds no PEM certificate")
            << int(ErrorKind::Invalid);
    }
    void loadRefusesBadFiles()
    {
        QFETCH(QString, cert);
        QFETCH(QString, key);
        QFETCH(QString, message);
        QFETCH(int, kind);
        const auto tls = loadServerTls({cert, key});
        QVERIFY(!tls);
        QVERIFY2(tls.error().contains(message), qPrintable(tls.error()));
        QVERIFY(!tls.error().contains(u'\n'));
        QCOMPARE(int(tls.kind()), kind);
    }

    void loadRefusesExpiredAndFuture()
    {
        QTemporaryDir dir;
        for (const bool expired : {true, false}) {
            SelfSignedRequest request;
            request.commonName = QStringLiteral("old");
            const QDateTime now = QDateTime::currentDateTimeUtc();
            request.notBefore = expired ? now.addDays(-30) : now.addDays(10);
            request.notAfter = expired ? now.addDays(-1) : now.addDays(30);
            const auto pair = makeSelfSigned(request);
            QVERIFY2(pair, qPrintable(pair.error()));
            const QString cert = dir.filePath(QStringLiteral("c.pem"));
            const QString key = dir.filePath(QStringLiteral("k.pem"));
            QVERIFY(writeSelfSigned(*pair, cert, key));
            const auto tls = loadServerTls({cert, key});
            QVERIFY(!tls);
            QVERIFY2(tls.error().contains(expired ? QStringLiteral("expired on")
                                                  : QStringLiteral("is not valid before")),
                     qPrintable(tls.error()));
        }
    }

    void httpsAndWssOnOnePort()
    {
        ServerFixture f([this](ServerConfig &c) { c.tls = {m_server.certificate, m_server.key}; });
        QVERIFY(f.start());
        QCOMPARE(f.server->url().scheme(), QStringLiteral("https"));
        HttpTestClient https(f.port, m_client);
        const HttpResult health = https.get(QStringLiteral("/healthz"));
        QCOMPARE(health.error, QNetworkReply::NoError);
        QCOMPARE(health.status, 200);
        const HttpResult login
            = https.post(QStringLiteral("/api/login"),
                         QJsonObject{{QStringLiteral("username"), QStringLiteral("bob")},
                                     {QStringLiteral("password"), QStringLiteral("secret-bob")}});
        QCOMPARE(login.status, 200);
        QVERIFY(login.body.contains("token"));
        // Without the CA the client refuses the server (no silent accept).
        HttpTestClient noCa(f.port, QSslConfiguration::defaultConfiguration());
        QCOMPARE(noCa.get(QStringLiteral("/healthz")).error,
                 QNetworkReply::SslHandshakeFailedError);
        QVERIFY(wellBehavedClientWorks(f));
    }

    void plainHttpOnTlsPort()
    {
        ServerFixture f([this](ServerConfig &c) { c.tls = {m_server.certificate, m_server.key}; });
        QVERIFY(f.start());
        QTcpSocket plain;
        plain.connectToHost(QHostAddress::LocalHost, f.port);
        QVERIFY(plain.waitForConnected(5000));
        plain.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QTRY_VERIFY(plain.state() == QAbstractSocket::UnconnectedState
                    || plain.bytesAvailable() > 0);
        QTRY_COMPARE(plain.state(), QAbstractSocket::UnconnectedState);
        const QByteArray answer = plain.readAll();
        QVERIFY2(answer.startsWith("HTTP/1.1 400 "), answer.constData());
        QVERIFY(answer.contains("use https://"));
        QCOMPARE(f.server->httpListener()->plainRequestsOnTls(), quint64(1));
        // A plain WebSocket upgrade is refused the same way.
        SioTestClient ws;
        ws.open(f.port, f.alice().token);
        QVERIFY(ws.waitClosed());
        QVERIFY(!ws.connected);
        QTRY_COMPARE(f.server->httpListener()->openConnections(), 0);
        QVERIFY(wellBehavedClientWorks(f));
    }

    void handshakeStopsHalfWay()
    {
        ServerFixture f([this](ServerConfig &c) {
            c.tls = {m_server.certificate, m_server.key};
            c.tls.handshakeTimeoutMs = 600;
        });
        QVERIFY(f.start());
        // Twenty clients that send half a ClientHello and then nothing.
        std::vector<std::unique_ptr<QTcpSocket>> stuck;
        for (int i = 0; i < 20; ++i) {
            auto s = std::make_unique<QTcpSocket>();
            s->connectToHost(QHostAddress::LocalHost, f.port);
            QVERIFY(s->waitForConnected(5000));
            s->write(m_clientHello.left(m_clientHello.size() / 2));
            stuck.push_back(std::move(s));
        }
        QTRY_COMPARE(f.server->httpListener()->openConnections(), 20);
        // Meanwhile others are served at once.
        QElapsedTimer t;
        t.start();
        QVERIFY(wellBehavedClientWorks(f));
        QVERIFY2(t.elapsed() < 600, "the well-behaved client waited for the stuck handshakes");
        for (auto &s : stuck)
            QTRY_COMPARE_WITH_TIMEOUT(s->state(), QAbstractSocket::UnconnectedState, 5000);
        QCOMPARE(f.server->httpListener()->tlsHandshakeTimeouts(), quint64(20));
        QTRY_COMPARE(f.server->httpListener()->openConnections(), 0);
    }

    void slowHandshakeIsCutOff()
    {
        // The deadline is for the whole handshake, not per byte: a client dribbling a valid
        // ClientHello (one byte per 20 ms) cannot hold its slot longer than the timeout.
        ServerFixture f([this](ServerConfig &c) {
            c.tls = {m_server.certificate, m_server.key};
            c.tls.handshakeTimeoutMs = 500;
        });
        QVERIFY(f.start());
        QTcpSocket slow;
        slow.connectToHost(QHostAddress::LocalHost, f.port);
        QVERIFY(slow.waitForConnected(5000));
        QElapsedTimer t;
        t.start();
        qsizetype sent = 0;
        QTimer drip;
        connect(&drip, &QTimer::timeout, this, [&] {
            if (sent < m_clientHello.size() && slow.state() == QAbstractSocket::ConnectedState)
                slow.write(m_clientHello.mid(sent++, 1));
        });
        drip.start(20);
        QVERIFY(wellBehavedClientWorks(f));
        QTRY_COMPARE_WITH_TIMEOUT(slow.state(), QAbstractSocket::UnconnectedState, 5000);
        QVERIFY2(t.elapsed() < 3000, qPrintable(QString::number(t.elapsed())));
        QVERIFY(sent < m_clientHello.size()); // cut off while still dribbling
        QCOMPARE(f.server->httpListener()->tlsHandshakeTimeouts(), quint64(1));
    }

    void garbageAfterRecordHeader()
    {
        ServerFixture f([this](ServerConfig &c) { c.tls = {m_server.certificate, m_server.key}; });
        QVERIFY(f.start());
        QTcpSocket bad;
        bad.connectToHost(QHostAddress::LocalHost, f.port);
        QVERIFY(bad.waitForConnected(5000));
        QByteArray junk("\x16\x03\x01\x00\x40", 5);
        junk += QByteArray(64, '\xee');
        bad.write(junk);
        QTRY_COMPARE(bad.state(), QAbstractSocket::UnconnectedState);
        QCOMPARE(f.server->httpListener()->tlsHandshakeFailures(), quint64(1));
        QTRY_COMPARE(f.server->httpListener()->openConnections(), 0);
        QVERIFY(wellBehavedClientWorks(f));
    }

    void binaryStartsAndRefuses_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString dir = m_ca.dir();
        QTest::newRow("missing file")
            << QStringList{QStringLiteral("--tls-cert"), dir + QStringLiteral("/nope.pem"),
                           QStringLiteral("--tls-key"), m_server.key}
            << 1 << QStringLiteral("does not exist");
        QTest::newRow("key does not match")
            << QStringList{QStringLiteral("--tls-cert"), m_server.certificate,
                           QStringLiteral("--tls-key"), m_other.key}
            << 1 << QStringLiteral("is not the private key");
        QTest::newRow("expired certificate")
            << QStringList{QStringLiteral("--tls-cert"), dir + QStringLiteral("/expired.pem"),
                           QStringLiteral("--tls-key"), dir + QStringLiteral("/expired.key")}
            << 1 << QStringLiteral("expired on");
        QTest::newRow("only --tls-cert")
            << QStringList{QStringLiteral("--tls-cert"), m_server.certificate} << 2
            << QStringLiteral("go together");
    }
    void binaryStartsAndRefuses()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QProcess p;
        p.start(buildDir() + QStringLiteral("/bin/smartfixer-server"),
                QStringList{QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"),
                            dir.filePath(QStringLiteral("s.db"))}
                    + args);
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), exitCode);
        const QString err = QString::fromUtf8(p.readAllStandardError()).trimmed();
        QVERIFY2(err.contains(message), qPrintable(err));
        QVERIFY2(!err.contains(u'\n'), qPrintable(err)); // one line
    }

    void binaryServesHttpsFromConfigFile()
    {
        QTemporaryDir dir;
        const QString conf = dir.filePath(QStringLiteral("server.conf"));
        QFile file(conf);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("port = 0\ntls-cert = " + m_server.certificate.toUtf8()
                   + "\ntls-key = " + m_server.key.toUtf8()
                   + "\ndb = " + dir.filePath(QStringLiteral("s.db")).toUtf8() + "\n");
        file.close();
        QProcess p;
        p.start(buildDir() + QStringLiteral("/bin/smartfixer-server"),
                {QStringLiteral("--config"), conf});
        QTRY_VERIFY_WITH_TIMEOUT(p.canReadLine() || p.state() == QProcess::NotRunning, 20000);
        const QString line = QString::fromUtf8(p.readLine()).trimmed();
        QVERIFY2(line.startsWith(QStringLiteral("listening on https://127.0.0.1:")),
                 qPrintable(line + QString::fromUtf8(p.readAllStandardError())));
        const QUrl url(line.mid(13));
        HttpTestClient https(quint16(url.port()), m_client);
        QCOMPARE(https.get(QStringLiteral("/healthz")).status, 200);
        p.terminate();
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
    }

private:
    //! alice, over WSS, sends carol a message and gets its id back.
    bool wellBehavedClientWorks(ServerFixture &f)
    {
        SioTestClient alice;
        alice.tls = true;
        alice.socket.setSslConfiguration(m_client);
        if (!alice.connectAndWait(f.port, f.alice().token)) {
            qWarning("alice could not connect over WSS");
            return false;
        }
        const QJsonObject sent
            = alice
                  .call(QStringLiteral("send_message"),
                        QJsonObject{{QStringLiteral("to"), f.carol().id},
                                    {QStringLiteral("text"), QStringLiteral("hi")}})
                  .toObject();
        return sent.contains(QStringLiteral("id"));
    }

    //! The first flight of a real Qt TLS client, as bytes (what a hostile client replays).
    QByteArray captureClientHello()
    {
        QTcpServer capture;
        if (!capture.listen(QHostAddress::LocalHost, 0))
            return {};
        QSslSocket client;
        client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), capture.serverPort());
        if (!capture.waitForNewConnection(5000))
            return {};
        QTcpSocket *peer = capture.nextPendingConnection();
        QByteArray hello;
        QTRY_LOOP_IMPL(peer->bytesAvailable() > 5, 5000, 10);
        hello = peer->readAll();
        client.abort();
        return hello;
    }

    TestCa m_ca;
    TestCa::Issued m_server;
    TestCa::Issued m_other;
    QSslConfiguration m_client;
    QByteArray m_clientHello;
};

QTEST_GUILESS_MAIN(TestTlsServer)
#include "tst_tlsserver.moc"
