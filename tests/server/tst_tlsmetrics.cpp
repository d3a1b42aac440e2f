// TLS counters in GET /metrics (issue 13): completed handshakes, failed and timed-out ones,
// plain HTTP on the TLS port, and the TLS connections open now (HTTPS and WSS), read the way an
// operator reads them — over HTTPS with the metrics token — while real clients come and go.
#include "httptestclient.h"
#include "server/httpfront.h"
#include "serverfixture.h"
#include "sioclient.h"
#include "testca.h"
#include "testsupport.h"

#include <QRegularExpression>
#include <QSslSocket>
#include <QtTest>

using namespace SmartFixer;
using namespace SmartFixer::Test;

namespace {
const QString MetricsToken = QStringLiteral("metrics-token-0123456789");
}

class tst_TlsMetrics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        initTestEnvironment();
        QString error;
        QVERIFY2(m_ca.create(&error), qPrintable(error));
        m_cert = m_ca.issue(QStringLiteral("server"), {QStringLiteral("IP:127.0.0.1")}, &error);
        QVERIFY2(!m_cert.certificate.isEmpty(), qPrintable(error));
        m_client = QSslConfiguration::defaultConfiguration();
        m_client.setCaCertificates(QSslCertificate::fromPath(m_ca.caCertificate()));
    }
    void countersFollowTheClients();
    void plainServerReadsZero();

private:
    //! The value of \a name in the server's /metrics, read over HTTPS (-1 if missing).
    qint64 metric(quint16 port, const char *name, bool tls = true)
    {
        HttpTestClient http = tls ? HttpTestClient(port, m_client) : HttpTestClient(port);
        const HttpResult r = http.get(QStringLiteral("/metrics"), MetricsToken);
        if (r.status != 200)
            return -1;
        const QRegularExpression re(QStringLiteral("^%1 (\\d+)$").arg(QLatin1String(name)),
                                    QRegularExpression::MultilineOption);
        const auto m = re.match(QString::fromUtf8(r.body));
        return m.hasMatch() ? m.captured(1).toLongLong() : -1;
    }
    TestCa m_ca;
    TestCa::Issued m_cert;
    QSslConfiguration m_client;
};

void tst_TlsMetrics::countersFollowTheClients()
{
    ServerFixture f([this](ServerConfig &c) {
        c.tls = {m_cert.certificate, m_cert.key};
        c.tls.handshakeTimeoutMs = 400;
        c.metricsToken = MetricsToken;
    });
    QVERIFY(f.start());
    // Each /metrics read is itself one HTTPS connection: the reads are part of the counts.
    // The text is made after the reading connection's handshake: the first read sees itself.
    QCOMPARE(metric(f.port, "smartfixer_tls_handshakes_total"), 1);
    QCOMPARE(metric(f.port, "smartfixer_tls_handshake_failures_total"), 0);
    QCOMPARE(metric(f.port, "smartfixer_tls_handshake_timeouts_total"), 0);

    // A WSS client stays connected: one more open TLS connection while it lives.
    const qint64 openBefore = metric(f.port, "smartfixer_tls_connections");
    QVERIFY(openBefore >= 1); // the reading connection itself (keep-alive) is counted
    {
        SioTestClient alice;
        alice.tls = true;
        alice.socket.setSslConfiguration(m_client);
        QVERIFY(alice.connectAndWait(f.port, f.alice().token));
        QTRY_COMPARE(metric(f.port, "smartfixer_tls_connections"), openBefore + 1);
        alice.socket.close();
        QVERIFY(alice.waitClosed());
    }
    QTRY_COMPARE(metric(f.port, "smartfixer_tls_connections"), openBefore);

    // A handshake that fails (garbage after a record header), one that stops half way (timed
    // out), and a plain HTTP request on the TLS port.
    QTcpSocket bad;
    bad.connectToHost(QHostAddress::LocalHost, f.port);
    QVERIFY(bad.waitForConnected(5000));
    bad.write(QByteArray("\x16\x03\x01\x00\x40", 5) + QByteArray(64, '\xee'));
    QTRY_COMPARE(bad.state(), QAbstractSocket::UnconnectedState);
    QTcpSocket stuck;
    stuck.connectToHost(QHostAddress::LocalHost, f.port);
    QVERIFY(stuck.waitForConnected(5000));
    stuck.write(QByteArray("\x16\x03\x01\x02\x00\x01", 6)); // a ClientHello that never ends
    QTRY_COMPARE_WITH_TIMEOUT(stuck.state(), QAbstractSocket::UnconnectedState, 5000);
    QTcpSocket plain;
    plain.connectToHost(QHostAddress::LocalHost, f.port);
    QVERIFY(plain.waitForConnected(5000));
    plain.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QTRY_COMPARE(plain.state(), QAbstractSocket::UnconnectedState);

    QCOMPARE(metric(f.port, "smartfixer_tls_handshake_failures_total"), 1);
    QCOMPARE(metric(f.port, "smartfixer_tls_handshake_timeouts_total"), 1);
    QCOMPARE(metric(f.port, "smartfixer_tls_plain_requests_total"), 1);
    // Every completed handshake: the metrics reads (each HttpTestClient is a new connection)
    // and the WSS client. The listener's own count is the reference the text must show.
    const quint64 done = f.server->httpListener()->tlsHandshakesDone();
    const qint64 shown = metric(f.port, "smartfixer_tls_handshakes_total");
    QVERIFY(done >= 8);
    QCOMPARE(shown, qint64(done + 1)); // + the handshake of this very read
}

void tst_TlsMetrics::plainServerReadsZero()
{
    ServerFixture f([](ServerConfig &c) { c.metricsToken = MetricsToken; });
    QVERIFY(f.start());
    for (const char *name : {"smartfixer_tls_handshakes_total", "smartfixer_tls_connections",
                             "smartfixer_tls_handshake_failures_total"})
        QCOMPARE(metric(f.port, name, false), 0);
}

QTEST_GUILESS_MAIN(tst_TlsMetrics)
#include "tst_tlsmetrics.moc"
