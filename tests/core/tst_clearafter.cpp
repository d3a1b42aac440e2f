// "Clear after" → expires_at (DESIGN.md §10) as a pure function of the choice, now, the zone
// and the first day of the week: the boundaries (exactly midnight, one ms before it, New Year,
// a DST change, a midnight that DST skips, the last and the first day of a week).
#include "core/clearafter.h"

#include <QDateTime>
#include <QTest>

using namespace SmartFixer;

namespace {
qint64 utc(int y, int mo, int d, int h, int mi, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi).addMSecs(ms), QTimeZone::utc())
        .toMSecsSinceEpoch();
}
qint64 local(const char *zone, int y, int mo, int d, int h, int mi, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi).addMSecs(ms), QTimeZone(zone))
        .toMSecsSinceEpoch();
}
} // namespace

class TestClearAfter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void expiry_data()
    {
        QTest::addColumn<int>("choice");
        QTest::addColumn<QByteArray>("zone");
        QTest::addColumn<int>("firstDay");
        QTest::addColumn<qint64>("now");
        QTest::addColumn<qint64>("expected"); // -1 = no expiry

        const int mon = Qt::Monday;
        const QByteArray berlin("Europe/Berlin");
        const qint64 sat = local("Europe/Berlin", 2026, 11, 28, 12, 0); // a Saturday
        QTest::newRow("never") << int(ClearAfter::Never) << berlin << mon << sat << qint64(-1);
        QTest::newRow("30 minutes")
            << int(ClearAfter::ThirtyMinutes) << berlin << mon << sat << sat + 30 * 60 * 1000;
        QTest::newRow("1 hour") << int(ClearAfter::OneHour) << berlin << mon << sat
                                << sat + 60 * 60 * 1000;
        QTest::newRow("today: the local midnight, not UTC's")
            << int(ClearAfter::Today) << berlin << mon << sat << utc(2026, 11, 28, 23, 0);
        QTest::newRow("today at exactly midnight: the whole day")
            << int(ClearAfter::Today) << berlin << mon << local("Europe/Berlin", 2026, 11, 28, 0, 0)
            << local("Europe/Berlin", 2026, 11, 29, 0, 0);
        QTest::newRow("today one ms before midnight")
            << int(ClearAfter::Today) << berlin << mon
            << local("Europe/Berlin", 2026, 11, 28, 23, 59, 59999)
            << local("Europe/Berlin", 2026, 11, 29, 0, 0);
        QTest::newRow("today on New Year's Eve") << int(ClearAfter::Today) << berlin << mon
                                                 << local("Europe/Berlin", 2026, 12, 31, 18, 0)
                                                 << local("Europe/Berlin", 2027, 1, 1, 0, 0);
        QTest::newRow("today on the 23-hour day of a DST change")
            << int(ClearAfter::Today) << berlin << mon << local("Europe/Berlin", 2027, 3, 28, 12, 0)
            << utc(2027, 3, 28, 22, 0);
        QTest::newRow("today when DST skips midnight (Santiago: the day starts at 01:00)")
            << int(ClearAfter::Today) << QByteArray("America/Santiago") << mon
            << local("America/Santiago", 2026, 9, 5, 12, 0) << utc(2026, 9, 6, 4, 0);
        QTest::newRow("this week from Saturday (Monday first)")
            << int(ClearAfter::ThisWeek) << berlin << mon << sat
            << local("Europe/Berlin", 2026, 11, 30, 0, 0);
        QTest::newRow("this week on its last day (Sunday)")
            << int(ClearAfter::ThisWeek) << berlin << mon
            << local("Europe/Berlin", 2026, 11, 29, 23, 0)
            << local("Europe/Berlin", 2026, 11, 30, 0, 0);
        QTest::newRow("this week on its first day: the whole week")
            << int(ClearAfter::ThisWeek) << berlin << mon
            << local("Europe/Berlin", 2026, 11, 30, 0, 0)
            << local("Europe/Berlin", 2026, 12, 7, 0, 0);
        QTest::newRow("this week from Saturday (Sunday first, en_US)")
            << int(ClearAfter::ThisWeek) << QByteArray("America/New_York") << int(Qt::Sunday)
            << local("America/New_York", 2026, 11, 28, 12, 0)
            << local("America/New_York", 2026, 11, 29, 0, 0);
        QTest::newRow("this week across New Year") << int(ClearAfter::ThisWeek) << berlin << mon
                                                   << local("Europe/Berlin", 2026, 12, 31, 9, 0)
                                                   << local("Europe/Berlin", 2027, 1, 4, 0, 0);
    }

    void expiry()
    {
        QFETCH(int, choice);
        QFETCH(QByteArray, zone);
        QFETCH(int, firstDay);
        QFETCH(qint64, now);
        QFETCH(qint64, expected);
        const QTimeZone tz(zone);
        QVERIFY(tz.isValid());
        const auto got = clearAfterExpiry(ClearAfter(choice), now, tz, Qt::DayOfWeek(firstDay));
        if (expected < 0) {
            QVERIFY(!got);
            return;
        }
        QVERIFY(got);
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(*got, QTimeZone::utc()),
                 QDateTime::fromMSecsSinceEpoch(expected, QTimeZone::utc()));
        QVERIFY(*got > now); // the server refuses an expires_at that is not in the future
    }

    void firstDayFromLocale()
    {
        // The desktop passes QLocale::firstDayOfWeek(): Monday in Germany, Sunday in the US.
        QCOMPARE(QLocale(QLocale::German, QLocale::Germany).firstDayOfWeek(), Qt::Monday);
        QCOMPARE(QLocale(QLocale::English, QLocale::UnitedStates).firstDayOfWeek(), Qt::Sunday);
    }
};

QTEST_GUILESS_MAIN(TestClearAfter)
#include "tst_clearafter.moc"
