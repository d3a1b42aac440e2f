// smartfixer-server: the headless presence server, and its offline admin subcommands.
#include "admin/admincommands.h"
#include "clusteroptions.h"
#include "core/logescape.h"
#include "core/logging.h"
#include "core/version.h"
#include "discoveryoptions.h"
#include "hardeningoptions.h"
#include "server/epolldispatcher.h"
#include "server/fdlimit.h"
#include "server/presenceserver.h"
#include "service/sdnotify.h"
#include "service/serverconfigfile.h"
#include "service/servicelog.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSocketNotifier>
#include <QTextStream>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace SmartFixer;

namespace {

int g_signalFds[2] = {-1, -1}; // socketpair: the handler writes, the event loop reads

void onSignal(int)
{
    const char byte = 1;
    // Only async-signal-safe calls here; a full pipe just means a stop is already pending.
    [[maybe_unused]] const auto n = ::write(g_signalFds[0], &byte, 1);
}

struct Option
{
    const char *name;
    const char *valueName;
    const char *description;
};

//! Parses a whole number in [min, max] or prints why not.
template<typename T>
bool parseNumber(const QCommandLineParser &parser, const QString &name, T min, T max, T *out,
                 QTextStream &err)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const QString text = parser.value(name);
    const qlonglong value = text.toLongLong(&ok);
    if (!ok || value < qlonglong(min) || value > qlonglong(max)) {
        err << "smartfixer-server: --" << name << " must be a whole number from " << min << " to "
            << max << ", not \"" << text << "\"\n";
        return false;
    }
    *out = T(value);
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    // Qt's glib event dispatcher unregisters a socket's write notifier with a linear scan, once
    // per write: with 10,000 connections that dominated presence fan-out (5x slower p99 in
    // tests/benchmarks). The headless server has no GUI that needs glib, so use Qt's own
    // dispatcher unless the user chose otherwise.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
        // Better still, epoll (SF_EPOLL_DISPATCHER=0 falls back to Qt's, e.g. to compare).
#if defined(Q_OS_LINUX)
    EpollEventDispatcher::installForMainThread();
#endif
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("smartfixer"));
    QCoreApplication::setOrganizationName(QStringLiteral("SmartFixer"));
    installServiceLogHandler();
    // In front of the service handler: client-supplied text must not forge log lines.
    installLogEscaping();

    QTextStream out(stdout);
    QTextStream err(stderr);
    const QStringList args = app.arguments().mid(1);
    if (SmartFixer::isAdminCommand(args)) {
        QFile in;
        in.open(stdin, QIODevice::ReadOnly);
        const auto admin = adminInvocation(args); // --config FILE: its db is the default
        if (!admin) {
            err << "smartfixer-server: " << admin.error() << "\n";
            return 2;
        }
        return SmartFixer::runAdminCommand(admin->args,
                                           admin->configDatabase.isEmpty()
                                               ? SmartFixer::defaultDatabasePath()
                                               : admin->configDatabase,
                                           out, err, &in);
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("SmartFixer presence server: Socket.IO (WebSocket) and REST on one port.\n"
                       "Admin commands: migrate --db DATABASE [--from PATH] | user add NAME... | "
                       "user token NAME..."));
    parser.addHelpOption();
    parser.addOption(QCommandLineOption(QStringLiteral("version"),
                                        QStringLiteral("Show the version and exit.")));
    ServerConfig config;
    const TransportLimits limits;
    const LoginThrottleConfig throttle;
    const QList<Option> options = {
        {"listen", "ADDR", "Address to listen on (default 127.0.0.1; 0.0.0.0 for a LAN)."},
        {"port", "N", "TCP port (default 8765; 0 picks a free port)."},
        {"db", "DATABASE",
         "A file path or sqlite:PATH (SQLite; default: the app-data folder), or"
         " postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DBNAME[?host=SOCKETDIR]."},
        {"active-window", "SECONDS",
         "How long a user stays online/active after the last "
         "activity (default 300)."},
        {"ping-interval", "MS", "Engine.IO ping interval (default 25000)."},
        {"ping-timeout", "MS", "Engine.IO ping timeout (default 20000)."},
        {"max-frame-bytes", "BYTES", "Largest WebSocket frame accepted (default 65536)."},
        {"handshake-timeout", "MS", "Time to authenticate after connecting (default 10000)."},
        {"events-per-second", "N", "Events per second per connection (default 20)."},
        {"event-burst", "N", "Event burst per connection (default 60)."},
        {"flood-disconnect-after", "N",
         "Rate-limited events before a connection is closed (default 200)."},
        {"max-send-buffer", "BYTES",
         "Unsent bytes before a slow reader is closed (default 1048576)."},
        {"max-body-bytes", "BYTES", "Largest HTTP request body (default 65536)."},
        {"login-free-failures", "N",
         "Failed logins per user and address before lockouts "
         "start (default 5)."},
        {"login-lockout", "MS", "First login lockout, doubling each time (default 1000)."},
        {"login-max-lockout", "MS", "Longest login lockout (default 900000)."},
        {"tls-cert", "PEM",
         "Serve HTTPS and WSS with this certificate (PEM, then any intermediate CAs)."},
        {"tls-key", "PEM", "The private key of --tls-cert (PEM, unencrypted)."},
        {"tls-handshake-timeout", "MS", "Time to finish the TLS handshake (default 10000)."},
    };
    for (const Option &o : options) {
        parser.addOption(QCommandLineOption(QString::fromLatin1(o.name),
                                            QString::fromUtf8(o.description),
                                            QString::fromLatin1(o.valueName)));
    }
    parser.addOption(QCommandLineOption(QStringLiteral("open-registration"),
                                        QStringLiteral("Allow POST /api/register.")));
    addHardeningOptions(parser);
    addClusterOptions(parser);
    addDiscoveryOptions(parser);
    parser.addOption(logLevelOption());
    parser.addOption(configFileOption());
    const auto arguments = applyConfigFile(parser, app.arguments()); // file keys, then argv
    if (!arguments) {
        err << "smartfixer-server: " << arguments.error() << "\n";
        return 2;
    }
    if (!parser.parse(*arguments)) {
        err << "smartfixer-server: " << parser.errorText() << "\n";
        return 2;
    }
    // --help-all (Qt's, with the Qt options) must not start a server either.
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("help-all"))) {
        out << parser.helpText();
        return 0;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        out << "smartfixer-server " << SmartFixer::versionString() << "\n";
        return 0;
    }
    if (const auto level = applyLogLevel(parser.isSet(QStringLiteral("log-level"))
                                             ? parser.value(QStringLiteral("log-level"))
                                             : QStringLiteral("info"));
        !level) {
        err << "smartfixer-server: " << level.error() << "\n";
        return 2;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << "smartfixer-server: unexpected argument \"" << parser.positionalArguments().first()
            << "\" (see --help)\n";
        return 2;
    }

    if (parser.isSet(QStringLiteral("listen"))) {
        const QString text = parser.value(QStringLiteral("listen"));
        if (!config.listenAddress.setAddress(text)) {
            err << "smartfixer-server: --listen needs an IP address, not \"" << text << "\"\n";
            return 2;
        }
    }
    qint64 windowSeconds = config.activeWindowMs / 1000;
    config.limits = limits;
    config.loginThrottle = throttle;
    qint64 eventsPerSecond = qint64(limits.eventsPerSecond);
    const auto n = [&](const char *name, auto min, auto max, auto *target) {
        return parseNumber(parser, QString::fromLatin1(name), min, max, target, err);
    };
    const bool ok = n("port", quint16(0), quint16(65535), &config.port)
        && n("active-window", qint64(1), qint64(365) * 24 * 3600, &windowSeconds)
        && n("ping-interval", 100, 3'600'000, &config.limits.pingIntervalMs)
        && n("ping-timeout", 100, 3'600'000, &config.limits.pingTimeoutMs)
        && n("max-frame-bytes", qint64(1024), qint64(64) << 20, &config.limits.maxFrameBytes)
        && n("handshake-timeout", 100, 3'600'000, &config.limits.handshakeTimeoutMs)
        && n("events-per-second", qint64(1), qint64(100000), &eventsPerSecond)
        && n("event-burst", 1, 1'000'000, &config.limits.eventBurst)
        && n("flood-disconnect-after", 1, 100'000'000, &config.limits.floodDisconnectAfter)
        && n("max-send-buffer", qint64(1024), qint64(1) << 30, &config.limits.maxSendBufferBytes)
        && n("max-body-bytes", qint64(1024), qint64(64) << 20, &config.maxBodyBytes)
        && n("login-free-failures", 0, 1000, &config.loginThrottle.freeFailures)
        && n("login-lockout", qint64(1), qint64(86'400'000), &config.loginThrottle.baseLockoutMs)
        && n("login-max-lockout", qint64(1), qint64(86'400'000), &config.loginThrottle.maxLockoutMs)
        && n("tls-handshake-timeout", 100, 3'600'000, &config.tls.handshakeTimeoutMs);
    if (!ok || !applyHardeningOptions(parser, config, err))
        return 2;
    const auto discovery = applyDiscoveryOptions(parser, err);
    if (!discovery)
        return 2;
    config.activeWindowMs = windowSeconds * 1000;
    config.limits.eventsPerSecond = double(eventsPerSecond);
    config.openRegistration = parser.isSet(QStringLiteral("open-registration"));
    config.tls.certFile = parser.value(QStringLiteral("tls-cert"));
    config.tls.keyFile = parser.value(QStringLiteral("tls-key"));
    if (config.tls.certFile.isEmpty() != config.tls.keyFile.isEmpty()) {
        err << "smartfixer-server: --tls-cert and --tls-key go together\n";
        return 2;
    }
    config.databasePath = parser.isSet(QStringLiteral("db")) ? parser.value(QStringLiteral("db"))
                                                             : defaultDatabasePath();

    // Signals become a byte on a socket, read by the event loop: a clean shutdown that flushes
    // the Store happens outside the signal handler.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) != 0) {
        err << "smartfixer-server: cannot create the signal socket pair\n";
        return 1;
    }
    QSocketNotifier notifier(g_signalFds[1], QSocketNotifier::Read);
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGPIPE, SIG_IGN);

    ServerBackends backends;
    if (!applyClusterOptions(parser, config, backends, err))
        return 2;
    PresenceServer server(config, std::move(backends));
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        notifier.setEnabled(false);
        char byte = 0;
        [[maybe_unused]] const auto r = ::read(g_signalFds[1], &byte, 1);
        qCInfo(lcServer) << "signal received, shutting down";
        notifyServiceManager("STOPPING=1");
        server.stop();
        app.quit();
    });

    // One descriptor per connection: lift the soft limit to the hard one and say what it allows.
    // Logged once the server runs: a server that cannot start says only why (one line).
    const SmartFixer::FileLimit files = SmartFixer::raiseFileLimit();
    QString error;
    if (!server.start(&error)) {
        err << "smartfixer-server: " << error << "\n";
        err.flush();
        return 1;
    }
    qCInfo(lcServer).noquote() << "open files limit" << files.before << "->" << files.soft
                               << "(hard" << files.hard << "): up to" << files.connections()
                               << "connections";
    // QUrl brackets an IPv6 address: "http://[::1]:8765".
    const QString line = QStringLiteral("listening on ") + server.url().toString() + u'\n';
    std::fputs(line.toUtf8().constData(), stdout);
    std::fflush(stdout);
    notifyServiceManager("READY=1\nSTATUS=" + line.trimmed().toUtf8());
    const auto announcer = announceRunningServer(*discovery, server); // DNS-SD, §11

    const int rc = app.exec();
    server.stop();
    return rc;
}
