#pragma once
// RedisServer: a throw-away redis-server for one test — a unix socket in its own temporary
// folder (no TCP port, no persistence), killed with SIGKILL or stopped on demand, restartable
// on the same socket.
#include <QDir>
#include <QLocalSocket>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace SmartFixer::Test {

class RedisServer
{
public:
    RedisServer() = default;
    ~RedisServer() { kill(); }

    static QString program()
    {
        return QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    }

    QString socketPath() const { return m_dir.filePath(QStringLiteral("redis.sock")); }
    QString url() const { return QStringLiteral("unix:") + socketPath(); }

    //! Starts (or restarts) the server and waits until its socket accepts connections.
    bool start()
    {
        if (program().isEmpty()) {
            qWarning("redis-server is not installed (scripts/setup.sh installs redis-server)");
            return false;
        }
        kill();
        m_process.setProgram(program());
        m_process.setArguments({QStringLiteral("--port"), QStringLiteral("0"),
                                QStringLiteral("--unixsocket"), socketPath(),
                                QStringLiteral("--unixsocketperm"), QStringLiteral("700"),
                                QStringLiteral("--save"), QString(), QStringLiteral("--appendonly"),
                                QStringLiteral("no"), QStringLiteral("--dir"), m_dir.path(),
                                QStringLiteral("--enable-debug-command"), QStringLiteral("local")});
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.setStandardOutputFile(m_dir.filePath(QStringLiteral("redis.log")),
                                        QIODevice::Append);
        m_process.start();
        if (!m_process.waitForStarted(5000))
            return false;
        for (int i = 0; i < 500; ++i) {
            QLocalSocket probe;
            probe.connectToServer(socketPath());
            if (probe.waitForConnected(20))
                return true;
            QTest::qWait(10);
        }
        qWarning("redis-server did not open %s", qPrintable(socketPath()));
        return false;
    }
    //! SIGKILL: gone at once, like a crash.
    void kill()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.kill();
        m_process.waitForFinished(5000);
        QFile::remove(socketPath());
    }
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
};

} // namespace SmartFixer::Test
