#include "databaseurl.h"

#include <QByteArray>
#include <QUrl>
#include <algorithm>
#include <cctype>

namespace SmartFixer {

namespace {

using R = Result<DatabaseUrl>;

R invalid(const QString &what)
{
    return R::failure(QStringLiteral("invalid database URL: ") + what, ErrorKind::Invalid);
}

// Percent-decoding that refuses what QByteArray::fromPercentEncoding would let through
// silently: a "%" not followed by two hex digits, and bytes that are not UTF-8.
std::optional<QString> decode(const QString &part)
{
    for (qsizetype i = 0; i < part.size(); ++i) {
        if (part.at(i) != QLatin1Char('%'))
            continue;
        if (i + 2 >= part.size() || !isxdigit(part.at(i + 1).toLatin1())
            || !isxdigit(part.at(i + 2).toLatin1()))
            return std::nullopt;
    }
    const QByteArray bytes = QByteArray::fromPercentEncoding(part.toUtf8());
    const QString text = QString::fromUtf8(bytes);
    if (text.toUtf8() != bytes || text.contains(QChar(0)))
        return std::nullopt;
    return text;
}

std::optional<int> parsePort(const QString &text)
{
    bool ok = false;
    const int port = text.toInt(&ok);
    if (!ok || port < 1 || port > 65535 || text.startsWith(QLatin1Char('+')))
        return std::nullopt;
    return port;
}

R parsePostgres(const QString &text, qsizetype schemeLength)
{
    DatabaseUrl url;
    url.engine = DatabaseUrl::Engine::Postgres;
    QString rest = text.mid(schemeLength);
    QString query;
    if (const qsizetype q = rest.indexOf(QLatin1Char('?')); q >= 0) {
        query = rest.mid(q + 1);
        rest = rest.left(q);
    }
    if (rest.contains(QLatin1Char('#')))
        return invalid(QStringLiteral("a fragment (#…) is not allowed"));
    const qsizetype slash = rest.indexOf(QLatin1Char('/'));
    if (slash < 0)
        return invalid(QStringLiteral("no database name (postgresql://HOST/DBNAME)"));
    QString authority = rest.left(slash);
    const QString path = rest.mid(slash + 1);
    if (const qsizetype at = authority.lastIndexOf(QLatin1Char('@')); at >= 0) {
        const QString userInfo = authority.left(at);
        authority = authority.mid(at + 1);
        const qsizetype colon = userInfo.indexOf(QLatin1Char(':'));
        const auto user = decode(colon >= 0 ? userInfo.left(colon) : userInfo);
        if (!user)
            return invalid(QStringLiteral("the user name is not valid percent-encoded UTF-8"));
        url.user = *user;
        if (colon >= 0) {
            const auto password = decode(userInfo.mid(colon + 1));
            if (!password)
                return invalid(QStringLiteral("the password is not valid percent-encoded UTF-8"));
            url.password = *password;
        }
        if (url.user.isEmpty())
            return invalid(QStringLiteral("empty user name before \"@\""));
    }
    QString hostPart = authority;
    QString portPart;
    if (hostPart.startsWith(QLatin1Char('['))) {
        const qsizetype close = hostPart.indexOf(QLatin1Char(']'));
        if (close < 0)
            return invalid(QStringLiteral("unclosed \"[\" in the host"));
        portPart = hostPart.mid(close + 1);
        hostPart = hostPart.mid(1, close - 1);
        if (!portPart.isEmpty() && !portPart.startsWith(QLatin1Char(':')))
            return invalid(QStringLiteral("unexpected text after \"]\""));
        portPart = portPart.mid(1);
        if (hostPart.isEmpty())
            return invalid(QStringLiteral("empty IPv6 address"));
    } else if (const qsizetype colon = hostPart.lastIndexOf(QLatin1Char(':')); colon >= 0) {
        portPart = hostPart.mid(colon + 1);
        hostPart = hostPart.left(colon);
        if (portPart.isEmpty())
            return invalid(QStringLiteral("empty port after \":\""));
    }
    if (!portPart.isEmpty()) {
        const auto port = parsePort(portPart);
        if (!port)
            return invalid(QStringLiteral("port \"%1\" is not a number from 1 to 65535")
                               .arg(portPart.left(20)));
        url.port = *port;
    }
    const auto host = decode(hostPart);
    if (!host)
        return invalid(QStringLiteral("the host is not valid percent-encoded UTF-8"));
    url.host = *host;
    if (url.host.contains(QLatin1Char(',')))
        return invalid(QStringLiteral("several hosts are not supported"));
    if (!url.host.isEmpty() && !url.host.startsWith(QLatin1Char('/'))) {
        for (const QChar c : url.host) {
            if (!(c.isLetterOrNumber() || c == u'.' || c == u'-' || c == u'_' || c == u':'))
                return invalid(QStringLiteral("host \"%1\" has a character a host name cannot"
                                              " have (a socket directory starts with %2F)")
                                   .arg(url.host.left(80)));
        }
    }
    const auto database = decode(path);
    if (!database)
        return invalid(QStringLiteral("the database name is not valid percent-encoded UTF-8"));
    url.database = *database;
    if (url.database.isEmpty())
        return invalid(QStringLiteral("no database name (postgresql://HOST/DBNAME)"));
    if (url.database.contains(QLatin1Char('/')))
        return invalid(QStringLiteral("the database name cannot contain \"/\""));

    if (!query.isEmpty()) {
        for (const QString &pair : query.split(QLatin1Char('&'))) {
            const qsizetype eq = pair.indexOf(QLatin1Char('='));
            const QString key = eq >= 0 ? pair.left(eq) : pair;
            const auto value = decode(eq >= 0 ? pair.mid(eq + 1) : QString());
            if (!value)
                return invalid(QStringLiteral("the value of \"%1\" is not valid percent-encoded"
                                              " UTF-8")
                                   .arg(key.left(40)));
            if (key == QLatin1String("host")) {
                url.host = *value;
            } else if (key == QLatin1String("port")) {
                const auto port = parsePort(*value);
                if (!port)
                    return invalid(QStringLiteral("port \"%1\" is not a number from 1 to 65535")
                                       .arg(value->left(20)));
                url.port = *port;
            } else if (key == QLatin1String("user")) {
                url.user = *value;
            } else if (key == QLatin1String("password")) {
                url.password = *value;
            } else if (key == QLatin1String("connect_timeout")) {
                bool ok = false;
                const int s = value->toInt(&ok);
                if (!ok || s < 1 || s > 3600)
                    return invalid(QStringLiteral("connect_timeout must be 1 to 3600 seconds"));
                url.connectTimeoutS = s;
            } else {
                return invalid(QStringLiteral("unknown parameter \"%1\" (known: host, port, user,"
                                              " password, connect_timeout)")
                                   .arg(key.left(40)));
            }
        }
    }
    return url;
}

} // namespace

QString DatabaseUrl::display() const
{
    if (engine == Engine::Sqlite)
        return path;
    QString text = QStringLiteral("postgresql://");
    if (!user.isEmpty()) {
        text += QString::fromUtf8(QUrl::toPercentEncoding(user));
        if (!password.isEmpty())
            text += QStringLiteral(":***");
        text += QLatin1Char('@');
    }
    const bool socket = host.startsWith(QLatin1Char('/'));
    if (!socket)
        text += host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    if (port > 0 && !socket)
        text += QLatin1Char(':') + QString::number(port);
    text += QLatin1Char('/') + QString::fromUtf8(QUrl::toPercentEncoding(database));
    if (socket) {
        text += QStringLiteral("?host=") + host;
        if (port > 0)
            text += QStringLiteral("&port=") + QString::number(port);
    }
    return text;
}

QString DatabaseUrl::serverDisplay() const
{
    const QString h = host.isEmpty() ? QStringLiteral("the default socket") : host;
    return port > 0 ? QStringLiteral("%1:%2").arg(h).arg(port) : h;
}

Result<DatabaseUrl> parseDatabaseUrl(const QString &text)
{
    if (text.isEmpty())
        return invalid(QStringLiteral("it is empty"));
    if (text.contains(QChar(0)) || text.contains(QLatin1Char('\n')))
        return invalid(QStringLiteral("it contains a control character"));
    if (text.size() > 4096)
        return invalid(QStringLiteral("it is longer than 4096 characters"));
    for (const QLatin1String scheme :
         {QLatin1String("postgresql://"), QLatin1String("postgres://")}) {
        if (text.startsWith(scheme, Qt::CaseInsensitive))
            return parsePostgres(text, scheme.size());
    }
    if (text.startsWith(QLatin1String("sqlite:"), Qt::CaseInsensitive)) {
        QString path = text.mid(7);
        if (path.startsWith(QLatin1String("//")))
            path = path.mid(2);
        if (path.isEmpty())
            return invalid(QStringLiteral("no file after \"sqlite:\""));
        DatabaseUrl url;
        url.path = path;
        return url;
    }
    // "scheme://…" of another engine (mysql://, http://…): refuse rather than create a file
    // with that name.
    if (const qsizetype sep = text.indexOf(QLatin1String("://")); sep > 0) {
        const QString scheme = text.left(sep);
        const bool looksLikeScheme = std::all_of(scheme.cbegin(), scheme.cend(), [](QChar c) {
            return c.isLetterOrNumber() || c == u'+' || c == u'-' || c == u'.';
        });
        if (looksLikeScheme)
            return invalid(QStringLiteral("unsupported scheme \"%1\" (use a file path, sqlite:PATH"
                                          " or postgresql://…)")
                               .arg(scheme.left(40)));
    }
    if (text.startsWith(QLatin1String("postgresql:"), Qt::CaseInsensitive)
        || text.startsWith(QLatin1String("postgres:"), Qt::CaseInsensitive))
        return invalid(QStringLiteral("write postgresql://HOST/DBNAME"));
    DatabaseUrl url;
    url.path = text;
    return url;
}

} // namespace SmartFixer
