#include "activitytracker.h"

#include "core/logging.h"

#include <QCoreApplication>
#include <QEvent>
#include <algorithm>

namespace SmartFixer {

ActivityTracker::ActivityTracker(std::unique_ptr<IdleBackend> backend, Clock *clock,
                                 QObject *parent)
    : QObject(parent), m_backend(std::move(backend)), m_clock(clock ? clock : Clock::system())
{
    if (!m_backend)
        m_backend = std::make_unique<NullIdleBackend>();
    m_pollTimer.setSingleShot(false);
    m_dueTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &ActivityTracker::poll);
    connect(&m_dueTimer, &QTimer::timeout, this, &ActivityTracker::poll);
    connect(m_clock, &Clock::jumped, this, [this] {
        if (m_running)
            poll();
    });
}

ActivityTracker::~ActivityTracker()
{
    stop();
}

void ActivityTracker::setIdleThresholdMs(qint64 ms)
{
    m_idleThresholdMs = std::max<qint64>(1000, ms);
    if (m_running)
        poll();
}

qint64 ActivityTracker::idleThresholdMs() const
{
    return m_idleThresholdMs;
}

void ActivityTracker::setMinReportIntervalMs(qint64 ms)
{
    m_minIntervalMs = std::max<qint64>(0, ms);
}

void ActivityTracker::setPollIntervalMs(int ms)
{
    m_pollIntervalMs = std::max(100, ms);
    if (m_running)
        m_pollTimer.start(m_pollIntervalMs);
}

void ActivityTracker::setSuspendGapMs(qint64 ms)
{
    m_suspendGapMs = std::max<qint64>(1000, ms);
}

void ActivityTracker::start()
{
    if (m_running)
        return;
    m_running = true;
    if (QCoreApplication *app = QCoreApplication::instance())
        app->installEventFilter(this);
    qCInfo(lcActivity) << "activity tracking with backend" << m_backend->name() << "threshold"
                       << m_idleThresholdMs << "ms";
    m_pollTimer.start(m_pollIntervalMs);
    poll();
}

void ActivityTracker::stop()
{
    if (!m_running)
        return;
    m_running = false;
    if (QCoreApplication *app = QCoreApplication::instance())
        app->removeEventFilter(this);
    m_pollTimer.stop();
    m_dueTimer.stop();
}

bool ActivityTracker::isRunning() const
{
    return m_running;
}

bool ActivityTracker::isIdle() const
{
    return m_idle;
}

IdleBackend *ActivityTracker::backend() const
{
    return m_backend.get();
}

std::optional<qint64> ActivityTracker::lastInputMs() const
{
    return m_lastInputMs;
}

std::optional<qint64> ActivityTracker::lastReportMs() const
{
    return m_lastReportMs;
}

void ActivityTracker::simulateUserActivity()
{
    m_lastAppInputMs = m_clock->nowMs();
    if (m_running)
        evaluate();
}

void ActivityTracker::poll()
{
    if (m_running)
        evaluate();
}

bool ActivityTracker::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
    case QEvent::ApplicationActivate:
    case QEvent::WindowActivate: {
        // Mouse moves arrive for every widget under the pointer: only the clock read is cheap
        // enough to do each time; evaluate() runs when something could change.
        const qint64 now = m_clock->nowMs();
        const bool first = !m_lastAppInputMs;
        m_lastAppInputMs = now;
        if (first || m_idle || !m_lastReportMs || now - *m_lastReportMs >= m_minIntervalMs
            || !m_dueTimer.isActive())
            evaluate();
        break;
    }
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void ActivityTracker::evaluate()
{
    const qint64 now = m_clock->nowMs();
    const bool resumed = m_lastEvaluationMs && now - *m_lastEvaluationMs >= m_suspendGapMs;
    m_lastEvaluationMs = now;
    if (resumed) {
        // Back from suspend: the X server's idle time (CLOCK_MONOTONIC) left the sleep out, so
        // the input it reports is from before it. Only input after this moment counts.
        qCInfo(lcActivity) << "clock gap: suspended or stopped; counting it as idle";
        m_inputFloorMs = now;
        m_dueTimer.stop();
        if (!m_idle) {
            m_idle = true;
            Q_EMIT idleChanged(true);
        }
    }
    std::optional<qint64> lastInput = m_lastAppInputMs;
    if (lastInput && m_inputFloorMs && *lastInput < *m_inputFloorMs)
        lastInput.reset(); // application input from before the gap
    if (const auto systemIdle = m_backend->idleTimeMs()) {
        const qint64 systemInput = now - std::max<qint64>(0, *systemIdle);
        // Strictly after the resume: at the resume moment itself it is the frozen old idle time.
        const bool fresh = !m_inputFloorMs || systemInput > *m_inputFloorMs;
        if (fresh && (!lastInput || systemInput > *lastInput))
            lastInput = systemInput;
    }
    m_lastInputMs = lastInput;
    // Screen lock counts as idle; so does suspend: nothing runs then, and afterwards the last
    // input is as old as the sleep was.
    const bool locked = m_backend->isScreenLocked();
    const bool idleNow = locked || !lastInput || now - *lastInput >= m_idleThresholdMs;

    if (idleNow) {
        m_dueTimer.stop();
        if (!m_idle) {
            m_idle = true;
            qCInfo(lcActivity) << "user idle" << (locked ? "(screen locked)" : "");
            Q_EMIT idleChanged(true);
        }
        return;
    }
    if (m_idle) {
        m_idle = false;
        qCInfo(lcActivity) << "user back from idle";
        Q_EMIT idleChanged(false);
        report(now); // at once, whatever the rate limit
        return;
    }
    const bool unreported = !m_lastReportMs || *lastInput > *m_lastReportMs;
    if (!unreported)
        return;
    if (!m_lastReportMs || now - *m_lastReportMs >= m_minIntervalMs) {
        report(now);
        return;
    }
    // Input within the rate-limit minute: report it when the minute is over.
    if (!m_dueTimer.isActive())
        m_dueTimer.start(m_clock->realDelayUntil(*m_lastReportMs + m_minIntervalMs));
}

void ActivityTracker::report(qint64 now)
{
    m_lastReportMs = now;
    m_dueTimer.stop();
    qCDebug(lcActivity) << "activity due";
    Q_EMIT activityDue();
}

} // namespace SmartFixer
