#include "errortext.h"

#include <QCoreApplication>
#include <QLocale>

namespace SmartFixer::Ui {

QString signInErrorText(const ClientError &error, const QUrl &server)
{
    return ErrorText::signIn(error, server);
}

QString serverUrlErrorText(const ServerUrlCheck &check)
{
    return ErrorText::serverUrl(check);
}

QString certificateErrorText(const TlsFailure &tls)
{
    return ErrorText::certificate(tls);
}

QString ErrorText::certificate(const TlsFailure &tls)
{
    // The names come from the server: a few, each cut short, never a wall of text.
    QStringList names;
    for (const QString &n : tls.names.mid(0, 3)) {
        QString shown;
        for (const QChar c : n) {
            if (!c.isPrint())
                continue;
            shown += c;
        }
        names += shown.size() > 64 ? shown.left(63) + QChar(0x2026) : shown;
    }
    if (tls.names.size() > 3)
        names += QString(QChar(0x2026));
    const QLocale locale;
    QStringList sentences;
    for (const CertificateProblem p : tls.problems) {
        switch (p) {
        case CertificateProblem::ChangedPin:
            sentences += tr("The certificate of %1 has CHANGED since you trusted it: someone may "
                            "be intercepting the connection, so SmartFixer does not connect.")
                             .arg(tls.host);
            break;
        case CertificateProblem::Expired:
            sentences += tr("The server's certificate expired on %1.")
                             .arg(locale.toString(tls.certificate.expiryDate().toLocalTime().date(),
                                                  QLocale::LongFormat));
            break;
        case CertificateProblem::NotYetValid:
            sentences
                += tr("The server's certificate is not valid before %1. Check this "
                      "computer's date and time.")
                       .arg(locale.toString(tls.certificate.effectiveDate().toLocalTime().date(),
                                            QLocale::LongFormat));
            break;
        case CertificateProblem::WrongHost:
            sentences += names.isEmpty()
                ? tr("The server's certificate names no server, so it cannot be for %1.")
                      .arg(tls.host)
                : tr("The server's certificate is for %1, not for %2. Check the address.")
                      .arg(names.join(QStringLiteral(", ")), tls.host);
            break;
        case CertificateProblem::SelfSigned:
            sentences += tr("The server made its certificate itself (self-signed): no authority "
                            "this computer trusts vouches for it.");
            break;
        case CertificateProblem::UnknownIssuer:
            sentences += tr("The server's certificate is issued by an authority this computer "
                            "does not trust.");
            break;
        case CertificateProblem::Revoked:
            sentences += tr("The server's certificate was revoked by whoever issued it.");
            break;
        case CertificateProblem::Missing:
            sentences += tr("The server sent no certificate.");
            break;
        case CertificateProblem::Other:
            sentences += tr("The server's certificate cannot be checked.");
            break;
        }
    }
    if (sentences.isEmpty())
        sentences += tr("The server's certificate cannot be checked.");
    return sentences.join(u' ');
}

QString ErrorText::signIn(const ClientError &error, const QUrl &server)
{
    if (!error.tls.isNull())
        return certificate(error.tls); // whatever kind the transport gave it
    switch (error.kind) {
    case ErrorKind::Unauthorized:
        return tr("Wrong name or password.");
    case ErrorKind::Conflict:
        return tr("That name is taken. Choose another one, or sign in if it is yours.");
    case ErrorKind::Forbidden:
        return tr("This server does not let you create accounts. Ask the person who runs it.");
    case ErrorKind::RateLimited: {
        if (error.retryAfterMs <= 0)
            return tr("Too many tries — wait a little and try again.");
        const qint64 seconds = (error.retryAfterMs + 999) / 1000;
        if (seconds < 60)
            return tr("Too many tries — try again in %n second(s).", nullptr, int(seconds));
        return tr("Too many tries — try again in %n minute(s).", nullptr, int((seconds + 59) / 60));
    }
    case ErrorKind::Unavailable:
        return tr("Cannot reach %1. Check the address and that the server is running.")
            .arg(server.toDisplayString());
    case ErrorKind::Timeout:
        return tr("The server did not answer in time. Try again.");
    case ErrorKind::Protocol:
        return tr("This address is not a SmartFixer server.");
    case ErrorKind::Invalid:
        return tr("The server did not accept this name or password.");
    case ErrorKind::NotFound:
    case ErrorKind::Internal:
    case ErrorKind::None:
        break;
    }
    return tr("Something went wrong on the server. Try again later.");
}

QString statusErrorText(const ClientError &error)
{
    return ErrorText::status(error);
}

QString ErrorText::status(const ClientError &error)
{
    switch (error.kind) {
    case ErrorKind::Invalid:
        return tr("The server did not accept this status: the message may be too long or hold "
                  "characters it does not allow, or the time to clear it has passed. Your status "
                  "did not change.");
    case ErrorKind::Unauthorized:
        return tr("You are signed out. Sign in again to change your status.");
    case ErrorKind::RateLimited:
        return tr("Too many changes at once — wait a little and try again.");
    case ErrorKind::Unavailable:
    case ErrorKind::Timeout:
        return tr("The server cannot be reached, so your status did not change. Try again "
                  "when you are connected.");
    case ErrorKind::NotFound:
    case ErrorKind::Protocol:
        return tr("This server does not support setting your status.");
    case ErrorKind::Forbidden:
    case ErrorKind::Conflict:
    case ErrorKind::Internal:
    case ErrorKind::None:
        break;
    }
    return tr("Your status could not be changed. Try again later.");
}

QString ErrorText::serverUrl(const ServerUrlCheck &check)
{
    switch (check.problem) {
    case ServerUrlCheck::None:
        return {};
    case ServerUrlCheck::Empty:
        return tr("Enter the server address, e.g. http://192.168.1.20:8765.");
    case ServerUrlCheck::Scheme:
        return tr("The address must start with http:// or https://.");
    case ServerUrlCheck::Host:
        return tr("\"%1\" is not a computer name or IP address.").arg(check.detail);
    case ServerUrlCheck::Port:
        return tr("The port must be a number from 1 to 65535.");
    case ServerUrlCheck::Extra:
        return tr("Unexpected \"%1\" in the address.").arg(check.detail);
    }
    return {};
}

} // namespace SmartFixer::Ui
