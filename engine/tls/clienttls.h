#pragma once
// ClientTls: how the client engine and the CLI verify a server's certificate (DESIGN.md §11):
// the system's CAs, plus CA files given with --ca, plus — in the desktop app — certificates
// the user trusted once by their SHA-256 fingerprint (pinned per server). And what went wrong
// with a certificate, in plain words rather than OpenSSL's.
#include "core/result.h"

#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QString>
#include <QStringList>

namespace SmartFixer {

struct ClientTlsPolicy
{
    QList<QSslCertificate> extraCaCertificates; //!< trusted besides the system's (--ca)
    //! sha256Fingerprint()s of server certificates accepted as they are (a pinned self-signed
    //! LAN certificate). Only an exact match of the certificate the server shows counts.
    QStringList pinnedFingerprints;
};

//! The configuration for QNetworkRequest and QWebSocket: the system CAs and \a policy's.
QSslConfiguration clientSslConfiguration(const ClientTlsPolicy &policy);

//! The certificates of a PEM (or DER) CA file. NotFound for a missing/unreadable file,
//! Invalid when it holds no certificate.
Result<QList<QSslCertificate>> loadCaFile(const QString &path);

//! What is wrong with a server's certificate, in the terms a user understands; the UI words
//! each one (ui/errortext) without reading OpenSSL's text.
enum class CertificateProblem {
    Expired, //!< past its expiry date
    NotYetValid, //!< before its start date (often: this computer's clock is wrong)
    WrongHost, //!< issued for other names than the address typed
    UnknownIssuer, //!< signed by a CA this computer does not trust
    SelfSigned, //!< made by the server itself (a LAN host's certificate)
    Revoked, //!< withdrawn by its CA
    Missing, //!< the server sent none
    ChangedPin, //!< another certificate than the one the user trusted for this server
    Other, //!< anything else OpenSSL refuses
};

//! Why a handshake failed, kept by the client for the UI (which offers to trust a
//! self-signed certificate by fingerprint).
struct TlsFailure
{
    QSslCertificate certificate; //!< what the server showed (null when none)
    QList<QSslError::SslError> errors;
    QString message; //!< plain words, English (for logs and the CLI)
    QList<CertificateProblem> problems; //!< each at most once, in the order found
    QString host; //!< the host name or address the client asked for
    QStringList names; //!< the names (SANs, else the CN) the certificate is for
    QString pinnedFingerprint; //!< ChangedPin: the fingerprint the user trusted

    bool isNull() const { return errors.isEmpty(); }
    bool has(CertificateProblem p) const { return problems.contains(p); }
    QString fingerprint() const;
    //! Self-signed or signed by an unknown CA, and nothing else wrong: what a LAN host's own
    //! certificate looks like, which a user may choose to trust by fingerprint.
    bool onlyUntrusted() const;
};

//! Plain words for \a errors of \a certificate at \a host: "the server's certificate expired
//! on 2026-01-01", "is for chat.example.org, not 10.0.0.5", "is self-signed (SHA-256 AB:…)".
//! With \a policy: a certificate that fails while \a policy pins other fingerprints also
//! gets CertificateProblem::ChangedPin.
TlsFailure describeTlsFailure(const QList<QSslError> &errors, const QSslCertificate &certificate,
                              const QString &host, const ClientTlsPolicy &policy = {});

//! Whether \a errors may be ignored because the certificate is pinned in \a policy (its
//! fingerprint is listed, and every error is one that pinning answers: untrusted issuer,
//! self-signed, a name that does not match — not expiry, not revocation).
bool pinAnswers(const QList<QSslError> &errors, const QSslCertificate &certificate,
                const ClientTlsPolicy &policy);

} // namespace SmartFixer
