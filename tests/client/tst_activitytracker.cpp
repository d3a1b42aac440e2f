// ActivityTracker with the fake idle backend and a ManualClock: idle → active → idle, at most one
// report a minute while active, one at once on return from idle, none while idle or locked.
#include "activity/activitytracker.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QEvent>
#include <QSignalSpy>
#include <QTest>

using namespace SmartFixer;

namespace {

constexpr qint64 T0 = 1795860000000;
constexpr qint64 Second = 1000;
constexpr qint64 Minute = 60 * Second;

struct Rig
{
    explicit Rig(bool systemIdle = true) : clock(T0)
    {
        auto backend = std::make_unique<FakeIdleBackend>(&clock);
        backend->setAvailable(systemIdle);
        fake = backend.get();
        tracker = std::make_unique<ActivityTracker>(std::move(backend), &clock);
        tracker->setIdleThresholdMs(2 * Minute);
        // These tests move the clock in big steps on purpose; only suspendCountsAsIdle() wants
        // such a step to look like a suspend.
        tracker->setSuspendGapMs(60 * Minute);
        due = std::make_unique<QSignalSpy>(tracker.get(), &ActivityTracker::activityDue);
        idle = std::make_unique<QSignalSpy>(tracker.get(), &ActivityTracker::idleChanged);
    }
    ManualClock clock;
    FakeIdleBackend *fake = nullptr;
    std::unique_ptr<ActivityTracker> tracker;
    std::unique_ptr<QSignalSpy> due;
    std::unique_ptr<QSignalSpy> idle;
};

} // namespace

