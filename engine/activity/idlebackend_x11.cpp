// X11 backend: XScreenSaverQueryInfo gives the server-wide idle time and whether the screen
// saver is on. Opens its own Display connection (no QtGui, so no QX11Application).
#include "core/logging.h"
#include "idlebackend_p.h"

#include <X11/Xlib.h>
#include <X11/extensions/scrnsaver.h>

namespace SmartFixer {

namespace {

class X11IdleBackend final : public IdleBackend
{
public:
    explicit X11IdleBackend(Display *display) : m_display(display), m_info(XScreenSaverAllocInfo())
    { }
    ~X11IdleBackend() override
    {
        if (m_info)
            XFree(m_info);
        XCloseDisplay(m_display);
    }
    QString name() const override { return QStringLiteral("x11"); }
    std::optional<qint64> idleTimeMs() override
    {
        if (!query())
            return std::nullopt;
        return qint64(m_info->idle); // ms
    }
    bool isScreenLocked() override { return query() && m_info->state == ScreenSaverOn; }

private:
    bool query()
    {
        return m_info && XScreenSaverQueryInfo(m_display, DefaultRootWindow(m_display), m_info);
    }
    Display *m_display;
    XScreenSaverInfo *m_info;
};

} // namespace

std::unique_ptr<IdleBackend> createX11IdleBackend()
{
    Display *display = XOpenDisplay(nullptr);
    if (!display) {
        qCInfo(lcActivity) << "x11 idle: no X display";
        return nullptr;
    }
    int eventBase = 0;
    int errorBase = 0;
    if (!XScreenSaverQueryExtension(display, &eventBase, &errorBase)) {
        qCInfo(lcActivity) << "x11 idle: no MIT-SCREEN-SAVER extension";
        XCloseDisplay(display);
        return nullptr;
    }
    qCInfo(lcActivity) << "idle backend: x11 (XScreenSaver)";
    return std::make_unique<X11IdleBackend>(display);
}

} // namespace SmartFixer
