#pragma once
// StatusStore: the manual status of DESIGN.md §10 (availability, message, expiry, last-seen
// precision, and what others were shown when the user went invisible), one row per user in
// the user_status table (schema migration 4). The presence hub keeps the live copy and writes
// through here, so a restart keeps the status and several nodes can share it.
#include "core/manualstatus.h"

namespace SmartFixer {

class StatusStore
{
public:
    virtual ~StatusStore() = default;
    //! The stored status; the default (auto, exact) for a user without a row.
    virtual ManualStatus manualStatus(UserId user) const = 0;
    //! Writes \a status at once (a status is set rarely and must survive a crash).
    virtual bool setManualStatus(UserId user, const ManualStatus &status) = 0;
};

} // namespace SmartFixer
