#pragma once
// SessionBackend: ChatBackend on the engine's ClientSession (Socket.IO + REST, presence cache
// that ages texts on the injected clock, offline queue, local SQLite cache). It only converts
// types and translates the connection state for the status bar.
#include "chatbackend.h"
#include "client/clientsession.h"

namespace SmartFixer::Ui {

class SessionBackend : public ChatBackend
{
    Q_OBJECT
public:
    //! Creates its own ClientSession from \a options.
    explicit SessionBackend(const ClientOptions &options, QObject *parent = nullptr);
    ~SessionBackend() override;

    ClientSession *session() const { return m_session; }

    QUrl serverUrl() const override;
    void setServerUrl(const QUrl &url) override;
    void signIn(const QString &username, const QString &password) override;
    void signInWithToken(const QString &token) override;
    void registerAccount(const QString &username, const QString &password,
                         const QString &displayName) override;
    void signOut() override;
    UserId selfId() const override;
    QString selfName() const override;
    ConnectionState connectionState() const override;
    QString connectionText() const override;
    int retryInMs() const override;
    QList<ContactEntry> contacts() const override;
    std::optional<PresenceInfo> presence(UserId userId) const override;
    void searchUsers(const QString &query) override;
    void addContact(UserId userId) override;
    void removeContact(UserId userId) override;
    void reconnectNow() override;
    QList<MessageItem> history(UserId peer) const override;
    void loadHistory(UserId peer) override;
    QString sendMessage(UserId to, const QString &text) override;
    void sendTyping(UserId to) override;
    void reportActivity() override;
    Visibility visibility() const override;
    void setVisibility(Visibility visibility) override;
    ManualStatus ownStatus() const override;
    void setOwnStatus(Availability availability, const QString &message,
                      std::optional<qint64> expiresAtMs) override;
    std::optional<qint64> expiryFor(ClearAfter choice) const override;
    void setLastSeenPrecision(LastSeenPrecision precision) override;
    TlsFailure lastTlsFailure() const override;
    void trustCertificate(const QString &fingerprint) override;
    bool tracksUnread() const override { return true; }
    QList<ConversationEntry> conversations() const override;
    void markRead(UserId peer, qint64 upTo) override;
    bool readReceipts() const override;
    void setReadReceipts(bool on) override;
    void searchMessages(const QString &text, UserId peer) override;

    //! Translated one-liner for a connection status ("Reconnecting in 4 s…").
    static QString describe(const ConnectionStatus &status);
    static MessageItem toItem(const ChatMessage &message);
    static PresenceInfo toInfo(const PresenceView &view);

private:
    ClientTlsPolicy m_baseTls; //!< the policy before pins (e.g. the host's own certificate)
    ClientSession *m_session;
    Clock *m_clock;
};

} // namespace SmartFixer::Ui
