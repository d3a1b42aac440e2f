#pragma once
// Strict parsing of a server address typed by a person or given on the command line
// ("192.168.1.20:8765", "http://host:8765", "https://chat.example.org"). QUrl::fromUserInput
// guesses too much: "http//127.0.0.1:99999" became host "http" (a DNS lookup leaving the
// machine) and an out-of-range port silently made an invalid URL. GUI-free, no lookups.
#include <QString>
#include <QUrl>

namespace SmartFixer {

struct ServerUrlCheck
{
    enum Problem {
        None, //!< url is usable
        Empty, //!< nothing typed
        Scheme, //!< not http, https, ws or wss (detail: the scheme)
        Host, //!< no host, or not a valid host name / IP address (detail: the host part)
        Port, //!< port not a number in 1–65535 (detail: the port as typed)
        Extra, //!< user info, query, fragment or a malformed path (detail: that part)
    };
    Problem problem = None;
    QString detail; //!< the offending part as typed
    QUrl url; //!< normalised: lower-case scheme and host, no trailing "/"

    bool ok() const { return problem == None; }
    //! English one-liner for logs and the CLI ("port 99999 is out of range (1-65535)").
    QString message() const;
};

//! Checks \a text without any network access. A missing scheme means http.
ServerUrlCheck checkServerUrl(const QString &text);

} // namespace SmartFixer
