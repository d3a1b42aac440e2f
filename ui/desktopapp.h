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
namespace Discovery {
class Announcer;
}
} // namespace SmartFixer

namespace SmartFixer::Ui {

class DemoPanel;
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
    //! The hosted server's DNS-SD announcement (null when not hosting, on loopback, or
    //! --no-announce).
    Discovery::Announcer *announcer() const { return m_announcer.get(); }

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
    void showLogin();

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
    bool m_shutDown = false;
};

} // namespace SmartFixer::Ui
