#include "statuscommand.h"

#include "core/clock.h"
#include "server/presencehub.h"

namespace SmartFixer {

Result<ManualStatus> applyStatusPayload(PresenceHub *hub, Clock *clock, UserId user,
                                        const QJsonValue &payload)
{
    const auto request = parseStatusRequest(payload, clock->nowMs());
    if (!request)
        return Result<ManualStatus>::failureFrom(request);
    return hub->setStatus(user, *request);
}

} // namespace SmartFixer
