// Certificate problems in plain words (DESIGN.md §11, issue 13): a client that signs in to a TLS
// peer showing an expired, not-yet-valid, wrong-host, unknown-issuer, self-signed or changed
// certificate gets a ClientError whose CertificateProblem list says which, and the sign-in
// dialog words it from that list (never from OpenSSL's English). The peer is a real TLS
// listener (QSslServer) on 127.0.0.1 port 0 with certificates made here; the client never gets
// past the handshake, so no HTTP server is needed behind it.
#include "client/clientsession.h"
#include "dialogs.h"
#include "errortext.h"
#include "sessionbackend.h"
#include "testca.h"
#include "testsupport.h"
#include "tls/selfsigned.h"
#include "tls/servertls.h"

#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSslKey>
#include <QSslServer>
#include <QTemporaryDir>
#include <QTest>

using namespace SmartFixer;
using namespace SmartFixer::Ui;

Q_DECLARE_METATYPE(QList<SmartFixer::CertificateProblem>)

namespace {

struct Peer
{
    QSslServer server;
    bool start(const QByteArray &certPem, const QByteArray &keyPem)
    {
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        const QList<QSslCertificate> chain = QSslCertificate::fromData(certPem, QSsl::Pem);
        if (chain.isEmpty())
            return false;
        config.setLocalCertificateChain(chain);
        config.setPrivateKey(QSslKey(keyPem, QSsl::Ec, QSsl::Pem));
        config.setPeerVerifyMode(QSslSocket::VerifyNone);
        server.setSslConfiguration(config);
        QObject::connect(&server, &QTcpServer::pendingConnectionAvailable, &server, [this] {
            while (QTcpSocket *s = server.nextPendingConnection())
                QObject::connect(s, &QAbstractSocket::disconnected, s, &QObject::deleteLater);
        });
        return server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url() const
    {
        return QUrl(QStringLiteral("https://127.0.0.1:%1").arg(server.serverPort()));
    }
};

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class tst_CertificateWords : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void problemsInPlainWords_data();
    void problemsInPlainWords();
    void dialogShowsTheWords();

private:
    Test::TestCa m_ca;
    QTemporaryDir m_dir;
};

void tst_CertificateWords::initTestCase()
{
    Test::initTestEnvironment();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QString error;
    QVERIFY2(m_ca.create(&error), qPrintable(error));
}

void tst_CertificateWords::problemsInPlainWords_data()
{
    QTest::addColumn<QByteArray>("cert");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<bool>("trustCa");
    QTest::addColumn<QString>("pinned");
    QTest::addColumn<QList<CertificateProblem>>("problems");
    QTest::addColumn<QString>("words");
    using P = CertificateProblem;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto selfSigned = [](QDateTime from, QDateTime to, QStringList dns, bool ip) {
        SelfSignedRequest r;
        r.commonName = QStringLiteral("peer");
        r.dnsNames = dns;
        if (ip)
            r.addresses = {QHostAddress(QHostAddress::LocalHost)};
        r.notBefore = from;
        r.notAfter = to;
        return makeSelfSigned(r).value();
    };
    const auto expired = selfSigned(now.addDays(-30),
                                    QDateTime(QDate(2025, 3, 4), QTime(12, 0), Qt::UTC), {}, true);
    QTest::newRow("expired") << expired.certificatePem << expired.keyPem << false << QString()
                             << QList<P>{P::Expired, P::SelfSigned}
                             << QStringLiteral(
                                    "The server's certificate expired on Tuesday, March 4, 2025.");
    const auto future = selfSigned(QDateTime(QDate(2099, 1, 2), QTime(0, 0), Qt::UTC),
                                   QDateTime(QDate(2100, 1, 1), QTime(0, 0), Qt::UTC), {}, true);
    QTest::newRow("not yet valid")
        << future.certificatePem << future.keyPem << false << QString()
        << QList<P>{P::NotYetValid, P::SelfSigned}
        << QStringLiteral(
               "is not valid before Friday, January 2, 2099. Check this computer's date");
    const auto own = selfSigned(now.addDays(-1), now.addDays(30), {}, true);
    QTest::newRow("self-signed") << own.certificatePem << own.keyPem << false << QString()
                                 << QList<P>{P::SelfSigned}
                                 << QStringLiteral(
                                        "The server made its certificate itself (self-signed)");
    QTest::newRow("changed pin")
        << own.certificatePem << own.keyPem << false
        << QStringLiteral("AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:"
                          "22:33:44:55:66:77:88:99")
        << QList<P>{P::ChangedPin, P::SelfSigned}
        << QStringLiteral("The certificate of 127.0.0.1 has CHANGED since you trusted it");

    QString error;
    const auto issued = m_ca.issue(QStringLiteral("ip"), {QStringLiteral("IP:127.0.0.1")}, &error);
    QVERIFY2(!issued.certificate.isEmpty(), qPrintable(error));
    QTest::newRow("unknown issuer")
        << readFile(issued.certificate) << readFile(issued.key) << false << QString()
        << QList<P>{P::UnknownIssuer}
        << QStringLiteral("The server's certificate is issued by an authority this computer does "
                          "not trust.");
    const auto other = m_ca.issue(
        QStringLiteral("other"),
        {QStringLiteral("DNS:chat.example.org"), QStringLiteral("DNS:www.example.org")}, &error);
    QVERIFY2(!other.certificate.isEmpty(), qPrintable(error));
    QTest::newRow("wrong host")
        << readFile(other.certificate) << readFile(other.key) << true << QString()
        << QList<P>{P::WrongHost}
        << QStringLiteral("The server's certificate is for chat.example.org, www.example.org, not "
                          "for 127.0.0.1. Check the address.");
}

void tst_CertificateWords::problemsInPlainWords()
{
    QFETCH(QByteArray, cert);
    QFETCH(QByteArray, key);
    QFETCH(bool, trustCa);
    QFETCH(QString, pinned);
    QFETCH(QList<CertificateProblem>, problems);
    QFETCH(QString, words);
    Peer peer;
    QVERIFY(peer.start(cert, key));
    ClientOptions options;
    options.serverUrl = peer.url();
    options.cachePath = QStringLiteral(":memory:");
    options.followNetworkChanges = false;
    options.reconnect.enabled = false;
    if (trustCa) {
        const auto ca = loadCaFile(m_ca.caCertificate());
        QVERIFY(ca);
        options.tls.extraCaCertificates = *ca;
    }
    if (!pinned.isEmpty())
        options.tls.pinnedFingerprints = {pinned};
    ClientSession session(options);
    QSignalSpy failed(&session, &ClientSession::signInFailed);
    QVERIFY(failed.isValid());
    session.signIn(QStringLiteral("alice"), QStringLiteral("pw-alice-1"));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
    const auto error = failed.first().at(0).value<ClientError>();
    QVERIFY(!error.tls.isNull());
    // The order of OpenSSL's findings is its own; ChangedPin is always put first.
    QList<CertificateProblem> got = error.tls.problems;
    std::sort(got.begin(), got.end());
    std::sort(problems.begin(), problems.end());
    QCOMPARE(got, problems);
    QCOMPARE(error.tls.host, QStringLiteral("127.0.0.1"));
    const QString text = signInErrorText(error, peer.url());
    QVERIFY2(text.contains(words), qPrintable(text));
    // Never OpenSSL's wording, never a control character from the certificate.
    QVERIFY2(!text.contains(QStringLiteral("SSL")), qPrintable(text));
    QVERIFY(std::none_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 0x20; }));
    if (problems.contains(CertificateProblem::ChangedPin))
        QVERIFY2(text.startsWith(QStringLiteral("The certificate of 127.0.0.1 has CHANGED")),
                 qPrintable(text)); // first and loudest
}

