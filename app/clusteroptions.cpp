#include "clusteroptions.h"

#include "cluster/rediscluster.h"
#include "storage/databaseurl.h"

namespace SmartFixer {

void addClusterOptions(QCommandLineParser &parser)
{
    parser.addOption(QCommandLineOption(
        QStringLiteral("redis"),
        QStringLiteral("Cluster mode: redis://HOST[:PORT][/DB] or unix:PATH (needs a postgresql:// "
                       "--db shared by every node)."),
        QStringLiteral("URL")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("node-name"),
        QStringLiteral("This node's name in the cluster (default HOSTNAME-PID; letters, digits, "
                       "'.', '_', '-'). A node restarted under the same name retires its old "
                       "connections at once."),
        QStringLiteral("NAME")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("node-lease"),
        QStringLiteral("How long a node that stops renewing its lease still counts (default "
                       "6000)."),
        QStringLiteral("MS")));
}

bool applyClusterOptions(const QCommandLineParser &parser, const ServerConfig &config,
                         ServerBackends &backends, QTextStream &err)
{
    const bool clustered = parser.isSet(QStringLiteral("redis"));
    if (!clustered) {
        for (const char *name : {"node-name", "node-lease"}) {
            if (parser.isSet(QString::fromLatin1(name))) {
                err << "smartfixer-server: --" << name << " needs --redis\n";
                return false;
            }
        }
        return true;
    }
    const auto endpoint = parseRedisUrl(parser.value(QStringLiteral("redis")));
    if (!endpoint) {
        err << "smartfixer-server: --redis: " << endpoint.error() << "\n";
        return false;
    }
    const auto db = parseDatabaseUrl(config.databasePath);
    if (!db || db->engine != DatabaseUrl::Engine::Postgres) {
        err << "smartfixer-server: --redis needs a postgresql:// --db shared by every node "
               "(an SQLite file cannot be shared)\n";
        return false;
    }
    RedisClusterOptions options;
    options.endpoint = *endpoint;
    options.node = parser.isSet(QStringLiteral("node-name"))
        ? parser.value(QStringLiteral("node-name"))
        : defaultNodeName();
    if (!validNodeName(options.node)) {
        err << "smartfixer-server: --node-name must be 1 to 64 letters, digits, '.', '_' or '-', "
               "not \""
            << options.node << "\"\n";
        return false;
    }
    if (parser.isSet(QStringLiteral("node-lease"))) {
        bool ok = false;
        const qlonglong ms = parser.value(QStringLiteral("node-lease")).toLongLong(&ok);
        if (!ok || ms < 300 || ms > 3'600'000) {
            err << "smartfixer-server: --node-lease must be a whole number from 300 to 3600000, "
                   "not \""
                << parser.value(QStringLiteral("node-lease")) << "\"\n";
            return false;
        }
        options.leaseMs = ms;
    }
    // Commands time out well inside the lease, so a stuck Redis never outlives it unnoticed.
    options.commandTimeoutMs = int(std::clamp<qint64>(options.leaseMs / 3, 200, 2000));
    backends.cluster = std::make_unique<RedisCluster>(options);
    return true;
}

} // namespace SmartFixer
