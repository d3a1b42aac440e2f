// PostgreSQL restarts under a running smartfixer-server (issue 9 item 1). The suite starts its
// own PostgreSQL cluster (tests/support/pg_fixture.sh with a private info file, so stopping it
// disturbs no other suite), the real server binary on port 0, and raw Socket.IO clients. While
// PostgreSQL is down: REST answers 503 with Retry-After, /healthz 503 "degraded" with a reason
// naming the database, a new socket is closed (not refused as unauthorized), connected users
// keep their presence in memory. Once PostgreSQL is back: the same server and the same client
// work again (message, login, connect), and the presence writes buffered during the outage are
// in the database.
#include "pgfixture.h"
#include "sioclient.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <unistd.h>

using namespace SmartFixer;
using namespace SmartFixer::Test;

namespace {

struct HttpResult
{
    int status = 0;
    QJsonObject body;
    QByteArray retryAfter;
};

QString pgBinDir()
{
    QDir lib(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = lib.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    return versions.isEmpty() ? QString()
                              : lib.filePath(versions.constLast() + QStringLiteral("/bin"));
}

} // namespace

class TestDatabaseReconnect : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        initTestEnvironment();
        m_binary = buildDir() + QStringLiteral("/bin/smartfixer-server");
        QVERIFY2(QFileInfo::exists(m_binary), qPrintable(m_binary));
        if (pgBinDir().isEmpty())
            QSKIP("PostgreSQL is not installed (scripts/setup.sh)");
        m_info = m_dir.filePath(QStringLiteral("pg.info"));
        QProcess fixture;
        fixture.setProcessChannelMode(QProcess::ForwardedChannels);
        fixture.start(sourceDir() + QStringLiteral("/tests/support/pg_fixture.sh"),
                      {QStringLiteral("start"), m_info});
        QVERIFY(fixture.waitForFinished(60000));
        QCOMPARE(fixture.exitCode(), 0);
        m_pgStarted = true;
        QFile info(m_info);
        QVERIFY(info.open(QIODevice::ReadOnly));
        for (const QByteArray &line : info.readAll().split('\n')) {
            if (line.startsWith("dir="))
                m_pgDir = QString::fromUtf8(line.mid(4));
            else if (line.startsWith("port="))
                m_pgPort = QString::fromUtf8(line.mid(5));
        }
        QVERIFY(!m_pgDir.isEmpty() && !m_pgPort.isEmpty());
        // createPostgresDatabase() reads the cluster from $SF_PG_FIXTURE: this private one.
        qputenv("SF_PG_FIXTURE", m_info.toLocal8Bit());
        QString error;
        m_db = createPostgresDatabase(&error);
        QVERIFY2(!m_db.isEmpty(), qPrintable(error));

        QCOMPARE(admin({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("alice"),
                        QStringLiteral("bob"), QStringLiteral("carol")}),
                 0);
        QCOMPARE(admin({QStringLiteral("user"), QStringLiteral("passwd"), QStringLiteral("alice"),
                        QStringLiteral("--password-stdin")},
                       "correct horse battery\n"),
                 0);
        for (const char *name : {"alice", "bob", "carol"}) {
            QByteArray out;
            QCOMPARE(
                admin({QStringLiteral("user"), QStringLiteral("token"), QString::fromLatin1(name)},
                      {}, &out),
                0);
            const QList<QByteArray> parts = out.trimmed().split(' ');
            QCOMPARE(parts.size(), 2);
            m_tokens.insert(QString::fromLatin1(name), QString::fromLatin1(parts[1]));
            m_ids.insert(QString::fromLatin1(name),
                         rawScalar(m_db,
                                   QStringLiteral("SELECT id FROM users WHERE username = '%1'")
                                       .arg(QString::fromLatin1(name)))
                             .toLongLong());
        }

