#include "servermetrics.h"

#include <algorithm>

#include "server/httpfront.h"
#include "server/loginthrottle.h"
#include "server/passwordworkers.h"
#include "server/presencehub.h"
#include "server/registrationlimit.h"
#include "server/sioserver.h"

namespace SmartFixer {

QByteArray metricsText(const MetricsSources &s)
{
    QByteArray out;
    auto metric = [&out](const char *name, const char *type, const char *help, quint64 value) {
        out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n'
            + name + ' ' + QByteArray::number(value) + '\n';
    };
    const ServerCounters c = s.counters ? *s.counters : ServerCounters{};
    const HubStats hub = s.hub ? s.hub->stats() : HubStats{};
    metric("smartfixer_connections", "gauge", "Live authenticated Socket.IO connections.",
           s.hub ? quint64(s.hub->connectionCount()) : 0);
    metric("smartfixer_users_online", "gauge", "Users with at least one live connection.",
           s.hub ? quint64(s.hub->onlineUserCount()) : 0);
    metric("smartfixer_events_in_total", "counter", "Socket.IO events received.", c.eventsIn);
    metric("smartfixer_events_out_total", "counter", "Socket.IO events and acks sent.",
           c.eventsDelivered + c.acksOut);
    metric("smartfixer_presence_updates_total", "counter", "user_presence_update events sent.",
           hub.presenceUpdates);
    metric("smartfixer_presence_snapshots_total", "counter", "presence_snapshot events sent.",
           hub.snapshots);
    metric("smartfixer_time_driven_changes_total", "counter",
           "Presence deadlines (active window ends) processed.", hub.timeDrivenChanges);
    metric("smartfixer_messages_stored_total", "counter", "Chat messages stored.",
           c.messagesStored);
    metric("smartfixer_http_requests_total", "counter", "HTTP requests answered.", c.httpRequests);
    metric("smartfixer_http_connections_aborted_total", "counter",
           "HTTP connections cut off for an oversized or too slow request.",
           s.listener ? s.listener->aborted() : 0);
    metric("smartfixer_http_unread_output_drops_total", "counter",
           "HTTP connections dropped for leaving more than --max-queued-output unread.",
           s.listener ? s.listener->unreadOutputDrops() : 0);
    metric("smartfixer_tcp_connections", "gauge", "Open TCP connections (HTTP and WebSocket).",
           s.listener ? quint64(s.listener->openConnections()) : 0);
    metric("smartfixer_tcp_connections_refused_total", "counter",
           "Connections closed at once: over the per-address or the total limit.",
           s.listener ? s.listener->refusedPerAddress() + s.listener->refusedOverLimit() : 0);
    metric("smartfixer_accept_pauses_total", "counter",
           "Times the listener stopped accepting at the connection limit or on accept errors.",
           s.listener ? s.listener->pausedAccepting() : 0);
    // TLS (DESIGN.md §11); all zero on a plain-HTTP server.
    metric("smartfixer_tls_handshakes_total", "counter", "TLS handshakes completed.",
           s.listener ? s.listener->tlsHandshakesDone() : 0);
    metric("smartfixer_tls_handshake_failures_total", "counter",
           "TLS handshakes that failed or were closed half way.",
           s.listener ? s.listener->tlsHandshakeFailures() : 0);
    metric("smartfixer_tls_handshake_timeouts_total", "counter",
           "TLS handshakes not finished within --tls-handshake-timeout.",
           s.listener ? s.listener->tlsHandshakeTimeouts() : 0);
    metric("smartfixer_tls_plain_requests_total", "counter",
           "Plain HTTP requests on the TLS port (answered 400).",
           s.listener ? s.listener->plainRequestsOnTls() : 0);
    metric("smartfixer_tls_connections", "gauge",
           "Open connections that completed the TLS handshake (HTTPS and WSS).",
           s.listener ? quint64(std::max(0, s.listener->tlsConnections())) : 0);
    metric("smartfixer_login_failures_total", "counter", "Failed logins.", c.loginFailures);
    metric("smartfixer_login_lockouts_total", "counter", "Login lockouts started.",
           s.throttle ? s.throttle->lockouts() : 0);
    metric("smartfixer_password_jobs_queued", "gauge",
           "Password hashes and checks waiting or running on the worker threads.",
           s.passwords ? quint64(s.passwords->inFlight()) : 0);
    metric("smartfixer_password_jobs_refused_total", "counter",
           "Logins and registrations answered 503 because the hash queue was full.",
           s.passwords ? s.passwords->refused() : 0);
    metric("smartfixer_registrations_refused_total", "counter",
           "Registrations answered 429 by the per-address limit.",
           s.registrations ? s.registrations->refused() : 0);
    const TransportStats t = s.transport ? s.transport->stats() : TransportStats{};
    metric("smartfixer_transport_handshakes_total", "counter", "Authenticated CONNECTs.",
           t.handshakes);
    metric("smartfixer_transport_auth_failures_total", "counter", "Refused CONNECTs.",
           t.authFailures);
    metric("smartfixer_transport_frames_in_total", "counter", "WebSocket frames received.",
           t.framesIn);
    metric("smartfixer_transport_frames_out_total", "counter", "WebSocket frames sent.",
           t.framesOut);
    metric("smartfixer_transport_protocol_errors_total", "counter",
           "Connections closed for malformed, binary or oversized frames.", t.protocolErrors);
    metric("smartfixer_transport_rate_limited_total", "counter",
           "Events dropped by the per-connection rate limit.", t.rateLimited);
    metric("smartfixer_transport_slow_reader_drops_total", "counter",
           "Connections closed because their send buffer overflowed.", t.slowReaderDrops);
    metric("smartfixer_transport_handshake_timeouts_total", "counter",
           "Connections closed before authenticating in time.", t.handshakeTimeouts);
    metric("smartfixer_transport_ping_timeouts_total", "counter",
           "Connections closed for a missed pong.", t.pingTimeouts);
    return out;
}

} // namespace SmartFixer
