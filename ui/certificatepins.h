#pragma once
// CertificatePins: the server certificates the user trusted once by their SHA-256
// fingerprint (DESIGN.md §11), one per server (host:port), kept in QSettings. A pin is only
// ever added by the user's own yes in the trust dialog; a server that later shows another
// certificate is refused loudly, never re-pinned silently.
#include <QList>
#include <QString>
#include <QUrl>

namespace SmartFixer::Ui {

namespace CertificatePins {

//! "host:port" of \a server (the default port of its scheme when none is given).
QString key(const QUrl &server);
//! The pinned fingerprint for \a server, empty when none.
QString pinned(const QUrl &server);
void pin(const QUrl &server, const QString &fingerprint);
void forget(const QUrl &server);

struct Pin
{
    QString server; //!< key(): "host:port"
    QString fingerprint; //!< SHA-256, "AB:CD:…"
};
//! Every pinned certificate, sorted by server (for Preferences).
QList<Pin> all();
//! Forgets the pin of \a serverKey ("host:port", as in Pin::server): the next sign-in there asks
//! again.
void forgetKey(const QString &serverKey);

} // namespace CertificatePins
} // namespace SmartFixer::Ui
