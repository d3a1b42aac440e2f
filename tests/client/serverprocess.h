#pragma once
// ServerProcess: starts a presence server of another implementation (Node socket.io, Python
// python-socketio) or our smartfixer-server binary as a child process on 127.0.0.1 port 0 and
// reads "listening on http://ADDR:PORT" from its stdout.
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace SmartFixer::Test {

class ServerProcess
{
public:
    enum class Kind { Node, Python };

    ServerProcess() = default;
    ~ServerProcess();
    ServerProcess(const ServerProcess &) = delete;
    ServerProcess &operator=(const ServerProcess &) = delete;

    //! Whether the interpreter for \a kind is installed at all (else tests QSKIP with \a why).
    static bool interpreterAvailable(Kind kind, QString *why);
    //! Starts \a kind with \a extraArgs; false with \a error when it did not come up in 20 s.
    bool start(Kind kind, const QStringList &extraArgs, QString *error);
    //! Any program that prints the "listening on" line.
    bool startProgram(const QString &program, const QStringList &args, QString *error,
                      const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    QUrl url() const { return m_url; }
    quint16 port() const { return quint16(m_url.port()); }
    //! Terminates and waits for the process.
    void stop();
    //! SIGSTOP / SIGCONT: a server that is there but answers nothing (dead-server tests).
    void pause();
    void resume();
    QString output() const { return m_output; }

private:
    QProcess m_process;
    QUrl m_url;
    QString m_output;
};

//! Short name for a data row.
inline const char *kindName(ServerProcess::Kind kind)
{
    return kind == ServerProcess::Kind::Node ? "node-socket.io" : "python-socketio";
}

} // namespace SmartFixer::Test
