#include "mainwindow.h"

#include "badgewidgets.h"
#include "chatbackend.h"
#include "chatpane.h"
#include "contactdelegate.h"
#include "contactlistmodel.h"
#include "dialogs.h"
#include "notifier.h"
#include "presencebadge.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace SmartFixer::Ui {

QIcon presenceIcon(PresenceState state, const QPalette &palette, Availability availability)
{
    QIcon icon;
    const QIcon app(QStringLiteral(":/icons/smartfixer.svg"));
    for (int side : {16, 22, 32, 48, 64}) {
        QPixmap pm(side, side);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        app.paint(&p, QRect(0, 0, side, side));
        const qreal b = side * 0.5;
        PresenceBadge::paint(&p, QRectF(side - b, side - b, b, b).adjusted(1, 1, -1, -1), state,
                             palette, availability);
        p.end();
        icon.addPixmap(pm);
    }
    return icon;
}

MainWindow::MainWindow(ChatBackend *backend, QWidget *parent)
    : QMainWindow(parent), m_backend(backend), m_contacts(new ContactListModel(this)),
      m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/smartfixer.svg")));
    resize(960, 640);

    m_proxy->setSourceModel(m_contacts);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterRole(ContactListModel::DisplayNameRole);

    auto *splitter = new QSplitter(this);
    splitter->setChildrenCollapsible(false);
    auto *left = new QWidget(splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(6, 6, 0, 6);
    auto *searchRow = new QHBoxLayout;
    m_filter = new QLineEdit(left);
    m_filter->setObjectName(QStringLiteral("contactFilter"));
    m_filter->setPlaceholderText(tr("Filter contacts (Ctrl+F)"));
    m_filter->setAccessibleName(tr("Filter contacts"));
    m_filter->setClearButtonEnabled(true);
    m_filter->addAction(QIcon(QStringLiteral(":/icons/search.svg")), QLineEdit::LeadingPosition);
    searchRow->addWidget(m_filter, 1);
    m_addButton = new QToolButton(left);
    m_addButton->setIcon(QIcon(QStringLiteral(":/icons/add-contact.svg")));
    m_addButton->setAccessibleName(tr("Add contact"));
    m_addButton->setToolTip(tr("Add a contact from the user directory (Ctrl+N)"));
    m_addButton->setAutoRaise(true);
    connect(m_addButton, &QToolButton::clicked, this, &MainWindow::showAddContact);
    searchRow->addWidget(m_addButton);
    leftLayout->addLayout(searchRow);

    m_contactView = new QListView(left);
    m_contactView->setObjectName(QStringLiteral("contactList"));
    m_contactView->setAccessibleName(tr("Contacts"));
    m_contactView->setModel(m_proxy);
    m_contactView->setItemDelegate(new ContactDelegate(m_contactView));
    m_contactView->setUniformItemSizes(true);
    m_contactView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_contactView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_contactView->setMouseTracking(true);
    // The delegate elides long names (full name in the tooltip): never scroll sideways.
    m_contactView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    leftLayout->addWidget(createConversationTabs(left), 1); // Contacts | Chats
    // Shown instead of an empty white list: the first-run hint, or "No matches".
    m_emptyHint = new QLabel(left);
    m_emptyHint->setObjectName(QStringLiteral("emptyListHint"));
    m_emptyHint->setWordWrap(true);
    m_emptyHint->setAlignment(Qt::AlignCenter);
    m_emptyHint->setTextFormat(Qt::PlainText);
    m_emptyHint->setContentsMargins(8, 24, 8, 8);
    m_emptyHint->hide();
    leftLayout->addWidget(m_emptyHint);
    m_emptyAdd = new QPushButton(QIcon(QStringLiteral(":/icons/add-contact.svg")),
                                 tr("&Add contact…"), left);
    m_emptyAdd->setObjectName(QStringLiteral("emptyListAdd"));
    m_emptyAdd->hide();
    connect(m_emptyAdd, &QPushButton::clicked, this, &MainWindow::showAddContact);
    leftLayout->addWidget(m_emptyAdd, 0, Qt::AlignHCenter);
    m_emptySignIn = new QPushButton(tr("S&ign in…"), left);
    m_emptySignIn->setObjectName(QStringLiteral("emptyListSignIn"));
    m_emptySignIn->hide();
    connect(m_emptySignIn, &QPushButton::clicked, this, &MainWindow::signInRequested);
    leftLayout->addWidget(m_emptySignIn, 0, Qt::AlignHCenter);
    leftLayout->addStretch(0);
    m_contactView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_contactView, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex idx = m_contactView->indexAt(pos);
        if (!idx.isValid())
            return;
        QMenu *menu = contactMenu(idx.data(ContactListModel::UserIdRole).toLongLong());
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_contactView->viewport()->mapToGlobal(pos));
    });
    // Room for the filter, the add button and an elided name; the chat pane takes the rest.
    left->setMinimumWidth(200);

    m_chat = new ChatPane(backend, splitter);
    splitter->addWidget(left);
    splitter->addWidget(m_chat);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({300, 660});
    setCentralWidget(splitter);

    // Down/Enter from the filter go to the list, so the keyboard never needs the mouse.
    connect(m_filter, &QLineEdit::textChanged, this, &MainWindow::filterChanged);
    // Esc in the filter clears it (and a second Esc leaves it for the list): eventFilter().
    m_filter->installEventFilter(this);
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        if (m_proxy->rowCount() > 0) {
            m_contactView->setCurrentIndex(m_proxy->index(0, 0));
            m_chat->focusComposer();
        }
    });
    connect(m_contactView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MainWindow::currentContactChanged);
    connect(m_contactView, &QListView::activated, this, [this] { m_chat->focusComposer(); });
    connect(m_chat, &ChatPane::profileRequested, this, &MainWindow::showProfile);
    setTabOrder(m_filter, m_addButton);
    setTabOrder(m_addButton, m_contactView);
    setTabOrder(m_contactView, m_chat);

    createMenus();
    createStatusBar();
    createTray();
    createStatusControls();

    connect(backend, &ChatBackend::contactsChanged, this, &MainWindow::reloadContacts);
    connect(backend, &ChatBackend::signedIn, this, [this] {
        setSignedOut(false);
        reloadContacts();
        updateTitle();
        if (auto self = m_backend->presence(m_backend->selfId()))
            updateSelfPresence(*self);
    });
    connect(backend, &ChatBackend::presenceChanged, this, &MainWindow::onPresence);
    connect(backend, &ChatBackend::messageReceived, this, &MainWindow::onMessage);
    connect(backend, &ChatBackend::connectionChanged, this, &MainWindow::onConnection);
    connect(backend, &ChatBackend::errorOccurred, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    onConnection(backend->connectionState(), backend->connectionText());
    reloadContacts();
    updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *app = menuBar()->addMenu(tr("&SmartFixer"));
    QAction *privacy = app->addAction(tr("&Privacy…"), this, &MainWindow::showPrivacy);
    privacy->setIcon(QIcon(QStringLiteral(":/icons/privacy.svg")));
    QAction *prefs = app->addAction(tr("Pr&eferences…"), this, &MainWindow::showPreferences);
    prefs->setShortcut(QKeySequence::Preferences);
    prefs->setMenuRole(QAction::PreferencesRole);
    app->addSeparator();
    m_signInAction = app->addAction(tr("S&ign in…"), this, &MainWindow::signInRequested);
    m_signInAction->setObjectName(QStringLiteral("signInAction"));
    m_signInAction->setVisible(false);
    m_signOutAction = app->addAction(tr("Sign &out"), this, &MainWindow::signOutRequested);
    m_signOutAction->setObjectName(QStringLiteral("signOutAction"));
    QAction *quit = app->addAction(tr("&Quit"), this, &MainWindow::quitRequested);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);

    QMenu *contacts = menuBar()->addMenu(tr("&Contacts"));
    QAction *find = contacts->addAction(tr("&Find contact"), this, [this] {
        m_filter->setFocus(Qt::ShortcutFocusReason);
        m_filter->selectAll();
    });
    find->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F));
    QAction *add = contacts->addAction(tr("&Add contact…"), this, &MainWindow::showAddContact);
    add->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    add->setIcon(QIcon(QStringLiteral(":/icons/add-contact.svg")));
    QAction *profile
        = contacts->addAction(tr("View &profile"), this, [this] { showProfile(m_chat->peer()); });
    profile->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    QAction *chat
        = contacts->addAction(tr("&Write message"), this, [this] { m_chat->focusComposer(); });
    chat->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    QAction *list = contacts->addAction(tr("Go to contact &list"), this, [this] {
        m_contactView->setFocus(Qt::ShortcutFocusReason);
    });
    list->setShortcut(QKeySequence(Qt::ALT | Qt::Key_1));
    contacts->addSeparator();
    QAction *searchMessages
        = contacts->addAction(tr("&Search messages…"), this, &MainWindow::showMessageSearch);
    searchMessages->setObjectName(QStringLiteral("searchMessagesAction"));
    searchMessages->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About SmartFixer"), this, &MainWindow::showAbout);
}

