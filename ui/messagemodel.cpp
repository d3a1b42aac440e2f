#include "messagemodel.h"

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

} // namespace SmartFixer::Ui
