#pragma once
// HostCertificate: the self-signed certificate of `smartfixer --host`, made on first use in
// the app's data folder and reused afterwards (its fingerprint is what guests pin, so it must
// not change on every start). Remade only when missing, unreadable or about to expire.
#include "core/result.h"

#include <QHostAddress>
#include <QList>
#include <QString>

namespace SmartFixer {

struct HostCertificate
{
    QString certFile;
    QString keyFile;
    QString fingerprint; //!< sha256Fingerprint() of the certificate
    bool created = false; //!< made by this call (first use, or the old one was unusable)
};

//! The host certificate in \a dir (host-cert.pem / host-key.pem) for \a hostName and
//! \a addresses (its subjectAltNames, besides localhost and 127.0.0.1).
Result<HostCertificate> ensureHostCertificate(const QString &dir, const QString &hostName,
                                              const QList<QHostAddress> &addresses);

} // namespace SmartFixer
