#pragma once
// Announcer: publishes one ServiceAnnouncement as `_smartfixer._tcp` through avahi-daemon for as
// long as it lives (DESIGN.md §11). A clash with another server's name on the LAN is settled
// with Avahi's alternative name ("Name #2"); a daemon that is missing or restarts is waited
// for, and the service is published again when it is back.
#include "discovery/announcement.h"

#include <QObject>
#include <memory>

namespace SmartFixer::Discovery {

class Announcer : public QObject
{
    Q_OBJECT
public:
    explicit Announcer(const ServiceAnnouncement &announcement, QObject *parent = nullptr);
    ~Announcer() override; // withdraws the service

    //! Starts publishing (results come as signals).
    void start();
    //! The instance name on the LAN once announced (it differs from the asked-for name after a
    //! clash); empty before.
    QString announcedName() const;
    const ServiceAnnouncement &announcement() const;

Q_SIGNALS:
    //! The daemon confirmed the service under \a name (again after a clash or a daemon restart).
    void announced(const QString &name);
    //! \a name was taken on the LAN; trying \a next instead.
    void nameCollision(const QString &name, const QString &next);
    //! Cannot announce now: no daemon, no D-Bus, or the daemon refused (\a reason, plain words).
    void unavailable(const QString &reason);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace SmartFixer::Discovery

namespace SmartFixer::Discovery {

//! Whether a server listening on \a address is for the LAN: anything but loopback.
bool listensBeyondLoopback(const QHostAddress &address);

//! For smartfixer-server and the desktop host: an Announcer for a server on \a listen:\a port,
//! started, its outcome logged (one info line when announced, one warning when there is no
//! daemon — the server runs on regardless). Null when \a listen is loopback (nobody on the LAN
//! could connect, so nothing is announced).
std::unique_ptr<Announcer> announceServer(const QHostAddress &listen, quint16 port, bool tls,
                                          const QString &name, QObject *parent = nullptr);

} // namespace SmartFixer::Discovery
