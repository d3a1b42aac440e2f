#pragma once
// PresenceHub: the presence rules of DESIGN.md §2/§3 applied to live connections, without any
// socket. It takes connect/disconnect/activity/subscribe/privacy/contact events, keeps one
// deadline structure for the time-driven changes, and hands every outgoing event to a
// Delivery. State, fan-out and user data each sit behind a small interface (DESIGN.md §8).
#include "core/clock.h"
#include "core/flatmap.h"
#include "core/manualstatus.h"
#include "core/presence.h"
#include "core/presenceinfo.h"
#include "core/privacy.h"
#include "core/statustext.h"

#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QVarLengthArray>
#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace SmartFixer {

//! A server-local id for one authenticated connection (one device or window).
using ConnectionId = quint64;

//! Where outgoing events go. The default sends to local SioConnections; a multi-node deployment
//! would publish to the node that holds the connection.
class Delivery
{
public:
    virtual ~Delivery();
    virtual void deliver(ConnectionId connection, const QString &event, const QJsonValue &payload)
        = 0;
    //! The same event to each of \a connections (a fan-out). By default one deliver() each;
    //! the local delivery encodes it once and writes to many sockets in parallel.
    virtual void deliverToMany(const QList<ConnectionId> &connections, const QString &event,
                               const QJsonValue &payload);
};

//! Where presence state lives: per user the PresenceRecord. In-process memory by default; Redis
//! (engine/cluster) for several nodes. Every change is one step that returns the new record
//! (no read-then-write), so a shared engine can apply it atomically. A registry shared with
//! other nodes also learns of changes made elsewhere: it reports them through the change
//! handler, always from the event loop (never from inside open/close/touch).
class PresenceRegistry
{
public:
    //! \a user's record changed by something other than this hub's own open/close/touch (another
    //! node, a resync); \a before is what record() said until now.
    using ChangeHandler = std::function<void(UserId user, const PresenceRecord &before)>;

    virtual ~PresenceRegistry();
    virtual std::optional<PresenceRecord> record(UserId user) const = 0;
    //! The first this node knows of \a user: last_active as stored, no connections of ours.
    virtual void seed(UserId user, const PresenceRecord &record) = 0;
    //! A connection of \a user opened on this node at \a nowMs (counts as activity). Returns the
    //! record as this node sees it at once; a shared registry may correct it later (handler).
    virtual PresenceRecord open(UserId user, qint64 nowMs) = 0;
    //! A connection of \a user on this node closed.
    virtual PresenceRecord close(UserId user) = 0;
    //! Activity at \a nowMs.
    virtual PresenceRecord touch(UserId user, qint64 nowMs) = 0;
    //! Users with at least one live connection.
    virtual int onlineCount() const = 0;

    void setChangeHandler(ChangeHandler handler) { m_changed = std::move(handler); }

protected:
    void notifyChanged(UserId user, const PresenceRecord &before) const
    {
        if (m_changed)
            m_changed(user, before);
    }

private:
    ChangeHandler m_changed;
};

//! The in-process PresenceRegistry: nothing changes but through this node's hub.
class InMemoryPresenceRegistry final : public PresenceRegistry
{
public:
    std::optional<PresenceRecord> record(UserId user) const override;
    void seed(UserId user, const PresenceRecord &record) override;
    PresenceRecord open(UserId user, qint64 nowMs) override;
    PresenceRecord close(UserId user) override;
    PresenceRecord touch(UserId user, qint64 nowMs) override;
    int onlineCount() const override { return int(m_online.size()); }

private:
    PresenceRecord &at(UserId user) { return m_records[user]; }
    void updateOnline(UserId user, const PresenceRecord &record);

    QHash<UserId, PresenceRecord> m_records;
    QSet<UserId> m_online;
};

