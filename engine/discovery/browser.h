#pragma once
// Browser: the SmartFixer servers on the LAN, live (DESIGN.md §11). It browses `_smartfixer._tcp`
// through avahi-daemon, resolves each service to an address, port and TXT record, and keeps
// only those that pass parseFoundServer(): what strangers announce is checked and bounded.
#include "discovery/announcement.h"

#include <QList>
#include <QObject>
#include <memory>

namespace SmartFixer::Discovery {

class Browser : public QObject
{
    Q_OBJECT
public:
    explicit Browser(QObject *parent = nullptr);
    ~Browser() override;

    //! At most this many servers are kept (more are ignored until one goes); default 64, so a
    //! LAN flooded with announcements costs bounded memory and a bounded list.
    void setMaxServers(int n);
    void start();
    //! The servers found now, in the order they were found.
    QList<FoundServer> servers() const;

Q_SIGNALS:
    void serverAdded(const SmartFixer::FoundServer &server);
    //! Same serviceName, new address, port or TXT.
    void serverChanged(const SmartFixer::FoundServer &server);
    //! The server withdrew its announcement (or the daemon went away).
    void serverRemoved(const SmartFixer::FoundServer &server);
    //! Cannot browse now: no daemon, no D-Bus (\a reason, plain words). Found servers are
    //! removed; browsing resumes by itself when the daemon comes (back).
    void unavailable(const QString &reason);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace SmartFixer::Discovery
