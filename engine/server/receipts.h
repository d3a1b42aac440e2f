#pragma once
// Receipts: the server side of DESIGN.md §12's socket events — message_delivered when a
// connection of the recipient got a message (live or at its next connect), mark_read and its
// messages_read fan-out under the read_receipts switch, and the viewer's copy of a message
// object (read_at hidden unless both sides share read receipts). SocketEvents and RestApi
// call it; it owns nothing.
#include "core/presence.h"
#include "server/presencehub.h"
#include "server/servercontext.h"

#include <QJsonObject>
#include <QJsonValue>

namespace SmartFixer {

struct MessageRow;
class ServerStore;

class Receipts
{
public:
    Receipts(const ServerContext &context, Delivery *delivery)
        : m_context(context), m_delivery(delivery)
    { }

    //! A connection of \a recipient opened: everything still undelivered to it is delivered now.
    void connectionOpened(UserId recipient);
    //! new_message \a messageId reached \a deliveredTo connections of its recipient.
    void delivered(const MessageRow &message, int deliveredTo);
    //! mark_read from \a connection of \a reader: the ack payload.
    QJsonValue markRead(UserId reader, ConnectionId connection, const QJsonValue &payload);
    //! \a recipient is seen again after hiding since \a hiddenSinceMs (§10): receipts made in
    //! hiding are moved to now and sent, and what is still undelivered is delivered.
    void visibleAgain(UserId recipient, std::optional<qint64> hiddenSinceMs);
    //! \a row as \a viewer may see it (DESIGN.md §12: read_receipts off hides read_at of
    //! one's own sent messages both ways; §10: receipts an invisible recipient made in hiding
    //! are not shown to the sender).
    static QJsonObject messageFor(ServerStore *store, PresenceHub *hub, UserId viewer,
                                  const MessageRow &row);

private:
    void sendDelivered(UserId sender, UserId recipient, qint64 messageId);

    ServerContext m_context;
    Delivery *m_delivery;
};

} // namespace SmartFixer
