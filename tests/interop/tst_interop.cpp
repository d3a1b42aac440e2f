// Interoperability: python-socketio 5.7 (Debian) and socket.io-client 4.8 (npm) against the
// real smartfixer-server binary, started with --port 0 and a temporary database; accounts come
// from "smartfixer-server user add/token". Ends with SIGTERM and checks the clean shutdown.
#include "storage/store.h"
#include "testsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace SmartFixer;

class TestInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        Test::initTestEnvironment();
        QVERIFY(m_dir.isValid());
        m_binary = Test::buildDir() + QStringLiteral("/bin/smartfixer-server");
        QVERIFY2(QFileInfo::exists(m_binary), qPrintable(m_binary));
        m_db = m_dir.filePath(QStringLiteral("interop.db"));

        QCOMPARE(admin({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("alice"),
                        QStringLiteral("bob")}),
                 0);
        QByteArray tokens;
        QCOMPARE(admin({QStringLiteral("user"), QStringLiteral("token"), QStringLiteral("alice"),
                        QStringLiteral("bob")},
                       &tokens),
                 0);
        for (const QByteArray &line : tokens.split('\n')) {
            const QList<QByteArray> parts = line.trimmed().split(' ');
            if (parts.size() == 2)
                m_tokens.insert(QString::fromLatin1(parts[0]), QString::fromLatin1(parts[1]));
        }
        QCOMPARE(m_tokens.size(), 2);

        m_server.setProgram(m_binary);
        m_server.setArguments({QStringLiteral("--port"), QStringLiteral("0"),
                               QStringLiteral("--db"), m_db, QStringLiteral("--ping-interval"),
                               QStringLiteral("1000"), QStringLiteral("--ping-timeout"),
                               QStringLiteral("2000")});
        m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_server.start();
        QVERIFY(m_server.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(m_server.canReadLine(), 10000);
        const QString line = QString::fromUtf8(m_server.readLine()).trimmed();
        const auto match
            = QRegularExpression(QStringLiteral("^listening on (http://127\\.0\\.0\\.1:(\\d+))$"))
                  .match(line);
        QVERIFY2(match.hasMatch(), qPrintable(line));
        m_url = match.captured(1);

        // alice lists bob as a contact (REST, as the load tool does it).
        QNetworkAccessManager nam;
        QNetworkRequest request(QUrl(m_url + QStringLiteral("/api/contacts")));
        request.setRawHeader("Authorization",
                             "Bearer " + m_tokens.value(QStringLiteral("alice")).toLatin1());
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        QNetworkReply *reply = nam.post(
            request, QJsonDocument(QJsonObject{{QStringLiteral("user_id"), bobId()}}).toJson());
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
        reply->deleteLater();
    }

    void pythonSocketIo()
    {
        QProcess py;
        py.setProcessChannelMode(QProcess::MergedChannels);
        py.start(QStringLiteral("/usr/bin/python3"),
                 {Test::sourceDir() + QStringLiteral("/tests/interop/py_interop.py"),
                  QStringLiteral("--url"), m_url, QStringLiteral("--alice"),
                  m_tokens.value(QStringLiteral("alice")), QStringLiteral("--bob"),
                  m_tokens.value(QStringLiteral("bob")), QStringLiteral("--bob-id"),
                  QString::number(bobId())});
        QVERIFY2(py.waitForStarted(5000), "cannot start /usr/bin/python3");
        QVERIFY(py.waitForFinished(60000));
        const QByteArray output = py.readAll();
        if (output.contains("No module named 'socketio'"))
            QFAIL("python3-socketio is missing (apt install python3-socketio python3-websocket)");
        QVERIFY2(py.exitStatus() == QProcess::NormalExit && py.exitCode() == 0, output.constData());
        QVERIFY2(output.trimmed().endsWith("OK"), output.constData());
    }

    // DESIGN.md §10 with python-socketio: the new presence fields and set_status.
    void pythonSocketIoManualStatus()
    {
        QProcess py;
        py.setProcessChannelMode(QProcess::MergedChannels);
        py.start(QStringLiteral("/usr/bin/python3"),
                 {Test::sourceDir() + QStringLiteral("/tests/interop/py_status.py"),
                  QStringLiteral("--url"), m_url, QStringLiteral("--alice"),
                  m_tokens.value(QStringLiteral("alice")), QStringLiteral("--bob"),
                  m_tokens.value(QStringLiteral("bob")), QStringLiteral("--bob-id"),
                  QString::number(bobId())});
        QVERIFY2(py.waitForStarted(5000), "cannot start /usr/bin/python3");
        QVERIFY(py.waitForFinished(60000));
        const QByteArray output = py.readAll();
        QVERIFY2(py.exitStatus() == QProcess::NormalExit && py.exitCode() == 0, output.constData());
        QVERIFY2(output.trimmed().endsWith("OK"), output.constData());
    }

    void nodeSocketIoClient()
    {
        const QString nodeModules = Test::buildDir() + QStringLiteral("/node/node_modules");
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        if (node.isEmpty())
            QSKIP("node is not installed: the socket.io-client interop test is skipped");
        if (!QFileInfo::exists(nodeModules + QStringLiteral("/socket.io-client/package.json")))
            QSKIP("socket.io-client is not installed in <build>/node (the npm_packages fixture "
                  "needs npm and the registry): skipped");
        QProcess js;
        js.setProcessChannelMode(QProcess::MergedChannels);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("NODE_PATH"), nodeModules);
        js.setProcessEnvironment(env);
        js.start(node,
                 {Test::sourceDir() + QStringLiteral("/tests/interop/node_interop.js"), m_url,
                  m_tokens.value(QStringLiteral("alice")), m_tokens.value(QStringLiteral("bob")),
                  QString::number(bobId())});
        QVERIFY(js.waitForStarted(5000));
        QVERIFY(js.waitForFinished(60000));
        const QByteArray output = js.readAll();
        QVERIFY2(js.exitStatus() == QProcess::NormalExit && js.exitCode() == 0, output.constData());
        QVERIFY2(output.trimmed().endsWith("OK"), output.constData());
    }

    void cleanShutdownOnSigterm()
    {
        m_server.terminate(); // SIGTERM
        QVERIFY(m_server.waitForFinished(10000));
        QCOMPARE(m_server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_server.exitCode(), 0);
        // The buffered last_active writes were flushed, and nobody is left online.
        Store store(m_db);
        QString error;
        SF_OPEN(store);
        const auto bob = store.userByName(QStringLiteral("bob"));
        QVERIFY(bob);
        QVERIFY(bob->lastActiveMs.has_value());
        QVERIFY(qAbs(*bob->lastActiveMs - QDateTime::currentMSecsSinceEpoch()) < 120'000);
    }

    void cleanupTestCase()
    {
        if (m_server.state() != QProcess::NotRunning) {
            m_server.kill();
            m_server.waitForFinished(5000);
        }
    }

private:
    int admin(const QStringList &args, QByteArray *out = nullptr)
    {
        QProcess p;
        p.start(m_binary, args + QStringList{QStringLiteral("--db"), m_db});
        if (!p.waitForFinished(30000))
            return -1;
        if (out)
            *out = p.readAllStandardOutput();
        if (p.exitCode() != 0)
            qWarning("%s", p.readAllStandardError().constData());
        return p.exitCode();
    }
    qint64 bobId()
    {
        Store store(m_db);
        store.setResetOnlineOnOpen(false);
        if (!store.open())
            return 0;
        const auto row = store.userByName(QStringLiteral("bob"));
        return row ? row->id : 0;
    }

    QTemporaryDir m_dir;
    QString m_binary;
    QString m_db;
    QString m_url;
    QHash<QString, QString> m_tokens;
    QProcess m_server;
};

QTEST_GUILESS_MAIN(TestInterop)
#include "tst_interop.moc"
