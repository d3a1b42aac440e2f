#include "contactlistmodel.h"

#include "presencebadge.h"

#include <QColor>

namespace SmartFixer::Ui {

ContactListModel::ContactListModel(QObject *parent) : QAbstractListModel(parent) { }

QString ContactListModel::withManualStatus(const QString &text, Availability availability,
                                           const QString &message, const QString &separator)
{
    QString out = text;
    if (availability == Availability::Dnd)
        out += separator + PresenceBadge::availabilityLabel(availability);
    if (!message.isEmpty())
        //: A status message quoted after the presence text
        out += separator + tr("“%1”").arg(message);
    return out;
}

int ContactListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant ContactListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_items.at(index.row());
    const ContactEntry &c = row.contact;
    const QString name = c.displayName.isEmpty() ? c.username : c.displayName;
    const Availability availability = PresenceBadge::availabilityOf(c.presence);
    const QString message = c.presence.statusMessage.value_or(QString());
    switch (role) {
    case Qt::DisplayRole:
    case DisplayNameRole:
        return name;
    case Qt::ToolTipRole: {
        QString tip;
        if (!m_current)
            tip = tr("%1 — last known: %2 (not current while disconnected)")
                      .arg(name, c.presence.status);
        else if (c.mutual == false)
            tip = tr("%1 — %2. %1 has not added you back yet.").arg(name, c.presence.status);
        else
            tip = tr("%1 — %2").arg(name, c.presence.status);
        return withManualStatus(tip, availability, message, QStringLiteral("\n"));
    }
    case Qt::AccessibleTextRole: {
        // What a screen reader says for the row: name, status, manual status, unread count.
        const QString status
            = withManualStatus(c.presence.status, availability, message, QStringLiteral(", "));
        if (row.unread > 0)
            return tr("%1, %2, %n unread message(s)", nullptr, row.unread).arg(name, status);
        return tr("%1, %2").arg(name, status);
    }
    case AvailabilityRole:
        return QVariant::fromValue(availability);
    case StatusMessageRole:
        return message;
    case UserIdRole:
        return c.id;
    case UsernameRole:
        return c.username;
    case InitialsRole:
        return initialsOf(name);
    case AvatarColorRole:
        return avatarColor(c.id);
    case StateRole:
        return QVariant::fromValue(c.presence.state);
    case StatusTextRole:
        return c.presence.status;
    case IsOnlineRole:
        return c.presence.isOnline;
    case UnreadRole:
        return row.unread;
    case LastMessageRole:
        return row.lastMessage;
    case StaleRole:
        return !m_current;
    case MutualRole:
        return c.mutual ? QVariant(*c.mutual) : QVariant();
    default:
        return {};
    }
}

QHash<int, QByteArray> ContactListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(UserIdRole, "userId");
    names.insert(UsernameRole, "username");
    names.insert(DisplayNameRole, "displayName");
    names.insert(InitialsRole, "initials");
    names.insert(AvatarColorRole, "avatarColor");
    names.insert(StateRole, "presenceState");
    names.insert(StatusTextRole, "statusText");
    names.insert(IsOnlineRole, "isOnline");
    names.insert(UnreadRole, "unread");
    names.insert(LastMessageRole, "lastMessage");
    names.insert(AvailabilityRole, "availability");
    names.insert(StatusMessageRole, "statusMessage");
    return names;
}

void ContactListModel::setContacts(const QList<ContactEntry> &contacts)
{
    beginResetModel();
    QHash<UserId, int> oldUnread;
    for (const Row &row : std::as_const(m_items))
        oldUnread.insert(row.contact.id, row.unread);
    m_items.clear();
    m_rows.clear();
    for (const ContactEntry &c : contacts) {
        if (m_rows.contains(c.id))
            continue;
        m_rows.insert(c.id, int(m_items.size()));
        m_items.append(Row{c, oldUnread.value(c.id), {}});
    }
    endResetModel();
}

void ContactListModel::addContact(const ContactEntry &contact)
{
    const int existing = rowOf(contact.id);
    if (existing >= 0) {
        m_items[existing].contact = contact;
        emitRowChanged(existing, {});
        return;
    }
    const int row = int(m_items.size());
    beginInsertRows({}, row, row);
    m_items.append(Row{contact, 0, {}});
    m_rows.insert(contact.id, row);
    endInsertRows();
}

bool ContactListModel::updatePresence(const PresenceInfo &info)
{
    const int row = rowOf(info.userId);
    if (row < 0)
        return false;
    PresenceInfo &current = m_items[row].contact.presence;
    if (current == info)
        return false;
    const bool stateChanged = current.state != info.state || current.isOnline != info.isOnline;
    const bool textChanged = current.status != info.status;
    const bool manualChanged
        = PresenceBadge::availabilityOf(current) != PresenceBadge::availabilityOf(info)
        || current.statusMessage != info.statusMessage;
    current = info;
    QList<int> roles;
    if (stateChanged)
        roles << StateRole << IsOnlineRole;
    if (textChanged)
        roles << StatusTextRole;
    if (manualChanged)
        roles << AvailabilityRole << StatusMessageRole;
    if (textChanged || manualChanged)
        roles << Qt::ToolTipRole << Qt::AccessibleTextRole;
    if (roles.isEmpty())
        return false; // only timestamps moved: nothing that is drawn changed
    emitRowChanged(row, roles);
    return true;
}

void ContactListModel::setPresenceCurrent(bool current)
{
    if (m_current == current)
        return;
    m_current = current;
    if (!m_items.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_items.size()) - 1),
                           {StaleRole, Qt::ToolTipRole, Qt::AccessibleTextRole});
}

void ContactListModel::setUnread(UserId id, int count)
{
    const int row = rowOf(id);
    if (row < 0 || m_items.at(row).unread == count)
        return;
    m_items[row].unread = count;
    emitRowChanged(row, {UnreadRole, Qt::AccessibleTextRole});
}

void ContactListModel::incrementUnread(UserId id)
{
    setUnread(id, unread(id) + 1);
}

void ContactListModel::setLastMessage(UserId id, const QString &text)
{
    const int row = rowOf(id);
    if (row < 0 || m_items.at(row).lastMessage == text)
        return;
    m_items[row].lastMessage = text;
    emitRowChanged(row, {LastMessageRole});
}

const ContactEntry *ContactListModel::contact(UserId id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_items.at(row).contact;
}

UserId ContactListModel::userAt(int row) const
{
    return row >= 0 && row < m_items.size() ? m_items.at(row).contact.id : 0;
}

int ContactListModel::unread(UserId id) const
{
    const int row = rowOf(id);
    return row < 0 ? 0 : m_items.at(row).unread;
}

void ContactListModel::emitRowChanged(int row, const QList<int> &roles)
{
    const QModelIndex idx = index(row);
    Q_EMIT dataChanged(idx, idx, roles);
}

} // namespace SmartFixer::Ui
