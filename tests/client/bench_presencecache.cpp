// PresenceCache with 10,000 users: cost of taking in a snapshot, and of one timer tick that
// re-derives every user's text. Label "benchmark" (not in the default run):
//   ctest -L benchmark -R bench_presencecache --verbose
#include "client/presencecache.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTest>

using namespace SmartFixer;

namespace {

constexpr qint64 T0 = 1795860000000;
constexpr int Users = 10000;

PresenceInfo user(int i)
{
    PresenceInfo p;
    p.userId = i + 1;
    // A third online, a third active (ages spread over the window), a third seen long ago.
    switch (i % 3) {
    case 0:
        p.isOnline = true;
        p.state = PresenceState::Online;
        p.lastActiveAgoMs = (i * 7) % 60000;
        break;
    case 1:
        p.state = PresenceState::Active;
        p.lastActiveAgoMs = (i * 37) % (5 * 60000);
        break;
    default:
        p.state = PresenceState::LastSeen;
        p.lastActiveAgoMs = 3600000 + i * 1000;
        break;
    }
    return p;
}

StatusTextOptions options()
{
    StatusTextOptions o;
    o.locale = QLocale(QLocale::English, QLocale::UnitedKingdom);
    o.zone = QTimeZone("Europe/Berlin");
    return o;
}

} // namespace

class BenchPresenceCache : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { SmartFixer::Test::initTestEnvironment(); }

    void snapshot10k()
    {
        ManualClock clock(T0);
        PresenceCache cache(&clock);
        cache.setTextOptions(options());
        QBENCHMARK
        {
            cache.clear();
            for (int i = 0; i < Users; ++i)
                cache.update(user(i));
        }
        QCOMPARE(cache.userIds().size(), Users);
    }

    void firstDeadline10k()
    {
        ManualClock clock(T0);
        PresenceCache cache(&clock);
        cache.setTextOptions(options());
        for (int i = 0; i < Users; ++i)
            cache.update(user(i));
        QSignalSpy spy(&cache, &PresenceCache::presenceChanged);
        // Move to the first deadline: only the users whose text changes there are signalled.
        const qint64 first = cache.nextChangeMs().value();
        QBENCHMARK_ONCE
        {
            clock.setNow(first);
        }
        QVERIFY(spy.count() >= 1);
        QVERIFY(spy.count() < Users / 10);
    }

    void rescanWithoutChange10k()
    {
        ManualClock clock(T0);
        PresenceCache cache(&clock);
        cache.setTextOptions(options());
        for (int i = 0; i < Users; ++i)
            cache.update(user(i));
        QSignalSpy spy(&cache, &PresenceCache::presenceChanged);
        QBENCHMARK
        {
            cache.refresh(); // nothing changed: a full rescan that signals nobody
        }
        QCOMPARE(spy.count(), 0);
    }
};

QTEST_GUILESS_MAIN(BenchPresenceCache)
#include "bench_presencecache.moc"
