#pragma once
// ServerTls: the server side of DESIGN.md §11. Loads --tls-cert / --tls-key (PEM) into a
// QSslConfiguration and refuses, in one line of plain words, what would only fail later at
// the first handshake: a missing or unreadable file, a key that is not the certificate's, an
// encrypted key, a certificate that has expired or is not valid yet.
#include "core/result.h"

#include <QDateTime>
#include <QSslConfiguration>
#include <QString>

namespace SmartFixer {

//! What smartfixer-server's --tls-* options set. Empty files = plain HTTP/WS.
struct TlsServerConfig
{
    QString certFile; //!< PEM: the server's certificate, then any intermediate CA certificates
    QString keyFile; //!< PEM: the certificate's private key, unencrypted
    //! A TLS handshake not finished within this is aborted, so a client that stops half way
    //! holds its connection slot no longer than this. ms
    int handshakeTimeoutMs = 10000;

    bool enabled() const { return !certFile.isEmpty() || !keyFile.isEmpty(); }
};

//! The server configuration for \a config's files, checked against \a now. Errors are
//! ErrorKind::NotFound (a file is missing or unreadable) or Invalid (anything else), with a
//! message that names the file and the problem.
Result<QSslConfiguration> loadServerTls(const TlsServerConfig &config,
                                        const QDateTime &now = QDateTime::currentDateTimeUtc());

//! "AB:CD:…" — the SHA-256 fingerprint of \a certificate's DER bytes, upper-case hex pairs
//! (what a person reads out and compares).
QString sha256Fingerprint(const QSslCertificate &certificate);

} // namespace SmartFixer
