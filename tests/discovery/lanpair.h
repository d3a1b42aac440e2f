#pragma once
// LanPair: a private two-machine LAN for DNS-SD tests, so that multicast never leaves the test
// (issue 13). Two network namespaces joined by a veth pair (10.253.X.1/30 and .2/30 only on the
// veths), loopback up, and in each namespace a private D-Bus daemon and an avahi-daemon that may
// only use that veth. Programs started with start() run inside a namespace; the test process
// itself stays outside and talks to either avahi-daemon over its D-Bus socket (a path socket
// is not bound to a network namespace). Everything is torn down in the destructor, also when a
// test fails; children get SIGKILL if the test process dies, and namespaces left by a crashed
// run are removed by the next one.
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QTemporaryDir>
#include <array>
#include <memory>

namespace SmartFixer::Test {

class LanPair
{
public:
    enum Side { A = 0, B = 1 };

    LanPair();
    ~LanPair();
    LanPair(const LanPair &) = delete;
    LanPair &operator=(const LanPair &) = delete;

    //! Creates the namespaces, the veth pair and both D-Bus daemons; with \a avahi also both
    //! avahi-daemons (ready when this returns). false with a message that says what is missing
    //! (e.g. "cannot create network namespaces: …") — the test must then FAIL, not skip.
    bool setUp(QString *error, bool avahi = true);
    bool startAvahi(Side side, QString *error);
    void stopAvahi(Side side);

    QString namespaceName(Side side) const;
    QString address(Side side) const; //!< "10.253.X.1" (A) or ".2" (B)
    QString busAddress(Side side) const; //!< "unix:path=…" of that side's D-Bus daemon
    //! The environment for a program that should use \a side's avahi-daemon.
    QProcessEnvironment environment(Side side) const;
    //! Starts \a program with \a args inside \a side's namespace with environment(side).
    void start(Side side, QProcess &process, const QString &program, const QStringList &args) const;
    //! The same with \a env instead of environment(side).
    void start(Side side, QProcess &process, const QString &program, const QStringList &args,
               const QProcessEnvironment &env) const;

    //! Kills (SIGKILL) and waits for every process this LanPair started, removes the namespaces.
    void tearDown();

private:
    bool run(const QStringList &command, QString *error) const;
    QTemporaryDir m_dir;
    QString m_tag;
    int m_subnet = 0;
    bool m_created[2] = {false, false};
    std::array<std::unique_ptr<QProcess>, 2> m_dbus;
    std::array<std::unique_ptr<QProcess>, 2> m_avahi;
};

//! Makes \a process get SIGKILL when the test process dies (set before start()).
void killWithParent(QProcess &process);

} // namespace SmartFixer::Test
