#pragma once
// Conversations: the client half of DESIGN.md §12 — the conversations list with unread counts
// (GET /api/conversations, kept current by live events), receipts (message_delivered,
// messages_read, mark_read), the read_receipts switch and message search. ClientSession owns
// one and feeds it the socket events; GUI-free.
#include "client/clienterror.h"
#include "client/localcache.h"
#include "core/clock.h"

#include <QHash>
#include <QJsonValue>
#include <QObject>

namespace SmartFixer {

class RestClient;
class SocketIoClient;

//! One row of the conversations list.
struct ConversationInfo
{
    ContactInfo peer;
    ChatMessage lastMessage;
    int unread = 0;
};

class Conversations : public QObject
{
    Q_OBJECT
public:
    Conversations(RestClient *rest, SocketIoClient *socket, LocalCache *cache, Clock *clock,
                  QObject *parent = nullptr);

    void setSelf(UserId self) { m_self = self; }
    //! GET /api/conversations and /api/me (read_receipts); ends in changed().
    void refresh();
    //! Newest last message first.
    QList<ConversationInfo> list() const { return m_list; }
    int unread(UserId peer) const;
    int totalUnread() const;
    //! The user has seen everything from \a peer up to message \a upTo: sends mark_read (when
    //! something was unread) and clears the count at once.
    void markRead(UserId peer, qint64 upTo);
    bool readReceipts() const { return m_readReceipts; }
    //! PUT /api/me/privacy {"read_receipts"}; ends in readReceiptsChanged() or failed().
    void setReadReceipts(bool on);
    //! GET /api/messages/search; ends in searchFinished() or failed(). \a peer 0 = all.
    void search(const QString &text, UserId peer = 0, int limit = 50);

    // Fed by ClientSession.
    //! A message arrived or one of ours was acked: list order, preview and unread count.
    void messageArrived(const ChatMessage &message, bool countsAsUnread);
    //! message_delivered / messages_read; false for other events.
    bool handleEvent(const QString &name, const QJsonValue &payload);

Q_SIGNALS:
    //! The list, an unread count or a preview changed.
    void changed();
    //! Receipts of messages with \a peer changed (ticks to repaint).
    void receiptsChanged(SmartFixer::UserId peer);
    void readReceiptsChanged(bool on);
    void searchFinished(const QString &text, const QList<SmartFixer::ChatMessage> &results);
    void failed(const SmartFixer::ClientError &error);

private:
    int indexOf(UserId peer) const;
    void moveToTop(int index);

    RestClient *m_rest;
    SocketIoClient *m_socket;
    LocalCache *m_cache;
    Clock *m_clock;
    UserId m_self = 0;
    bool m_readReceipts = true;
    QList<ConversationInfo> m_list;
    QHash<UserId, qint64> m_readUpTo; // highest id we marked read per peer (no repeats)
};

} // namespace SmartFixer