void MainWindow::createStatusBar()
{
    auto *self = new QWidget(this);
    auto *h = new QHBoxLayout(self);
    h->setContentsMargins(4, 0, 4, 0);
    m_selfBadge = new PresenceBadgeWidget(14, self);
    h->addWidget(m_selfBadge);
    m_selfStatus = new QLabel(self);
    m_selfStatus->setTextFormat(Qt::PlainText); // shows names/server text: never markup
    m_selfStatus->setObjectName(QStringLiteral("selfStatus"));
    m_selfStatus->setAccessibleName(tr("Your presence"));
    h->addWidget(m_selfStatus);
    m_connection = new QLabel(this);
    m_connection->setTextFormat(Qt::PlainText); // shows names/server text: never markup
    m_connection->setObjectName(QStringLiteral("connectionState"));
    m_connection->setAccessibleName(tr("Connection"));
    m_connection->setTextFormat(Qt::PlainText);
    m_retry = new QToolButton(this);
    m_retry->setObjectName(QStringLiteral("retryNow"));
    m_retry->setText(tr("&Retry now"));
    m_retry->setAccessibleName(tr("Retry connecting now"));
    m_retry->setAutoRaise(true);
    m_retry->hide();
    connect(m_retry, &QToolButton::clicked, this, [this] { m_backend->reconnectNow(); });
    m_countdown = new QTimer(this);
    m_countdown->setInterval(1000); // ms: the countdown shows whole seconds
    connect(m_countdown, &QTimer::timeout, this, &MainWindow::showConnectionText);
    m_hostInfo = new QLabel(this);
    m_hostInfo->setTextFormat(Qt::PlainText); // shows names/server text: never markup
    m_hostInfo->setObjectName(QStringLiteral("hostInfo"));
    m_hostInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_hostInfo->setAccessibleName(tr("Hosting address"));
    m_hostInfo->hide();
    statusBar()->addWidget(m_connection);
    statusBar()->addWidget(m_retry);
    statusBar()->addWidget(m_hostInfo);
    statusBar()->addPermanentWidget(self);
}

