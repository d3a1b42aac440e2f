#include "serverurl.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace SmartFixer {

namespace {
ServerUrlCheck problem(ServerUrlCheck::Problem p, const QString &detail)
{
    ServerUrlCheck c;
    c.problem = p;
    c.detail = detail;
    return c;
}

//! A DNS name of letters, digits and hyphens per label (RFC 1123), or an IDN QUrl accepts.
bool validHostName(const QString &host)
{
    static const QRegularExpression label(QStringLiteral("^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$"));
    if (host.isEmpty() || host.size() > 253)
        return false;
    const QString ace = QString::fromLatin1(QUrl::toAce(host));
    if (ace.isEmpty())
        return false;
    const QStringList labels = ace.split(QLatin1Char('.'));
    for (const QString &l : labels) {
        if (!label.match(l).hasMatch())
            return false;
    }
    return true;
}
} // namespace

QString ServerUrlCheck::message() const
{
    switch (problem) {
    case None:
        return {};
    case Empty:
        return QStringLiteral("no server address given");
    case Scheme:
        return QStringLiteral("unsupported scheme \"%1\" (use http or https)").arg(detail);
    case Host:
        return QStringLiteral("\"%1\" is not a host name or IP address").arg(detail);
    case Port:
        return QStringLiteral("port %1 is out of range (1-65535)").arg(detail);
    case Extra:
        return QStringLiteral("unexpected \"%1\" in the server address").arg(detail);
    }
    return {};
}

ServerUrlCheck checkServerUrl(const QString &input)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return problem(ServerUrlCheck::Empty, {});
    QString scheme = QStringLiteral("http");
    QString rest = text;
    const qsizetype sep = text.indexOf(QLatin1String("://"));
    if (sep >= 0) {
        scheme = text.left(sep).toLower();
        rest = text.mid(sep + 3);
    }
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https")
        && scheme != QLatin1String("ws") && scheme != QLatin1String("wss"))
        return problem(ServerUrlCheck::Scheme, text.left(sep));

    // authority = up to the first '/', '?' or '#'.
    qsizetype end = rest.size();
    for (QChar c : {QLatin1Char('/'), QLatin1Char('?'), QLatin1Char('#')}) {
        const qsizetype i = rest.indexOf(c);
        if (i >= 0 && i < end)
            end = i;
    }
    const QString authority = rest.left(end);
    const QString tail = rest.mid(end);
    if (authority.contains(QLatin1Char('@')))
        return problem(ServerUrlCheck::Extra,
                       authority.left(authority.indexOf(QLatin1Char('@')) + 1));
    if (tail.contains(QLatin1Char('?')) || tail.contains(QLatin1Char('#')))
        return problem(ServerUrlCheck::Extra, tail);
    // A path prefix is fine (a reverse proxy), an empty segment ("http//host") is a typo.
    if (tail.contains(QLatin1String("//")) || tail.contains(QLatin1Char(':')))
        return problem(ServerUrlCheck::Extra, tail);

    QString host = authority;
    QString portText;
    if (authority.startsWith(QLatin1Char('['))) {
        const qsizetype close = authority.indexOf(QLatin1Char(']'));
        if (close < 0)
            return problem(ServerUrlCheck::Host, authority);
        host = authority.mid(1, close - 1);
        const QString after = authority.mid(close + 1);
        if (!after.isEmpty()) {
            if (!after.startsWith(QLatin1Char(':')))
                return problem(ServerUrlCheck::Host, authority);
            portText = after.mid(1);
        }
        const QHostAddress v6(host);
        if (v6.isNull() || v6.protocol() != QAbstractSocket::IPv6Protocol)
            return problem(ServerUrlCheck::Host, host);
    } else {
        const qsizetype colon = authority.lastIndexOf(QLatin1Char(':'));
        if (colon >= 0) {
            host = authority.left(colon);
            portText = authority.mid(colon + 1);
        }
        if (host.contains(QLatin1Char(':')))
            return problem(ServerUrlCheck::Host, host);
        static const QRegularExpression dotted(QStringLiteral("^[0-9.]+$"));
        if (dotted.match(host).hasMatch()) {
            const QHostAddress v4(host);
            if (v4.isNull() || v4.protocol() != QAbstractSocket::IPv4Protocol
                || host.count(QLatin1Char('.')) != 3)
                return problem(ServerUrlCheck::Host, host);
        } else if (!validHostName(host)) {
            return problem(ServerUrlCheck::Host, host);
        }
    }
    int port = -1;
    if (authority.endsWith(QLatin1Char(':')))
        return problem(ServerUrlCheck::Port, QString());
    if (!portText.isEmpty()) {
        static const QRegularExpression digits(QStringLiteral("^[0-9]{1,9}$"));
        if (!digits.match(portText).hasMatch())
            return problem(ServerUrlCheck::Port, portText);
        port = portText.toInt();
        if (port < 1 || port > 65535)
            return problem(ServerUrlCheck::Port, portText);
    }

    QUrl url;
    url.setScheme(scheme);
    url.setHost(host.toLower());
    if (port > 0)
        url.setPort(port);
    QString path = tail;
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path);
    if (!url.isValid() || url.host().isEmpty())
        return problem(ServerUrlCheck::Host, host);
    ServerUrlCheck ok;
    ok.url = url;
    return ok;
}

} // namespace SmartFixer
