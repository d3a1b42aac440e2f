#pragma once
// EpollEventDispatcher: a Linux event dispatcher for the headless server. Qt's own dispatcher
// poll()s every socket on each event-loop pass, which at 10,000 idle connections cost ~4 ms
// per connect/disconnect before a fan-out could start (tests/benchmarks/README.md). Timers,
// posted events, wake-ups and socket notifiers behave as with Qt's own dispatchers.
#include <QtGlobal>

#if defined(Q_OS_LINUX)
#include <QAbstractEventDispatcher>
#include <QElapsedTimer>
#include <QHash>

#include <array>
#include <atomic>
#include <map>

QT_BEGIN_NAMESPACE
class QSocketNotifier;
QT_END_NAMESPACE

namespace SmartFixer {

class EpollEventDispatcher final : public QAbstractEventDispatcher
{
public:
    EpollEventDispatcher();
    ~EpollEventDispatcher() override;
    //! false when the kernel refused an epoll or eventfd descriptor; do not install it then.
    bool valid() const { return m_epoll >= 0 && m_wake >= 0; }

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;
    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;
    void registerTimer(int id, qint64 interval, Qt::TimerType type, QObject *object) override;
    bool unregisterTimer(int id) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int id) override;
    void wakeUp() override;
    void interrupt() override;

    //! Installs one for the main thread unless SF_EPOLL_DISPATCHER=0; call before the
    //! QCoreApplication exists. Returns whether it was installed.
    static bool installForMainThread();

private:
    struct Timer
    {
        qint64 interval; // ms
        Qt::TimerType type;
        QObject *object;
        std::multimap<qint64, int>::iterator at;
    };

    qint64 now() const { return m_clock.elapsed(); } // ms, monotonic
    bool isRegistered(QSocketNotifier *notifier) const;
    void updateEpoll(int fd, bool isNew);
    bool fireTimers();

    int m_epoll;
    int m_wake;
    std::atomic<bool> m_interrupted{false};
    QElapsedTimer m_clock;
    QHash<int, std::array<QSocketNotifier *, 3>> m_notifiers; // fd → read, write, exception
    QHash<int, Timer> m_timers;
    std::multimap<qint64, int> m_deadlines; // ms → timer id
};

} // namespace SmartFixer
#endif // Q_OS_LINUX
