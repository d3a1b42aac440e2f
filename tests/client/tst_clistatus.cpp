// smartfixer-cli status (DESIGN.md §10) against the real smartfixer-server binary: the command
// sets the status through ClientSession::setStatus(), a watcher sees it, bad arguments exit 2.
#include "serverprocess.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace SmartFixer;
using SmartFixer::Test::ServerProcess;

class TestCliStatus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        SmartFixer::Test::initTestEnvironment();
        m_cli = SmartFixer::Test::buildDir() + QStringLiteral("/bin/smartfixer-cli");
        const QString serverBin
            = SmartFixer::Test::buildDir() + QStringLiteral("/bin/smartfixer-server");
        QVERIFY2(QFileInfo::exists(m_cli), qPrintable(m_cli));
        const QString db = m_dir.filePath(QStringLiteral("server.db"));
        QCOMPARE(run(serverBin,
                     {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("alice"),
                      QStringLiteral("bob"), QStringLiteral("--db"), db}),
                 0);
        QProcess tokenCmd;
        tokenCmd.start(serverBin,
                       {QStringLiteral("user"), QStringLiteral("token"), QStringLiteral("alice"),
                        QStringLiteral("bob"), QStringLiteral("--db"), db});
        QVERIFY(tokenCmd.waitForFinished(15000));
        const QList<QByteArray> tokenLines = tokenCmd.readAllStandardOutput().split('\n');
        for (const QByteArray &line : tokenLines) {
            const QList<QByteArray> parts = line.trimmed().split(' ');
            if (parts.size() == 2)
                m_tokens.insert(QString::fromUtf8(parts[0]), QString::fromUtf8(parts[1]));
        }
        QCOMPARE(m_tokens.size(), 2);
        QString error;
        QVERIFY2(m_server.startProgram(
                     serverBin,
                     {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"), db},
                     &error),
                 qPrintable(error));
    }

    void statusReachesAWatcher()
    {
        const QString url = m_server.url().toString();
        QProcess watch; // alice watches bob (id 2)
        watch.start(m_cli,
                    {QStringLiteral("--server"), url, QStringLiteral("--token"),
                     m_tokens.value(QStringLiteral("alice")), QStringLiteral("watch"),
                     QStringLiteral("2")});
        QList<QJsonObject> lines;
        auto readLines = [&] {
            while (watch.canReadLine()) {
                const QJsonDocument doc = QJsonDocument::fromJson(watch.readLine());
                if (doc.isObject())
                    lines.append(doc.object());
            }
        };
        QTRY_VERIFY_WITH_TIMEOUT((readLines(), !lines.isEmpty()), 10000);
        QCOMPARE(lines.first().value(QStringLiteral("availability")).toString(),
                 QStringLiteral("auto"));

        QProcess status;
        status.start(m_cli,
                     {QStringLiteral("--server"), url, QStringLiteral("--token"),
                      m_tokens.value(QStringLiteral("bob")), QStringLiteral("status"),
                      QStringLiteral("dnd"), QStringLiteral("--message"),
                      QStringLiteral("On a call"), QStringLiteral("--for"), QStringLiteral("30")});
        QVERIFY(status.waitForFinished(15000));
        QCOMPARE(status.exitCode(), 0);
        const QJsonObject answer = QJsonDocument::fromJson(status.readAllStandardOutput()).object();
        QCOMPARE(answer.value(QStringLiteral("availability")).toString(), QStringLiteral("dnd"));
        QCOMPARE(answer.value(QStringLiteral("message")).toString(), QStringLiteral("On a call"));
        QVERIFY(answer.value(QStringLiteral("expires_at")).isString());
        auto sawDnd = [&] {
            readLines();
            for (const QJsonObject &o : std::as_const(lines))
                if (o.value(QStringLiteral("availability")).toString() == QLatin1String("dnd")
                    && o.value(QStringLiteral("status_message")).toString()
                        == QLatin1String("On a call"))
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(sawDnd(), 10000);
        watch.terminate();
        QVERIFY(watch.waitForFinished(5000));
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no availability") << QStringList{QStringLiteral("status")};
        QTest::newRow("unknown availability")
            << QStringList{QStringLiteral("status"), QStringLiteral("away")};
        QTest::newRow("message too long")
            << QStringList{QStringLiteral("status"), QStringLiteral("dnd"),
                           QStringLiteral("--message"), QString(101, QLatin1Char('m'))};
        QTest::newRow("control character")
            << QStringList{QStringLiteral("status"), QStringLiteral("dnd"),
                           QStringLiteral("--message"), QStringLiteral("a\x01")};
        QTest::newRow("zero minutes")
            << QStringList{QStringLiteral("status"), QStringLiteral("dnd"), QStringLiteral("--for"),
                           QStringLiteral("0")};
        QTest::newRow("minutes not a number")
            << QStringList{QStringLiteral("status"), QStringLiteral("dnd"), QStringLiteral("--for"),
                           QStringLiteral("soon")};
        QTest::newRow("--message elsewhere") << QStringList{
            QStringLiteral("activity"), QStringLiteral("--message"), QStringLiteral("x")};
    }
    void badArguments()
    {
        QFETCH(QStringList, args);
        QProcess cli;
        cli.start(m_cli,
                  QStringList{QStringLiteral("--server"), m_server.url().toString(),
                              QStringLiteral("--token"), m_tokens.value(QStringLiteral("bob"))}
                      + args);
        QVERIFY(cli.waitForFinished(15000));
        QCOMPARE(cli.exitCode(), 2);
        const QString err = QString::fromUtf8(cli.readAllStandardError()).trimmed();
        QVERIFY(!err.isEmpty());
        QCOMPARE(err.count(QLatin1Char('\n')), 0); // one clear line
    }

private:
    static int run(const QString &program, const QStringList &args)
    {
        QProcess p;
        p.start(program, args);
        if (!p.waitForFinished(15000))
            return -1;
        return p.exitCode();
    }

    QString m_cli;
    QTemporaryDir m_dir;
    QHash<QString, QString> m_tokens;
    ServerProcess m_server;
};

QTEST_GUILESS_MAIN(TestCliStatus)
#include "tst_clistatus.moc"
