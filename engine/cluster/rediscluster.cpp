#include "rediscluster.h"

#include "cluster/redispresence.h"
#include "core/flatmap.h"
#include "core/logging.h"
#include "server/presencehub.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QHash>
#include <QHostInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <chrono>

namespace SmartFixer {

bool validNodeName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    return re.match(name).hasMatch();
}

QString defaultNodeName()
{
    QString host = QHostInfo::localHostName();
    host.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
    if (host.isEmpty())
        host = QStringLiteral("node");
    return host.left(50) + u'-' + QString::number(QCoreApplication::applicationPid());
}

namespace {

std::optional<qint64> later(std::optional<qint64> a, std::optional<qint64> b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    return std::max(*a, *b);
}

// Bus messages are small JSON objects: "n" the sending node, "k" the kind ("u" an event for a
// user's connections, "c" a privacy/contacts/status change, "t" a revoked token's hash).
constexpr qsizetype MaxBusMessageBytes = 1 << 20; // a chat message is at most ~16 KiB of JSON
// After Redis lost its data, how long the other nodes get to put their users back before a
// user missing from Redis counts as offline here (ms): their reconnect delay is capped at 1 s.
constexpr int RebuildGraceMs = 1800;
// While a node is awaited after a data loss, resync at least this often (ms) to see it done.
constexpr qint64 RebuildRecheckMs = 500;

qint64 steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

} // namespace

//! The cluster-wide PresenceRegistry: this node's own connections exactly (synchronously) plus
//! the other nodes' connections as the newest message from Redis says (each message carries
//! every node's count, so "others" is exact as of its version).
class MirrorRegistry final : public PresenceRegistry
{
public:
    MirrorRegistry(RedisPresence *presence, QString node, qint64 leaseMs)
        : m_presence(presence), m_node(std::move(node)), m_ownLeaseMs(leaseMs)
    { }

    std::optional<PresenceRecord> record(UserId user) const override
    {
        const auto it = m_entries.constFind(user);
        if (it == m_entries.cend() || !it->seeded)
            return std::nullopt;
        return recordOf(*it);
    }
    void seed(UserId user, const PresenceRecord &record) override
    {
        Entry &e = m_entries[user];
        e.seeded = true;
        e.lastActiveMs = later(e.lastActiveMs, record.lastActiveMs);
        updateOnline(user, e);
    }
    PresenceRecord open(UserId user, qint64 nowMs) override
    {
        Entry &e = m_entries[user];
        e.seeded = true;
        ++e.local;
        e.lastActiveMs = later(e.lastActiveMs, nowMs);
        updateOnline(user, e);
        m_presence->open(user, nowMs, reply());
        ++m_ops;
        return recordOf(e);
    }
    PresenceRecord close(UserId user) override
    {
        Entry &e = m_entries[user];
        e.seeded = true;
        e.local = std::max(0, e.local - 1);
        updateOnline(user, e);
        m_presence->close(user, reply());
        ++m_ops;
        return recordOf(e);
    }
    PresenceRecord touch(UserId user, qint64 nowMs) override
    {
        Entry &e = m_entries[user];
        e.seeded = true;
        e.lastActiveMs = later(e.lastActiveMs, nowMs);
        m_presence->touch(user, nowMs, reply());
        ++m_ops;
        return recordOf(e);
    }
    int onlineCount() const override { return int(m_online.size()); }

