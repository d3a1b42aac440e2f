// sf-loadtool: load generator for any Socket.IO v5 / Engine.IO v4 presence server speaking the
// SmartFixer protocol (DESIGN.md §4). One process, one thread, epoll, and a minimal WebSocket
// client of its own (a QWebSocket per connection would cost more than the server side we
// measure). It measures (a) server RSS per idle authenticated connection, (b) full handshakes
// per second, (c) presence fan-out latency to K subscribers, (d) that activity which changes
// no state sends no frames, and with --held (e) server CPU per handshake while every
// connection stays open, at several numbers of held connections, and with --storm (f) how long
// N clients need to be back after the server restarts. Loopback only (127.0.0.x); every loop is
// bounded in count and time. Several processes can share one fan-out (more connections than
// one process may hold): each logs the steady-clock time of every update about the target
// (--receive-log), the one that drives the target logs its trigger times (--trigger-log),
// the others only listen (--listen), and run_cluster.sh merges the logs per trial.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QUrl>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <string_view>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

int64_t nowUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

struct Token
{
    std::string name;
    std::string token;
};

// ---- one client connection -----------------------------------------------------------------

enum class State : uint8_t { Connecting, Upgrading, WaitOpen, WaitConnect, Ready, Refused, Closed };

struct Conn
{
    int fd = -1;
    State state = State::Connecting;
    bool wantWrite = false;
    uint32_t tokenIndex = 0;
    uint16_t port = 0; //!< the node it talks to (--url given several times: a cluster)
    int64_t startedUs = 0; //!< when the TCP connect began
    int64_t readyUs = 0; //!< when 40{"sid"…} arrived
    int64_t seenTrial = -1; //!< last fan-out trial this subscriber saw the update of
    int64_t seenUs = 0;
    uint32_t framesIn = 0; //!< text frames except pings
    uint32_t updates = 0; //!< user_presence_update frames about the target
    uint32_t acks = 0;
    uint32_t snapshots = 0; //!< presence_snapshot frames
    std::string in;
    std::string out;
};

class Client
{
public:
    sockaddr_in addr{};
    std::string hostHeader;
    //! Every --url's port: connection (token) i goes to ports[i % size], so subscribers spread
    //! over the nodes of a cluster and the target lands on one of them.
    std::vector<uint16_t> ports;
    std::vector<Token> tokens;
    std::string targetIdPattern; //!< "\"user_id\":ID"
    int64_t trial = -1;
    int ep = epoll_create1(EPOLL_CLOEXEC);
    uint32_t maskState = 0x9e3779b9u;
    uint64_t connectErrors = 0;
    uint64_t refused = 0;
    uint64_t closedByServer = 0;
    //! Source addresses 127.0.0.1 … 127.0.0.N, used round-robin: each has its own ephemeral
    //! port range towards the server, so more connections fit than one range holds.
    uint32_t sourceAddrs = 1;
    uint32_t sourceBase = 1; //!< the first source address is 127.0.0.sourceBase
    uint32_t nextSource = 0;
    //! --receive-log: the steady-clock time (us) of every update about the target.
    std::vector<int64_t> *receiveLog = nullptr;

