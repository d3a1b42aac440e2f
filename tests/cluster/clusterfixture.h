#pragma once
// The cluster test fixture shared by the suites that run real smartfixer-server nodes (DESIGN.md
// §9): a redis-server of its own, a PostgreSQL database from the ctest fixture, accounts with
// tokens, nodes started on port 0, line-printing watcher processes (python-socketio,
// smartfixer-cli watch), REST calls and Redis queries. A test class derives from QObject and
// ClusterFixture and calls setUpCluster() in initTestCase().
#include "cluster/redisconnection.h"
#include "pgfixture.h"
#include "redisserver.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>
#include <memory>

namespace SmartFixer::Test {

constexpr int LeaseMs = 1000;

//! One smartfixer-server process of the cluster.
struct Node
{
    QString name;
    QProcess process;
    QString url; // http://127.0.0.1:PORT
    quint16 port = 0;
};

struct HttpResult
{
    int status = 0;
    QJsonDocument body;
};

//! A line-oriented client process (python-socketio's watcher, smartfixer-cli watch): every
//! JSON line it printed, parsed.
struct Watcher
{
    QProcess process;
    QList<QJsonObject> lines;
    void poll()
    {
        while (process.canReadLine()) {
            const QJsonDocument doc = QJsonDocument::fromJson(process.readLine());
            if (doc.isObject())
                lines.append(doc.object());
        }
    }
    //! python's watcher prints {"event","data"}; smartfixer-cli prints the presence object.
    QList<QJsonObject> updatesAbout(qint64 user, bool python)
    {
        poll();
        QList<QJsonObject> out;
        for (const QJsonObject &line : std::as_const(lines)) {
            if (python) {
                if (line.value(QStringLiteral("event")) == QLatin1String("user_presence_update")
                    && line.value(QStringLiteral("data"))
                            .toObject()
                            .value(QStringLiteral("user_id"))
                            .toInteger()
                        == user)
                    out.append(line.value(QStringLiteral("data")).toObject());
            } else if (line.value(QStringLiteral("user_id")).toInteger() == user) {
                out.append(line);
            }
        }
        return out;
    }
};

bool isOnline(const QJsonObject &presence)
{
    return presence.value(QStringLiteral("is_online")).toBool();
}

class ClusterFixture
{
public:
    //! Starts redis-server, creates the database with \a users (each with a fresh token) and
    //! starts \a nodes nodes named na, nb, …; false (with a warning) on any failure.
    bool setUpCluster(const QStringList &users, int nodes = 3)
    {
        m_binary = buildDir() + QStringLiteral("/bin/smartfixer-server");
        m_cli = buildDir() + QStringLiteral("/bin/smartfixer-cli");
        if (!QFileInfo::exists(m_binary) || !m_redis.start())
            return false;
        QString error;
        m_db = createPostgresDatabase(&error);
        if (m_db.isEmpty()) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        if (admin(QStringList{QStringLiteral("user"), QStringLiteral("add")} + users) != 0)
            return false;
        for (const QString &name : users) {
            if (freshToken(name).isEmpty())
                return false;
            m_ids.insert(name,
                         rawScalar(m_db,
                                   QStringLiteral("SELECT id FROM users WHERE "
                                                  "username = '%1'")
                                       .arg(name))
                             .toLongLong());
        }
        for (int i = 0; i < nodes; ++i) {
            m_nodes.append(std::make_shared<Node>());
            m_nodes.last()->name = QStringLiteral("n") + QChar(u'a' + i);
            if (!startNode(*m_nodes.last()))
                return false;
        }
        return true;
    }
    void killNodes()
    {
        for (const auto &node : std::as_const(m_nodes)) {
            node->process.kill();
            node->process.waitForFinished(5000);
        }
    }

    qint64 id(const char *name) const { return m_ids.value(QString::fromLatin1(name)); }
    QString token(const char *name) const { return m_tokens.value(QString::fromLatin1(name)); }

    int admin(const QStringList &args, QByteArray *output = nullptr)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(m_binary, args + QStringList{QStringLiteral("--db"), m_db});
        if (!p.waitForFinished(30000))
            return -1;
        if (output)
            *output = p.readAllStandardOutput();
        return p.exitCode();
    }
    QString freshToken(const QString &name)
    {
        QByteArray out;
        if (admin({QStringLiteral("user"), QStringLiteral("token"), name}, &out) != 0)
            return {};
        const QList<QByteArray> parts = out.trimmed().split(' ');
        if (parts.size() != 2)
            return {};
        m_tokens.insert(name, QString::fromLatin1(parts[1]));
        return m_tokens.value(name);
    }

