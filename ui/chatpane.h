#pragma once
// ChatPane: the right side of the main window — header with the contact's name, badge and live
// status; the conversation; a typing hint; the composer (Enter sends).
#include "chattypes.h"

#include <QTimer>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QStackedWidget;
class QToolButton;
QT_END_NAMESPACE

namespace SmartFixer::Ui {

class AvatarWidget;
class ElidedLabel;
class ChatBackend;
class MessageModel;
class PresenceBadgeWidget;

class ChatPane : public QWidget
{
    Q_OBJECT
public:
    explicit ChatPane(ChatBackend *backend, QWidget *parent = nullptr);

    //! Opens the conversation with \a peer (0 = none).
    void openConversation(UserId peer, const QString &name);
    UserId peer() const { return m_peer; }
    void focusComposer();
    //! false while disconnected: the header shows "Last known: …" with a faded badge.
    void setPresenceCurrent(bool current);
    //! Scrolls to the message with server id \a id and gives it the focus ring (search).
    bool scrollToMessage(qint64 id);

    QLineEdit *composer() const { return m_composer; }
    QListView *messageView() const { return m_messages; }
    ElidedLabel *nameLabel() const { return m_name; }
    ElidedLabel *statusLabel() const { return m_status; }
    //! The contact's status message (DESIGN.md §10), hidden when there is none.
    ElidedLabel *statusMessageLabel() const { return m_message; }
    ElidedLabel *typingLabel() const { return m_typing; }
    PresenceBadgeWidget *badge() const { return m_badge; }
    MessageModel *messageModel() const { return m_model; }

Q_SIGNALS:
    void profileRequested(SmartFixer::UserId peer);

private:
    void send();
    void showPresence(const PresenceInfo &info);
    void onMessage(const MessageItem &message);
    void onTyping(UserId from);
    void scrollToEnd();

    ChatBackend *m_backend;
    UserId m_peer = 0;
    PresenceInfo m_shown; // the peer's presence as last shown
    bool m_current = true;
    QString m_peerName;
    QStackedWidget *m_stack;
    AvatarWidget *m_avatar;
    ElidedLabel *m_name;
    PresenceBadgeWidget *m_badge;
    ElidedLabel *m_status;
    ElidedLabel *m_message;
    QToolButton *m_profileButton;
    QListView *m_messages;
    MessageModel *m_model;
    ElidedLabel *m_typing;
    QLineEdit *m_composer;
    QPushButton *m_send;
    QTimer m_typingTimeout; // hides the typing hint when no new typing event came
    qint64 m_lastTypingSentMs = 0; // real ms; typing events are sent at most every 3 s
};

} // namespace SmartFixer::Ui