    std::unique_ptr<Conn> open(uint32_t tokenIndex)
    {
        auto c = std::make_unique<Conn>();
        c->tokenIndex = tokenIndex;
        c->port = ports.empty() ? ntohs(addr.sin_port) : ports[tokenIndex % ports.size()];
        c->startedUs = nowUs();
        c->fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (c->fd < 0) {
            ++connectErrors;
            c->state = State::Closed;
            return c;
        }
        int one = 1;
        setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (sourceAddrs > 1 || sourceBase != 1) {
            // The port is chosen at connect() for the whole 4-tuple, not at bind().
            setsockopt(c->fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
            sockaddr_in src{};
            src.sin_family = AF_INET;
            src.sin_addr.s_addr
                = htonl(INADDR_LOOPBACK - 1 + sourceBase + (nextSource++ % sourceAddrs));
            if (::bind(c->fd, reinterpret_cast<const sockaddr *>(&src), sizeof src) != 0) {
                ++connectErrors;
                ::close(c->fd);
                c->fd = -1;
                c->state = State::Closed;
                return c;
            }
        }
        sockaddr_in to = addr;
        to.sin_port = htons(c->port);
        const int r = ::connect(c->fd, reinterpret_cast<const sockaddr *>(&to), sizeof to);
        if (r < 0 && errno != EINPROGRESS) {
            ++connectErrors;
            ::close(c->fd);
            c->fd = -1;
            c->state = State::Closed;
            return c;
        }
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLOUT;
        ev.data.ptr = c.get();
        c->wantWrite = true;
        epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
        return c;
    }

    //! Closes; \a reset: RST instead of FIN, so no TIME_WAIT piles up in handshake churn.
    void close(Conn &c, bool reset)
    {
        if (c.fd < 0)
            return;
        if (reset) {
            linger l{1, 0};
            setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
        }
        epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
        ::close(c.fd);
        c.fd = -1;
        c.state = State::Closed;
    }

    void sendText(Conn &c, std::string_view text)
    {
        std::string frame;
        frame.reserve(text.size() + 14);
        frame.push_back(static_cast<char>(0x81));
        const size_t n = text.size();
        if (n < 126) {
            frame.push_back(static_cast<char>(0x80 | n));
        } else if (n < 65536) {
            frame.push_back(static_cast<char>(0x80 | 126));
            frame.push_back(static_cast<char>(n >> 8));
            frame.push_back(static_cast<char>(n & 0xff));
        } else {
            frame.push_back(static_cast<char>(0x80 | 127));
            for (int i = 7; i >= 0; --i)
                frame.push_back(static_cast<char>((static_cast<uint64_t>(n) >> (8 * i)) & 0xff));
        }
        // xorshift: masking keys need not be cryptographic for a loopback benchmark.
        maskState ^= maskState << 13;
        maskState ^= maskState >> 17;
        maskState ^= maskState << 5;
        char mask[4];
        std::memcpy(mask, &maskState, 4);
        frame.append(mask, 4);
        for (size_t i = 0; i < n; ++i)
            frame.push_back(static_cast<char>(text[i] ^ mask[i % 4]));
        write(c, frame);
    }

    void write(Conn &c, std::string_view bytes)
    {
        if (c.fd < 0)
            return;
        if (c.out.empty()) {
            const ssize_t w = ::send(c.fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (w == static_cast<ssize_t>(bytes.size()))
                return;
            if (w < 0 && errno != EAGAIN) {
                close(c, true);
                return;
            }
            bytes.remove_prefix(w > 0 ? static_cast<size_t>(w) : 0);
        }
        c.out.append(bytes);
        setWantWrite(c, true);
    }

    void setWantWrite(Conn &c, bool want)
    {
        if (c.wantWrite == want || c.fd < 0)
            return;
        c.wantWrite = want;
        epoll_event ev{};
        ev.events = EPOLLIN | (want ? EPOLLOUT : 0u);
        ev.data.ptr = &c;
        epoll_ctl(ep, EPOLL_CTL_MOD, c.fd, &ev);
    }

    //! Runs the loop until \a done() or \a timeoutMs passed; false on timeout.
    template<typename Pred> bool runUntil(Pred done, int timeoutMs)
    {
        const int64_t deadline = nowUs() + int64_t(timeoutMs) * 1000;
        std::vector<epoll_event> events(1024);
        while (!done()) {
            const int64_t left = (deadline - nowUs()) / 1000;
            if (left <= 0)
                return false;
            // n < 0 (EINTR: a signal for --listen) falls through to done() again.
            const int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()),
                                     static_cast<int>(std::min<int64_t>(left, 50)));
            for (int i = 0; i < n; ++i)
                handle(*static_cast<Conn *>(events[i].data.ptr), events[i].events);
        }
        return true;
    }

private:
    void handle(Conn &c, uint32_t events)
    {
        if (c.fd < 0)
            return;
        if (c.state == State::Connecting && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
            int err = 0;
            socklen_t len = sizeof err;
            getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
            if (err != 0) {
                ++connectErrors;
                close(c, true);
                return;
            }
            c.state = State::Upgrading;
            c.wantWrite = true;
            setWantWrite(c, false);
            write(c,
                  "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:"
                      + std::to_string(c.port)
                      + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        "Sec-WebSocket-Key: c21hcnRmaXhlci1sb2FkdA==\r\n"
                        "Sec-WebSocket-Version: 13\r\n\r\n");
            return;
        }
        if ((events & EPOLLOUT) && !c.out.empty()) {
            const ssize_t w = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
            if (w > 0)
                c.out.erase(0, static_cast<size_t>(w));
            else if (w < 0 && errno != EAGAIN) {
                close(c, true);
                return;
            }
            if (c.out.empty())
                setWantWrite(c, false);
        }
        if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
            char buf[65536];
            for (;;) {
                const ssize_t r = ::recv(c.fd, buf, sizeof buf, 0);
                if (r > 0) {
                    c.in.append(buf, static_cast<size_t>(r));
                    if (r < static_cast<ssize_t>(sizeof buf))
                        break;
                    continue;
                }
                if (r == 0 || errno != EAGAIN) {
                    parse(c);
                    if (c.state != State::Refused)
                        ++closedByServer;
                    close(c, false);
                    return;
                }
                break;
            }
            parse(c);
        }
    }

    void parse(Conn &c)
    {
        if (c.state == State::Upgrading) {
            const size_t end = c.in.find("\r\n\r\n");
            if (end == std::string::npos)
                return;
            if (c.in.compare(0, 12, "HTTP/1.1 101") != 0) {
                ++connectErrors;
                close(c, true);
                return;
            }
            c.in.erase(0, end + 4);
            c.state = State::WaitOpen;
        }
        size_t pos = 0;
        while (c.fd >= 0 && c.in.size() - pos >= 2) {
            const auto b0 = static_cast<uint8_t>(c.in[pos]);
            const auto b1 = static_cast<uint8_t>(c.in[pos + 1]);
            size_t header = 2;
            uint64_t len = b1 & 0x7f;
            if (len == 126) {
                if (c.in.size() - pos < 4)
                    break;
                len = (uint64_t(uint8_t(c.in[pos + 2])) << 8) | uint8_t(c.in[pos + 3]);
                header = 4;
            } else if (len == 127) {
                if (c.in.size() - pos < 10)
                    break;
                len = 0;
                for (int i = 0; i < 8; ++i)
                    len = (len << 8) | uint8_t(c.in[pos + 2 + i]);
                header = 10;
            }
            if (c.in.size() - pos - header < len)
                break;
            const std::string_view payload(c.in.data() + pos + header, len);
            const int opcode = b0 & 0x0f;
            if (opcode == 0x1)
                onText(c, payload);
            else if (opcode == 0x8)
                c.state = c.state == State::Refused ? State::Refused : State::Closed;
            pos += header + len;
        }
        c.in.erase(0, pos);
    }

    void onText(Conn &c, std::string_view t)
    {
        if (t == "2") {
            sendText(c, "3");
            return;
        }
        ++c.framesIn;
        if (c.state == State::WaitOpen && t.substr(0, 2) == "0{") {
            c.state = State::WaitConnect;
            sendText(c, "40{\"token\":\"" + tokens[c.tokenIndex].token + "\"}");
            return;
        }
        if (c.state == State::WaitConnect) {
            if (t.substr(0, 3) == "40{") {
                c.state = State::Ready;
                c.readyUs = nowUs();
            } else if (t.substr(0, 2) == "44") {
                c.state = State::Refused;
                ++refused;
            }
            return;
        }
        if (t.substr(0, 2) == "43") {
            ++c.acks;
            return;
        }
        if (t.substr(0, 22) == "42[\"presence_snapshot\"") {
            ++c.snapshots;
            return;
        }
        if (t.substr(0, 25) == "42[\"user_presence_update\"" && !targetIdPattern.empty()) {
            const size_t at = t.find(targetIdPattern);
            if (at == std::string_view::npos)
                return;
            const size_t after = at + targetIdPattern.size();
            if (after < t.size() && t[after] >= '0' && t[after] <= '9')
                return; // a longer id with the same prefix
            ++c.updates;
            if (receiveLog)
                receiveLog->push_back(nowUs());
            if (c.seenTrial != trial) {
                c.seenTrial = trial;
                c.seenUs = nowUs();
            }
        }
    }
};

