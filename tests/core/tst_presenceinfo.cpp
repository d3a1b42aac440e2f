// The presence object of DESIGN.md §4 and its ISO-8601 timestamps.
#include "core/presenceinfo.h"

#include <QJsonDocument>
#include <QTest>

using namespace SmartFixer;

class TestPresenceInfo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void computeOnline();
    void computeNever();
    void roundTrip();
    void fromOriginalBackend_data();
    void fromOriginalBackend();
    void rejectsBadObjects();
    void iso_data();
    void iso();
};

namespace {
const qint64 Now
    = QDateTime::fromString(QStringLiteral("2026-11-28T13:40:06.323Z"), Qt::ISODateWithMs)
          .toMSecsSinceEpoch();
const StatusTextOptions Server{QLocale(QStringLiteral("en_GB")), QTimeZone::utc(),
                               TimeStyle::TwentyFourHour};
} // namespace

void TestPresenceInfo::computeOnline()
{
    const PresenceInfo p
        = PresenceInfo::compute(7, {Now - 1200, 1}, Now, DefaultActiveWindowMs, Server);
    const QJsonObject expected
        = QJsonDocument::fromJson(
              R"({"user_id":7,"is_online":true,"state":"online","status":"online",)"
              R"("last_active":"2026-11-28T13:40:05.123Z","last_active_ago_ms":1200,)"
              // DESIGN.md §10: both keys always present
              R"("availability":"auto","status_message":null})")
              .object();
    QCOMPARE(p.toJson(), expected);
}

void TestPresenceInfo::computeNever()
{
    const PresenceInfo p = PresenceInfo::compute(3, {}, Now, DefaultActiveWindowMs, Server);
    QCOMPARE(p.state, PresenceState::LastSeen);
    QCOMPARE(p.status, QStringLiteral("Last seen a long time ago"));
    QVERIFY(p.toJson().value(QStringLiteral("last_active")).isNull());
    QVERIFY(p.toJson().value(QStringLiteral("last_active_ago_ms")).isNull());
}

void TestPresenceInfo::roundTrip()
{
    for (const PresenceRecord &r : {PresenceRecord{Now, 1}, PresenceRecord{Now - 90'000, 0},
                                    PresenceRecord{Now - 86'400'000, 0}, PresenceRecord{}}) {
        const PresenceInfo p = PresenceInfo::compute(11, r, Now, DefaultActiveWindowMs, Server);
        const auto back = PresenceInfo::fromJson(p.toJson());
        QVERIFY2(back.ok(), qPrintable(back.error()));
        QCOMPARE(*back, p);
    }
    const auto hidden = PresenceInfo::fromJson(PresenceInfo::hidden(5).toJson());
    QVERIFY(hidden.ok());
    QCOMPARE(*hidden, PresenceInfo::hidden(5));
}

void TestPresenceInfo::fromOriginalBackend_data()
{
    // The seed's API sends only is_online + status (and our client adds the id it asked for).
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<PresenceState>("state");
    QTest::newRow("online") << QByteArray(R"({"user_id":1,"is_online":true,"status":"online"})")
                            << PresenceState::Online;
    QTest::newRow("active") << QByteArray(
        R"({"user_id":1,"is_online":false,"status":"Active 3 minutes ago"})")
                            << PresenceState::Active;
    QTest::newRow("last seen") << QByteArray(
        R"({"user_id":1,"is_online":false,"status":"Last seen today at 14:30"})")
                               << PresenceState::LastSeen;
}

void TestPresenceInfo::fromOriginalBackend()
{
    QFETCH(QByteArray, json);
    QFETCH(PresenceState, state);
    const auto p = PresenceInfo::fromJson(QJsonDocument::fromJson(json).object());
    QVERIFY(p.ok());
    QCOMPARE(p->state, state);
    QVERIFY(!p->lastActiveAgoMs);
}

void TestPresenceInfo::rejectsBadObjects()
{
    for (const char *json : {R"({})", R"({"user_id":"7"})", R"({"user_id":0})",
                             R"({"user_id":-3,"is_online":true})"}) {
        const auto p = PresenceInfo::fromJson(QJsonDocument::fromJson(json).object());
        QVERIFY2(!p.ok(), json);
        QVERIFY(!p.error().isEmpty());
    }
}

void TestPresenceInfo::iso_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expectedUtc"); // empty = must fail
    QTest::newRow("ours") << "2026-11-28T13:40:05.123Z"
                          << "2026-11-28T13:40:05.123Z";
    QTest::newRow("sqlalchemy naive") << "2025-03-01 10:00:00.000000"
                                      << "2025-03-01T10:00:00.000Z";
    QTest::newRow("no fraction") << "2025-03-01T10:00:00"
                                 << "2025-03-01T10:00:00.000Z";
    QTest::newRow("offset") << "2025-03-01T10:00:00+02:00"
                            << "2025-03-01T08:00:00.000Z";
    QTest::newRow("negative offset") << "2025-03-01T22:30:00.5-0130"
                                     << "2025-03-02T00:00:00.500Z";
    QTest::newRow("date only") << "2025-03-01"
                               << "2025-03-01T00:00:00.000Z";
    QTest::newRow("garbage") << "yesterday"
                             << "";
    QTest::newRow("bad month") << "2025-13-01T00:00:00Z"
                               << "";
    QTest::newRow("empty") << ""
                           << "";
}

void TestPresenceInfo::iso()
{
    QFETCH(QString, text);
    QFETCH(QString, expectedUtc);
    const auto ms = parseIsoUtc(text);
    if (expectedUtc.isEmpty()) {
        QVERIFY(!ms);
        return;
    }
    QVERIFY(ms);
    QCOMPARE(toIsoUtc(*ms), expectedUtc);
}

QTEST_GUILESS_MAIN(TestPresenceInfo)
#include "tst_presenceinfo.moc"