        m_server.setProgram(m_binary);
        m_server.setArguments({QStringLiteral("--port"), QStringLiteral("0"),
                               QStringLiteral("--db"), m_db, QStringLiteral("--log-level"),
                               QStringLiteral("warning")});
        m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_server.start();
        QVERIFY(m_server.waitForStarted(5000));
        QTRY_LOOP_IMPL(m_server.canReadLine() || m_server.state() == QProcess::NotRunning, 20000,
                       10);
        const QString line = QString::fromUtf8(m_server.readLine()).trimmed();
        const auto match
            = QRegularExpression(QStringLiteral("^listening on (http://127\\.0\\.0\\.1:(\\d+))$"))
                  .match(line);
        QVERIFY2(match.hasMatch(), qPrintable(line));
        m_url = match.captured(1);
        m_port = quint16(match.captured(2).toUInt());
        // bob watches alice.
        QCOMPARE(request("POST", QStringLiteral("/api/contacts"), QStringLiteral("bob"),
                         QJsonObject{{QStringLiteral("user_id"), id("alice")}})
                     .status,
                 201);
    }

    void outageAndBack()
    {
        SioTestClient alice;
        SioTestClient bob;
        QVERIFY(bob.connectAndWait(m_port, token("bob")));
        QVERIFY(alice.connectAndWait(m_port, token("alice")));
        QTRY_VERIFY(
            !bob.updatesAbout(id("alice")).isEmpty()
            && bob.updatesAbout(id("alice")).last().value(QStringLiteral("is_online")).toBool());
        QCOMPARE(get(QStringLiteral("/healthz")).status, 200);
        // Flushed (at most 1 s behind): alice is online in the database.
        QTRY_COMPARE_WITH_TIMEOUT(
            rawScalar(m_db,
                      QStringLiteral("SELECT is_online FROM users WHERE id = %1").arg(id("alice")))
                .toInt(),
            1, 3000);
        const QString activeBefore
            = rawScalar(
                  m_db,
                  QStringLiteral("SELECT last_active FROM users WHERE id = %1").arg(id("alice")))
                  .toString();

        QVERIFY(pgCtl({QStringLiteral("-m"), QStringLiteral("fast"), QStringLiteral("-w"),
                       QStringLiteral("stop")}));
        // The server notices with its next query (here the health check's own).
        QTRY_COMPARE_WITH_TIMEOUT(get(QStringLiteral("/healthz")).status, 503, 3000);
        const HttpResult health = get(QStringLiteral("/healthz"));
        QCOMPARE(health.body.value(QStringLiteral("status")).toString(),
                 QStringLiteral("degraded"));
        QVERIFY2(health.body.value(QStringLiteral("reason"))
                     .toString()
                     .startsWith(QStringLiteral("database")),
                 qPrintable(health.body.value(QStringLiteral("reason")).toString()));
        // REST: 503 with Retry-After, for a lookup and for a write; never 401 for a good token.
        for (const auto &[verb, path] :
             {std::pair<QByteArray, QString>{"GET", QStringLiteral("/api/me")},
              {"GET", QStringLiteral("/api/contacts")},
              {"POST", QStringLiteral("/api/login")}}) {
            const HttpResult r = request(
                verb, path, QStringLiteral("bob"),
                QJsonObject{{QStringLiteral("username"), QStringLiteral("alice")},
                            {QStringLiteral("password"), QStringLiteral("correct horse battery")}});
            QCOMPARE(r.status, 503);
            QVERIFY(!r.retryAfter.isEmpty());
            QVERIFY(r.retryAfter.toInt() > 0);
        }
        // A new socket is closed, not told "unauthorized" (a client would give up).
        SioTestClient carol;
        carol.open(m_port, token("carol"));
        QVERIFY(carol.waitClosed(5000));
        QVERIFY(!carol.refused);
        QVERIFY(!carol.connected);
        // Chat needs the database: a clear error in the ack, nothing else breaks.
        const QJsonObject failed
            = bob.call(QStringLiteral("send_message"),
                       QJsonObject{{QStringLiteral("to"), id("alice")},
                                   {QStringLiteral("text"), QStringLiteral("while down")}})
                  .toObject();
        QVERIFY2(failed.contains(QStringLiteral("error")),
                 QJsonDocument(failed).toJson().constData());
        // Presence goes on in memory: alice active, then gone; bob sees her leave.
        QVERIFY(alice.call(QStringLiteral("user_activity"), QJsonObject{}).isObject());
        alice.socket.close();
        QTRY_VERIFY_WITH_TIMEOUT(
            !bob.updatesAbout(id("alice")).last().value(QStringLiteral("is_online")).toBool(),
            3000);
        QVERIFY(bob.connected && !bob.closed);

        QElapsedTimer back;
        QVERIFY(pgCtl({QStringLiteral("-o"), pgOptions(), QStringLiteral("-l"),
                       m_pgDir + QStringLiteral("/server.log"), QStringLiteral("-w"),
                       QStringLiteral("start")}));
        back.start();
        QTRY_COMPARE_WITH_TIMEOUT(get(QStringLiteral("/healthz")).status, 200, 5000);
        qInfo("healthy again %lld ms after PostgreSQL was back", back.elapsed());
        // The writes buffered during the outage are in the database now.
        QTRY_COMPARE_WITH_TIMEOUT(
            rawScalar(m_db,
                      QStringLiteral("SELECT is_online FROM users WHERE id = %1").arg(id("alice")))
                .toInt(),
            0, 3000);
        const QString activeAfter
            = rawScalar(
                  m_db,
                  QStringLiteral("SELECT last_active FROM users WHERE id = %1").arg(id("alice")))
                  .toString();
        QVERIFY2(activeAfter > activeBefore,
                 qPrintable(activeBefore + QStringLiteral(" -> ") + activeAfter));

        // The same client, never reconnected, sends a message; the same server logs in.
        const QJsonObject ack
            = bob.call(QStringLiteral("send_message"),
                       QJsonObject{{QStringLiteral("to"), id("alice")},
                                   {QStringLiteral("text"), QStringLiteral("back again")}})
                  .toObject();
        QVERIFY2(ack.contains(QStringLiteral("id")), QJsonDocument(ack).toJson().constData());
        QCOMPARE(rawScalar(m_db, QStringLiteral("SELECT COUNT(*) FROM messages")).toInt(), 1);
        QCOMPARE(get(QStringLiteral("/api/me"), QStringLiteral("bob")).status, 200);
        const HttpResult login = request(
            "POST", QStringLiteral("/api/login"), {},
            QJsonObject{{QStringLiteral("username"), QStringLiteral("alice")},
                        {QStringLiteral("password"), QStringLiteral("correct horse battery")}});
        QCOMPARE(login.status, 200);
        SioTestClient alice2;
        QVERIFY(
            alice2.connectAndWait(m_port, login.body.value(QStringLiteral("token")).toString()));
        QTRY_VERIFY(
            bob.updatesAbout(id("alice")).last().value(QStringLiteral("is_online")).toBool());
        // carol, closed during the outage, gets in with the same token.
        SioTestClient carolAgain;
        QVERIFY(carolAgain.connectAndWait(m_port, token("carol")));
    }

    void cleanupTestCase()
    {
        if (m_server.state() != QProcess::NotRunning) {
            m_server.terminate();
            if (!m_server.waitForFinished(10000))
                m_server.kill();
            QCOMPARE(m_server.exitCode(), 0);
        }
        if (m_pgStarted) {
            QProcess fixture;
            fixture.setProcessChannelMode(QProcess::ForwardedChannels);
            fixture.start(sourceDir() + QStringLiteral("/tests/support/pg_fixture.sh"),
                          {QStringLiteral("stop"), m_info});
            fixture.waitForFinished(60000);
        }
    }

