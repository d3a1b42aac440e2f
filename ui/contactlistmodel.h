#pragma once
// ContactListModel: the contact list as a flat Qt model (after Kaidan's RosterModel). A presence
// or unread change touches exactly one row with dataChanged — never a reset — so a list of
// thousands stays cheap to update and views keep selection and scroll position.
#include "chattypes.h"
#include "core/manualstatus.h"

#include <QAbstractListModel>
#include <QHash>

namespace SmartFixer::Ui {

class ContactListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        UserIdRole = Qt::UserRole + 1,
        UsernameRole,
        DisplayNameRole,
        InitialsRole,
        AvatarColorRole,
        StateRole, //!< SmartFixer::PresenceState
        StatusTextRole,
        IsOnlineRole,
        UnreadRole,
        LastMessageRole,
        //! bool: the presence is only the last known one (we are disconnected).
        StaleRole,
        //! bool or invalid: whether the contact has us on their list too (invalid = unknown).
        MutualRole,
        //! SmartFixer::Availability (DESIGN.md §10): Auto, Dnd (Invisible only for ourselves).
        AvailabilityRole,
        //! QString: the contact's status message, empty for none.
        StatusMessageRole,
    };
    Q_ENUM(Role)

    explicit ContactListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    //! Replaces the whole list (sign-in, reload): the one place that resets.
    void setContacts(const QList<ContactEntry> &contacts);
    //! Appends a new contact, or updates the existing row for the same id.
    void addContact(const ContactEntry &contact);
    //! A presence update: changes the row of info.userId only. Returns false when the user is
    //! not in the list or nothing visible changed (no signal then).
    bool updatePresence(const PresenceInfo &info);
    void setUnread(UserId id, int count);
    void incrementUnread(UserId id);
    void setLastMessage(UserId id, const QString &text);
    //! false while disconnected: every shown presence is only "last known" (greyed badges,
    //! the tooltip says so). One dataChanged over all rows when it flips.
    void setPresenceCurrent(bool current);
    bool isPresenceCurrent() const { return m_current; }

    int rowOf(UserId id) const { return m_rows.value(id, -1); }
    const ContactEntry *contact(UserId id) const;
    UserId userAt(int row) const;
    int unread(UserId id) const;
    //! \a text followed by "Do not disturb" and the quoted status message when set, joined
    //! with \a separator (tooltips and what screen readers say).
    static QString withManualStatus(const QString &text, Availability availability,
                                    const QString &message, const QString &separator);

private:
    struct Row
    {
        ContactEntry contact;
        int unread = 0;
        QString lastMessage;
    };
    void emitRowChanged(int row, const QList<int> &roles);
    QList<Row> m_items;
    QHash<UserId, int> m_rows; // id → row
    bool m_current = true;
};

} // namespace SmartFixer::Ui