void MainWindow::createTray()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(presenceIcon(m_selfState, palette()), this);
    auto *menu = new QMenu(this);
    menu->addAction(tr("&Show SmartFixer"), this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    menu->addAction(tr("&Quit"), this, &MainWindow::quitRequested);
    m_tray->setContextMenu(menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason r) {
        if (r == QSystemTrayIcon::Trigger || r == QSystemTrayIcon::DoubleClick) {
            if (isVisible() && !isMinimized()) {
                hide();
            } else {
                showNormal();
                raise();
                activateWindow();
            }
        }
    });
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    m_tray->setToolTip(tr("SmartFixer"));
    m_tray->show();
}

void MainWindow::reloadContacts()
{
    const UserId current = m_chat->peer();
    QList<ContactEntry> list = m_backend->contacts();
    for (ContactEntry &c : list) {
        if (auto p = m_backend->presence(c.id))
            c.presence = *p;
    }
    // Keep names sorted for a stable list; presence changes never reorder rows.
    std::sort(list.begin(), list.end(), [](const ContactEntry &a, const ContactEntry &b) {
        const QString an = a.displayName.isEmpty() ? a.username : a.displayName;
        const QString bn = b.displayName.isEmpty() ? b.username : b.displayName;
        return an.localeAwareCompare(bn) < 0;
    });
    // A contact added or renamed changes rows in place; only a removal (or the first load)
    // resets the list, so selection and scroll position survive.
    bool removed = m_contacts->rowCount() == 0;
    QSet<UserId> ids;
    for (const ContactEntry &c : std::as_const(list))
        ids.insert(c.id);
    for (int row = 0; row < m_contacts->rowCount() && !removed; ++row)
        removed = !ids.contains(m_contacts->userAt(row));
    if (removed) {
        m_contacts->setContacts(list);
    } else {
        for (const ContactEntry &c : std::as_const(list)) {
            const ContactEntry *old = m_contacts->contact(c.id);
            if (!old || old->displayName != c.displayName || old->username != c.username
                || old->mutual != c.mutual)
                m_contacts->addContact(c);
            else
                m_contacts->updatePresence(c.presence);
        }
    }
    if (current != 0 && m_chat->peer() != current)
        openChat(current);
    updateEmptyState();
}

