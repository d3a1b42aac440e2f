#pragma once
// The sd_notify(3) protocol without linking libsystemd: one datagram to the AF_UNIX socket that
// systemd names in $NOTIFY_SOCKET (a path, or "@name" in the abstract namespace). A
// Type=notify unit learns from "READY=1" that the server listens, and from "STOPPING=1" that it
// is shutting down. Outside systemd ($NOTIFY_SOCKET unset) nothing is sent.
#include <QByteArray>

namespace SmartFixer {

//! Sends \a state (e.g. "READY=1\nSTATUS=listening on …") when $NOTIFY_SOCKET is set. Returns
//! true when it was sent.
bool notifyServiceManager(const QByteArray &state);

} // namespace SmartFixer
