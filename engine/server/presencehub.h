#pragma once
// PresenceHub: the presence rules of DESIGN.md §2/§3 applied to live connections, without any
// socket. It takes connect/disconnect/activity/subscribe/privacy/contact events, keeps one
// deadline structure for the time-driven changes, and hands every outgoing event to a
// Delivery. State, fan-out and user data each sit behind a small interface (DESIGN.md §8).
#include "core/clock.h"
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
};

//! Where presence state lives: per user the PresenceRecord. In-process memory by default; Redis
//! hashes with leases are the planned engine for several machines.
class PresenceRegistry
{
public:
    virtual ~PresenceRegistry();
    virtual std::optional<PresenceRecord> record(UserId user) const = 0;
    virtual void setRecord(UserId user, const PresenceRecord &record) = 0;
    //! Users with at least one live connection.
    virtual int onlineCount() const = 0;
};

//! The in-process PresenceRegistry.
class InMemoryPresenceRegistry final : public PresenceRegistry
{
public:
    std::optional<PresenceRecord> record(UserId user) const override;
    void setRecord(UserId user, const PresenceRecord &record) override;
    int onlineCount() const override { return int(m_online.size()); }

private:
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
    //! The manual status of DESIGN.md §10 as stored (loaded once when the hub first needs it);
    //! the defaults keep directories without storage for it working.
    virtual ManualStatus storedManualStatus(UserId user) const;
    //! Persists \a status (the hub keeps the live copy).
    virtual void storeManualStatus(UserId user, const ManualStatus &status);
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
    //! The user's manual status (live copy, loaded from the directory once).
    ManualStatus statusOf(UserId user);
    //! Whether others may learn of the user's activity (typing is not relayed while invisible).
    bool isInvisible(UserId user) { return statusOf(user).availability == Availability::Invisible; }
    //! \a owner's contact list changed: re-evaluates what the owner's connections watch and
    //! who may see the owner (visibility "contacts").
    void contactsChanged(UserId owner);

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
        QHash<UserId, View> sent; // last view delivered per target
    };

    PresenceInfo infoFor(UserId viewer, UserId target, const StatusTextOptions &text);
    View viewOf(const PresenceInfo &info) const
    {
        return {info.state, info.isOnline, info.availability, info.statusMessage};
    }
    void storeStatus(UserId user, const ManualStatus &status);
    void setRecord(UserId user, const PresenceRecord &record);
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
