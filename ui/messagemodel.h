#pragma once
// MessageModel: the conversation with one peer as a list model. A delivery change (queued →
// sent) or a new message touches one row; switching the peer resets the model.
#include "chattypes.h"

#include <QAbstractListModel>
#include <QDate>
#include <QLocale>

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
        ReceiptRole, //!< MessageModel::Receipt of an outgoing message (DESIGN.md §12)
        //! The date line above this message ("Today", "Yesterday", "3 November 2026") when it
        //! is the first of its day in the view's time zone; empty otherwise.
        DateSeparatorRole,
        MessageIdRole, //!< qint64 server id (0 while queued)
    };
    Q_ENUM(Role)
    enum class Receipt { None, Delivered, Read };
    Q_ENUM(Receipt)
    //! The words of a date line for \a day seen on \a today.
    static QString dateLabel(const QDate &day, const QDate &today, const QLocale &locale);
    //! The row of the message with server id \a id, -1 when it is not shown.
    int rowOfId(qint64 id) const;
    //! The newest message from the peer (server id), 0 when none.
    qint64 newestReceivedId() const;
    //! "Today" for the date lines (tests pin it; the default is the clock's local date).
    void setToday(const QDate &today) { m_today = today; }

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
    QDate m_today; // null: QDate::currentDate()
};

} // namespace SmartFixer::Ui
