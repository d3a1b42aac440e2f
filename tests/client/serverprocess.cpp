#include "serverprocess.h"

#include "testsupport.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <csignal>

namespace SmartFixer::Test {

ServerProcess::~ServerProcess()
{
    resume();
    stop();
}

bool ServerProcess::interpreterAvailable(Kind kind, QString *why)
{
    if (kind == Kind::Node && QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty()) {
        *why = QStringLiteral("node is not installed (scripts/setup.sh installs nodejs)");
        return false;
    }
    if (kind == Kind::Python && !QFileInfo::exists(QStringLiteral("/usr/bin/python3"))) {
        *why = QStringLiteral("/usr/bin/python3 is not installed (scripts/setup.sh)");
        return false;
    }
    return true;
}

bool ServerProcess::start(Kind kind, const QStringList &extraArgs, QString *error)
{
    const QString servers = sourceDir() + QStringLiteral("/tests/client/servers/");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (kind == Kind::Node) {
        const QString modules = buildDir() + QStringLiteral("/node/node_modules");
        if (!QFileInfo::exists(modules + QStringLiteral("/socket.io"))) {
            *error = QStringLiteral("socket.io is not installed in %1 (run the npm_packages "
                                    "ctest fixture)")
                         .arg(modules);
            return false;
        }
        env.insert(QStringLiteral("NODE_PATH"), modules);
        return startProgram(QStringLiteral("node"),
                            QStringList{servers + QStringLiteral("node_presence_server.js")}
                                + extraArgs,
                            error, env);
    }
    return startProgram(
        QStringLiteral("/usr/bin/python3"),
        QStringList{servers + QStringLiteral("python_presence_server.py")} + extraArgs, error, env);
}

bool ServerProcess::startProgram(const QString &program, const QStringList &args, QString *error,
                                 const QProcessEnvironment &env)
{
    m_process.setProcessEnvironment(env);
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.start(program, args);
    if (!m_process.waitForStarted(10000)) {
        *error = program + QStringLiteral(": ") + m_process.errorString();
        return false;
    }
    static const QRegularExpression re(QStringLiteral("listening on (https?://\\S+)"));
    const QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired()) {
        if (!m_process.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())))) {
            if (m_process.state() != QProcess::Running)
                break;
            continue;
        }
        m_output += QString::fromUtf8(m_process.readAllStandardOutput());
        const auto match = re.match(m_output);
        if (match.hasMatch()) {
            m_url = QUrl(match.captured(1));
            return true;
        }
    }
    *error = QStringLiteral("%1 did not print 'listening on': %2 %3")
                 .arg(program, m_output, QString::fromUtf8(m_process.readAllStandardError()));
    return false;
}

void ServerProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

void ServerProcess::pause()
{
    if (m_process.state() == QProcess::Running)
        ::kill(pid_t(m_process.processId()), SIGSTOP);
}

void ServerProcess::resume()
{
    if (m_process.state() == QProcess::Running)
        ::kill(pid_t(m_process.processId()), SIGCONT);
}

} // namespace SmartFixer::Test
