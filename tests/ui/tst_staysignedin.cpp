// "Stay signed in" as a user meets it (issue 11 item 7), against the real server on 127.0.0.1
// port 0 and a real Secret Service (gnome-keyring on the suite's private D-Bus session, see
// tests/support/secretservice.h). The app object is destroyed and made again to stand for a
// restart. First without any Secret Service: the plain-words notice, once, and no file holds
// the token. Then with gnome-keyring: sign in with the box checked → restart → signed in
// without the dialog; Sign out → the keychain entry is gone and "Sign in…" is offered (menu and
// the list), so Cancel is no dead end; a token the server refused is forgotten and the dialog
// says why; an unchecked box keeps nothing and is remembered. Screenshots go to
// ${SF_BUILD_DIR}/screenshots/staysignedin-*.png.
#include "chatbackend.h"
#include "client/tokenkeychain.h"
#include "desktopapp.h"
#include "dialogs.h"
#include "mainwindow.h"
#include "secretservice.h"
#include "server/presenceserver.h"
#include "sessionbackend.h"
#include "storage/serverstore.h"
#include "testsupport.h"

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

using namespace SmartFixer;
using namespace SmartFixer::Ui;

class TestStaySignedIn : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QTemporaryDir m_dir;
    std::unique_ptr<PresenceServer> m_server;
    Test::SecretService m_secrets;
    QString m_shots;
    UserId m_alice = 0;
    const QString m_password = QStringLiteral("correct horse 7");

    std::unique_ptr<DesktopApp> startApp()
    {
        LaunchOptions options;
        options.server = m_server->url();
        auto app = std::make_unique<DesktopApp>(options);
        QString error;
        if (!app->start(&error))
            qWarning() << "start:" << error;
        return app;
    }

    QString keptToken() const
    {
        return Test::SecretService::lookup(
            QStringLiteral("SmartFixer"),
            TokenKeychain::entryKey(m_server->url(), QStringLiteral("alice")));
    }

    //! Signs in through the open dialog; true once signed in and the token kept or forgotten
    //! as the box says.
    static bool signInThroughDialog(DesktopApp &app, const QString &password, bool stay)
    {
        LoginDialog *dialog = app.loginDialog();
        if (!dialog)
            return false;
        dialog->userField()->setText(QStringLiteral("alice"));
        dialog->passwordField()->setText(password);
        dialog->staySignedInBox()->setChecked(stay);
        QSignalSpy signedIn(app.backend(), &ChatBackend::signedIn);
        QSignalSpy settled(&app, &DesktopApp::keychainSettled);
        QTest::mouseClick(dialog->signInButton(), Qt::LeftButton);
        return QTest::qWaitFor([&] { return signedIn.size() > 0 && settled.size() > 0; }, 15000);
    }

    static bool anyFileContains(const QString &dir, const QByteArray &needle)
    {
        QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
                return true;
        }
        return false;
    }

    void shoot(QWidget *w, const char *name)
    {
        QVERIFY(w->grab().save(
            m_shots + QStringLiteral("/staysignedin-%1.png").arg(QString::fromLatin1(name))));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY(m_dir.isValid());
        // Settings, caches and anything else this process writes land in m_home, so the
        // "no file holds the token" check can search all of it.
        qputenv("HOME", m_home.path().toLocal8Bit());
        Test::initTestEnvironment();
        installTranslations(QStringLiteral("en"));
        QString why;
        QVERIFY2(Test::SecretService::onPrivateBus(&why), qPrintable(why));
        m_shots = Test::buildDir() + QStringLiteral("/screenshots");
        QDir().mkpath(m_shots);

        ServerConfig config;
        config.listenAddress = QHostAddress(QHostAddress::LocalHost);
        config.port = 0;
        config.databasePath = m_dir.filePath(QStringLiteral("stay.sqlite"));
        config.openRegistration = true;
        m_server = std::make_unique<PresenceServer>(config, Clock::system());
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        // alice's account, made as a new user would (REST registration).
        ClientOptions o;
        o.serverUrl = m_server->url();
        o.cachePath = QStringLiteral(":memory:");
        SessionBackend maker(o);
        QSignalSpy made(&maker, &ChatBackend::signedIn);
        maker.registerAccount(QStringLiteral("alice"), m_password, QStringLiteral("Alice"));
        QVERIFY(made.wait(10000));
        m_alice = maker.selfId();
        maker.signOut();
    }

    void cleanupTestCase()
    {
        if (m_server)
            m_server->stop();
    }

    void noKeyringSaysSoOnceAndWritesNoFile()
    {
        QVERIFY(!m_secrets.isRunning());
        auto app = startApp();
        QTRY_VERIFY_WITH_TIMEOUT(app->loginDialog(), 5000);
        QVERIFY(app->loginDialog()->staySignedInBox()->isChecked()); // on by default
        QVERIFY(signInThroughDialog(*app, m_password, true));
        auto notice = [&] {
            return app->window()->findChild<QMessageBox *>(QStringLiteral("noKeyringNotice"));
        };
        QTRY_VERIFY_WITH_TIMEOUT(notice(), 5000);
        QCOMPARE(notice()->text(),
                 QStringLiteral("No keyring is running, so you'll be asked for your password "
                                "next time."));
        QTRY_VERIFY(notice()->isVisible());
        shoot(notice(), "no-keyring");
        const QString token = app->backend()->session()->token();
        QVERIFY(!token.isEmpty());
        QSettings().sync();
        QVERIFY(!anyFileContains(m_home.path(), token.toUtf8()));
        notice()->accept();
        app.reset();

        // Restart: asked for the password again, and not told a second time.
        app = startApp();
        QTRY_VERIFY_WITH_TIMEOUT(app->loginDialog(), 5000);
        QCOMPARE(app->loginDialog()->userField()->text(), QStringLiteral("alice"));
        QVERIFY(signInThroughDialog(*app, m_password, true)); // the keychain has answered
        QVERIFY(!app->window()->findChild<QMessageBox *>(QStringLiteral("noKeyringNotice")));
        QVERIFY(!anyFileContains(m_home.path(), app->backend()->session()->token().toUtf8()));
    }

    void staySignedInSurvivesARestart()
    {
        QString why;
        QVERIFY2(m_secrets.start(&why), qPrintable(why));
        auto app = startApp();
        QTRY_VERIFY_WITH_TIMEOUT(app->loginDialog(), 5000);
        app->loginDialog()->passwordField()->setText(QStringLiteral("••••"));
        shoot(app->loginDialog(), "dialog");
        QVERIFY(signInThroughDialog(*app, m_password, true));
        const QString token = app->backend()->session()->token();
        QTRY_COMPARE_WITH_TIMEOUT(keptToken(), token, 10000);
        QVERIFY(!anyFileContains(m_home.path(), token.toUtf8()));
        app.reset(); // quit without signing out

        app = startApp();
        QSignalSpy signedIn(app->backend(), &ChatBackend::signedIn);
        QTRY_VERIFY_WITH_TIMEOUT(signedIn.size() > 0, 10000);
        QCOMPARE(app->backend()->selfId(), m_alice);
        QVERIFY(!app->loginDialog()); // no password asked
        QVERIFY(!app->window()->isSignedOut());
        QTRY_COMPARE_WITH_TIMEOUT(app->backend()->connectionState(), ConnectionState::Connected,
                                  10000);
    }

    void signOutForgetsItAndSignInIsOffered()
    {
        QVERIFY(m_secrets.isRunning());
        QVERIFY(!keptToken().isEmpty());
        auto app = startApp();
        QTRY_COMPARE_WITH_TIMEOUT(app->backend()->connectionState(), ConnectionState::Connected,
                                  10000);
        QCOMPARE(app->backend()->selfId(), m_alice);
        MainWindow *w = app->window();
        QAction *signOut = w->findChild<QAction *>(QStringLiteral("signOutAction"));
        QVERIFY(signOut && signOut->isVisible());
        QVERIFY(!w->signInAction()->isVisible());
        signOut->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(keptToken(), QString(), 10000);
        QTRY_VERIFY(app->loginDialog());

        // Cancel is no dead end: the list says so and offers "Sign in…", as does the menu.
        app->loginDialog()->reject();
        QTRY_VERIFY(!app->loginDialog());
        QVERIFY(w->isSignedOut());
        QVERIFY(w->signInAction()->isVisible());
        QVERIFY(!signOut->isVisible());
        QTRY_VERIFY(w->emptySignInButton()->isVisible());
        QCOMPARE(w->emptyListLabel()->text(), QStringLiteral("You are not signed in."));
        w->resize(800, 600);
        shoot(w, "signed-out");
        QTest::mouseClick(w->emptySignInButton(), Qt::LeftButton);
        QTRY_VERIFY(app->loginDialog());
        app->loginDialog()->reject();
        QTRY_VERIFY(!app->loginDialog());
        w->signInAction()->trigger();
        QTRY_VERIFY(app->loginDialog());
        QVERIFY(signInThroughDialog(*app, m_password, true));
        QTRY_VERIFY(!w->isSignedOut());
        QVERIFY(w->emptySignInButton()->isHidden());
        QTRY_COMPARE_WITH_TIMEOUT(keptToken(), app->backend()->session()->token(), 10000);
    }

    void aRefusedTokenIsForgottenWithAPlainMessage()
    {
        QVERIFY(m_secrets.isRunning());
        const QString kept = keptToken();
        QVERIFY(!kept.isEmpty());
        // The admin ends every session of alice (smartfixer-server user token --revoke-others).
        QVERIFY(m_server->store()->revokeTokensOfUser(m_alice, QString()));
        auto app = startApp();
        QTRY_VERIFY_WITH_TIMEOUT(app->loginDialog(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(keptToken(), QString(), 10000);
        QTRY_VERIFY(app->loginDialog()->errorLabel()->isVisible());
        QCOMPARE(app->loginDialog()->errorLabel()->text(),
                 QStringLiteral("Your sign-in is no longer valid (it expired, or it was ended on "
                                "another device or by the server's administrator). Please sign "
                                "in again."));
        shoot(app->loginDialog(), "refused");
        QVERIFY(signInThroughDialog(*app, m_password, true));
        QTRY_VERIFY_WITH_TIMEOUT(!keptToken().isEmpty(), 10000);
    }

    void uncheckedKeepsNothingAndIsRemembered()
    {
        QVERIFY(m_secrets.isRunning());
        QVERIFY(!keptToken().isEmpty());
        auto app = startApp();
        QTRY_COMPARE_WITH_TIMEOUT(app->backend()->connectionState(), ConnectionState::Connected,
                                  10000);
        app->window()->findChild<QAction *>(QStringLiteral("signOutAction"))->trigger();
        QTRY_VERIFY(app->loginDialog());
        QVERIFY(signInThroughDialog(*app, m_password, false));
        QCOMPARE(keptToken(), QString());
        app.reset();

        app = startApp();
        QTRY_VERIFY_WITH_TIMEOUT(app->loginDialog(), 5000); // asked again
        QVERIFY(!app->loginDialog()->staySignedInBox()->isChecked()); // the choice is kept
    }
};

QTEST_MAIN(TestStaySignedIn)
#include "tst_staysignedin.moc"
