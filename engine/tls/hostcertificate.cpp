#include "hostcertificate.h"

#include "tls/selfsigned.h"
#include "tls/servertls.h"

#include <QDir>
#include <QSslCertificate>

namespace SmartFixer {

Result<HostCertificate> ensureHostCertificate(const QString &dir, const QString &hostName,
                                              const QList<QHostAddress> &addresses)
{
    HostCertificate host;
    host.certFile = QDir(dir).filePath(QStringLiteral("host-cert.pem"));
    host.keyFile = QDir(dir).filePath(QStringLiteral("host-key.pem"));
    // Valid for 30 more days at least: a certificate that runs out while hosting would lock
    // every guest out mid-session.
    const auto existing
        = loadServerTls({host.certFile, host.keyFile}, QDateTime::currentDateTimeUtc().addDays(30));
    if (!existing) {
        if (!QDir().mkpath(dir))
            return Result<HostCertificate>::failure(
                QStringLiteral("cannot create the folder %1").arg(dir));
        SelfSignedRequest request;
        request.commonName = hostName.isEmpty() ? QStringLiteral("SmartFixer host") : hostName;
        request.dnsNames = {QStringLiteral("localhost")};
        if (!hostName.isEmpty() && hostName != QLatin1String("localhost"))
            request.dnsNames.append(hostName);
        request.addresses = {QHostAddress(QHostAddress::LocalHost)};
        for (const QHostAddress &a : addresses) {
            if (!a.isNull() && !request.addresses.contains(a))
                request.addresses.append(a);
        }
        const auto made = makeSelfSigned(request);
        if (!made)
            return Result<HostCertificate>::failureFrom(made);
        if (const auto written = writeSelfSigned(*made, host.certFile, host.keyFile); !written)
            return Result<HostCertificate>::failureFrom(written);
        host.created = true;
    }
    const QList<QSslCertificate> certs = QSslCertificate::fromPath(host.certFile);
    if (certs.isEmpty())
        return Result<HostCertificate>::failure(
            QStringLiteral("cannot read %1").arg(host.certFile));
    host.fingerprint = sha256Fingerprint(certs.first());
    return host;
}

} // namespace SmartFixer
