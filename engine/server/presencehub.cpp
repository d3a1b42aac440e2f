#include "presencehub.h"

#include "core/logging.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace SmartFixer {

Delivery::~Delivery() = default;

void Delivery::deliverToMany(const QList<ConnectionId> &connections, const QString &event,
                             const QJsonValue &payload)
{
    for (ConnectionId id : connections)
        deliver(id, event, payload);
}
PresenceRegistry::~PresenceRegistry() = default;
PresenceDirectory::~PresenceDirectory() = default;

ManualStatus PresenceDirectory::storedManualStatus(UserId) const
{
    return {};
}

void PresenceDirectory::storeManualStatus(UserId, const ManualStatus &) { }

void PresenceDirectory::storeExpiredManualStatus(UserId user, qint64, const ManualStatus &status)
{
    storeManualStatus(user, status);
}

std::optional<PresenceRecord> InMemoryPresenceRegistry::record(UserId user) const
{
    const auto it = m_records.constFind(user);
    if (it == m_records.cend())
        return std::nullopt;
    return *it;
}

void InMemoryPresenceRegistry::seed(UserId user, const PresenceRecord &record)
{
    m_records.insert(user, record);
    updateOnline(user, record);
}

PresenceRecord InMemoryPresenceRegistry::open(UserId user, qint64 nowMs)
{
    PresenceRecord &rec = at(user);
    ++rec.connections;
    rec.lastActiveMs = nowMs;
    updateOnline(user, rec);
    return rec;
}

PresenceRecord InMemoryPresenceRegistry::close(UserId user)
{
    PresenceRecord &rec = at(user);
    rec.connections = std::max(0, rec.connections - 1);
    updateOnline(user, rec);
    return rec;
}

PresenceRecord InMemoryPresenceRegistry::touch(UserId user, qint64 nowMs)
{
    PresenceRecord &rec = at(user);
    rec.lastActiveMs = nowMs;
    return rec;
}

void InMemoryPresenceRegistry::updateOnline(UserId user, const PresenceRecord &record)
{
    if (record.isOnline())
        m_online.insert(user);
    else
        m_online.remove(user);
}

PresenceHub::PresenceHub(Clock *clock, PresenceRegistry *registry, PresenceDirectory *directory,
                         Delivery *delivery, qint64 activeWindowMs, QObject *parent)
    : QObject(parent), m_clock(clock), m_registry(registry), m_directory(directory),
      m_delivery(delivery), m_windowMs(activeWindowMs)
{
    m_text.locale = QLocale(QLocale::English, QLocale::UnitedKingdom);
    m_text.zone = QTimeZone::systemTimeZone();
    m_text.timeStyle = TimeStyle::TwentyFourHour;
    m_timer.setSingleShot(true);
    // A coarse timer may fire 5% late: 15 s on a 5-minute window. Deadlines are exact.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &PresenceHub::processDue);
    // A jump (manual clock in tests) makes the armed real-time delay meaningless: re-evaluate.
    connect(m_clock, &Clock::jumped, this, &PresenceHub::processDue);
    m_registry->setChangeHandler(
        [this](UserId user, const PresenceRecord &before) { registryChanged(user, before); });
}

PresenceHub::~PresenceHub()
{
    m_registry->setChangeHandler({});
}

PresenceRecord PresenceHub::recordOf(UserId user)
{
    if (auto rec = m_registry->record(user))
        return *rec;
    PresenceRecord rec;
    rec.lastActiveMs = m_directory->storedLastActive(user);
    m_registry->seed(user, rec);
    // A user loaded while still inside the window (e.g. after a restart) turns last_seen later.
    reschedule(user, rec);
    return m_registry->record(user).value_or(rec);
}

ManualStatus PresenceHub::statusOf(UserId user)
{
    return currentStatus(user);
}

