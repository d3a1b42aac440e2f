#pragma once
// Plain words for what went wrong, chosen by the error's kind (never by its English detail):
// "Wrong name or password", "Too many tries — try again in 2 minutes", "This address is not a
// SmartFixer server". One place, so every dialog says the same thing in every language.
#include "client/clienterror.h"
#include "client/serverurl.h"

#include <QCoreApplication>
#include <QString>
#include <QUrl>

namespace SmartFixer::Ui {

//! The translation context of these texts (lupdate finds tr() in its members).
class ErrorText
{
    Q_DECLARE_TR_FUNCTIONS(ErrorText)
public:
    static QString signIn(const ClientError &error, const QUrl &server);
    static QString certificate(const TlsFailure &tls);
    static QString serverUrl(const ServerUrlCheck &check);
    static QString status(const ClientError &error);
};

//! What the sign-in (or "Create account") of \a server failed with, as one translated sentence.
QString signInErrorText(const ClientError &error, const QUrl &server);
//! Why the server refused a status change (DESIGN.md §10), translated.
QString statusErrorText(const ClientError &error);
//! What is wrong with a refused server certificate, in plain translated sentences: expired
//! (on which date), for another host (which names), an unknown issuer or self-signed, revoked,
//! or — loudest, first — not the certificate the user trusted for this server.
QString certificateErrorText(const TlsFailure &tls);
//! Why a typed server address cannot be used, translated.
QString serverUrlErrorText(const ServerUrlCheck &check);

} // namespace SmartFixer::Ui