//! What the hub needs to know about users, and where it persists presence columns. The server
//! implements it over Store (with caches); tests use an in-memory one.
class PresenceDirectory
{
public:
    virtual ~PresenceDirectory();
    virtual bool userExists(UserId user) const = 0;
    //! last_active as stored (loaded once when the hub first needs the user).
    virtual std::optional<qint64> storedLastActive(UserId user) const = 0;
    virtual Visibility visibility(UserId user) const = 0;
    //! The user's own contact list.
    virtual QSet<UserId> contactsOf(UserId user) const = 0;
    virtual void recordActivity(UserId user, qint64 ms) = 0;
    virtual void setOnline(UserId user, bool online) = 0;
    //! The manual status of DESIGN.md §10 as stored (loaded when the hub first needs it, and
    //! again when another node changed it); the defaults keep directories without storage for
    //! it working.
    virtual ManualStatus storedManualStatus(UserId user) const;
    //! Persists \a status (the hub keeps the live copy).
    virtual void storeManualStatus(UserId user, const ManualStatus &status);
    //! Persists \a status, the revert of a status that expired at \a expiresAtMs, only if the
    //! stored one still has that expiry: in a cluster every node reverts it, and a late node
    //! must not overwrite a status set since elsewhere.
    virtual void storeExpiredManualStatus(UserId user, qint64 expiresAtMs,
                                          const ManualStatus &status);
};

struct HubStats
{
    quint64 presenceUpdates = 0; //!< user_presence_update events delivered
    quint64 snapshots = 0; //!< presence_snapshot events delivered
    quint64 timeDrivenChanges = 0; //!< deadlines that fired
};

class PresenceHub : public QObject
{
    Q_OBJECT
public:
    PresenceHub(Clock *clock, PresenceRegistry *registry, PresenceDirectory *directory,
                Delivery *delivery, qint64 activeWindowMs = DefaultActiveWindowMs,
                QObject *parent = nullptr);
    ~PresenceHub() override;

    //! How status text on sockets is rendered (server zone, 24 h, English by default).
    void setTextOptions(const StatusTextOptions &options) { m_text = options; }
    const StatusTextOptions &textOptions() const { return m_text; }
    qint64 activeWindowMs() const { return m_windowMs; }

    //! A new authenticated connection of \a user: counts as activity, sends the snapshot of
    //! the user's contacts to it and updates everyone watching the user.
    void connectionOpened(ConnectionId connection, UserId user);
    void connectionClosed(ConnectionId connection);
    //! user_activity, send_message, typing: last_active = now. Emits only on a state change.
    void activity(UserId user);
    //! presence_subscribe: watch \a users on this connection; returns what the ack carries
    //! (unknown ids left out). Not activity.
    QList<PresenceInfo> subscribe(ConnectionId connection, const QList<UserId> &users);
    //! The user's visibility changed: re-evaluate every viewer.
    void privacyChanged(UserId user);
    //! set_status / PUT /api/me/status: applies a validated request and pushes what changes
    //! for each viewer. Returns the new status.
    ManualStatus setStatus(UserId user, const StatusRequest &request);
    //! PUT /api/me/privacy {"last_seen"}: exact or approximate last seen for other viewers.
    void setLastSeenPrecision(UserId user, LastSeenPrecision precision);
    //! The user's manual status (live copy, loaded from the directory once; expiry applied).
    ManualStatus statusOf(UserId user);
    //! Whether others may learn of the user's activity (typing is not relayed while invisible).
    bool isInvisible(UserId user) { return statusOf(user).availability == Availability::Invisible; }
    //! Another node stored a new status of \a user (cluster bus): reload it, push what changed
    //! for this node's viewers.
    void statusChangedElsewhere(UserId user);
    //! Called after this hub stored a new status of a user (not for an expiry, which every node
    //! computes itself from expires_at): the cluster tells the other nodes.
    void setStatusStoredHook(std::function<void(UserId)> hook) { m_statusStored = std::move(hook); }
    //! Called when others start seeing the truth of \a user again while the user is connected
    //! (invisible ended, or a held last_active was released by a connect or activity);
    //! \a hiddenSinceMs is the frozen last_active others saw until now (none: never active).
    //! Receipts made in hiding are shown from here on (§12).
    using VisibleAgainHook = std::function<void(UserId user, std::optional<qint64> hiddenSinceMs)>;
    void setVisibleAgainHook(VisibleAgainHook hook) { m_visibleAgain = std::move(hook); }
    //! Whether what others see of \a user hides the truth after \a hiddenSinceMs: invisible, or
    //! a last_active held after it. Receipts later than that are not shown to others.
    bool isHidingActivity(UserId user, std::optional<qint64> *hiddenSinceMs = nullptr);
    //! \a owner's contact list changed: re-evaluates what the owner's connections watch and
    //! who may see the owner (visibility "contacts").
    void contactsChanged(UserId owner);
    //! Changes may have been missed (the cluster bus lost messages): re-reads every local
    //! owner's contacts and re-evaluates every watched user, sending only what changed.
    void refreshAll();

