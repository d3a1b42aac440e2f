// Manual status (DESIGN.md §10) in PresenceHub, without sockets: a ManualClock, an in-memory
// directory that keeps the stored status, and a Delivery that records what would be sent.
#include "core/manualstatus.h"
#include "server/presencehub.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

using namespace SmartFixer;

namespace {

constexpr qint64 Start = 1'795'000'000'000; // 2026-11-18T11:06:40Z, ms since epoch
constexpr qint64 W = 5 * 60 * 1000; // ms
constexpr qint64 Day = 24LL * 60 * 60 * 1000; // ms

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
    QList<QJsonObject> updatesTo(ConnectionId connection, UserId about) const
    {
        QList<QJsonObject> out;
        for (const Sent &s : sent) {
            if (s.connection == connection && s.event == QLatin1String("user_presence_update")
                && s.payload.value(QStringLiteral("user_id")).toInteger() == about)
                out.append(s.payload);
        }
        return out;
    }
    QList<Sent> sent;
};

class StatusDirectory final : public PresenceDirectory
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
    void setOnline(UserId, bool) override { }
    ManualStatus storedManualStatus(UserId user) const override { return statuses.value(user); }
    void storeManualStatus(UserId user, const ManualStatus &status) override
    {
        statuses.insert(user, status);
    }

    QSet<UserId> users{1, 2, 3, 4};
    QHash<UserId, qint64> stored;
    QHash<UserId, Visibility> visibilities;
    QHash<UserId, QSet<UserId>> contacts;
    QHash<UserId, ManualStatus> statuses;
};

struct Fixture
{
    Fixture()
    {
        hub = std::make_unique<PresenceHub>(&clock, &registry, &dir, &delivery, W);
        StatusTextOptions text;
        text.zone = QTimeZone::utc();
        text.timeStyle = TimeStyle::TwentyFourHour;
        hub->setTextOptions(text);
    }
    StatusRequest request(Availability a, const QString &message = {},
                          std::optional<qint64> expires = std::nullopt)
    {
        StatusRequest r;
        r.availability = a;
        r.message = message;
        r.expiresAtMs = expires;
        return r;
    }
    ManualClock clock{Start};
    InMemoryPresenceRegistry registry;
    StatusDirectory dir;
    RecordingDelivery delivery;
    std::unique_ptr<PresenceHub> hub;
};

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

// A presence object without its user id: what it says about whoever it is.
QJsonObject withoutId(QJsonObject o)
{
    o.remove(QStringLiteral("user_id"));
    return o;
}

} // namespace

