// Forgetting a pinned certificate (issue 13): Preferences lists the servers whose certificate
// the user trusted by fingerprint, and "Forget" removes one, so that the next sign-in there
// asks again (what a user does after a host really made a new certificate). Real widgets under
// the offscreen platform, a real TLS server of ours, a screenshot to look at.
#include "certificatepins.h"
#include "dialogs.h"
#include "pinnedcertificatesbox.h"
#include "server/presenceserver.h"
#include "sessionbackend.h"
#include "storage/store.h"
#include "testsupport.h"
#include "tls/selfsigned.h"
#include "tls/servertls.h"

#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace SmartFixer;
using namespace SmartFixer::Ui;

class tst_PinnedCertificates : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        Test::initTestEnvironment();
        QSettings().remove(QStringLiteral("pinnedCertificates"));
    }
    void preferencesListAndForget();
    void forgottenPinIsAskedAgain();
};

void tst_PinnedCertificates::preferencesListAndForget()
{
    const QString fpA = QStringLiteral("AA:") + QString(QStringLiteral("01:")).repeated(30)
        + QStringLiteral("FF");
    const QString fpB = QStringLiteral("BB:") + QString(QStringLiteral("02:")).repeated(30)
        + QStringLiteral("EE");
    CertificatePins::pin(QUrl(QStringLiteral("https://192.168.1.20:8765")), fpA);
    CertificatePins::pin(QUrl(QStringLiteral("https://lab-pc.local:9000")), fpB);

    PreferencesDialog prefs{AppSettings()};
    prefs.show();
    QVERIFY(QTest::qWaitForWindowExposed(&prefs));
    auto *box = prefs.findChild<PinnedCertificatesBox *>(QStringLiteral("pinnedCertificates"));
    QVERIFY(box);
    QTreeWidget *list = box->list();
    QCOMPARE(list->topLevelItemCount(), 2);
    QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("192.168.1.20:8765"));
    QCOMPARE(list->topLevelItem(0)->text(1), fpA);
    QCOMPARE(list->topLevelItem(1)->text(0), QStringLiteral("lab-pc.local:9000"));
    QVERIFY(!box->forgetButton()->isEnabled()); // nothing chosen yet
    prefs.grab().save(QDir::temp().filePath(QStringLiteral("sf-pinned-preferences.png")));

    list->setCurrentItem(list->topLevelItem(0));
    QVERIFY(box->forgetButton()->isEnabled());
    QTest::mouseClick(box->forgetButton(), Qt::LeftButton);
    QCOMPARE(CertificatePins::pinned(QUrl(QStringLiteral("https://192.168.1.20:8765"))), QString());
    QCOMPARE(CertificatePins::pinned(QUrl(QStringLiteral("https://lab-pc.local:9000"))), fpB);
    QCOMPARE(list->topLevelItemCount(), 1);
    QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("lab-pc.local:9000"));

    list->setCurrentItem(list->topLevelItem(0));
    QTest::mouseClick(box->forgetButton(), Qt::LeftButton);
    QVERIFY(CertificatePins::all().isEmpty());
    QVERIFY(list->isHidden());
    QVERIFY(prefs.findChild<QLabel *>(QStringLiteral("pinnedEmpty"))->isVisible());
}

void tst_PinnedCertificates::forgottenPinIsAskedAgain()
{
    QTemporaryDir dir;
    SelfSignedRequest request;
    request.commonName = QStringLiteral("host");
    request.addresses = {QHostAddress(QHostAddress::LocalHost)};
    const auto pair = makeSelfSigned(request);
    QVERIFY(pair);
    QVERIFY(writeSelfSigned(*pair, dir.filePath(QStringLiteral("c.pem")),
                            dir.filePath(QStringLiteral("c.key"))));
    ServerConfig config;
    config.port = 0;
    config.databasePath = dir.filePath(QStringLiteral("server.db"));
    config.tls = {dir.filePath(QStringLiteral("c.pem")), dir.filePath(QStringLiteral("c.key"))};
    PresenceServer server(config);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    QVERIFY(server.store()
                ->createUser(QStringLiteral("alice"), QStringLiteral("Alice"),
                             QStringLiteral("pw-alice-1"))
                .ok());
    // Pinned once (the user said yes before) — then forgotten in Preferences.
    const QString fingerprint = sha256Fingerprint(QSslCertificate(pair->certificatePem));
    CertificatePins::pin(server.url(), fingerprint);
    {
        PreferencesDialog prefs{AppSettings()};
        auto *box = prefs.findChild<PinnedCertificatesBox *>(QStringLiteral("pinnedCertificates"));
        QVERIFY(box);
        QCOMPARE(box->list()->topLevelItemCount(), 1);
        QCOMPARE(box->list()->topLevelItem(0)->text(0), CertificatePins::key(server.url()));
        box->list()->setCurrentItem(box->list()->topLevelItem(0));
        QTest::mouseClick(box->forgetButton(), Qt::LeftButton);
    }
    QCOMPARE(CertificatePins::pinned(server.url()), QString());

    ClientOptions options;
    options.serverUrl = server.url();
    options.cachePath = QStringLiteral(":memory:");
    options.followNetworkChanges = false;
    options.reconnect.enabled = false;
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
    QVERIFY(ask->text().contains(fingerprint));
    QCOMPARE(accepted.count(), 0);
    ask->close();
    server.stop();
}

QTEST_MAIN(tst_PinnedCertificates)
#include "tst_pinnedcertificates.moc"
