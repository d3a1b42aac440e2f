#pragma once
// DesktopApp: wires the desktop app together — translations, settings, the client backend, the
// main window, and in --host / --demo mode the embedded PresenceServer (and the demo script).
// main() only parses the command line into LaunchOptions and runs this.
#include "appsettings.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTemporaryDir>
#include <QUrl>
#include <memory>

QT_BEGIN_NAMESPACE
class QTranslator;
QT_END_NAMESPACE

namespace SmartFixer {
class ActivityTracker;
class Clock;
class DemoScript;
class PresenceServer;
class TokenKeychain;
struct ClientError;
namespace Discovery {
class Announcer;
}
} // namespace SmartFixer

namespace SmartFixer::Ui {

class DemoPanel;
class LoginDialog;
class MainWindow;
class SessionBackend;

struct LaunchOptions
{
    std::optional<QUrl> server; //!< --server URL (else the saved setting)
    QString user; //!< --user NAME: pre-fills the sign-in
    bool host = false; //!< --host: run a LAN server inside the app
    bool demo = false; //!< --demo: embedded loopback server with scripted demo users
    //! --host announces itself on the LAN by DNS-SD unless --no-announce (DESIGN.md §11).
    bool announce = true;
    QString language; //!< --lang CODE (else the saved setting, else the system locale)
    double demoScale = 10; //!< demo clock speed-up
    qint64 demoActiveWindowMs = 5 * 60 * 1000; //!< clock ms; 30 s of real time at x10
    bool showLogin = true; //!< ask for a password when not signed in (off for tests)
    //! --host overrides of the saved LAN settings (tests listen on 127.0.0.1 port 0).
    std::optional<QString> hostAddress;
    std::optional<quint16> hostPort;
    std::optional<QString> hostDatabase;
    std::optional<QString> hostUser;
};

//! Picks the UI language (--lang, saved setting, system) and installs the app's and Qt's
//! translators. Returns the locale used (also set as QLocale's default).
QLocale installTranslations(const QString &requested);

class DesktopApp : public QObject
{
    Q_OBJECT
public:
    explicit DesktopApp(const LaunchOptions &options, QObject *parent = nullptr);
    ~DesktopApp() override;

    //! Starts servers as asked and shows the window (or the sign-in). false + \a error when an
    //! embedded server cannot start.
    bool start(QString *error);
    //! Stops the demo and the embedded server cleanly (also on aboutToQuit).
    void shutdown();

    MainWindow *window() const { return m_window.get(); }
    SessionBackend *backend() const { return m_backend; }
    PresenceServer *server() const { return m_server.get(); }
    DemoScript *demo() const { return m_demo; }
    DemoPanel *demoPanel() const { return m_demoPanel; }
    Clock *clock() const { return m_clock; }
    //! What others type in to reach a hosted server ("http://192.168.1.20:8765"), or empty.
    QString hostAddressText() const { return m_hostText; }
    //! SHA-256 fingerprint of the certificate the LAN host serves (empty when not hosting).
    QString hostFingerprint() const { return m_hostFingerprint; }
    //! The sign-in dialog while it is open (else null).
    LoginDialog *loginDialog() const;
    //! Where "Stay signed in" keeps the session token (tests read and clear entries with it).
    TokenKeychain *keychain() const { return m_keychain; }
    //! The hosted server's DNS-SD announcement (null when not hosting, on loopback, or
    //! --no-announce).
    Discovery::Announcer *announcer() const { return m_announcer.get(); }

Q_SIGNALS:
    //! A keychain call of the sign-in flow has finished (read, keep or forget a token), with
    //! whatever it led to done; for tests, which must not guess how long a keyring takes.
    void keychainSettled();

private:
    bool startHost(QString *error);
    //! Whether something else listens on \a address:\a port (we could not bind it).
    static bool portInUse(const QHostAddress &address, quint16 port);
    //! "Port N is in use — use a free port?" true when the user chose a free port.
    bool askForFreePort(quint16 port);
    bool startDemo(QString *error);
    void createBackend(const QUrl &url, const QString &cachePath, qint64 activeWindowMs,
                       const QString &trustedFingerprint = {});
    void applyPreferences(const AppSettings &chosen);
    //! The settings as they apply now (for Preferences): demo server, hosted port.
    AppSettings shownSettings() const;
    //! The sign-in dialog (one at a time), with \a message above its buttons.
    void showLogin(const QString &message = {});
    //! At start: sign in with the token kept by "Stay signed in", else ask (desktopapp_signin.cpp).
    void signInAtStart();
    //! The dialog signed in: keep the token in the keychain, or forget it, as the user chose.
    void keepSignIn(bool stay);
    //! The server refused the kept token: forget it and ask for the password, saying why.
    void onSignInFailed(const SmartFixer::ClientError &error);
    //! The server refused our token (at start or later, e.g. revoked by the admin): forget it
    //! and show the sign-in dialog with a plain message.
    void sessionRefused();
    void signOut();
    //! "Sign in…": the dialog, or (hosting, demo) the embedded server's own account again.
    void signInAgain();
    //! Once ever: no keyring runs, so the password will be asked for next time.
    void tellNoKeyring();

    LaunchOptions m_options;
    AppSettings m_settings;
    QLocale m_locale;
    Clock *m_clock = nullptr;
    std::unique_ptr<Clock> m_ownedClock;
    std::unique_ptr<QTemporaryDir> m_tempDir;
    std::unique_ptr<PresenceServer> m_server;
    std::unique_ptr<Discovery::Announcer> m_announcer; //!< the hosted server's DNS-SD record
    DemoScript *m_demo = nullptr;
    SessionBackend *m_backend = nullptr;
    std::unique_ptr<MainWindow> m_window;
    DemoPanel *m_demoPanel = nullptr;
    ActivityTracker *m_activity = nullptr;
    QString m_hostText;
    QString m_hostFingerprint;
    QString m_hostNote; //!< "Port 8765 was busy; hosting on port 41234 instead."
    TokenKeychain *m_keychain = nullptr;
    QPointer<LoginDialog> m_login;
    bool m_savedTokenInUse = false; //!< signing in (or signed in) with the kept token
    QString m_localName; //!< the embedded server's own account (hosting, demo)
    bool m_shutDown = false;
};

} // namespace SmartFixer::Ui
