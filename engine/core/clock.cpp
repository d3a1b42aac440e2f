#include "clock.h"

#include <QTimeZone>
#include <algorithm>
#include <cmath>

namespace SmartFixer {

Clock::~Clock() = default;

QDateTime Clock::now() const
{
    return QDateTime::fromMSecsSinceEpoch(nowMs(), QTimeZone::utc());
}

int Clock::realDelayUntil(qint64 deadlineMs) const
{
    const double waitMs = std::ceil(double(deadlineMs - nowMs()) / std::max(rate(), 1e-9));
    // One day at most: QTimer takes an int, and the deadline is re-checked when it fires anyway.
    return int(std::clamp(waitMs, 0.0, 86'400'000.0));
}

Clock *Clock::system()
{
    static SystemClock clock;
    return &clock;
}

qint64 SystemClock::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

ManualClock::ManualClock(qint64 startMs, QObject *parent) : Clock(parent), m_now(startMs) { }

void ManualClock::setNow(qint64 ms)
{
    m_now = ms;
    Q_EMIT jumped();
}

ScaledClock::ScaledClock(double scale, QObject *parent)
    : Clock(parent), m_originMs(QDateTime::currentMSecsSinceEpoch()), m_scale(scale)
{
    m_elapsed.start();
}

qint64 ScaledClock::nowMs() const
{
    return m_originMs + qint64(double(m_elapsed.elapsed()) * m_scale);
}

} // namespace SmartFixer
