#include "announcement.h"

namespace SmartFixer {

namespace {
//! Control, format (bidi, zero-width, BOM), unassigned, private-use and surrogate code points:
//! what a stranger could use to make a list entry lie about itself or break the layout.
bool unwanted(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return true;
    default:
        return false;
    }
}
} // namespace

QList<QByteArray> txtRecord(const ServiceAnnouncement &a)
{
    QByteArray name = "name=" + a.name.toUtf8();
    name.truncate(255); // one TXT string holds 255 bytes; validServerName() keeps it far below
    return {QByteArrayLiteral("v=1"),
            a.tls ? QByteArrayLiteral("tls=1") : QByteArrayLiteral("tls=0"), name};
}

Result<QString> validServerName(const QString &name)
{
    using R = Result<QString>;
    if (name.trimmed().isEmpty())
        return R::failure(QStringLiteral("the server name is empty"), ErrorKind::Invalid);
    if (name.size() > MaxServerNameChars || name.toUtf8().size() > 63)
        return R::failure(QStringLiteral("the server name is longer than 63 bytes"),
                          ErrorKind::Invalid);
    for (const char32_t c : name.toUcs4()) {
        if (unwanted(c))
            return R::failure(
                QStringLiteral("the server name holds a control or invisible character (U+%1)")
                    .arg(QString::number(uint(c), 16).toUpper().rightJustified(4, u'0')),
                ErrorKind::Invalid);
    }
    return name;
}

QString fitServerName(const QString &text)
{
    QString name = cleanServerText(text);
    while (name.toUtf8().size() > 63) {
        name.chop(1);
        if (!name.isEmpty() && name.back().isHighSurrogate())
            name.chop(1); // never half a character
    }
    name = name.trimmed();
    return name.isEmpty() ? QStringLiteral("SmartFixer") : name;
}

QString defaultServerName(const QString &hostName)
{
    QString host = cleanServerText(hostName, MaxServerNameChars);
    if (host.isEmpty())
        host = QStringLiteral("this computer");
    return fitServerName(QStringLiteral("SmartFixer on ") + host);
}

QString cleanServerText(const QString &text, int maxChars)
{
    QString out;
    for (const char32_t c : text.toUcs4()) {
        if (unwanted(c))
            continue;
        const QString ch = QString::fromUcs4(&c, 1);
        if (out.size() + ch.size() > maxChars)
            break;
        out += ch;
    }
    return out.trimmed();
}

QUrl FoundServer::url() const
{
    QUrl u;
    u.setScheme(tls ? QStringLiteral("https") : QStringLiteral("http"));
    u.setHost(address.toString());
    u.setPort(port);
    return u;
}

Result<FoundServer> parseFoundServer(const QString &serviceName, const QString &hostName,
                                     const QHostAddress &address, quint16 port,
                                     const QList<QByteArray> &txt)
{
    using R = Result<FoundServer>;
    if (txt.size() > MaxTxtEntries)
        return R::failure(QStringLiteral("more than %1 TXT entries").arg(MaxTxtEntries),
                          ErrorKind::Invalid);
    if (port == 0)
        return R::failure(QStringLiteral("port 0"), ErrorKind::Invalid);
    if (address.isNull())
        return R::failure(QStringLiteral("no address"), ErrorKind::Invalid);
    FoundServer s;
    s.serviceName = cleanServerText(serviceName);
    s.hostName = cleanServerText(hostName, 255);
    s.address = address;
    s.port = port;
    bool version = false, tlsSeen = false, nameSeen = false;
    for (const QByteArray &entry : txt) {
        const qsizetype eq = entry.indexOf('=');
        // RFC 6763 §6.4: keys are case-insensitive, and only the first of a repeated key counts.
        const QByteArray key = (eq < 0 ? entry : entry.left(eq)).toLower();
        const QByteArray value = eq < 0 ? QByteArray() : entry.mid(eq + 1);
        if (key == "v" && !version) {
            version = true;
            if (value != "1")
                return R::failure(QStringLiteral("protocol version \"%1\", not 1")
                                      .arg(cleanServerText(QString::fromUtf8(value), 16)),
                                  ErrorKind::Invalid);
        } else if (key == "tls" && !tlsSeen) {
            tlsSeen = true;
            if (value != "0" && value != "1")
                return R::failure(QStringLiteral("tls=\"%1\", not 0 or 1")
                                      .arg(cleanServerText(QString::fromUtf8(value), 16)),
                                  ErrorKind::Invalid);
            s.tls = value == "1";
        } else if (key == "name" && !nameSeen) {
            nameSeen = true;
            s.name = cleanServerText(QString::fromUtf8(value)); // invalid UTF-8 → U+FFFD
        }
    }
    if (!version)
        return R::failure(QStringLiteral("no v= in the TXT record"), ErrorKind::Invalid);
    if (s.name.isEmpty())
        s.name = s.serviceName;
    if (s.name.isEmpty())
        return R::failure(QStringLiteral("no name"), ErrorKind::Invalid);
    return s;
}

} // namespace SmartFixer
