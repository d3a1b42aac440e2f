// PresenceCache: texts re-derived locally from last_active_ago_ms as a ManualClock moves, at
// exactly the right moments, one signal per changed user, independent of the client's clock.
#include "client/presencecache.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTest>

using namespace SmartFixer;

namespace {

// 2026-11-28 10:00:00 UTC
constexpr qint64 T0 = 1795860000000;
constexpr qint64 Minute = 60000;

StatusTextOptions utcEnglish24()
{
    StatusTextOptions o;
    o.locale = QLocale(QLocale::English, QLocale::UnitedKingdom); // 24 h
    o.zone = QTimeZone::utc();
    o.timeStyle = TimeStyle::Locale;
    return o;
}

PresenceInfo presence(UserId id, bool online, std::optional<qint64> agoMs, PresenceState state)
{
    PresenceInfo p;
    p.userId = id;
    p.isOnline = online;
    p.state = state;
    p.status = QStringLiteral("(server text)");
    p.lastActiveAgoMs = agoMs;
    // A server clock that is far from ours: only the age may matter.
    p.lastActiveMs = agoMs ? std::optional<qint64>(T0 - 7 * 3600 * 1000 - *agoMs) : std::nullopt;
    return p;
}

QStringList texts(const QSignalSpy &spy)
{
    QStringList out;
    for (const auto &args : spy)
        out << QString::number(args.at(0).toLongLong()) + QLatin1Char(':')
                + args.at(1).value<PresenceView>().text;
    return out;
}

} // namespace

