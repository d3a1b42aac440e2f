#include "lanpair.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace SmartFixer::Test {

void killWithParent(QProcess &process)
{
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
}

namespace {

const char *const BusConfig
    = R"(<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <auth>EXTERNAL</auth>
  <listen>unix:path=%1</listen>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
  </policy>
</busconfig>
)";

// Only the veth, IPv4 only, nothing published but what the test publishes.
const char *const AvahiConfig = R"([server]
host-name=%1
use-ipv4=yes
use-ipv6=no
allow-interfaces=%2
enable-dbus=yes
ratelimit-interval-usec=1000000
ratelimit-burst=1000
[wide-area]
enable-wide-area=no
[publish]
publish-hinfo=no
publish-workstation=no
publish-addresses=yes
publish-domain=no
[reflector]
enable-reflector=no
)";

bool writeFile(const QString &path, const QString &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text.toUtf8()) >= 0;
}

//! Waits (bounded) until \a process wrote \a marker to its stdout/stderr (merged).
bool waitForOutput(QProcess &process, const QByteArray &marker, int timeoutMs, QByteArray *seen)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        *seen += process.readAll();
        if (seen->contains(marker))
            return true;
        if (process.state() == QProcess::NotRunning)
            return false;
        process.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
    }
    *seen += process.readAll();
    return seen->contains(marker);
}

void removeStaleNamespaces()
{
    QProcess list;
    list.start(QStringLiteral("ip"), {QStringLiteral("netns"), QStringLiteral("list")});
    list.waitForFinished(5000);
    static const QRegularExpression re(QStringLiteral("^sft(\\d+)[ab]\\b"));
    for (const QString &line : QString::fromUtf8(list.readAllStandardOutput()).split(u'\n')) {
        const auto m = re.match(line);
        if (!m.hasMatch())
            continue;
        QFile stat(QStringLiteral("/proc/") + m.captured(1) + QStringLiteral("/stat"));
        // "PID (NAME) STATE …": a zombie (Z) no longer runs either.
        if (stat.open(QIODevice::ReadOnly) && !stat.readAll().contains(") Z "))
            continue; // that test still runs
        QProcess::execute(
            QStringLiteral("ip"),
            {QStringLiteral("netns"), QStringLiteral("delete"), line.section(u' ', 0, 0)});
    }
}

} // namespace

LanPair::LanPair()
{
    m_tag = QString::number(QCoreApplication::applicationPid());
    m_subnet = int(QCoreApplication::applicationPid() % 250) + 1;
}

LanPair::~LanPair()
{
    tearDown();
}

QString LanPair::namespaceName(Side side) const
{
    return QStringLiteral("sft") + m_tag + (side == A ? u'a' : u'b');
}

QString LanPair::address(Side side) const
{
    return QStringLiteral("10.253.%1.%2").arg(m_subnet).arg(side == A ? 1 : 2);
}

QString LanPair::busAddress(Side side) const
{
    return QStringLiteral("unix:path=")
        + m_dir.filePath(side == A ? QStringLiteral("bus-a") : QStringLiteral("bus-b"));
}

QProcessEnvironment LanPair::environment(Side side) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS"), busAddress(side));
    return env;
}

bool LanPair::run(const QStringList &command, QString *error) const
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(command.first(), command.mid(1));
    if (!p.waitForFinished(10000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("`%1` failed: %2")
                     .arg(command.join(u' '),
                          QString::fromUtf8(p.readAll()).trimmed() + p.errorString());
        return false;
    }
    return true;
}

