#include "presencecache.h"

#include "core/approximatetext.h"
#include "core/logging.h"

#include <QDateTime>
#include <algorithm>

namespace SmartFixer {

namespace {

//! What the user sees; a new last-activity time with the same text is no change worth a repaint.
bool sameShown(const PresenceView &a, const PresenceView &b)
{
    return a.state == b.state && a.isOnline == b.isOnline && a.text == b.text
        && a.availability == b.availability && a.statusMessage == b.statusMessage;
}

} // namespace

PresenceCache::PresenceCache(Clock *clock, QObject *parent)
    : QObject(parent), m_clock(clock ? clock : Clock::system())
{
    m_text.timeStyle = TimeStyle::Locale;
    m_text.locale = QLocale();
    m_text.zone = QTimeZone::systemTimeZone();
    m_timer.setSingleShot(true);
    // A coarse timer may fire 5% late: 3 s of a minute, or 3 demo seconds per real 0.6 s at
    // the demo's 10x scale. One timer for all users, so being precise costs nothing.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &PresenceCache::refresh);
    // A manual clock that jumps (tests, resume from suspend) invalidates the armed timer.
    connect(m_clock, &Clock::jumped, this, &PresenceCache::refresh);
}

PresenceCache::~PresenceCache() = default;

void PresenceCache::setTextOptions(const StatusTextOptions &options)
{
    m_text = options;
    refresh();
}

StatusTextOptions PresenceCache::textOptions() const
{
    return m_text;
}

void PresenceCache::setActiveWindowMs(qint64 windowMs)
{
    m_windowMs = windowMs;
    refresh();
}

void PresenceCache::update(const PresenceInfo &info)
{
    update(info, m_clock->nowMs());
}

void PresenceCache::update(const PresenceInfo &info, qint64 receivedAtMs)
{
    if (info.userId <= 0)
        return;
    Entry entry;
    entry.info = info;
    entry.receivedAtMs = receivedAtMs;
    entry.view = derive(entry, m_clock->nowMs());
    const auto it = m_entries.find(info.userId);
    const bool changed = it == m_entries.end() || !sameShown(it->view, entry.view);
    m_entries.insert(info.userId, entry);
    if (changed)
        Q_EMIT presenceChanged(info.userId, entry.view);
    // O(1) per update (a snapshot of thousands must not rescan everyone each time): only an
    // earlier deadline re-arms the timer. A deadline that became stale just causes one
    // refresh(), which rescans and re-arms exactly.
    const qint64 now = m_clock->nowMs();
    std::optional<qint64> midnight;
    if (const auto t = nextChangeFor(entry, now, midnight); t && (!m_next || *t < *m_next))
        arm(*t);
}

void PresenceCache::remove(UserId userId)
{
    m_entries.remove(userId);
}

void PresenceCache::clear()
{
    m_entries.clear();
    m_next.reset();
    m_timer.stop();
}

bool PresenceCache::contains(UserId userId) const
{
    return m_entries.contains(userId);
}

std::optional<PresenceView> PresenceCache::view(UserId userId) const
{
    const auto it = m_entries.constFind(userId);
    if (it == m_entries.cend())
        return std::nullopt;
    return it->view;
}

std::optional<PresenceInfo> PresenceCache::lastReceived(UserId userId) const
{
    const auto it = m_entries.constFind(userId);
    if (it == m_entries.cend())
        return std::nullopt;
    return it->info;
}

std::optional<qint64> PresenceCache::receivedAtMs(UserId userId) const
{
    const auto it = m_entries.constFind(userId);
    if (it == m_entries.cend())
        return std::nullopt;
    return it->receivedAtMs;
}

QList<UserId> PresenceCache::userIds() const
{
    QList<UserId> ids = m_entries.keys();
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::optional<qint64> PresenceCache::nextChangeMs() const
{
    return m_next;
}

void PresenceCache::refresh()
{
    const qint64 now = m_clock->nowMs();
    QList<UserId> changed;
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        PresenceView view = derive(*it, now);
        if (!sameShown(view, it->view))
            changed.append(it.key());
        it->view = view;
    }
    std::sort(changed.begin(), changed.end());
    for (UserId id : std::as_const(changed)) {
        const auto it = m_entries.constFind(id);
        if (it != m_entries.cend())
            Q_EMIT presenceChanged(id, it->view);
    }
    schedule();
}

PresenceView PresenceCache::derive(const Entry &entry, qint64 nowMs) const
{
    const PresenceInfo &info = entry.info;
    PresenceView view;
    view.userId = info.userId;
    view.isOnline = info.isOnline;
    view.availability = info.availability;
    view.statusMessage = info.statusMessage;
    if (info.state == PresenceState::Hidden) {
        view.state = PresenceState::Hidden;
        view.text = statusText(PresenceState::Hidden, std::nullopt, nowMs, m_text);
        return view;
    }
    // The server's age is measured on the server's clock at sending time; adding our own
    // elapsed time since receipt keeps us independent of any offset between the two clocks.
    std::optional<qint64> lastActive;
    if (info.lastActiveAgoMs)
        lastActive = entry.receivedAtMs - *info.lastActiveAgoMs;
    if (!lastActive) {
        if (info.lastActiveMs) {
            // No age (an older server): the absolute time is the best we have.
            lastActive = info.lastActiveMs;
        } else {
            // No timestamps: "online" and "never seen" we can word in the viewer's language;
            // any other text (the original backend sends only is_online + status) is shown as
            // it came, since there is nothing to age it from.
            view.state = info.state;
            const bool ours = info.status.isEmpty() || info.state == PresenceState::Online
                || info.status == QLatin1String("Last seen a long time ago");
            view.text = ours ? statusText(info.state, std::nullopt, nowMs, m_text) : info.status;
            // Approximate last seen (§10) comes as a bucket text in the server's language:
            // worded in ours.
            if (!ours && info.state == PresenceState::LastSeen) {
                if (auto text = localizedApproximateText(info.status, m_text.locale))
                    view.text = *text;
            }
            return view;
        }
    }
    view.lastActiveLocalMs = lastActive;
    if (info.state == PresenceState::Online) {
        // Online ends only when the server says so: it sends nothing for activity that keeps
        // a state (DESIGN.md §2), so our copy of last_active goes stale while the user is
        // still active, and the server announces online -> last_seen itself when it happens.
        view.state = PresenceState::Online;
        view.text = statusText(PresenceState::Online, lastActive, nowMs, m_text);
        return view;
    }
    const PresenceRecord record{lastActive, info.isOnline ? 1 : 0};
    view.state = presenceState(record, nowMs, m_windowMs);
    view.text = statusText(view.state, lastActive, nowMs, m_text);
    return view;
}

std::optional<qint64> PresenceCache::nextChangeFor(const Entry &entry, qint64 nowMs,
                                                   std::optional<qint64> &nextMidnight) const
{
    const PresenceView &view = entry.view;
    if (!view.lastActiveLocalMs || view.state == PresenceState::Hidden)
        return std::nullopt;
    const qint64 last = *view.lastActiveLocalMs;
    const qint64 age = std::max<qint64>(0, nowMs - last);
    std::optional<qint64> next;
    auto consider = [&next, nowMs](qint64 t) {
        if (t > nowMs && (!next || t < *next))
            next = t;
    };
    switch (view.state) {
    case PresenceState::Online:
        break; // "online" does not age; the server announces its end
    case PresenceState::Active:
        consider(last + (age / 60000 + 1) * 60000); // next whole minute of age
        consider(last + m_windowMs + 1);
        break;
    case PresenceState::LastSeen: {
        // "today" → "yesterday" → "on 3 Nov" → "on 3 Nov 2025": all at a local midnight.
        // Time zone arithmetic is the costly part: once per scan, not once per user.
        if (!nextMidnight) {
            const QDateTime local = QDateTime::fromMSecsSinceEpoch(nowMs, m_text.zone);
            nextMidnight = local.date().addDays(1).startOfDay(m_text.zone).toMSecsSinceEpoch();
        }
        consider(*nextMidnight);
        break;
    }
    case PresenceState::Hidden:
        break;
    }
    return next;
}

void PresenceCache::schedule()
{
    const qint64 now = m_clock->nowMs();
    std::optional<qint64> next;
    std::optional<qint64> midnight;
    for (const Entry &entry : std::as_const(m_entries)) {
        const auto t = nextChangeFor(entry, now, midnight);
        if (t && (!next || *t < *next))
            next = t;
    }
    if (!next) {
        m_next.reset();
        m_timer.stop();
        return;
    }
    arm(*next);
}

void PresenceCache::arm(qint64 deadlineMs)
{
    m_next = deadlineMs;
    m_timer.start(m_clock->realDelayUntil(deadlineMs));
}

} // namespace SmartFixer
