#pragma once
// ConversationsView: the "Chats" list of DESIGN.md §12 — one row per conversation, newest last
// message first, with the peer's name, a one-line preview and the unread count
// (GET /api/conversations, kept current by the backend). Activating a row opens that chat.
#include "chattypes.h"

#include <QDialog>
#include <QListWidget>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QLabel;
class QLineEdit;
QT_END_NAMESPACE

namespace SmartFixer::Ui {

class ChatBackend;

class ConversationsView : public QListWidget
{
    Q_OBJECT
public:
    explicit ConversationsView(ChatBackend *backend, QWidget *parent = nullptr);
    //! Rebuilds the rows from the backend (a short list; the order itself changes).
    void reload();
    //! The row's text as shown: "Name (2 unread)\npreview".
    static QString rowText(const ConversationEntry &entry);

Q_SIGNALS:
    void conversationActivated(SmartFixer::UserId peer);

private:
    ChatBackend *m_backend;
};

//! Ctrl+Shift+F: server-side message search across conversations (or in the open one), with
//! results that jump to the message.
class MessageSearchDialog : public QDialog
{
    Q_OBJECT
public:
    //! \a currentPeer: the open conversation (0 = none, "only this conversation" disabled).
    MessageSearchDialog(ChatBackend *backend, UserId currentPeer, const QString &peerName,
                        QWidget *parent = nullptr);
    QLineEdit *queryField() const { return m_query; }
    QCheckBox *onlyThisField() const { return m_onlyThis; }
    QListWidget *results() const { return m_results; }
    QLabel *stateLabel() const { return m_state; }
    void search();

Q_SIGNALS:
    //! The user chose a result: open the chat with \a peer at message \a id.
    void jumpTo(SmartFixer::UserId peer, qint64 id);

private:
    void showResults(const QString &text, const QList<MessageItem> &results);

    ChatBackend *m_backend;
    UserId m_peer;
    QLineEdit *m_query;
    QCheckBox *m_onlyThis;
    QListWidget *m_results;
    QLabel *m_state;
    QString m_pending; // the query whose answer we wait for
};

} // namespace SmartFixer::Ui