bool LanPair::setUp(QString *error, bool avahi)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary folder");
        return false;
    }
    for (const char *tool : {"ip", "unshare", "dbus-daemon", "avahi-daemon"}) {
        if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty()
            && QStandardPaths::findExecutable(
                   QString::fromLatin1(tool),
                   {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")})
                   .isEmpty()) {
            *error = QStringLiteral("%1 is not installed (scripts/setup.sh installs it)")
                         .arg(QLatin1String(tool));
            return false;
        }
    }
    removeStaleNamespaces();
    const QString vethA = QStringLiteral("sfv") + m_tag + u'a';
    const QString vethB = QStringLiteral("sfv") + m_tag + u'b';
    for (Side s : {A, B}) {
        if (!run({QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("add"),
                  namespaceName(s)},
                 error)) {
            *error = QStringLiteral("cannot create network namespaces (the DNS-SD tests need "
                                    "root or CAP_SYS_ADMIN + CAP_NET_ADMIN): ")
                + *error;
            return false;
        }
        m_created[s] = true;
    }
    const QString nsA = namespaceName(A), nsB = namespaceName(B);
    const QString ip = QStringLiteral("ip");
    const QList<QStringList> commands = {
        {ip, QStringLiteral("link"), QStringLiteral("add"), vethA, QStringLiteral("netns"), nsA,
         QStringLiteral("type"), QStringLiteral("veth"), QStringLiteral("peer"),
         QStringLiteral("name"), vethB, QStringLiteral("netns"), nsB},
        {ip, QStringLiteral("-n"), nsA, QStringLiteral("addr"), QStringLiteral("add"),
         address(A) + QStringLiteral("/30"), QStringLiteral("dev"), vethA},
        {ip, QStringLiteral("-n"), nsB, QStringLiteral("addr"), QStringLiteral("add"),
         address(B) + QStringLiteral("/30"), QStringLiteral("dev"), vethB},
        {ip, QStringLiteral("-n"), nsA, QStringLiteral("link"), QStringLiteral("set"),
         QStringLiteral("lo"), QStringLiteral("up")},
        {ip, QStringLiteral("-n"), nsB, QStringLiteral("link"), QStringLiteral("set"),
         QStringLiteral("lo"), QStringLiteral("up")},
        {ip, QStringLiteral("-n"), nsA, QStringLiteral("link"), QStringLiteral("set"), vethA,
         QStringLiteral("up")},
        {ip, QStringLiteral("-n"), nsB, QStringLiteral("link"), QStringLiteral("set"), vethB,
         QStringLiteral("up")},
    };
    for (const QStringList &c : commands) {
        if (!run(c, error))
            return false;
    }
    for (Side s : {A, B}) {
        const QString name = s == A ? QStringLiteral("a") : QStringLiteral("b");
        const QString socket = m_dir.filePath(QStringLiteral("bus-") + name);
        const QString busConf
            = m_dir.filePath(QStringLiteral("bus-") + name + QStringLiteral(".conf"));
        const QString avahiConf
            = m_dir.filePath(QStringLiteral("avahi-") + name + QStringLiteral(".conf"));
        if (!writeFile(busConf, QString::fromLatin1(BusConfig).arg(socket))
            || !writeFile(avahiConf,
                          QString::fromLatin1(AvahiConfig)
                              .arg(QStringLiteral("sft") + m_tag + name, s == A ? vethA : vethB))) {
            *error = QStringLiteral("cannot write the daemon configuration");
            return false;
        }
        auto dbus = std::make_unique<QProcess>();
        dbus->setProcessChannelMode(QProcess::MergedChannels);
        killWithParent(*dbus);
        dbus->start(QStringLiteral("dbus-daemon"),
                    {QStringLiteral("--config-file=") + busConf, QStringLiteral("--nofork"),
                     QStringLiteral("--nopidfile"), QStringLiteral("--print-address=1")});
        QByteArray seen;
        if (!waitForOutput(*dbus, QByteArrayLiteral("unix:path="), 10000, &seen)) {
            *error = QStringLiteral("dbus-daemon did not start: ") + QString::fromUtf8(seen);
            return false;
        }
        m_dbus[s] = std::move(dbus);
    }
    if (avahi) {
        for (Side s : {A, B}) {
            if (!startAvahi(s, error))
                return false;
        }
    }
    return true;
}

bool LanPair::startAvahi(Side side, QString *error)
{
    const QString name = side == A ? QStringLiteral("a") : QStringLiteral("b");
    const QString conf = m_dir.filePath(QStringLiteral("avahi-") + name + QStringLiteral(".conf"));
    auto avahi = std::make_unique<QProcess>();
    avahi->setProcessChannelMode(QProcess::MergedChannels);
    // Its own mount namespace with an empty /run: two daemons (and the system's, if any) each
    // get their own pid file and socket in /run/avahi-daemon. exec keeps one process, so the
    // parent-death signal reaches the daemon itself.
    const QString script
        = QStringLiteral("mount -t tmpfs -o size=1m,mode=755 sft /run && mkdir "
                         "/run/avahi-daemon && exec avahi-daemon -f '%1' --no-drop-root "
                         "--no-chroot --no-rlimits --no-proc-title")
              .arg(conf);
    start(side, *avahi, QStringLiteral("unshare"),
          {QStringLiteral("-m"), QStringLiteral("--propagation"), QStringLiteral("private"),
           QStringLiteral("sh"), QStringLiteral("-c"), script});
    QByteArray seen;
    if (!waitForOutput(*avahi, QByteArrayLiteral("Server startup complete"), 15000, &seen)) {
        *error = QStringLiteral("avahi-daemon did not start in namespace %1: %2")
                     .arg(namespaceName(side), QString::fromUtf8(seen));
        avahi->kill();
        avahi->waitForFinished(5000);
        return false;
    }
    m_avahi[side] = std::move(avahi);
    return true;
}

void LanPair::stopAvahi(Side side)
{
    if (!m_avahi[side])
        return;
    // SIGTERM: the daemon says goodbye for its records, so browsers drop them at once.
    m_avahi[side]->terminate();
    if (!m_avahi[side]->waitForFinished(5000)) {
        m_avahi[side]->kill();
        m_avahi[side]->waitForFinished(5000);
    }
    m_avahi[side].reset();
}

void LanPair::start(Side side, QProcess &process, const QString &program,
                    const QStringList &args) const
{
    start(side, process, program, args, environment(side));
}

void LanPair::start(Side side, QProcess &process, const QString &program, const QStringList &args,
                    const QProcessEnvironment &env) const
{
    killWithParent(process);
    process.setProcessEnvironment(env);
    process.start(
        QStringLiteral("ip"),
        QStringList{QStringLiteral("netns"), QStringLiteral("exec"), namespaceName(side), program}
            + args);
}

void LanPair::tearDown()
{
    for (Side s : {A, B}) {
        stopAvahi(s);
        if (m_dbus[s]) {
            m_dbus[s]->kill();
            m_dbus[s]->waitForFinished(5000);
            m_dbus[s].reset();
        }
    }
    for (Side s : {A, B}) {
        if (m_created[s]) {
            // Deleting a namespace deletes its end of the veth pair, and with it the other end.
            QProcess::execute(
                QStringLiteral("ip"),
                {QStringLiteral("netns"), QStringLiteral("delete"), namespaceName(s)});
            m_created[s] = false;
        }
    }
}

} // namespace SmartFixer::Test