ManualStatus PresenceHub::currentStatus(UserId user)
{
    auto it = m_status.find(user);
    if (it == m_status.end())
        it = m_status.insert(user, m_directory->storedManualStatus(user));
    const qint64 now = m_clock->nowMs();
    if (!it->expiresAtMs || *it->expiresAtMs > now)
        return *it;
    // Expired (§10: at expires_at back to auto, no message). Reverted here, on first sight,
    // so no reader ever sees a stale status; the deadline that brought us here, or the next
    // fan-out, pushes the change. Every node of a cluster computes the same from expires_at,
    // so nothing is published (each node updates its own viewers once).
    const ManualStatus before = *it;
    const PresenceRecord rec = recordOf(user);
    const ManualStatus after = expiredStatus(before, rec);
    m_status.insert(user, after);
    m_directory->storeExpiredManualStatus(user, *before.expiresAtMs, after);
    if (before.availability == Availability::Invisible && rec.isOnline()) {
        // Visible again as if just connected (connecting counts as activity). The registry
        // only moves forward, so several nodes doing this agree.
        const PresenceRecord touched = m_registry->touch(user, now);
        m_directory->recordActivity(user, now);
        reschedule(user, touched);
        if (m_visibleAgain)
            m_visibleAgain(user, before.frozenLastActiveMs);
    }
    return after;
}

void PresenceHub::storeStatus(UserId user, const ManualStatus &status, bool tell)
{
    m_status.insert(user, status);
    m_directory->storeManualStatus(user, status);
    if (tell && m_statusStored)
        m_statusStored(user);
}

ManualStatus PresenceHub::setStatus(UserId user, const StatusRequest &request)
{
    const qint64 now = m_clock->nowMs();
    const ManualStatus before = statusOf(user);
    PresenceRecord rec = recordOf(user);
    const ManualStatus after = applyStatusRequest(before, request, rec, now);
    storeStatus(user, after);
    if (before.availability == Availability::Invisible
        && after.availability != Availability::Invisible && rec.isOnline()) {
        // As if the user had just connected: connected now counts as activity. Without a
        // connection others keep the frozen last activity (applyStatusRequest holds it), so
        // what happened while invisible stays hidden.
        rec = m_registry->touch(user, now);
        m_directory->recordActivity(user, now);
        if (m_visibleAgain)
            m_visibleAgain(user, before.frozenLastActiveMs);
    }
    reschedule(user, rec);
    fanOut(user);
    return after;
}

void PresenceHub::setLastSeenPrecision(UserId user, LastSeenPrecision precision)
{
    ManualStatus status = statusOf(user);
    if (status.lastSeen == precision)
        return;
    status.lastSeen = precision;
    storeStatus(user, status);
    fanOut(user);
}

void PresenceHub::statusChangedElsewhere(UserId user)
{
    if (!m_status.contains(user))
        return; // never looked at here: the next look loads the stored one
    m_status.remove(user);
    reschedule(user, recordOf(user)); // reloads the status too
    fanOut(user);
}

void PresenceHub::releaseHeldLastActive(UserId user)
{
    ManualStatus status = statusOf(user);
    if (!status.frozenHeld)
        return;
    const auto hiddenSince = status.frozenLastActiveMs;
    status.frozenHeld = false;
    status.frozenLastActiveMs.reset();
    storeStatus(user, status);
    if (m_visibleAgain)
        m_visibleAgain(user, hiddenSince);
}

bool PresenceHub::isHidingActivity(UserId user, std::optional<qint64> *hiddenSinceMs)
{
    const ManualStatus status = statusOf(user);
    if (status.availability != Availability::Invisible && !status.frozenHeld)
        return false;
    if (hiddenSinceMs)
        *hiddenSinceMs = status.frozenLastActiveMs;
    return true;
}

void PresenceHub::registryChanged(UserId user, const PresenceRecord &before)
{
    const auto now = m_registry->record(user);
    if (!now)
        return;
    reschedule(user, *now);
    // is_online follows the cluster (every node writes the same value; the store batches it).
    if (before.isOnline() != now->isOnline())
        m_directory->setOnline(user, now->isOnline());
    const qint64 t = m_clock->nowMs();
    // The watchers' views change only with the online flag or the state.
    if (before.isOnline() != now->isOnline()
        || presenceState(before, t, m_windowMs) != presenceState(*now, t, m_windowMs))
        fanOut(user);
}

