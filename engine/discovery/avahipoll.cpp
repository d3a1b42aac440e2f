#include "avahipoll_p.h"

#include <QObject>
#include <QSocketNotifier>
#include <QThreadStorage>
#include <QTimer>

#include <avahi-common/timeval.h>

#include <limits>

// Avahi's opaque types; the names are Avahi's, the contents ours.
struct AvahiWatch
{
    int fd = -1;
    AvahiWatchEvent wanted = AvahiWatchEvent(0);
    AvahiWatchEvent happened = AvahiWatchEvent(0); //!< what the current callback is about
    AvahiWatchCallback callback = nullptr;
    void *userdata = nullptr;
    QSocketNotifier *read = nullptr;
    QSocketNotifier *write = nullptr;
    bool dispatching = false;
    bool freed = false; //!< watch_free() inside its own callback: deleted after it returns
};

struct AvahiTimeout
{
    QTimer *timer = nullptr;
    AvahiTimeoutCallback callback = nullptr;
    void *userdata = nullptr;
};

namespace SmartFixer::Discovery {

namespace {

//! Notifiers go with deleteLater(): one may be the object whose event() is running now.
void dropNotifiers(AvahiWatch *w)
{
    for (QSocketNotifier *n : {w->read, w->write}) {
        if (!n)
            continue;
        n->setEnabled(false);
        QObject::disconnect(n, nullptr, nullptr, nullptr);
        n->deleteLater();
    }
    w->read = w->write = nullptr;
}

void dispatch(AvahiWatch *w, AvahiWatchEvent event)
{
    w->happened = event;
    w->dispatching = true;
    w->callback(w, w->fd, event, w->userdata);
    w->dispatching = false;
    w->happened = AvahiWatchEvent(0);
    if (w->freed) {
        dropNotifiers(w);
        delete w;
    }
}

void applyEvents(AvahiWatch *w)
{
    const bool wantRead = w->wanted & (AVAHI_WATCH_IN | AVAHI_WATCH_HUP | AVAHI_WATCH_ERR);
    const bool wantWrite = w->wanted & AVAHI_WATCH_OUT;
    if (wantRead && !w->read) {
        w->read = new QSocketNotifier(w->fd, QSocketNotifier::Read);
        QObject::connect(w->read, &QSocketNotifier::activated, w->read,
                         [w] { dispatch(w, AVAHI_WATCH_IN); });
    }
    if (wantWrite && !w->write) {
        w->write = new QSocketNotifier(w->fd, QSocketNotifier::Write);
        QObject::connect(w->write, &QSocketNotifier::activated, w->write,
                         [w] { dispatch(w, AVAHI_WATCH_OUT); });
    }
    if (w->read)
        w->read->setEnabled(wantRead);
    if (w->write)
        w->write->setEnabled(wantWrite);
}

AvahiWatch *watchNew(const AvahiPoll *, int fd, AvahiWatchEvent event, AvahiWatchCallback callback,
                     void *userdata)
{
    auto *w = new AvahiWatch;
    w->fd = fd;
    w->wanted = event;
    w->callback = callback;
    w->userdata = userdata;
    applyEvents(w);
    return w;
}

void watchUpdate(AvahiWatch *w, AvahiWatchEvent event)
{
    w->wanted = event;
    applyEvents(w);
}

AvahiWatchEvent watchGetEvents(AvahiWatch *w)
{
    return w->happened;
}

void watchFree(AvahiWatch *w)
{
    if (w->dispatching) {
        // Its own callback is still on the stack (it reads w afterwards): delete after it.
        w->freed = true;
        return;
    }
    dropNotifiers(w);
    delete w;
}

void timeoutUpdate(AvahiTimeout *t, const struct timeval *tv)
{
    if (!tv) {
        t->timer->stop();
        return;
    }
    // avahi_age(): µs since tv, negative while tv lies ahead.
    const AvahiUsec age = avahi_age(tv);
    const qint64 ms = age >= 0 ? 0 : (-age + 999) / 1000;
    t->timer->start(int(std::min<qint64>(ms, std::numeric_limits<int>::max())));
}

AvahiTimeout *timeoutNew(const AvahiPoll *, const struct timeval *tv, AvahiTimeoutCallback callback,
                         void *userdata)
{
    auto *t = new AvahiTimeout;
    t->timer = new QTimer;
    t->timer->setSingleShot(true);
    t->timer->setTimerType(Qt::PreciseTimer);
    t->callback = callback;
    t->userdata = userdata;
    // A queued delete keeps the QTimer alive while its own timeout() runs timeoutFree().
    QObject::connect(t->timer, &QTimer::timeout, t->timer, [t] { t->callback(t, t->userdata); });
    timeoutUpdate(t, tv);
    return t;
}

void timeoutFree(AvahiTimeout *t)
{
    t->timer->stop();
    t->timer->deleteLater();
    delete t;
}

struct PollHolder
{
    AvahiPoll poll{nullptr,   watchNew,   watchUpdate,   watchGetEvents,
                   watchFree, timeoutNew, timeoutUpdate, timeoutFree};
};

} // namespace

const AvahiPoll *qtAvahiPoll()
{
    static QThreadStorage<PollHolder *> perThread;
    if (!perThread.hasLocalData())
        perThread.setLocalData(new PollHolder);
    return &perThread.localData()->poll;
}

} // namespace SmartFixer::Discovery