    //! A record from Redis (pub/sub, a script's reply, a resync): applied if newer.
    void apply(const ClusterPresence &p)
    {
        if (!p.nodesKnown)
            return;
        auto it = m_entries.find(p.user);
        if (it == m_entries.end()) {
            // Older than the last resync's snapshot: the snapshot already said more.
            if (p.version <= m_floor)
                return;
            it = m_entries.insert(p.user, Entry{});
        }
        Entry &e = *it;
        if (p.version <= e.version)
            return; // older or repeated (pub/sub and the reply both carry our own changes)
        const PresenceRecord before = recordOf(e);
        e.version = p.version;
        FlatMap<QString, int> nodes;
        for (auto n = p.nodes.cbegin(); n != p.nodes.cend(); ++n) {
            if (n.key() != m_node)
                nodes.insert(n.key(), n.value());
        }
        int remote = std::max(0, p.connections - p.nodes.value(m_node, 0));
        // Redis lost its data and these nodes have not put their users back yet: what they
        // had still counts (issue 9 item 2), until they resync or their lease would be over.
        for (const auto &[name, count] : e.remoteNodes) {
            if (!nodes.contains(name) && waitingFor(name)) {
                nodes.insert(name, count);
                remote += count;
            }
        }
        for (auto n = p.nodes.cbegin(); n != p.nodes.cend(); ++n)
            e.provisional.remove(n.key()); // counted in the new data set: confirmed
        for (const auto &[name, count] : nodes) {
            if (!p.nodes.contains(name))
                e.provisional.insert(name);
        }
        e.remoteNodes = std::move(nodes);
        e.remote = remote;
        e.lastActiveMs = later(e.lastActiveMs, p.lastActiveMs);
        updateOnline(p.user, e);
        if (e.seeded && recordOf(e) != before)
            notifyChanged(p.user, before);
    }

    //! What a resync read: every online user; whoever is missing is offline elsewhere,
    //! except on nodes that have not resynced since Redis lost its data (they are still
    //! putting their users back: a node paused or slow to reconnect must not make its users
    //! flap offline and online). Returns 0, or the ms after which to resync again because
    //! such a node is still awaited (at most until its lease would have run out).
    qint64 applyResync(const RedisPresence::Resynced &r)
    {
        const bool fresh = r.epoch != m_epoch;
        if (fresh) {
            // A fresh data set: versions began again, so what we hold is older than anything.
            if (!m_epoch.isEmpty()) {
                qCInfo(lcServer) << "cluster: redis lost its data; rebuilding from this snapshot";
                m_rebuilding = true;
                m_rebuildStartMs = steadyMs();
            }
            m_epoch = r.epoch;
            m_floor = 0;
            for (Entry &e : m_entries)
                e.version = 0;
        }
        learnLeases(r.leaseMs);
        m_synced = r.synced;
        QSet<UserId> online;
        for (const ClusterPresence &p : r.online) {
            online.insert(p.user);
            apply(p);
        }
        for (auto it = m_entries.begin(); it != m_entries.end();) {
            Entry &e = *it;
            const UserId user = it.key();
            if (!online.contains(user) && e.version < r.sequence) {
                // Offline on every other node as of the snapshot (older messages say less),
                // but for nodes still awaited after a data loss.
                e.version = r.sequence;
                FlatMap<QString, int> kept;
                int remote = 0;
                for (const auto &[name, count] : e.remoteNodes) {
                    if (waitingFor(name)) {
                        kept.insert(name, count);
                        remote += count;
                    }
                }
                for (const auto &[name, count] : kept)
                    e.provisional.insert(name);
                if (remote != e.remote || kept != e.remoteNodes) {
                    const PresenceRecord before = recordOf(e);
                    e.remoteNodes = std::move(kept);
                    e.remote = remote;
                    updateOnline(user, e);
                    if (e.seeded && recordOf(e) != before)
                        notifyChanged(user, before);
                }
            }
            if (!e.seeded && e.local == 0 && e.remote == 0)
                it = m_entries.erase(it);
            else
                ++it;
        }
        m_floor = std::max(m_floor, r.sequence);
        if (!m_rebuilding)
            return 0;
        // Still awaiting someone? Look again at the earliest of their deadlines (or soon).
        qint64 next = -1;
        for (const Entry &e : std::as_const(m_entries)) {
            for (const auto &[name, count] : e.remoteNodes) {
                if (waitingFor(name)) {
                    const qint64 left = deadlineOf(name) - steadyMs();
                    next = next < 0 ? left : std::min(next, left);
                }
            }
        }
        if (next < 0) {
            m_rebuilding = false;
            qCInfo(lcServer) << "cluster: every node has resynced after the data loss";
            return 0;
        }
        // Soon enough to see a node that resynced (it publishes its users, but only a resync
        // says it is done), and no later than the deadline.
        return std::clamp<qint64>(next + 1, 1, RebuildRecheckMs);
    }