class TestManualStatusHub : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { Test::initTestEnvironment(); }

    void parseRequests_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("valid");
        QTest::newRow("auto") << QByteArray(R"({"availability":"auto"})") << true;
        QTest::newRow("dnd + message")
            << QByteArray(R"({"availability":"dnd","message":"x"})") << true;
        QTest::newRow("null fields")
            << QByteArray(R"({"availability":"invisible","message":null,"expires_at":null})")
            << true;
        const auto at = [](qint64 ms) -> QByteArray {
            return QByteArray(R"({"availability":"dnd","expires_at":")") + toIsoUtc(ms).toLatin1()
                + QByteArray(R"("})");
        };
        QTest::newRow("future expiry") << at(Start + 1) << true;
        QTest::newRow("100 chars") << (QByteArray(R"({"availability":"dnd","message":")")
                                       + QByteArray(100, 'a') + QByteArray(R"("})"))
                                   << true;
        QTest::newRow("100 emoji (code points)")
            << (QByteArray(R"({"availability":"dnd","message":")")
                + QString(QStringLiteral("\U0001F600")).repeated(100).toUtf8()
                + QByteArray(R"("})"))
            << true;
        QTest::newRow("101 chars") << (QByteArray(R"({"availability":"dnd","message":")")
                                       + QByteArray(101, 'a') + QByteArray(R"("})"))
                                   << false;
        QTest::newRow("unknown availability") << QByteArray(R"({"availability":"away"})") << false;
        QTest::newRow("no availability") << QByteArray(R"({"message":"x"})") << false;
        QTest::newRow("availability number") << QByteArray(R"({"availability":1})") << false;
        QTest::newRow("newline") << QByteArray(R"({"availability":"dnd","message":"a\nb"})")
                                 << false;
        QTest::newRow("NUL") << QByteArray(R"({"availability":"dnd","message":"a\u0000"})")
                             << false;
        QTest::newRow("bidi override")
            << QByteArray(R"({"availability":"dnd","message":"a\u202Eb"})") << false;
        QTest::newRow("DEL") << QByteArray("{\"availability\":\"dnd\",\"message\":\"a\x7f\"}")
                             << false;
        QTest::newRow("message number")
            << QByteArray(R"({"availability":"dnd","message":5})") << false;
        QTest::newRow("past expiry") << at(Start - 3'600'000) << false;
        QTest::newRow("expiry now") << at(Start) << false;
        QTest::newRow("garbage expiry")
            << QByteArray(R"({"availability":"dnd","expires_at":"tomorrow"})") << false;
        QTest::newRow("numeric expiry")
            << QByteArray(R"({"availability":"dnd","expires_at":1795000999000})") << false;
    }
    void parseRequests()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, valid);
        const auto doc = QJsonDocument::fromJson(json);
        QVERIFY(doc.isObject());
        const auto parsed = parseStatusRequest(doc.object(), Start);
        QCOMPARE(parsed.ok(), valid);
        if (!valid) {
            QCOMPARE(parsed.kind(), ErrorKind::Invalid);
            QVERIFY(!parsed.error().isEmpty());
        }
    }

    void dndAndMessageReachWatchers()
    {
        Fixture f;
        f.dir.contacts[1] = {2};
        f.hub->connectionOpened(20, 2);
        f.hub->connectionOpened(10, 1);
        f.hub->setStatus(2, f.request(Availability::Dnd, QStringLiteral("In a meeting")));
        const auto updates = f.delivery.updatesTo(10, 2);
        QCOMPARE(updates.size(), 1);
        QCOMPARE(str(updates.at(0), "availability"), QStringLiteral("dnd"));
        QCOMPARE(str(updates.at(0), "status_message"), QStringLiteral("In a meeting"));
        QCOMPARE(str(updates.at(0), "state"), QStringLiteral("online"));
        // The same status again changes nothing anybody sees: nothing is sent.
        f.hub->setStatus(2, f.request(Availability::Dnd, QStringLiteral("In a meeting")));
        QCOMPARE(f.delivery.updatesTo(10, 2).size(), 1);
        // Persisted.
        QCOMPARE(f.dir.statuses.value(2).availability, Availability::Dnd);
    }

    void snapshotAndRestCarryTheFields()
    {
        Fixture f;
        f.dir.contacts[1] = {2};
        f.dir.statuses[2].availability = Availability::Dnd;
        f.dir.statuses[2].message = QStringLiteral("Lunch");
        f.hub->connectionOpened(10, 1);
        const QJsonObject snap = f.delivery.sent.at(0).payload;
        const QJsonObject bob = snap.value(QStringLiteral("users")).toArray().at(0).toObject();
        QCOMPARE(str(bob, "availability"), QStringLiteral("dnd"));
        QCOMPARE(str(bob, "status_message"), QStringLiteral("Lunch"));
        // Another user without status: "auto" and a null message, both keys present.
        const QJsonObject carol = f.hub->presenceFor(1, 3, f.hub->textOptions()).toJson();
        QCOMPARE(str(carol, "availability"), QStringLiteral("auto"));
        QVERIFY(carol.contains(QStringLiteral("status_message")));
        QVERIFY(carol.value(QStringLiteral("status_message")).isNull());
    }

    void hiddenMeansBothNull()
    {
        Fixture f;
        f.dir.visibilities[2] = Visibility::Nobody;
        f.dir.statuses[2].availability = Availability::Dnd;
        f.dir.statuses[2].message = QStringLiteral("secret");
        const QJsonObject o = f.hub->presenceFor(1, 2, f.hub->textOptions()).toJson();
        QCOMPARE(str(o, "state"), QStringLiteral("hidden"));
        QVERIFY(o.contains(QStringLiteral("availability")));
        QVERIFY(o.value(QStringLiteral("availability")).isNull());
        QVERIFY(o.contains(QStringLiteral("status_message")));
        QVERIFY(o.value(QStringLiteral("status_message")).isNull());
        // The owner sees their own.
        const QJsonObject own = f.hub->presenceFor(2, 2, f.hub->textOptions()).toJson();
        QCOMPARE(str(own, "availability"), QStringLiteral("dnd"));
        QCOMPARE(str(own, "status_message"), QStringLiteral("secret"));
    }

    void expiryExactlyAtExpiresAt()
    {
        Fixture f;
        f.dir.contacts[1] = {2};
        f.hub->connectionOpened(20, 2);
        f.hub->connectionOpened(10, 1);
        const qint64 expires = Start + 90'000; // inside the window: not a window deadline
        f.hub->setStatus(2, f.request(Availability::Dnd, QStringLiteral("brb"), expires));
        QCOMPARE(f.delivery.updatesTo(10, 2).size(), 1);
        QCOMPARE(f.hub->nextDeadlineMs(), std::optional<qint64>(expires));
        f.clock.setNow(expires - 1);
        QCOMPARE(f.delivery.updatesTo(10, 2).size(), 1);
        QCOMPARE(f.hub->statusOf(2).availability, Availability::Dnd);
        f.clock.setNow(expires);
        const auto updates = f.delivery.updatesTo(10, 2);
        QCOMPARE(updates.size(), 2);
        QCOMPARE(str(updates.at(1), "availability"), QStringLiteral("auto"));
        QVERIFY(updates.at(1).value(QStringLiteral("status_message")).isNull());
        QCOMPARE(f.hub->statusOf(2).availability, Availability::Auto);
        QVERIFY(!f.dir.statuses.value(2).expiresAtMs); // persisted as expired
        // The window deadline stays scheduled for later.
        QCOMPARE(f.hub->nextDeadlineMs(), std::optional<qint64>(Start + W + 1));
    }

    void expiredWhileServerWasDownIsRevertedOnFirstSight()
    {
        Fixture f;
        f.dir.statuses[2].availability = Availability::Dnd;
        f.dir.statuses[2].message = QStringLiteral("old");
        f.dir.statuses[2].expiresAtMs = Start - 1;
        const QJsonObject o = f.hub->presenceFor(1, 2, f.hub->textOptions()).toJson();
        QCOMPARE(str(o, "availability"), QStringLiteral("auto"));
        QVERIFY(o.value(QStringLiteral("status_message")).isNull());
    }

    // The heart of §10: a watcher of an invisible user sees exactly what it sees of a user who
    // closed the last connection at that moment, through connect, activity, disconnect and
    // the window's end; the user's own other connection sees the truth.
    void invisibleLooksLikeGone()
    {
        Fixture f;
        f.dir.contacts[1] = {2, 3};
        f.hub->connectionOpened(20, 2); // bob, goes invisible
        f.hub->connectionOpened(21, 2); // bob's phone
        f.hub->subscribe(21, {2});
        f.hub->connectionOpened(30, 3); // carol, really leaves
        f.hub->connectionOpened(10, 1); // alice watches both
        f.clock.advance(30'000);
        f.hub->setStatus(2, f.request(Availability::Invisible));
        f.hub->connectionClosed(30);
        // Bob acts, connects, disconnects; carol does nothing (she is gone).
        f.clock.advance(60'000);
        f.hub->activity(2);
        f.hub->connectionOpened(22, 2);
        f.clock.advance(60'000);
        f.hub->connectionClosed(22);
        f.hub->activity(2);
        // The window of the moment they "left" ends (for both alike).
        f.clock.setNow(Start + W + 1); // last activity of both: the connect at Start
        const auto bob = f.delivery.updatesTo(10, 2);
        const auto carol = f.delivery.updatesTo(10, 3);
        QCOMPARE(bob.size(), 2);
        QCOMPARE(bob.size(), carol.size());
        for (int i = 0; i < bob.size(); ++i)
            QCOMPARE(withoutId(bob.at(i)), withoutId(carol.at(i)));
        QCOMPARE(str(bob.at(0), "state"), QStringLiteral("active"));
        QCOMPARE(str(bob.at(1), "state"), QStringLiteral("last_seen"));
        QCOMPARE(str(bob.at(1), "last_active"), toIsoUtc(Start)); // the last activity seen
        // REST and subscribe say the same.
        QCOMPARE(withoutId(f.hub->presenceFor(1, 2, f.hub->textOptions()).toJson()),
                 withoutId(f.hub->presenceFor(1, 3, f.hub->textOptions()).toJson()));
        // The phone saw the truth: invisible and online.
        const auto own = f.delivery.updatesTo(21, 2);
        QVERIFY(!own.isEmpty());
        QCOMPARE(str(own.constFirst(), "availability"), QStringLiteral("invisible"));
        const QJsonObject truth = f.hub->presenceFor(2, 2, f.hub->textOptions()).toJson();
        QCOMPARE(truth.value(QStringLiteral("is_online")).toBool(), true);
        QCOMPARE(str(truth, "availability"), QStringLiteral("invisible"));
        // The stored last_active is the truth; what others see stays frozen.
        QVERIFY(f.dir.stored.value(2) > Start + 30'000);
    }

    void visibleAgainIsOneUpdateAsIfJustConnected()
    {
        Fixture f;
        f.dir.contacts[1] = {2};
        f.hub->connectionOpened(20, 2);
        f.hub->connectionOpened(10, 1);
        f.hub->setStatus(2, f.request(Availability::Invisible));
        f.clock.advance(W + 60'000); // others see last_seen by now
        const int before = int(f.delivery.updatesTo(10, 2).size());
        QCOMPARE(before, 2); // active, then last_seen
        f.hub->setStatus(2, f.request(Availability::Auto));
        const auto updates = f.delivery.updatesTo(10, 2);
        QCOMPARE(updates.size(), before + 1);
        QCOMPARE(str(updates.constLast(), "state"), QStringLiteral("online"));
        QCOMPARE(updates.constLast().value(QStringLiteral("is_online")).toBool(), true);
        QCOMPARE(str(updates.constLast(), "last_active"), toIsoUtc(f.clock.nowMs()));
    }

    void invisibleWhileOfflineKeepsTheFrozenTimeWhenVisibleAgain()
    {
        Fixture f;
        f.dir.contacts[1] = {2};
        f.hub->connectionOpened(20, 2);
        f.hub->connectionOpened(10, 1);
        f.hub->setStatus(2, f.request(Availability::Invisible, {}, Start + Day));
        f.clock.advance(60'000);
        f.hub->activity(2);
        f.hub->connectionClosed(20);
        f.clock.setNow(Start + Day); // expiry while bob is offline
        const QJsonObject o = f.hub->presenceFor(1, 2, f.hub->textOptions()).toJson();
        QCOMPARE(str(o, "last_active"), toIsoUtc(Start));
        QCOMPARE(str(o, "availability"), QStringLiteral("auto"));
    }

    void heldLastActiveEndsAtTheNextConnect()
    {
        // Invisible ends while offline (set elsewhere): others keep the frozen time; the
        // registry has the truth all along, and the next connect shows it as usual.
        Fixture f;
        f.dir.contacts[1] = {2};
        f.hub->connectionOpened(20, 2);
        f.hub->connectionOpened(10, 1);
        f.hub->setStatus(2, f.request(Availability::Invisible));
        f.clock.advance(60'000);
        f.hub->activity(2);
        const qint64 lastTrue = f.clock.nowMs();
        f.hub->connectionClosed(20);
        f.clock.advance(60'000);
        f.hub->setStatus(2, f.request(Availability::Dnd, QStringLiteral("Away")));
        QCOMPARE(f.registry.record(2)->lastActiveMs, std::optional<qint64>(lastTrue));
        QVERIFY(f.hub->statusOf(2).frozenHeld);
        QCOMPARE(f.dir.statuses.value(2).frozenHeld, true); // persisted for a restart
        QJsonObject o = f.hub->presenceFor(1, 2, f.hub->textOptions()).toJson();
        QCOMPARE(str(o, "last_active"), toIsoUtc(Start));
        QCOMPARE(str(o, "availability"), QStringLiteral("dnd"));
        QCOMPARE(str(o, "status_message"), QStringLiteral("Away"));
        // Own view: the truth.
        QCOMPARE(str(f.hub->presenceFor(2, 2, f.hub->textOptions()).toJson(), "last_active"),
                 toIsoUtc(lastTrue));
        // Invisible again while held: still frozen at Start, not at the hidden activity.
        f.hub->setStatus(2, f.request(Availability::Invisible));
        f.hub->setStatus(2, f.request(Availability::Auto));
        QCOMPARE(str(f.hub->presenceFor(1, 2, f.hub->textOptions()).toJson(), "last_active"),
                 toIsoUtc(Start));
        const int before = int(f.delivery.updatesTo(10, 2).size());
        f.clock.advance(1'000);
        f.hub->connectionOpened(21, 2);
        QVERIFY(!f.hub->statusOf(2).frozenHeld);
        const auto updates = f.delivery.updatesTo(10, 2);
        QCOMPARE(updates.size(), before + 1);
        QCOMPARE(str(updates.constLast(), "state"), QStringLiteral("online"));
        QCOMPARE(str(updates.constLast(), "last_active"), toIsoUtc(f.clock.nowMs()));
        f.hub->connectionClosed(21);
        o = f.hub->presenceFor(1, 2, f.hub->textOptions()).toJson();
        QCOMPARE(str(o, "last_active"), toIsoUtc(f.clock.nowMs()));
    }

    void invisibleStatusSurvivesARestart()
    {
        Fixture f;
        f.dir.contacts[1] = {2};
        f.hub->connectionOpened(20, 2);
        f.hub->setStatus(2, f.request(Availability::Invisible));
        f.hub->connectionClosed(20);
        // A new hub over the same directory (a server restart).
        f.clock.advance(120'000);
        InMemoryPresenceRegistry registry;
        RecordingDelivery delivery;
        PresenceHub hub(&f.clock, &registry, &f.dir, &delivery, W);
        hub.connectionOpened(40, 2); // bob comes back, still invisible
        hub.connectionOpened(41, 1);
        const QJsonObject snap = delivery.sent.constLast().payload;
        const QJsonObject bob = snap.value(QStringLiteral("users")).toArray().at(0).toObject();
        QCOMPARE(bob.value(QStringLiteral("is_online")).toBool(), false);
        QCOMPARE(str(bob, "last_active"), toIsoUtc(Start));
    }

    void dndThenInvisibleKeepsShowingDnd()
    {
        Fixture f;
        f.dir.contacts[1] = {2};
        f.hub->connectionOpened(20, 2);
        f.hub->setStatus(2, f.request(Availability::Dnd, QStringLiteral("Focus")));
        f.hub->setStatus(2, f.request(Availability::Invisible, QStringLiteral("Focus")));
        const QJsonObject o = f.hub->presenceFor(1, 2, f.hub->textOptions()).toJson();
        QCOMPARE(str(o, "availability"), QStringLiteral("dnd"));
        QCOMPARE(str(o, "status_message"), QStringLiteral("Focus"));
        QCOMPARE(o.value(QStringLiteral("is_online")).toBool(), false);
        // Changing the message while invisible changes nothing others see.
        f.hub->setStatus(2, f.request(Availability::Invisible, QStringLiteral("Other")));
        QCOMPARE(f.hub->presenceFor(1, 2, f.hub->textOptions()).toJson(), o);
    }

    void approximateLastSeen_data()
    {
        QTest::addColumn<qint64>("age");
        QTest::addColumn<QString>("text");
        QTest::newRow("1 min") << qint64(60'000) << QStringLiteral("Last seen recently");
        QTest::newRow("3 days") << 3 * Day << QStringLiteral("Last seen recently");
        QTest::newRow("3 days + 1 ms") << 3 * Day + 1 << QStringLiteral("Last seen within a week");
        QTest::newRow("7 days") << 7 * Day << QStringLiteral("Last seen within a week");
        QTest::newRow("8 days") << 8 * Day << QStringLiteral("Last seen within a month");
        QTest::newRow("30 days") << 30 * Day << QStringLiteral("Last seen within a month");
        QTest::newRow("31 days") << 31 * Day << QStringLiteral("Last seen a long time ago");
    }
    void approximateLastSeen()
    {
        QFETCH(qint64, age);
        QFETCH(QString, text);
        Fixture f;
        f.dir.stored[2] = Start - age;
        f.hub->setLastSeenPrecision(2, LastSeenPrecision::Approximate);
        const QJsonObject o = f.hub->presenceFor(1, 2, f.hub->textOptions()).toJson();
        QCOMPARE(str(o, "state"), QStringLiteral("last_seen"));
        QCOMPARE(str(o, "status"), text);
        QVERIFY(o.value(QStringLiteral("last_active")).isNull());
        QVERIFY(o.value(QStringLiteral("last_active_ago_ms")).isNull());
        // The owner sees the exact time.
        const QJsonObject own = f.hub->presenceFor(2, 2, f.hub->textOptions()).toJson();
        QCOMPARE(str(own, "last_active"), toIsoUtc(Start - age));
    }

    void approximateKeepsOnlineAndSkipsActive()
    {
        Fixture f;
        f.dir.contacts[1] = {2};
        f.hub->setLastSeenPrecision(2, LastSeenPrecision::Approximate);
        f.hub->connectionOpened(10, 1);
        f.hub->connectionOpened(20, 2);
        f.hub->connectionClosed(20);
        f.clock.advance(W + 1);
        const auto updates = f.delivery.updatesTo(10, 2);
        QCOMPARE(updates.size(), 2); // online, then last_seen; no "active" and no timestamps
        QCOMPARE(str(updates.at(0), "state"), QStringLiteral("online"));
        QCOMPARE(str(updates.at(1), "state"), QStringLiteral("last_seen"));
        QCOMPARE(str(updates.at(1), "status"), QStringLiteral("Last seen recently"));
        for (const QJsonObject &u : updates)
            QVERIFY(u.value(QStringLiteral("last_active")).isNull());
    }

    void approximateTextIsTranslated()
    {
        QCOMPARE(approximateLastSeenText(Start, Start, QLocale(QLocale::German)),
                 QStringLiteral("Zuletzt gesehen vor Kurzem"));
        QVERIFY(approximateLastSeenText(Start - 8 * Day, Start, QLocale(QLocale::Russian))
                != QStringLiteral("Last seen within a month"));
        QVERIFY(approximateLastSeenText(Start - 5 * Day, Start, QLocale(QLocale::Spanish))
                != QStringLiteral("Last seen within a week"));
    }
};

QTEST_GUILESS_MAIN(TestManualStatusHub)
#include "tst_manualstatushub.moc"
