#pragma once
// The one place where PUT /api/me/status and the socket event set_status (DESIGN.md §10) turn a
// payload into a status change: validate everything first, change nothing on bad input.
#include "core/manualstatus.h"
#include "core/result.h"

#include <QJsonValue>

namespace SmartFixer {

class Clock;
class PresenceHub;

//! Applies \a payload ({"availability","message","expires_at"}) for \a user; the new status,
//! or Invalid with the text of the 400 / error ack.
Result<ManualStatus> applyStatusPayload(PresenceHub *hub, Clock *clock, UserId user,
                                        const QJsonValue &payload);

} // namespace SmartFixer
