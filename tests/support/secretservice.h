#pragma once
// SecretService: a real Secret Service for a test — gnome-keyring-daemon on the private D-Bus
// session bus the suite runs in (sf_add_test(… DBUS) wraps it in dbus-run-session with
// tests/support/session-bus.conf, which activates nothing). Its keyring lives in a temporary
// folder and is unlocked with a throw-away password. Never touches the user's own keyring:
// without the private bus (SF_PRIVATE_DBUS=1) it refuses to start.
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace SmartFixer::Test {

class SecretService
{
public:
    SecretService();
    ~SecretService();

    //! Whether this process runs on the suite's private session bus; else false + \a why.
    static bool onPrivateBus(QString *why);
    //! Starts gnome-keyring-daemon (secrets component) and waits until it owns
    //! org.freedesktop.secrets. false + \a why when it cannot run here.
    bool start(QString *why);
    void stop();
    bool isRunning() const;
    //! The secret QtKeychain stored for \a key under \a service, read with secret-tool (its
    //! libsecret schema: attributes user=KEY, server=SERVICE); empty when there is none.
    static QString lookup(const QString &service, const QString &key);

private:
    QTemporaryDir m_dir;
    QProcess m_daemon;
};

} // namespace SmartFixer::Test