void tst_CertificateWords::dialogShowsTheWords()
{
    // An expired certificate in the sign-in dialog: the words, and no offer to trust it.
    SelfSignedRequest r;
    r.commonName = QStringLiteral("old");
    r.addresses = {QHostAddress(QHostAddress::LocalHost)};
    r.notBefore = QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC);
    r.notAfter = QDateTime(QDate(2025, 3, 4), QTime(12, 0), Qt::UTC);
    const auto old = makeSelfSigned(r);
    QVERIFY(old);
    Peer peer;
    QVERIFY(peer.start(old->certificatePem, old->keyPem));
    ClientOptions options;
    options.serverUrl = peer.url();
    options.cachePath = QStringLiteral(":memory:");
    options.followNetworkChanges = false;
    options.reconnect.enabled = false;
    SessionBackend backend(options);
    LoginDialog login(&backend, QStringLiteral("alice"));
    login.show();
    QVERIFY(QTest::qWaitForWindowExposed(&login));
    login.passwordField()->setText(QStringLiteral("pw-alice-1"));
    QTest::mouseClick(login.signInButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(login.errorLabel()->text().contains(QStringLiteral("expired on")),
                             10000);
    const QString shown = login.errorLabel()->text();
    QVERIFY2(shown.contains(QStringLiteral("The server's certificate expired on Tuesday, March 4, "
                                           "2025.")),
             qPrintable(shown));
    QVERIFY2(shown.contains(QStringLiteral("The server made its certificate itself (self-signed): "
                                           "no authority this computer trusts vouches for it.")),
             qPrintable(shown));
    QVERIFY(!login.findChild<QMessageBox *>(QStringLiteral("trustCertificate")));
    login.grab().save(QDir::temp().filePath(QStringLiteral("sf-cert-expired-signin.png")));
}

QTEST_MAIN(tst_CertificateWords)
#include "tst_certificatewords.moc"
