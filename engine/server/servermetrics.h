#pragma once
// ServerMetrics: the Prometheus text of GET /metrics, read from the counters of every part of
// a running server (handlers, hub, transport, HTTP guard, login throttle). Parts that are not
// there (a stopped server) read as zero.
#include "server/servercontext.h"

#include <QByteArray>

namespace SmartFixer {

class HttpListener;
class LoginThrottle;
class PasswordWorkers;
class RegistrationLimit;
class PresenceHub;
class SioServer;

struct MetricsSources
{
    const ServerCounters *counters = nullptr;
    const PresenceHub *hub = nullptr;
    const SioServer *transport = nullptr;
    const HttpListener *listener = nullptr;
    const LoginThrottle *throttle = nullptr;
    const PasswordWorkers *passwords = nullptr;
    const RegistrationLimit *registrations = nullptr;
};

//! Prometheus text format 0.0.4: HELP, TYPE and value per metric.
QByteArray metricsText(const MetricsSources &sources);

} // namespace SmartFixer
