#pragma once
// The plain values the widgets show: a contact with its presence, a user-directory hit, a chat
// message with its delivery state, the connection state. The backend adapter fills them from
// whatever client it wraps, so the widgets never depend on a wire format.
#include "core/presenceinfo.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <optional>

namespace SmartFixer::Ui {
Q_NAMESPACE

enum class ConnectionState {
    Disconnected, //!< not connected and not trying (signed out, refused)
    Connecting, //!< an attempt is under way
    Connected,
    Reconnecting //!< waiting ChatBackend::retryInMs() before the next attempt
};
Q_ENUM_NS(ConnectionState)

enum class DeliveryState {
    Queued, //!< written locally, not acknowledged by the server yet (offline queue)
    Sent, //!< the server acknowledged and stored it
    Received, //!< a message from the other side
    Failed //!< the server refused it (error ack)
};
Q_ENUM_NS(DeliveryState)

struct ContactEntry
{
    UserId id = 0;
    QString username;
    QString displayName;
    PresenceInfo presence;
    //! Whether they have us on their list too (GET /api/contacts "mutual"); unknown when the
    //! server does not say.
    std::optional<bool> mutual;
};

struct DirectoryEntry
{
    UserId id = 0;
    QString username;
    QString displayName;
};

struct MessageItem
{
    qint64 id = 0; //!< server id; 0 while queued
    UserId from = 0;
    UserId to = 0;
    QString text;
    qint64 sentAtMs = 0; //!< ms since epoch UTC (server time once sent)
    QString clientId;
    DeliveryState delivery = DeliveryState::Queued;
    QString error; //!< Failed: the server's reason
    //! DESIGN.md §12 receipts (ms since epoch UTC): shown as ✓✓ and read in colour.
    std::optional<qint64> deliveredAtMs;
    std::optional<qint64> readAtMs;

    UserId peer(UserId self) const { return from == self ? to : from; }
};

//! One row of the conversations list (DESIGN.md §12), newest first.
struct ConversationEntry
{
    UserId peer = 0;
    QString name; //!< display name (username when it has none)
    MessageItem lastMessage;
    int unread = 0;
};

//! Up to two initials of a display name ("Ada Lovelace" → "AL").
QString initialsOf(const QString &name);
//! A stable, pleasant avatar background for a user id.
QColor avatarColor(UserId id);

} // namespace SmartFixer::Ui

Q_DECLARE_METATYPE(SmartFixer::Ui::ContactEntry)
Q_DECLARE_METATYPE(SmartFixer::Ui::DirectoryEntry)
Q_DECLARE_METATYPE(SmartFixer::Ui::MessageItem)
Q_DECLARE_METATYPE(SmartFixer::Ui::ConversationEntry)