    //! \a node resynced (or was retired) in the current data set ("node NAME" on the
    //! presence channel, after its records): counts kept for it while it was awaited go.
    void nodeSettled(const QString &node)
    {
        m_synced.insert(node);
        for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
            Entry &e = *it;
            if (!e.provisional.remove(node))
                continue;
            const PresenceRecord before = recordOf(e);
            e.remote = std::max(0, e.remote - e.remoteNodes.take(node));
            updateOnline(it.key(), e);
            if (e.seeded && recordOf(e) != before)
                notifyChanged(it.key(), before);
        }
    }

    //! Every node's lease length as Redis had them (each renewal and resync reads them),
    //! remembered: Redis may lose them, and then they say how long to wait for each node.
    void learnLeases(const QHash<QString, qint64> &leases)
    {
        if (m_leaseOf.size() + leases.size() > 4096)
            m_leaseOf.clear(); // bounded; refilled by the next renewal
        for (auto it = leases.cbegin(); it != leases.cend(); ++it)
            m_leaseOf.insert(it.key(), it.value());
    }

    //! This node's users and their local connection counts, for RedisPresence::resync().
    QList<RedisPresence::NodeUser> localUsers() const
    {
        QList<RedisPresence::NodeUser> out;
        for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
            if (it->local > 0)
                out.append({it.key(), it->local, it->lastActiveMs});
        }
        return out;
    }
    quint64 operations() const { return m_ops; }

private:
    struct Entry
    {
        int local = 0; // this node's connections (exact)
        int remote = 0; // other nodes' connections, as of `version`
        //! The same per node (node name → connections); a FlatMap, as every online user of
        //! the cluster has an Entry on every node (a one-entry QHash is ~2 KiB).
        FlatMap<QString, int> remoteNodes;
        //! Nodes of remoteNodes kept from before a data loss, not yet confirmed by Redis.
        QSet<QString> provisional;
        qint64 version = 0;
        std::optional<qint64> lastActiveMs;
        bool seeded = false; // the hub knows this user (record() answers)
    };
    static PresenceRecord recordOf(const Entry &e) { return {e.lastActiveMs, e.local + e.remote}; }
    void updateOnline(UserId user, const Entry &e)
    {
        if (e.local + e.remote > 0)
            m_online.insert(user);
        else
            m_online.remove(user);
    }
    RedisPresence::Callback reply()
    {
        // Failures need nothing here: the connection drops, and the resync after the
        // reconnect makes Redis count exactly this node's connections again.
        return [this](const Result<ClusterPresence> &r) {
            if (r.ok())
                apply(*r);
        };
    }

    //! After a data loss: \a node had users and has not resynced since, and its lease (as
    //! last known; this node's own when unknown) has not run out since the loss was seen.
    bool waitingFor(const QString &node) const
    {
        return m_rebuilding && !m_synced.contains(node) && steadyMs() < deadlineOf(node);
    }
    qint64 deadlineOf(const QString &node) const
    {
        return m_rebuildStartMs
            + std::max<qint64>(RebuildGraceMs, m_leaseOf.value(node, m_ownLeaseMs));
    }

    RedisPresence *m_presence;
    QString m_node;
    qint64 m_ownLeaseMs;
    bool m_rebuilding = false; // Redis lost its data; some nodes may not have resynced yet
    qint64 m_rebuildStartMs = 0; // steady ms when this node saw the fresh data set
    QSet<QString> m_synced; // nodes that have resynced in the current data set
    QHash<QString, qint64> m_leaseOf; // node → lease length (ms), from the resyncs
    QHash<UserId, Entry> m_entries;
    QSet<UserId> m_online;
    qint64 m_floor = 0;
    QByteArray m_epoch;
    quint64 m_ops = 0;
};

