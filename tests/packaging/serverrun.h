#pragma once
// ServerRun: runs a smartfixer-server binary as a child process the way a service manager does
// (arguments, environment, stderr to a file), waits for its "listening on" line, stops it with
// SIGTERM and reports the exit code and every stderr line. Also small blocking HTTP and
// Engine.IO helpers that wait on signals (QSignalSpy), never on fixed sleeps.
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QUrl>
#include <QWebSocket>

#include <csignal>

namespace SmartFixer::Test {

class ServerRun
{
public:
    explicit ServerRun(QString program) : m_program(std::move(program)) { }
    ~ServerRun()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    //! When set, the child's stderr goes to this file (so a test knows its device and inode).
    void setStderrFile(const QString &path) { m_stderrFile = path; }
    void setEnvironment(const QProcessEnvironment &env) { m_process.setProcessEnvironment(env); }
    void setWorkingDirectory(const QString &dir) { m_process.setWorkingDirectory(dir); }

    //! Starts and waits up to 20 s for "listening on URL"; false when the process ended first.
    bool start(const QStringList &args)
    {
        if (!m_stderrFile.isEmpty())
            m_process.setStandardErrorFile(m_stderrFile, QIODevice::Truncate);
        m_process.start(m_program, args);
        if (!m_process.waitForStarted(10000))
            return false;
        static const QRegularExpression re(QStringLiteral("listening on (https?://\\S+)"));
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 20000) {
            const auto match = re.match(QString::fromUtf8(m_stdout));
            if (match.hasMatch()) {
                m_url = QUrl(match.captured(1));
                return true;
            }
            if (m_process.state() == QProcess::NotRunning)
                break;
            m_process.waitForReadyRead(200); // returns as soon as output arrives
            m_stdout += m_process.readAllStandardOutput();
        }
        m_process.waitForFinished(5000);
        return false;
    }

    //! The exit code of run() when the server started listening instead of exiting.
    static constexpr int kListening = 1000;

    //! Runs until it exits (for runs that must fail fast) and returns the exit code; when it
    //! prints "listening on" instead, stops it with SIGTERM and returns kListening; -1 on a
    //! crash or a timeout.
    int run(const QStringList &args, int timeoutMs = 20000)
    {
        if (!m_stderrFile.isEmpty())
            m_process.setStandardErrorFile(m_stderrFile, QIODevice::Truncate);
        m_process.start(m_program, args);
        QElapsedTimer t;
        t.start();
        while (m_process.state() != QProcess::NotRunning && t.elapsed() < timeoutMs) {
            m_process.waitForReadyRead(200); // returns as soon as output arrives or it ends
            m_stdout += m_process.readAllStandardOutput();
            if (m_stdout.contains("listening on ")) {
                terminate();
                return kListening;
            }
        }
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
            return -1;
        }
        m_stdout += m_process.readAllStandardOutput();
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }

    //! SIGTERM and wait; the exit code (-1 for a crash or a timeout).
    int terminate()
    {
        if (m_process.state() == QProcess::NotRunning)
            return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
        ::kill(pid_t(m_process.processId()), SIGTERM);
        if (!m_process.waitForFinished(15000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
            return -1;
        }
        m_stdout += m_process.readAllStandardOutput();
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }

    QUrl url() const { return m_url; }
    qint64 pid() const { return m_process.processId(); }
    QString standardOutput() const { return QString::fromUtf8(m_stdout); }
    //! Everything written to stderr so far (from the file when one was set).
    QString standardError()
    {
        if (m_stderrFile.isEmpty()) {
            m_stderr += m_process.readAllStandardError();
            return QString::fromUtf8(m_stderr);
        }
        QFile f(m_stderrFile);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }
    QStringList stderrLines() { return standardError().split(u'\n', Qt::SkipEmptyParts); }

private:
    QString m_program;
    QString m_stderrFile;
    QProcess m_process;
    QByteArray m_stdout;
    QByteArray m_stderr;
    QUrl m_url;
};

struct HttpAnswer
{
    int status = 0;
    QByteArray body;
};

//! One HTTP request; status 0 when there was no answer within 10 s.
inline HttpAnswer httpRequest(const QUrl &url, const QByteArray &method = "GET",
                              const QByteArray &body = {})
{
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply *reply = nam.sendCustomRequest(request, method, body);
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        done.wait(10000);
    HttpAnswer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    reply->deleteLater();
    return answer;
}

//! The Engine.IO open packet ("0{…}") of a WebSocket session with \a server, as JSON.
inline QJsonObject engineIoOpen(const QUrl &server)
{
    QUrl url = server;
    url.setScheme(server.scheme() == u"https" ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setPath(QStringLiteral("/socket.io/"));
    url.setQuery(QStringLiteral("EIO=4&transport=websocket"));
    QWebSocket socket;
    QSignalSpy text(&socket, &QWebSocket::textMessageReceived);
    socket.open(url);
    if (!text.wait(10000) && text.isEmpty())
        return {};
    const QString packet = text.first().first().toString();
    socket.close();
    if (!packet.startsWith(u'0'))
        return {};
    return QJsonDocument::fromJson(packet.mid(1).toUtf8()).object();
}

} // namespace SmartFixer::Test
