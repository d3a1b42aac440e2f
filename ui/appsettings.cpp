#include "appsettings.h"

#include <QNetworkInterface>
#include <QSettings>

namespace SmartFixer::Ui {

AppSettings AppSettings::load()
{
    QSettings s;
    AppSettings a;
    a.serverUrl = QUrl(s.value(QStringLiteral("server/url"), a.serverUrl.toString()).toString());
    a.username = s.value(QStringLiteral("server/username")).toString();
    a.idleMinutes
        = qBound(1, s.value(QStringLiteral("presence/idleMinutes"), a.idleMinutes).toInt(), 120);
    a.language = s.value(QStringLiteral("ui/language")).toString();
    a.theme = s.value(QStringLiteral("ui/theme")).toString();
    a.startMinimised = s.value(QStringLiteral("ui/startMinimised"), false).toBool();
    a.lanHosting = s.value(QStringLiteral("lan/enabled"), false).toBool();
    a.lanAddress = s.value(QStringLiteral("lan/address"), a.lanAddress).toString();
    a.lanPort = quint16(s.value(QStringLiteral("lan/port"), a.lanPort).toUInt());
    a.lanDatabase = s.value(QStringLiteral("lan/database")).toString();
    a.staySignedIn = s.value(QStringLiteral("server/staySignedIn"), true).toBool();
    a.noKeyringTold = s.value(QStringLiteral("server/noKeyringTold"), false).toBool();
    return a;
}

void AppSettings::save() const
{
    QSettings s;
    s.setValue(QStringLiteral("server/url"), serverUrl.toString());
    s.setValue(QStringLiteral("server/username"), username);
    s.setValue(QStringLiteral("presence/idleMinutes"), idleMinutes);
    s.setValue(QStringLiteral("ui/language"), language);
    s.setValue(QStringLiteral("ui/theme"), theme);
    s.setValue(QStringLiteral("ui/startMinimised"), startMinimised);
    s.setValue(QStringLiteral("lan/enabled"), lanHosting);
    s.setValue(QStringLiteral("lan/address"), lanAddress);
    s.setValue(QStringLiteral("lan/port"), lanPort);
    s.setValue(QStringLiteral("lan/database"), lanDatabase);
    s.setValue(QStringLiteral("server/staySignedIn"), staySignedIn);
    s.setValue(QStringLiteral("server/noKeyringTold"), noKeyringTold);
}

QList<QHostAddress> hostableAddresses()
{
    QList<QHostAddress> list;
    const QList<QNetworkInterface> interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &iface : interfaces) {
        const auto flags = iface.flags();
        if (!(flags & QNetworkInterface::IsUp) || (flags & QNetworkInterface::IsLoopBack))
            continue;
        const QList<QNetworkAddressEntry> entries = iface.addressEntries();
        for (const QNetworkAddressEntry &e : entries) {
            const QHostAddress ip = e.ip();
            if (ip.isLinkLocal())
                continue; // fe80:: needs a scope id; not something to type in
            if (ip.protocol() == QAbstractSocket::IPv4Protocol
                || ip.protocol() == QAbstractSocket::IPv6Protocol)
                list.append(ip);
        }
    }
    list.append(QHostAddress(QHostAddress::AnyIPv4));
    list.append(QHostAddress(QHostAddress::LocalHost));
    return list;
}

} // namespace SmartFixer::Ui
