// Memory per idle connection, TLS (WSS) next to plain (WS), issue 13: starts smartfixer-server
// on 127.0.0.1 port 0 twice — plain, then with a self-signed certificate — opens N idle,
// authenticated Socket.IO connections to each (one account per connection), and reports the
// server's RSS delta / N for both and their difference. Label benchmark; bounded (each phase
// gives up after 120 s).
//
//   bench_tlsmemory [N]         (default 2000; SF_BUILD_DIR names the build tree)
#include "tls/selfsigned.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QTimer>
#include <QWebSocket>

#include <cstdio>
#include <memory>
#include <sys/resource.h>
#include <vector>

using namespace SmartFixer;

namespace {

qint64 rssKiB(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    static const QRegularExpression re(QStringLiteral("VmRSS:\\s+(\\d+) kB"));
    const auto m = re.match(QString::fromLatin1(f.readAll()));
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

bool run(const QString &program, const QStringList &args, QByteArray *out = nullptr)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(120000) || p.exitCode() != 0) {
        std::fprintf(stderr, "%s failed: %s\n", qPrintable(args.join(u' ')),
                     p.readAllStandardError().constData());
        return false;
    }
    if (out)
        *out = p.readAllStandardOutput();
    return true;
}

//! Spins the event loop until \a done or \a ms pass (a benchmark's bounded wait).
template<typename F> bool waitFor(F done, int ms)
{
    QDeadlineTimer deadline(ms);
    while (!done() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    return done();
}

struct Result
{
    qint64 before = 0, after = 0;
    int connected = 0;
    double perConnectionKiB() const { return connected ? double(after - before) / connected : 0; }
};

bool measure(const QString &server, const QString &db, const QStringList &tokens, bool tls,
             const QStringList &tlsArgs, Result *result)
{
    QProcess proc;
    proc.start(server,
               QStringList{QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"),
                           db, QStringLiteral("--ping-interval"), QStringLiteral("600000"),
                           QStringLiteral("--log-level"), QStringLiteral("warning")}
                   + tlsArgs);
    QByteArray out;
    static const QRegularExpression re(QStringLiteral("listening on (\\S+)"));
    QString url;
    if (!waitFor(
            [&] {
                out += proc.readAllStandardOutput();
                const auto m = re.match(QString::fromUtf8(out));
                if (m.hasMatch())
                    url = m.captured(1);
                return !url.isEmpty() || proc.state() == QProcess::NotRunning;
            },
            30000)
        || url.isEmpty()) {
        std::fprintf(stderr, "server did not start: %s\n", proc.readAllStandardError().constData());
        return false;
    }
    QUrl ws(url);
    ws.setScheme(tls ? QStringLiteral("wss") : QStringLiteral("ws"));
    ws.setPath(QStringLiteral("/socket.io/"));
    ws.setQuery(QStringLiteral("EIO=4&transport=websocket"));
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setPeerVerifyMode(QSslSocket::VerifyNone); // our own throw-away certificate

    std::vector<std::unique_ptr<QWebSocket>> sockets;
    int ready = 0;
    const auto open = [&](const QString &token) {
        auto s = std::make_unique<QWebSocket>();
        if (tls)
            s->setSslConfiguration(ssl);
        QWebSocket *raw = s.get();
        QObject::connect(
            raw, &QWebSocket::textMessageReceived, raw, [raw, token, &ready](const QString &m) {
                if (m.startsWith(u'0'))
                    raw->sendTextMessage(QStringLiteral("40{\"token\":\"%1\"}").arg(token));
                else if (m.startsWith(QLatin1String("40")))
                    ++ready;
                else if (m == QLatin1String("2"))
                    raw->sendTextMessage(QStringLiteral("3"));
            });
        raw->open(ws);
        sockets.push_back(std::move(s));
    };
    // A warm-up connection, so that "before" holds what the first connection allocates once.
    open(tokens.first());
    if (!waitFor([&] { return ready == 1; }, 20000)) {
        std::fprintf(stderr, "warm-up connection failed\n");
        return false;
    }
    waitFor([] { return false; }, 2000); // let the server settle
    result->before = rssKiB(proc.processId());
    // At most 100 handshakes in flight (the server's accept queue and the CPU).
    int next = 1;
    QElapsedTimer t;
    t.start();
    const bool all = waitFor(
        [&] {
            while (next < tokens.size() && next - ready < 100)
                open(tokens.at(next++));
            return ready == tokens.size();
        },
        120000);
    waitFor([] { return false; }, 2000); // as in the presence benchmark: 2 s after the last
    result->after = rssKiB(proc.processId());
    result->connected = ready - 1;
    std::fprintf(stderr, "%s: %d connections in %lld ms\n", tls ? "tls" : "plain", ready - 1,
                 t.elapsed());
    sockets.clear();
    proc.terminate();
    proc.waitForFinished(10000);
    return all;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // One descriptor per client socket: lift the soft limit to the hard one.
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) == 0) {
        files.rlim_cur = files.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &files);
    }
    const int n = argc > 1 ? std::max(10, std::atoi(argv[1])) : 2000;
    const QString build = qEnvironmentVariable("SF_BUILD_DIR", QStringLiteral("build"));
    const QString server = build + QStringLiteral("/bin/smartfixer-server");
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("bench.db"));
    QStringList names;
    for (int i = 0; i <= n; ++i)
        names << QStringLiteral("u%1").arg(i);
    QByteArray out;
    if (!run(server,
             QStringList{QStringLiteral("user"), QStringLiteral("add")} + names
                 + QStringList{QStringLiteral("--db"), db})
        || !run(server,
                QStringList{QStringLiteral("user"), QStringLiteral("token")} + names
                    + QStringList{QStringLiteral("--db"), db},
                &out))
        return 1;
    QStringList tokens;
    for (const QByteArray &line : out.split('\n')) {
        const QList<QByteArray> parts = line.split(' ');
        if (parts.size() == 2)
            tokens << QString::fromLatin1(parts.at(1));
    }
    if (tokens.size() != n + 1) {
        std::fprintf(stderr, "expected %d tokens, got %lld\n", n + 1, qlonglong(tokens.size()));
        return 1;
    }
    SelfSignedRequest request;
    request.commonName = QStringLiteral("bench");
    request.addresses = {QHostAddress(QHostAddress::LocalHost)};
    const auto pair = makeSelfSigned(request);
    const QString cert = dir.filePath(QStringLiteral("c.pem")),
                  key = dir.filePath(QStringLiteral("c.key"));
    if (!pair || !writeSelfSigned(*pair, cert, key))
        return 1;
    Result plain, tls;
    if (!measure(server, db, tokens, false, {}, &plain)
        || !measure(server, db, tokens, true,
                    {QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"), key}, &tls))
        return 1;
    std::printf("{\"n\":%d,\"plain_kib_per_connection\":%.1f,\"tls_kib_per_connection\":%.1f,"
                "\"tls_extra_kib_per_connection\":%.1f,\"plain_rss_kib\":[%lld,%lld],"
                "\"tls_rss_kib\":[%lld,%lld]}\n",
                n, plain.perConnectionKiB(), tls.perConnectionKiB(),
                tls.perConnectionKiB() - plain.perConnectionKiB(), plain.before, plain.after,
                tls.before, tls.after);
    return 0;
}
