// The desktop sign-in dialog against our server over TLS with a self-signed certificate
// (DESIGN.md §11): the trust dialog shows the SHA-256 fingerprint and asks once; the answer is
// pinned per server in QSettings, so the next sign-in goes straight through; a server that
// later shows another certificate is refused with a loud warning and nothing to click through.
#include "certificatepins.h"
#include "dialogs.h"
#include "server/presenceserver.h"
#include "sessionbackend.h"
#include "storage/store.h"
#include "testsupport.h"
#include "tls/selfsigned.h"
#include "tls/servertls.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

using namespace SmartFixer;
using namespace SmartFixer::Ui;

namespace {

//! A self-signed certificate for 127.0.0.1 in \a dir under \a name; returns its fingerprint.
QString makeCertificate(const QTemporaryDir &dir, const QString &name)
{
    SelfSignedRequest request;
    request.commonName = name;
    request.addresses = {QHostAddress(QHostAddress::LocalHost)};
    const auto pair = makeSelfSigned(request);
    if (!pair
        || !writeSelfSigned(*pair, dir.filePath(name + QStringLiteral(".pem")),
                            dir.filePath(name + QStringLiteral(".key"))))
        return {};
    return sha256Fingerprint(QSslCertificate(pair->certificatePem));
}

std::unique_ptr<PresenceServer> startServer(const QTemporaryDir &dir, const QString &name,
                                            quint16 port)
{
    ServerConfig config;
    config.port = port;
    config.databasePath = dir.filePath(QStringLiteral("server.db"));
    config.tls = {dir.filePath(name + QStringLiteral(".pem")),
                  dir.filePath(name + QStringLiteral(".key"))};
    auto server = std::make_unique<PresenceServer>(config);
    QString error;
    if (!server->start(&error)) {
        qWarning("server: %s", qPrintable(error));
        return nullptr;
    }
    return server;
}

} // namespace

class TestCertificateTrust : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { Test::initTestEnvironment(); }

    void trustOncePinnedThenChangedIsRefused()
    {
        QTemporaryDir dir;
        const QString first = makeCertificate(dir, QStringLiteral("first"));
        const QString second = makeCertificate(dir, QStringLiteral("second"));
        QVERIFY(!first.isEmpty() && !second.isEmpty());
        auto server = startServer(dir, QStringLiteral("first"), 0);
        QVERIFY(server);
        const quint16 port = server->serverPort();
        QVERIFY(server->store()
                    ->createUser(QStringLiteral("alice"), QStringLiteral("Alice"),
                                 QStringLiteral("pw-alice-1"))
                    .ok());
        const QUrl url = server->url();
        CertificatePins::forget(url);

        ClientOptions options;
        options.serverUrl = url;
        options.cachePath = QStringLiteral(":memory:");
        options.followNetworkChanges = false;
        options.reconnect.enabled = false;
        {
            SessionBackend backend(options);
            LoginDialog login(&backend, QStringLiteral("alice"));
            login.show();
            QVERIFY(QTest::qWaitForWindowExposed(&login));
            QSignalSpy accepted(&login, &QDialog::accepted);
            login.passwordField()->setText(QStringLiteral("pw-alice-1"));
            QTest::mouseClick(login.signInButton(), Qt::LeftButton);
            QMessageBox *ask = nullptr;
            QTRY_VERIFY_WITH_TIMEOUT(
                (ask = login.findChild<QMessageBox *>(QStringLiteral("trustCertificate"))), 10000);
            QVERIFY2(ask->text().contains(first), qPrintable(ask->text()));
            QVERIFY(ask->text().contains(CertificatePins::key(url)));
            QTRY_VERIFY(ask->isVisible());
            ask->grab().save(QDir::temp().filePath(QStringLiteral("sf-trust-dialog.png")));
            QCOMPARE(accepted.count(), 0); // nothing signed in before the user says yes
            auto *trust = ask->findChild<QPushButton *>(QStringLiteral("trustButton"));
            QVERIFY(trust);
            QTest::mouseClick(trust, Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 1, 10000);
            QCOMPARE(CertificatePins::pinned(url), first);
        }
        { // pinned: the next start signs in with no question
            SessionBackend backend(options);
            LoginDialog login(&backend, QStringLiteral("alice"));
            login.show();
            QSignalSpy accepted(&login, &QDialog::accepted);
            login.passwordField()->setText(QStringLiteral("pw-alice-1"));
            QTest::mouseClick(login.signInButton(), Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 1, 10000);
            QVERIFY(!login.findChild<QMessageBox *>(QStringLiteral("trustCertificate")));
        }
        // Same address, another certificate (a new host, or someone in the middle).
        server->stop();
        server = startServer(dir, QStringLiteral("second"), port);
        QVERIFY(server);
        {
            SessionBackend backend(options);
            LoginDialog login(&backend, QStringLiteral("alice"));
            login.show();
            QVERIFY(QTest::qWaitForWindowExposed(&login));
            QSignalSpy accepted(&login, &QDialog::accepted);
            login.passwordField()->setText(QStringLiteral("pw-alice-1"));
            QTest::mouseClick(login.signInButton(), Qt::LeftButton);
            QMessageBox *warning = nullptr;
            QTRY_VERIFY_WITH_TIMEOUT(
                (warning = login.findChild<QMessageBox *>(QStringLiteral("certificateChanged"))),
                10000);
            QCOMPARE(warning->icon(), QMessageBox::Critical);
            QVERIFY(warning->text().contains(QStringLiteral("CHANGED")));
            QVERIFY(warning->text().contains(first));
            QVERIFY(warning->text().contains(second));
            QTRY_VERIFY(warning->isVisible());
            warning->grab().save(QDir::temp().filePath(QStringLiteral("sf-cert-changed.png")));
            // Only "Close": no button accepts the new certificate.
            QCOMPARE(warning->buttons().size(), 1);
            QVERIFY(!login.findChild<QMessageBox *>(QStringLiteral("trustCertificate")));
            QVERIFY(login.errorLabel()->text().contains(QStringLiteral("Refused")));
            warning->close();
            QCOMPARE(accepted.count(), 0);
            QCOMPARE(CertificatePins::pinned(url), first); // the pin is not replaced
            QCOMPARE(server->transport()->connectionCount(), 0);
        }
        CertificatePins::forget(url);
    }
};

QTEST_MAIN(TestCertificateTrust)
#include "tst_certificatetrust.moc"