PresenceInfo PresenceHub::infoFor(UserId viewer, UserId target, const StatusTextOptions &text)
{
    if (!maySeePresence(target, m_directory->visibility(target), m_directory->contactsOf(target),
                        viewer))
        return PresenceInfo::hidden(target, text.locale);
    return shownPresence(target, recordOf(target), statusOf(target), viewer == target,
                         m_clock->nowMs(), m_windowMs, text);
}

PresenceInfo PresenceHub::presenceFor(UserId viewer, UserId target, const StatusTextOptions &text)
{
    return infoFor(viewer, target, text);
}

void PresenceHub::watch(ConnectionId connection, UserId target)
{
    m_watchers[target].insert(connection);
}

void PresenceHub::unwatch(ConnectionId connection, UserId target)
{
    const auto it = m_watchers.find(target);
    if (it == m_watchers.end())
        return;
    it->remove(connection);
    if (it->isEmpty())
        m_watchers.erase(it);
}

void PresenceHub::connectionOpened(ConnectionId connection, UserId user)
{
    if (m_connections.contains(connection)) {
        qCWarning(lcServer) << "connection" << connection << "opened twice; ignored";
        return;
    }
    const qint64 now = m_clock->nowMs();
    const bool wasOnline = recordOf(user).isOnline();
    const PresenceRecord rec = m_registry->open(user, now); // connecting counts as activity
    releaseHeldLastActive(user);
    reschedule(user, rec);
    m_directory->recordActivity(user, now);
    if (!wasOnline)
        m_directory->setOnline(user, true);

    Connection conn;
    conn.user = user;
    conn.contacts = m_directory->contactsOf(user);
    m_connections.insert(connection, conn);
    auto &userConnections = m_userConnections[user];
    if (!userConnections.contains(connection))
        userConnections.append(connection);

    // The snapshot sets the baseline of what this connection has seen of each contact.
    QJsonArray users;
    QList<UserId> contacts = conn.contacts.values();
    std::sort(contacts.begin(), contacts.end());
    Connection &stored = m_connections[connection];
    for (UserId contact : std::as_const(contacts)) {
        watch(connection, contact);
        const PresenceInfo info = infoFor(user, contact, m_text);
        stored.sent.insert(contact, viewOf(info));
        users.append(info.toJson());
    }
    m_delivery->deliver(connection, QStringLiteral("presence_snapshot"),
                        QJsonObject{{QStringLiteral("users"), users}});
    ++m_stats.snapshots;

    fanOut(user);
}

void PresenceHub::connectionClosed(ConnectionId connection)
{
    const auto it = m_connections.find(connection);
    if (it == m_connections.end())
        return;
    const UserId user = it->user;
    QSet<UserId> watched = it->contacts;
    watched.unite(it->subscribed);
    for (UserId target : std::as_const(watched))
        unwatch(connection, target);
    m_connections.erase(it);
    auto uc = m_userConnections.find(user);
    if (uc != m_userConnections.end()) {
        const auto at = std::find(uc->begin(), uc->end(), connection);
        if (at != uc->end())
            uc->erase(at);
        if (uc->isEmpty())
            m_userConnections.erase(uc);
    }

    recordOf(user);
    const PresenceRecord rec = m_registry->close(user);
    reschedule(user, rec);
    if (!rec.isOnline()) {
        m_directory->setOnline(user, false);
        fanOut(user);
    }
}

void PresenceHub::activity(UserId user)
{
    const qint64 now = m_clock->nowMs();
    PresenceRecord rec = recordOf(user);
    if (rec.lastActiveMs == now)
        return; // a burst within one millisecond: nothing to record twice
    const PresenceState before = presenceState(rec, now, m_windowMs);
    const bool held = statusOf(user).frozenHeld;
    rec = m_registry->touch(user, now);
    if (held)
        releaseHeldLastActive(user); // others see the truth again from this activity on
    reschedule(user, rec);
    m_directory->recordActivity(user, now);
    // Privacy does not change with activity, so a viewer's view changes only if the state does
    // (or others stop seeing a held last_active).
    if (held || presenceState(rec, now, m_windowMs) != before)
        fanOut(user);
}

