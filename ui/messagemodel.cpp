#include "messagemodel.h"

#include <QDateTime>

namespace SmartFixer::Ui {

MessageModel::MessageModel(QObject *parent) : QAbstractListModel(parent) { }

int MessageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_messages.size());
}

QVariant MessageModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MessageItem &m = m_messages.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return m.text;
    case Qt::AccessibleTextRole: {
        const QString who = m.from == m_self ? tr("You") : tr("Them");
        return tr("%1: %2").arg(who, m.text);
    }
    case SentAtRole:
        return m.sentAtMs;
    case OutgoingRole:
        return m.from == m_self;
    case DeliveryRole:
        return QVariant::fromValue(m.delivery);
    case ClientIdRole:
        return m.clientId;
    case ErrorRole:
        return m.error;
    case MessageIdRole:
        return m.id;
    case ReceiptRole:
        if (m.from != m_self || m.delivery != DeliveryState::Sent)
            return QVariant::fromValue(Receipt::None);
        if (m.readAtMs)
            return QVariant::fromValue(Receipt::Read);
        return QVariant::fromValue(m.deliveredAtMs ? Receipt::Delivered : Receipt::None);
    case DateSeparatorRole: {
        // Queued messages (no time yet) belong to today.
        const auto dayOf = [](const MessageItem &item) {
            return item.sentAtMs > 0 ? QDateTime::fromMSecsSinceEpoch(item.sentAtMs).date()
                                     : QDate::currentDate();
        };
        const QDate day = dayOf(m);
        if (index.row() > 0 && dayOf(m_messages.at(index.row() - 1)) == day)
            return QString();
        return dateLabel(day, m_today.isNull() ? QDate::currentDate() : m_today, QLocale());
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(TextRole, "text");
    names.insert(SentAtRole, "sentAt");
    names.insert(OutgoingRole, "outgoing");
    names.insert(DeliveryRole, "delivery");
    names.insert(ClientIdRole, "clientId");
    names.insert(ErrorRole, "error");
    return names;
}

void MessageModel::setConversation(UserId self, UserId peer, const QList<MessageItem> &messages)
{
    beginResetModel();
    m_self = self;
    m_peer = peer;
    m_messages.clear();
    for (const MessageItem &m : messages) {
        if (m.peer(self) == peer)
            m_messages.append(m);
    }
    endResetModel();
}

int MessageModel::findRow(const MessageItem &message) const
{
    for (int i = int(m_messages.size()) - 1; i >= 0; --i) {
        const MessageItem &m = m_messages.at(i);
        if (!message.clientId.isEmpty() && m.clientId == message.clientId && m.from == message.from)
            return i;
        if (message.id > 0 && m.id == message.id)
            return i;
    }
    return -1;
}

bool MessageModel::upsert(const MessageItem &message)
{
    if (m_peer == 0 || message.peer(m_self) != m_peer)
        return false;
    const int row = findRow(message);
    if (row >= 0) {
        m_messages[row] = message;
        const QModelIndex idx = index(row);
        Q_EMIT dataChanged(idx, idx);
        return true;
    }
    const int at = int(m_messages.size());
    beginInsertRows({}, at, at);
    m_messages.append(message);
    endInsertRows();
    return true;
}

QString MessageModel::dateLabel(const QDate &day, const QDate &today, const QLocale &locale)
{
    if (day == today)
        //: Date line in the chat above the first message of today
        return tr("Today");
    if (day == today.addDays(-1))
        return tr("Yesterday");
    if (day.year() == today.year())
        //: Date line for a day of this year: weekday, day and month as the locale writes them
        return locale.toString(day, tr("dddd, d MMMM"));
    return locale.toString(day, QLocale::LongFormat);
}

int MessageModel::rowOfId(qint64 id) const
{
    for (int i = int(m_messages.size()) - 1; i >= 0; --i) {
        if (id > 0 && m_messages.at(i).id == id)
            return i;
    }
    return -1;
}

qint64 MessageModel::newestReceivedId() const
{
    for (int i = int(m_messages.size()) - 1; i >= 0; --i) {
        const MessageItem &m = m_messages.at(i);
        if (m.from == m_peer && m.id > 0)
            return m.id;
    }
    return 0;
}

} // namespace SmartFixer::Ui
