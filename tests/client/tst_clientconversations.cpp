// ClientSession's Conversations (DESIGN.md §12) against our server on 127.0.0.1 port 0: the
// ticks as the sender's cache records them (delivered, read), unread counts on two devices of
// the recipient, the conversations list, search, and read receipts switched off.
#include "client/clientsession.h"
#include "server/presenceserver.h"
#include "storage/store.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace SmartFixer;

namespace {

constexpr qint64 T0 = 1795860000000; // 2026-11-28 10:00 UTC

ClientOptions options(const QUrl &url, const QString &cachePath, Clock *clock)
{
    ClientOptions o;
    o.serverUrl = url;
    o.cachePath = cachePath;
    o.clock = clock;
    o.followNetworkChanges = false;
    o.reconnect.initialDelayMs = 100;
    o.reconnect.maxDelayMs = 400;
    o.ackTimeoutMs = 3000;
    return o;
}

std::optional<ChatMessage> lastOf(const ClientSession &s, UserId peer)
{
    const QList<ChatMessage> h = s.history(peer);
    if (h.isEmpty())
        return std::nullopt;
    return h.last();
}

} // namespace

class TestClientConversations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { Test::initTestEnvironment(); }

    void receiptsUnreadListAndSearch()
    {
        QTemporaryDir dir;
        ManualClock clock(T0);
        ServerConfig config;
        config.port = 0;
        config.databasePath = dir.filePath(QStringLiteral("server.db"));
        config.textZone = QTimeZone::utc();
        PresenceServer server(config, &clock);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const auto alice = server.store()->createUser(QStringLiteral("alice"), {}, {});
        const auto bob = server.store()->createUser(QStringLiteral("bob"), {}, {});
        QVERIFY(alice && bob);
        const UserId a = alice->id, b = bob->id;

        ClientSession as(options(server.url(), dir.filePath(QStringLiteral("a.sqlite")), &clock));
        ClientSession bs(options(server.url(), dir.filePath(QStringLiteral("b.sqlite")), &clock));
        ClientSession bs2(options(server.url(), dir.filePath(QStringLiteral("b2.sqlite")), &clock));
        as.signInWithToken(server.store()->issueToken(a));
        bs.signInWithToken(server.store()->issueToken(b));
        QTRY_VERIFY(as.isConnected() && bs.isConnected());
        QTRY_COMPARE(bs.selfId(), b);

        QSignalSpy received(&bs, &ClientSession::messageReceived);
        QSignalSpy ticks(as.conversations(), &Conversations::receiptsChanged);
        QVERIFY(received.isValid() && ticks.isValid());
        as.sendMessage(b, QStringLiteral("Hi Bob, lunch?"));
        QTRY_COMPARE(received.size(), 1);
        const qint64 id = received.first().first().value<ChatMessage>().id;
        QVERIFY(id > 0);
        // ✓✓: alice's copy knows it was delivered, not yet read.
        QTRY_VERIFY(lastOf(as, b) && lastOf(as, b)->deliveredAtMs.has_value());
        QVERIFY(!lastOf(as, b)->readAtMs);
        QVERIFY(ticks.size() >= 1);
        QCOMPARE(ticks.last().first().value<UserId>(), b);
        QTRY_COMPARE(bs.conversations()->unread(a), 1);
        QCOMPARE(bs.conversations()->totalUnread(), 1);
        QCOMPARE(as.conversations()->unread(b), 0);

        // A second device of bob starts with the server's count.
        bs2.signInWithToken(server.store()->issueToken(b));
        QTRY_COMPARE(bs2.conversations()->unread(a), 1);
        QCOMPARE(bs2.conversations()->list().size(), 1);
        QCOMPARE(bs2.conversations()->list().first().peer.username, QStringLiteral("alice"));
        QCOMPARE(bs2.conversations()->list().first().lastMessage.id, id);

        // bob reads on the first device: its count drops at once, the other device follows,
        // and alice's copy turns read.
        clock.advance(5000);
        bs.conversations()->markRead(a, id);
        QCOMPARE(bs.conversations()->unread(a), 0);
        QTRY_COMPARE(bs2.conversations()->unread(a), 0);
        QTRY_VERIFY(lastOf(as, b)->readAtMs.has_value());
        QVERIFY(lastOf(bs, a)->readAtMs.has_value());

        // Search goes to the server and finds the message.
        QSignalSpy found(bs.conversations(), &Conversations::searchFinished);
        bs.conversations()->search(QStringLiteral("LUNCH"));
        QTRY_COMPARE(found.size(), 1);
        const auto results = found.first().at(1).value<QList<ChatMessage>>();
        QCOMPARE(results.size(), 1);
        QCOMPARE(results.first().id, id);
        bs.conversations()->search(QStringLiteral("dinner"), a);
        QTRY_COMPARE(found.size(), 2);
        QVERIFY(found.at(1).at(1).value<QList<ChatMessage>>().isEmpty());

        // Read receipts off: the next read is not shown to alice.
        QSignalSpy switched(bs.conversations(), &Conversations::readReceiptsChanged);
        bs.conversations()->setReadReceipts(false);
        QTRY_COMPARE(switched.size(), 1);
        QCOMPARE(bs.conversations()->readReceipts(), false);
        QSignalSpy received2(&bs, &ClientSession::messageReceived);
        as.sendMessage(b, QStringLiteral("second"));
        QTRY_COMPARE(received2.size(), 1);
        const qint64 second = received2.first().first().value<ChatMessage>().id;
        QTRY_VERIFY(lastOf(as, b)->id == second && lastOf(as, b)->deliveredAtMs.has_value());
        bs.conversations()->markRead(a, second);
        QTRY_COMPARE(bs2.conversations()->unread(a), 0);
        // Ordered after a messages_read alice would have got: one more round trip for her.
        bool acked = false;
        as.reportActivity([&acked](const Result<QJsonValue> &) { acked = true; });
        QTRY_VERIFY(acked);
        QVERIFY(!lastOf(as, b)->readAtMs);
    }
};

QTEST_GUILESS_MAIN(TestClientConversations)
#include "tst_clientconversations.moc"
