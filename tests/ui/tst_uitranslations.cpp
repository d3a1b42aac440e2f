// Translations: the engine's status texts come out translated with the right plural forms, and
// the UI's own strings are in the same embedded catalogues.
#include "core/statustext.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QTest>
#include <QTranslator>

using namespace SmartFixer;

class TestUiTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { Test::initTestEnvironment(); }

    void languages()
    {
        const QStringList langs = availableLanguages();
        for (const QString &lang :
             {QStringLiteral("de"), QStringLiteral("es"), QStringLiteral("ru")}) {
            QVERIFY(langs.contains(lang));
            QTranslator t;
            QVERIFY2(t.load(QStringLiteral(":/i18n/smartfixer_") + lang + QStringLiteral(".qm")),
                     qPrintable(lang));
            QVERIFY(!t.isEmpty());
        }
    }

    void minutes_data()
    {
        QTest::addColumn<QString>("lang");
        QTest::addColumn<int>("minutes");
        QTest::addColumn<QString>("expected");
        const auto row = [](const char *lang, int n, const char *text) {
            QTest::addRow("%s-%d", lang, n)
                << QString::fromLatin1(lang) << n << QString::fromUtf8(text);
        };
        row("en", 1, "Active 1 minute ago");
        row("en", 2, "Active 2 minutes ago");
        row("de", 1, "Vor 1 Minute aktiv");
        row("de", 2, "Vor 2 Minuten aktiv");
        row("de", 5, "Vor 5 Minuten aktiv");
        row("de", 21, "Vor 21 Minuten aktiv");
        row("es", 1, "Activo hace 1 minuto");
        row("es", 5, "Activo hace 5 minutos");
        row("ru", 1, "Активность: 1 минуту назад");
        row("ru", 2, "Активность: 2 минуты назад");
        row("ru", 5, "Активность: 5 минут назад");
        row("ru", 21, "Активность: 21 минуту назад");
        row("ru", 22, "Активность: 22 минуты назад");
        row("ru", 11, "Активность: 11 минут назад");
    }

    void minutes()
    {
        QFETCH(QString, lang);
        QFETCH(int, minutes);
        QFETCH(QString, expected);
        StatusTextOptions options;
        options.locale = QLocale(lang);
        const qint64 now = 1'800'000'000'000;
        const qint64 seen = now - qint64(minutes) * 60000 - 5000;
        QCOMPARE(statusText(PresenceState::Active, seen, now, options), expected);
    }

    void otherTexts_data()
    {
        QTest::addColumn<QString>("lang");
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("expected");
        QTest::newRow("de-online")
            << QStringLiteral("de") << int(PresenceState::Online) << QStringLiteral("online");
        QTest::newRow("ru-online")
            << QStringLiteral("ru") << int(PresenceState::Online) << QStringLiteral("в сети");
        QTest::newRow("de-hidden") << QStringLiteral("de") << int(PresenceState::Hidden)
                                   << QStringLiteral("Anwesenheit verborgen");
        QTest::newRow("es-hidden") << QStringLiteral("es") << int(PresenceState::Hidden)
                                   << QStringLiteral("Presencia oculta");
        QTest::newRow("ru-hidden")
            << QStringLiteral("ru") << int(PresenceState::Hidden) << QStringLiteral("Статус скрыт");
    }

    void otherTexts()
    {
        QFETCH(QString, lang);
        QFETCH(int, state);
        QFETCH(QString, expected);
        StatusTextOptions options;
        options.locale = QLocale(lang);
        QCOMPARE(statusText(PresenceState(state), std::nullopt, 0, options), expected);
    }

    void lastSeenToday()
    {
        StatusTextOptions options;
        options.locale = QLocale(QStringLiteral("de"));
        options.timeStyle = TimeStyle::TwentyFourHour;
        const qint64 now
            = QDateTime(QDate(2026, 11, 28), QTime(15, 0), QTimeZone::utc()).toMSecsSinceEpoch();
        const qint64 seen
            = QDateTime(QDate(2026, 11, 28), QTime(14, 30), QTimeZone::utc()).toMSecsSinceEpoch();
        QCOMPARE(statusText(PresenceState::LastSeen, seen, now, options),
                 QStringLiteral("Zuletzt gesehen heute um 14:30"));
        options.locale = QLocale(QStringLiteral("ru"));
        QCOMPARE(statusText(PresenceState::LastSeen, seen - 86400000, now, options),
                 QStringLiteral("Был(а) в сети вчера в 14:30"));
    }
};

QTEST_MAIN(TestUiTranslations)
#include "tst_uitranslations.moc"