void MainWindow::onPresence(const PresenceInfo &info)
{
    if (info.userId == m_backend->selfId())
        updateSelfPresence(info);
    m_contacts->updatePresence(info);
}

void MainWindow::updateSelfPresence(const PresenceInfo &info)
{
    m_selfInfo = info;
    if (m_state != ConnectionState::Connected) {
        // Nobody sees us while we are not connected, whatever the last update said.
        m_selfBadge->setPresence(PresenceState::LastSeen, tr("Offline"));
        m_selfBadge->setCurrent(false);
        m_selfStatus->setText(tr("You: %1").arg(tr("Offline")));
        if (m_tray)
            m_tray->setToolTip(tr("SmartFixer — %1").arg(tr("Offline")));
        return;
    }
    m_selfBadge->setCurrent(true);
    // Our own choice (§10) as the server confirmed it: the DND bar, the invisible ring.
    const Availability availability = m_backend->ownStatus().availability;
    m_selfBadge->setPresence(info.state, info.status, availability);
    m_selfStatus->setText(tr("You: %1").arg(info.status));
    if (m_selfState != info.state || m_selfAvailability != availability || !m_tray) {
        m_selfState = info.state;
        m_selfAvailability = availability;
        if (m_tray)
            m_tray->setIcon(presenceIcon(info.state, palette(), availability));
    }
    if (m_tray)
        m_tray->setToolTip(
            availability == Availability::Auto
                ? tr("SmartFixer — %1").arg(info.status)
                : tr("SmartFixer — %1 (%2)")
                      .arg(info.status, PresenceBadge::availabilityLabel(availability)));
}

void MainWindow::onMessage(const MessageItem &message)
{
    if (message.delivery != DeliveryState::Received || message.from == m_backend->selfId())
        return;
    const UserId from = message.from;
    m_contacts->setLastMessage(from, message.text);
    const bool visible = isVisible() && !isMinimized() && isActiveWindow();
    // With a backend that counts on the server (DESIGN.md §12) the counts come from there.
    if ((from != m_chat->peer() || !visible) && !m_backend->tracksUnread())
        m_contacts->incrementUnread(from);
    if (from == m_chat->peer() && visible)
        markOpenChatRead();
    // Tray balloon / taskbar flash as the window's state calls for; none while DND.
    const ContactEntry *c = m_contacts->contact(from);
    const QString name
        = c ? (c->displayName.isEmpty() ? c->username : c->displayName) : tr("Someone");
    m_notifier->messageArrived(name, message.text);
}

void MainWindow::onConnection(ConnectionState state, const QString &text)
{
    m_state = state;
    m_stateText = text;
    if (state == ConnectionState::Reconnecting) {
        m_retryInMs = m_backend->retryInMs();
        m_retryClock.start();
        m_countdown->start();
    } else {
        m_countdown->stop();
    }
    m_retry->setVisible(state == ConnectionState::Reconnecting);
    // While not connected every presence shown is only the last known one.
    const bool current = state == ConnectionState::Connected;
    m_contacts->setPresenceCurrent(current);
    m_chat->setPresenceCurrent(current);
    if (m_selfInfo) {
        updateSelfPresence(*m_selfInfo);
    } else if (!current) {
        PresenceInfo none;
        none.state = PresenceState::LastSeen;
        updateSelfPresence(none);
    }
    showConnectionText();
}

