// Status text (DESIGN.md §2): a pure function of state, last activity, now, locale and the
// viewer's time zone. The table covers every state, the minute boundaries, midnight in the
// viewer's zone, New Year, both DST changes, a future and a NULL last_active, and locales with
// 24-hour and 12-hour clocks.
#include "core/presence.h"
#include "core/statustext.h"

#include <QDateTime>
#include <QTest>

using namespace SmartFixer;

namespace {
constexpr qint64 Second = 1000;
constexpr qint64 Minute = 60 * Second;

qint64 at(const char *isoUtc)
{
    return QDateTime::fromString(QString::fromLatin1(isoUtc), Qt::ISODateWithMs)
        .toMSecsSinceEpoch();
}
} // namespace

class TestStatusText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void text_data();
    void text();
    void policyAndTextAgree();
    void acceptLanguage_data();
    void acceptLanguage();
};

void TestStatusText::text_data()
{
    QTest::addColumn<PresenceState>("state");
    QTest::addColumn<std::optional<qint64>>("lastActive");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<int>("style");
    QTest::addColumn<QString>("expected");

    using O = std::optional<qint64>;
    const qint64 now = at("2026-11-28T14:00:00.000Z");
    const int loc = int(TimeStyle::Locale);
    const int h24 = int(TimeStyle::TwentyFourHour);
    const QByteArray utc = "UTC";
    const QByteArray berlin = "Europe/Berlin";
    const QByteArray newYork = "America/New_York";
    const QString gb = QStringLiteral("en_GB");
    const QString us = QStringLiteral("en_US");

    QTest::newRow("online") << PresenceState::Online << O(now) << now << gb << utc << loc
                            << "online";
    QTest::newRow("hidden") << PresenceState::Hidden << O() << now << gb << utc << loc
                            << "Presence hidden";
    QTest::newRow("active 0 s") << PresenceState::Active << O(now) << now << gb << utc << loc
                                << "Active just now";
    QTest::newRow("active 59.999 s") << PresenceState::Active << O(now - Minute + 1) << now << gb
                                     << utc << loc << "Active just now";
    QTest::newRow("active 1 min") << PresenceState::Active << O(now - Minute) << now << gb << utc
                                  << loc << "Active 1 minute ago";
    QTest::newRow("active 1:59") << PresenceState::Active << O(now - 2 * Minute + 1) << now << gb
                                 << utc << loc << "Active 1 minute ago";
    QTest::newRow("active 2 min") << PresenceState::Active << O(now - 2 * Minute) << now << gb
                                  << utc << loc << "Active 2 minutes ago";
    QTest::newRow("active 4:59.999") << PresenceState::Active << O(now - 5 * Minute + 1) << now
                                     << gb << utc << loc << "Active 4 minutes ago";
    QTest::newRow("active exactly 5:00") << PresenceState::Active << O(now - 5 * Minute) << now
                                         << gb << utc << loc << "Active 5 minutes ago";
    QTest::newRow("active 59 min (long window)")
        << PresenceState::Active << O(now - 59 * Minute) << now << gb << utc << loc
        << "Active 59 minutes ago";
    QTest::newRow("active, future last_active") << PresenceState::Active << O(now + 3 * Minute)
                                                << now << gb << utc << loc << "Active just now";
    QTest::newRow("last seen 5:00.001, today")
        << PresenceState::LastSeen << O(now - 5 * Minute - 1) << now << gb << utc << loc
        << "Last seen today at 13:54";
    QTest::newRow("last seen today 24h") << PresenceState::LastSeen << O(at("2026-11-28T09:05:00Z"))
                                         << now << gb << utc << loc << "Last seen today at 09:05";
    QTest::newRow("last seen yesterday")
        << PresenceState::LastSeen << O(at("2026-11-27T09:05:00Z")) << now << gb << utc << loc
        << "Last seen yesterday at 09:05";
    QTest::newRow("last seen this year")
        << PresenceState::LastSeen << O(at("2026-11-03T14:30:00Z")) << now << gb << utc << loc
        << "Last seen on 3 Nov at 14:30";
    QTest::newRow("last seen last year")
        << PresenceState::LastSeen << O(at("2025-11-03T14:30:00Z")) << now << gb << utc << loc
        << "Last seen on 3 Nov 2025 at 14:30";
    QTest::newRow("never") << PresenceState::LastSeen << O() << now << gb << utc << loc
                           << "Last seen a long time ago";

    // Midnight is the viewer's: 22:59Z is "yesterday" in Berlin (23:59 CET) once it is
    // 00:01 there, but still "today" for a viewer in UTC.
    const qint64 seenLate = at("2026-11-27T22:59:00Z");
    const qint64 justAfterBerlinMidnight = at("2026-11-27T23:01:00Z");
    QTest::newRow("midnight Berlin")
        << PresenceState::LastSeen << O(seenLate) << justAfterBerlinMidnight << gb << berlin << loc
        << "Last seen yesterday at 23:59";
    QTest::newRow("midnight same instant UTC")
        << PresenceState::LastSeen << O(seenLate) << justAfterBerlinMidnight << gb << utc << loc
        << "Last seen today at 22:59";
    QTest::newRow("exactly midnight Berlin")
        << PresenceState::LastSeen << O(at("2026-11-27T23:00:00Z")) << now + Minute << gb << berlin
        << loc << "Last seen today at 00:00";

    // New Year in the viewer's zone.
    QTest::newRow("New Year: yesterday")
        << PresenceState::LastSeen << O(at("2026-12-31T23:50:00Z")) << at("2027-01-01T00:10:00Z")
        << gb << utc << loc << "Last seen yesterday at 23:50";
    QTest::newRow("New Year: date of last year")
        << PresenceState::LastSeen << O(at("2026-12-30T10:00:00Z")) << at("2027-01-01T00:10:00Z")
        << gb << utc << loc << "Last seen on 30 Dec 2026 at 10:00";
    QTest::newRow("New Year in New York, not yet in UTC terms")
        << PresenceState::LastSeen << O(at("2027-01-01T04:30:00Z")) << at("2027-01-01T05:10:00Z")
        << gb << newYork << loc << "Last seen yesterday at 23:30";

    // DST: Berlin springs forward 2026-03-29 02:00 CET → 03:00 CEST, falls back 2026-10-25
    // 03:00 CEST → 02:00 CET. Times are local wall-clock times on either side.
    QTest::newRow("DST spring forward")
        << PresenceState::LastSeen << O(at("2026-03-29T00:30:00Z")) << at("2026-03-29T01:30:00Z")
        << gb << berlin << loc << "Last seen today at 01:30";
    QTest::newRow("DST fall back, 2:30 the first time")
        << PresenceState::LastSeen << O(at("2026-10-25T00:30:00Z")) << at("2026-10-25T01:45:00Z")
        << gb << berlin << loc << "Last seen today at 02:30";
    QTest::newRow("DST fall back, 2:30 the second time")
        << PresenceState::LastSeen << O(at("2026-10-25T01:30:00Z")) << at("2026-10-25T02:45:00Z")
        << gb << berlin << loc << "Last seen today at 02:30";
    QTest::newRow("DST: 23:30 before the change is yesterday")
        << PresenceState::LastSeen << O(at("2026-10-24T21:30:00Z")) << at("2026-10-25T06:00:00Z")
        << gb << berlin << loc << "Last seen yesterday at 23:30";

    // Second locale: US English uses a 12-hour clock; the server's style is always HH:mm.
    QTest::newRow("en_US 12h") << PresenceState::LastSeen << O(at("2026-11-28T09:05:00Z")) << now
                               << us << utc << loc << "Last seen today at 9:05 AM";
    QTest::newRow("en_US 12h pm") << PresenceState::LastSeen << O(at("2026-11-28T13:30:00Z")) << now
                                  << us << utc << loc << "Last seen today at 1:30 PM";
    QTest::newRow("en_US server style") << PresenceState::LastSeen << O(at("2026-11-28T13:30:00Z"))
                                        << now << us << utc << h24 << "Last seen today at 13:30";
    QTest::newRow("en_US date") << PresenceState::LastSeen << O(at("2026-11-03T14:30:00Z")) << now
                                << us << newYork << h24 << "Last seen on 3 Nov at 09:30";
}