// ---- helpers ---------------------------------------------------------------------------------

volatile std::sig_atomic_t g_stop = 0; //!< SIGTERM/SIGINT during --listen

//! Writes one number per line; false when the file cannot be written.
bool writeLog(const QString &path, const std::vector<int64_t> &values)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    std::string text;
    text.reserve(values.size() * 16);
    for (const int64_t v : values)
        text += std::to_string(v) + '\n';
    return f.write(text.data(), qint64(text.size())) == qint64(text.size());
}

long readRssKiB(long pid)
{
    FILE *f = std::fopen(("/proc/" + std::to_string(pid) + "/status").c_str(), "r");
    if (!f)
        return -1;
    char line[256];
    long kib = -1;
    while (std::fgets(line, sizeof line, f)) {
        if (std::strncmp(line, "VmRSS:", 6) == 0) {
            kib = std::strtol(line + 6, nullptr, 10);
            break;
        }
    }
    std::fclose(f);
    return kib;
}

//! CPU time of process \a pid in ms: the sum of its threads' run time from
//! /proc/PID/task/*/schedstat (nanoseconds; /proc/PID/stat counts 10 ms ticks, ±5 % on a
//! 1,000-handshake window), else utime + stime from /proc/PID/stat; -1 when unreadable.
double readCpuMs(long pid)
{
    const std::string tasks = "/proc/" + std::to_string(pid) + "/task";
    if (DIR *dir = ::opendir(tasks.c_str())) {
        unsigned long long ns = 0;
        bool any = false;
        while (const dirent *e = ::readdir(dir)) {
            if (e->d_name[0] == '.')
                continue;
            FILE *t = std::fopen((tasks + "/" + e->d_name + "/schedstat").c_str(), "r");
            if (!t)
                continue;
            unsigned long long run = 0;
            if (std::fscanf(t, "%llu", &run) == 1) {
                ns += run;
                any = true;
            }
            std::fclose(t);
        }
        ::closedir(dir);
        if (any)
            return double(ns) / 1e6;
    }
    FILE *f = std::fopen(("/proc/" + std::to_string(pid) + "/stat").c_str(), "r");
    if (!f)
        return -1;
    char buf[1024];
    const size_t n = std::fread(buf, 1, sizeof buf - 1, f);
    std::fclose(f);
    buf[n] = 0;
    // Fields after the command name "(…)", which may hold spaces: state is field 3, utime 14.
    const char *p = std::strrchr(buf, ')');
    if (!p)
        return -1;
    unsigned long long utime = 0, stime = 0;
    if (std::sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime)
        != 2)
        return -1;
    return double(utime + stime) * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return -1;
    std::sort(v.begin(), v.end());
    const auto idx = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size() - 1)));
    return v[std::min(idx, v.size() - 1)];
}

//! GET /api/me with the token: the user's id (-1 on failure). Blocking, 5 s timeout.
long long fetchUserId(const sockaddr_in &addr, const std::string &host, const std::string &token)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    timeval tv{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    const std::string req = "GET /api/me HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer "
        + token + "\r\nConnection: close\r\n\r\n";
    ::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
    std::string resp;
    char buf[4096];
    for (;;) {
        const ssize_t r = ::recv(fd, buf, sizeof buf, 0);
        if (r <= 0)
            break;
        resp.append(buf, static_cast<size_t>(r));
        const size_t end = resp.find("\r\n\r\n");
        if (end != std::string::npos && resp.find('}', end) != std::string::npos)
            break;
    }
    ::close(fd);
    const size_t body = resp.find("\r\n\r\n");
    if (body == std::string::npos)
        return -1;
    const QJsonObject o
        = QJsonDocument::fromJson(QByteArray::fromStdString(resp.substr(body + 4))).object();
    return o.value(QStringLiteral("user_id")).toVariant().toLongLong();
}