    //! \a extra: more options for this node (later ones win over the defaults above).
    bool startNode(Node &node, int leaseMs = LeaseMs, const QStringList &extra = {})
    {
        node.process.setProgram(m_binary);
        node.process.setArguments(
            QStringList{QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"), m_db,
                        QStringLiteral("--redis"), m_redis.url(), QStringLiteral("--node-name"),
                        node.name, QStringLiteral("--node-lease"), QString::number(leaseMs),
                        QStringLiteral("--active-window"), QStringLiteral("3"),
                        QStringLiteral("--ping-interval"), QStringLiteral("1000"),
                        QStringLiteral("--ping-timeout"), QStringLiteral("2000"),
                        QStringLiteral("--log-level"), QStringLiteral("warning")}
            + m_nodeArgs + extra);
        node.process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        node.process.start();
        if (!node.process.waitForStarted(5000))
            return false;
        QTRY_LOOP_IMPL(node.process.canReadLine() || node.process.state() == QProcess::NotRunning,
                       15000, 10);
        const QString line = QString::fromUtf8(node.process.readLine()).trimmed();
        const auto match
            = QRegularExpression(QStringLiteral("^listening on (http://127\\.0\\.0\\.1:(\\d+))$"))
                  .match(line);
        if (!match.hasMatch()) {
            qWarning("node %s: %s", qPrintable(node.name), qPrintable(line));
            return false;
        }
        node.url = match.captured(1);
        node.port = quint16(match.captured(2).toUInt());
        return true;
    }

    void startPython(Watcher &w, const Node &node, const QString &user)
    {
        w.process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        w.process.start(QStringLiteral("/usr/bin/python3"),
                        {sourceDir() + QStringLiteral("/tests/interop/watch_presence.py"),
                         QStringLiteral("--url"), node.url, QStringLiteral("--token"),
                         m_tokens.value(user)});
        QVERIFY(w.process.waitForStarted(5000));
    }
    void startCli(Watcher &w, const Node &node, const QString &user)
    {
        w.process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        w.process.start(m_cli,
                        {QStringLiteral("--server"), node.url, QStringLiteral("--token"),
                         m_tokens.value(user), QStringLiteral("watch")});
        QVERIFY(w.process.waitForStarted(5000));
    }

    HttpResult request(const Node &node, const QByteArray &verb, const QString &path,
                       const QString &user = {}, const QJsonObject &body = {})
    {
        QNetworkRequest req(QUrl(node.url + path));
        if (!user.isEmpty())
            req.setRawHeader("Authorization", "Bearer " + m_tokens.value(user).toLatin1());
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = verb == "GET"
            ? m_nam.get(req)
            : m_nam.sendCustomRequest(req, verb, QJsonDocument(body).toJson());
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(5000);
        HttpResult r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = QJsonDocument::fromJson(reply->readAll());
        reply->deleteLater();
        return r;
    }
    HttpResult get(const Node &node, const QString &path, const QString &user = {})
    {
        return request(node, "GET", path, user);
    }

    std::optional<RedisReply> redis(const QList<QByteArray> &args)
    {
        RedisConnection c(parseRedisUrl(m_redis.url()).value());
        c.open();
        std::optional<Result<RedisReply>> r;
        c.command(args, [&r](const Result<RedisReply> &reply) { r = reply; });
        QTRY_LOOP_IMPL(r.has_value(), 3000, 5);
        if (!r || !r->ok())
            return std::nullopt;
        return r->value();
    }
    qint64 redisInt(const QList<QByteArray> &args)
    {
        const auto r = redis(args);
        return r ? r->toInteger(-1) : -1;
    }
    QList<QByteArray> redisMembers(const QByteArray &key)
    {
        QList<QByteArray> out;
        if (const auto r = redis({"SMEMBERS", key})) {
            for (const RedisReply &e : r->elements)
                out.append(e.string);
        }
        return out;
    }
    QList<QByteArray> redisKeys(const QByteArray &pattern)
    {
        QList<QByteArray> out;
        if (const auto r = redis({"KEYS", pattern})) {
            for (const RedisReply &e : r->elements)
                out.append(e.string);
        }
        return out;
    }

    QString m_binary;
    QString m_cli;
    QString m_db;
    RedisServer m_redis;
    QHash<QString, QString> m_tokens;
    QHash<QString, qint64> m_ids;
    QList<std::shared_ptr<Node>> m_nodes;
    QNetworkAccessManager m_nam;
    QStringList m_nodeArgs; //!< more options for every node (a later one wins)
};

} // namespace SmartFixer::Test
