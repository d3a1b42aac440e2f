// LocalCache (SQLite) and what ClientSession shows from it before any connection: contacts,
// last-known presence aged on the local clock, history, and an offline queue that survives a
// restart of the app.
#include "client/clientsession.h"
#include "client/localcache.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace SmartFixer;

namespace {

constexpr qint64 T0 = 1795860000000; // 2026-11-28 10:00 UTC

ChatMessage message(qint64 id, UserId from, UserId to, const QString &text,
                    ChatMessage::Delivery delivery, const QString &clientId = {})
{
    ChatMessage m;
    m.id = id;
    m.from = from;
    m.to = to;
    m.text = text;
    m.delivery = delivery;
    m.clientId = clientId;
    if (id > 0)
        m.sentAtMs = T0 + id * 1000;
    return m;
}

ClientOptions offlineOptions(const QString &cachePath, Clock *clock)
{
    ClientOptions o;
    o.serverUrl = QUrl(QStringLiteral("http://127.0.0.1:9"));
    o.cachePath = cachePath;
    o.clock = clock;
    StatusTextOptions text;
    text.locale = QLocale(QLocale::English, QLocale::UnitedKingdom);
    text.zone = QTimeZone::utc();
    o.text = text;
    o.followNetworkChanges = false;
    return o;
}

} // namespace

