#pragma once
// Private: the per-platform factories. Each returns nullptr when its backend cannot work in
// this session (no X display, no D-Bus service), so createIdleBackend() can try the next.
#include "idlebackend.h"

namespace SmartFixer {

#if defined(SMARTFIXER_HAVE_X11)
std::unique_ptr<IdleBackend> createX11IdleBackend();
#endif
#if defined(SMARTFIXER_HAVE_DBUS)
std::unique_ptr<IdleBackend> createDBusIdleBackend();
#endif
#if defined(Q_OS_WIN)
std::unique_ptr<IdleBackend> createWindowsIdleBackend();
#endif
#if defined(Q_OS_MACOS)
std::unique_ptr<IdleBackend> createMacIdleBackend();
#endif

} // namespace SmartFixer
