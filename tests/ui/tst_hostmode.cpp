// LAN hosting (--host): the app runs PresenceServer inside itself, signs the host in, shows the
// address others use, lets a second client create an account and chat, and stops the server
// cleanly. Listens on 127.0.0.1 port 0 only.
#include "chatpane.h"
#include "contactlistmodel.h"
#include "desktopapp.h"
#include "mainwindow.h"
#include "messagemodel.h"
#include "server/presenceserver.h"
#include "sessionbackend.h"
#include "testsupport.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace SmartFixer;
using namespace SmartFixer::Ui;

class TestHostMode : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { Test::initTestEnvironment(); }

    void hostAndSecondUser()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        LaunchOptions options;
        options.host = true;
        options.showLogin = false;
        options.hostAddress = QStringLiteral("127.0.0.1");
        options.hostPort = 0;
        options.hostDatabase = dir.filePath(QStringLiteral("host.sqlite"));
        options.hostUser = QStringLiteral("hostess");
        DesktopApp app(options);
        QString error;
        QVERIFY2(app.start(&error), qPrintable(error));
        PresenceServer *server = app.server();
        QVERIFY(server && server->isRunning());
        QVERIFY(server->serverPort() != 0);
        QVERIFY(app.hostAddressText().contains(
            QStringLiteral("127.0.0.1:%1").arg(server->serverPort())));
        QTRY_VERIFY_WITH_TIMEOUT(app.backend()->selfId() != 0, 10000);
        QCOMPARE(app.backend()->selfName(), QStringLiteral("hostess"));
        QTRY_COMPARE_WITH_TIMEOUT(app.backend()->connectionState(), ConnectionState::Connected,
                                  10000);

        // A second copy of the app (here: its backend) creates an account on the host.
        ClientOptions second;
        second.serverUrl = server->url();
        QCOMPARE(second.serverUrl.scheme(), QStringLiteral("https")); // TLS by default
        QVERIFY(app.hostAddressText().contains(app.hostFingerprint()));
        // The guest trusts the host's self-signed certificate by its fingerprint.
        second.tls.pinnedFingerprints = {app.hostFingerprint()};
        second.cachePath = QStringLiteral(":memory:");
        second.followNetworkChanges = false;
        SessionBackend guest(second);
        QSignalSpy signedIn(&guest, &ChatBackend::signedIn);
        guest.registerAccount(QStringLiteral("guest"), QStringLiteral("correct horse 7"),
                              QStringLiteral("Guest User"));
        QVERIFY(signedIn.wait(10000));
        QVERIFY(guest.selfId() != 0);

        // The host finds the guest in the directory and adds them; the badge is live.
        QSignalSpy found(app.backend(), &ChatBackend::usersFound);
        app.backend()->searchUsers(QStringLiteral("gue"));
        QVERIFY(found.wait(10000));
        const auto users = found.at(0).at(0).value<QList<DirectoryEntry>>();
        QCOMPARE(users.size(), 1);
        app.backend()->addContact(users.at(0).id);
        ContactListModel *model = app.window()->contactModel();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(
            model->index(0).data(ContactListModel::StateRole).value<PresenceState>(),
            PresenceState::Online, 10000);

        // Chat from the host's window reaches the guest.
        QSignalSpy guestGot(&guest, &ChatBackend::messageReceived);
        app.window()->openChat(guest.selfId());
        app.window()->chatPane()->composer()->setText(QStringLiteral("Welcome to my LAN"));
        QTest::keyClick(app.window()->chatPane()->composer(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(guestGot.size(), 1, 10000);
        QCOMPARE(guestGot.at(0).at(0).value<MessageItem>().text,
                 QStringLiteral("Welcome to my LAN"));

        // Guest leaves: host sees "Active just now". Quit stops the server cleanly.
        guest.signOut();
        QTRY_COMPARE_WITH_TIMEOUT(
            model->index(0).data(ContactListModel::StateRole).value<PresenceState>(),
            PresenceState::Active, 10000);
        QSignalSpy stopped(server, &PresenceServer::stopped);
        app.shutdown();
        QVERIFY(!server->isRunning());
        QCOMPARE(stopped.size(), 1);
    }

    void busyPortOffersAFreeOne()
    {
        // Item 1: something already listens on the port we are told to host on.
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        QTemporaryDir dir;
        LaunchOptions options;
        options.host = true;
        options.showLogin = false;
        options.hostAddress = QStringLiteral("127.0.0.1");
        options.hostPort = squatter.serverPort();
        options.hostDatabase = dir.filePath(QStringLiteral("host.sqlite"));
        options.hostUser = QStringLiteral("hostess");
        DesktopApp app(options);
        // The dialog is modal inside start(): answer it as a person would.
        QString seen;
        QTimer::singleShot(0, this, [&seen] {
            QTRY_VERIFY(QApplication::activeModalWidget() != nullptr);
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            seen = box->text();
            auto *use = box->findChild<QPushButton *>(QStringLiteral("useFreePort"));
            QVERIFY(use);
            use->click();
        });
        QString error;
        QVERIFY2(app.start(&error), qPrintable(error));
        QCOMPARE(seen,
                 QStringLiteral("SmartFixer cannot host on port %1: another program "
                                "(perhaps another copy of SmartFixer) already uses it.")
                     .arg(squatter.serverPort()));
        QVERIFY(app.server()->isRunning());
        QVERIFY(app.server()->serverPort() != squatter.serverPort());
        QVERIFY2(app.hostAddressText().startsWith(
                     QStringLiteral("Port %1 was busy; hosting on port %2 instead.")
                         .arg(squatter.serverPort())
                         .arg(app.server()->serverPort())),
                 qPrintable(app.hostAddressText()));
        QTRY_COMPARE_WITH_TIMEOUT(app.backend()->connectionState(), ConnectionState::Connected,
                                  10000);
        app.shutdown();
    }

    void busyPortAndQuit()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        QTemporaryDir dir;
        LaunchOptions options;
        options.host = true;
        options.showLogin = false;
        options.hostAddress = QStringLiteral("127.0.0.1");
        options.hostPort = squatter.serverPort();
        options.hostDatabase = dir.filePath(QStringLiteral("host.sqlite"));
        options.hostUser = QStringLiteral("hostess");
        DesktopApp app(options);
        QTimer::singleShot(0, this, [] {
            QTRY_VERIFY(QApplication::activeModalWidget() != nullptr);
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            box->reject(); // "Quit"
        });
        QString error = QStringLiteral("unchanged");
        QVERIFY(!app.start(&error));
        QVERIFY2(error.isEmpty(), qPrintable(error)); // the user decided: nothing more to say
    }

    void preferencesShowWhatRuns()
    {
        // Item 10: hosting through --host shows "Host a server" switched on, on the real port.
        QTemporaryDir dir;
        LaunchOptions options;
        options.host = true;
        options.showLogin = false;
        options.hostAddress = QStringLiteral("127.0.0.1");
        options.hostPort = 0;
        options.hostDatabase = dir.filePath(QStringLiteral("host.sqlite"));
        options.hostUser = QStringLiteral("hostess");
        DesktopApp app(options);
        QString error;
        QVERIFY2(app.start(&error), qPrintable(error));
        const AppSettings shown = app.window()->settings();
        QVERIFY(shown.lanHosting);
        QCOMPARE(shown.lanPort, app.server()->serverPort());
        QCOMPARE(shown.lanAddress, QStringLiteral("127.0.0.1"));
        app.shutdown();
    }

    void badListenAddressIsAClearError()
    {
        LaunchOptions options;
        options.host = true;
        options.showLogin = false;
        options.hostAddress = QStringLiteral("not-an-address");
        options.hostPort = 0;
        DesktopApp app(options);
        QString error;
        QVERIFY(!app.start(&error));
        QVERIFY2(error.contains(QStringLiteral("not-an-address")), qPrintable(error));
    }
};

QTEST_MAIN(TestHostMode)
#include "tst_hostmode.moc"
