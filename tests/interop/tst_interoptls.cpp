// Interoperability over TLS (DESIGN.md §11): python-socketio 5.7 (Debian) and socket.io-client
// 4.8 (npm) over WSS against the real smartfixer-server binary with a certificate of a
// throw-away CA (each client trusts that CA only); and our client engine against a Node
// socket.io 4.8 server behind Node's https server with the same kind of certificate.
#include "../client/serverprocess.h"
#include "client/clientsession.h"
#include "storage/store.h"
#include "testca.h"
#include "testsupport.h"
#include "tls/clienttls.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace SmartFixer;
using namespace SmartFixer::Test;

class TestInteropTls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        initTestEnvironment();
        QString error;
        QVERIFY2(m_ca.create(&error), qPrintable(error));
        m_cert
            = m_ca.issue(QStringLiteral("server"),
                         {QStringLiteral("DNS:localhost"), QStringLiteral("IP:127.0.0.1")}, &error);
        QVERIFY2(!m_cert.certificate.isEmpty(), qPrintable(error));
        QVERIFY(m_dir.isValid());
        m_binary = buildDir() + QStringLiteral("/bin/smartfixer-server");
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
                               QStringLiteral("--db"), m_db, QStringLiteral("--tls-cert"),
                               m_cert.certificate, QStringLiteral("--tls-key"), m_cert.key});
        m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_server.start();
        QVERIFY(m_server.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(m_server.canReadLine(), 10000);
        const QString line = QString::fromUtf8(m_server.readLine()).trimmed();
        const auto match
            = QRegularExpression(QStringLiteral("^listening on (https://127\\.0\\.0\\.1:(\\d+))$"))
                  .match(line);
        QVERIFY2(match.hasMatch(), qPrintable(line));
        m_url = match.captured(1);

        // alice lists bob as a contact, over HTTPS with the test CA.
        QNetworkAccessManager nam;
        QNetworkRequest request(QUrl(m_url + QStringLiteral("/api/contacts")));
        ClientTlsPolicy policy;
        policy.extraCaCertificates = loadCaFile(m_ca.caCertificate()).value();
        request.setSslConfiguration(clientSslConfiguration(policy));
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

    void pythonSocketIoOverWss()
    {
        QProcess py;
        py.setProcessChannelMode(QProcess::MergedChannels);
        py.start(QStringLiteral("/usr/bin/python3"),
                 {sourceDir() + QStringLiteral("/tests/interop/py_interop.py"),
                  QStringLiteral("--url"), m_url, QStringLiteral("--alice"),
                  m_tokens.value(QStringLiteral("alice")), QStringLiteral("--bob"),
                  m_tokens.value(QStringLiteral("bob")), QStringLiteral("--bob-id"),
                  QString::number(bobId()), QStringLiteral("--ca"), m_ca.caCertificate()});
        QVERIFY2(py.waitForStarted(5000), "cannot start /usr/bin/python3");
        const bool finished = py.waitForFinished(60000);
        const QByteArray output = py.readAll();
        if (!finished || py.exitCode() != 0)
            qWarning().noquote() << "python-socketio said:\n" << output; // whole, not cut
        QVERIFY2(finished, output.constData());
        QVERIFY2(py.exitStatus() == QProcess::NormalExit && py.exitCode() == 0, output.constData());
        QVERIFY2(output.trimmed().endsWith("OK"), output.constData());
    }

    void pythonRefusesUnknownCa()
    {
        // Without --ca the system store does not know the test CA: the client must refuse.
        QProcess py;
        py.setProcessChannelMode(QProcess::MergedChannels);
        py.start(QStringLiteral("/usr/bin/python3"),
                 {sourceDir() + QStringLiteral("/tests/interop/py_interop.py"),
                  QStringLiteral("--url"), m_url, QStringLiteral("--alice"),
                  m_tokens.value(QStringLiteral("alice")), QStringLiteral("--bob"),
                  m_tokens.value(QStringLiteral("bob")), QStringLiteral("--bob-id"),
                  QString::number(bobId()), QStringLiteral("--timeout"), QStringLiteral("3")});
        QVERIFY(py.waitForFinished(60000));
        const QByteArray output = py.readAll();
        QVERIFY2(py.exitCode() != 0, output.constData());
        QVERIFY2(!output.trimmed().endsWith("OK"), output.constData());
    }

    void nodeSocketIoClientOverWss()
    {
        const QString nodeModules = buildDir() + QStringLiteral("/node/node_modules");
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        if (node.isEmpty())
            QSKIP("node is not installed: the socket.io-client interop test is skipped");
        if (!QFileInfo::exists(nodeModules + QStringLiteral("/socket.io-client/package.json")))
            QSKIP("socket.io-client is not installed in <build>/node (npm_packages fixture)");
        QProcess js;
        js.setProcessChannelMode(QProcess::MergedChannels);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("NODE_PATH"), nodeModules);
        js.setProcessEnvironment(env);
        js.start(node,
                 {sourceDir() + QStringLiteral("/tests/interop/node_interop.js"), m_url,
                  m_tokens.value(QStringLiteral("alice")), m_tokens.value(QStringLiteral("bob")),
                  QString::number(bobId()), m_ca.caCertificate()});
        QVERIFY(js.waitForStarted(5000));
        QVERIFY(js.waitForFinished(60000));
        const QByteArray output = js.readAll();
        QVERIFY2(js.exitStatus() == QProcess::NormalExit && js.exitCode() == 0, output.constData());
        QVERIFY2(output.trimmed().endsWith("OK"), output.constData());
    }

    void ourClientAgainstNodeOverTls()
    {
        QString why;
        if (!ServerProcess::interpreterAvailable(ServerProcess::Kind::Node, &why))
            QSKIP(qPrintable(why));
        ServerProcess node;
        QString error;
        QVERIFY2(node.start(ServerProcess::Kind::Node,
                            {QStringLiteral("--tls-cert"), m_cert.certificate,
                             QStringLiteral("--tls-key"), m_cert.key},
                            &error),
                 qPrintable(error));
        QCOMPARE(node.url().scheme(), QStringLiteral("https"));
        ClientOptions o;
        o.serverUrl = node.url();
        o.cachePath = QStringLiteral(":memory:");
        o.followNetworkChanges = false;
        o.reconnect.enabled = false;
        o.tls.extraCaCertificates = loadCaFile(m_ca.caCertificate()).value();
        ClientSession session(o);
        QSignalSpy connected(session.socket(), &SocketIoClient::connected);
        session.signInWithToken(QStringLiteral("alice-token"));
        QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 10000);
        // The snapshot of the Node server's fixed contacts arrives over WSS.
        QTRY_VERIFY_WITH_TIMEOUT(session.presence()->contains(2), 10000);
        session.disconnectFromServer();
        // The same server without the CA: refused, in plain words.
        o.tls = {};
        ClientSession untrusting(o);
        QSignalSpy status(untrusting.socket(), &SocketIoClient::statusChanged);
        untrusting.signInWithToken(QStringLiteral("alice-token"));
        QTRY_VERIFY_WITH_TIMEOUT(untrusting.connectionStatus().message.contains(QStringLiteral(
                                     "is issued by a CA this computer does not trust")),
                                 10000);
        QVERIFY(!untrusting.isConnected());
    }

    void cleanupTestCase()
    {
        if (m_server.state() != QProcess::NotRunning) {
            m_server.terminate();
            if (!m_server.waitForFinished(5000))
                m_server.kill();
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

    TestCa m_ca;
    TestCa::Issued m_cert;
    QTemporaryDir m_dir;
    QString m_binary;
    QString m_db;
    QString m_url;
    QHash<QString, QString> m_tokens;
    QProcess m_server;
};

QTEST_GUILESS_MAIN(TestInteropTls)
#include "tst_interoptls.moc"