class TestLocalCache : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { SmartFixer::Test::initTestEnvironment(); }

    void roundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/cache.sqlite"));
        {
            LocalCache cache;
            const auto opened = cache.open(path);
            QVERIFY2(opened.ok(), qPrintable(opened.error()));
            cache.setMeta(QStringLiteral("user_id"), QStringLiteral("1"));
            cache.setContacts({{2, QStringLiteral("bob"), QStringLiteral("Bob")},
                               {3, QStringLiteral("carol"), QStringLiteral("Carol")}});
            PresenceInfo bob;
            bob.userId = 2;
            bob.isOnline = true;
            bob.state = PresenceState::Online;
            bob.status = QStringLiteral("online");
            bob.lastActiveMs = T0;
            bob.lastActiveAgoMs = 1200;
            cache.storePresence(bob, T0 + 5);
        }
        LocalCache cache;
        QVERIFY(cache.open(path).ok());
        QCOMPARE(cache.meta(QStringLiteral("user_id")), QStringLiteral("1"));
        QCOMPARE(cache.contacts().size(), 2);
        QCOMPARE(cache.contacts().at(1).displayName, QStringLiteral("Carol"));
        const auto presence = cache.presence();
        QCOMPARE(presence.size(), 1);
        QCOMPARE(presence.first().receivedAtMs, T0 + 5);
        QCOMPARE(presence.first().info.lastActiveAgoMs, std::optional<qint64>(1200));
        QCOMPARE(presence.first().info.state, PresenceState::Online);
        cache.clearAll();
        QVERIFY(cache.contacts().isEmpty());
        QVERIFY(cache.presence().isEmpty());
    }

    void messagesAndOutbox()
    {
        QTemporaryDir dir;
        LocalCache cache;
        QVERIFY(cache.open(dir.filePath(QStringLiteral("c.sqlite"))).ok());
        cache.storeMessage(message(0, 1, 2, QStringLiteral("q1"), ChatMessage::Delivery::Queued,
                                   QStringLiteral("a")));
        cache.storeMessage(
            message(10, 2, 1, QStringLiteral("r10"), ChatMessage::Delivery::Received));
        cache.storeMessage(message(0, 1, 2, QStringLiteral("q2"), ChatMessage::Delivery::Queued,
                                   QStringLiteral("b")));
        cache.storeMessage(message(5, 1, 3, QStringLiteral("other peer"),
                                   ChatMessage::Delivery::Sent, QStringLiteral("c")));
        QCOMPARE(cache.outbox().size(), 2);
        QCOMPARE(cache.outbox().at(0).clientId, QStringLiteral("a"));
        QCOMPARE(cache.outbox().at(1).clientId, QStringLiteral("b"));
        // The ack for "a" turns it Sent (same row, found by client_id).
        ChatMessage sent = message(11, 1, 2, QStringLiteral("q1"), ChatMessage::Delivery::Sent,
                                   QStringLiteral("a"));
        cache.storeMessage(sent);
        QCOMPARE(cache.outbox().size(), 1);
        QCOMPARE(cache.messageByClientId(QStringLiteral("a")).value(), sent);
        // Receiving the same server message twice stores it once.
        cache.storeMessage(
            message(10, 2, 1, QStringLiteral("r10"), ChatMessage::Delivery::Received));
        const auto history = cache.history(1, 2);
        QStringList texts;
        for (const ChatMessage &m : history)
            texts << m.text;
        // Server order first, still-queued messages last.
        QCOMPARE(texts,
                 (QStringList{QStringLiteral("r10"), QStringLiteral("q1"), QStringLiteral("q2")}));
        QCOMPARE(cache.history(1, 2, 1).size(), 1);
        QCOMPARE(cache.history(1, 2, 1).first().text, QStringLiteral("q2"));
    }

    void queuedBeforeSignInIsClaimed()
    {
        QTemporaryDir dir;
        LocalCache cache;
        QVERIFY(cache.open(dir.filePath(QStringLiteral("c.sqlite"))).ok());
        cache.storeMessage(message(0, 0, 2, QStringLiteral("early"), ChatMessage::Delivery::Queued,
                                   QStringLiteral("e")));
        QVERIFY(cache.history(1, 2).isEmpty());
        cache.claimUnsignedMessages(1);
        QCOMPARE(cache.history(1, 2).size(), 1);
        QCOMPARE(cache.outbox().first().from, UserId(1));
    }

    void unusablePathIsAnError()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        LocalCache cache;
        const auto opened = cache.open(dir.filePath(QStringLiteral("file/cache.sqlite")));
        QVERIFY(!opened.ok());
        QVERIFY(!opened.error().isEmpty());
    }

    void sessionShowsLastKnownStateBeforeConnecting()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
        ManualClock clock(T0);
        {
            LocalCache cache;
            QVERIFY(cache.open(path).ok());
            cache.setMeta(QStringLiteral("user_id"), QStringLiteral("1"));
            cache.setContacts({{2, QStringLiteral("bob"), QStringLiteral("Bob")}});
            PresenceInfo bob;
            bob.userId = 2;
            bob.state = PresenceState::Active;
            bob.lastActiveAgoMs = 60000;
            cache.storePresence(bob, T0 - 60000); // received a minute ago: active 2 min ago
            cache.storeMessage(
                message(7, 2, 1, QStringLiteral("hi"), ChatMessage::Delivery::Received));
        }
        ClientSession session(offlineOptions(path, &clock));
        QVERIFY(session.cacheError().isEmpty());
        QCOMPARE(session.connectionStatus().state, ConnectionStatus::Offline);
        QCOMPARE(session.selfId(), UserId(1));
        QCOMPARE(session.contacts().size(), 1);
        QCOMPARE(session.presence()->view(2)->text, QStringLiteral("Active 2 minutes ago"));
        QCOMPARE(session.history(2).size(), 1);
        QSignalSpy changed(&session, &ClientSession::presenceChanged);
        clock.advance(60000);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(session.presence()->view(2)->text, QStringLiteral("Active 3 minutes ago"));
    }

    void offlineQueueSurvivesRestart()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
        ManualClock clock(T0);
        QString first;
        QString second;
        {
            ClientSession session(offlineOptions(path, &clock));
            QSignalSpy updated(&session, &ClientSession::messageUpdated);
            first = session.sendMessage(2, QStringLiteral("written offline"));
            second = session.sendMessage(2, QStringLiteral("and another"));
            QCOMPARE(updated.count(), 2);
            QCOMPARE(updated.first().first().value<ChatMessage>().delivery,
                     ChatMessage::Delivery::Queued);
            QVERIFY(!QUuid::fromString(first).isNull());
            QVERIFY(first != second);
        }
        ClientSession session(offlineOptions(path, &clock));
        const auto outbox = session.outbox();
        QCOMPARE(outbox.size(), 2);
        QCOMPARE(outbox.at(0).clientId, first);
        QCOMPARE(outbox.at(1).clientId, second);
        QCOMPARE(outbox.at(1).text, QStringLiteral("and another"));
    }
};

QTEST_GUILESS_MAIN(TestLocalCache)
#include "tst_localcache.moc"
