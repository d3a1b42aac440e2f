#pragma once
// The properties the HTTP request path must keep for any bytes a client sends, shared by the
// libFuzzer target fuzz_http and the smoke test tst_httpfuzzsmoke. The bytes are cut into
// requests as Qt 6.4's parser does (request line, header lines up to an empty line, a
// Content-Length body), and every request goes through HttpGuard::check, the verdict HttpFront
// acts on. Returns an empty string, or what was violated.
#include "server/httpguard.h"

#include <QByteArrayView>
#include <QString>

#include <algorithm>
#include <iterator>

namespace SmartFixer::Fuzz {

inline QString checkHttpVerdict(const HttpRequestLine *line,
                                const QList<QPair<QByteArray, QByteArray>> &headers,
                                const HttpVerdict &v)
{
    static const int known[] = {0, 400, 403, 404, 421, 501, 505};
    if (std::find(std::begin(known), std::end(known), v.status) == std::end(known))
        return QStringLiteral("unexpected status %1").arg(v.status);
    if (v.status != 0) {
        if (v.message.isEmpty())
            return QStringLiteral("an error without a message");
        return {};
    }
    if (!line)
        return QStringLiteral("accepted without a request line");
    int lengths = 0;
    bool te = false;
    for (const auto &[name, value] : headers) {
        if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            ++lengths;
            for (char c : value.trimmed()) {
                if (c < '0' || c > '9')
                    return QStringLiteral("accepted a malformed Content-Length");
            }
        }
        if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0)
            te = true;
        if (name.compare("host", Qt::CaseInsensitive) == 0
            && !HttpGuard::hostAllowed(value, {}, QStringLiteral("fuzzhost")))
            return QStringLiteral("accepted a Host that is not ours");
    }
    if (lengths > 1)
        return QStringLiteral("accepted two Content-Length headers");
    if (lengths == 1 && te)
        return QStringLiteral("accepted Transfer-Encoding with Content-Length");
    if (v.segments.isEmpty() || !v.segments.first().isEmpty())
        return QStringLiteral("accepted a path that does not start with '/'");
    for (const QString &s : v.segments) {
        for (QChar c : s) {
            if (c.category() == QChar::Other_Control)
                return QStringLiteral("a control character in a routed segment");
        }
    }
    return {};
}

//! Runs the bytes of one client connection through the guard, request by request.
inline QString checkHttpInput(QByteArrayView data)
{
    qsizetype pos = 0;
    for (int request = 0; request < 16 && pos < data.size(); ++request) {
        // Qt skips whitespace left over before a request line.
        while (pos < data.size() && QByteArrayView("\v\n\r \t").contains(data[pos]))
            ++pos;
        const qsizetype nl = data.indexOf('\n', pos);
        if (nl < 0)
            return {}; // incomplete: Qt waits, then the idle timer closes it
        QByteArrayView lineBytes = data.sliced(pos, nl - pos);
        if (lineBytes.endsWith('\r'))
            lineBytes.chop(1);
        pos = nl + 1;
        const auto line = HttpGuard::parseRequestLine(lineBytes);
        QList<QPair<QByteArray, QByteArray>> headers;
        bool complete = false;
        while (pos < data.size() && headers.size() < 200) {
            const qsizetype end = data.indexOf('\n', pos);
            if (end < 0)
                break;
            QByteArrayView h = data.sliced(pos, end - pos);
            pos = end + 1;
            if (h.endsWith('\r'))
                h.chop(1);
            if (h.isEmpty()) {
                complete = true;
                break;
            }
            const qsizetype colon = h.indexOf(':');
            if (colon < 0)
                headers.append({h.toByteArray(), QByteArray()});
            else
                headers.append(
                    {h.first(colon).toByteArray(), h.sliced(colon + 1).trimmed().toByteArray()});
        }
        if (!complete)
            return {};
        for (const HttpHostPolicy &policy :
             {HttpHostPolicy{}, HttpHostPolicy{{QStringLiteral("*")}, {QStringLiteral("*")}}}) {
            const HttpVerdict v = HttpGuard::check(line ? &*line : nullptr, headers, policy,
                                                   QStringLiteral("fuzzhost"));
            if (policy.allowedHosts.isEmpty()) {
                const QString problem = checkHttpVerdict(line ? &*line : nullptr, headers, v);
                if (!problem.isEmpty())
                    return problem;
            }
            if (v.status != 0 && v.close)
                return {}; // HttpFront closes here: the rest is never read
        }
        if (line)
            (void)HttpGuard::rawPathSegments(line->target);
        // The body, as framed by the (single, digits-only) Content-Length.
        for (const auto &[name, value] : headers) {
            if (name.compare("content-length", Qt::CaseInsensitive) == 0)
                pos += std::min<qint64>(value.toLongLong(), data.size() - pos);
            if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0)
                return {}; // chunked body: not followed further here
        }
    }
    return {};
}

} // namespace SmartFixer::Fuzz
