#pragma once
// QtAvahiPoll: Avahi's main-loop abstraction (AvahiPoll) implemented on the Qt event loop —
// watches are QSocketNotifiers, timeouts single-shot QTimers — so the Avahi client runs in the
// thread that owns it, with no thread of its own. (Debian has no avahi-qt for Qt 6.)
#include <avahi-common/watch.h>

namespace SmartFixer::Discovery {

//! The AvahiPoll of the calling thread's event loop (one per thread, lives as long as it).
const AvahiPoll *qtAvahiPoll();

} // namespace SmartFixer::Discovery
