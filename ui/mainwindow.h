#pragma once
// MainWindow: contact list (filter, add contact) on the left, chat pane on the right, connection
// state and our own presence in the status bar, a tray icon with our state and notifications
// for new messages while the window is hidden.
#include "appsettings.h"
#include "chattypes.h"
#include "core/manualstatus.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QPointer>
#include <QSystemTrayIcon>
#include <QTimer>

QT_BEGIN_NAMESPACE
class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QPushButton;
class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class QTabWidget;
class QToolButton;
QT_END_NAMESPACE

namespace SmartFixer::Ui {

class ChatBackend;
class ChatPane;
class ContactListModel;
class Notifier;
class OwnStatusActions;
class PresenceBadgeWidget;
class StatusMessageDialog;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(ChatBackend *backend, QWidget *parent = nullptr);
    ~MainWindow() override;

    ContactListModel *contactModel() const { return m_contacts; }
    QListView *contactView() const { return m_contactView; }
    QLineEdit *filterField() const { return m_filter; }
    ChatPane *chatPane() const { return m_chat; }
    QLabel *connectionLabel() const { return m_connection; }
    QLabel *selfStatusLabel() const { return m_selfStatus; }
    PresenceBadgeWidget *selfBadge() const { return m_selfBadge; }
    QToolButton *retryButton() const { return m_retry; }

    //! Opens the conversation with \a id and selects its row.
    void openChat(UserId id);
    //! A side panel (the demo's QA panel): docked, closable, and listed in the View menu.
    void addPanel(QDockWidget *panel, Qt::DockWidgetArea area);
    QMenu *viewMenu() const { return m_viewMenu; }
    //! The right-click menu of a contact row: Open chat, View profile, Remove contact.
    QMenu *contactMenu(UserId id);
    //! The line shown instead of the list: first-run hint or "No matches" (hidden otherwise).
    QLabel *emptyListLabel() const { return m_emptyHint; }
    //! Signed out (or the sign-in cancelled): the list says so and offers "Sign in…" (there and
    //! in the SmartFixer menu), so Cancel is never a dead end. A sign-in clears it.
    void setSignedOut(bool signedOut);
    bool isSignedOut() const { return m_signedOut; }
    QAction *signInAction() const { return m_signInAction; }
    QPushButton *emptySignInButton() const { return m_emptySignIn; }
    //! Shows "Hosting on http://…" in the status bar (empty hides it).
    void setHostInfo(const QString &text);
    //! Settings for the Preferences dialog; preferencesChanged() reports what the user chose.
    void setSettings(const AppSettings &settings);
    AppSettings settings() const { return m_settings; }
    //! Whether closing the window only hides it to the tray.
    void setCloseToTray(bool enabled) { m_closeToTray = enabled; }
    QSystemTrayIcon *trayIcon() const { return m_tray; }
    // Own status (DESIGN.md §10; mainwindow_status.cpp).
    //! The status menu's actions (the status bar button and the tray menu share them).
    OwnStatusActions *statusActions() const { return m_statusActions; }
    //! The status bar button that opens the status menu.
    QToolButton *statusButton() const { return m_statusButton; }
    //! Tray balloons and taskbar flashes; silenced while Do not disturb.
    Notifier *notifier() const { return m_notifier; }
    //! The open "Status message" dialog, if any.
    StatusMessageDialog *statusMessageDialog() const;
    //! The left side's tabs: Contacts, Chats (DESIGN.md §12).
    QTabWidget *leftTabs() const { return m_leftTabs; }
    class ConversationsView *conversationsView() const { return m_conversationsView; }

public Q_SLOTS:
    void showAddContact();
    void showPrivacy();
    void showPreferences();
    void showProfile(SmartFixer::UserId id);
    void showAbout();
    //! "Set a status message…": opens the dialog (non-modal; applies what it returns).
    void showStatusMessage();
    //! Ctrl+Shift+F: search messages on the server (mainwindow_conversations.cpp).
    void showMessageSearch();
    //! Opens the chat with \a peer, a contact or not (the Chats list, search results).
    void openConversationWith(SmartFixer::UserId peer);

Q_SIGNALS:
    void preferencesChanged(const SmartFixer::Ui::AppSettings &settings);
    void signOutRequested();
    //! "Sign in…" (menu or the signed-out list): show the sign-in dialog.
    void signInRequested();
    void quitRequested();

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void createMenus();
    void createStatusBar();
    void createTray();
    void reloadContacts();
    void onPresence(const PresenceInfo &info);
    void onMessage(const MessageItem &message);
    void onConnection(ConnectionState state, const QString &text);
    void showConnectionText();
    void updateSelfPresence(const PresenceInfo &info);
    void currentContactChanged();
    void filterChanged(const QString &text);
    void updateEmptyState();
    void removeContact(UserId id);
    void updateTitle();
    void createStatusControls();
    void onOwnStatus(const ManualStatus &status);
    void onOwnStatusRefused(const QString &reason);
    // DESIGN.md §12 (mainwindow_conversations.cpp)
    QWidget *createConversationTabs(QWidget *parent);
    //! The open chat is on screen: tell the server what was read.
    void markOpenChatRead();
    //! Unread counts and previews from the backend's conversations list.
    void syncConversations();

    ChatBackend *m_backend;
    AppSettings m_settings;
    ContactListModel *m_contacts;
    QSortFilterProxyModel *m_proxy;
    QListView *m_contactView;
    QLineEdit *m_filter;
    QToolButton *m_addButton;
    QLabel *m_emptyHint;
    QPushButton *m_emptyAdd;
    QPushButton *m_emptySignIn;
    QAction *m_signInAction = nullptr;
    QAction *m_signOutAction = nullptr;
    bool m_signedOut = false;
    QMenu *m_viewMenu = nullptr;
    QList<QDockWidget *> m_panels;
    bool m_filtering = false; // the filter is moving rows: not the user choosing a contact
    ChatPane *m_chat;
    QLabel *m_connection;
    QToolButton *m_retry;
    QTimer *m_countdown; // ticks the "Reconnecting in N s" text once a second
    QElapsedTimer m_retryClock; // real time since the reconnect wait began
    int m_retryInMs = 0;
    ConnectionState m_state = ConnectionState::Disconnected;
    QString m_stateText;
    std::optional<PresenceInfo> m_selfInfo;
    PresenceBadgeWidget *m_selfBadge;
    QLabel *m_selfStatus;
    QLabel *m_hostInfo;
    QSystemTrayIcon *m_tray = nullptr;
    bool m_closeToTray = true;
    PresenceState m_selfState = PresenceState::LastSeen;
    Availability m_selfAvailability = Availability::Auto; // what the tray icon shows
    OwnStatusActions *m_statusActions = nullptr;
    QToolButton *m_statusButton = nullptr;
    Notifier *m_notifier = nullptr;
    QPointer<StatusMessageDialog> m_statusDialog;
    bool m_statusPending = false; // the dialog's choice is with the server
    QTabWidget *m_leftTabs = nullptr;
    class ConversationsView *m_conversationsView = nullptr;
};

//! An icon with the badge for \a state (tray, window), rendered at several sizes for high DPI.
QIcon presenceIcon(PresenceState state, const QPalette &palette,
                   Availability availability = Availability::Auto);

} // namespace SmartFixer::Ui