struct RedisCluster::Private
{
    RedisClusterOptions options;
    std::unique_ptr<RedisConnection> commands;
    std::unique_ptr<RedisConnection> subscriber;
    std::unique_ptr<RedisPresence> presence;
    std::unique_ptr<MirrorRegistry> registry;
    Sink sink;
    bool started = false;
    bool resyncing = false;
    bool resyncAgain = false;
    bool leased = false; // a renewal succeeded before (a missing lease then means "retired")
    QTimer leaseTimer;
    QTimer resyncTimer;
    QTimer probeTimer;
    // The presence records' versions (Redis' sequence) arrive on the one subscription in
    // order, each once: the newest version seen with none missed since this node's last
    // resync ("base NODE SEQ" on the channel), or -1 while unknown (before the first, after
    // a gap, while the subscription is down).
    qint64 streamAt = -1;
    quint64 presenceGaps = 0; // presence records missed, as the sequence says
    quint64 probes = 0;
    QByteArray busChannel;
    QByteArray presenceChannel;
    quint64 busPublished = 0;
    quint64 busReceived = 0;
    quint64 presenceMessages = 0;
    quint64 resyncs = 0;
    quint64 retired = 0; // users changed by retiring expired nodes
    // Bus sequence numbers (issue 9 item 5): every message carries its node's incarnation
    // ("i", random per start) and a per-incarnation sequence ("s"), so a receiver sees a gap
    // when it missed one (pub/sub is at-most-once; a node cut off from Redis misses them all).
    QByteArray incarnation;
    quint64 busSequence = 0;
    struct Seen
    {
        QString incarnation;
        qint64 sequence = 0;
    };
    QHash<QString, Seen> busSeen; // node → newest message seen from it
    quint64 busGaps = 0; // messages missed, as the sequences say
    bool subscriberWasUp = false;
    bool recoveryQueued = false;
    quint64 busRecoveries = 0; // times the caches were re-read for missed messages
};

namespace {
// Nodes remembered for gap detection; beyond this the table starts again (a gap may then go
// unseen once). A cluster has a handful of nodes; each restart adds one incarnation.
constexpr qsizetype MaxBusNodes = 4096;
} // namespace

