// MainWindow's part of DESIGN.md §12: the Chats tab, unread counts from the server, read
// receipts for what is on screen, and message search (Ctrl+Shift+F).
#include "chatbackend.h"
#include "chatpane.h"
#include "contactlistmodel.h"
#include "conversationsview.h"
#include "mainwindow.h"
#include "messagemodel.h"

#include <QLineEdit>
#include <QListView>
#include <QTabBar>
#include <QTabWidget>

namespace SmartFixer::Ui {

QWidget *MainWindow::createConversationTabs(QWidget *parent)
{
    m_leftTabs = new QTabWidget(parent);
    m_leftTabs->setObjectName(QStringLiteral("leftTabs"));
    m_leftTabs->setDocumentMode(true);
    m_leftTabs->setAccessibleName(tr("Contacts and chats"));
    m_leftTabs->tabBar()->setAccessibleName(tr("Lists"));
    m_leftTabs->addTab(m_contactView, tr("Contacts"));
    m_conversationsView = new ConversationsView(m_backend, m_leftTabs);
    m_leftTabs->addTab(m_conversationsView, tr("Chats"));
    connect(m_conversationsView, &ConversationsView::conversationActivated, this,
            &MainWindow::openConversationWith);
    connect(m_backend, &ChatBackend::conversationsChanged, this, &MainWindow::syncConversations);
    // The open chat's history arrived: what is shown now counts as seen.
    connect(m_backend, &ChatBackend::historyChanged, this, [this](UserId peer) {
        if (peer == m_chat->peer())
            markOpenChatRead();
    });
    return m_leftTabs;
}

void MainWindow::markOpenChatRead()
{
    const UserId peer = m_chat->peer();
    if (peer == 0 || !isVisible() || isMinimized() || !isActiveWindow())
        return;
    if (const qint64 newest = m_chat->messageModel()->newestReceivedId(); newest > 0)
        m_backend->markRead(peer, newest);
}

void MainWindow::syncConversations()
{
    if (!m_backend->tracksUnread())
        return;
    const bool visible = isVisible() && !isMinimized() && isActiveWindow();
    const QList<ConversationEntry> list = m_backend->conversations();
    for (const ConversationEntry &c : list) {
        const bool onScreen = visible && c.peer == m_chat->peer();
        m_contacts->setUnread(c.peer, onScreen ? 0 : c.unread);
        if (!c.lastMessage.text.isEmpty())
            m_contacts->setLastMessage(c.peer, c.lastMessage.text);
        if (onScreen && c.unread > 0)
            markOpenChatRead();
    }
}

void MainWindow::openConversationWith(UserId peer)
{
    if (peer <= 0)
        return;
    if (m_contacts->rowOf(peer) >= 0) {
        openChat(peer);
        return;
    }
    // Not on the contact list (someone wrote to us): open it all the same.
    QString name;
    const QList<ConversationEntry> list = m_backend->conversations();
    for (const ConversationEntry &c : list) {
        if (c.peer == peer)
            name = c.name;
    }
    m_contactView->clearSelection();
    if (m_chat->peer() != peer)
        m_chat->openConversation(peer, name.isEmpty() ? tr("User %1").arg(peer) : name);
    markOpenChatRead();
}

void MainWindow::showMessageSearch()
{
    const UserId peer = m_chat->peer();
    QString name;
    if (const ContactEntry *c = m_contacts->contact(peer))
        name = c->displayName.isEmpty() ? c->username : c->displayName;
    auto *dialog = new MessageSearchDialog(m_backend, peer, name, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &MessageSearchDialog::jumpTo, this, [this](UserId to, qint64 id) {
        openConversationWith(to);
        // Not in the local history yet (older than what was loaded): it comes with the next
        // history page; the chat is open either way.
        m_chat->scrollToMessage(id);
    });
    dialog->open();
    dialog->queryField()->setFocus(Qt::ShortcutFocusReason);
}

} // namespace SmartFixer::Ui