void MainWindow::showConnectionText()
{
    QString symbol;
    QString text = m_stateText;
    switch (m_state) {
    case ConnectionState::Connected:
        symbol = QStringLiteral("●");
        break;
    case ConnectionState::Connecting:
        symbol = QStringLiteral("◌");
        break;
    case ConnectionState::Reconnecting: {
        symbol = QStringLiteral("○");
        const qint64 left = qMax<qint64>(0, m_retryInMs - m_retryClock.elapsed());
        text = tr("Not connected. Reconnecting in %n s —", nullptr, int((left + 999) / 1000));
        break;
    }
    case ConnectionState::Disconnected:
        symbol = QStringLiteral("○");
        break;
    }
    m_connection->setText(QString(symbol + QLatin1Char(' ') + text));
    m_connection->setAccessibleDescription(text);
}

void MainWindow::filterChanged(const QString &text)
{
    // Filtering moves and hides rows, and with them the view's current index; that is not the
    // user picking another contact, so the open conversation stays open.
    m_filtering = true;
    m_proxy->setFilterFixedString(text);
    const int row = m_contacts->rowOf(m_chat->peer());
    const QModelIndex idx
        = row >= 0 ? m_proxy->mapFromSource(m_contacts->index(row)) : QModelIndex();
    if (idx.isValid())
        m_contactView->setCurrentIndex(idx);
    else
        m_contactView->selectionModel()->clear();
    m_filtering = false;
    updateEmptyState();
}

void MainWindow::setSignedOut(bool signedOut)
{
    if (m_signedOut == signedOut)
        return;
    m_signedOut = signedOut;
    m_signInAction->setVisible(signedOut);
    m_signOutAction->setVisible(!signedOut);
    updateEmptyState();
}

void MainWindow::updateEmptyState()
{
    QString hint;
    bool offerAdd = false;
    if (m_signedOut) {
        // Not the last user's contacts: they are not signed in any more.
        hint = tr("You are not signed in.");
    } else if (m_contacts->rowCount() == 0 && m_backend->selfId() != 0) {
        hint = tr("No contacts yet. Find people on this server with \"Add contact\" (Ctrl+N); "
                  "their status then shows here.");
        offerAdd = true;
    } else if (m_proxy->rowCount() == 0 && !m_filter->text().isEmpty()) {
        hint = tr("No matches for \"%1\". Esc clears the filter.").arg(m_filter->text());
    }
    m_emptyHint->setText(hint);
    m_emptyHint->setVisible(!hint.isEmpty());
    m_emptyAdd->setVisible(offerAdd);
    m_emptySignIn->setVisible(m_signedOut);
    m_contactView->setVisible(hint.isEmpty());
    m_leftTabs->setVisible(!m_signedOut); // the Chats tab too
}

void MainWindow::addPanel(QDockWidget *panel, Qt::DockWidgetArea area)
{
    panel->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable
                       | QDockWidget::DockWidgetFloatable);
    addDockWidget(area, panel);
    if (!m_viewMenu) {
        m_viewMenu = new QMenu(tr("&View"), this);
        menuBar()->insertMenu(menuBar()->actions().constLast(), m_viewMenu);
    }
    m_panels.append(panel);
    QAction *toggle = panel->toggleViewAction();
    toggle->setObjectName(panel->objectName() + QStringLiteral("Toggle"));
    m_viewMenu->addAction(toggle);
}

QMenu *MainWindow::contactMenu(UserId id)
{
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("contactMenu"));
    const ContactEntry *c = m_contacts->contact(id);
    const QString name = c ? (c->displayName.isEmpty() ? c->username : c->displayName) : QString();
    QAction *open = menu->addAction(tr("&Open chat"), this, [this, id] {
        openChat(id);
        m_chat->focusComposer();
    });
    open->setObjectName(QStringLiteral("openChat"));
    QAction *profile = menu->addAction(tr("View &profile"), this, [this, id] { showProfile(id); });
    profile->setObjectName(QStringLiteral("viewProfile"));
    menu->addSeparator();
    QAction *remove
        = menu->addAction(tr("&Remove contact"), this, [this, id] { removeContact(id); });
    remove->setObjectName(QStringLiteral("removeContact"));
    remove->setToolTip(tr("Removes %1 from your list; your conversation stays.").arg(name));
    return menu;
}

void MainWindow::removeContact(UserId id)
{
    const ContactEntry *c = m_contacts->contact(id);
    if (!c)
        return;
    const QString name = c->displayName.isEmpty() ? c->username : c->displayName;
    m_backend->removeContact(id);
    if (m_chat->peer() == id)
        m_chat->openConversation(0, QString());
    statusBar()->showMessage(tr("Removed %1 from your contacts.").arg(name), 8000);
}

