// Tokens revoked by another process end live connections (issue 14): smartfixer-server as a
// user runs it (the real binary, 127.0.0.1 port 0, --token-recheck 300 ms), with our client
// and a python-socketio client connected; then "user token --revoke-others", "user remove" and
// "user passwd" run as separate processes on the same database. Each revoked connection is
// closed and cannot come back; a connection whose token stays valid is left alone.
#include "client/clientsession.h"
#include "serverprocess.h"
#include "testsupport.h"

#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace SmartFixer;
using SmartFixer::Test::ServerProcess;

class TestRevokeLive : public QObject
{
    Q_OBJECT
private:
    QString m_bin;
    QTemporaryDir m_dir;
    QString m_db;

    struct Ran
    {
        int code = -1;
        QString out;
        QString err;
    };
    Ran admin(const QStringList &args, const QByteArray &stdinData = {}) const
    {
        QProcess p;
        p.start(m_bin, args + QStringList{QStringLiteral("--db"), m_db});
        if (!stdinData.isEmpty())
            p.write(stdinData);
        p.closeWriteChannel();
        Ran r;
        if (!p.waitForFinished(20000))
            return r;
        r.code = p.exitCode();
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }
    //! "NAME TOKEN" lines of user token.
    static QHash<QString, QString> tokensOf(const QString &out)
    {
        QHash<QString, QString> tokens;
        const QStringList lines = out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (const QString &line : lines) {
            const QStringList parts = line.trimmed().split(QLatin1Char(' '));
            if (parts.size() == 2)
                tokens.insert(parts.at(0), parts.at(1));
        }
        return tokens;
    }
    std::unique_ptr<ClientSession> client(const QUrl &url, const QString &token) const
    {
        ClientOptions o;
        o.serverUrl = url;
        o.cachePath = QStringLiteral(":memory:");
        o.followNetworkChanges = false;
        o.reconnect.initialDelayMs = 100; // come back fast, to be refused fast
        auto session = std::make_unique<ClientSession>(o);
        session->signInWithToken(token);
        return session;
    }

private Q_SLOTS:
    void initTestCase()
    {
        Test::initTestEnvironment();
        m_bin = Test::buildDir() + QStringLiteral("/bin/smartfixer-server");
        QVERIFY2(QFileInfo::exists(m_bin), qPrintable(m_bin));
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("server.db"));
    }

    void revokedElsewhereMeansDisconnectedHere()
    {
        const Ran added
            = admin({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("alice"),
                     QStringLiteral("bob"), QStringLiteral("carol"), QStringLiteral("dave")});
        QVERIFY2(added.code == 0, qPrintable(added.err));
        const Ran issued
            = admin({QStringLiteral("user"), QStringLiteral("token"), QStringLiteral("alice"),
                     QStringLiteral("bob"), QStringLiteral("carol"), QStringLiteral("dave")});
        QVERIFY2(issued.code == 0, qPrintable(issued.err));
        const QHash<QString, QString> tokens = tokensOf(issued.out);
        QCOMPARE(tokens.size(), 4);

        ServerProcess server;
        QString error;
        QVERIFY2(server.startProgram(m_bin,
                                     {QStringLiteral("--port"), QStringLiteral("0"),
                                      QStringLiteral("--db"), m_db,
                                      QStringLiteral("--token-recheck"), QStringLiteral("300")},
                                     &error),
                 qPrintable(error));

        auto alice = client(server.url(), tokens.value(QStringLiteral("alice")));
        auto carol = client(server.url(), tokens.value(QStringLiteral("carol")));
        auto dave = client(server.url(), tokens.value(QStringLiteral("dave")));
        // bob is a python-socketio client (it reconnects by itself, as such clients do).
        QProcess bob;
        bob.start(QStringLiteral("/usr/bin/python3"),
                  {Test::sourceDir() + QStringLiteral("/tests/client/revoked_client.py"),
                   QStringLiteral("--url"), server.url().toString(), QStringLiteral("--token"),
                   tokens.value(QStringLiteral("bob"))});
        QString bobOut;
        QString bobErr;
        auto readBob = [&] {
            bobOut += QString::fromUtf8(bob.readAllStandardOutput());
            bobErr += QString::fromUtf8(bob.readAllStandardError());
        };
        for (ClientSession *c : {alice.get(), carol.get(), dave.get()})
            QTRY_VERIFY_WITH_TIMEOUT(c->isConnected(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT((readBob(), bobOut.contains(QLatin1String("connected\n"))), 15000);

        // 1. user token alice --revoke-others: alice's connection ends; the fresh token works.
        const Ran fresh = admin({QStringLiteral("user"), QStringLiteral("token"),
                                 QStringLiteral("alice"), QStringLiteral("--revoke-others")});
        QVERIFY2(fresh.code == 0, qPrintable(fresh.err));
        const QString aliceNew = tokensOf(fresh.out).value(QStringLiteral("alice"));
        QVERIFY(!aliceNew.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(alice->connectionStatus().state, ConnectionStatus::Unauthorized,
                                  10000);
        auto aliceAgain = client(server.url(), aliceNew);
        QTRY_VERIFY_WITH_TIMEOUT(aliceAgain->isConnected(), 10000);

        // 2. user remove bob: the python-socketio client is dropped and refused from then on.
        const Ran removed
            = admin({QStringLiteral("user"), QStringLiteral("remove"), QStringLiteral("bob")});
        QVERIFY2(removed.code == 0, qPrintable(removed.err));
        QTRY_VERIFY_WITH_TIMEOUT((readBob(), bobOut.contains(QLatin1String("refused: "))), 15000);
        QVERIFY2(bobOut.contains(QLatin1String("disconnected\n")), qPrintable(bobOut + bobErr));
        QVERIFY2(bobOut.contains(QLatin1String("unauthorized")), qPrintable(bobOut + bobErr));
        // It may have ended while the loop above ran (waitForFinished() is false then).
        QVERIFY(bob.state() == QProcess::NotRunning || bob.waitForFinished(10000));
        QCOMPARE(bob.exitStatus(), QProcess::NormalExit);

        // 3. user passwd carol: a reset signs carol out everywhere.
        const Ran passwd = admin({QStringLiteral("user"), QStringLiteral("passwd"),
                                  QStringLiteral("carol"), QStringLiteral("--password-stdin")},
                                 "a new password 9\n");
        QVERIFY2(passwd.code == 0, qPrintable(passwd.err));
        QVERIFY2(passwd.out.contains(QLatin1String("1 access token(s) revoked")),
                 qPrintable(passwd.out));
        QTRY_COMPARE_WITH_TIMEOUT(carol->connectionStatus().state, ConnectionStatus::Unauthorized,
                                  10000);

        // dave's token was never touched: dave stayed connected through all of it.
        QVERIFY(dave->isConnected());
        QVERIFY(aliceAgain->isConnected());
        server.stop();
    }
};

QTEST_GUILESS_MAIN(TestRevokeLive)
#include "tst_revokelive.moc"
