#include "statustext.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QTranslator>
#include <memory>

namespace SmartFixer {

namespace {

constexpr char Context[] = "SmartFixer";

// The source texts, marked for lupdate. English plural forms come from "(s)" in code, so the
// English source needs no translation file.
constexpr const char *TextOnline = QT_TRANSLATE_NOOP("SmartFixer", "online");
constexpr const char *TextJustNow = QT_TRANSLATE_NOOP("SmartFixer", "Active just now");
constexpr const char *TextMinutesAgo = QT_TRANSLATE_N_NOOP("SmartFixer", "Active %n minute(s) ago");
constexpr const char *TextToday = QT_TRANSLATE_NOOP("SmartFixer", "Last seen today at %1");
constexpr const char *TextYesterday = QT_TRANSLATE_NOOP("SmartFixer", "Last seen yesterday at %1");
//: %1 is a date such as "3 Nov" or "3 Nov 2025", %2 a time such as "14:30"
constexpr const char *TextOnDate = QT_TRANSLATE_NOOP("SmartFixer", "Last seen on %1 at %2");
constexpr const char *TextLongAgo = QT_TRANSLATE_NOOP("SmartFixer", "Last seen a long time ago");
constexpr const char *TextHidden = QT_TRANSLATE_NOOP("SmartFixer", "Presence hidden");
//: Date format (QDate::toString) of a day in the current year, e.g. "3 Nov"
constexpr const char *FormatDayMonth = QT_TRANSLATE_NOOP("SmartFixer", "d MMM");
//: Date format (QDate::toString) of a day in another year, e.g. "3 Nov 2025"
constexpr const char *FormatDayMonthYear = QT_TRANSLATE_NOOP("SmartFixer", "d MMM yyyy");

const QStringList &languages()
{
    static const QStringList list{QStringLiteral("de"), QStringLiteral("es"), QStringLiteral("ru")};
    return list;
}

// One translator per language, loaded once from the .qm files embedded in the engine.
const QTranslator *translatorFor(const QLocale &locale)
{
    static QMutex mutex;
    static QHash<QString, std::shared_ptr<QTranslator>> cache;
    const QString lang = QLocale::languageToCode(locale.language());
    if (!languages().contains(lang))
        return nullptr;
    QMutexLocker lock(&mutex);
    auto it = cache.find(lang);
    if (it == cache.end()) {
        auto translator = std::make_shared<QTranslator>();
        if (!translator->load(QStringLiteral(":/i18n/smartfixer_") + lang + QStringLiteral(".qm")))
            translator.reset();
        it = cache.insert(lang, translator);
    }
    return it->get();
}

QString englishPlural(const char *sourceText, int n)
{
    QString text = QString::fromUtf8(sourceText);
    if (n >= 0)
        text.replace(QStringLiteral("(s)"), n == 1 ? QString() : QStringLiteral("s"));
    return text;
}

} // namespace

QString translateText(const char *sourceText, const QLocale &locale, int n)
{
    QString text;
    if (const QTranslator *translator = translatorFor(locale))
        text = translator->translate(Context, sourceText, nullptr, n);
    if (text.isEmpty())
        text = englishPlural(sourceText, n);
    if (n >= 0)
        text.replace(QStringLiteral("%n"), QString::number(n));
    return text;
}

QStringList availableLanguages()
{
    return languages();
}

QLocale localeForAcceptLanguage(const QByteArray &header)
{
    // "ru-RU,ru;q=0.9,en;q=0.8": take the highest-q language that we have.
    double bestQ = -1;
    QLocale best(QLocale::English, QLocale::UnitedKingdom);
    for (const QByteArray &rawPart : header.split(',')) {
        const QList<QByteArray> fields = rawPart.trimmed().split(';');
        const QString tag = QString::fromLatin1(fields.value(0).trimmed());
        if (tag.isEmpty())
            continue;
        double q = 1.0;
        for (int i = 1; i < fields.size(); ++i) {
            const QByteArray f = fields.at(i).trimmed();
            if (f.startsWith("q="))
                q = f.mid(2).toDouble();
        }
        const QString lang = tag.section(QLatin1Char('-'), 0, 0).toLower();
        const bool known = lang == QLatin1String("en") || languages().contains(lang);
        if (known && q > bestQ) {
            bestQ = q;
            best = QLocale(tag);
        }
    }
    return best;
}

QString statusText(PresenceState state, std::optional<qint64> lastActiveMs, qint64 nowMs,
                   const StatusTextOptions &options)
{
    const QLocale &locale = options.locale;
    switch (state) {
    case PresenceState::Online:
        return translateText(TextOnline, locale);
    case PresenceState::Hidden:
        return translateText(TextHidden, locale);
    case PresenceState::Active: {
        const qint64 age = presenceAgeMs(lastActiveMs, nowMs).value_or(0);
        const int minutes = int(age / 60000);
        if (minutes < 1)
            return translateText(TextJustNow, locale);
        return translateText(TextMinutesAgo, locale, minutes);
    }
    case PresenceState::LastSeen:
        break;
    }
    if (!lastActiveMs)
        return translateText(TextLongAgo, locale);

    const qint64 seenMs = std::min(*lastActiveMs, nowMs);
    const QDateTime seen = QDateTime::fromMSecsSinceEpoch(seenMs, options.zone);
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs, options.zone);
    const QString time = options.timeStyle == TimeStyle::TwentyFourHour
        ? seen.time().toString(QStringLiteral("HH:mm"))
        : locale.toString(seen.time(), QLocale::ShortFormat);
    const QDate seenDay = seen.date();
    const QDate today = now.date();
    if (seenDay == today)
        return translateText(TextToday, locale).arg(time);
    if (seenDay == today.addDays(-1))
        return translateText(TextYesterday, locale).arg(time);
    const char *format = seenDay.year() == today.year() ? FormatDayMonth : FormatDayMonthYear;
    const QString date = locale.toString(seenDay, translateText(format, locale));
    return translateText(TextOnDate, locale).arg(date, time);
}

} // namespace SmartFixer
