#pragma once
// RedisPresence: cluster-wide presence state in Redis (DESIGN.md §9). Per user one hash with
// the live connection count of every node, last_active (only ever moves forward) and a
// version; per node a lease and the set of its users. Every change is one Lua script, so two
// nodes changing one user never lose an update, and each script publishes the new record on
// one channel in the same atomic step (one message per change of a user, not per connection).
// A node whose lease ran out is retired by exactly one other node, in one script.
#include "core/presence.h"
#include "core/result.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

namespace SmartFixer {

class RedisConnection;

//! A user's presence as the whole cluster has it.
struct ClusterPresence
{
    UserId user = 0;
    qint64 version = 0; //!< grows with every change of this user
    int connections = 0; //!< on all live nodes
    std::optional<qint64> lastActiveMs;
    //! Connections per node (node name → count), when the message carried them (5th field).
    QHash<QString, int> nodes;
    bool nodesKnown = false;

    PresenceRecord record() const { return {lastActiveMs, connections}; }
    //! The payload published on RedisPresence::channel(): "user version connections last".
    QByteArray encode() const;
    static std::optional<ClusterPresence> decode(const QByteArray &message);
};

class RedisPresence
{
public:
    using Callback = std::function<void(const Result<ClusterPresence> &)>;
    using ListCallback = std::function<void(const Result<QList<ClusterPresence>> &)>;
    using CountCallback = std::function<void(const Result<int> &)>;

    //! One user as this node has it, for resync().
    struct NodeUser
    {
        UserId user = 0;
        int connections = 0; //!< on this node
        std::optional<qint64> lastActiveMs;
    };
    //! What resync() read: the sequence at that moment and every online user's record.
    struct Resynced
    {
        qint64 sequence = 0;
        //! Changes when Redis lost its data (versions start again): drop every version seen.
        QByteArray epoch;
        //! Nodes that have resynced since this data set began (this one included).
        QSet<QString> synced;
        //! Each node's lease length (ms), as its last renewal set it.
        QHash<QString, qint64> leaseMs;
        QList<ClusterPresence> online;
    };
    using ResyncCallback = std::function<void(const Result<Resynced> &)>;
    struct Renewed
    {
        //! There was no lease (the first renewal, or this node was retired meanwhile: its
        //! connections must be put back).
        bool wasMissing = false;
        //! Every node's lease length (ms) as Redis holds them now: after a data loss the
        //! others wait that long for a node to put its users back, so each node must know
        //! the others' before Redis loses them (not only from a resync, which may be rare).
        QHash<QString, qint64> leaseMs;
    };
    using RenewCallback = std::function<void(const Result<Renewed> &)>;

    //! \a keyPrefix separates deployments sharing one Redis (default "sf:").
    RedisPresence(RedisConnection *connection, QString node, QByteArray keyPrefix = "sf:");

    const QString &node() const { return m_node; }
    //! The pub/sub channel every change is published on.
    QByteArray channel() const;

    //! A connection of \a user opened on this node at \a nowMs (counts as activity).
    void open(UserId user, qint64 nowMs, Callback callback);
    //! A connection of \a user on this node closed.
    void close(UserId user, Callback callback);
    //! Activity: last_active = max(stored, \a nowMs). Publishes only when it moved.
    void touch(UserId user, qint64 nowMs, Callback callback);
    //! The current records of \a users (unknown users: connections 0, no last_active).
    void read(const QList<UserId> &users, ListCallback callback);

    //! Makes Redis count exactly \a users' connections for this node (one atomic step;
    //! publishes each user whose count changed) and reads every online user's record.
    void resync(const QList<NodeUser> &users, ResyncCallback callback);

    //! Renews this node's lease for \a leaseMs (Redis' clock, so nodes' clocks don't matter).
    //! The callback gets whether there was no lease and every node's lease length.
    void renewLease(qint64 leaseMs, RenewCallback callback);
    //! Retires every node whose lease ran out (not this one): their connections stop counting,
    //! one change is published per affected user. The callback gets how many users changed.
    void retireExpired(CountCallback callback);
    //! SCRIPT LOAD of every script, for RedisConnection::setConnectCommands(): sent first on
    //! every connect, so no EVALSHA meets NOSCRIPT after a (re)start of Redis.
    static QList<QList<QByteArray>> scriptLoadCommands();
    //! How often an EVALSHA met NOSCRIPT and fell back to EVAL (script cache flushed while
    //! connected; 0 otherwise).
    quint64 noscriptErrors() const;

    //! Publishes "mark NODE SEQ" after every record so far (no reply needed): the nodes
    //! check that they saw every version up to SEQ, in order (RedisCluster).
    void probe();

    //! Retires this node's own earlier incarnation at once (a restart with the same name) or
    //! this node itself on a clean stop.
    void retireSelf(CountCallback callback);

private:
    void runUserScript(const char *body, const QList<QByteArray> &args, Callback callback);
    QByteArray key(const char *suffix) const { return m_prefix + suffix; }

    RedisConnection *m_connection;
    QString m_node;
    QByteArray m_prefix;
    std::shared_ptr<quint64> m_noscripts; // shared with callbacks that may outlive a call
};

} // namespace SmartFixer
