// macOS backend: seconds since the last input event of any type in the HID event source.
#include "idlebackend_p.h"

#if defined(Q_OS_MACOS)
#include <CoreGraphics/CoreGraphics.h>

namespace SmartFixer {

namespace {

class MacIdleBackend final : public IdleBackend
{
public:
    QString name() const override { return QStringLiteral("macos"); }
    std::optional<qint64> idleTimeMs() override
    {
        const CFTimeInterval seconds = CGEventSourceSecondsSinceLastEventType(
            kCGEventSourceStateCombinedSessionState, kCGAnyInputEventType);
        return qint64(seconds * 1000.0); // ms
    }
};

} // namespace

std::unique_ptr<IdleBackend> createMacIdleBackend()
{
    return std::make_unique<MacIdleBackend>();
}

} // namespace SmartFixer
#endif
