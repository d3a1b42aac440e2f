#pragma once
// "Clear after" of the status message dialog (DESIGN.md §10): the user's choice (never, 30
// minutes, 1 hour, today, this week) turned into the absolute expires_at the server stores, on
// the injected clock and in the viewer's time zone, so "today" ends at the local midnight.
#include <QTimeZone>
#include <optional>

namespace SmartFixer {

enum class ClearAfter {
    Never,
    ThirtyMinutes,
    OneHour,
    Today, //!< at the next local midnight
    ThisWeek, //!< at the local midnight that starts the next week
};

//! expires_at (ms since epoch UTC) for \a choice made at \a nowMs (ms since epoch UTC) in
//! \a zone; a week starts on \a firstDayOfWeek (QLocale::firstDayOfWeek()). Nothing for Never.
//! A midnight that a DST change skips becomes the first moment of that day.
std::optional<qint64> clearAfterExpiry(ClearAfter choice, qint64 nowMs, const QTimeZone &zone,
                                       Qt::DayOfWeek firstDayOfWeek = Qt::Monday);

} // namespace SmartFixer
