// Demo mode's script, headless (what the app's SessionBackend shows, without widgets): with a
// ManualClock shared by the embedded server, the demo users' clients and the viewer's client, the
// viewer sees every state the demo promises — online, active just now, active N minutes ago, last
// seen today / yesterday / on a date / a long time ago, hidden — within one cycle, and a demo user
// answers a chat message.
#include "client/clientsession.h"
#include "core/clock.h"
#include "demo/demoscript.h"
#include "server/presenceserver.h"
#include "sessionbackend.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace SmartFixer;

class TestDemoScript : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    ManualClock *m_clock = nullptr;
    std::unique_ptr<PresenceServer> m_server;
    std::unique_ptr<DemoScript> m_script;
    std::unique_ptr<Ui::SessionBackend> m_backend; // what the desktop app shows
    ClientSession *m_viewer = nullptr;
    QHash<QString, UserId> m_ids; // username → id

    QString textOf(const QString &username) const
    {
        const auto info = m_backend->presence(m_ids.value(username));
        return info ? info->status : QString();
    }
    PresenceState stateOf(const QString &username) const
    {
        const auto info = m_backend->presence(m_ids.value(username));
        return info ? info->state : PresenceState::LastSeen;
    }
    //! Moves the demo clock forward in small steps (the script runs what became due).
    void advanceSeconds(int seconds)
    {
        for (int i = 0; i < seconds; ++i)
            m_clock->advance(1000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        Test::initTestEnvironment();
        QVERIFY(m_dir.isValid());
        // Noon local time, so "yesterday at 18:40" and "on 24 Nov" are stable.
        m_clock = new ManualClock(QDateTime(QDate(2026, 11, 28), QTime(12, 0)).toMSecsSinceEpoch(),
                                  this);
        ServerConfig config;
        config.listenAddress = QHostAddress(QHostAddress::LocalHost);
        config.port = 0;
        config.databasePath = m_dir.filePath(QStringLiteral("demo.sqlite"));
        m_server = std::make_unique<PresenceServer>(config, m_clock);
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        m_script = std::make_unique<DemoScript>(m_server.get(), m_clock);
        m_script->setReplyDelayMs(50);
        const auto token = m_script->setUp(&error);
        QVERIFY2(token, qPrintable(error));
        const auto users = m_script->users();
        QCOMPARE(users.size(), 7);
        for (const auto &u : users)
            m_ids.insert(u.username, u.id);

        ClientOptions options;
        options.serverUrl = m_server->url();
        options.clock = m_clock;
        options.cachePath = QStringLiteral(":memory:");
        options.followNetworkChanges = false;
        StatusTextOptions text;
        text.locale = QLocale(QLocale::English, QLocale::UnitedKingdom);
        text.zone = QTimeZone::systemTimeZone();
        options.text = text;
        m_backend = std::make_unique<Ui::SessionBackend>(options);
        m_viewer = m_backend->session();
        QSignalSpy signedIn(m_viewer, &ClientSession::signedIn);
        m_viewer->signInWithToken(*token);
        QVERIFY(signedIn.wait(10000));
    }

    void cleanupTestCase()
    {
        m_backend.reset();
        m_script.reset();
        if (m_server)
            m_server->stop();
    }

    void walksThroughEveryState()
    {
        // Before the script starts: the seeded history.
        QTRY_COMPARE_WITH_TIMEOUT(textOf(QStringLiteral("chen")),
                                  QStringLiteral("Active 3 minutes ago"), 10000);
        QCOMPARE(textOf(QStringLiteral("dana")), QStringLiteral("Last seen yesterday at 18:40"));
        QCOMPARE(textOf(QStringLiteral("grace")), QStringLiteral("Last seen on 24 Nov at 10:15"));
        QCOMPARE(textOf(QStringLiteral("farid")), QStringLiteral("Last seen a long time ago"));
        QCOMPARE(stateOf(QStringLiteral("eve")), PresenceState::Hidden);

        m_script->start();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("ada")), PresenceState::Online, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("bob")), PresenceState::Online, 10000);
        // Eve is connected, but hidden from us; the true state says online.
        QTRY_VERIFY_WITH_TIMEOUT(m_script->trueState(m_ids.value(QStringLiteral("eve"))).isOnline,
                                 10000);
        QCOMPARE(stateOf(QStringLiteral("eve")), PresenceState::Hidden);
        QCOMPARE(textOf(QStringLiteral("eve")), QStringLiteral("Presence hidden"));

        advanceSeconds(4); // Bob leaves at 3 s
        QTRY_COMPARE_WITH_TIMEOUT(textOf(QStringLiteral("bob")), QStringLiteral("Active just now"),
                                  10000);
        advanceSeconds(12); // Farid drops in at 15 s
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("farid")), PresenceState::Online, 10000);
        advanceSeconds(10); // Farid leaves at 20 s, Dana comes at 25 s
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("farid")), PresenceState::Active, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("dana")), PresenceState::Online, 10000);
        advanceSeconds(10); // Eve shows her presence at 35 s
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("eve")), PresenceState::Online, 10000);
        advanceSeconds(30); // Bob: a minute since he left
        QTRY_COMPARE_WITH_TIMEOUT(textOf(QStringLiteral("bob")),
                                  QStringLiteral("Active 1 minute ago"), 10000);
        // Eve hid again at 55 s; Dana left at 45 s.
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("eve")), PresenceState::Hidden, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("dana")), PresenceState::Active, 10000);
        // Chen was active 3 min before the start: past the 5-minute window after 2 more.
        advanceSeconds(60);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("chen")), PresenceState::LastSeen, 10000);
        QCOMPARE(textOf(QStringLiteral("chen")), QStringLiteral("Last seen today at 11:57"));
        // Ada stays online past the window: connected demo users keep sending user_activity.
        advanceSeconds(4 * 60);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("ada")), PresenceState::Online, 10000);
        QCOMPARE(m_script->trueState(m_ids.value(QStringLiteral("ada"))).state,
                 PresenceState::Online);
        QVERIFY(m_script->history().size() > 8);
    }

    void demoUserAnswers()
    {
        QSignalSpy got(m_viewer, &ClientSession::messageReceived);
        QSignalSpy typing(m_viewer, &ClientSession::typingReceived);
        const UserId ada = m_ids.value(QStringLiteral("ada"));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("ada")), PresenceState::Online, 10000);
        m_viewer->sendMessage(ada, QStringLiteral("Hello Ada"));
        QTRY_COMPARE_WITH_TIMEOUT(got.size(), 1, 10000);
        QCOMPARE(got.at(0).at(0).value<ChatMessage>().from, ada);
        QVERIFY(got.at(0).at(0).value<ChatMessage>().text.contains(QStringLiteral("Ada Lovelace")));
        QCOMPARE(typing.size(), 1);
    }

    void forceFromThePanel()
    {
        const UserId grace = m_ids.value(QStringLiteral("grace"));
        m_script->force(grace, DemoScript::Force::Online);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("grace")), PresenceState::Online, 10000);
        m_script->force(grace, DemoScript::Force::Hidden);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("grace")), PresenceState::Hidden, 10000);
        QCOMPARE(m_script->trueState(grace).state, PresenceState::Online);
        m_script->force(grace, DemoScript::Force::Visible);
        m_script->force(grace, DemoScript::Force::Offline);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("grace")), PresenceState::Active, 10000);
    }
};

QTEST_GUILESS_MAIN(TestDemoScript)
#include "tst_demoscript.moc"