void TestStatusText::text()
{
    QFETCH(PresenceState, state);
    QFETCH(std::optional<qint64>, lastActive);
    QFETCH(qint64, now);
    QFETCH(QString, locale);
    QFETCH(QByteArray, zone);
    QFETCH(int, style);
    QFETCH(QString, expected);

    const QTimeZone tz(zone);
    QVERIFY2(tz.isValid(), zone.constData());
    const StatusTextOptions options{QLocale(locale), tz, TimeStyle(style)};
    QString actual = statusText(state, lastActive, now, options);
    // CLDR puts a narrow no-break space before AM/PM; compare with a plain one.
    actual.replace(QChar(0x202F), QLatin1Char(' '));
    QCOMPARE(actual, expected);
}

void TestStatusText::policyAndTextAgree()
{
    // Walk one disconnected user from 0 to 7 minutes in 1-second steps: the text must be the
    // one its state allows, and the state must turn at exactly W + 1 ms.
    const qint64 start = at("2026-11-28T12:00:00Z");
    const StatusTextOptions options{QLocale(QStringLiteral("en_GB")), QTimeZone::utc(), {}};
    const PresenceRecord record{start, 0};
    for (qint64 t = start; t <= start + 7 * Minute; t += Second) {
        const PresenceState s = presenceState(record, t, DefaultActiveWindowMs);
        const QString text = statusText(s, record.lastActiveMs, t, options);
        if (t - start <= DefaultActiveWindowMs)
            QVERIFY2(text.startsWith(QLatin1String("Active")), qPrintable(text));
        else
            QCOMPARE(text, QStringLiteral("Last seen today at 12:00"));
    }
    QCOMPARE(presenceState(record, start + DefaultActiveWindowMs, DefaultActiveWindowMs),
             PresenceState::Active);
    QCOMPARE(presenceState(record, start + DefaultActiveWindowMs + 1, DefaultActiveWindowMs),
             PresenceState::LastSeen);
}

void TestStatusText::acceptLanguage_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("language");
    QTest::newRow("empty") << QByteArray() << "en";
    QTest::newRow("german") << QByteArray("de-DE,de;q=0.9,en;q=0.8") << "de";
    QTest::newRow("prefers english") << QByteArray("en-US,ru;q=0.5") << "en";
    QTest::newRow("unknown first") << QByteArray("fr-FR,ru;q=0.7") << "ru";
    QTest::newRow("q order") << QByteArray("es;q=0.2,ru;q=0.9") << "ru";
    QTest::newRow("nothing known") << QByteArray("fr,it;q=0.5") << "en";
    QTest::newRow("garbage") << QByteArray(";;,q=;,,") << "en";
}

void TestStatusText::acceptLanguage()
{
    QFETCH(QByteArray, header);
    QFETCH(QString, language);
    QCOMPARE(QLocale::languageToCode(localeForAcceptLanguage(header).language()), language);
}

QTEST_GUILESS_MAIN(TestStatusText)
#include "tst_statustext.moc"
