#pragma once
// TokenKeychain: keeps the session token of "Stay signed in" in the platform keychain through
// QtKeychain (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows), one
// entry per server + user name. GUI-free and asynchronous. It never writes a token to a plain
// file: with no keyring running it says so (ErrorKind::Unavailable) and stores nothing.
#include "core/result.h"

#include <QObject>
#include <QUrl>
#include <functional>

namespace QKeychain {
class Job;
}

namespace SmartFixer {

class TokenKeychain : public QObject
{
    Q_OBJECT
public:
    //! Called exactly once per call: the token (read) or an empty string (write, remove), or an
    //! error whose kind the caller branches on: Unavailable = no keyring service runs (nothing
    //! was stored anywhere), NotFound = no entry (read only; remove of a missing entry is ok),
    //! Forbidden = the keyring is locked or the user refused access, Timeout = no answer within
    //! timeoutMs(), Internal = anything else (the message says what, for logs).
    using Callback = std::function<void(const Result<QString> &)>;

    //! \a service names the entries in the keyring ("SmartFixer"; tests use their own).
    explicit TokenKeychain(const QString &service = QStringLiteral("SmartFixer"),
                           QObject *parent = nullptr);
    ~TokenKeychain() override;

    //! The entry's key: "alice@https://host:8765" — scheme, host and port of \a server (no
    //! path), the user name case-folded as the server compares names.
    static QString entryKey(const QUrl &server, const QString &username);
    //! Whether a keyring service can be reached now. Linux: the Secret Service (or KWallet) is
    //! on the session bus, running or D-Bus activatable. Other platforms: always true.
    static bool keyringAvailable();

    void read(const QUrl &server, const QString &username, Callback done);
    void write(const QUrl &server, const QString &username, const QString &token, Callback done);
    void remove(const QUrl &server, const QString &username, Callback done);

    QString service() const { return m_service; }
    //! How long one keyring operation may take (ms; default 60 s: the keyring may ask the user
    //! to unlock it first).
    int timeoutMs() const { return m_timeoutMs; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

private:
    enum class Op { Read, Write, Remove };
    void run(QKeychain::Job *job, Op op, Callback done);

    QString m_service;
    int m_timeoutMs = 60000; // ms
};

} // namespace SmartFixer