    //! What \a viewer sees of \a target now, rendered with \a text (REST).
    PresenceInfo presenceFor(UserId viewer, UserId target, const StatusTextOptions &text);
    PresenceRecord recordOf(UserId user);

    QList<ConnectionId> connectionsOf(UserId user) const;
    std::optional<UserId> userOf(ConnectionId connection) const;
    int connectionCount() const { return int(m_connections.size()); }
    //! Users named in presence_subscribe on \a connection.
    int subscriptionCount(ConnectionId connection) const
    {
        return int(m_connections.value(connection).subscribed.size());
    }
    //! How many of \a users \a connection does not watch through presence_subscribe yet.
    int newSubscriptions(ConnectionId connection, const QList<UserId> &users) const;
    int onlineUserCount() const { return m_registry->onlineCount(); }
    const HubStats &stats() const { return m_stats; }
    //! The earliest pending time-driven change (tests, diagnostics).
    std::optional<qint64> nextDeadlineMs() const;
    int pendingDeadlines() const { return int(m_deadlines.size()); }

private:
    // What a viewer saw last: state and online flag are what decides whether to send.
    struct View
    {
        PresenceState state = PresenceState::LastSeen;
        bool online = false;
        std::optional<QString> availability; // §10: a change of these is sent too
        std::optional<QString> message;
        friend bool operator==(const View &, const View &) = default;
    };
    struct Connection
    {
        UserId user = 0;
        QSet<UserId> contacts; // the user's contacts when last evaluated
        QSet<UserId> subscribed; // named in presence_subscribe
        FlatMap<UserId, View> sent; // last view delivered per target (a QHash: 3.8 KiB at 1)
    };

    PresenceInfo infoFor(UserId viewer, UserId target, const StatusTextOptions &text);
    View viewOf(const PresenceInfo &info) const
    {
        return {info.state, info.isOnline, info.availability, info.statusMessage};
    }
    //! Stores \a status as the live copy and in the directory; \a tell: run the stored hook.
    void storeStatus(UserId user, const ManualStatus &status, bool tell = true);
    //! The status with expiry applied at now (writes the reverted status when it expired).
    ManualStatus currentStatus(UserId user);
    //! The user is active or connected visibly: others may see the truth again (§10).
    void releaseHeldLastActive(UserId user);
    //! A change the registry learned of elsewhere (another node, a resync).
    void registryChanged(UserId user, const PresenceRecord &before);
    //! Sends user_presence_update to every watcher of \a target whose view changed.
    void fanOut(UserId target);
    void watch(ConnectionId connection, UserId target);
    void unwatch(ConnectionId connection, UserId target);
    void reschedule(UserId user, const PresenceRecord &record);
    void processDue();
    void armTimer();

    Clock *m_clock;
    PresenceRegistry *m_registry;
    PresenceDirectory *m_directory;
    Delivery *m_delivery;
    qint64 m_windowMs;
    StatusTextOptions m_text;
    HubStats m_stats;

    QHash<ConnectionId, Connection> m_connections;
    // Manual status per user (§10), the live copy of what the directory stores; only users
    // the hub has looked at.
    QHash<UserId, ManualStatus> m_status;
    std::function<void(UserId)> m_statusStored;
    VisibleAgainHook m_visibleAgain;
    // A user has one or a few connections: kept inline in the hash node, since a QSet costs
    // ~0.5 KiB for a single element (its first span), a third of the hub's memory per idle
    // connection.
    QHash<UserId, QVarLengthArray<ConnectionId, 2>> m_userConnections;
    QHash<UserId, QSet<ConnectionId>> m_watchers; // target → connections that watch it

    // One deadline structure for all time-driven changes; one timer armed for the earliest.
    std::multimap<qint64, UserId> m_deadlines; // clock ms → user
    QHash<UserId, std::multimap<qint64, UserId>::iterator> m_deadlineOf;
    QTimer m_timer;
    std::optional<qint64> m_armedFor; // the deadline m_timer waits for
};

} // namespace SmartFixer
