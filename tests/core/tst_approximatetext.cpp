// The approximate last-seen texts of DESIGN.md §10 as a client receives them: recognised in
// English or any language we translate to, and worded in the viewer's language; any other text
// (an exact "Last seen today at 14:30", a stranger's own text) is not touched.
#include "core/approximatetext.h"
#include "core/manualstatus.h"

#include <QTest>

using namespace SmartFixer;

class TestApproximateText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void words_data()
    {
        QTest::addColumn<QString>("received");
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("expected"); // empty = not a bucket text
        const QString recently = QStringLiteral("Last seen recently");
        QTest::newRow("english to german")
            << recently << QStringLiteral("de") << QStringLiteral("Zuletzt gesehen vor Kurzem");
        QTest::newRow("english stays english") << recently << QStringLiteral("en") << recently;
        QTest::newRow("german to english")
            << QStringLiteral("Zuletzt gesehen vor Kurzem") << QStringLiteral("en") << recently;
        QTest::newRow("a week") << QStringLiteral("Last seen within a week") << QStringLiteral("en")
                                << QStringLiteral("Last seen within a week");
        QTest::newRow("exact text untouched")
            << QStringLiteral("Last seen today at 14:30") << QStringLiteral("de") << QString();
        QTest::newRow("empty") << QString() << QStringLiteral("de") << QString();
        QTest::newRow("near miss")
            << QStringLiteral("Last seen recently!") << QStringLiteral("de") << QString();
    }

    void words()
    {
        QFETCH(QString, received);
        QFETCH(QString, language);
        QFETCH(QString, expected);
        const auto got = localizedApproximateText(received, QLocale(language));
        if (expected.isEmpty()) {
            QVERIFY(!got);
            return;
        }
        QVERIFY(got);
        QCOMPARE(*got, expected);
    }

    void everyBucketOfTheServerIsRecognised()
    {
        // Whatever the server's bucket function renders, in every language, comes back.
        const qint64 now = 1'800'000'000'000;
        constexpr qint64 Day = 24LL * 60 * 60 * 1000;
        const QList<std::optional<qint64>> ages{now - Day, now - 5 * Day, now - 20 * Day,
                                                now - 90 * Day, std::nullopt};
        for (const char *lang : {"en", "de", "es", "ru"}) {
            for (const auto &age : ages) {
                const QString text
                    = approximateLastSeenText(age, now, QLocale(QLatin1String(lang)));
                const auto english = localizedApproximateText(text, QLocale(QLocale::English));
                QVERIFY2(english, qPrintable(text));
                QCOMPARE(approximateLastSeenText(age, now, QLocale(QLocale::English)), *english);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestApproximateText)
#include "tst_approximatetext.moc"