struct Options
{
    int connections = 10000;
    int handshakes = 5000;
    int concurrency = 200;
    std::vector<int> fanoutSizes{1000, 10000};
    int trials = 20;
    int activityBurst = 50;
    long serverPid = 0;
    long long targetId = 0;
    std::vector<int> heldLevels; //!< --held: measure at these numbers of open connections
    int window = 1000; //!< handshakes per --held measurement
    bool storm = false;
    int stormDelayMs = 1000; //!< first reconnect delay, socket.io's default
    uint32_t firstToken = 0; //!< --first-token: connection i uses subscriber token first + i
    int trialGapMs = 0; //!< --trial-gap: pause after each fan-out measurement
    QString triggerLog; //!< --trigger-log FILE
    QString receiveLog; //!< --receive-log FILE
    int listenSeconds = 0; //!< --listen: subscribe, log, do nothing else (at most this long)
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sf-loadtool"));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Load generator for a Socket.IO presence server (loopback only)."));
    parser.addHelpOption();
    const QCommandLineOption urlOpt(QStringLiteral("url"),
                                    QStringLiteral("Server URL, http://127.0.0.1:PORT; several "
                                                   "(the nodes of a cluster): connections "
                                                   "round-robin over them."),
                                    QStringLiteral("URL"));
    const QCommandLineOption tokensOpt(
        QStringLiteral("tokens"),
        QStringLiteral("File of 'NAME TOKEN' lines; the last line is the target user whose "
                       "presence changes, the others connect as subscribers."),
        QStringLiteral("FILE"));
    const QCommandLineOption pidOpt(QStringLiteral("server-pid"),
                                    QStringLiteral("Server process id, to read its RSS."),
                                    QStringLiteral("PID"));
    const QCommandLineOption outOpt(QStringLiteral("out"), QStringLiteral("JSON results file."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption nOpt(QStringLiteral("connections"),
                                  QStringLiteral("Idle connections for the memory test (10000)."),
                                  QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption hsOpt(QStringLiteral("handshakes"),
                                   QStringLiteral("Handshakes to time (5000)."),
                                   QStringLiteral("M"), QStringLiteral("5000"));
    const QCommandLineOption ccOpt(QStringLiteral("concurrency"),
                                   QStringLiteral("Handshakes in flight at once (200)."),
                                   QStringLiteral("C"), QStringLiteral("200"));
    const QCommandLineOption fanOpt(QStringLiteral("fanout"),
                                    QStringLiteral("Subscriber counts K, comma separated "
                                                   "(1000,10000); capped at --connections."),
                                    QStringLiteral("K,…"), QStringLiteral("1000,10000"));
    const QCommandLineOption trialsOpt(QStringLiteral("trials"),
                                       QStringLiteral("Fan-out trials per K; each trial is a "
                                                      "connect and a disconnect (20)."),
                                       QStringLiteral("T"), QStringLiteral("20"));
    const QCommandLineOption targetIdOpt(
        QStringLiteral("target-id"),
        QStringLiteral("User id of the target (default: asked from GET /api/me)."),
        QStringLiteral("ID"));
    const QCommandLineOption heldOpt(
        QStringLiteral("held"),
        QStringLiteral("Open the idle connections while measuring handshakes/s and server CPU "
                       "per handshake over the --window handshakes that end at each of these "
                       "numbers of held connections (e.g. 1000,10000,18000). Replaces "
                       "--connections with the largest."),
        QStringLiteral("N,…"));
    const QCommandLineOption windowOpt(QStringLiteral("window"),
                                       QStringLiteral("Handshakes per --held figure (1000)."),
                                       QStringLiteral("W"), QStringLiteral("1000"));
    const QCommandLineOption sourcesOpt(
        QStringLiteral("source-addrs"),
        QStringLiteral("Bind connections round-robin to 127.0.0.1 … 127.0.0.N (1)."),
        QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption stormOpt(
        QStringLiteral("storm"),
        QStringLiteral("At the end, print 'storm: restart the server now', then reconnect every "
                       "connection the server drops (socket.io's backoff: --storm-delay ms "
                       "±50 %, doubling, at most 5 s) and time until all have their "
                       "presence_snapshot again (at most 180 s)."));
    const QCommandLineOption stormDelayOpt(QStringLiteral("storm-delay"),
                                           QStringLiteral("First reconnect delay, ms (1000)."),
                                           QStringLiteral("MS"), QStringLiteral("1000"));
    const QCommandLineOption sourceBaseOpt(
        QStringLiteral("source-base"),
        QStringLiteral("First source address 127.0.0.B (1): processes sharing a run bind "
                       "their own."),
        QStringLiteral("B"), QStringLiteral("1"));
    const QCommandLineOption firstTokenOpt(
        QStringLiteral("first-token"),
        QStringLiteral("Connection i uses subscriber token F + i (0): processes sharing a run "
                       "use their own accounts."),
        QStringLiteral("F"), QStringLiteral("0"));
    const QCommandLineOption gapOpt(
        QStringLiteral("trial-gap"),
        QStringLiteral("Pause after each fan-out measurement, ms (0): time for other "
                       "processes' subscribers to get the update too."),
        QStringLiteral("MS"), QStringLiteral("0"));
    const QCommandLineOption triggerLogOpt(
        QStringLiteral("trigger-log"),
        QStringLiteral("Write the steady-clock time (us) of each fan-out trigger to FILE."),
        QStringLiteral("FILE"));
    const QCommandLineOption receiveLogOpt(
        QStringLiteral("receive-log"),
        QStringLiteral("Write the steady-clock time (us) of every update about the target to "
                       "FILE."),
        QStringLiteral("FILE"));
    const QCommandLineOption listenOpt(
        QStringLiteral("listen"),
        QStringLiteral("Only hold --connections subscribed to the target and log what arrives "
                       "(--receive-log) until SIGTERM or S seconds; prints 'listening: N "
                       "subscribed' when ready."),
        QStringLiteral("S"));
    parser.addOptions({urlOpt,        tokensOpt,     pidOpt,     outOpt,        nOpt,
                       hsOpt,         ccOpt,         fanOpt,     trialsOpt,     targetIdOpt,
                       heldOpt,       windowOpt,     sourcesOpt, stormOpt,      stormDelayOpt,
                       sourceBaseOpt, firstTokenOpt, gapOpt,     triggerLogOpt, receiveLogOpt,
                       listenOpt});
    parser.process(app);

    QTextStream err(stderr);
    std::vector<uint16_t> ports;
    for (const QString &u : parser.values(urlOpt)) {
        const QUrl each(u);
        if (!each.isValid() || each.port() <= 0
            || (each.host() != QLatin1String("127.0.0.1")
                && each.host() != QLatin1String("localhost"))) {
            err << "sf-loadtool: --url must be http://127.0.0.1:PORT (loopback only)\n";
            return 2;
        }
        ports.push_back(static_cast<uint16_t>(each.port()));
    }
    if (ports.empty()) {
        err << "sf-loadtool: --url is required\n";
        return 2;
    }
    const QUrl url(parser.values(urlOpt).first());
    Options opt;
    opt.connections = std::clamp(parser.value(nOpt).toInt(), 0, 50000);
    opt.handshakes = std::clamp(parser.value(hsOpt).toInt(), 0, 200000);
    opt.concurrency = std::clamp(parser.value(ccOpt).toInt(), 1, 5000);
    opt.trials = std::clamp(parser.value(trialsOpt).toInt(), 1, 1000);
    opt.serverPid = parser.value(pidOpt).toLong();
    for (const QString &k : parser.value(heldOpt).split(QLatin1Char(','), Qt::SkipEmptyParts))
        opt.heldLevels.push_back(std::clamp(k.toInt(), 1, 50000));
    std::sort(opt.heldLevels.begin(), opt.heldLevels.end());
    if (!opt.heldLevels.empty())
        opt.connections = opt.heldLevels.back();
    opt.window = std::clamp(parser.value(windowOpt).toInt(), 1, 50000);
    opt.storm = parser.isSet(stormOpt);
    opt.firstToken
        = static_cast<uint32_t>(std::clamp(parser.value(firstTokenOpt).toInt(), 0, 1000000));
    opt.trialGapMs = std::clamp(parser.value(gapOpt).toInt(), 0, 60000);
    opt.triggerLog = parser.value(triggerLogOpt);
    opt.receiveLog = parser.value(receiveLogOpt);
    if (parser.isSet(listenOpt)) {
        opt.listenSeconds = std::clamp(parser.value(listenOpt).toInt(), 1, 3600);
        opt.handshakes = 0; // a listener only holds, subscribes and logs
        opt.heldLevels.clear();
    }
    opt.stormDelayMs = std::clamp(parser.value(stormDelayOpt).toInt(), 0, 60000);
    opt.fanoutSizes.clear();
    for (const QString &k : parser.value(fanOpt).split(QLatin1Char(','), Qt::SkipEmptyParts))
        opt.fanoutSizes.push_back(std::clamp(k.toInt(), 1, opt.connections));

    Client client;
    client.sourceAddrs
        = static_cast<uint32_t>(std::clamp(parser.value(sourcesOpt).toInt(), 1, 250));
    client.sourceBase
        = static_cast<uint32_t>(std::clamp(parser.value(sourceBaseOpt).toInt(), 1, 254));
    if (client.sourceBase + client.sourceAddrs > 255) {
        err << "sf-loadtool: --source-base + --source-addrs must stay within 127.0.0.1-254\n";
        return 2;
    }
    std::vector<int64_t> receiveLog, triggerLog;
    if (!opt.receiveLog.isEmpty())
        client.receiveLog = &receiveLog;
    {
        QFile f(parser.value(tokensOpt));
        if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
            err << "sf-loadtool: cannot read --tokens file\n";
            return 2;
        }
        while (!f.atEnd()) {
            const QList<QByteArray> parts = f.readLine().trimmed().split(' ');
            if (parts.size() == 2)
                client.tokens.push_back({parts[0].toStdString(), parts[1].toStdString()});
        }
    }
    if (client.tokens.size() < 2) {
        err << "sf-loadtool: need at least two tokens (subscribers and a target)\n";
        return 2;
    }
    const auto target = static_cast<uint32_t>(client.tokens.size() - 1);
    const auto subscriberTokens = target; // indexes [0, target)
    const auto tokenFor = [&](size_t i) {
        return static_cast<uint32_t>((opt.firstToken + i) % subscriberTokens);
    };

    // One descriptor per connection plus slack.
    rlimit rl{};
    getrlimit(RLIMIT_NOFILE, &rl);
    const rlim_t need = static_cast<rlim_t>(opt.connections + opt.concurrency + 256);
    if (rl.rlim_cur < need) {
        rl.rlim_cur = std::min(need, rl.rlim_max);
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    if (rl.rlim_cur < need)
        err << "sf-loadtool: warning: RLIMIT_NOFILE " << rl.rlim_cur << " < " << need << "\n";

    client.addr.sin_family = AF_INET;
    client.addr.sin_port = htons(static_cast<uint16_t>(url.port()));
    client.addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    client.hostHeader = "127.0.0.1:" + std::to_string(url.port());
    client.ports = ports;

    opt.targetId = parser.isSet(targetIdOpt)
        ? parser.value(targetIdOpt).toLongLong()
        : fetchUserId(client.addr, client.hostHeader, client.tokens[target].token);
    if (opt.targetId <= 0)
        err << "sf-loadtool: no target user id (GET /api/me failed): fan-out is skipped\n";
    else
        client.targetIdPattern = "\"user_id\":" + std::to_string(opt.targetId);

    QJsonObject results;
    results.insert(QStringLiteral("url"), url.toString());
    results.insert(QStringLiteral("tokens"), static_cast<int>(client.tokens.size()));

    // (b) handshakes per second: M full handshakes, C in flight, each reset once it is done.
    if (opt.handshakes > 0) {
        std::vector<std::unique_ptr<Conn>> inflight;
        int started = 0, done = 0, failed = 0;
        std::vector<double> latencies;
        latencies.reserve(static_cast<size_t>(opt.handshakes));
        const int64_t t0 = nowUs();
        const int64_t deadline = t0 + 120'000'000; // 120 s at most
        while ((done + failed) < opt.handshakes && nowUs() < deadline) {
            while (started < opt.handshakes
                   && static_cast<int>(inflight.size()) < opt.concurrency) {
                inflight.push_back(client.open(tokenFor(size_t(started))));
                ++started;
            }
            client.runUntil([&] { return false; }, 1);
            for (auto &c : inflight) {
                if (c->state == State::Ready) {
                    latencies.push_back(double(c->readyUs - c->startedUs) / 1000.0);
                    ++done;
                    client.close(*c, true);
                } else if (c->state == State::Refused || c->state == State::Closed) {
                    ++failed;
                    client.close(*c, true);
                }
            }
            std::erase_if(inflight, [](const auto &c) { return c->fd < 0; });
        }
        const double secs = double(nowUs() - t0) / 1e6;
        for (auto &c : inflight)
            client.close(*c, true);
        QJsonObject hs;
        hs.insert(QStringLiteral("completed"), done);
        hs.insert(QStringLiteral("failed"), failed);
        hs.insert(QStringLiteral("concurrency"), opt.concurrency);
        hs.insert(QStringLiteral("seconds"), secs);
        hs.insert(QStringLiteral("per_second"), done / secs);
        hs.insert(QStringLiteral("latency_ms_p50"), percentile(latencies, 0.5));
        hs.insert(QStringLiteral("latency_ms_p99"), percentile(latencies, 0.99));
        hs.insert(QStringLiteral("target_per_second"), 3000);
        results.insert(QStringLiteral("handshakes"), hs);
        std::printf("handshakes: %d done, %d failed in %.2f s = %.0f/s (p50 %.1f ms, p99 %.1f ms; "
                    "target >= 3000/s)\n",
                    done, failed, secs, done / secs, percentile(latencies, 0.5),
                    percentile(latencies, 0.99));
        std::fflush(stdout);
        // Let the server finish the disconnects before measuring memory.
        client.runUntil([] { return false; }, 2000);
    }

    // (a) memory per idle authenticated connection.
    std::vector<std::unique_ptr<Conn>> idle;
    if (opt.connections > 0) {
        const long before = opt.serverPid ? readRssKiB(opt.serverPid) : -1;
        idle.reserve(static_cast<size_t>(opt.connections));
        const int64_t t0 = nowUs();
        int ready = 0, lost = 0;
        size_t next = 0;
        // Opens connections (and holds them) until \a upTo have finished their handshake.
        auto openUpTo = [&](int upTo) {
            while (ready + lost < upTo && nowUs() - t0 < 300'000'000) {
                while (idle.size() < static_cast<size_t>(upTo)
                       && static_cast<int>(idle.size()) - ready - lost < opt.concurrency)
                    idle.push_back(client.open(tokenFor(idle.size())));
                client.runUntil([] { return false; }, 1);
                for (; next < idle.size(); ++next) {
                    const State s = idle[next]->state;
                    if (s == State::Ready)
                        ++ready;
                    else if (s == State::Refused || s == State::Closed)
                        ++lost;
                    else
                        break; // in order is good enough: count the rest next round
                }
            }
        };
        // (e) Handshakes while every earlier connection stays open: the window of W handshakes
        // that ends at each level, timed and charged with the server's CPU in that window.
        QJsonArray held;
        for (const int level : opt.heldLevels) {
            const int from = std::max(ready + lost, level - opt.window);
            openUpTo(from);
            const int doneBefore = ready;
            const double cpu0 = opt.serverPid ? readCpuMs(opt.serverPid) : -1;
            const int64_t w0 = nowUs();
            openUpTo(level);
            const double secs = double(nowUs() - w0) / 1e6;
            const double cpu1 = opt.serverPid ? readCpuMs(opt.serverPid) : -1;
            const int n = ready - doneBefore;
            QJsonObject h;
            h.insert(QStringLiteral("held"), ready);
            h.insert(QStringLiteral("handshakes"), n);
            h.insert(QStringLiteral("failed"), lost);
            h.insert(QStringLiteral("seconds"), secs);
            h.insert(QStringLiteral("per_second"), n / secs);
            if (cpu0 >= 0 && cpu1 >= 0 && n > 0)
                h.insert(QStringLiteral("server_cpu_ms_per_handshake"), (cpu1 - cpu0) / n);
            held.append(h);
            std::printf("held: %d handshakes ending at %d held connections (%d failed so far): "
                        "%.0f/s, server CPU %.3f ms per handshake\n",
                        n, ready, lost, n / secs, n > 0 ? (cpu1 - cpu0) / n : -1.0);
            std::fflush(stdout);
        }
        if (!held.isEmpty())
            results.insert(QStringLiteral("held"), held);
        openUpTo(opt.connections);
        const double openSecs = double(nowUs() - t0) / 1e6;
        client.runUntil([] { return false; }, 2000); // let the server settle
        const long after = opt.serverPid ? readRssKiB(opt.serverPid) : -1;
        QJsonObject mem;
        mem.insert(QStringLiteral("connections"), ready);
        mem.insert(QStringLiteral("failed"), lost);
        mem.insert(QStringLiteral("open_seconds"), openSecs);
        if (before > 0 && after > 0 && ready > 0) {
            const double perConn = double(after - before) * 1024.0 / ready;
            mem.insert(QStringLiteral("rss_before_kib"), static_cast<qint64>(before));
            mem.insert(QStringLiteral("rss_after_kib"), static_cast<qint64>(after));
            mem.insert(QStringLiteral("bytes_per_connection"), perConn);
            std::printf("memory: %d idle connections, server RSS %ld -> %ld KiB = %.0f bytes "
                        "(%.1f KiB) per connection (target <= 16 KiB)\n",
                        ready, before, after, perConn, perConn / 1024.0);
        } else {
            std::printf("memory: %d idle connections open (no --server-pid: RSS not read)\n",
                        ready);
        }
        mem.insert(QStringLiteral("target_bytes_per_connection"), 16384);
        results.insert(QStringLiteral("memory"), mem);
        std::fflush(stdout);
    }

    // (c) fan-out latency, (d) quiet activity.
    QJsonArray fanouts;
    int subscribed = 0;
    auto subscribeUpTo = [&](int k) {
        const std::string sub
            = "421[\"presence_subscribe\",{\"user_ids\":[" + std::to_string(opt.targetId) + "]}]";
        std::vector<Conn *> asked;
        for (; subscribed < k && subscribed < static_cast<int>(idle.size()); ++subscribed) {
            Conn &c = *idle[static_cast<size_t>(subscribed)];
            if (c.state == State::Ready) {
                client.sendText(c, sub);
                asked.push_back(&c);
            }
        }
        client.runUntil(
            [&] {
                return std::all_of(asked.begin(), asked.end(),
                                   [](Conn *c) { return c->acks > 0 || c->fd < 0; });
            },
            30000);
    };
    if (opt.listenSeconds > 0) {
        // A listener: its subscribers are part of another process' fan-out (run_cluster.sh).
        struct sigaction sa
        {
        };
        sa.sa_handler = [](int) {
            g_stop = 1;
        };
        sigemptyset(&sa.sa_mask);
        sigaction(SIGTERM, &sa, nullptr); // no SA_RESTART: epoll_wait returns at once
        sigaction(SIGINT, &sa, nullptr);
        if (opt.targetId > 0)
            subscribeUpTo(static_cast<int>(idle.size()));
        int ready = 0;
        for (const auto &c : idle)
            ready += c->state == State::Ready ? 1 : 0;
        std::printf("listening: %d subscribed\n", ready);
        std::fflush(stdout);
        client.runUntil([] { return g_stop != 0; }, opt.listenSeconds * 1000);
        int still = 0;
        for (const auto &c : idle)
            still += c->state == State::Ready ? 1 : 0;
        std::printf("listened: %zu updates about the target, %d of %d still connected\n",
                    receiveLog.size(), still, ready);
        std::fflush(stdout);
        opt.fanoutSizes.clear();
    }
    std::unique_ptr<Conn> targetConn;
    for (const int k : opt.fanoutSizes) {
        if (opt.targetId <= 0 || idle.empty())
            break;
        subscribeUpTo(k);
        std::vector<Conn *> subs;
        for (int i = 0; i < subscribed; ++i)
            if (idle[static_cast<size_t>(i)]->state == State::Ready)
                subs.push_back(idle[static_cast<size_t>(i)].get());
        std::vector<double> onlineMs, offlineMs;
        int missed = 0;
        auto measure = [&](std::vector<double> &into, auto trigger) {
            ++client.trial;
            const int64_t t0 = nowUs();
            triggerLog.push_back(t0);
            trigger();
            const bool all = client.runUntil(
                [&] {
                    return std::all_of(subs.begin(), subs.end(), [&](Conn *c) {
                        return c->seenTrial == client.trial || c->fd < 0;
                    });
                },
                5000);
            int64_t last = t0;
            for (Conn *c : subs)
                if (c->seenTrial == client.trial)
                    last = std::max(last, c->seenUs);
            if (all)
                into.push_back(double(last - t0) / 1000.0);
            else
                ++missed;
            if (opt.trialGapMs > 0)
                client.runUntil([] { return false; }, opt.trialGapMs);
        };
        for (int trial = 0; trial < opt.trials; ++trial) {
            // The target connects: offline → online for every subscriber. Timed from CONNECT.
            targetConn = client.open(target);
            client.runUntil(
                [&] {
                    return targetConn->state != State::Connecting
                        && targetConn->state != State::Upgrading
                        && targetConn->state != State::WaitOpen;
                },
                5000);
            // The tool sends CONNECT on the open packet; the clock starts with it.
            measure(onlineMs, [] {});
            // The target leaves: online → active. Timed from the close.
            measure(offlineMs, [&] { client.close(*targetConn, false); });
            client.runUntil([] { return false; }, 20); // a short gap between trials
        }
        std::vector<double> all = onlineMs;
        all.insert(all.end(), offlineMs.begin(), offlineMs.end());
        QJsonObject f;
        f.insert(QStringLiteral("subscribers"), static_cast<int>(subs.size()));
        f.insert(QStringLiteral("samples"), static_cast<int>(all.size()));
        f.insert(QStringLiteral("missed"), missed);
        f.insert(QStringLiteral("p50_ms"), percentile(all, 0.5));
        f.insert(QStringLiteral("p99_ms"), percentile(all, 0.99));
        f.insert(QStringLiteral("max_ms"),
                 all.empty() ? -1 : *std::max_element(all.begin(), all.end()));
        f.insert(QStringLiteral("connect_p50_ms"), percentile(onlineMs, 0.5));
        f.insert(QStringLiteral("disconnect_p50_ms"), percentile(offlineMs, 0.5));
        f.insert(QStringLiteral("target_p99_ms"), k >= 10000 ? 150 : 20);
        fanouts.append(f);
        std::printf("fan-out K=%zu: %zu samples, p50 %.2f ms, p99 %.2f ms, max %.2f ms, %d missed "
                    "(target p99 <= %d ms)\n",
                    subs.size(), all.size(), percentile(all, 0.5), percentile(all, 0.99),
                    all.empty() ? -1.0 : *std::max_element(all.begin(), all.end()), missed,
                    k >= 10000 ? 150 : 20);
        std::fflush(stdout);

        // (d) once, at the first K: activity of an online user changes nothing → no frames.
        if (!results.contains(QStringLiteral("quiet_activity"))) {
            ++client.trial; // a fresh trial: wait for THIS connect's update everywhere
            targetConn = client.open(target);
            client.runUntil([&] { return targetConn->state == State::Ready || targetConn->fd < 0; },
                            5000);
            // Let the connect's own updates arrive, then count from zero.
            client.runUntil(
                [&] {
                    return std::all_of(subs.begin(), subs.end(), [&](Conn *c) {
                        return c->seenTrial == client.trial || c->fd < 0;
                    });
                },
                5000);
            client.runUntil([] { return false; }, 200);
            uint64_t framesBefore = 0;
            for (Conn *c : subs)
                framesBefore += c->framesIn;
            for (int i = 0; i < opt.activityBurst; ++i)
                client.sendText(*targetConn,
                                "42" + std::to_string(100 + i) + "[\"user_activity\",{}]");
            const bool acked = client.runUntil(
                [&] { return targetConn->acks >= static_cast<uint32_t>(opt.activityBurst); }, 5000);
            client.runUntil([] { return false; }, 500); // anything the server would send
            uint64_t framesAfter = 0;
            for (Conn *c : subs)
                framesAfter += c->framesIn;
            QJsonObject q;
            q.insert(QStringLiteral("subscribers"), static_cast<int>(subs.size()));
            q.insert(QStringLiteral("activity_events"), opt.activityBurst);
            q.insert(QStringLiteral("all_acked"), acked);
            q.insert(QStringLiteral("frames_to_subscribers"),
                     static_cast<qint64>(framesAfter - framesBefore));
            results.insert(QStringLiteral("quiet_activity"), q);
            std::printf("quiet activity: %d user_activity events (%s) -> %llu frames to %zu "
                        "subscribers (target 0)\n",
                        opt.activityBurst, acked ? "all acked" : "NOT all acked",
                        static_cast<unsigned long long>(framesAfter - framesBefore), subs.size());
            std::fflush(stdout);
            client.close(*targetConn, false);
            client.runUntil([] { return false; }, 100);
        }
    }
    results.insert(QStringLiteral("fanout"), fanouts);

    // (f) Reconnect storm: the server restarts (the caller does that on the same port);
    // every dropped connection comes back the way a socket.io client does.
    if (opt.storm && !idle.empty()) {
        const size_t n = idle.size();
        for (auto &c : idle)
            c->snapshots = 0;
        std::printf("storm: holding %zu connections; restart the server now\n", n);
        std::fflush(stdout);
        std::vector<int64_t> retryAt(n, 0); // 0: connected (or never seen closed)
        std::vector<int> attempts(n, 0);
        uint32_t rng = 0x2545f491u;
        auto delayUs = [&](int attempt) {
            rng ^= rng << 13;
            rng ^= rng >> 17;
            rng ^= rng << 5;
            const double base = std::min(5000.0, opt.stormDelayMs * std::pow(2.0, attempt));
            const double jitter = 0.5 + double(rng % 10001) / 10000.0; // 0.5 … 1.5
            return int64_t(std::min(5000.0, base * jitter) * 1000.0);
        };
        int64_t firstClose = 0, firstBack = 0, allBack = 0;
        uint64_t tries = 0;
        const int64_t deadline = nowUs() + 180'000'000;
        while (nowUs() < deadline) {
            client.runUntil([] { return false; }, 5);
            const int64_t t = nowUs();
            size_t back = 0;
            for (size_t i = 0; i < n; ++i) {
                Conn &c = *idle[i];
                if (c.fd >= 0) {
                    if (c.snapshots > 0 && firstClose != 0) {
                        ++back;
                        if (firstBack == 0 || c.readyUs < firstBack)
                            firstBack = c.readyUs;
                    }
                    continue;
                }
                if (firstClose == 0)
                    firstClose = t;
                if (retryAt[i] == 0) {
                    retryAt[i] = t + delayUs(attempts[i]);
                } else if (t >= retryAt[i]) {
                    ++attempts[i];
                    ++tries;
                    idle[i] = client.open(c.tokenIndex);
                    retryAt[i] = idle[i]->fd >= 0 ? 0 : t + delayUs(attempts[i]);
                }
            }
            if (firstClose != 0 && back == n) {
                allBack = t;
                break;
            }
        }
        QJsonObject st;
        st.insert(QStringLiteral("connections"), static_cast<qint64>(n));
        st.insert(QStringLiteral("reconnect_attempts"), static_cast<qint64>(tries));
        st.insert(QStringLiteral("all_back"), allBack != 0);
        if (allBack != 0) {
            st.insert(QStringLiteral("seconds_from_first_close"),
                      double(allBack - firstClose) / 1e6);
            st.insert(QStringLiteral("seconds_from_first_reconnect"),
                      double(allBack - firstBack) / 1e6);
        }
        results.insert(QStringLiteral("storm"), st);
        if (allBack != 0)
            std::printf("storm: all %zu back with their presence_snapshot %.2f s after the first "
                        "close, %.2f s after the first one was back (%llu connect attempts)\n",
                        n, double(allBack - firstClose) / 1e6, double(allBack - firstBack) / 1e6,
                        static_cast<unsigned long long>(tries));
        else
            std::printf("storm: NOT all back within 180 s\n");
        std::fflush(stdout);
    }
    results.insert(QStringLiteral("connect_errors"), static_cast<qint64>(client.connectErrors));
    results.insert(QStringLiteral("refused"), static_cast<qint64>(client.refused));
    results.insert(QStringLiteral("closed_by_server"), static_cast<qint64>(client.closedByServer));

    for (auto &c : idle)
        client.close(*c, true);
    if (!opt.triggerLog.isEmpty() && !writeLog(opt.triggerLog, triggerLog)) {
        err << "sf-loadtool: cannot write --trigger-log file\n";
        return 1;
    }
    if (!opt.receiveLog.isEmpty() && !writeLog(opt.receiveLog, receiveLog)) {
        err << "sf-loadtool: cannot write --receive-log file\n";
        return 1;
    }
    if (parser.isSet(outOpt)) {
        QFile out(parser.value(outOpt));
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            err << "sf-loadtool: cannot write --out file\n";
            return 1;
        }
        out.write(QJsonDocument(results).toJson());
    }
    return 0;
}