class TestActivityTracker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { SmartFixer::Test::initTestEnvironment(); }

    void rateLimitedWhileActive()
    {
        Rig rig;
        rig.tracker->start();
        QCOMPARE(rig.due->count(), 1); // input just now (fake starts "now"): first report
        // Input every 10 s for 3 minutes: one report per minute, no more.
        for (int i = 1; i <= 18; ++i) {
            rig.clock.advance(10 * Second);
            rig.fake->simulateInput();
            rig.tracker->poll();
        }
        QCOMPARE(rig.due->count(), 4); // t = 0, 60, 120, 180 s
        QCOMPARE(rig.tracker->lastReportMs(), std::optional<qint64>(T0 + 3 * Minute));
        QVERIFY(!rig.tracker->isIdle());
        QCOMPARE(rig.idle->count(), 0);
    }

    void inputWithinTheMinuteIsReportedWhenItEnds()
    {
        Rig rig;
        rig.tracker->start();
        QCOMPARE(rig.due->count(), 1);
        rig.clock.advance(20 * Second);
        rig.fake->simulateInput();
        rig.tracker->poll();
        QCOMPARE(rig.due->count(), 1); // too early
        rig.clock.setNow(T0 + Minute - 1);
        QCOMPARE(rig.due->count(), 1);
        rig.clock.setNow(T0 + Minute); // the clock jump re-evaluates: due now
        QCOMPARE(rig.due->count(), 2);
        // No new input since: nothing more, however long we wait (short of idle).
        rig.clock.advance(Minute + 30 * Second);
        QCOMPARE(rig.due->count(), 2);
    }

    void idleThenBackAtOnce()
    {
        Rig rig;
        rig.tracker->start();
        QCOMPARE(rig.due->count(), 1);
        rig.clock.advance(2 * Minute - 1);
        QVERIFY(!rig.tracker->isIdle());
        rig.clock.advance(1); // threshold reached
        QVERIFY(rig.tracker->isIdle());
        QCOMPARE(rig.idle->count(), 1);
        QCOMPARE(rig.idle->first().first().toBool(), true);
        // Nothing while idle, for a long time.
        for (int i = 0; i < 10; ++i)
            rig.clock.advance(Minute);
        QCOMPARE(rig.due->count(), 1);
        // Back: reported at once (the previous report was long ago anyway).
        rig.fake->simulateInput();
        rig.tracker->poll();
        QVERIFY(!rig.tracker->isIdle());
        QCOMPARE(rig.idle->count(), 2);
        QCOMPARE(rig.due->count(), 2);
        QCOMPARE(rig.tracker->lastReportMs(), std::optional<qint64>(rig.clock.nowMs()));
    }

    void returnFromIdleIgnoresTheMinute()
    {
        Rig rig;
        rig.tracker->setIdleThresholdMs(20 * Second); // a short threshold (a setting)
        rig.tracker->start();
        QCOMPARE(rig.due->count(), 1);
        rig.clock.advance(25 * Second);
        QVERIFY(rig.tracker->isIdle());
        rig.clock.advance(5 * Second); // 30 s after the last report
        rig.fake->simulateInput();
        rig.tracker->poll();
        QCOMPARE(rig.due->count(), 2); // at once, although the minute is not over
    }

    void screenLockCountsAsIdle()
    {
        Rig rig;
        rig.tracker->start();
        rig.fake->setScreenLocked(true);
        rig.clock.advance(Minute + Second);
        rig.fake->simulateInput(); // e.g. typing the unlock password
        rig.tracker->poll();
        QVERIFY(rig.tracker->isIdle());
        QCOMPARE(rig.due->count(), 1);
        rig.fake->setScreenLocked(false);
        rig.tracker->poll();
        QVERIFY(!rig.tracker->isIdle());
        QCOMPARE(rig.due->count(), 2);
    }

    void suspendCountsAsIdle()
    {
        Rig rig;
        rig.tracker->setSuspendGapMs(30 * Second);
        rig.tracker->start();
        QCOMPARE(rig.due->count(), 1);
        rig.clock.advance(10 * Second);
        rig.fake->simulateInput(); // busy right up to closing the lid
        rig.tracker->poll();
        // One hour of suspend, which the system idle time leaves out (as X11's clock does).
        rig.clock.advance(60 * Minute);
        rig.fake->excludeFromIdle(60 * Minute);
        QCOMPARE(*rig.fake->idleTimeMs(), qint64(0));
        QVERIFY(rig.tracker->isIdle()); // no activity reported for the sleep
        QCOMPARE(rig.due->count(), 1);
        rig.clock.advance(5 * Second);
        rig.tracker->poll();
        QVERIFY(rig.tracker->isIdle());
        QCOMPARE(rig.due->count(), 1);
        // Real input after the resume: back at once.
        rig.fake->simulateInput();
        rig.tracker->poll();
        QVERIFY(!rig.tracker->isIdle());
        QCOMPARE(rig.due->count(), 2);
    }

    void applicationEventsCount_data()
    {
        QTest::addColumn<int>("type");
        QTest::newRow("KeyPress") << int(QEvent::KeyPress);
        QTest::newRow("MouseButtonPress") << int(QEvent::MouseButtonPress);
        QTest::newRow("MouseMove") << int(QEvent::MouseMove);
        QTest::newRow("Wheel") << int(QEvent::Wheel);
        QTest::newRow("TouchBegin") << int(QEvent::TouchBegin);
        QTest::newRow("WindowActivate") << int(QEvent::WindowActivate);
    }
    void applicationEventsCount()
    {
        QFETCH(int, type);
        Rig rig(false); // no system idle time: only this application's events count
        rig.tracker->start();
        QVERIFY(rig.tracker->isIdle()); // no input seen yet
        QCOMPARE(rig.due->count(), 0);
        QObject target;
        QEvent timer(QEvent::Timer); // not input
        QCoreApplication::sendEvent(&target, &timer);
        QCOMPARE(rig.due->count(), 0);
        QEvent input{QEvent::Type(type)};
        QCoreApplication::sendEvent(&target, &input);
        QCOMPARE(rig.due->count(), 1);
        QVERIFY(!rig.tracker->isIdle());
        rig.tracker->stop();
        rig.clock.advance(5 * Minute);
        QCoreApplication::sendEvent(&target, &input); // filter removed: ignored
        QCOMPARE(rig.due->count(), 1);
    }

    void simulateUserActivity()
    {
        Rig rig(false);
        rig.tracker->start();
        rig.tracker->simulateUserActivity();
        QCOMPARE(rig.due->count(), 1);
        QCOMPARE(rig.tracker->lastInputMs(), std::optional<qint64>(T0));
    }
};

QTEST_GUILESS_MAIN(TestActivityTracker)
#include "tst_activitytracker.moc"
