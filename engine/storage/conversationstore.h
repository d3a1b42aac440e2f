#pragma once
// ConversationStore: the storage half of DESIGN.md §12 — delivery and read receipts
// (messages.delivered_at / read_at), the read_receipts privacy switch, unread counts, the
// conversations list and message search. Store implements it (store_conversations.cpp).
#include "core/presence.h"
#include "core/result.h"

#include <QList>
#include <QString>
#include <optional>

namespace SmartFixer {

struct MessageRow;

//! One message that just turned delivered (for message_delivered to its sender).
struct DeliveredMessage
{
    qint64 id = 0;
    UserId from = 0;
};

//! One conversation of GET /api/conversations.
struct ConversationRow
{
    UserId peer = 0;
    qint64 lastMessageId = 0;
    int unread = 0; //!< messages from the peer the caller has not read
};

class ConversationStore
{
public:
    virtual ~ConversationStore() = default;
    //! Sets delivered_at = \a nowMs on messages to \a recipient that have none (all of them,
    //! or only \a messageId), and returns those messages. At most \a limit rows per call.
    virtual QList<DeliveredMessage> markDelivered(UserId recipient, std::optional<qint64> messageId,
                                                  qint64 nowMs, int limit)
        = 0;
    //! Sets read_at (and delivered_at when missing) = \a nowMs on the messages from \a peer to
    //! \a reader with id <= \a upTo that are unread. Returns the highest id it marked, or
    //! nothing when none was unread.
    virtual Result<std::optional<qint64>> markRead(UserId reader, UserId peer, qint64 upTo,
                                                   qint64 nowMs)
        = 0;
    //! The read_receipts privacy switch (DESIGN.md §12; default true).
    virtual bool readReceipts(UserId user) const = 0;
    virtual bool setReadReceipts(UserId user, bool on) = 0;
    //! The caller's conversations, newest last message first, at most \a limit.
    virtual QList<ConversationRow> conversations(UserId me, int limit) const = 0;
    virtual std::optional<MessageRow> messageById(qint64 id) const = 0;
    //! Messages to or from \a me (with \a peer only, when given) whose text contains \a text
    //! (case-insensitive: Unicode in PostgreSQL, ASCII letters in SQLite), newest first.
    virtual QList<MessageRow> searchMessages(UserId me, const QString &text,
                                             std::optional<UserId> peer, int limit) const = 0;
};

} // namespace SmartFixer
