#pragma once
// AvahiConnection: one avahi-client connection to avahi-daemon (over the D-Bus system bus, or
// $DBUS_SYSTEM_BUS_ADDRESS), shared by the code of Announcer and Browser: it waits for a daemon
// that is not running yet, and reconnects when the daemon restarts.
#include <QObject>
#include <QString>

#include <avahi-client/client.h>

namespace SmartFixer::Discovery {

class AvahiConnection : public QObject
{
    Q_OBJECT
public:
    explicit AvahiConnection(QObject *parent = nullptr);
    ~AvahiConnection() override;

    //! Connects (again). Idempotent while connected or waiting for the daemon.
    void start();
    //! The client while the daemon runs (entry groups and browsers can be made on it), else null.
    AvahiClient *client() const { return m_running ? m_client : nullptr; }

Q_SIGNALS:
    //! The daemon is reachable and running: (re)create entry groups and browsers now.
    void running();
    //! Records made on client() are withdrawn: the daemon renames this host after a clash
    //! (\a clientFreed false: reset entry groups, keep the pointers), or the daemon went away
    //! (\a clientFreed true: everything made on the client is freed with it — forget the
    //! pointers). running() follows when it is back.
    void reset(bool clientFreed);
    //! No daemon (or no D-Bus): \a reason in plain words. Once per outage, not per retry.
    void unavailable(const QString &reason);

private:
    static void onState(AvahiClient *c, AvahiClientState state, void *self);
    void handle(AvahiClient *c, AvahiClientState state);
    void restart();

    AvahiClient *m_client = nullptr;
    bool m_running = false;
    bool m_saidUnavailable = false;
};

//! avahi_strerror() of \a error as a QString.
QString avahiError(int error);

} // namespace SmartFixer::Discovery
