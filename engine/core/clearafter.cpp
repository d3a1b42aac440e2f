#include "clearafter.h"

#include <QDateTime>

namespace SmartFixer {

std::optional<qint64> clearAfterExpiry(ClearAfter choice, qint64 nowMs, const QTimeZone &zone,
                                       Qt::DayOfWeek firstDayOfWeek)
{
    constexpr qint64 MinuteMs = 60 * 1000;
    const QDate today = QDateTime::fromMSecsSinceEpoch(nowMs, zone).date();
    switch (choice) {
    case ClearAfter::Never:
        return std::nullopt;
    case ClearAfter::ThirtyMinutes:
        return nowMs + 30 * MinuteMs;
    case ClearAfter::OneHour:
        return nowMs + 60 * MinuteMs;
    case ClearAfter::Today:
        // startOfDay() handles a day that begins at 01:00 because DST skipped midnight.
        return today.addDays(1).startOfDay(zone).toMSecsSinceEpoch();
    case ClearAfter::ThisWeek: {
        // Days until the next first day of the week; on the last day of the week that is 1,
        // on the first day itself a whole week (the week just began).
        int days = (int(firstDayOfWeek) - today.dayOfWeek() + 7) % 7;
        if (days == 0)
            days = 7;
        return today.addDays(days).startOfDay(zone).toMSecsSinceEpoch();
    }
    }
    return std::nullopt;
}

} // namespace SmartFixer
