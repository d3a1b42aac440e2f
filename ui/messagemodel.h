#pragma once
// MessageModel: the conversation with one peer as a list model. A delivery change (queued →
// sent) or a new message touches one row; switching the peer resets the model.
#include "chattypes.h"

#include <QAbstractListModel>

namespace SmartFixer::Ui {

class MessageModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        TextRole = Qt::UserRole + 1,
        SentAtRole, //!< qint64 ms since epoch UTC (0 while queued)
        OutgoingRole, //!< bool: written by us
        DeliveryRole, //!< SmartFixer::Ui::DeliveryState
        ClientIdRole,
        ErrorRole,
    };
    Q_ENUM(Role)

    explicit MessageModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setConversation(UserId self, UserId peer, const QList<MessageItem> &messages);
    UserId peer() const { return m_peer; }
    //! Adds \a message if it belongs to this conversation, or updates the row with the same
    //! client id / server id. Returns false when it is not for this conversation.
    bool upsert(const MessageItem &message);

private:
    int findRow(const MessageItem &message) const;
    UserId m_self = 0;
    UserId m_peer = 0;
    QList<MessageItem> m_messages;
};

} // namespace SmartFixer::Ui
