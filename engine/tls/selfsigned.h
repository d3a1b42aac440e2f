#pragma once
// SelfSigned: a self-signed certificate and its key, made with OpenSSL's C API (Qt can load
// certificates but not make them). `smartfixer --host` serves TLS with one made on first use;
// the tests make expired and mismatched ones with it.
#include "core/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QHostAddress>
#include <QList>
#include <QStringList>

namespace SmartFixer {

struct SelfSignedCertificate
{
    QByteArray certificatePem;
    QByteArray keyPem; //!< unencrypted PKCS#8
};

struct SelfSignedRequest
{
    QString commonName;
    QStringList dnsNames; //!< subjectAltName DNS entries
    QList<QHostAddress> addresses; //!< subjectAltName IP entries
    QDateTime notBefore = QDateTime::currentDateTimeUtc().addSecs(-3600); // clock skew
    QDateTime notAfter = QDateTime::currentDateTimeUtc().addDays(825); // ~27 months
};

//! An ECDSA P-256 key and a self-signed X.509 v3 certificate for it (SHA-256 signature,
//! CA:FALSE, serverAuth). Errors are ErrorKind::Internal with OpenSSL's reason.
Result<SelfSignedCertificate> makeSelfSigned(const SelfSignedRequest &request);

//! Writes \a pair to \a certFile and \a keyFile (the key readable by the owner only).
Result<bool> writeSelfSigned(const SelfSignedCertificate &pair, const QString &certFile,
                             const QString &keyFile);

} // namespace SmartFixer
