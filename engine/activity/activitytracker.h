#pragma once
// ActivityTracker: decides when the client tells the server "the user is here" (user_activity).
// It watches the application's own input (an event filter on the QCoreApplication) and the
// whole system's idle time (IdleBackend), and emits activityDue() at most once a minute while
// the user is active, at once on return from idle, and never while idle (lock counts as idle).
#include "activity/idlebackend.h"
#include "core/clock.h"

#include <QObject>
#include <QTimer>
#include <memory>
#include <optional>

namespace SmartFixer {

class ActivityTracker : public QObject
{
    Q_OBJECT
public:
    //! \a backend may be nullptr (application input only). \a clock nullptr = system clock.
    explicit ActivityTracker(std::unique_ptr<IdleBackend> backend, Clock *clock = nullptr,
                             QObject *parent = nullptr);
    ~ActivityTracker() override;

    //! No input for this long (or a locked screen) means idle. Default 5 min. // ms
    void setIdleThresholdMs(qint64 ms);
    qint64 idleThresholdMs() const;
    //! Minimum gap between two activityDue() while active. Default 60 s. // ms
    void setMinReportIntervalMs(qint64 ms);
    //! How often the system idle time is polled. Default 5 s. // ms (real time)
    void setPollIntervalMs(int ms);
    //! A gap this long between two evaluations on the clock means the machine was suspended
    //! (or the process stopped): that counts as idle, and the system idle time read right
    //! after it is not trusted (X11 and others measure it on a clock that stops in suspend).
    //! Default 30 s. // ms
    void setSuspendGapMs(qint64 ms);

    //! Installs the event filter on QCoreApplication::instance() and starts polling.
    void start();
    void stop();
    bool isRunning() const;

    bool isIdle() const;
    IdleBackend *backend() const;
    //! Clock time of the last input seen (application or system), if any.
    std::optional<qint64> lastInputMs() const;
    //! Clock time of the last activityDue(), if any.
    std::optional<qint64> lastReportMs() const;

public Q_SLOTS:
    //! As if the user had just touched the keyboard (KIdleTime's simulateUserActivity()).
    void simulateUserActivity();
    //! Re-evaluates idle state and whether a report is due (called by the poll timer and when
    //! the clock jumps).
    void poll();

Q_SIGNALS:
    //! Send one user_activity now (the rate limit is already applied).
    void activityDue();
    //! The user went idle (no input for the threshold, or the screen locked) or came back.
    void idleChanged(bool idle);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void evaluate();
    void report(qint64 now);

    std::unique_ptr<IdleBackend> m_backend;
    Clock *m_clock;
    qint64 m_idleThresholdMs = 5 * 60 * 1000;
    qint64 m_minIntervalMs = 60 * 1000;
    int m_pollIntervalMs = 5000;
    bool m_running = false;
    bool m_idle = false;
    std::optional<qint64> m_lastAppInputMs;
    std::optional<qint64> m_lastInputMs;
    std::optional<qint64> m_lastReportMs;
    qint64 m_suspendGapMs = 30 * 1000;
    std::optional<qint64> m_lastEvaluationMs;
    std::optional<qint64> m_inputFloorMs; //!< input evidence before this (a resume) is stale
    QTimer m_pollTimer; // system idle time has to be polled
    QTimer m_dueTimer; // the end of the rate-limit minute, when input is waiting to be reported
};

} // namespace SmartFixer
