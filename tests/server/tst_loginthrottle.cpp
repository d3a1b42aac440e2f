// Unit tests of LoginThrottle with a ManualClock: free failures, growing and capped lockouts,
// per (username, address) keys, reset on success, forgetting quiet pairs; the account and
// address buckets of issue 14 item 2 (name-case walk, rotating addresses, trusted addresses).
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
        // Another name: the pair is exact, only the (case-folded) account bucket is shared.
        QCOMPARE(t.retryAfterMs(QStringLiteral("BOB"), a), 0);
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

    //! Issue 14 item 2a: "Dave" logging in must not clear the failures of "dave".
    void successOfOneNameKeepsAnothersCount()
    {
        ManualClock clock(0);
        LoginThrottle t(&clock, LoginThrottleConfig{});
        const QHostAddress a(QStringLiteral("10.0.0.1"));
        int locked = 0;
        for (int round = 0; round < 10; ++round) {
            for (int i = 0; i < 4; ++i) {
                if (t.retryAfterMs(QStringLiteral("dave"), a) > 0) {
                    ++locked;
                    clock.advance(t.retryAfterMs(QStringLiteral("dave"), a));
                }
                t.recordFailure(QStringLiteral("dave"), a);
            }
            t.recordSuccess(QStringLiteral("Dave"), a);
        }
        QVERIFY(locked >= 30); // before: 0 (40 guesses, never throttled)
    }

    //! Issue 14 item 2b: rotating source addresses still hit the account bucket, but the
    //! owner's usual address is not locked out.
    void rotatingAddressesHitTheAccount()
    {
        ManualClock clock(0);
        LoginThrottle t(&clock, LoginThrottleConfig{});
        const QHostAddress owner(QStringLiteral("192.168.7.7"));
        t.recordSuccess(QStringLiteral("victim"), owner);
        int throttled = 0;
        for (int i = 0; i < 50; ++i) {
            const QHostAddress from(QStringLiteral("127.0.0.%1").arg(10 + i % 10));
            if (t.retryAfterMs(QStringLiteral("victim"), from) > 0)
                ++throttled;
            else
                t.recordFailure(QStringLiteral("victim"), from);
        }
        QVERIFY(throttled > 0); // before: 50 guesses, none throttled
        const QHostAddress fresh(QStringLiteral("127.0.0.99"));
        QVERIFY(t.retryAfterMs(QStringLiteral("victim"), fresh) > 0);
        QVERIFY(t.retryAfterMs(QStringLiteral("victim"), fresh) <= 60'000); // owner-friendly cap
        QCOMPARE(t.retryAfterMs(QStringLiteral("victim"), owner), 0);
        QCOMPARE(t.retryAfterMs(QStringLiteral("someone-else"), fresh), 0);
    }

    //! Many names from one address: the address bucket; people who logged in from that
    //! (shared NAT) address before are not shut out by it.
    void guessingManyNamesHitsTheAddress()
    {
        ManualClock clock(0);
        LoginThrottle t(&clock, LoginThrottleConfig{});
        const QHostAddress nat(QStringLiteral("10.1.1.1"));
        t.recordSuccess(QStringLiteral("carol"), nat);
        for (int i = 0; i < 21; ++i)
            t.recordFailure(QStringLiteral("name%1").arg(i), nat);
        QVERIFY(t.retryAfterMs(QStringLiteral("another"), nat) > 0);
        QCOMPARE(t.retryAfterMs(QStringLiteral("carol"), nat), 0);
        QCOMPARE(
            t.retryAfterMs(QStringLiteral("another"), QHostAddress(QStringLiteral("10.1.1.2"))), 0);
    }

    void ipv6CountsThePrefix()
    {
        ManualClock clock(0);
        LoginThrottle t(&clock, LoginThrottleConfig{});
        for (int i = 0; i < 21; ++i)
            t.recordFailure(QStringLiteral("n%1").arg(i),
                            QHostAddress(QStringLiteral("2001:db8:1:2::%1").arg(i + 1, 0, 16)));
        QVERIFY(
            t.retryAfterMs(QStringLiteral("x"), QHostAddress(QStringLiteral("2001:db8:1:2::ffff")))
            > 0);
        QCOMPARE(
            t.retryAfterMs(QStringLiteral("x"), QHostAddress(QStringLiteral("2001:db8:1:3::1"))),
            0);
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
