#include "clienttls.h"

#include "tls/servertls.h"

#include <QFile>
#include <QFileInfo>

namespace SmartFixer {

QSslConfiguration clientSslConfiguration(const ClientTlsPolicy &policy)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    if (!policy.extraCaCertificates.isEmpty())
        config.addCaCertificates(policy.extraCaCertificates);
    config.setProtocol(QSsl::TlsV1_2OrLater);
    return config;
}

Result<QList<QSslCertificate>> loadCaFile(const QString &path)
{
    using R = Result<QList<QSslCertificate>>;
    QFile file(path);
    if (!QFileInfo::exists(path))
        return R::failure(QStringLiteral("CA file %1 does not exist").arg(path),
                          ErrorKind::NotFound);
    if (!file.open(QIODevice::ReadOnly))
        return R::failure(
            QStringLiteral("cannot read CA file %1: %2").arg(path, file.errorString()),
            ErrorKind::NotFound);
    const QByteArray bytes = file.read(4 << 20); // a CA bundle is a few hundred KiB at most
    QList<QSslCertificate> certs = QSslCertificate::fromData(bytes, QSsl::Pem);
    if (certs.isEmpty())
        certs = QSslCertificate::fromData(bytes, QSsl::Der);
    certs.removeIf([](const QSslCertificate &c) { return c.isNull(); });
    if (certs.isEmpty())
        return R::failure(QStringLiteral("CA file %1 holds no certificate").arg(path),
                          ErrorKind::Invalid);
    return certs;
}

QString TlsFailure::fingerprint() const
{
    return certificate.isNull() ? QString() : sha256Fingerprint(certificate);
}

namespace {
bool untrustedOnly(QSslError::SslError e)
{
    switch (e) {
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::CertificateUntrusted:
        return true;
    default:
        return false;
    }
}
} // namespace

bool TlsFailure::onlyUntrusted() const
{
    if (errors.isEmpty() || certificate.isNull())
        return false;
    for (QSslError::SslError e : errors) {
        if (!untrustedOnly(e) && e != QSslError::HostNameMismatch)
            return false;
    }
    return true;
}

TlsFailure describeTlsFailure(const QList<QSslError> &errors, const QSslCertificate &certificate,
                              const QString &host, const ClientTlsPolicy &policy)
{
    TlsFailure failure;
    failure.certificate = certificate;
    failure.host = host;
    failure.names = certificate.subjectAlternativeNames().values(QSsl::DnsEntry);
    failure.names += certificate.subjectAlternativeNames().values(QSsl::IpAddressEntry);
    if (failure.names.isEmpty())
        failure.names = certificate.subjectInfo(QSslCertificate::CommonName);
    const auto problem = [&failure](CertificateProblem p) {
        if (!failure.problems.contains(p))
            failure.problems.append(p);
    };
    QStringList parts;
    if (!certificate.isNull() && !policy.pinnedFingerprints.isEmpty()
        && !policy.pinnedFingerprints.contains(sha256Fingerprint(certificate))) {
        // The user trusted another certificate for this server: say that first and loudest.
        problem(CertificateProblem::ChangedPin);
        failure.pinnedFingerprint = policy.pinnedFingerprints.constFirst();
        parts += QStringLiteral("is not the one trusted for this server (trusted: %1)")
                     .arg(failure.pinnedFingerprint);
    }
    bool untrustedSaid = false;
    for (const QSslError &error : errors) {
        if (failure.errors.contains(error.error()))
            continue;
        failure.errors.append(error.error());
        switch (error.error()) {
        case QSslError::CertificateExpired:
            problem(CertificateProblem::Expired);
            break;
        case QSslError::CertificateNotYetValid:
            problem(CertificateProblem::NotYetValid);
            break;
        case QSslError::HostNameMismatch:
            problem(CertificateProblem::WrongHost);
            break;
        case QSslError::SelfSignedCertificate:
            problem(CertificateProblem::SelfSigned);
            break;
        case QSslError::SelfSignedCertificateInChain:
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToGetIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::CertificateUntrusted:
            problem(CertificateProblem::UnknownIssuer);
            break;
        case QSslError::CertificateRevoked:
            problem(CertificateProblem::Revoked);
            break;
        case QSslError::NoPeerCertificate:
            problem(CertificateProblem::Missing);
            break;
        default:
            problem(CertificateProblem::Other);
            break;
        }
        switch (error.error()) {
        case QSslError::CertificateExpired:
            parts += QStringLiteral("expired on %1")
                         .arg(certificate.expiryDate().toUTC().toString(Qt::ISODate));
            break;
        case QSslError::CertificateNotYetValid:
            parts += QStringLiteral("is not valid before %1")
                         .arg(certificate.effectiveDate().toUTC().toString(Qt::ISODate));
            break;
        case QSslError::HostNameMismatch:
            parts += QStringLiteral("is for %1, not %2")
                         .arg(failure.names.isEmpty() ? QStringLiteral("no name")
                                                      : failure.names.join(u','),
                              host);
            break;
        case QSslError::SelfSignedCertificate:
        case QSslError::SelfSignedCertificateInChain:
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToGetIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::CertificateUntrusted:
            if (!untrustedSaid) {
                untrustedSaid = true;
                parts += error.error() == QSslError::SelfSignedCertificate
                    ? QStringLiteral("is self-signed (not issued by a CA this computer trusts)")
                    : QStringLiteral("is issued by a CA this computer does not trust");
            }
            break;
        case QSslError::CertificateRevoked:
            parts += QStringLiteral("was revoked");
            break;
        case QSslError::NoPeerCertificate:
            parts += QStringLiteral("is missing (the server sent none)");
            break;
        default:
            parts += error.errorString();
            break;
        }
    }
    failure.message
        = QStringLiteral("the server's certificate %1").arg(parts.join(QStringLiteral("; ")));
    if (!certificate.isNull())
        failure.message
            += QStringLiteral(" (SHA-256 fingerprint %1)").arg(sha256Fingerprint(certificate));
    return failure;
}

bool pinAnswers(const QList<QSslError> &errors, const QSslCertificate &certificate,
                const ClientTlsPolicy &policy)
{
    if (certificate.isNull() || errors.isEmpty()
        || !policy.pinnedFingerprints.contains(sha256Fingerprint(certificate)))
        return false;
    for (const QSslError &error : errors) {
        if (!untrustedOnly(error.error()) && error.error() != QSslError::HostNameMismatch)
            return false;
        if (!error.certificate().isNull() && error.certificate() != certificate)
            return false;
    }
    return true;
}

} // namespace SmartFixer
