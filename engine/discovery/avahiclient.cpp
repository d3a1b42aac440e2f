#include "avahiclient_p.h"

#include "avahipoll_p.h"

#include <QTimer>

#include <avahi-common/error.h>

namespace SmartFixer::Discovery {

QString avahiError(int error)
{
    return QString::fromUtf8(avahi_strerror(error));
}

AvahiConnection::AvahiConnection(QObject *parent) : QObject(parent) { }

AvahiConnection::~AvahiConnection()
{
    if (m_client)
        avahi_client_free(m_client); // frees its entry groups and browsers too
}

void AvahiConnection::start()
{
    if (m_client)
        return;
    int error = 0;
    // NO_FAIL: without a daemon the client waits in CONNECTING and becomes RUNNING when one
    // starts, instead of failing once and for all.
    AvahiClient *c = avahi_client_new(qtAvahiPoll(), AVAHI_CLIENT_NO_FAIL,
                                      &AvahiConnection::onState, this, &error);
    if (!c) {
        // No D-Bus system bus at all (a container, a minimal install).
        if (!m_saidUnavailable) {
            m_saidUnavailable = true;
            Q_EMIT unavailable(
                QStringLiteral("cannot reach avahi-daemon: %1").arg(avahiError(error)));
        }
        return;
    }
    m_client = c;
    // The first state callbacks ran inside avahi_client_new(), before m_client was set.
    handle(c, avahi_client_get_state(c));
}

void AvahiConnection::onState(AvahiClient *c, AvahiClientState state, void *self)
{
    auto *that = static_cast<AvahiConnection *>(self);
    if (!that->m_client)
        return; // inside avahi_client_new(): start() looks at the state afterwards
    that->handle(c, state);
}

void AvahiConnection::handle(AvahiClient *c, AvahiClientState state)
{
    switch (state) {
    case AVAHI_CLIENT_S_RUNNING:
        if (!m_running) {
            m_running = true;
            m_saidUnavailable = false;
            Q_EMIT running();
        }
        break;
    case AVAHI_CLIENT_S_COLLISION:
    case AVAHI_CLIENT_S_REGISTERING:
        // The daemon renames this host: our records are withdrawn and must be added again.
        if (m_running) {
            m_running = false;
            Q_EMIT reset(false);
        }
        break;
    case AVAHI_CLIENT_CONNECTING:
        if (!m_saidUnavailable) {
            m_saidUnavailable = true;
            Q_EMIT unavailable(QStringLiteral("avahi-daemon is not running"));
        }
        break;
    case AVAHI_CLIENT_FAILURE: {
        const int error = avahi_client_errno(c);
        m_running = false;
        Q_EMIT reset(true); // restart() frees the client, and with it whatever was made on it
        if (!m_saidUnavailable) {
            m_saidUnavailable = true;
            Q_EMIT unavailable(
                error == AVAHI_ERR_DISCONNECTED
                    ? QStringLiteral("avahi-daemon went away")
                    : QStringLiteral("avahi-daemon failed: %1").arg(avahiError(error)));
        }
        // Not from inside the client's own callback: free it, then wait for a daemon afresh.
        QTimer::singleShot(1000, this,
                           &AvahiConnection::restart); // ms; no busy loop if it keeps failing
        break;
    }
    }
}

void AvahiConnection::restart()
{
    if (m_client) {
        avahi_client_free(m_client);
        m_client = nullptr;
    }
    m_running = false;
    start();
}

} // namespace SmartFixer::Discovery
