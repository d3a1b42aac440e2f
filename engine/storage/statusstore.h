#pragma once
// StatusStore: the manual status of DESIGN.md §10 (availability, message, expiry, last-seen
// precision, and what others were shown when the user went invisible), one row per user in
// the user_status table (schema migration 4). The presence hub keeps the live copy and writes
// through here, so a restart keeps the status and several nodes can share it.
#include "core/manualstatus.h"

#include <QList>

namespace SmartFixer {

//! A message whose receipt an invisible recipient made while hidden, now shown (§10, §12).
struct RebasedReceipt
{
    qint64 id = 0;
    UserId from = 0;
    bool delivered = false; //!< delivered_at moved to now: the sender gets message_delivered
    bool read = false; //!< read_at moved to now: the sender gets messages_read
};

class StatusStore
{
public:
    virtual ~StatusStore() = default;
    //! The stored status; the default (auto, exact) for a user without a row.
    virtual ManualStatus manualStatus(UserId user) const = 0;
    //! Writes \a status at once (a status is set rarely and must survive a crash).
    //! With \a onlyIfExpiresAtMs: only if the stored row still expires then (an expiry's
    //! revert must not overwrite a status another node set since); false when it did not.
    virtual bool setManualStatus(UserId user, const ManualStatus &status,
                                 std::optional<qint64> onlyIfExpiresAtMs = std::nullopt)
        = 0;
    //! \a recipient is seen again: every delivered_at / read_at of a message to them later
    //! than \a hiddenSinceMs (none: any) becomes \a nowMs, so receipts made while invisible
    //! look made at this moment; returns those messages, oldest first.
    virtual QList<RebasedReceipt> rebaseReceipts(UserId recipient,
                                                 std::optional<qint64> hiddenSinceMs, qint64 nowMs)
        = 0;
};

} // namespace SmartFixer
