// The client engine and smartfixer-cli against our server over TLS (DESIGN.md §11): https://
// server URLs, verification against the system's CAs plus --ca, pinned certificates, and the
// plain words a certificate problem is reported in (untrusted CA, self-signed, wrong name,
// expired, pinned but changed).
#include "client/clientsession.h"
#include "server/presenceserver.h"
#include "storage/store.h"
#include "testca.h"
#include "testsupport.h"
#include "tls/clienttls.h"
#include "tls/selfsigned.h"
#include "tls/servertls.h"

#include <QProcess>
#include <QSignalSpy>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace SmartFixer;
using namespace SmartFixer::Test;

namespace {

//! Our server over TLS with one account, alice.
struct TlsServer
{
    TlsServer(const QString &cert, const QString &key, const QString &dbPath)
    {
        config.port = 0;
        config.databasePath = dbPath;
        config.tls = {cert, key};
        server = std::make_unique<PresenceServer>(config);
    }
    bool start(QString *error)
    {
        if (!server->start(error))
            return false;
        const auto row = server->store()->createUser(QStringLiteral("alice"), QStringLiteral("A"),
                                                     QStringLiteral("pw-alice"));
        if (!row) {
            *error = row.error();
            return false;
        }
        token = server->store()->issueToken(row->id);
        return true;
    }
    QUrl url(const QString &host = QStringLiteral("127.0.0.1")) const
    {
        QUrl u = server->url();
        u.setHost(host);
        return u;
    }
    ServerConfig config;
    std::unique_ptr<PresenceServer> server;
    QString token;
};

ClientOptions options(const QUrl &url, const ClientTlsPolicy &tls)
{
    ClientOptions o;
    o.serverUrl = url;
    o.cachePath = QStringLiteral(":memory:");
    o.followNetworkChanges = false;
    o.reconnect.enabled = false;
    o.tls = tls;
    return o;
}

} // namespace

