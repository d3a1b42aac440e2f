// The presence policy of DESIGN.md §2: record + now + window → state, and when time alone
// changes the state next.
#include "core/presence.h"

#include <QTest>

using namespace SmartFixer;

namespace {
constexpr qint64 Minute = 60 * 1000;
constexpr qint64 W = DefaultActiveWindowMs;
constexpr qint64 Now = 1'795'000'000'000; // 2026-11-17, any fixed instant will do
} // namespace

class TestPresencePolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void state_data();
    void state();
    void nextChange_data();
    void nextChange();
    void names();
};

void TestPresencePolicy::state_data()
{
    QTest::addColumn<std::optional<qint64>>("lastActive");
    QTest::addColumn<int>("connections");
    QTest::addColumn<qint64>("window");
    QTest::addColumn<PresenceState>("expected");

    using O = std::optional<qint64>;
    QTest::newRow("connected, active now") << O(Now) << 1 << W << PresenceState::Online;
    QTest::newRow("two devices count once") << O(Now - Minute) << 2 << W << PresenceState::Online;
    QTest::newRow("connected, exactly 5:00") << O(Now - W) << 1 << W << PresenceState::Online;
    QTest::newRow("connected, 5:00.001") << O(Now - W - 1) << 1 << W << PresenceState::LastSeen;
    QTest::newRow("gone, 0 s") << O(Now) << 0 << W << PresenceState::Active;
    QTest::newRow("gone, 59 s") << O(Now - 59'000) << 0 << W << PresenceState::Active;
    QTest::newRow("gone, exactly 5:00") << O(Now - W) << 0 << W << PresenceState::Active;
    QTest::newRow("gone, 5:00.001") << O(Now - W - 1) << 0 << W << PresenceState::LastSeen;
    QTest::newRow("gone, 59 min") << O(Now - 59 * Minute) << 0 << W << PresenceState::LastSeen;
    QTest::newRow("future last_active, connected")
        << O(Now + 3600'000) << 1 << W << PresenceState::Online;
    QTest::newRow("future last_active, gone")
        << O(Now + 3600'000) << 0 << W << PresenceState::Active;
    QTest::newRow("never active, gone") << O() << 0 << W << PresenceState::LastSeen;
    QTest::newRow("never active, connected") << O() << 1 << W << PresenceState::LastSeen;
    QTest::newRow("short window 10 s, 10 s")
        << O(Now - 10'000) << 0 << qint64(10'000) << PresenceState::Active;
    QTest::newRow("short window 10 s, 10.001 s")
        << O(Now - 10'001) << 1 << qint64(10'000) << PresenceState::LastSeen;
}

void TestPresencePolicy::state()
{
    QFETCH(std::optional<qint64>, lastActive);
    QFETCH(int, connections);
    QFETCH(qint64, window);
    QFETCH(PresenceState, expected);
    const PresenceRecord record{lastActive, connections};
    QCOMPARE(presenceState(record, Now, window), expected);
    // Hidden is never the policy's answer: privacy decides that.
    QVERIFY(presenceState(record, Now, window) != PresenceState::Hidden);
}

void TestPresencePolicy::nextChange_data()
{
    QTest::addColumn<std::optional<qint64>>("lastActive");
    QTest::addColumn<std::optional<qint64>>("expected");
    using O = std::optional<qint64>;
    QTest::newRow("active now") << O(Now) << O(Now + W + 1);
    QTest::newRow("2 min ago") << O(Now - 2 * Minute) << O(Now - 2 * Minute + W + 1);
    QTest::newRow("exactly 5:00 ago") << O(Now - W) << O(Now + 1);
    QTest::newRow("already last seen") << O(Now - W - 1) << O();
    QTest::newRow("never") << O() << O();
    QTest::newRow("future: window ends W after it") << O(Now + Minute) << O(Now + Minute + W + 1);
}

void TestPresencePolicy::nextChange()
{
    QFETCH(std::optional<qint64>, lastActive);
    QFETCH(std::optional<qint64>, expected);
    for (int connections : {0, 1}) {
        const PresenceRecord record{lastActive, connections};
        const auto next = nextStateChangeMs(record, Now, W);
        QCOMPARE(next, expected);
        if (next) {
            // The state really differs on either side of the returned instant.
            QVERIFY(presenceState(record, *next - 1, W) != presenceState(record, *next, W));
        }
    }
}

void TestPresencePolicy::names()
{
    for (auto s : {PresenceState::Online, PresenceState::Active, PresenceState::LastSeen,
                   PresenceState::Hidden})
        QCOMPARE(stateFromName(stateName(s)), s);
    QCOMPARE(stateName(PresenceState::LastSeen), QStringLiteral("last_seen"));
    QVERIFY(!stateFromName(u"away"));
}

QTEST_GUILESS_MAIN(TestPresencePolicy)
#include "tst_presencepolicy.moc"