RedisCluster::RedisCluster(const RedisClusterOptions &options, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>())
{
    d->options = options;
    d->commands = std::make_unique<RedisConnection>(options.endpoint);
    d->subscriber = std::make_unique<RedisConnection>(options.endpoint);
    for (RedisConnection *c : {d->commands.get(), d->subscriber.get()}) {
        c->setCommandTimeout(options.commandTimeoutMs);
        // Back within 2 s of Redis (DESIGN.md §9): retry at least every second.
        c->setReconnectDelays(100, 1000);
    }
    d->commands->setName(options.node + QStringLiteral("-cmd"));
    // Scripts first on every connect: Redis forgets them when it restarts.
    d->commands->setConnectCommands(RedisPresence::scriptLoadCommands());
    d->subscriber->setName(options.node + QStringLiteral("-sub"));
    d->presence
        = std::make_unique<RedisPresence>(d->commands.get(), options.node, options.keyPrefix);
    d->registry
        = std::make_unique<MirrorRegistry>(d->presence.get(), options.node, options.leaseMs);
    d->presenceChannel = d->presence->channel();
    d->busChannel = options.keyPrefix + "bus";
    d->incarnation = QByteArray::number(QRandomGenerator::global()->generate64(), 16);
    d->leaseTimer.setInterval(int(std::max<qint64>(50, options.leaseMs / 3)));
    d->resyncTimer.setInterval(options.resyncIntervalMs);
    d->probeTimer.setInterval(std::max(10, options.probeIntervalMs));
    connect(&d->leaseTimer, &QTimer::timeout, this, &RedisCluster::renewLease);
    connect(&d->resyncTimer, &QTimer::timeout, this, &RedisCluster::resync);
    connect(&d->probeTimer, &QTimer::timeout, this, &RedisCluster::probe);
    connect(d->commands.get(), &RedisConnection::connected, this, [this] {
        renewLease(); // first: a node retired meanwhile is alive again before it resyncs
        resync();
    });
    connect(d->subscriber.get(), &RedisConnection::connected, this, [this] {
        // Back after a loss: whatever was published meanwhile is gone for this node.
        if (d->subscriberWasUp)
            missedBusMessages();
        d->subscriberWasUp = true;
        resync();
    });
    connect(d->subscriber.get(), &RedisConnection::message, this, &RedisCluster::onMessage);
    connect(d->subscriber.get(), &RedisConnection::disconnected, this,
            [this] { d->streamAt = -1; }); // whatever comes meanwhile is lost for this node
    for (RedisConnection *c : {d->commands.get(), d->subscriber.get()}) {
        connect(c, &RedisConnection::disconnected, this, [c](const QString &reason) {
            qCWarning(lcServer).noquote() << "cluster: redis connection" << c->endpoint().display()
                                          << "lost:" << reason << "(serving local users only)";
        });
    }
}

RedisCluster::~RedisCluster()
{
    d->sink = {};
    d->registry->setChangeHandler({});
}

const RedisClusterOptions &RedisCluster::options() const
{
    return d->options;
}

PresenceRegistry *RedisCluster::registry()
{
    return d->registry.get();
}

void RedisCluster::start(Sink sink)
{
    d->sink = std::move(sink);
    if (d->started)
        return;
    d->started = true;
    d->subscriber->subscribe({d->presenceChannel, d->busChannel});
    d->commands->open();
    d->subscriber->open();
    d->leaseTimer.start();
    d->resyncTimer.start();
    d->probeTimer.start();
    qCInfo(lcServer).noquote() << "cluster: node" << d->options.node << "on redis"
                               << d->options.endpoint.display() << "lease" << d->options.leaseMs
                               << "ms";
}

void RedisCluster::shutdown()
{
    if (!d->started)
        return;
    d->started = false;
    d->leaseTimer.stop();
    d->resyncTimer.stop();
    d->probeTimer.stop();
    d->sink = {};
    if (d->commands->state() == RedisConnection::State::Connected) {
        // Whatever this node still counts stops counting now, one update per user.
        QEventLoop loop;
        bool done = false;
        d->presence->retireSelf([&](const Result<int> &r) {
            done = true;
            if (r.ok())
                qCInfo(lcServer) << "cluster: node retired itself," << *r << "users changed";
            loop.quit();
        });
        // Bounded: a stop must not hang on Redis (the lease retires us anyway).
        QTimer::singleShot(2000, &loop, &QEventLoop::quit);
        if (!done)
            loop.exec(QEventLoop::ExcludeUserInputEvents);
    }
    d->registry->setChangeHandler({});
    d->commands->close();
    d->subscriber->close();
}

void RedisCluster::renewLease()
{
    if (d->commands->state() != RedisConnection::State::Connected)
        return;
    QPointer<RedisCluster> self(this);
    d->presence->renewLease(d->options.leaseMs, [self](const Result<RedisPresence::Renewed> &r) {
        if (self && r.ok())
            self->d->registry->learnLeases(r->leaseMs);
        // Retired while still alive (e.g. the event loop stalled longer than the lease): put
        // this node's connections back now, not at the next slow resync.
        if (self && r.ok() && r->wasMissing && self->d->leased) {
            qCWarning(lcServer) << "cluster: this node's lease had run out; resyncing";
            self->resync();
        }
        if (self && r.ok())
            self->d->leased = true;
    });
    d->presence->retireExpired([self](const Result<int> &r) {
        if (self && r.ok() && *r > 0) {
            self->d->retired += quint64(*r);
            qCInfo(lcServer) << "cluster: retired an expired node," << *r << "users changed";
        }
    });
}

