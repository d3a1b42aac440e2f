#include "certificatepins.h"

#include <QSettings>

namespace SmartFixer::Ui::CertificatePins {

namespace {
const QString Group = QStringLiteral("pinnedCertificates");
// QSettings treats '/' and '\' in keys as groups; a host has neither, but be safe.
QString settingsKey(const QUrl &server)
{
    QString k = key(server);
    k.replace(u'/', u'_').replace(u'\\', u'_');
    return Group + u'/' + k;
}
} // namespace

QString key(const QUrl &server)
{
    const QString scheme = server.scheme().toLower();
    const int defaultPort
        = (scheme == QLatin1String("https") || scheme == QLatin1String("wss")) ? 443 : 80;
    return server.host().toLower() + u':' + QString::number(server.port(defaultPort));
}

QString pinned(const QUrl &server)
{
    return QSettings().value(settingsKey(server)).toString();
}

void pin(const QUrl &server, const QString &fingerprint)
{
    QSettings settings;
    settings.setValue(settingsKey(server), fingerprint);
    settings.sync();
}

void forget(const QUrl &server)
{
    QSettings().remove(settingsKey(server));
}

QList<Pin> all()
{
    QSettings settings;
    settings.beginGroup(Group);
    QStringList keys = settings.childKeys();
    keys.sort();
    QList<Pin> pins;
    for (const QString &k : keys)
        pins.append({k, settings.value(k).toString()});
    return pins;
}

void forgetKey(const QString &serverKey)
{
    QSettings settings;
    settings.beginGroup(Group);
    settings.remove(serverKey);
    settings.endGroup();
    settings.sync();
}

} // namespace SmartFixer::Ui::CertificatePins
