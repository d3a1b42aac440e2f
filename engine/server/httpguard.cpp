#include "httpguard.h"

#include <QHostAddress>
#include <QUrl>

namespace SmartFixer::HttpGuard {

namespace {

bool isTokenChar(char c)
{
    // RFC 9110 tchar
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isDigits(QByteArrayView v)
{
    if (v.isEmpty())
        return false;
    for (char c : v) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

//! Whether the comma-separated header \a value lists \a token (case-insensitive).
bool listsToken(QByteArrayView value, QByteArrayView token)
{
    for (const QByteArrayView part : QByteArray(value.toByteArray()).split(',')) {
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

//! Splits "name[:port]" / "[v6][:port]" into the name (brackets kept off) and whether the
//! port part is well-formed.
std::optional<QString> hostName(QByteArrayView host)
{
    host = host.trimmed();
    if (host.isEmpty() || host.size() > 255)
        return std::nullopt;
    QByteArrayView name = host;
    QByteArrayView port;
    if (host.startsWith('[')) {
        const qsizetype close = host.indexOf(']');
        if (close < 0)
            return std::nullopt;
        name = host.sliced(1, close - 1);
        const QByteArrayView rest = host.sliced(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(':'))
                return std::nullopt;
            port = rest.sliced(1);
        }
        QHostAddress a;
        if (!a.setAddress(QString::fromLatin1(name)) || a.protocol() != QHostAddress::IPv6Protocol)
            return std::nullopt;
    } else {
        const qsizetype colon = host.lastIndexOf(':');
        if (colon >= 0) {
            name = host.first(colon);
            port = host.sliced(colon + 1);
        }
    }
    if (!port.isEmpty() && (!isDigits(port) || port.size() > 5))
        return std::nullopt;
    for (char c : name) {
        // Letters, digits, '-', '.', and ':' for bracketed IPv6; nothing else belongs in a name.
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
              || c == '.' || c == ':' || c == '%'))
            return std::nullopt;
    }
    QString n = QString::fromLatin1(name).toLower();
    if (n.endsWith(u'.'))
        n.chop(1); // "localhost." is "localhost"
    return n;
}

} // namespace

std::optional<HttpRequestLine> parseRequestLine(QByteArrayView line)
{
    if (line.size() > MaxRequestLineBytes)
        return std::nullopt;
    const qsizetype sp1 = line.indexOf(' ');
    if (sp1 <= 0)
        return std::nullopt;
    const qsizetype sp2 = line.indexOf(' ', sp1 + 1);
    if (sp2 < 0 || sp2 == sp1 + 1)
        return std::nullopt;
    HttpRequestLine r;
    r.method = line.first(sp1).toByteArray();
    for (char c : r.method) {
        if (!isTokenChar(c))
            return std::nullopt;
    }
    r.target = line.sliced(sp1 + 1, sp2 - sp1 - 1).toByteArray();
    for (char c : r.target) {
        // Only visible ASCII in a target (RFC 9112 3.2); anything else is a different request
        // to every parser.
        if (c <= 0x20 || c >= 0x7f)
            return std::nullopt;
    }
    const QByteArrayView version = line.sliced(sp2 + 1);
    if (version.size() != 8 || !version.startsWith("HTTP/") || version[6] != '.' || version[5] < '0'
        || version[5] > '9' || version[7] < '0' || version[7] > '9')
        return std::nullopt;
    r.major = version[5] - '0';
    r.minor = version[7] - '0';
    return r;
}

std::optional<QStringList> rawPathSegments(QByteArrayView target)
{
    if (!target.startsWith('/'))
        return std::nullopt; // absolute-form, authority-form and "*" are not served
    qsizetype end = target.indexOf('?');
    if (const qsizetype hash = target.indexOf('#'); hash >= 0 && (end < 0 || hash < end))
        end = hash;
    const QByteArrayView path = end < 0 ? target : target.first(end);
    QStringList segments;
    qsizetype start = 0;
    while (true) {
        const qsizetype slash = path.indexOf('/', start);
        const QByteArrayView raw
            = slash < 0 ? path.sliced(start) : path.sliced(start, slash - start);
        QByteArray decoded;
        decoded.reserve(raw.size());
        for (qsizetype i = 0; i < raw.size(); ++i) {
            if (raw[i] == '%') {
                if (i + 2 >= raw.size())
                    return std::nullopt;
                const int hi = hexValue(raw[i + 1]);
                const int lo = hexValue(raw[i + 2]);
                if (hi < 0 || lo < 0)
                    return std::nullopt;
                decoded.append(char(hi * 16 + lo));
                i += 2;
            } else {
                decoded.append(raw[i]);
            }
        }
        const QString text = QString::fromUtf8(decoded);
        if (text.toUtf8() != decoded)
            return std::nullopt; // invalid UTF-8
        for (QChar c : text) {
            if (c.category() == QChar::Other_Control)
                return std::nullopt;
        }
        segments.append(text);
        if (slash < 0)
            break;
        start = slash + 1;
    }
    return segments;
}

bool hostAllowed(QByteArrayView host, const HttpHostPolicy &policy, const QString &machineName)
{
    const auto name = hostName(host);
    if (!name)
        return false;
    if (policy.allowedHosts.contains(QStringLiteral("*")))
        return true;
    // An IP literal cannot be rebound: a page of evil.example that resolves to 127.0.0.1 still
    // sends "Host: evil.example".
    QHostAddress address;
    if (address.setAddress(*name))
        return true;
    if (*name == u"localhost" || name->endsWith(u".localhost"))
        return true;
    if (!machineName.isEmpty()
        && (name->compare(machineName, Qt::CaseInsensitive) == 0
            || name->compare(machineName + u".local", Qt::CaseInsensitive) == 0))
        return true;
    for (const QString &allowed : policy.allowedHosts) {
        if (name->compare(allowed, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool originAllowed(QByteArrayView origin, QByteArrayView host, const HttpHostPolicy &policy)
{
    const QString o = QString::fromLatin1(origin.trimmed());
    if (policy.allowedOrigins.contains(QStringLiteral("*")))
        return true;
    for (const QString &allowed : policy.allowedOrigins) {
        if (o.compare(allowed, Qt::CaseInsensitive) == 0)
            return true;
    }
    // Same origin: "http://" + the Host the request went to (python-socketio's WebSocket
    // client sends exactly this). With the Host check first, this cannot be a rebound name.
    return o.compare(QStringLiteral("http://") + QString::fromLatin1(host.trimmed()),
                     Qt::CaseInsensitive)
        == 0;
}

HttpVerdict check(const HttpRequestLine *line, const QList<QPair<QByteArray, QByteArray>> &headers,
                  const HttpHostPolicy &policy, const QString &machineName)
{
    HttpVerdict v;
    auto fail = [&v](int status, const char *message, bool close) {
        v.status = status;
        v.message = QString::fromLatin1(message);
        v.close = close;
        v.keepAlive = v.keepAlive && !close;
        return v;
    };
    if (!line)
        return fail(400, "malformed request line", true);
    if (line->major != 1 || line->minor > 1)
        return fail(505, "only HTTP/1.0 and HTTP/1.1 are served", true);

    int contentLengths = 0;
    int hosts = 0;
    int origins = 0;
    QByteArray host;
    QByteArray origin;
    QByteArray contentLength;
    bool transferEncoding = false;
    bool connectionClose = false;
    bool connectionKeepAlive = false;
    for (const auto &[name, value] : headers) {
        if (name.isEmpty())
            return fail(400, "malformed header", true);
        for (char c : name) {
            if (!isTokenChar(c))
                return fail(400, "malformed header name", true);
        }
        if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            ++contentLengths;
            contentLength = value.trimmed();
        } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            transferEncoding = true;
        } else if (name.compare("host", Qt::CaseInsensitive) == 0) {
            ++hosts;
            host = value;
        } else if (name.compare("origin", Qt::CaseInsensitive) == 0) {
            ++origins;
            origin = value;
        } else if (name.compare("connection", Qt::CaseInsensitive) == 0) {
            connectionClose = connectionClose || listsToken(value, "close");
            connectionKeepAlive = connectionKeepAlive || listsToken(value, "keep-alive");
        }
    }
    v.keepAlive = line->minor == 0 ? connectionKeepAlive && !connectionClose : !connectionClose;

    // Framing (RFC 9112 6.3): two lengths, or a length next to a transfer coding, means a proxy
    // in front and we could disagree where this request ends: the rest would become a request of
    // its own. Qt reads only the first Content-Length and takes "...chunked..." anywhere as
    // chunked, so refuse everything but one plain length or one plain "chunked".
    if (contentLengths > 1)
        return fail(400, "more than one Content-Length", true);
    if (contentLengths == 1 && (!isDigits(contentLength) || contentLength.size() > 18))
        return fail(400, "malformed Content-Length", true);
    if (transferEncoding && contentLengths > 0)
        return fail(400, "Transfer-Encoding together with Content-Length", true);
    if (transferEncoding) {
        int encodings = 0;
        for (const auto &[name, value] : headers) {
            if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
                ++encodings;
                if (value.trimmed().compare("chunked", Qt::CaseInsensitive) != 0)
                    return fail(501, "only the chunked transfer coding is supported", true);
            }
        }
        if (encodings > 1)
            return fail(400, "more than one Transfer-Encoding", true);
        if (line->minor == 0)
            return fail(400, "Transfer-Encoding in an HTTP/1.0 request", true);
    }

    if (hosts > 1)
        return fail(400, "more than one Host", true);
    if (hosts == 0 && line->minor == 1)
        return fail(400, "HTTP/1.1 request without Host", true);
    if (hosts == 1 && !hostAllowed(host, policy, machineName))
        return fail(421, "this server does not answer to that Host name", true);
    if (origins > 1)
        return fail(403, "more than one Origin", true);
    if (origins == 1 && !originAllowed(origin, host, policy))
        return fail(403, "cross-origin requests are not allowed", true);

    const auto segments = rawPathSegments(line->target);
    if (!segments)
        return fail(400, "malformed request target", false);
    v.segments = *segments;
    return v;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 413:
        return "Payload Too Large";
    case 421:
        return "Misdirected Request";
    case 426:
        return "Upgrade Required";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Status";
    }
}

} // namespace SmartFixer::HttpGuard