class TestClientTls : public QObject
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
        const auto cas = loadCaFile(m_ca.caCertificate());
        QVERIFY2(cas, qPrintable(cas.error()));
        m_trustCa.extraCaCertificates = *cas;
    }

    void signInOverTlsWithCa()
    {
        QTemporaryDir dir;
        TlsServer s(m_cert.certificate, m_cert.key, dir.filePath(QStringLiteral("s.db")));
        QString error;
        QVERIFY2(s.start(&error), qPrintable(error));
        QCOMPARE(s.url().scheme(), QStringLiteral("https"));
        ClientSession session(options(s.url(), m_trustCa));
        QSignalSpy signedIn(&session, &ClientSession::signedIn);
        QSignalSpy failed(&session, &ClientSession::signInFailed);
        session.signIn(QStringLiteral("alice"), QStringLiteral("pw-alice"));
        QTRY_COMPARE_WITH_TIMEOUT(signedIn.count(), 1, 10000);
        QCOMPARE(failed.count(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(session.isConnected(), 10000); // WSS, same port
        QVERIFY(session.lastTlsFailure().isNull());
        QTRY_COMPARE(s.server->transport()->connectionCount(), 1);
    }

    void certificateProblemsInPlainWords_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("withCa");
        QTest::addColumn<QString>("words");
        QTest::newRow("unknown CA")
            << QStringLiteral("127.0.0.1") << false
            << QStringLiteral("is issued by a CA this computer does not trust");
        QTest::newRow("wrong name") << QStringLiteral("localhost") << true
                                    << QStringLiteral("is for 127.0.0.1, not localhost");
    }
    void certificateProblemsInPlainWords()
    {
        QFETCH(QString, host);
        QFETCH(bool, withCa);
        QFETCH(QString, words);
        QTemporaryDir dir;
        TlsServer s(m_cert.certificate, m_cert.key, dir.filePath(QStringLiteral("s.db")));
        QString error;
        QVERIFY2(s.start(&error), qPrintable(error));
        ClientSession session(options(s.url(host), withCa ? m_trustCa : ClientTlsPolicy{}));
        QSignalSpy failed(&session, &ClientSession::signInFailed);
        session.signInWithToken(s.token);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        const auto e = failed.first().first().value<ClientError>();
        QCOMPARE(e.kind, ErrorKind::Unavailable);
        QVERIFY2(e.message.contains(words), qPrintable(e.message));
        QVERIFY2(e.message.contains(QStringLiteral("SHA-256 fingerprint")), qPrintable(e.message));
        const TlsFailure tls = session.lastTlsFailure();
        QVERIFY(!tls.isNull());
        QCOMPARE(tls.fingerprint(),
                 sha256Fingerprint(QSslCertificate::fromPath(m_cert.certificate).first()));
        QVERIFY(tls.onlyUntrusted());
        QCOMPARE(s.server->transport()->connectionCount(), 0);
    }

    void selfSignedPinnedAndChanged()
    {
        QTemporaryDir dir;
        const QString cert = dir.filePath(QStringLiteral("host.pem"));
        const QString key = dir.filePath(QStringLiteral("host.key"));
        SelfSignedRequest request;
        request.commonName = QStringLiteral("lan host");
        request.addresses = {QHostAddress(QHostAddress::LocalHost)};
        QVERIFY(writeSelfSigned(makeSelfSigned(request).value(), cert, key));
        TlsServer s(cert, key, dir.filePath(QStringLiteral("s.db")));
        QString error;
        QVERIFY2(s.start(&error), qPrintable(error));
        const QString fingerprint = sha256Fingerprint(QSslCertificate::fromPath(cert).first());

        { // not pinned: refused, self-signed, with the fingerprint to compare
            ClientSession session(options(s.url(), {}));
            QSignalSpy failed(&session, &ClientSession::signInFailed);
            session.signInWithToken(s.token);
            QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
            const auto e = failed.first().first().value<ClientError>();
            QVERIFY2(e.message.contains(QStringLiteral("is self-signed")), qPrintable(e.message));
            QVERIFY2(e.message.contains(fingerprint), qPrintable(e.message));
            QCOMPARE(session.lastTlsFailure().fingerprint(), fingerprint);
            QVERIFY(session.lastTlsFailure().onlyUntrusted());
        }
        { // pinned: REST and WSS both get through
            ClientTlsPolicy pinned;
            pinned.pinnedFingerprints = {fingerprint};
            ClientSession session(options(s.url(), pinned));
            QSignalSpy signedIn(&session, &ClientSession::signedIn);
            session.signInWithToken(s.token);
            QTRY_COMPARE_WITH_TIMEOUT(signedIn.count(), 1, 10000);
            QTRY_VERIFY_WITH_TIMEOUT(session.isConnected(), 10000);
        }
        { // a pin for another certificate does not open the door
            ClientTlsPolicy other;
            other.pinnedFingerprints = {QString(fingerprint).replace(0, 2, QStringLiteral("00"))};
            ClientSession session(options(s.url(), other));
            QSignalSpy failed(&session, &ClientSession::signInFailed);
            session.signInWithToken(s.token);
            QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        }
    }

    void expiredCertificate()
    {
        // Our server refuses to start with an expired certificate, so a bare TLS server
        // shows one here (a server elsewhere whose certificate ran out).
        SelfSignedRequest request;
        request.commonName = QStringLiteral("old");
        request.addresses = {QHostAddress(QHostAddress::LocalHost)};
        request.notBefore = QDateTime::currentDateTimeUtc().addDays(-30);
        request.notAfter = QDateTime::currentDateTimeUtc().addDays(-2);
        const SelfSignedCertificate old = makeSelfSigned(request).value();
        QSslServer server;
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        conf.setLocalCertificate(QSslCertificate(old.certificatePem));
        conf.setPrivateKey(QSslKey(old.keyPem, QSsl::Ec));
        server.setSslConfiguration(conf);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        ClientTlsPolicy pinned; // pinning does not excuse expiry
        pinned.pinnedFingerprints = {sha256Fingerprint(QSslCertificate(old.certificatePem))};
        RestClient rest;
        rest.setServerUrl(QUrl(QStringLiteral("https://127.0.0.1:%1").arg(server.serverPort())));
        rest.setTlsPolicy(pinned);
        std::optional<Result<RestReply>> reply;
        rest.me([&](const Result<RestReply> &r) { reply = r; });
        QTRY_VERIFY_WITH_TIMEOUT(reply.has_value(), 10000);
        QVERIFY(!reply->ok());
        QVERIFY2(reply->error().contains(QStringLiteral("expired on")), qPrintable(reply->error()));
        QVERIFY(!rest.lastTlsFailure().onlyUntrusted());
    }

    void cliWithCa()
    {
        QTemporaryDir dir;
        TlsServer s(m_cert.certificate, m_cert.key, dir.filePath(QStringLiteral("s.db")));
        QString error;
        QVERIFY2(s.start(&error), qPrintable(error));
        const QString cli = buildDir() + QStringLiteral("/bin/smartfixer-cli");
        const QStringList base{QStringLiteral("--server"),  s.url().toString(),
                               QStringLiteral("--token"),   s.token,
                               QStringLiteral("--timeout"), QStringLiteral("5000")};
        // Asynchronously: the server runs in this process's event loop.
        auto run = [&](const QStringList &args, QString *stderrText) {
            QProcess p;
            p.start(cli, args);
            QTRY_LOOP_IMPL(p.state() == QProcess::NotRunning, 20000, 20);
            if (p.state() != QProcess::NotRunning)
                return -1;
            *stderrText = QString::fromUtf8(p.readAllStandardError()).trimmed();
            return p.exitCode();
        };
        QString err;
        QCOMPARE(run(base
                         + QStringList{QStringLiteral("--ca"), m_ca.caCertificate(),
                                       QStringLiteral("activity")},
                     &err),
                 0);
        const int without = run(base + QStringList{QStringLiteral("activity")}, &err);
        QVERIFY(without != 0);
        QVERIFY2(err.contains(QStringLiteral("is issued by a CA this computer does not trust")),
                 qPrintable(err));
        QVERIFY2(!err.contains(u'\n'), qPrintable(err));
        QCOMPARE(
            run(base
                    + QStringList{QStringLiteral("--ca"), dir.filePath(QStringLiteral("no.pem")),
                                  QStringLiteral("activity")},
                &err),
            2);
        QVERIFY2(err.contains(QStringLiteral("does not exist")), qPrintable(err));
    }

private:
    TestCa m_ca;
    TestCa::Issued m_cert;
    ClientTlsPolicy m_trustCa;
};

QTEST_GUILESS_MAIN(TestClientTls)
#include "tst_clienttls.moc"
