// smartfixer-cli as a script would use it, against a Socket.IO server started by the test.
#include "serverprocess.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace SmartFixer;
using SmartFixer::Test::ServerProcess;

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        SmartFixer::Test::initTestEnvironment();
        m_cli = SmartFixer::Test::buildDir() + QStringLiteral("/bin/smartfixer-cli");
        QVERIFY2(QFileInfo::exists(m_cli), qPrintable(m_cli));
        QString error;
        if (!ServerProcess::interpreterAvailable(ServerProcess::Kind::Node, &error))
            QSKIP(qPrintable(error));
        QVERIFY2(m_server.start(ServerProcess::Kind::Node, {}, &error), qPrintable(error));
    }

    void watchPrintsJsonLines()
    {
        QProcess watch;
        watch.start(m_cli,
                    {QStringLiteral("--server"), m_server.url().toString(),
                     QStringLiteral("--token"), QStringLiteral("alice-token"),
                     QStringLiteral("watch")});
        QVERIFY(watch.waitForStarted());
        // The snapshot: bob and carol, one JSON object a line, as soon as they arrive.
        QList<QJsonObject> lines;
        auto readLines = [&] {
            while (watch.canReadLine()) {
                const QByteArray line = watch.readLine();
                QJsonParseError e{};
                const QJsonDocument doc = QJsonDocument::fromJson(line, &e);
                QVERIFY2(doc.isObject(), line.constData());
                lines.append(doc.object());
            }
        };
        QTRY_VERIFY_WITH_TIMEOUT((readLines(), lines.size() >= 2), 10000);
        QCOMPARE(lines.at(0).value(QStringLiteral("user_id")).toInt(), 2);
        QCOMPARE(lines.at(1).value(QStringLiteral("user_id")).toInt(), 3);
        QVERIFY(lines.at(0).contains(QStringLiteral("is_online")));
        QVERIFY(lines.at(0).contains(QStringLiteral("status")));

        // A live update: carol signs in (activity), watch prints her online.
        QProcess carol;
        carol.start(m_cli,
                    {QStringLiteral("--server"), m_server.url().toString(),
                     QStringLiteral("--token"), QStringLiteral("carol-token"),
                     QStringLiteral("activity")});
        QVERIFY(carol.waitForFinished(15000));
        QCOMPARE(carol.exitCode(), 0);
        auto sawCarolOnline = [&] {
            readLines();
            for (const QJsonObject &o : std::as_const(lines))
                if (o.value(QStringLiteral("user_id")).toInt() == 3
                    && o.value(QStringLiteral("is_online")).toBool())
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(sawCarolOnline(), 10000);
        watch.terminate();
        QVERIFY(watch.waitForFinished(5000));
    }

    void sendPrintsAck()
    {
        QProcess send;
        send.start(m_cli,
                   {QStringLiteral("--server"), m_server.url().toString(),
                    QStringLiteral("--token"), QStringLiteral("alice-token"),
                    QStringLiteral("send"), QStringLiteral("2"), QStringLiteral("hi bob")});
        QVERIFY(send.waitForFinished(15000));
        QCOMPARE(send.exitCode(), 0);
        const QJsonObject ack = QJsonDocument::fromJson(send.readAllStandardOutput()).object();
        QVERIFY(ack.value(QStringLiteral("id")).toInt() > 0);
        QVERIFY(ack.contains(QStringLiteral("sent_at")));
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stderrContains");
        const QString url = m_server.url().toString();
        QTest::newRow("bad token")
            << QStringList{QStringLiteral("--server"), url, QStringLiteral("--token"),
                           QStringLiteral("nope"), QStringLiteral("activity")}
            << 4 << QStringLiteral("unauthorized");
        QTest::newRow("unreachable")
            << QStringList{QStringLiteral("--server"), QStringLiteral("http://127.0.0.1:1"),
                           QStringLiteral("--token"), QStringLiteral("alice-token"),
                           QStringLiteral("activity")}
            << 3 << QStringLiteral("cannot reach the server");
        QTest::newRow("no command") << QStringList{QStringLiteral("--server"), url,
                                                   QStringLiteral("--token"), QStringLiteral("x")}
                                    << 2 << QStringLiteral("no command");
        QTest::newRow("bad user id")
            << QStringList{QStringLiteral("--server"), url,
                           QStringLiteral("--token"),  QStringLiteral("x"),
                           QStringLiteral("send"),     QStringLiteral("abc"),
                           QStringLiteral("t")}
            << 2 << QStringLiteral("not a user id");
        QTest::newRow("refused message")
            << QStringList{QStringLiteral("--server"), url,
                           QStringLiteral("--token"),  QStringLiteral("alice-token"),
                           QStringLiteral("send"),     QStringLiteral("1"),
                           QStringLiteral("me")}
            << 5 << QStringLiteral("message refused");
    }
    void errors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, stderrContains);
        QProcess cli;
        cli.start(m_cli, args);
        QVERIFY(cli.waitForFinished(15000));
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QCOMPARE(cli.exitCode(), exitCode);
        const QString err = QString::fromUtf8(cli.readAllStandardError()).trimmed();
        QVERIFY2(err.contains(stderrContains), qPrintable(err));
        QCOMPARE(err.count(QLatin1Char('\n')), 0); // one clear line
    }

    void againstOurServerBinary()
    {
        // smartfixer-server as a user runs it: accounts from the command line, port 0.
        const QString serverBin
            = SmartFixer::Test::buildDir() + QStringLiteral("/bin/smartfixer-server");
        QVERIFY2(QFileInfo::exists(serverBin), qPrintable(serverBin));
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("server.db"));
        QProcess add;
        add.start(serverBin,
                  {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("alice"),
                   QStringLiteral("bob"), QStringLiteral("--db"), db});
        QVERIFY(add.waitForFinished(15000));
        QCOMPARE(add.exitCode(), 0);
        QProcess tokenCmd;
        tokenCmd.start(serverBin,
                       {QStringLiteral("user"), QStringLiteral("token"), QStringLiteral("alice"),
                        QStringLiteral("bob"), QStringLiteral("--db"), db});
        QVERIFY(tokenCmd.waitForFinished(15000));
        QHash<QString, QString> tokens;
        const QList<QByteArray> tokenLines = tokenCmd.readAllStandardOutput().split('\n');
        for (const QByteArray &line : tokenLines) {
            const QList<QByteArray> parts = line.trimmed().split(' ');
            if (parts.size() == 2)
                tokens.insert(QString::fromUtf8(parts[0]), QString::fromUtf8(parts[1]));
        }
        QCOMPARE(tokens.size(), 2);

        ServerProcess server;
        QString error;
        QVERIFY2(server.startProgram(
                     serverBin,
                     {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"), db},
                     &error),
                 qPrintable(error));
        const QString url = server.url().toString();

        QProcess watch; // alice watches bob (id 2: the second account)
        watch.start(m_cli,
                    {QStringLiteral("--server"), url, QStringLiteral("--token"),
                     tokens.value(QStringLiteral("alice")), QStringLiteral("watch"),
                     QStringLiteral("2")});
        QList<QJsonObject> lines;
        auto readLines = [&] {
            while (watch.canReadLine()) {
                const QJsonDocument doc = QJsonDocument::fromJson(watch.readLine());
                if (doc.isObject())
                    lines.append(doc.object());
            }
        };
        // The subscribe ack: bob, never seen.
        QTRY_VERIFY_WITH_TIMEOUT((readLines(), !lines.isEmpty()), 10000);
        QCOMPARE(lines.first().value(QStringLiteral("user_id")).toInt(), 2);
        QCOMPARE(lines.first().value(QStringLiteral("state")).toString(),
                 QStringLiteral("last_seen"));

        QProcess bob;
        bob.start(m_cli,
                  {QStringLiteral("--server"), url, QStringLiteral("--token"),
                   tokens.value(QStringLiteral("bob")), QStringLiteral("activity")});
        QVERIFY(bob.waitForFinished(15000));
        QCOMPARE(bob.exitCode(), 0);
        auto sawBobOnline = [&] {
            readLines();
            for (const QJsonObject &o : std::as_const(lines))
                if (o.value(QStringLiteral("user_id")).toInt() == 2
                    && o.value(QStringLiteral("state")).toString() == QLatin1String("online"))
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(sawBobOnline(), 10000);
        watch.terminate();
        QVERIFY(watch.waitForFinished(5000));

        // Wrong password against the real REST login: exit 4, one line on stderr.
        QProcess login;
        login.start(m_cli,
                    {QStringLiteral("--server"), url, QStringLiteral("--user"),
                     QStringLiteral("alice"), QStringLiteral("--password-stdin"),
                     QStringLiteral("activity")});
        login.write("wrong\n");
        login.closeWriteChannel();
        QVERIFY(login.waitForFinished(15000));
        QCOMPARE(login.exitCode(), 4);
        QVERIFY(QString::fromUtf8(login.readAllStandardError())
                    .startsWith(QStringLiteral("smartfixer-cli: sign-in refused: 401")));
    }

private:
    QString m_cli;
    ServerProcess m_server;
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
