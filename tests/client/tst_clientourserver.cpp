// ClientSession against our own PresenceServer, embedded in-process on 127.0.0.1 port 0 with a
// ManualClock: sign-in (token and password), contacts and snapshot, live updates, local aging
// of the text, REST helpers, and a server restart on the same port with the offline queue
// delivered exactly once, in order.
#include "client/clientsession.h"
#include "server/presencehub.h"
#include "server/presenceserver.h"
#include "storage/store.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace SmartFixer;

namespace {

constexpr qint64 T0 = 1795860000000; // 2026-11-28 10:00 UTC

struct Account
{
    UserId id = 0;
    QString token;
};

//! Our server plus three accounts; alice has bob and carol as contacts.
struct OurServer
{
    explicit OurServer(ManualClock *clock, const QString &dbPath, quint16 port = 0)
    {
        config.port = port;
        config.databasePath = dbPath;
        config.limits.pingIntervalMs = 500;
        config.limits.pingTimeoutMs = 500;
        config.textZone = QTimeZone::utc();
        server = std::make_unique<PresenceServer>(config, clock);
    }
    bool start(QString *error) { return server->start(error); }
    bool makeAccounts(QString *error)
    {
        for (const QString &name :
             {QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol")}) {
            const auto row
                = server->store()->createUser(name, name.toUpper(), QStringLiteral("pw-") + name);
            if (!row) {
                *error = row.error();
                return false;
            }
            accounts.append({row->id, server->store()->issueToken(row->id)});
        }
        server->store()->addContact(accounts[0].id, accounts[1].id);
        server->store()->addContact(accounts[0].id, accounts[2].id);
        server->store()->addContact(accounts[1].id, accounts[0].id);
        return true;
    }
    QUrl url() const { return server->url(); }
    ServerConfig config;
    std::unique_ptr<PresenceServer> server;
    QList<Account> accounts;
};

ClientOptions options(const QUrl &url, const QString &cachePath, Clock *clock)
{
    ClientOptions o;
    o.serverUrl = url;
    o.cachePath = cachePath;
    o.clock = clock;
    StatusTextOptions text;
    text.locale = QLocale(QLocale::English, QLocale::UnitedKingdom);
    text.zone = QTimeZone::utc();
    o.text = text;
    o.followNetworkChanges = false;
    o.reconnect.initialDelayMs = 100;
    o.reconnect.maxDelayMs = 400;
    o.ackTimeoutMs = 3000;
    return o;
}

} // namespace

#define START_OUR_SERVER(s) \
    do { \
        QString startError; \
        QVERIFY2((s).start(&startError), qPrintable(startError)); \
    } while (false)

class TestClientOurServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { SmartFixer::Test::initTestEnvironment(); }