void RedisCluster::resync()
{
    if (!d->started || d->commands->state() != RedisConnection::State::Connected)
        return;
    if (d->resyncing) {
        d->resyncAgain = true; // e.g. the subscriber came back while one was under way
        return;
    }
    d->resyncing = true;
    QPointer<RedisCluster> self(this);
    d->presence->resync(
        d->registry->localUsers(), [self](const Result<RedisPresence::Resynced> &r) {
            if (!self)
                return;
            self->d->resyncing = false;
            if (r.ok()) {
                ++self->d->resyncs;
                if (const qint64 again = self->d->registry->applyResync(*r); again > 0) {
                    // Redis lost its data and a node is still putting its users back.
                    QTimer::singleShot(int(again), self.data(), &RedisCluster::resync);
                }
                Q_EMIT self->resynced();
            } else {
                qCWarning(lcServer).noquote() << "cluster: resync failed:" << r.error();
            }
            if (self->d->resyncAgain) {
                self->d->resyncAgain = false;
                self->resync();
            }
        });
}

void RedisCluster::onMessage(const QByteArray &channel, const QByteArray &payload)
{
    if (channel == d->presenceChannel) {
        ++d->presenceMessages;
        if (payload.startsWith("node ")) {
            const QString node = QString::fromUtf8(payload.mid(5));
            if (validNodeName(node))
                d->registry->nodeSettled(node);
        } else if (payload.startsWith("mark ") || payload.startsWith("base ")) {
            onMark(payload);
        } else if (const auto p = ClusterPresence::decode(payload)) {
            noteRecord(p->version);
            d->registry->apply(*p);
        }
    } else if (channel == d->busChannel) {
        onBus(payload);
    }
}

void RedisCluster::probe()
{
    if (d->commands->state() != RedisConnection::State::Connected
        || d->subscriber->state() != RedisConnection::State::Connected)
        return; // their reconnect resyncs
    if (d->streamAt < 0) {
        // Not counting: a resync is under way, or the last one failed without a drop.
        if (!d->resyncing)
            resync();
        return;
    }
    ++d->probes;
    d->presence->probe();
}

void RedisCluster::noteRecord(qint64 version)
{
    if (d->streamAt < 0 || version <= d->streamAt)
        return; // not counting, or a repeated/forged old one (the next mark tells)
    if (version == d->streamAt + 1)
        d->streamAt = version;
    else
        streamBroken(version - d->streamAt - 1, "presence changes missed");
}

void RedisCluster::onMark(const QByteArray &payload)
{
    // "mark NODE SEQ" (a node's probe) or "base NODE SEQ" (a node's resync): every record up
    // to SEQ came before it on the channel. Any node's mark checks this one's count.
    const QList<QByteArray> parts = payload.split(' ');
    bool ok = false;
    const qint64 seq = parts.size() == 3 ? parts[2].toLongLong(&ok) : -1;
    if (!ok || seq < 0)
        return;
    if (parts[0] == "base" && QString::fromUtf8(parts[1]) == d->options.node) {
        d->streamAt = seq; // this node's snapshot holds everything up to here
        return;
    }
    if (d->streamAt < 0 || seq == d->streamAt)
        return;
    if (seq > d->streamAt)
        streamBroken(seq - d->streamAt, "presence changes missed");
    else
        streamBroken(0, "redis' sequence went back (its data set began again)");
}

