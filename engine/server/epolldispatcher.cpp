#include "epolldispatcher.h"

#if defined(Q_OS_LINUX)
#include <QCoreApplication>
#include <QPointer>
#include <QSocketNotifier>
#include <QTimerEvent>

#include <algorithm>
#include <limits>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include <vector>

namespace SmartFixer {

EpollEventDispatcher::EpollEventDispatcher()
    : m_epoll(::epoll_create1(EPOLL_CLOEXEC)), m_wake(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = m_wake;
    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &ev);
    m_clock.start();
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    if (m_wake >= 0)
        ::close(m_wake);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

bool EpollEventDispatcher::installForMainThread()
{
    if (qEnvironmentVariable("SF_EPOLL_DISPATCHER") == QLatin1String("0"))
        return false;
    auto *dispatcher = new EpollEventDispatcher;
    if (!dispatcher->valid()) {
        delete dispatcher;
        return false;
    }
    QCoreApplication::setEventDispatcher(dispatcher); // the application owns it
    return true;
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.store(false);
    Q_EMIT awake();
    QCoreApplication::sendPostedEvents();
    bool did = false;
    const bool wait = flags.testFlag(QEventLoop::WaitForMoreEvents) && !m_interrupted.load();
    int timeout = 0; // ms
    if (wait) {
        timeout = -1;
        if (!m_deadlines.empty())
            timeout = int(std::clamp<qint64>(m_deadlines.begin()->first - now(), 0,
                                             std::numeric_limits<int>::max()));
        Q_EMIT aboutToBlock();
    }
    epoll_event events[256];
    int n = ::epoll_wait(m_epoll, events, 256, timeout);
    if (n < 0)
        n = 0; // EINTR
    if (wait)
        Q_EMIT awake();
    // Snapshot first: activating one notifier may unregister or delete others.
    std::vector<std::pair<QPointer<QSocketNotifier>, int>> pending;
    for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        if (fd == m_wake) {
            eventfd_t value;
            ::eventfd_read(m_wake, &value);
            did = true;
            continue;
        }
        if (flags.testFlag(QEventLoop::ExcludeSocketNotifiers))
            continue;
        const auto it = m_notifiers.constFind(fd);
        if (it == m_notifiers.cend())
            continue;
        const uint32_t e = events[i].events;
        if ((e & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP)) && it->at(0))
            pending.emplace_back(it->at(0), 0);
        if ((e & (EPOLLOUT | EPOLLERR)) && it->at(1))
            pending.emplace_back(it->at(1), 1);
        if ((e & EPOLLPRI) && it->at(2))
            pending.emplace_back(it->at(2), 2);
    }
    for (const auto &[notifier, type] : pending) {
        if (!notifier || !isRegistered(notifier.data()))
            continue;
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent(notifier.data(), &event);
        did = true;
    }
    if (!flags.testFlag(QEventLoop::X11ExcludeTimers))
        did = fireTimers() || did;
    return did;
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    auto &slots = m_notifiers[fd];
    const bool isNew = !slots[0] && !slots[1] && !slots[2];
    slots[int(notifier->type())] = notifier;
    updateEpoll(fd, isNew);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const auto it = m_notifiers.find(fd);
    if (it == m_notifiers.end() || (*it)[int(notifier->type())] != notifier)
        return;
    (*it)[int(notifier->type())] = nullptr;
    if (!(*it)[0] && !(*it)[1] && !(*it)[2]) {
        m_notifiers.erase(it);
        ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr); // EBADF once closed: fine
    } else {
        updateEpoll(fd, false);
    }
}

void EpollEventDispatcher::registerTimer(int id, qint64 interval, Qt::TimerType type,
                                         QObject *object)
{
    unregisterTimer(id);
    Timer t{interval, type, object, {}};
    t.at = m_deadlines.emplace(now() + interval, id);
    m_timers.insert(id, t);
}

bool EpollEventDispatcher::unregisterTimer(int id)
{
    const auto it = m_timers.find(id);
    if (it == m_timers.end())
        return false;
    m_deadlines.erase(it->at);
    m_timers.erase(it);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    bool any = false;
    for (auto it = m_timers.begin(); it != m_timers.end();) {
        if (it->object == object) {
            m_deadlines.erase(it->at);
            it = m_timers.erase(it);
            any = true;
        } else {
            ++it;
        }
    }
    return any;
}

QList<QAbstractEventDispatcher::TimerInfo>
EpollEventDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> list;
    for (auto it = m_timers.cbegin(); it != m_timers.cend(); ++it)
        if (it->object == object)
            list.append(TimerInfo(it.key(), int(it->interval), it->type));
    return list;
}

int EpollEventDispatcher::remainingTime(int id)
{
    const auto it = m_timers.constFind(id);
    if (it == m_timers.cend())
        return -1;
    return int(std::max<qint64>(0, it->at->first - now()));
}

void EpollEventDispatcher::wakeUp()
{
    ::eventfd_write(m_wake, 1);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.store(true);
    wakeUp();
}

bool EpollEventDispatcher::isRegistered(QSocketNotifier *notifier) const
{
    const auto it = m_notifiers.constFind(int(notifier->socket()));
    return it != m_notifiers.cend() && it->at(int(notifier->type())) == notifier;
}

void EpollEventDispatcher::updateEpoll(int fd, bool isNew)
{
    const auto &slots = m_notifiers[fd];
    epoll_event ev{};
    ev.data.fd = fd;
    if (slots[0])
        ev.events |= EPOLLIN | EPOLLRDHUP;
    if (slots[1])
        ev.events |= EPOLLOUT;
    if (slots[2])
        ev.events |= EPOLLPRI;
    if (::epoll_ctl(m_epoll, isNew ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &ev) != 0) {
        // The descriptor number was closed and reused behind our back: try the other op.
        ::epoll_ctl(m_epoll, isNew ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev);
    }
}

bool EpollEventDispatcher::fireTimers()
{
    const qint64 t = now();
    std::vector<int> due;
    for (auto it = m_deadlines.begin(); it != m_deadlines.end() && it->first <= t; ++it)
        due.push_back(it->second);
    for (int id : due) {
        const auto it = m_timers.find(id);
        if (it == m_timers.end())
            continue; // unregistered by an earlier timer's handler
        // Next deadline before delivering: the handler may restart or kill it.
        // Keep the period (no drift); after a stall, start again from now.
        qint64 next = it->at->first + it->interval;
        if (next <= t)
            next = t + it->interval;
        m_deadlines.erase(it->at);
        it->at = m_deadlines.emplace(next, id);
        QObject *object = it->object;
        QTimerEvent event(id);
        QCoreApplication::sendEvent(object, &event);
    }
    return !due.empty();
}

} // namespace SmartFixer
#endif // Q_OS_LINUX
