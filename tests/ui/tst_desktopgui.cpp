// The real widgets against a real embedded PresenceServer on 127.0.0.1 (port 0), with a
// ManualClock shared by the server and both clients: sign in, badges, chat, live presence,
// ageing text, privacy.
#include "chatpane.h"
#include "client/clientsession.h"
#include "contactlistmodel.h"
#include "core/clock.h"
#include "dialogs.h"
#include "elidedlabel.h"
#include "mainwindow.h"
#include "messagedelegate.h"
#include "messagemodel.h"
#include "server/presenceserver.h"
#include "sessionbackend.h"
#include "storage/store.h"
#include "testsupport.h"

#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace SmartFixer;
using namespace SmartFixer::Ui;

class TestDesktopGui : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    ManualClock *m_clock = nullptr;
    std::unique_ptr<PresenceServer> m_server;
    std::unique_ptr<SessionBackend> m_backend;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<ClientSession> m_bob;
    UserId m_alice = 0, m_bobId = 0, m_carol = 0;
    QString m_bobToken;

    PresenceState stateOf(UserId id) const
    {
        const int row = m_window->contactModel()->rowOf(id);
        return m_window->contactModel()
            ->index(row)
            .data(ContactListModel::StateRole)
            .value<PresenceState>();
    }
    QString statusOf(UserId id) const
    {
        const int row = m_window->contactModel()->rowOf(id);
        return m_window->contactModel()
            ->index(row)
            .data(ContactListModel::StatusTextRole)
            .toString();
    }
    ClientOptions clientOptions() const
    {
        ClientOptions o;
        o.serverUrl = m_server->url();
        o.clock = m_clock;
        o.cachePath = QStringLiteral(":memory:");
        StatusTextOptions text;
        text.locale = QLocale(QLocale::English, QLocale::UnitedKingdom);
        text.zone = QTimeZone::utc();
        o.text = text;
        o.followNetworkChanges = false;
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        Test::initTestEnvironment();
        QVERIFY(m_dir.isValid());
        // 2026-11-28 12:00 UTC
        m_clock = new ManualClock(
            QDateTime(QDate(2026, 11, 28), QTime(12, 0), QTimeZone::utc()).toMSecsSinceEpoch(),
            this);
        ServerConfig config;
        config.listenAddress = QHostAddress(QHostAddress::LocalHost);
        config.port = 0;
        config.databasePath = m_dir.filePath(QStringLiteral("gui.sqlite"));
        config.textZone = QTimeZone::utc();
        m_server = std::make_unique<PresenceServer>(config, m_clock);
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        ServerStore *store = m_server->store();
        const auto alice = store->createUser(QStringLiteral("alice"), QStringLiteral("Alice Smith"),
                                             QStringLiteral("wonderland-42"));
        const auto bob = store->createUser(QStringLiteral("bob"), QStringLiteral("Bob Jones"), {});
        const auto carol
            = store->createUser(QStringLiteral("carol"), QStringLiteral("Carol King"), {});
        QVERIFY2(alice && bob && carol, qPrintable(error));
        m_alice = alice->id;
        m_bobId = bob->id;
        m_carol = carol->id;
        store->addContact(m_alice, m_bobId);
        store->addContact(m_bobId, m_alice);
        store->addContact(m_alice, m_carol);
        m_bobToken = store->issueToken(m_bobId);

        m_backend = std::make_unique<SessionBackend>(clientOptions());
        m_window = std::make_unique<MainWindow>(m_backend.get());
        m_window->setCloseToTray(false);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase()
    {
        m_bob.reset();
        m_window.reset();
        m_backend.reset();
        if (m_server)
            m_server->stop();
    }

    void wrongPasswordShowsError()
    {
        LoginDialog dialog(m_backend.get(), QStringLiteral("alice"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.errorLabel()->text().isEmpty());
        dialog.passwordField()->setText(QStringLiteral("nope"));
        QTest::keyClick(dialog.passwordField(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(
            dialog.errorLabel()->text() == QStringLiteral("Wrong name or password."), 10000);
        QVERIFY(dialog.result() != QDialog::Accepted);
    }

    void signInShowsContactsWithBadges()
    {
        LoginDialog dialog(m_backend.get(), QStringLiteral("alice"));
        dialog.show();
        QCOMPARE(dialog.serverField()->text(), m_server->url().toDisplayString());
        dialog.passwordField()->setText(QStringLiteral("wonderland-42"));
        QSignalSpy signedIn(m_backend.get(), &ChatBackend::signedIn);
        QTest::keyClick(dialog.passwordField(), Qt::Key_Return);
        QVERIFY(signedIn.wait(10000));
        QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->contactModel()->rowCount(), 2, 10000);
        QCOMPARE(m_window->contactModel()->index(0).data().toString(), QStringLiteral("Bob Jones"));
        // Bob and Carol were never active: last seen a long time ago.
        QTRY_COMPARE(statusOf(m_bobId), QStringLiteral("Last seen a long time ago"));
        QCOMPARE(stateOf(m_bobId), PresenceState::LastSeen);
        QTRY_COMPARE(m_window->connectionLabel()->text().contains(QStringLiteral("Connected")),
                     true);
        // Our own presence in the status bar.
        QTRY_VERIFY(m_window->selfStatusLabel()->text().contains(QStringLiteral("online")));
    }

    void secondClientComesOnlineLive()
    {
        QSignalSpy changed(m_window->contactModel(), &QAbstractItemModel::dataChanged);
        QSignalSpy reset(m_window->contactModel(), &QAbstractItemModel::modelReset);
        m_bob = std::make_unique<ClientSession>(clientOptions());
        m_bob->signInWithToken(m_bobToken);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(m_bobId), PresenceState::Online, 10000);
        QCOMPARE(statusOf(m_bobId), QStringLiteral("online"));
        QCOMPARE(reset.size(), 0);
        for (const auto &args : changed) {
            const auto idx = args.at(0).value<QModelIndex>();
            QCOMPARE(idx.row(), args.at(1).value<QModelIndex>().row());
            QCOMPARE(idx.row(), m_window->contactModel()->rowOf(m_bobId));
        }
    }

    void chatSendAndDeliver()
    {
        m_window->openChat(m_bobId);
        ChatPane *pane = m_window->chatPane();
        QCOMPARE(pane->peer(), m_bobId);
        QCOMPARE(pane->statusLabel()->fullText(), QStringLiteral("online"));
        QSignalSpy bobGot(m_bob.get(), &ClientSession::messageReceived);
        pane->focusComposer();
        QTest::keyClicks(pane->composer(), QStringLiteral("Hello Bob"));
        QTest::keyClick(pane->composer(), Qt::Key_Return);
        QVERIFY(pane->composer()->text().isEmpty());
        MessageModel *model = pane->messageModel();
        QTRY_COMPARE(model->rowCount(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(
            model->index(0).data(MessageModel::DeliveryRole).value<DeliveryState>(),
            DeliveryState::Sent, 10000);
        QCOMPARE(model->index(0).data(MessageModel::TextRole).toString(),
                 QStringLiteral("Hello Bob"));
        QTRY_COMPARE_WITH_TIMEOUT(bobGot.size(), 1, 10000);
        QCOMPARE(bobGot.at(0).at(0).value<ChatMessage>().text, QStringLiteral("Hello Bob"));

        // Bob types and answers: the typing hint, then the message.
        m_bob->sendTyping(m_alice);
        QTRY_VERIFY_WITH_TIMEOUT(pane->typingLabel()->fullText().contains(QStringLiteral("typing")),
                                 10000);
        m_bob->sendMessage(m_alice, QStringLiteral("Hi Alice"));
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, 10000);
        QCOMPARE(model->index(1).data(MessageModel::OutgoingRole).toBool(), false);
        QCOMPARE(model->index(1).data(MessageModel::TextRole).toString(),
                 QStringLiteral("Hi Alice"));
    }

    void offlineMessagesQueueThenSend()
    {
        ClientSession *session = m_backend->session();
        const QString token = session->token();
        session->disconnectFromServer();
        QTRY_COMPARE_WITH_TIMEOUT(m_backend->connectionState(), ConnectionState::Disconnected,
                                  10000);
        QTRY_VERIFY(m_window->connectionLabel()->text().contains(QStringLiteral("Offline")));
        ChatPane *pane = m_window->chatPane();
        MessageModel *model = pane->messageModel();
        const int before = model->rowCount();
        pane->composer()->setText(QStringLiteral("Sent while offline"));
        QTest::keyClick(pane->composer(), Qt::Key_Return);
        QTRY_COMPARE(model->rowCount(), before + 1);
        const QModelIndex queued = model->index(before);
        QCOMPARE(queued.data(MessageModel::DeliveryRole).value<DeliveryState>(),
                 DeliveryState::Queued);
        QVERIFY(
            MessageDelegate::footerText(queued, QLocale::c()).contains(QStringLiteral("Queued")));
        QSignalSpy bobGot(m_bob.get(), &ClientSession::messageReceived);
        session->signInWithToken(token);
        QTRY_COMPARE_WITH_TIMEOUT(
            model->index(before).data(MessageModel::DeliveryRole).value<DeliveryState>(),
            DeliveryState::Sent, 10000);
        QCOMPARE(model->rowCount(), before + 1); // updated in place, not duplicated
        QTRY_COMPARE_WITH_TIMEOUT(bobGot.size(), 1, 10000);
    }

    void textAgesWithTheClock()
    {
        m_bob->disconnectFromServer();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(m_bobId), PresenceState::Active, 10000);
        QCOMPARE(statusOf(m_bobId), QStringLiteral("Active just now"));
        QSignalSpy changed(m_window->contactModel(), &QAbstractItemModel::dataChanged);
        m_clock->advance(2 * 60 * 1000 + 1000);
        QTRY_COMPARE(statusOf(m_bobId), QStringLiteral("Active 2 minutes ago"));
        QCOMPARE(m_window->chatPane()->statusLabel()->fullText(),
                 QStringLiteral("Active 2 minutes ago"));
        QVERIFY(!changed.isEmpty());
        for (const auto &args : changed)
            QCOMPARE(args.at(0).value<QModelIndex>().row(),
                     m_window->contactModel()->rowOf(m_bobId));
        // Past the active window: last seen today at 12:00 (UTC, en_GB 24 h).
        m_clock->advance(4 * 60 * 1000);
        QTRY_COMPARE(stateOf(m_bobId), PresenceState::LastSeen);
        QTRY_COMPARE(statusOf(m_bobId), QStringLiteral("Last seen today at 12:00"));
    }

    void privacyHidesTheBadgeOnTheOtherSide()
    {
        // Bob comes back, then hides: Alice's row turns "hidden".
        m_bob->signInWithToken(m_bobToken);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(m_bobId), PresenceState::Online, 10000);
        m_bob->setVisibility(QStringLiteral("nobody"));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(m_bobId), PresenceState::Hidden, 10000);
        QCOMPARE(statusOf(m_bobId), QStringLiteral("Presence hidden"));

        // Alice hides through her backend: Bob's view of her turns hidden.
        // Alice has been idle past the window (the clock moved); activity makes her online.
        QTRY_VERIFY_WITH_TIMEOUT(m_bob->presence()->view(m_alice).has_value(), 10000);
        m_backend->reportActivity();
        QTRY_COMPARE_WITH_TIMEOUT(m_bob->presence()->view(m_alice)->state, PresenceState::Online,
                                  10000);
        QSignalSpy visibility(m_backend.get(), &ChatBackend::visibilityChanged);
        m_backend->setVisibility(Visibility::Nobody);
        QVERIFY(visibility.wait(10000));
        QCOMPARE(m_backend->visibility(), Visibility::Nobody);
        QTRY_COMPARE_WITH_TIMEOUT(m_bob->presence()->view(m_alice)->state, PresenceState::Hidden,
                                  10000);
        // Alice still sees herself.
        QVERIFY(m_window->selfStatusLabel()->text().contains(QStringLiteral("online")));
    }

    void filterAndAddContact()
    {
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(m_window->filterField()->hasFocus());
        QTest::keyClicks(m_window->filterField(), QStringLiteral("car"));
        QCOMPARE(m_window->contactView()->model()->rowCount(), 1);
        m_window->filterField()->clear();
        QCOMPARE(m_window->contactView()->model()->rowCount(), 2);

        // Directory search finds carol's reverse: add someone new (dave) through the dialog.
        QString error;
        const auto dave = m_server->store()->createUser(QStringLiteral("dave"),
                                                        QStringLiteral("Dave Grohl"), {});
        QVERIFY(dave);
        AddContactDialog dialog(m_backend.get(), m_window.get());
        dialog.show();
        QTest::keyClicks(dialog.queryField(), QStringLiteral("dav"));
        QTRY_COMPARE_WITH_TIMEOUT(dialog.results()->count(), 1, 10000);
        QTest::keyClick(dialog.results(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->contactModel()->rowCount(), 3, 10000);
        QVERIFY(m_window->contactModel()->rowOf(dave->id) >= 0);
    }
};

QTEST_MAIN(TestDesktopGui)
#include "tst_desktopgui.moc"
