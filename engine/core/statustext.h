#pragma once
// The status text of DESIGN.md §2 ("online", "Active 3 minutes ago", "Last seen today at
// 14:30", "Presence hidden") as a pure function of state, last activity, now, locale and the
// viewer's time zone. Texts are translated with Qt's .qm files embedded in the engine, looked
// up per call by locale (so a server can answer each request in its own language).
#include "presence.h"

#include <QLocale>
#include <QTimeZone>
#include <optional>

namespace SmartFixer {

enum class TimeStyle {
    Locale, //!< 12/24 h as the locale says (the desktop client)
    TwentyFourHour //!< "HH:mm" always (text rendered by the server, as in the seed)
};

struct StatusTextOptions
{
    QLocale locale = QLocale(QLocale::English, QLocale::UnitedKingdom);
    QTimeZone zone = QTimeZone::utc();
    TimeStyle timeStyle = TimeStyle::Locale;
};

//! The text for \a state. \a lastActiveMs is the last activity on the same clock as \a nowMs
//! (a client that only has the server's last_active_ago_ms passes nowMs - ago).
QString statusText(PresenceState state, std::optional<qint64> lastActiveMs, qint64 nowMs,
                   const StatusTextOptions &options);

//! Translate an engine string (context "SmartFixer") with plural \a n in \a locale's language;
//! English when there is no translation. %n is replaced with \a n in the locale's digits.
QString translateText(const char *sourceText, const QLocale &locale, int n = -1);

//! Languages that have a translation (besides the English source), e.g. {"de","es","ru"}.
QStringList availableLanguages();

//! The best-matching locale for an HTTP Accept-Language header among availableLanguages()
//! (English when none matches).
QLocale localeForAcceptLanguage(const QByteArray &header);

} // namespace SmartFixer