void RedisCluster::streamBroken(qint64 missed, const char *why)
{
    d->presenceGaps += quint64(std::max<qint64>(0, missed));
    qCWarning(lcServer).noquote() << QStringLiteral("cluster: %1%2; resyncing")
                                         .arg(QLatin1String(why),
                                              missed > 0 ? QStringLiteral(" (%1)").arg(missed)
                                                         : QString());
    d->streamAt = -1; // until this node's next "base"
    resync();
}

void RedisCluster::onBus(const QByteArray &payload)
{
    if (payload.size() > MaxBusMessageBytes)
        return;
    const QJsonObject o = QJsonDocument::fromJson(payload).object();
    const QString node = o.value(QStringLiteral("n")).toString();
    if (node == d->options.node)
        return; // our own: delivered locally already
    ++d->busReceived;
    noteBusSequence(node, o.value(QStringLiteral("i")).toString(),
                    qint64(o.value(QStringLiteral("s")).toDouble()));
    const QString kind = o.value(QStringLiteral("k")).toString();
    const UserId user = UserId(o.value(QStringLiteral("u")).toDouble());
    if (kind == QLatin1String("u") && user > 0) {
        if (d->sink.deliverToUser)
            d->sink.deliverToUser(user, o.value(QStringLiteral("e")).toString(),
                                  o.value(QStringLiteral("p")));
    } else if (kind == QLatin1String("c") && user > 0) {
        const QJsonValue what = o.value(QStringLiteral("c"));
        if (d->sink.userChanged)
            d->sink.userChanged(user,
                                what == QLatin1String("privacy")      ? UserChange::Privacy
                                    : what == QLatin1String("status") ? UserChange::Status
                                                                      : UserChange::Contacts);
    } else if (kind == QLatin1String("l") && user > 0) {
        if (d->sink.userLoggedOut)
            d->sink.userLoggedOut(user);
    } else if (kind == QLatin1String("t")) {
        if (d->sink.tokenRevoked)
            d->sink.tokenRevoked(o.value(QStringLiteral("h")).toString().toLatin1());
    }
}

void RedisCluster::noteBusSequence(const QString &node, const QString &incarnation, qint64 sequence)
{
    if (node.isEmpty() || incarnation.isEmpty() || sequence <= 0)
        return; // a node of an older version: no sequence
    if (d->busSeen.size() >= MaxBusNodes && !d->busSeen.contains(node))
        d->busSeen.clear();
    Private::Seen &seen = d->busSeen[node];
    if (seen.incarnation == incarnation && sequence > seen.sequence + 1) {
        const qint64 missed = sequence - seen.sequence - 1;
        d->busGaps += quint64(missed);
        qCWarning(lcServer).noquote() << "cluster: missed" << missed << "bus messages of node"
                                      << node << "; re-reading caches and tokens";
        missedBusMessages();
    }
    // A new incarnation starts again from 1; within one, older (reordered) ones never arrive
    // on one subscription, but keep the newest anyway.
    if (seen.incarnation != incarnation || sequence > seen.sequence)
        seen = {incarnation, sequence};
}

void RedisCluster::missedBusMessages()
{
    if (d->recoveryQueued)
        return;
    d->recoveryQueued = true;
    // Once per burst of gaps, from the event loop (not from inside a message handler).
    QTimer::singleShot(0, this, [this] {
        d->recoveryQueued = false;
        ++d->busRecoveries;
        if (d->sink.missedMessages)
            d->sink.missedMessages();
        Q_EMIT busRecovered();
    });
}

void RedisCluster::publishBus(const QJsonObject &message)
{
    if (!d->started)
        return;
    QJsonObject m = message;
    m.insert(QStringLiteral("n"), d->options.node);
    m.insert(QStringLiteral("i"), QString::fromLatin1(d->incarnation));
    // Counted even when the PUBLISH fails (Redis unreachable): the others then see the gap.
    m.insert(QStringLiteral("s"), qint64(++d->busSequence));
    ++d->busPublished;
    // At-most-once like all pub/sub: a node cut off from Redis misses it (and says so in
    // /healthz); the store holds the message itself.
    d->commands->command({QByteArrayLiteral("PUBLISH"), d->busChannel,
                          QJsonDocument(m).toJson(QJsonDocument::Compact)});
}

