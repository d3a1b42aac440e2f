#pragma once
// RedisCluster: the ClusterLink of a node in cluster mode (DESIGN.md §9) over one Redis 7.
// Two connections (commands, and a subscriber for the presence and bus channels), the
// cluster-wide presence registry (RedisPresence scripts plus a local mirror that pub/sub keeps
// current, with versions so an older message never overwrites a newer one), the node's lease
// (renewed every lease/3; expired nodes retired), and a resync whenever a connection comes
// back, whenever the records' sequence shows one was missed (pub/sub is at-most-once), and
// on a slow timer.
#include "cluster/redisconnection.h"
#include "server/clusterlink.h"

#include <QObject>
#include <QTimer>
#include <memory>

namespace SmartFixer {

class RedisPresence;

struct RedisClusterOptions
{
    RedisEndpoint endpoint;
    QString node; //!< --node-name: letters, digits, '.', '_', '-' (validNodeName())
    qint64 leaseMs = 6000; //!< --node-lease
    //! How often the node checks that it missed no presence record ("mark" on the channel,
    //! one small script); a full resync follows only when it did.
    int probeIntervalMs = 5000;
    //! The slow safety-net resync. It reads every online user of the cluster in one script,
    //! which blocks Redis for ~0.1 s per 10,000 online users, hence rare.
    int resyncIntervalMs = 600000;
    int commandTimeoutMs = 2000; //!< a Redis reply later than this drops the connection
    QByteArray keyPrefix = "sf:"; //!< separates deployments sharing one Redis
};

//! Whether \a name can be a --node-name (1–64 of [A-Za-z0-9._-]: it is part of Redis keys and
//! of the presence messages, whose separators are ' ', ',' and '=').
bool validNodeName(const QString &name);
//! The default --node-name: HOSTNAME-PID.
QString defaultNodeName();

class RedisCluster final : public QObject, public ClusterLink
{
    Q_OBJECT
public:
    explicit RedisCluster(const RedisClusterOptions &options, QObject *parent = nullptr);
    ~RedisCluster() override;

    PresenceRegistry *registry() override;
    void start(Sink sink) override;
    void shutdown() override;
    void publishToUser(UserId user, const QString &event, const QJsonValue &payload) override;
    void publishUserChanged(UserId user, UserChange change) override;
    void publishTokenRevoked(const QString &token) override;
    void publishUserLoggedOut(UserId user) override;
    QString degradedReason() const override;
    QByteArray metricsText() const override;

    const RedisClusterOptions &options() const;

Q_SIGNALS:
    //! A resync finished (after a (re)connect or on the slow timer); tests wait for it.
    void resynced();
    //! Bus messages were missed and the sink re-read what it could (missedMessages).
    void busRecovered();

private:
    void resync();
    void renewLease();
    void probe();
    void noteRecord(qint64 version);
    void onMark(const QByteArray &payload);
    void streamBroken(qint64 missed, const char *why);
    void onMessage(const QByteArray &channel, const QByteArray &payload);
    void onBus(const QByteArray &payload);
    void publishBus(const QJsonObject &message);
    void noteBusSequence(const QString &node, const QString &incarnation, qint64 sequence);
    void missedBusMessages();

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace SmartFixer