    void tokenSignInContactsAndLiveUpdates()
    {
        QTemporaryDir dir;
        ManualClock clock(T0);
        OurServer server(&clock, dir.filePath(QStringLiteral("server.db")));
        START_OUR_SERVER(server);
        QString error;
        QVERIFY2(server.makeAccounts(&error), qPrintable(error));
        const Account alice = server.accounts[0];
        const Account bob = server.accounts[1];

        ClientSession session(
            options(server.url(), dir.filePath(QStringLiteral("a.sqlite")), &clock));
        QSignalSpy signedIn(&session, &ClientSession::signedIn);
        QSignalSpy contacts(&session, &ClientSession::contactsChanged);
        session.signInWithToken(alice.token);
        QTRY_COMPARE_WITH_TIMEOUT(signedIn.count(), 1, 10000);
        QCOMPARE(signedIn.first().at(0).value<UserId>(), alice.id);
        QCOMPARE(signedIn.first().at(1).toString(), QStringLiteral("ALICE"));
        QCOMPARE(session.visibility(), QStringLiteral("everyone"));
        QTRY_VERIFY_WITH_TIMEOUT(session.isConnected(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(session.contacts().size(), 2, 10000);
        QVERIFY(contacts.count() >= 1);
        // Never seen: the snapshot says so.
        QTRY_VERIFY_WITH_TIMEOUT(session.presence()->contains(bob.id), 10000);
        QCOMPARE(session.presence()->view(bob.id)->text,
                 QStringLiteral("Last seen a long time ago"));

        // Bob connects: alice sees him online, live.
        ClientSession bobSession(
            options(server.url(), dir.filePath(QStringLiteral("b.sqlite")), &clock));
        bobSession.signInWithToken(bob.token);
        QTRY_COMPARE_WITH_TIMEOUT(session.presence()->view(bob.id)->state, PresenceState::Online,
                                  10000);
        QCOMPARE(session.presence()->view(bob.id)->text, QStringLiteral("online"));

        // Bob leaves: active; the text then ages on the client with no server message.
        bobSession.disconnectFromServer();
        QTRY_COMPARE_WITH_TIMEOUT(session.presence()->view(bob.id)->state, PresenceState::Active,
                                  10000);
        QCOMPARE(session.presence()->view(bob.id)->text, QStringLiteral("Active just now"));
        QSignalSpy changed(&session, &ClientSession::presenceChanged);
        clock.advance(2 * 60000);
        QCOMPARE(session.presence()->view(bob.id)->text, QStringLiteral("Active 2 minutes ago"));
        QVERIFY(changed.count() >= 1);
        for (const auto &args : std::as_const(changed))
            QCOMPARE(args.first().value<UserId>(), bob.id); // nobody else changed
    }

    void aSupersededTokenSignInIsIgnored()
    {
        // Signing in again (or signing out) before the first sign-in's /api/me answered: that
        // late answer is about a session that ended and must not sign us in as its user.
        QTemporaryDir dir;
        ManualClock clock(T0);
        OurServer server(&clock, dir.filePath(QStringLiteral("server.db")));
        START_OUR_SERVER(server);
        QString error;
        QVERIFY2(server.makeAccounts(&error), qPrintable(error));
        ClientSession session(options(server.url(), QStringLiteral(":memory:"), &clock));
        QSignalSpy signedIn(&session, &ClientSession::signedIn);
        session.signInWithToken(server.accounts[0].token); // alice …
        session.signOut();
        session.signInWithToken(server.accounts[1].token); // … then bob, at once
        QTRY_VERIFY_WITH_TIMEOUT(session.isConnected(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(signedIn.count() >= 1, 10000);
        for (const auto &args : std::as_const(signedIn))
            QCOMPARE(args.first().value<UserId>(), server.accounts[1].id);
        QCOMPARE(session.selfId(), server.accounts[1].id);
    }

    void passwordSignInRestAndBadToken()
    {
        QTemporaryDir dir;
        ManualClock clock(T0);
        OurServer server(&clock, dir.filePath(QStringLiteral("server.db")));
        START_OUR_SERVER(server);
        QString error;
        QVERIFY2(server.makeAccounts(&error), qPrintable(error));

        {
            ClientSession wrong(options(server.url(), QStringLiteral(":memory:"), &clock));
            QSignalSpy failed(&wrong, &ClientSession::signInFailed);
            wrong.signIn(QStringLiteral("alice"), QStringLiteral("not the password"));
            QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
            const auto err = failed.first().first().value<ClientError>();
            QCOMPARE(err.kind, ErrorKind::Unauthorized);
        }
        {
            ClientSession revoked(options(server.url(), QStringLiteral(":memory:"), &clock));
            revoked.signInWithToken(QStringLiteral("0123456789abcdef"));
            QTRY_COMPARE_WITH_TIMEOUT(revoked.connectionStatus().state,
                                      ConnectionStatus::Unauthorized, 10000);
            // A new token leaves Unauthorized; switching tokens while connected reconnects as
            // the other user (the server reads the token only in CONNECT).
            QSignalSpy signedIn(&revoked, &ClientSession::signedIn);
            revoked.signInWithToken(server.accounts[0].token);
            QTRY_VERIFY_WITH_TIMEOUT(revoked.isConnected(), 10000);
            QTRY_COMPARE_WITH_TIMEOUT(revoked.selfId(), server.accounts[0].id, 10000);
            revoked.signInWithToken(server.accounts[1].token);
            QTRY_COMPARE_WITH_TIMEOUT(revoked.selfId(), server.accounts[1].id, 10000);
            QTRY_VERIFY_WITH_TIMEOUT(revoked.isConnected(), 10000);
            QCOMPARE(signedIn.count(), 2);
            // On the server the old connection (alice) is gone, bob's is there.
            QTRY_VERIFY_WITH_TIMEOUT(
                server.server->hub()->connectionsOf(server.accounts[0].id).isEmpty(), 10000);
            QCOMPARE(server.server->hub()->connectionsOf(server.accounts[1].id).size(), 1);
        }

        ClientSession session(options(server.url(), QStringLiteral(":memory:"), &clock));
        QSignalSpy signedIn(&session, &ClientSession::signedIn);
        session.signIn(QStringLiteral("alice"), QStringLiteral("pw-alice"));
        QTRY_COMPARE_WITH_TIMEOUT(signedIn.count(), 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(session.isConnected(), 10000);
        QVERIFY(!session.token().isEmpty());

        // Presence over REST, for a user who is neither a contact nor subscribed.
        const auto dave = server.server->store()->createUser(QStringLiteral("dave"),
                                                             QStringLiteral("Dave"), QString());
        QVERIFY2(dave, qPrintable(dave.error()));
        QSignalSpy received(&session, &ClientSession::presenceReceived);
        session.refreshPresence(dave->id);
        QTRY_VERIFY_WITH_TIMEOUT(session.presence()->contains(dave->id), 10000);
        bool daveReceived = false; // snapshot objects of the contacts may interleave
        for (const auto &args : std::as_const(received))
            daveReceived |= args.first().value<PresenceInfo>().userId == dave->id;
        QVERIFY(daveReceived);
        QCOMPARE(session.presence()->view(dave->id)->text,
                 QStringLiteral("Last seen a long time ago"));
        QSignalSpy restErrors(&session, &ClientSession::errorOccurred);
        session.refreshPresence(987654);
        QTRY_COMPARE_WITH_TIMEOUT(restErrors.count(), 1, 10000);
        QVERIFY2(restErrors.first().first().toString().startsWith(QStringLiteral("presence: 404")),
                 qPrintable(restErrors.first().first().toString()));

        QSignalSpy found(&session, &ClientSession::usersFound);
        session.searchUsers(QStringLiteral("car"));
        QTRY_COMPARE_WITH_TIMEOUT(found.count(), 1, 10000);
        const auto users = found.first().first().value<QList<ContactInfo>>();
        QCOMPARE(users.size(), 1);
        QCOMPARE(users.first().username, QStringLiteral("carol"));

        QSignalSpy visibility(&session, &ClientSession::visibilityChanged);
        session.setVisibility(QStringLiteral("contacts"));
        QTRY_COMPARE_WITH_TIMEOUT(visibility.count(), 1, 10000);
        QCOMPARE(session.visibility(), QStringLiteral("contacts"));

        QSignalSpy errors(&session, &ClientSession::errorOccurred);
        session.setVisibility(QStringLiteral("sometimes"));
        QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, 10000);
        QVERIFY2(errors.first().first().toString().contains(QStringLiteral("400")),
                 qPrintable(errors.first().first().toString()));

        // A message, and the history from the server.
        const UserId bob = server.accounts[1].id;
        QSignalSpy updated(&session, &ClientSession::messageUpdated);
        session.sendMessage(bob, QStringLiteral("hello"));
        QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 2, 10000); // queued, then sent
        QCOMPARE(updated.last().first().value<ChatMessage>().delivery, ChatMessage::Delivery::Sent);
        QVERIFY(updated.last().first().value<ChatMessage>().id > 0);
        QSignalSpy history(&session, &ClientSession::historyChanged);
        session.loadHistory(bob);
        QTRY_COMPARE_WITH_TIMEOUT(history.count(), 1, 10000);
        QCOMPARE(session.history(bob).size(), 1); // the server's copy is the same message
    }

    void restartOnSamePort()
    {
        QTemporaryDir dir;
        ManualClock clock(T0);
        const QString db = dir.filePath(QStringLiteral("server.db"));
        auto server = std::make_unique<OurServer>(&clock, db);
        START_OUR_SERVER(*server);
        QString error;
        QVERIFY2(server->makeAccounts(&error), qPrintable(error));
        const quint16 port = server->server->serverPort();
        const Account alice = server->accounts[0];
        const Account bob = server->accounts[1];
        const Account carol = server->accounts[2];

        ClientSession session(
            options(server->url(), dir.filePath(QStringLiteral("a.sqlite")), &clock));
        session.signInWithToken(alice.token);
        QTRY_VERIFY_WITH_TIMEOUT(session.isConnected(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(session.presence()->contains(carol.id), 10000);
        session.subscribe({bob.id});

        server->server->stop();
        server.reset();
        QTRY_VERIFY_WITH_TIMEOUT(!session.isConnected(), 10000);
        QSignalSpy presence(&session, &ClientSession::presenceReceived);
        const QStringList texts{QStringLiteral("one"), QStringLiteral("two"),
                                QStringLiteral("three")};
        QStringList ids;
        for (const QString &t : texts)
            ids << session.sendMessage(bob.id, t);
        QCOMPARE(session.outbox().size(), 3);

        server = std::make_unique<OurServer>(&clock, db, port);
        START_OUR_SERVER(*server);
        // Bob is online on the new server when alice comes back.
        ClientSession bobSession(
            options(server->url(), dir.filePath(QStringLiteral("b.sqlite")), &clock));
        QSignalSpy bobReceived(&bobSession, &ClientSession::messageReceived);
        bobSession.signInWithToken(bob.token);
        QTRY_VERIFY_WITH_TIMEOUT(bobSession.isConnected(), 10000);

        session.reconnectNow();
        QTRY_VERIFY_WITH_TIMEOUT(session.isConnected(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(session.outbox().size(), 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(bobReceived.count(), 3, 10000);
        for (int i = 0; i < 3; ++i) {
            const auto m = bobReceived.at(i).first().value<ChatMessage>();
            QCOMPARE(m.text, texts.at(i));
            QCOMPARE(m.clientId, ids.at(i));
        }
        // Exactly once in the server's database, in order.
        const auto stored
            = server->server->store()->messagesBetween(alice.id, bob.id, std::nullopt, 50);
        QCOMPARE(stored.size(), 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(stored.at(i).text, texts.at(i));
        // Presence refreshed: bob (re-subscribed contact) shows online again.
        QTRY_COMPARE_WITH_TIMEOUT(session.presence()->view(bob.id)->state, PresenceState::Online,
                                  10000);
        QVERIFY(presence.count() >= 2);
    }
};

QTEST_GUILESS_MAIN(TestClientOurServer)
#include "tst_clientourserver.moc"
