// Unit tests of PresenceHub without sockets: a ManualClock, an in-memory directory and a
// Delivery that records what would have been sent.
#include "server/presencehub.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

using namespace SmartFixer;

namespace {

constexpr qint64 Start = 1'795'000'000'000; // 2026-11-19, ms since epoch
constexpr qint64 W = 5 * 60 * 1000; // ms

struct Sent
{
    ConnectionId connection;
    QString event;
    QJsonObject payload;
};

class RecordingDelivery final : public Delivery
{
public:
    void deliver(ConnectionId connection, const QString &event, const QJsonValue &payload) override
    {
        sent.append({connection, event, payload.toObject()});
    }
    QList<Sent> updatesTo(ConnectionId connection) const
    {
        QList<Sent> out;
        for (const Sent &s : sent) {
            if (s.connection == connection && s.event == QLatin1String("user_presence_update"))
                out.append(s);
        }
        return out;
    }
    QList<Sent> sent;
};

class FakeDirectory final : public PresenceDirectory
{
public:
    bool userExists(UserId user) const override { return users.contains(user); }
    std::optional<qint64> storedLastActive(UserId user) const override
    {
        return stored.contains(user) ? std::optional<qint64>(stored.value(user)) : std::nullopt;
    }
    Visibility visibility(UserId user) const override
    {
        return visibilities.value(user, Visibility::Everyone);
    }
    QSet<UserId> contactsOf(UserId user) const override { return contacts.value(user); }
    void recordActivity(UserId user, qint64 ms) override { stored.insert(user, ms); }
    void setOnline(UserId user, bool online) override { onlineWrites.append({user, online}); }

    QSet<UserId> users;
    QHash<UserId, qint64> stored;
    QHash<UserId, Visibility> visibilities;
    QHash<UserId, QSet<UserId>> contacts;
    QList<QPair<UserId, bool>> onlineWrites;
};

struct Fixture
{
    Fixture()
    {
        dir.users = {1, 2, 3, 4};
        hub = std::make_unique<PresenceHub>(&clock, &registry, &dir, &delivery, W);
        StatusTextOptions text;
        text.zone = QTimeZone::utc();
        text.timeStyle = TimeStyle::TwentyFourHour;
        hub->setTextOptions(text);
    }
    ManualClock clock{Start};
    InMemoryPresenceRegistry registry;
    FakeDirectory dir;
    RecordingDelivery delivery;
    std::unique_ptr<PresenceHub> hub;
};

QString stateOf(const Sent &s)
{
    return s.payload.value(QStringLiteral("state")).toString();
}

} // namespace

