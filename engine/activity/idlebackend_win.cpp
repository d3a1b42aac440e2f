// Windows backend: GetLastInputInfo (tick count of the last input in this session).
#include "idlebackend_p.h"

#if defined(Q_OS_WIN)
#include <windows.h>

namespace SmartFixer {

namespace {

class WindowsIdleBackend final : public IdleBackend
{
public:
    QString name() const override { return QStringLiteral("windows"); }
    std::optional<qint64> idleTimeMs() override
    {
        LASTINPUTINFO info;
        info.cbSize = sizeof(info);
        if (!GetLastInputInfo(&info))
            return std::nullopt;
        // Both are 32-bit tick counts; unsigned subtraction survives the 49-day wrap.
        return qint64(DWORD(GetTickCount() - info.dwTime)); // ms
    }
};

} // namespace

std::unique_ptr<IdleBackend> createWindowsIdleBackend()
{
    return std::make_unique<WindowsIdleBackend>();
}

} // namespace SmartFixer
#endif
