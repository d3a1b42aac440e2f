#pragma once
// What a SmartFixer server announces on the LAN by DNS-SD, and what a browser makes of what it
// finds (DESIGN.md §11): service type `_smartfixer._tcp`, TXT `v=1`, `tls=0|1`, `name=`. Pure
// functions, so the checks on what strangers on the LAN send are tested without a network.
#include "core/result.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUrl>

namespace SmartFixer {

inline constexpr char ServiceType[] = "_smartfixer._tcp";
//! Longest server name we announce or show (UTF-16 units); a DNS label holds 63 bytes anyway.
constexpr int MaxServerNameChars = 63;

//! What smartfixer-server (or the desktop host) announces.
struct ServiceAnnouncement
{
    QString name; //!< the service instance name, also TXT name= (validServerName())
    quint16 port = 0;
    bool tls = false;
    //! Announce only on the interface that holds this address (a server listening on one
    //! address); null = every interface (a server on 0.0.0.0 / ::).
    QHostAddress onlyAddress;
};

//! The TXT record of \a a: "v=1", "tls=0|1", "name=…" (UTF-8), each at most 255 bytes.
QList<QByteArray> txtRecord(const ServiceAnnouncement &a);

//! Whether \a name can be announced: 1..63 characters, at most 63 bytes of UTF-8, no control,
//! bidi, zero-width or other format characters, not only spaces. Invalid with the reason.
Result<QString> validServerName(const QString &name);
//! \a text cleaned (cleanServerText()) and cut to at most 63 bytes of UTF-8, so that it can be
//! announced; "SmartFixer" when nothing is left.
QString fitServerName(const QString &text);
//! "SmartFixer on HOST" (shortened to fit), the default server name.
QString defaultServerName(const QString &hostName);

//! A server the browser found and resolved.
struct FoundServer
{
    QString serviceName; //!< the DNS-SD instance name (unique on the LAN; "Name #2" after a clash)
    QString name; //!< TXT name=, checked; the instance name when the TXT has none
    QString hostName; //!< "host.local"
    QHostAddress address;
    quint16 port = 0;
    bool tls = false;

    //! http(s)://ADDRESS:PORT, what the sign-in dialog fills in.
    QUrl url() const;
    bool operator==(const FoundServer &) const = default;
};

//! Checks a resolved service: Invalid (and the server is not shown) when its TXT has no `v=1`
//! (another version of the protocol), `tls` other than 0/1, a port of 0, or more than
//! MaxTxtEntries entries. A name with control/bidi/format characters or over
//! MaxServerNameChars is cleaned (those characters dropped, then cut), not refused.
Result<FoundServer> parseFoundServer(const QString &serviceName, const QString &hostName,
                                     const QHostAddress &address, quint16 port,
                                     const QList<QByteArray> &txt);
constexpr int MaxTxtEntries = 32;

//! \a text without control, bidi, zero-width and other format characters, trimmed and cut to
//! \a maxChars (at a character boundary).
QString cleanServerText(const QString &text, int maxChars = MaxServerNameChars);

} // namespace SmartFixer

Q_DECLARE_METATYPE(SmartFixer::FoundServer)