class TestPresenceCache : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { SmartFixer::Test::initTestEnvironment(); }

    void activeTextAgesMinuteByMinute()
    {
        ManualClock clock(T0);
        PresenceCache cache(&clock);
        cache.setTextOptions(utcEnglish24());
        QSignalSpy spy(&cache, &PresenceCache::presenceChanged);
        QVERIFY(spy.isValid());
        // Last active 2 min 30 s ago, not connected.
        cache.update(presence(7, false, 2 * Minute + 30000, PresenceState::Active));
        QCOMPARE(texts(spy), QStringList{QStringLiteral("7:Active 2 minutes ago")});
        QCOMPARE(cache.nextChangeMs(), std::optional<qint64>(T0 + 30000));
        spy.clear();

        clock.advance(29999); // 2:59.999 → no change
        QCOMPARE(spy.count(), 0);
        clock.advance(1); // exactly 3:00
        QCOMPARE(texts(spy), QStringList{QStringLiteral("7:Active 3 minutes ago")});
        spy.clear();

        clock.setNow(T0 + 30000 + 2 * Minute); // 5:00 exactly: still active
        QCOMPARE(texts(spy), QStringList{QStringLiteral("7:Active 5 minutes ago")});
        spy.clear();
        clock.advance(1); // 5:00.001 → last seen, at 09:57:30 UTC
        QCOMPARE(texts(spy), QStringList{QStringLiteral("7:Last seen today at 09:57")});
        QCOMPARE(cache.view(7)->state, PresenceState::LastSeen);
    }

    void onlineLastsUntilTheServerSaysOtherwise()
    {
        // A user who stays active sends user_activity that changes no state, so the server
        // sends nothing more: the cache must not expire "online" on its own after W.
        ManualClock clock(T0);
        PresenceCache cache(&clock);
        cache.setTextOptions(utcEnglish24());
        QSignalSpy spy(&cache, &PresenceCache::presenceChanged);
        cache.update(presence(1, true, 1200, PresenceState::Online));
        QCOMPARE(cache.view(1)->text, QStringLiteral("online"));
        QCOMPARE(cache.nextChangeMs(), std::nullopt);
        spy.clear();
        clock.setNow(T0 - 1200 + 5 * Minute + 1); // W + 1 ms
        clock.advance(3 * 3600 * 1000);
        QCOMPARE(spy.count(), 0);
        QCOMPARE(cache.view(1)->state, PresenceState::Online);
        // The server's time-driven online -> last_seen update ends it.
        const qint64 ago = clock.nowMs() - (T0 - 1200);
        cache.update(presence(1, true, ago, PresenceState::LastSeen));
        QCOMPARE(texts(spy), QStringList{QStringLiteral("1:Last seen today at 09:59")});
    }

    void todayBecomesYesterdayAtLocalMidnight()
    {
        ManualClock clock(T0); // 10:00 UTC = 11:00 in Berlin
        PresenceCache cache(&clock);
        StatusTextOptions berlin = utcEnglish24();
        berlin.zone = QTimeZone("Europe/Berlin");
        cache.setTextOptions(berlin);
        QSignalSpy spy(&cache, &PresenceCache::presenceChanged);
        cache.update(presence(4, false, 3 * 3600 * 1000, PresenceState::LastSeen)); // 08:00 Berlin
        QCOMPARE(cache.view(4)->text, QStringLiteral("Last seen today at 08:00"));
        spy.clear();
        const qint64 berlinMidnight = T0 + 13 * 3600 * 1000; // 23:00 UTC
        QCOMPARE(cache.nextChangeMs(), std::optional<qint64>(berlinMidnight));
        clock.setNow(berlinMidnight - 1);
        QCOMPARE(spy.count(), 0);
        clock.setNow(berlinMidnight);
        QCOMPARE(texts(spy), QStringList{QStringLiteral("4:Last seen yesterday at 08:00")});
        spy.clear();
        clock.setNow(berlinMidnight + 24 * 3600 * 1000);
        QCOMPARE(texts(spy), QStringList{QStringLiteral("4:Last seen on 28 Nov at 08:00")});
    }

    void onlyChangedUsersAreSignalled()
    {
        ManualClock clock(T0);
        PresenceCache cache(&clock);
        cache.setTextOptions(utcEnglish24());
        cache.update(presence(1, true, 0, PresenceState::Online));
        cache.update(presence(2, false, 30000, PresenceState::Active)); // just now → 1 min at +30 s
        cache.update(presence(3, false, 50000, PresenceState::Active)); // 1 min at +10 s
        PresenceInfo neverSeen = presence(4, false, std::nullopt, PresenceState::LastSeen);
        neverSeen.status = QStringLiteral("Last seen a long time ago"); // as our server words it
        cache.update(neverSeen);
        cache.update(PresenceInfo::hidden(5));
        QSignalSpy spy(&cache, &PresenceCache::presenceChanged);
        QCOMPARE(cache.nextChangeMs(), std::optional<qint64>(T0 + 10000)); // one timer: earliest
        clock.advance(10000);
        QCOMPARE(texts(spy), QStringList{QStringLiteral("3:Active 1 minute ago")});
        spy.clear();
        clock.advance(20000);
        QCOMPARE(texts(spy), QStringList{QStringLiteral("2:Active 1 minute ago")});
        spy.clear();
        // Re-sending an identical presence changes nothing visible: no signal.
        cache.update(presence(1, true, 0, PresenceState::Online));
        QCOMPARE(spy.count(), 0);
        QCOMPARE(cache.view(4)->text, QStringLiteral("Last seen a long time ago"));
        QCOMPARE(cache.view(5)->text, QStringLiteral("Presence hidden"));
        QCOMPARE(cache.view(5)->state, PresenceState::Hidden);
    }

    void clientClockOffByHoursChangesNothing_data()
    {
        QTest::addColumn<qint64>("skewMs");
        QTest::newRow("in sync") << qint64(0);
        QTest::newRow("3 h behind") << qint64(-3 * 3600 * 1000);
        QTest::newRow("5 h ahead") << qint64(5 * 3600 * 1000);
    }
    void clientClockOffByHoursChangesNothing()
    {
        QFETCH(qint64, skewMs);
        // The same server message; only our clock's reading differs.
        ManualClock clock(T0 + skewMs);
        PresenceCache cache(&clock);
        cache.setTextOptions(utcEnglish24());
        QSignalSpy spy(&cache, &PresenceCache::presenceChanged);
        cache.update(presence(9, false, 90000, PresenceState::Active));
        QCOMPARE(cache.view(9)->text, QStringLiteral("Active 1 minute ago"));
        QCOMPARE(cache.view(9)->state, PresenceState::Active);
        clock.advance(30000);
        QCOMPARE(cache.view(9)->text, QStringLiteral("Active 2 minutes ago"));
        QCOMPARE(spy.count(), 2);
    }

    void originalBackendObjectsShownAsSent()
    {
        ManualClock clock(T0);
        PresenceCache cache(&clock);
        cache.setTextOptions(utcEnglish24());
        const auto info = PresenceInfo::fromJson(QJsonObject{
            {QStringLiteral("user_id"), 12},
            {QStringLiteral("is_online"), false},
            {QStringLiteral("status"), QStringLiteral("Last seen yesterday at 18:05")}});
        QVERIFY(info.ok());
        cache.update(info.value());
        QCOMPARE(cache.view(12)->text, QStringLiteral("Last seen yesterday at 18:05"));
        QCOMPARE(cache.view(12)->state, PresenceState::LastSeen);
        QVERIFY(!cache.nextChangeMs().has_value()); // nothing to age without a timestamp
    }

    void realTimerFires()
    {
        // With the system clock the one QTimer must fire by itself (no jumps).
        PresenceCache cache(Clock::system());
        cache.setTextOptions(utcEnglish24());
        QSignalSpy spy(&cache, &PresenceCache::presenceChanged);
        cache.update(presence(3, false, Minute - 150, PresenceState::Active)); // 1 min in 150 ms
        QCOMPARE(cache.view(3)->text, QStringLiteral("Active just now"));
        QVERIFY(spy.wait(5000));
        QCOMPARE(cache.view(3)->text, QStringLiteral("Active 1 minute ago"));
    }
};

QTEST_GUILESS_MAIN(TestPresenceCache)
#include "tst_presencecache.moc"
