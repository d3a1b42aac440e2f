#pragma once
// Clock: the source of "now" for the presence rules, the status text and every timer in the
// engine. It is injected, so tests move time forward instead of sleeping, and demo mode can
// run time faster than real time.
#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>

namespace SmartFixer {

class Clock : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~Clock() override;

    //! Milliseconds since the Unix epoch, UTC.
    virtual qint64 nowMs() const = 0;
    QDateTime now() const;

    //! Clock milliseconds that pass per real millisecond: 1 for the system clock, more in demo
    //! mode. A QTimer that waits for a clock deadline waits (deadline - now) / rate() real ms.
    virtual double rate() const { return 1.0; }

    //! Real milliseconds to wait until the clock reaches \a deadlineMs (at least 0; capped so
    //! that it fits a QTimer).
    int realDelayUntil(qint64 deadlineMs) const;

    //! The process-wide real clock.
    static Clock *system();

Q_SIGNALS:
    //! Time jumped (a test advanced a manual clock). Whoever armed timers for clock deadlines
    //! must re-evaluate now, because the real-time timers no longer match.
    void jumped();
};

//! The real wall clock.
class SystemClock final : public Clock
{
    Q_OBJECT
public:
    using Clock::Clock;
    qint64 nowMs() const override;
};

//! A clock that only moves when told to; for tests.
class ManualClock final : public Clock
{
    Q_OBJECT
public:
    explicit ManualClock(qint64 startMs, QObject *parent = nullptr);
    qint64 nowMs() const override { return m_now; }
    void setNow(qint64 ms);
    void advance(qint64 ms) { setNow(m_now + ms); }

private:
    qint64 m_now;
};

//! Real time sped up by a factor from the moment of construction; for demo mode.
class ScaledClock final : public Clock
{
    Q_OBJECT
public:
    ScaledClock(double scale, QObject *parent = nullptr);
    qint64 nowMs() const override;
    double rate() const override { return m_scale; }

private:
    qint64 m_originMs;
    QElapsedTimer m_elapsed;
    double m_scale;
};

} // namespace SmartFixer