private:
    qint64 id(const char *name) const { return m_ids.value(QString::fromLatin1(name)); }
    QString token(const char *name) const { return m_tokens.value(QString::fromLatin1(name)); }

    //! The same server options pg_fixture.sh starts the cluster with (port, socket folder).
    QString pgOptions() const
    {
        return QStringLiteral("-c listen_addresses=127.0.0.1 -p %1 -k %2 -c max_connections=200"
                              " -c shared_buffers=32MB -c fsync=off -c full_page_writes=off"
                              " -c synchronous_commit=off")
            .arg(m_pgPort, m_pgDir);
    }
    bool pgCtl(const QStringList &args)
    {
        const QString pgctl = pgBinDir() + QStringLiteral("/pg_ctl");
        QStringList all{QStringLiteral("-D"), m_pgDir + QStringLiteral("/data")};
        all += args;
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.setStandardOutputFile(QProcess::nullDevice());
        if (::geteuid() == 0)
            p.start(QStringLiteral("runuser"),
                    QStringList{QStringLiteral("-u"), QStringLiteral("postgres"),
                                QStringLiteral("--"), pgctl}
                        + all);
        else
            p.start(pgctl, all);
        return p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit
            && p.exitCode() == 0;
    }

    int admin(const QStringList &args, const QByteArray &input = {}, QByteArray *output = nullptr)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(m_binary, args + QStringList{QStringLiteral("--db"), m_db});
        if (!input.isEmpty())
            p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(30000))
            return -1;
        if (output)
            *output = p.readAllStandardOutput();
        return p.exitCode();
    }

    HttpResult request(const QByteArray &verb, const QString &path, const QString &user = {},
                       const QJsonObject &body = {})
    {
        QNetworkRequest req(QUrl(m_url + path));
        if (!user.isEmpty())
            req.setRawHeader("Authorization", "Bearer " + m_tokens.value(user).toLatin1());
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = verb == "GET"
            ? m_nam.get(req)
            : m_nam.sendCustomRequest(req, verb, QJsonDocument(body).toJson());
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(10000);
        HttpResult r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = QJsonDocument::fromJson(reply->readAll()).object();
        r.retryAfter = reply->rawHeader("Retry-After");
        reply->deleteLater();
        return r;
    }
    HttpResult get(const QString &path, const QString &user = {})
    {
        return request("GET", path, user);
    }

    QTemporaryDir m_dir;
    QString m_binary;
    QString m_info;
    QString m_pgDir;
    QString m_pgPort;
    bool m_pgStarted = false;
    QString m_db;
    QProcess m_server;
    QString m_url;
    quint16 m_port = 0;
    QHash<QString, QString> m_tokens;
    QHash<QString, qint64> m_ids;
    QNetworkAccessManager m_nam;
};

QTEST_GUILESS_MAIN(TestDatabaseReconnect)
#include "tst_databasereconnect.moc"
