#pragma once
// ClusterLink: what a server node needs from the other nodes of a cluster (DESIGN.md §9),
// without naming the engine behind it (Redis today; NATS or Redis Cluster could follow): the
// shared presence registry, and a bus for the events a user on another node must get (chat,
// typing), the changes that other nodes' caches must drop at once (privacy, contacts) and
// logouts. PresenceServer uses one when ServerBackends carries it; without it a node is alone.
#include "core/presence.h"

#include <QByteArray>
#include <QJsonValue>
#include <QString>
#include <functional>

namespace SmartFixer {

class PresenceRegistry;

class ClusterLink
{
public:
    //! Status: the manual status of DESIGN.md §10 (stored in the database) changed.
    enum class UserChange { Privacy, Contacts, Status };

    //! What arrives from other nodes, handed to this node's server.
    struct Sink
    {
        //! Deliver \a event to every connection of \a user on this node.
        std::function<void(UserId user, const QString &event, const QJsonValue &payload)>
            deliverToUser;
        //! Forget cached privacy/contacts of \a user and re-evaluate its watchers.
        std::function<void(UserId user, UserChange change)> userChanged;
        //! Close this node's connections whose token hashes to \a tokenHash (tokenHash()).
        std::function<void(const QByteArray &tokenHash)> tokenRevoked;
        //! Close every connection of \a user on this node (logout?all=1 on another node).
        std::function<void(UserId user)> userLoggedOut;
        //! Bus messages may have been lost (a gap in another node's sequence, or this node's
        //! subscription came back): re-read what can be re-read (caches, tokens).
        std::function<void()> missedMessages;
    };

    virtual ~ClusterLink();

    //! The cluster-wide presence registry (owned by the link, valid until it is destroyed).
    virtual PresenceRegistry *registry() = 0;
    //! Starts talking to the cluster; what other nodes publish goes to \a sink from now on.
    virtual void start(Sink sink) = 0;
    //! Clean stop: this node retires itself (its connections stop counting at once). Waits a
    //! bounded time for the cluster to confirm; the sink is not called any more afterwards.
    virtual void shutdown() = 0;

    //! \a event for \a user's connections on the other nodes (this node delivers its own).
    virtual void publishToUser(UserId user, const QString &event, const QJsonValue &payload) = 0;
    virtual void publishUserChanged(UserId user, UserChange change) = 0;
    //! A token was revoked (logout): the other nodes close its connections.
    virtual void publishTokenRevoked(const QString &token) = 0;
    //! Every token of \a user was revoked: the other nodes close all of its connections.
    virtual void publishUserLoggedOut(UserId user) = 0;

    //! Why this node is degraded (e.g. the cluster engine is unreachable); empty when healthy.
    virtual QString degradedReason() const = 0;
    //! Lines for GET /metrics (Prometheus text format).
    virtual QByteArray metricsText() const = 0;

    //! What travels instead of a token: its SHA-256, hex (tokens never leave the node).
    static QByteArray tokenHash(const QString &token);
};

} // namespace SmartFixer
