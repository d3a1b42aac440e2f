#include "sessionbackend.h"

#include "certificatepins.h"
#include "core/logging.h"
#include "core/statustext.h"
#include "errortext.h"

#include <QPointer>

namespace SmartFixer::Ui {

namespace {
//! \a options with the certificate the user pinned for its server (if any) added.
ClientOptions withPin(ClientOptions options)
{
    const QString pin = CertificatePins::pinned(options.serverUrl);
    if (!pin.isEmpty() && !options.tls.pinnedFingerprints.contains(pin))
        options.tls.pinnedFingerprints.append(pin);
    return options;
}
} // namespace

SessionBackend::SessionBackend(const ClientOptions &options, QObject *parent)
    : ChatBackend(parent), m_baseTls(options.tls),
      m_session(new ClientSession(withPin(options), this)),
      m_clock(options.clock ? options.clock : Clock::system())
{
    ClientSession *s = m_session;
    connect(s, &ClientSession::signedIn, this, [this] {
        // Our own presence comes through the same cache: subscribe to ourselves.
        m_session->subscribe({m_session->selfId()});
        Q_EMIT signedIn();
    });
    connect(s, &ClientSession::signInFailed, this, &ChatBackend::signInFailed);
    connect(s, &ClientSession::connectionStatusChanged, this,
            [this](const ConnectionStatus &status) {
                Q_EMIT connectionChanged(connectionState(), describe(status));
            });
    connect(s, &ClientSession::contactsChanged, this, &ChatBackend::contactsChanged);
    connect(s, &ClientSession::presenceChanged, this,
            [this](UserId, const PresenceView &view) { Q_EMIT presenceChanged(toInfo(view)); });
    connect(s, &ClientSession::messageReceived, this,
            [this](const ChatMessage &m) { Q_EMIT messageReceived(toItem(m)); });
    connect(s, &ClientSession::messageUpdated, this,
            [this](const ChatMessage &m) { Q_EMIT messageUpdated(toItem(m)); });
    connect(s, &ClientSession::historyChanged, this, &ChatBackend::historyChanged);
    connect(s, &ClientSession::typingReceived, this, &ChatBackend::typingReceived);
    connect(s, &ClientSession::visibilityChanged, this, [this](const QString &name) {
        Q_EMIT visibilityChanged(visibilityFromName(name).value_or(Visibility::Everyone));
    });
    connect(s, &ClientSession::usersFound, this, [this](const QList<ContactInfo> &users) {
        QList<DirectoryEntry> list;
        for (const ContactInfo &u : users)
            list.append(DirectoryEntry{u.userId, u.username, u.displayName});
        Q_EMIT usersFound(list);
    });
    connect(s, &ClientSession::errorOccurred, this, &ChatBackend::errorOccurred);
    connect(s, &ClientSession::ownStatusChanged, this, &ChatBackend::ownStatusChanged);
    Conversations *c = s->conversations();
    connect(c, &Conversations::changed, this, &ChatBackend::conversationsChanged);
    connect(c, &Conversations::receiptsChanged, this, &ChatBackend::receiptsChanged);
    connect(c, &Conversations::readReceiptsChanged, this, &ChatBackend::readReceiptsChanged);
    connect(c, &Conversations::searchFinished, this,
            [this](const QString &text, const QList<ChatMessage> &results) {
                QList<MessageItem> items;
                for (const ChatMessage &m : results)
                    items.append(toItem(m));
                Q_EMIT messagesFound(text, items);
            });
    connect(c, &Conversations::failed, this, [this](const ClientError &error) {
        Q_EMIT errorOccurred(tr("Could not load conversations: %1").arg(error.message));
    });
}

QList<ConversationEntry> SessionBackend::conversations() const
{
    QList<ConversationEntry> out;
    const QList<ContactInfo> known = m_session->contacts();
    const QList<ConversationInfo> list = m_session->conversations()->list();
    for (const ConversationInfo &c : list) {
        ConversationEntry e;
        e.peer = c.peer.userId;
        e.name = c.peer.displayName.isEmpty() ? c.peer.username : c.peer.displayName;
        for (const ContactInfo &k : known) {
            if (k.userId == e.peer && e.name.isEmpty())
                e.name = k.displayName.isEmpty() ? k.username : k.displayName;
        }
        if (e.name.isEmpty())
            e.name = tr("User %1").arg(e.peer);
        e.lastMessage = toItem(c.lastMessage);
        e.unread = c.unread;
        out.append(e);
    }
    return out;
}

void SessionBackend::markRead(UserId peer, qint64 upTo)
{
    m_session->conversations()->markRead(peer, upTo);
}

bool SessionBackend::readReceipts() const
{
    return m_session->conversations()->readReceipts();
}

void SessionBackend::setReadReceipts(bool on)
{
    m_session->conversations()->setReadReceipts(on);
}

void SessionBackend::searchMessages(const QString &text, UserId peer)
{
    m_session->conversations()->search(text, peer);
}

SessionBackend::~SessionBackend() = default;

QUrl SessionBackend::serverUrl() const
{
    return m_session->serverUrl();
}

void SessionBackend::setServerUrl(const QUrl &url)
{
    m_session->setServerUrl(url);
    ClientTlsPolicy policy = m_baseTls;
    if (const QString pin = CertificatePins::pinned(url); !pin.isEmpty())
        policy.pinnedFingerprints.append(pin);
    m_session->setTlsPolicy(policy);
}

TlsFailure SessionBackend::lastTlsFailure() const
{
    return m_session->lastTlsFailure();
}

void SessionBackend::trustCertificate(const QString &fingerprint)
{
    CertificatePins::pin(m_session->serverUrl(), fingerprint);
    setServerUrl(m_session->serverUrl()); // the policy with the new pin
}

void SessionBackend::signIn(const QString &username, const QString &password)
{
    m_session->signIn(username, password);
}

void SessionBackend::signInWithToken(const QString &token)
{
    m_session->signInWithToken(token);
}

void SessionBackend::registerAccount(const QString &username, const QString &password,
                                     const QString &displayName)
{
    m_session->registerAccount(username, password, displayName);
}

void SessionBackend::signOut()
{
    m_session->signOut();
}

UserId SessionBackend::selfId() const
{
    return m_session->selfId();
}

QString SessionBackend::selfName() const
{
    return m_session->displayName();
}

ConnectionState SessionBackend::connectionState() const
{
    switch (m_session->connectionStatus().state) {
    case ConnectionStatus::Connected:
        return ConnectionState::Connected;
    case ConnectionStatus::Connecting:
        return ConnectionState::Connecting;
    case ConnectionStatus::Reconnecting:
        return ConnectionState::Reconnecting;
    case ConnectionStatus::Offline:
    case ConnectionStatus::Unauthorized:
        break;
    }
    return ConnectionState::Disconnected;
}

QString SessionBackend::connectionText() const
{
    return describe(m_session->connectionStatus());
}

int SessionBackend::retryInMs() const
{
    return m_session->connectionStatus().retryInMs;
}

QString SessionBackend::describe(const ConnectionStatus &status)
{
    QString text;
    switch (status.state) {
    case ConnectionStatus::Offline:
        text = tr("Offline");
        break;
    case ConnectionStatus::Connecting:
        text = tr("Connecting…");
        break;
    case ConnectionStatus::Connected:
        text = tr("Connected");
        break;
    case ConnectionStatus::Reconnecting: {
        const int seconds = (status.retryInMs + 999) / 1000;
        text = tr("Not connected. Reconnecting in %n s", nullptr, seconds);
        break;
    }
    case ConnectionStatus::Unauthorized:
        text = tr("Signed out: the server refused the sign-in");
        break;
    }
    // The socket's reason ("Connection refused", "ping timeout") is for the log, not for
    // people: the state says enough.
    return text;
}

QList<ContactEntry> SessionBackend::contacts() const
{
    QList<ContactEntry> list;
    const QList<ContactInfo> contacts = m_session->contacts();
    for (const ContactInfo &c : contacts) {
        ContactEntry e;
        e.id = c.userId;
        e.username = c.username;
        e.displayName = c.displayName;
        e.mutual = c.mutual;
        e.presence.userId = c.userId;
        if (auto p = presence(c.userId))
            e.presence = *p;
        else
            e.presence.status = tr("Status unknown");
        list.append(e);
    }
    return list;
}

std::optional<PresenceInfo> SessionBackend::presence(UserId userId) const
{
    if (auto view = m_session->presence()->view(userId))
        return toInfo(*view);
    return std::nullopt;
}

PresenceInfo SessionBackend::toInfo(const PresenceView &view)
{
    PresenceInfo info;
    info.userId = view.userId;
    info.state = view.state;
    info.isOnline = view.isOnline;
    info.status = view.text;
    info.lastActiveMs = view.lastActiveLocalMs;
    info.availability = view.availability;
    info.statusMessage = view.statusMessage;
    return info;
}

MessageItem SessionBackend::toItem(const ChatMessage &m)
{
    MessageItem item;
    item.id = m.id;
    item.from = m.from;
    item.to = m.to;
    item.text = m.text;
    item.sentAtMs = m.sentAtMs.value_or(0);
    item.clientId = m.clientId;
    item.error = m.error;
    item.deliveredAtMs = m.deliveredAtMs;
    item.readAtMs = m.readAtMs;
    switch (m.delivery) {
    case ChatMessage::Delivery::Queued:
        item.delivery = DeliveryState::Queued;
        break;
    case ChatMessage::Delivery::Sent:
        item.delivery = DeliveryState::Sent;
        break;
    case ChatMessage::Delivery::Failed:
        item.delivery = DeliveryState::Failed;
        break;
    case ChatMessage::Delivery::Received:
        item.delivery = DeliveryState::Received;
        break;
    }
    return item;
}

void SessionBackend::searchUsers(const QString &query)
{
    m_session->searchUsers(query);
}

void SessionBackend::addContact(UserId userId)
{
    m_session->addContact(userId);
}

void SessionBackend::removeContact(UserId userId)
{
    m_session->removeContact(userId);
}

void SessionBackend::reconnectNow()
{
    m_session->reconnectNow();
}

QList<MessageItem> SessionBackend::history(UserId peer) const
{
    QList<MessageItem> list;
    const QList<ChatMessage> messages = m_session->history(peer);
    for (const ChatMessage &m : messages)
        list.append(toItem(m));
    return list;
}

void SessionBackend::loadHistory(UserId peer)
{
    m_session->loadHistory(peer);
}

QString SessionBackend::sendMessage(UserId to, const QString &text)
{
    return m_session->sendMessage(to, text);
}

void SessionBackend::sendTyping(UserId to)
{
    m_session->sendTyping(to);
}

void SessionBackend::reportActivity()
{
    // The ActivityTracker already limits this to once a minute and to non-idle times.
    if (m_session->isConnected())
        m_session->reportActivity();
}

Visibility SessionBackend::visibility() const
{
    return visibilityFromName(m_session->visibility()).value_or(Visibility::Everyone);
}

void SessionBackend::setVisibility(Visibility visibility)
{
    m_session->setVisibility(visibilityName(visibility));
}

ManualStatus SessionBackend::ownStatus() const
{
    return m_session->ownStatus();
}

void SessionBackend::setOwnStatus(Availability availability, const QString &message,
                                  std::optional<qint64> expiresAtMs)
{
    QPointer<SessionBackend> guard(this);
    m_session->setStatus(availability, message, expiresAtMs,
                         [this, guard](const Result<QJsonValue> &answer) {
                             if (!guard || answer)
                                 return; // success arrives through ownStatusChanged()
                             Q_EMIT ownStatusRefused(statusErrorText(ClientError::from(answer)));
                         });
}

std::optional<qint64> SessionBackend::expiryFor(ClearAfter choice) const
{
    const StatusTextOptions text = m_session->presence()->textOptions();
    return clearAfterExpiry(choice, m_clock->nowMs(), text.zone, text.locale.firstDayOfWeek());
}

void SessionBackend::setLastSeenPrecision(LastSeenPrecision precision)
{
    m_session->setLastSeenPrecision(precision);
}

} // namespace SmartFixer::Ui