class TestPresenceHub : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { Test::initTestEnvironment(); }

    void snapshotAfterConnect()
    {
        Fixture f;
        f.dir.contacts[1] = {2, 3};
        f.dir.stored[2] = Start - 60'000; // active a minute ago
        f.hub->connectionOpened(10, 1);
        QCOMPARE(f.delivery.sent.size(), 1);
        const Sent snap = f.delivery.sent.first();
        QCOMPARE(snap.connection, ConnectionId(10));
        QCOMPARE(snap.event, QStringLiteral("presence_snapshot"));
        const QJsonArray users = snap.payload.value(QStringLiteral("users")).toArray();
        QCOMPARE(users.size(), 2);
        QCOMPARE(users.at(0).toObject().value(QStringLiteral("user_id")).toInteger(), 2);
        QCOMPARE(users.at(0).toObject().value(QStringLiteral("state")).toString(),
                 QStringLiteral("active"));
        QCOMPARE(users.at(0).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("Active 1 minute ago"));
        QCOMPARE(users.at(1).toObject().value(QStringLiteral("state")).toString(),
                 QStringLiteral("last_seen"));
        QVERIFY(users.at(1).toObject().value(QStringLiteral("last_active")).isNull());
    }

    void emptySnapshotWithoutContacts()
    {
        Fixture f;
        f.hub->connectionOpened(10, 1);
        QCOMPARE(f.delivery.sent.size(), 1);
        QCOMPARE(f.delivery.sent.first().payload.value(QStringLiteral("users")).toArray().size(),
                 0);
    }

    void connectIsActivityAndNotifiesContacts()
    {
        Fixture f;
        f.dir.contacts[1] = {2};
        f.hub->connectionOpened(10, 1);
        f.delivery.sent.clear();
        f.clock.advance(1000);
        f.hub->connectionOpened(20, 2);
        const auto updates = f.delivery.updatesTo(10);
        QCOMPARE(updates.size(), 1);
        QCOMPARE(stateOf(updates.first()), QStringLiteral("online"));
        QCOMPARE(updates.first().payload.value(QStringLiteral("is_online")).toBool(), true);
        QCOMPARE(updates.first().payload.value(QStringLiteral("last_active_ago_ms")).toInteger(),
                 0);
        QCOMPARE(f.dir.stored.value(2), Start + 1000);
        QCOMPARE(f.dir.onlineWrites.last(), qMakePair(UserId(2), true));
        QCOMPARE(f.hub->onlineUserCount(), 2);
    }

    void activityThatChangesNothingEmitsNothing()
    {
        Fixture f;
        f.dir.contacts[1] = {2};
        f.hub->connectionOpened(10, 1);
        f.hub->connectionOpened(20, 2);
        f.delivery.sent.clear();
        for (int i = 0; i < 10; ++i) {
            f.clock.advance(30'000);
            f.hub->activity(2);
        }
        QCOMPARE(f.delivery.sent.size(), 0);
        QCOMPARE(f.dir.stored.value(2), Start + 300'000);
    }

    void onlineTurnsLastSeenExactlyAfterWindow()
    {
        Fixture f;
        f.dir.contacts[1] = {2};
        f.hub->connectionOpened(10, 1);
        f.hub->connectionOpened(20, 2);
        f.delivery.sent.clear();
        QCOMPARE(f.hub->nextDeadlineMs(), std::optional<qint64>(Start + W + 1));
        f.clock.advance(W);
        QCOMPARE(f.delivery.updatesTo(10).size(), 0);
        f.clock.advance(1);
        const auto updates = f.delivery.updatesTo(10);
        QCOMPARE(updates.size(), 1);
        QCOMPARE(stateOf(updates.first()), QStringLiteral("last_seen"));
        QCOMPARE(updates.first().payload.value(QStringLiteral("is_online")).toBool(), true);
        // Activity after idle brings it back to online.
        f.clock.advance(10'000);
        f.hub->activity(2);
        QCOMPARE(f.delivery.updatesTo(10).size(), 2);
        QCOMPARE(stateOf(f.delivery.updatesTo(10).last()), QStringLiteral("online"));
    }

    void disconnectTurnsActiveThenLastSeen()
    {
        Fixture f;
        f.dir.contacts[1] = {2};
        f.hub->connectionOpened(10, 1);
        f.hub->connectionOpened(20, 2);
        f.delivery.sent.clear();
        f.clock.advance(60'000);
        f.hub->activity(2);
        f.clock.advance(1000);
        f.hub->connectionClosed(20);
        auto updates = f.delivery.updatesTo(10);
        QCOMPARE(updates.size(), 1);
        QCOMPARE(stateOf(updates.first()), QStringLiteral("active"));
        QCOMPARE(updates.first().payload.value(QStringLiteral("is_online")).toBool(), false);
        QCOMPARE(updates.first().payload.value(QStringLiteral("status")).toString(),
                 QStringLiteral("Active just now"));
        QCOMPARE(f.dir.onlineWrites.last(), qMakePair(UserId(2), false));
        // The window counts from the last activity, not from the disconnect.
        f.clock.setNow(Start + 60'000 + W);
        QCOMPARE(f.delivery.updatesTo(10).size(), 1);
        f.clock.advance(1);
        updates = f.delivery.updatesTo(10);
        QCOMPARE(updates.size(), 2);
        QCOMPARE(stateOf(updates.last()), QStringLiteral("last_seen"));
        QCOMPARE(f.hub->pendingDeadlines(), 0); // user 1's own window ran out as well
    }

    void twoDevicesStayOnlineUntilBothGone()
    {
        Fixture f;
        f.dir.contacts[1] = {2};
        f.hub->connectionOpened(10, 1);
        f.hub->connectionOpened(20, 2);
        f.hub->connectionOpened(21, 2);
        QCOMPARE(f.hub->connectionsOf(2), (QList<ConnectionId>{20, 21}));
        f.delivery.sent.clear();
        f.hub->connectionClosed(20);
        QCOMPARE(f.delivery.sent.size(), 0);
        QCOMPARE(f.hub->recordOf(2).connections, 1);
        f.hub->connectionClosed(21);
        QCOMPARE(f.delivery.updatesTo(10).size(), 1);
        QCOMPARE(stateOf(f.delivery.updatesTo(10).first()), QStringLiteral("active"));
        QCOMPARE(f.hub->onlineUserCount(), 1);
        // Closing an unknown connection changes nothing.
        f.hub->connectionClosed(20);
        QCOMPARE(f.hub->recordOf(2).connections, 0);
    }

    void disconnectWhileIdleChangesOnlineFlag()
    {
        Fixture f;
        f.dir.contacts[1] = {2};
        f.hub->connectionOpened(10, 1);
        f.hub->connectionOpened(20, 2);
        f.clock.advance(W + 1);
        f.delivery.sent.clear();
        f.hub->connectionClosed(20);
        const auto updates = f.delivery.updatesTo(10);
        QCOMPARE(updates.size(), 1);
        QCOMPARE(stateOf(updates.first()), QStringLiteral("last_seen"));
        QCOMPARE(updates.first().payload.value(QStringLiteral("is_online")).toBool(), false);
    }

    void privacy_data()
    {
        QTest::addColumn<int>("visibility");
        QTest::addColumn<bool>("viewerIsContact");
        QTest::addColumn<QString>("expected");
        QTest::newRow("everyone/stranger") << int(Visibility::Everyone) << false << "online";
        QTest::newRow("contacts/contact") << int(Visibility::Contacts) << true << "online";
        QTest::newRow("contacts/stranger") << int(Visibility::Contacts) << false << "hidden";
        QTest::newRow("nobody/contact") << int(Visibility::Nobody) << true << "hidden";
    }

    void privacy()
    {
        QFETCH(int, visibility);
        QFETCH(bool, viewerIsContact);
        QFETCH(QString, expected);
        Fixture f;
        f.dir.visibilities[2] = Visibility(visibility);
        f.dir.contacts[1] = {2}; // viewer 1 lists 2
        if (viewerIsContact)
            f.dir.contacts[2] = {1}; // owner 2 lists 1
        f.hub->connectionOpened(20, 2);
        f.hub->connectionOpened(10, 1);
        QJsonArray snap;
        for (const Sent &s : std::as_const(f.delivery.sent)) {
            if (s.connection == 10 && s.event == QLatin1String("presence_snapshot"))
                snap = s.payload.value(QStringLiteral("users")).toArray();
        }
        QCOMPARE(snap.size(), 1);
        QCOMPARE(snap.first().toObject().value(QStringLiteral("state")).toString(), expected);
        const PresenceInfo rest = f.hub->presenceFor(1, 2, f.hub->textOptions());
        QCOMPARE(stateName(rest.state), expected);
        if (expected == QLatin1String("hidden")) {
            QCOMPARE(rest.toJson(), PresenceInfo::hidden(2).toJson());
            QVERIFY(snap.first().toObject().value(QStringLiteral("last_active")).isNull());
        }
        // Self always sees self.
        QCOMPARE(f.hub->presenceFor(2, 2, f.hub->textOptions()).state, PresenceState::Online);
        // Unauthenticated viewer sees nobody.
        QCOMPARE(f.hub->presenceFor(0, 2, f.hub->textOptions()).state, PresenceState::Hidden);
    }

    void hiddenIsSentOnceThenNothing()
    {
        Fixture f;
        f.dir.contacts[1] = {2};
        f.hub->connectionOpened(10, 1);
        f.hub->connectionOpened(20, 2);
        f.delivery.sent.clear();
        f.dir.visibilities[2] = Visibility::Nobody;
        f.hub->privacyChanged(2);
        auto updates = f.delivery.updatesTo(10);
        QCOMPARE(updates.size(), 1);
        QCOMPARE(updates.first().payload, PresenceInfo::hidden(2).toJson());
        // Nothing more: state changes of a hidden user are not leaked.
        f.hub->connectionClosed(20);
        f.clock.advance(W + 1);
        f.hub->connectionOpened(21, 2);
        f.hub->privacyChanged(2);
        QCOMPARE(f.delivery.updatesTo(10).size(), 1);
        // Visible again: one update with the real state.
        f.dir.visibilities[2] = Visibility::Everyone;
        f.hub->privacyChanged(2);
        updates = f.delivery.updatesTo(10);
        QCOMPARE(updates.size(), 2);
        QCOMPARE(stateOf(updates.last()), QStringLiteral("online"));
    }

    void contactsVisibilityFollowsOwnersList()
    {
        Fixture f;
        f.dir.visibilities[2] = Visibility::Contacts;
        f.dir.contacts[1] = {2};
        f.hub->connectionOpened(10, 1);
        f.hub->connectionOpened(20, 2);
        QCOMPARE(f.delivery.updatesTo(10).size(), 0); // hidden in snapshot, hidden still
        f.dir.contacts[2] = {1};
        f.hub->contactsChanged(2);
        QCOMPARE(f.delivery.updatesTo(10).size(), 1);
        QCOMPARE(stateOf(f.delivery.updatesTo(10).first()), QStringLiteral("online"));
        f.dir.contacts[2] = {};
        f.hub->contactsChanged(2);
        QCOMPARE(f.delivery.updatesTo(10).size(), 2);
        QCOMPARE(stateOf(f.delivery.updatesTo(10).last()), QStringLiteral("hidden"));
    }

    void addingAContactStartsWatching()
    {
        Fixture f;
        f.hub->connectionOpened(10, 1);
        f.hub->connectionOpened(20, 2);
        QCOMPARE(f.delivery.updatesTo(10).size(), 0);
        f.dir.contacts[1] = {2};
        f.hub->contactsChanged(1);
        f.hub->connectionClosed(20);
        QCOMPARE(f.delivery.updatesTo(10).size(), 1);
        QCOMPARE(stateOf(f.delivery.updatesTo(10).first()), QStringLiteral("active"));
        f.dir.contacts[1] = {};
        f.hub->contactsChanged(1);
        f.hub->connectionOpened(21, 2);
        QCOMPARE(f.delivery.updatesTo(10).size(), 1);
    }

    void subscribe()
    {
        Fixture f;
        f.dir.stored[3] = Start - 2 * 60'000;
        f.hub->connectionOpened(10, 1);
        const qint64 before = f.dir.stored.value(1);
        f.clock.advance(5000);
        const QList<PresenceInfo> ack = f.hub->subscribe(10, {3, 999, -1, 4});
        QCOMPARE(ack.size(), 2); // unknown ids left out
        QCOMPARE(ack.at(0).userId, 3);
        QCOMPARE(ack.at(0).state, PresenceState::Active);
        QCOMPARE(ack.at(1).state, PresenceState::LastSeen);
        QCOMPARE(f.dir.stored.value(1), before); // not activity
        f.delivery.sent.clear();
        f.hub->connectionOpened(30, 3);
        QCOMPARE(f.delivery.updatesTo(10).size(), 1);
        QCOMPARE(stateOf(f.delivery.updatesTo(10).first()), QStringLiteral("online"));
        // Another connection of the same user did not subscribe: nothing for it.
        f.hub->connectionOpened(11, 1);
        f.delivery.sent.clear();
        f.hub->connectionClosed(30);
        QCOMPARE(f.delivery.updatesTo(10).size(), 1);
        QCOMPARE(f.delivery.updatesTo(11).size(), 0);
        // A closed connection gets nothing and leaves no watcher behind.
        f.hub->connectionClosed(10);
        f.hub->connectionOpened(31, 3);
        QCOMPARE(f.delivery.updatesTo(10).size(), 1);
        QVERIFY(f.hub->subscribe(10, {3}).isEmpty());
    }

    void storedLastActiveIsLoadedAndExpires()
    {
        Fixture f;
        f.dir.contacts[1] = {2};
        f.dir.stored[2] = Start - 1000;
        f.hub->connectionOpened(10, 1);
        QCOMPARE(f.delivery.sent.first()
                     .payload.value(QStringLiteral("users"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("state"))
                     .toString(),
                 QStringLiteral("active"));
        f.clock.setNow(Start - 1000 + W + 1);
        QCOMPARE(f.delivery.updatesTo(10).size(), 1);
        QCOMPARE(stateOf(f.delivery.updatesTo(10).first()), QStringLiteral("last_seen"));
    }

    void manyUsersShareOneDeadlineStructure()
    {
        Fixture f;
        for (UserId u = 100; u < 1100; ++u)
            f.dir.users.insert(u);
        f.dir.contacts[1] = {};
        for (UserId u = 100; u < 1100; ++u)
            f.dir.contacts[1].insert(u);
        f.hub->connectionOpened(10, 1);
        for (UserId u = 100; u < 1100; ++u) {
            f.clock.advance(1);
            f.hub->connectionOpened(ConnectionId(u) * 10, u);
        }
        QCOMPARE(f.hub->pendingDeadlines(), 1001);
        f.delivery.sent.clear();
        f.clock.advance(W + 1000);
        QCOMPARE(f.delivery.updatesTo(10).size(), 1000);
        QCOMPARE(f.hub->pendingDeadlines(), 0);
        QCOMPARE(f.hub->stats().timeDrivenChanges, quint64(1001));
    }

    void realTimerDrivesTheDeadline()
    {
        // The system clock with a 100 ms window: the single QTimer must fire by itself.
        InMemoryPresenceRegistry registry;
        FakeDirectory dir;
        dir.users = {1, 2};
        dir.contacts[1] = {2};
        RecordingDelivery delivery;
        PresenceHub hub(Clock::system(), &registry, &dir, &delivery, 100);
        hub.connectionOpened(10, 1);
        hub.connectionOpened(20, 2);
        QTRY_COMPARE_WITH_TIMEOUT(delivery.updatesTo(10).size(), 2, 5000);
        QCOMPARE(stateOf(delivery.updatesTo(10).last()), QStringLiteral("last_seen"));
    }
};

QTEST_GUILESS_MAIN(TestPresenceHub)
#include "tst_presencehub.moc"
