#include "servertls.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QSslCertificate>
#include <QSslKey>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace SmartFixer {

namespace {

//! Never ask a terminal for a pass phrase (OpenSSL's default callback would).
int noPassphrase(char *, int, int, void *)
{
    return -1;
}

Result<QByteArray> readPem(const QString &path, const char *what)
{
    const QString name = QString::fromLatin1(what);
    QFile file(path);
    if (!QFileInfo::exists(path))
        return Result<QByteArray>::failure(
            QStringLiteral("TLS %1 file %2 does not exist").arg(name, path), ErrorKind::NotFound);
    if (!file.open(QIODevice::ReadOnly))
        return Result<QByteArray>::failure(QStringLiteral("cannot read the TLS %1 file %2: %3")
                                               .arg(name, path, file.errorString()),
                                           ErrorKind::NotFound);
    // A PEM certificate chain or key is a few KiB; refuse anything absurd before parsing it.
    constexpr qint64 MaxPemBytes = 1 << 20; // bytes
    if (file.size() > MaxPemBytes)
        return Result<QByteArray>::failure(
            QStringLiteral("TLS %1 file %2 is over 1 MiB: not a PEM file").arg(name, path),
            ErrorKind::Invalid);
    return file.readAll();
}

//! Whether \a keyPem is the private key of the certificate \a certDer (OpenSSL: Qt cannot
//! compare a private key with a certificate's public key).
bool keyMatches(const QByteArray &certDer, const QByteArray &keyPem)
{
    const auto *p = reinterpret_cast<const unsigned char *>(certDer.constData());
    std::unique_ptr<X509, decltype(&X509_free)> cert(d2i_X509(nullptr, &p, certDer.size()),
                                                     &X509_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())), &BIO_free);
    if (!cert || !bio)
        return false;
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr), &EVP_PKEY_free);
    ERR_clear_error();
    return key && X509_check_private_key(cert.get(), key.get()) == 1;
}

} // namespace

QString sha256Fingerprint(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

Result<QSslConfiguration> loadServerTls(const TlsServerConfig &config, const QDateTime &now)
{
    using R = Result<QSslConfiguration>;
    if (config.certFile.isEmpty() || config.keyFile.isEmpty())
        return R::failure(QStringLiteral("TLS needs both --tls-cert and --tls-key"),
                          ErrorKind::Invalid);
    const auto certPem = readPem(config.certFile, "certificate");
    if (!certPem)
        return R::failureFrom(certPem);
    const auto keyPem = readPem(config.keyFile, "key");
    if (!keyPem)
        return R::failureFrom(keyPem);
    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certPem, QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull())
        return R::failure(
            QStringLiteral("TLS certificate file %1 holds no PEM certificate").arg(config.certFile),
            ErrorKind::Invalid);
    const QSslCertificate &leaf = chain.first();
    if (leaf.expiryDate() < now)
        return R::failure(
            QStringLiteral("TLS certificate %1 expired on %2")
                .arg(config.certFile, leaf.expiryDate().toUTC().toString(Qt::ISODate)),
            ErrorKind::Invalid);
    if (leaf.effectiveDate() > now)
        return R::failure(
            QStringLiteral("TLS certificate %1 is not valid before %2")
                .arg(config.certFile, leaf.effectiveDate().toUTC().toString(Qt::ISODate)),
            ErrorKind::Invalid);
    if (keyPem->contains("ENCRYPTED"))
        return R::failure(QStringLiteral("TLS key file %1 is encrypted; the server needs an "
                                         "unencrypted PEM key (openssl pkey -in KEY -out NEW)")
                              .arg(config.keyFile),
                          ErrorKind::Invalid);
    QSslKey key(*keyPem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(*keyPem, QSsl::Ec, QSsl::Pem);
    if (key.isNull() || !keyMatches(leaf.toDer(), *keyPem)) {
        if (key.isNull() && !keyPem->contains("PRIVATE KEY"))
            return R::failure(
                QStringLiteral("TLS key file %1 holds no PEM private key").arg(config.keyFile),
                ErrorKind::Invalid);
        return R::failure(QStringLiteral("TLS key %1 is not the private key of certificate %2")
                              .arg(config.keyFile, config.certFile),
                          ErrorKind::Invalid);
    }
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(key);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    // Clients are not asked for certificates: accounts authenticate with tokens.
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    return tls;
}

} // namespace SmartFixer
