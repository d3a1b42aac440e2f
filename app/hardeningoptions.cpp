#include "hardeningoptions.h"

#include "server/presenceserver.h"

namespace SmartFixer {

namespace {

struct Opt
{
    const char *name;
    const char *value; // null: a flag
    const char *help;
};

const Opt options[] = {
    {"max-connections", "N",
     "Open TCP connections in total; at the limit the server stops accepting until one closes "
     "(default: the open-files limit minus 64)."},
    {"max-connections-per-address", "N",
     "Open connections per client address, more are closed at once; 0 = no limit (default 256; "
     "loopback clients are exempt)."},
    {"max-queued-output", "BYTES",
     "HTTP answers a client may leave unread before it is dropped (default 1048576)."},
    {"allowed-host", "NAME",
     "A Host name the server answers to besides IP addresses, localhost and this machine's "
     "name (repeatable; \"*\" = any, e.g. behind a proxy)."},
    {"allowed-origin", "ORIGIN",
     "A browser Origin (http://name:port) allowed on REST and WebSocket (repeatable; \"*\" = "
     "any). Requests without Origin are not affected."},
    {"metrics-token", "TOKEN",
     "Serve GET /metrics on the main port to \"Authorization: Bearer TOKEN\" (default: not "
     "served there)."},
    {"metrics-listen", "ADDR:PORT",
     "Serve /metrics (and /healthz) on this separate address only (default: off)."},
    {"min-password-length", "N", "Shortest password /api/register accepts (default 8)."},
    {"login-account-free-failures", "N",
     "Failed logins of one account from all addresses before its lockouts (default 10; "
     "addresses it logged in from before are spared)."},
    {"login-address-free-failures", "N",
     "Failed logins of all names from one address before its lockouts (default 20)."},
    {"hash-threads", "N",
     "Threads that hash and check passwords (default: the cores minus one, at least 1)."},
    {"hash-queue", "N",
     "Password checks waiting or running at most; more get 503 + Retry-After (default 32)."},
    {"hash-per-address", "N",
     "Logins from one client address checked at once; more get 429 (default 8; 0 = no limit)."},
    {"register-burst", "N",
     "Registrations one client address may make at once; 0 = no limit (default 10)."},
    {"register-interval", "SECONDS",
     "One more registration per address every SECONDS after the burst (default 60)."},
    {"token-lifetime", "DAYS",
     "Access tokens older than DAYS are refused and deleted; 0 = they never expire (default 0)."},
    {"max-tokens-per-user", "N",
     "Tokens one user may hold; a new one drops the oldest; 0 = no cap (default 100)."},
    {"token-recheck", "MS",
     "Re-check the live connections' tokens every MS milliseconds and close those revoked or "
     "expired meanwhile by another process (user token, remove, passwd); 0 = never (default "
     "10000)."},
};

template<typename T>
bool number(const QCommandLineParser &p, const char *name, qlonglong min, qlonglong max, T *out,
            QTextStream &err)
{
    const QString key = QString::fromLatin1(name);
    if (!p.isSet(key))
        return true;
    bool ok = false;
    const qlonglong v = p.value(key).toLongLong(&ok);
    if (!ok || v < min || v > max) {
        err << "smartfixer-server: --" << key << " must be a whole number from " << min << " to "
            << max << ", not \"" << p.value(key) << "\"\n";
        return false;
    }
    *out = T(v);
    return true;
}

} // namespace

void addHardeningOptions(QCommandLineParser &parser)
{
    for (const Opt &o : options)
        parser.addOption(QCommandLineOption(QString::fromLatin1(o.name), QString::fromUtf8(o.help),
                                            QString::fromLatin1(o.value)));
}

bool applyHardeningOptions(const QCommandLineParser &p, ServerConfig &c, QTextStream &err)
{
    const bool ok = number(p, "max-connections", 1, 1 << 24, &c.http.maxConnections, err)
        && number(p, "max-connections-per-address", 0, 1 << 24, &c.http.maxConnectionsPerAddress,
                  err)
        && number(p, "max-queued-output", 4096, qlonglong(1) << 30, &c.http.maxQueuedOutputBytes,
                  err)
        && number(p, "min-password-length", 1, 1024, &c.minPasswordChars, err)
        && number(p, "login-account-free-failures", 0, 100000, &c.loginThrottle.accountFreeFailures,
                  err)
        && number(p, "login-address-free-failures", 0, 100000, &c.loginThrottle.addressFreeFailures,
                  err)
        && number(p, "hash-threads", 1, 64, &c.passwordWorkers.threads, err)
        && number(p, "hash-queue", 1, 100000, &c.passwordWorkers.maxQueued, err)
        && number(p, "hash-per-address", 0, 100000, &c.passwordWorkers.maxPerAddress, err)
        && number(p, "register-burst", 0, 1000000, &c.registrationLimit.burst, err);
    qint64 registerSeconds = c.registrationLimit.intervalMs / 1000;
    if (!ok || !number(p, "register-interval", 1, 86400 * 7, &registerSeconds, err))
        return false;
    c.registrationLimit.intervalMs = registerSeconds * 1000;
    qint64 tokenDays = c.tokens.lifetimeMs / (24 * 3600 * 1000);
    if (!number(p, "token-lifetime", 0, 36500, &tokenDays, err)
        || !number(p, "max-tokens-per-user", 0, 1000000, &c.tokens.maxPerUser, err)
        || !number(p, "token-recheck", 0, 3600000, &c.tokenRecheckMs, err))
        return false;
    c.tokens.lifetimeMs = tokenDays * 24 * 3600 * 1000;
    c.http.hostPolicy.allowedHosts = p.values(QStringLiteral("allowed-host"));
    c.http.hostPolicy.allowedOrigins = p.values(QStringLiteral("allowed-origin"));
    c.metricsToken = p.value(QStringLiteral("metrics-token"));
    if (p.isSet(QStringLiteral("metrics-token")) && c.metricsToken.size() < 16) {
        err << "smartfixer-server: --metrics-token must be at least 16 characters\n";
        return false;
    }
    if (p.isSet(QStringLiteral("metrics-listen"))) {
        const QString text = p.value(QStringLiteral("metrics-listen"));
        const qsizetype colon = text.lastIndexOf(u':');
        bool portOk = false;
        const uint port = colon > 0 ? text.mid(colon + 1).toUInt(&portOk) : 0;
        QString host = colon > 0 ? text.left(colon) : QString();
        if (host.startsWith(u'[') && host.endsWith(u']'))
            host = host.mid(1, host.size() - 2);
        if (!portOk || port > 65535 || !c.metricsListenAddress.setAddress(host)) {
            err << "smartfixer-server: --metrics-listen needs ADDR:PORT (e.g. 127.0.0.1:9465), "
                   "not \""
                << text << "\"\n";
            return false;
        }
        c.metricsPort = quint16(port);
    }
    return true;
}

} // namespace SmartFixer
