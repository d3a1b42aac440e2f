#pragma once
// ServerContext: the running server's parts as the REST API and the socket event handlers see
// them (PresenceServer owns every one), and the counters those handlers bump for /metrics.
#include <QtGlobal>

namespace SmartFixer {

class Clock;
class ClusterLink;
class PasswordWorkers;
class PresenceHub;
class RegistrationLimit;
class ServerStore;
class StoreDirectory;
struct ServerConfig;

//! Counters for /metrics that the handlers bump (the hub and the transport keep their own).
struct ServerCounters
{
    quint64 eventsIn = 0; //!< Socket.IO events received
    quint64 eventsDelivered = 0; //!< events handed to local sockets
    quint64 acksOut = 0;
    quint64 messagesStored = 0;
    quint64 httpRequests = 0;
    quint64 loginFailures = 0;
};

struct ServerContext
{
    const ServerConfig *config = nullptr;
    Clock *clock = nullptr;
    ServerStore *store = nullptr;
    //! The hub's view of the store, with caches: invalidate() it after privacy/contact changes.
    StoreDirectory *directory = nullptr;
    PresenceHub *hub = nullptr;
    ServerCounters *counters = nullptr;
    //! The other nodes of a cluster (DESIGN.md §9); null when this node is alone.
    ClusterLink *cluster = nullptr;
    //! argon2id off the event loop (null: hash on the caller's thread, e.g. a bare RestApi).
    PasswordWorkers *passwords = nullptr;
    RegistrationLimit *registrations = nullptr; //!< POST /api/register per address (or null)
};

} // namespace SmartFixer