QList<PresenceInfo> PresenceHub::subscribe(ConnectionId connection, const QList<UserId> &users)
{
    QList<PresenceInfo> result;
    auto it = m_connections.find(connection);
    if (it == m_connections.end())
        return result;
    const UserId viewer = it->user;
    QSet<UserId> seen;
    for (UserId target : users) {
        if (target <= 0 || seen.contains(target) || !m_directory->userExists(target))
            continue;
        seen.insert(target);
        const PresenceInfo info = infoFor(viewer, target, m_text);
        Connection &conn = m_connections[connection];
        conn.subscribed.insert(target);
        conn.sent.insert(target, viewOf(info));
        watch(connection, target);
        result.append(info);
    }
    return result;
}

void PresenceHub::privacyChanged(UserId user)
{
    fanOut(user);
}

void PresenceHub::contactsChanged(UserId owner)
{
    const QSet<UserId> contacts = m_directory->contactsOf(owner);
    const QList<ConnectionId> conns = connectionsOf(owner);
    for (ConnectionId id : conns) {
        Connection &conn = m_connections[id];
        for (UserId old : std::as_const(conn.contacts)) {
            if (!contacts.contains(old) && !conn.subscribed.contains(old)) {
                unwatch(id, old);
                conn.sent.remove(old);
            }
        }
        for (UserId added : contacts) {
            if (!conn.contacts.contains(added) && !conn.subscribed.contains(added)) {
                watch(id, added);
                // Baseline now, so the next change of the new contact is what gets sent.
                conn.sent.insert(added, viewOf(infoFor(owner, added, m_text)));
            }
        }
        conn.contacts = contacts;
    }
    // With visibility "contacts", the owner's list decides who may see the owner.
    fanOut(owner);
}

void PresenceHub::refreshAll()
{
    // Manual statuses (§10) may have changed in lost bus messages too: reload them from the
    // store (statusOf() does on first use) and reschedule their expiry.
    const QList<UserId> withStatus = m_status.keys();
    m_status.clear();
    for (UserId user : withStatus)
        reschedule(user, recordOf(user));
    QSet<UserId> owners;
    for (const Connection &c : std::as_const(m_connections))
        owners.insert(c.user);
    for (UserId owner : std::as_const(owners))
        contactsChanged(owner);
    const QList<UserId> targets = m_watchers.keys(); // copy: fan-out may change the watchers
    for (UserId target : targets)
        fanOut(target);
}

void PresenceHub::fanOut(UserId target)
{
    const auto wit = m_watchers.constFind(target);
    if (wit == m_watchers.cend())
        return;
    const QSet<ConnectionId> watchers = *wit; // copy: delivery must not disturb the iteration
    // How long the server takes from the change to the last socket write (the benchmark reads
    // this with QT_LOGGING_RULES="smartfixer.server.fanout.debug=true" to split server time from
    // the time the subscribers need to read).
    QElapsedTimer took;
    const bool timed = lcFanOut().isDebugEnabled();
    if (timed)
        took.start();
    int delivered = 0;
    // Every viewer who may see the target gets the same object (the target's own connections
    // the true one, §10), every other one the hidden object: render each at most once, and
    // only check privacy per viewer.
    const Visibility visibility = m_directory->visibility(target);
    const QSet<UserId> ownerContacts = m_directory->contactsOf(target);
    const ManualStatus status = statusOf(target); // first: an expiry may touch the record
    const PresenceRecord record = recordOf(target);
    const qint64 now = m_clock->nowMs();
    enum Variant { Others, Self, Hidden, VariantCount };
    std::optional<PresenceInfo> infos[VariantCount];
    QJsonObject jsons[VariantCount];
    QList<ConnectionId> receivers[VariantCount]; // each variant goes out as one fan-out
    for (ConnectionId id : watchers) {
        auto cit = m_connections.find(id);
        if (cit == m_connections.end())
            continue;
        const Variant variant = cit->user == target                        ? Self
            : maySeePresence(target, visibility, ownerContacts, cit->user) ? Others
                                                                           : Hidden;
        std::optional<PresenceInfo> &info = infos[variant];
        if (!info) {
            info = variant == Hidden
                ? PresenceInfo::hidden(target, m_text.locale)
                : shownPresence(target, record, status, variant == Self, now, m_windowMs, m_text);
            jsons[variant] = info->toJson();
        }
        const View view = viewOf(*info);
        if (const View *last = cit->sent.find(target); last && *last == view)
            continue;
        cit->sent.insert(target, view);
        receivers[variant].append(id);
        ++m_stats.presenceUpdates;
        ++delivered;
    }
    for (int v = 0; v < VariantCount; ++v)
        if (!receivers[v].isEmpty())
            m_delivery->deliverToMany(receivers[v], QStringLiteral("user_presence_update"),
                                      jsons[v]);
    if (timed && delivered > 0)
        qCDebug(lcFanOut).noquote() << "fan-out of user" << target << "to" << delivered
                                    << "connections took" << took.nsecsElapsed() / 1000 << "us";
}

