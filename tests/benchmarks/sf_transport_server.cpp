// sf-transport-server: SioServer with the thinnest possible presence logic, as the baseline
// for sf-loadtool. It separates what the transport costs from what the presence hub adds:
// tokens "tokN" authenticate user N; presence_subscribe and connect/last-disconnect fan out
// user_presence_update; user_activity is acked and changes nothing. Loopback only.
#include "core/logging.h"
#include "server/epolldispatcher.h"
#include "server/httpfront.h"
#include "server/sioserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHash>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QTcpServer>
#include <QTextStream>

#include <csignal>
#include <sys/resource.h>

using namespace SmartFixer;

int main(int argc, char **argv)
{
    // The same event dispatcher as smartfixer-server: glib's and Qt's poll() dispatchers cost
    // O(connections) per notifier change or loop pass (0.10 -> 0.94 ms per handshake from
    // 1,000 to 18,000 held connections measured with glib's).
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
#if defined(Q_OS_LINUX)
    EpollEventDispatcher::installForMainThread();
#endif
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption portOpt(QStringLiteral("port"), QStringLiteral("Port (0: any)."),
                                     QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption backlogOpt(QStringLiteral("backlog"),
                                        QStringLiteral("TCP listen backlog (1024)."),
                                        QStringLiteral("N"), QStringLiteral("1024"));
    parser.addOptions({portOpt, backlogOpt});
    parser.process(app);

    rlimit rl{};
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    std::signal(SIGTERM, [](int) { QCoreApplication::quit(); });
    std::signal(SIGINT, [](int) { QCoreApplication::quit(); });

    HttpFront http([](const QHttpServerRequest &) {
        return HttpReply::error(404, QStringLiteral("not found"));
    });
    SioServer sio(TransportLimits{}, [](const QJsonValue &auth, QString *token) {
        const QString t = auth.toObject().value(QStringLiteral("token")).toString();
        bool ok = false;
        const qint64 id = t.startsWith(QLatin1String("tok")) ? t.mid(3).toLongLong(&ok) : 0;
        if (!ok || id <= 0)
            return std::optional<UserId>();
        *token = t;
        return std::optional<UserId>(id);
    });

    QHash<UserId, int> online; // live connections per user
    QHash<UserId, QSet<SioConnection *>> subscribers; // who watches a user
    QHash<SioConnection *, QList<UserId>> watching;
    auto fanOut = [&](UserId user, bool isOnline) {
        const QJsonObject update{{QStringLiteral("user_id"), user},
                                 {QStringLiteral("is_online"), isOnline},
                                 {QStringLiteral("state"),
                                  isOnline ? QStringLiteral("online") : QStringLiteral("active")}};
        const auto subs = subscribers.value(user);
        SioConnection::emitToMany(std::vector<SioConnection *>(subs.cbegin(), subs.cend()),
                                  QStringLiteral("user_presence_update"), update);
    };
    QObject::connect(&sio, &SioServer::clientConnected, &sio, [&](SioConnection *c) {
        // Like the presence server (and node_bench_server.js): a snapshot after every connect.
        c->emitEvent(QStringLiteral("presence_snapshot"),
                     QJsonObject{{QStringLiteral("users"), QJsonArray()}});
        if (online[c->userId()]++ == 0)
            fanOut(c->userId(), true);
    });
    QObject::connect(&sio, &SioServer::clientDisconnected, &sio, [&](SioConnection *c) {
        const QList<UserId> watched = watching.take(c);
        for (UserId u : watched)
            subscribers[u].remove(c);
        if (--online[c->userId()] == 0) {
            online.remove(c->userId());
            fanOut(c->userId(), false);
        }
    });
    QObject::connect(
        &sio, &SioServer::eventReceived, &sio,
        [&](SioConnection *c, const QString &name, const QJsonValue &payload,
            std::optional<qint64> ackId) {
            if (name == QLatin1String("presence_subscribe")) {
                const QJsonArray ids
                    = payload.toObject().value(QStringLiteral("user_ids")).toArray();
                for (const QJsonValue &v : ids) {
                    const UserId u = v.toInteger();
                    subscribers[u].insert(c);
                    watching[c].append(u);
                }
                if (ackId)
                    c->sendAck(*ackId, QJsonObject{{QStringLiteral("users"), QJsonArray()}});
            } else if (ackId) {
                c->sendAck(*ackId, QJsonObject());
            }
        });

    auto *tcp = new HttpListener(
        HttpFrontLimits{.maxRequestBytes = 64 * 1024, .idleTimeoutMs = 30000, .hostPolicy = {}},
        &http);
    tcp->setListenBacklogSize(parser.value(backlogOpt).toInt());
    if (!tcp->listen(QHostAddress::LocalHost,
                     static_cast<quint16>(parser.value(portOpt).toUInt()))) {
        QTextStream(stderr) << "cannot listen: " << tcp->errorString() << "\n";
        return 1;
    }
    http.bind(tcp);
    sio.attach(&http); // after bind: SioServer taps the HttpListener for upgrades
    QTextStream(stdout) << "listening on http://127.0.0.1:" << tcp->serverPort() << Qt::endl;
    return app.exec();
}