void MainWindow::currentContactChanged()
{
    if (m_filtering)
        return;
    const QModelIndex current = m_contactView->currentIndex();
    if (!current.isValid())
        return; // nothing chosen: keep what is open
    const QModelIndex idx = m_proxy->mapToSource(current);
    const UserId id = m_contacts->userAt(idx.row());
    if (id == m_chat->peer())
        return;
    const ContactEntry *c = m_contacts->contact(id);
    m_chat->openConversation(
        id, c ? (c->displayName.isEmpty() ? c->username : c->displayName) : QString());
    m_contacts->setUnread(id, 0);
    markOpenChatRead();
}

void MainWindow::openChat(UserId id)
{
    const int row = m_contacts->rowOf(id);
    if (row < 0)
        return;
    const QModelIndex idx = m_proxy->mapFromSource(m_contacts->index(row));
    if (idx.isValid())
        m_contactView->setCurrentIndex(idx);
    if (m_chat->peer() != id) {
        const ContactEntry *c = m_contacts->contact(id);
        m_chat->openConversation(id, c->displayName.isEmpty() ? c->username : c->displayName);
        m_contacts->setUnread(id, 0);
        markOpenChatRead();
    }
}

void MainWindow::setHostInfo(const QString &text)
{
    m_hostInfo->setText(text);
    m_hostInfo->setVisible(!text.isEmpty());
}

void MainWindow::setSettings(const AppSettings &settings)
{
    m_settings = settings;
}

void MainWindow::updateTitle()
{
    const QString name = m_backend->selfName();
    setWindowTitle(name.isEmpty() ? tr("SmartFixer") : tr("SmartFixer — %1").arg(name));
}

void MainWindow::showAddContact()
{
    AddContactDialog dialog(m_backend, this);
    dialog.exec();
}

void MainWindow::showPrivacy()
{
    PrivacyDialog dialog(m_backend->visibility(), this);
    const LastSeenPrecision lastSeen = m_backend->ownStatus().lastSeen;
    dialog.setLastSeen(lastSeen);
    dialog.setReadReceipts(m_backend->readReceipts());
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (dialog.visibility() != m_backend->visibility())
        m_backend->setVisibility(dialog.visibility());
    if (dialog.lastSeen() != lastSeen)
        m_backend->setLastSeenPrecision(dialog.lastSeen());
    if (dialog.readReceipts() != m_backend->readReceipts())
        m_backend->setReadReceipts(dialog.readReceipts());
}

void MainWindow::showPreferences()
{
    PreferencesDialog dialog(m_settings, this);
    if (dialog.exec() == QDialog::Accepted) {
        m_settings = dialog.settings();
        Q_EMIT preferencesChanged(m_settings);
    }
}

void MainWindow::showProfile(UserId id)
{
    const ContactEntry *c = m_contacts->contact(id);
    if (!c)
        return;
    ProfileDialog dialog(m_backend, *c, this);
    dialog.exec();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About SmartFixer"),
                       tr("<h3>SmartFixer Desktop %1</h3><p>Chat with live presence: online, "
                          "active a few minutes ago, or last seen at a time.</p>")
                           .arg(QCoreApplication::applicationVersion()));
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_filter && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape) {
        if (m_filter->text().isEmpty())
            m_contactView->setFocus(Qt::ShortcutFocusReason);
        else
            m_filter->clear();
        return true;
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_closeToTray && m_tray && m_tray->isVisible()) {
        hide();
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
    Q_EMIT quitRequested();
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    // A side panel sized for a wide window must not squeeze the chat when the window gets
    // small (800 px): it gets at most 40 % of the width.
    const int cap = width() * 2 / 5;
    for (QDockWidget *panel : std::as_const(m_panels)) {
        if (panel->isVisible() && !panel->isFloating() && panel->width() > cap)
            resizeDocks({panel}, {cap}, Qt::Horizontal);
    }
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::ActivationChange && isActiveWindow() && m_chat->peer() != 0) {
        m_contacts->setUnread(m_chat->peer(), 0);
        markOpenChatRead();
    }
    if (event->type() == QEvent::PaletteChange && m_tray)
        m_tray->setIcon(presenceIcon(m_selfState, palette(), m_selfAvailability));
    QMainWindow::changeEvent(event);
}

} // namespace SmartFixer::Ui