void PresenceHub::reschedule(UserId user, const PresenceRecord &record)
{
    const auto old = m_deadlineOf.find(user);
    const auto next = nextStatusChangeMs(record, statusOf(user), m_clock->nowMs(), m_windowMs);
    if (old != m_deadlineOf.end()) {
        if (next && old.value()->first == *next)
            return;
        m_deadlines.erase(old.value());
        m_deadlineOf.erase(old);
    }
    if (next)
        m_deadlineOf.insert(user, m_deadlines.emplace(*next, user));
    armTimer();
}

void PresenceHub::processDue()
{
    m_armedFor.reset(); // the clock may have jumped: the armed delay is stale
    const qint64 now = m_clock->nowMs();
    while (!m_deadlines.empty() && m_deadlines.begin()->first <= now) {
        const UserId user = m_deadlines.begin()->second;
        m_deadlines.erase(m_deadlines.begin());
        m_deadlineOf.remove(user);
        ++m_stats.timeDrivenChanges;
        // Several deadlines of one user (true record, shown record, expiry) are one entry:
        // the next one is scheduled again. statusOf() reverts an expired status first.
        statusOf(user);
        fanOut(user);
        reschedule(user, recordOf(user));
    }
    armTimer();
}

void PresenceHub::armTimer()
{
    if (m_deadlines.empty()) {
        m_timer.stop();
        m_armedFor.reset();
        return;
    }
    const qint64 earliest = m_deadlines.begin()->first;
    if (m_timer.isActive() && m_armedFor == earliest)
        return; // already waiting for this deadline
    m_armedFor = earliest;
    m_timer.start(m_clock->realDelayUntil(earliest));
}

std::optional<qint64> PresenceHub::nextDeadlineMs() const
{
    if (m_deadlines.empty())
        return std::nullopt;
    return m_deadlines.begin()->first;
}

int PresenceHub::newSubscriptions(ConnectionId connection, const QList<UserId> &users) const
{
    const auto it = m_connections.constFind(connection);
    if (it == m_connections.cend())
        return 0;
    QSet<UserId> fresh;
    for (UserId user : users) {
        if (!it->subscribed.contains(user))
            fresh.insert(user);
    }
    return int(fresh.size());
}

QList<ConnectionId> PresenceHub::connectionsOf(UserId user) const
{
    const auto it = m_userConnections.constFind(user);
    if (it == m_userConnections.cend())
        return {};
    QList<ConnectionId> list(it->cbegin(), it->cend());
    std::sort(list.begin(), list.end());
    return list;
}

std::optional<UserId> PresenceHub::userOf(ConnectionId connection) const
{
    const auto it = m_connections.constFind(connection);
    if (it == m_connections.cend())
        return std::nullopt;
    return it->user;
}

} // namespace SmartFixer