void RedisCluster::publishToUser(UserId user, const QString &event, const QJsonValue &payload)
{
    publishBus(QJsonObject{{QStringLiteral("k"), QStringLiteral("u")},
                           {QStringLiteral("u"), user},
                           {QStringLiteral("e"), event},
                           {QStringLiteral("p"), payload}});
}

void RedisCluster::publishUserChanged(UserId user, UserChange change)
{
    publishBus(QJsonObject{{QStringLiteral("k"), QStringLiteral("c")},
                           {QStringLiteral("u"), user},
                           {QStringLiteral("c"),
                            change == UserChange::Privacy      ? QStringLiteral("privacy")
                                : change == UserChange::Status ? QStringLiteral("status")
                                                               : QStringLiteral("contacts")}});
}

void RedisCluster::publishTokenRevoked(const QString &token)
{
    publishBus(QJsonObject{{QStringLiteral("k"), QStringLiteral("t")},
                           {QStringLiteral("h"), QString::fromLatin1(tokenHash(token))}});
}

void RedisCluster::publishUserLoggedOut(UserId user)
{
    publishBus(
        QJsonObject{{QStringLiteral("k"), QStringLiteral("l")}, {QStringLiteral("u"), user}});
}

QString RedisCluster::degradedReason() const
{
    for (const RedisConnection *c : {d->commands.get(), d->subscriber.get()}) {
        if (c->state() != RedisConnection::State::Connected) {
            const QString why = c->lastError();
            return QStringLiteral("redis %1 unreachable%2")
                .arg(d->options.endpoint.display(),
                     why.isEmpty() ? QString() : QStringLiteral(": ") + why);
        }
    }
    return {};
}

QByteArray RedisCluster::metricsText() const
{
    QByteArray out;
    const auto metric
        = [&out](const char *name, const char *type, const char *help, quint64 value) {
              out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type
                  + '\n' + name + ' ' + QByteArray::number(value) + '\n';
          };
    metric("smartfixer_cluster_redis_up", "gauge",
           "1 while both Redis connections of this node are up", degradedReason().isEmpty());
    metric("smartfixer_cluster_presence_ops_total", "counter",
           "presence scripts this node ran in Redis (open/close/touch)", d->registry->operations());
    metric("smartfixer_cluster_presence_messages_total", "counter",
           "presence changes received on the presence channel", d->presenceMessages);
    metric("smartfixer_cluster_bus_published_total", "counter",
           "bus messages (chat, typing, invalidations, logouts) published", d->busPublished);
    metric("smartfixer_cluster_bus_received_total", "counter",
           "bus messages from other nodes received", d->busReceived);
    metric("smartfixer_cluster_redis_noscript_total", "counter",
           "EVALSHA calls that met NOSCRIPT (script cache flushed while connected)",
           d->presence->noscriptErrors());
    metric("smartfixer_cluster_bus_gaps_total", "counter",
           "bus messages of other nodes this node missed (gaps in their sequence numbers)",
           d->busGaps);
    metric("smartfixer_cluster_bus_recoveries_total", "counter",
           "times this node re-read caches and tokens after missing bus messages",
           d->busRecoveries);
    metric("smartfixer_cluster_resyncs_total", "counter", "full resyncs with Redis", d->resyncs);
    metric("smartfixer_cluster_presence_gaps_total", "counter",
           "presence changes this node missed on the channel (gaps in Redis' sequence)",
           d->presenceGaps);
    metric("smartfixer_cluster_probes_total", "counter",
           "checks that no presence change was missed (one small script each)", d->probes);
    metric("smartfixer_cluster_retired_users_total", "counter",
           "users changed when this node retired expired nodes", d->retired);
    return out;
}

} // namespace SmartFixer
