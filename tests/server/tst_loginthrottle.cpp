// Unit tests of LoginThrottle with a ManualClock: free failures, growing and capped lockouts,
// per (username, address) keys, reset on success, forgetting quiet pairs.
#include "server/loginthrottle.h"
#include "testsupport.h"

#include <QtTest>

using namespace SmartFixer;

class TestLoginThrottle : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { Test::initTestEnvironment(); }

    void lockoutsGrowAndAreCapped()
    {
        ManualClock clock(1'000'000);
        LoginThrottleConfig config;
        config.freeFailures = 3;
        config.baseLockoutMs = 1000;
        config.maxLockoutMs = 5000;
        LoginThrottle t(&clock, config);
        const QHostAddress a(QStringLiteral("10.0.0.1"));
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(t.recordFailure(QStringLiteral("bob"), a), 0);
            QCOMPARE(t.retryAfterMs(QStringLiteral("bob"), a), 0);
        }
        QCOMPARE(t.recordFailure(QStringLiteral("bob"), a), 1000);
        QCOMPARE(t.retryAfterMs(QStringLiteral("bob"), a), 1000);
        clock.advance(400);
        QCOMPARE(t.retryAfterMs(QStringLiteral("BOB"), a), 600); // names compare case-folded
        clock.advance(600);
        QCOMPARE(t.retryAfterMs(QStringLiteral("bob"), a), 0);
        QCOMPARE(t.recordFailure(QStringLiteral("bob"), a), 2000);
        clock.advance(2000);
        QCOMPARE(t.recordFailure(QStringLiteral("bob"), a), 4000);
        clock.advance(4000);
        QCOMPARE(t.recordFailure(QStringLiteral("bob"), a), 5000); // capped
        QCOMPARE(t.lockouts(), quint64(4));
        // Other names and other addresses are independent.
        QCOMPARE(t.retryAfterMs(QStringLiteral("alice"), a), 0);
        QCOMPARE(t.retryAfterMs(QStringLiteral("bob"), QHostAddress(QStringLiteral("10.0.0.2"))),
                 0);
        t.recordSuccess(QStringLiteral("bob"), a);
        QCOMPARE(t.retryAfterMs(QStringLiteral("bob"), a), 0);
        QCOMPARE(t.recordFailure(QStringLiteral("bob"), a), 0);
    }

    void quietPairsStartAfresh()
    {
        ManualClock clock(0);
        LoginThrottleConfig config;
        config.freeFailures = 1;
        config.forgetAfterMs = 10'000;
        LoginThrottle t(&clock, config);
        const QHostAddress a(QHostAddress::LocalHost);
        QCOMPARE(t.recordFailure(QStringLiteral("x"), a), 0);
        QVERIFY(t.recordFailure(QStringLiteral("x"), a) > 0);
        clock.advance(10'001);
        QCOMPARE(t.recordFailure(QStringLiteral("x"), a), 0);
    }

    void trackedPairsAreBounded()
    {
        ManualClock clock(0);
        LoginThrottleConfig config;
        config.maxTracked = 100;
        config.forgetAfterMs = 1000;
        LoginThrottle t(&clock, config);
        for (int i = 0; i < 1000; ++i) {
            t.recordFailure(QStringLiteral("user%1").arg(i), QHostAddress(QHostAddress::LocalHost));
            clock.advance(10);
        }
        QVERIFY(t.trackedPairs() <= 100);
    }
};

QTEST_GUILESS_MAIN(TestLoginThrottle)
#include "tst_loginthrottle.moc"
