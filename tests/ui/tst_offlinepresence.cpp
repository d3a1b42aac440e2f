// Issue 11 item 4: after the server goes away, nothing on screen may claim to be current.
// Real PresenceServer on 127.0.0.1 (port 0), the real main window, a second real client;
// the server is stopped and started again on the same port.
#include "badgewidgets.h"
#include "chatpane.h"
#include "client/clientsession.h"
#include "contactlistmodel.h"
#include "desktopapp.h"
#include "elidedlabel.h"
#include "mainwindow.h"
#include "server/localaccount.h"
#include "server/presenceserver.h"
#include "sessionbackend.h"
#include "storage/store.h"
#include "testsupport.h"

#include <QLabel>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace SmartFixer;
using namespace SmartFixer::Ui;

class TestOfflinePresence : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<PresenceServer> m_server;
    quint16 m_port = 0;

    ServerConfig config(quint16 port) const
    {
        ServerConfig c;
        c.listenAddress = QHostAddress(QHostAddress::LocalHost);
        c.port = port;
        c.databasePath = m_dir.filePath(QStringLiteral("offline.sqlite"));
        return c;
    }
    ClientOptions clientOptions() const
    {
        ClientOptions o;
        o.serverUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
        o.cachePath = QStringLiteral(":memory:");
        o.followNetworkChanges = false;
        // A long first wait, so the countdown is on screen long enough to read it.
        o.reconnect.initialDelayMs = 30000;
        o.reconnect.maxDelayMs = 30000;
        o.reconnect.jitter = 0;
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        Test::initTestEnvironment();
        installTranslations(QStringLiteral("en"));
        QVERIFY(m_dir.isValid());
        m_server = std::make_unique<PresenceServer>(config(0));
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        m_port = m_server->serverPort();
    }

    void lastKnownWhileDisconnected()
    {
        const auto alice = signInLocally(m_server.get(), QStringLiteral("alice"));
        const auto bob = signInLocally(m_server.get(), QStringLiteral("bob"));
        QVERIFY(alice && bob);
        m_server->store()->addContact(alice->userId, bob->userId);

        SessionBackend backend(clientOptions());
        MainWindow window(&backend);
        window.setCloseToTray(false);
        window.resize(900, 600);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ClientSession bobClient(clientOptions());
        bobClient.signInWithToken(bob->token);
        backend.signInWithToken(alice->token);
        ContactListModel *model = window.contactModel();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 10000);
        const QModelIndex row = model->index(0);
        QTRY_COMPARE_WITH_TIMEOUT(row.data(ContactListModel::StateRole).value<PresenceState>(),
                                  PresenceState::Online, 10000);
        window.openChat(bob->userId);
        QCOMPARE(window.chatPane()->statusLabel()->fullText(), QStringLiteral("online"));
        QTRY_COMPARE_WITH_TIMEOUT(window.selfStatusLabel()->text(), QStringLiteral("You: online"),
                                  10000);
        QCOMPARE(row.data(ContactListModel::StaleRole).toBool(), false);
        QVERIFY(!window.retryButton()->isVisible());

        // The server quits (as the host's app did): the last update said "online" for both.
        m_server->stop();
        QTRY_COMPARE_WITH_TIMEOUT(backend.connectionState(), ConnectionState::Reconnecting, 10000);
        QCOMPARE(row.data(ContactListModel::StaleRole).toBool(), true);
        QCOMPARE(row.data(Qt::ToolTipRole).toString(),
                 QStringLiteral("bob — last known: online (not current while disconnected)"));
        QCOMPARE(window.chatPane()->statusLabel()->fullText(),
                 QStringLiteral("Last known: online"));
        QVERIFY(!window.chatPane()->badge()->isCurrent());
        QCOMPARE(window.selfStatusLabel()->text(), QStringLiteral("You: Offline"));
        QVERIFY(window.connectionLabel()->text().contains(QRegularExpression(
            QStringLiteral("^○ Not connected\\. Reconnecting in (30|29) s —$"))));
        QVERIFY(window.retryButton()->isVisible());
        // No jargon from failing REST calls in the status bar.
        window.chatPane()->openConversation(0, {});
        window.openChat(bob->userId); // asks the server for the history, which fails
        QTRY_VERIFY_WITH_TIMEOUT(
            backend.session()->rest()->findChildren<QNetworkReply *>().isEmpty(), 10000);
        QVERIFY2(!window.statusBar()->currentMessage().contains(QStringLiteral("refused")),
                 qPrintable(window.statusBar()->currentMessage()));

        // The server is back; "Retry now" does not wait the 30 s.
        m_server = std::make_unique<PresenceServer>(config(m_port));
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        QTest::mouseClick(window.retryButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(backend.connectionState(), ConnectionState::Connected, 5000);
        QCOMPARE(row.data(ContactListModel::StaleRole).toBool(), false);
        QVERIFY(window.chatPane()->badge()->isCurrent());
        QTRY_COMPARE_WITH_TIMEOUT(window.selfStatusLabel()->text(), QStringLiteral("You: online"),
                                  10000);
        QVERIFY(!window.retryButton()->isVisible());
    }

    void cleanupTestCase()
    {
        if (m_server)
            m_server->stop();
    }
};

QTEST_MAIN(TestOfflinePresence)
#include "tst_offlinepresence.moc"
