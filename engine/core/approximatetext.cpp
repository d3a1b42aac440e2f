#include "approximatetext.h"

#include "statustext.h"

namespace SmartFixer {

namespace {

// The same source texts as manualstatus.cpp (one catalogue entry each).
constexpr const char *Buckets[] = {
    QT_TRANSLATE_NOOP("SmartFixer", "Last seen recently"),
    QT_TRANSLATE_NOOP("SmartFixer", "Last seen within a week"),
    QT_TRANSLATE_NOOP("SmartFixer", "Last seen within a month"),
    QT_TRANSLATE_NOOP("SmartFixer", "Last seen a long time ago"),
};

} // namespace

std::optional<QString> localizedApproximateText(const QString &received, const QLocale &locale)
{
    if (received.isEmpty())
        return std::nullopt;
    QList<QLocale> languages{QLocale(QLocale::English)};
    for (const QString &code : availableLanguages())
        languages.append(QLocale(code));
    for (const char *source : Buckets) {
        for (const QLocale &language : std::as_const(languages)) {
            if (translateText(source, language) == received)
                return translateText(source, locale);
        }
    }
    return std::nullopt;
}

} // namespace SmartFixer
