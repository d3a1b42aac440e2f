#pragma once
// HttpGuard: pure checks of one HTTP request as the client sent it (request line, headers),
// applied by HttpFront before anything is routed. They refuse what Qt 6.4's parser would frame
// differently from a proxy (duplicate Content-Length, Transfer-Encoding with Content-Length),
// route on the raw path (an encoded '/' stays inside its segment), and refuse Host names and
// browser Origins the server does not answer to (DNS rebinding, cross-site requests).
#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QtGlobal>
#include <optional>

namespace SmartFixer {

//! The request line "METHOD SP TARGET SP HTTP/x.y", as the client sent it.
struct HttpRequestLine
{
    QByteArray method;
    QByteArray target; //!< raw, still percent-encoded
    int major = 1;
    int minor = 1;
};

//! Which Host and Origin headers a server accepts.
struct HttpHostPolicy
{
    //! Extra Host names (no port) the server answers to, besides IP literals and "localhost";
    //! "*" accepts any Host (for a reverse proxy that rewrites it).
    QStringList allowedHosts;
    //! Browser Origins ("http://name:port", exact) allowed on REST and WebSocket; "*" any.
    //! A request without Origin (every non-browser client) is not affected.
    QStringList allowedOrigins;
};

//! What HttpFront does with a request.
struct HttpVerdict
{
    int status = 0; //!< 0 = go on and route it; else answer this error
    QString message; //!< the JSON error text
    bool close = false; //!< close the connection after the answer
    bool keepAlive = true; //!< HTTP/1.1 without "Connection: close", or 1.0 with keep-alive
    QStringList segments; //!< the raw path split at '/', each segment decoded on its own
};

//! Limits of HttpListener and HttpFront (options of smartfixer-server).
struct HttpFrontLimits
{
    qint64 maxRequestBytes = 128 * 1024; //!< bytes without a complete request before abort
    int idleTimeoutMs = 30000; //!< ms without a complete request before abort
    //! Answers written but not yet taken by the client (pipelined requests whose replies are
    //! never read): past this the connection is dropped. bytes
    qint64 maxQueuedOutputBytes = 1024 * 1024;
    //! Open TCP connections in total (HTTP and WebSocket); at the limit the listener stops
    //! accepting (the kernel queues, then refuses) and resumes below it. 0 = derived from
    //! RLIMIT_NOFILE at start (the soft limit minus a reserve for the database and logs).
    int maxConnections = 0;
    //! Open connections per client address; more are closed at once. 0 = no limit.
    int maxConnectionsPerAddress = 256;
    //! Loopback peers are this machine's own users and the benchmarks: by default only the
    //! total limit applies to them.
    bool perAddressLimitOnLoopback = false;
    HttpHostPolicy hostPolicy;
};

namespace HttpGuard {

constexpr int MaxRequestLineBytes = 8192;

//! Parses one request line (no line ending). nullopt when it is not METHOD SP TARGET SP HTTP/d.d.
std::optional<HttpRequestLine> parseRequestLine(QByteArrayView line);

//! The path of an origin-form \a target ("/a/b?q") split at '/' on the raw bytes, every segment
//! percent-decoded on its own; the first element is "" (the path starts with '/'). nullopt when
//! the target is not origin-form or a segment decodes to invalid UTF-8 or a control character.
std::optional<QStringList> rawPathSegments(QByteArrayView target);

//! Whether \a host (a Host header value, maybe with ":port") names this server: an IP literal,
//! "localhost" (or a name under .localhost), this machine's host name, or one of the policy's.
bool hostAllowed(QByteArrayView host, const HttpHostPolicy &policy, const QString &machineName);

//! Whether a browser \a origin may talk to us: allowed by the policy, or the same origin as the
//! (already checked) \a host, i.e. a page the server itself would have served.
bool originAllowed(QByteArrayView origin, QByteArrayView host, const HttpHostPolicy &policy);

//! All checks of one request; \a line is null when the request line could not be captured.
HttpVerdict check(const HttpRequestLine *line, const QList<QPair<QByteArray, QByteArray>> &headers,
                  const HttpHostPolicy &policy, const QString &machineName);

//! "Reason phrase" for a status code (HTTP/1.1 status lines).
QByteArray reasonPhrase(int status);

} // namespace HttpGuard
} // namespace SmartFixer
