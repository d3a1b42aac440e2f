#include "secretservice.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTest>

namespace SmartFixer::Test {

namespace {
const QString SecretsName = QStringLiteral("org.freedesktop.secrets");
}

SecretService::SecretService() = default;

SecretService::~SecretService()
{
    stop();
}

bool SecretService::onPrivateBus(QString *why)
{
    if (qEnvironmentVariable("SF_PRIVATE_DBUS") != QLatin1String("1")) {
        *why = QStringLiteral("not on the suite's private D-Bus session (run it through ctest, "
                              "which wraps it in dbus-run-session)");
        return false;
    }
    if (!QDBusConnection::sessionBus().isConnected()) {
        *why = QStringLiteral("cannot connect to the private session bus %1: %2")
                   .arg(qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS"),
                        QDBusConnection::sessionBus().lastError().message());
        return false;
    }
    return true;
}

bool SecretService::isRunning() const
{
    return m_daemon.state() == QProcess::Running;
}

bool SecretService::start(QString *why)
{
    if (!onPrivateBus(why))
        return false;
    if (isRunning())
        return true;
    const QString daemon = QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon"));
    if (daemon.isEmpty()) {
        *why = QStringLiteral("gnome-keyring-daemon is not installed (package gnome-keyring; "
                              "scripts/setup.sh installs it)");
        return false;
    }
    if (QStandardPaths::findExecutable(QStringLiteral("secret-tool")).isEmpty()) {
        *why = QStringLiteral("secret-tool is not installed (package libsecret-tools)");
        return false;
    }
    if (!m_dir.isValid()) {
        *why = QStringLiteral("no temporary folder: %1").arg(m_dir.errorString());
        return false;
    }
    // The keyring files and the control socket go into our folder, not the user's.
    const QString data = m_dir.filePath(QStringLiteral("data"));
    const QString runtime = m_dir.filePath(QStringLiteral("run"));
    QDir().mkpath(data);
    QDir().mkpath(runtime);
    QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), data);
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
    env.insert(QStringLiteral("HOME"), m_dir.path());
    m_daemon.setProcessEnvironment(env);
    m_daemon.setProcessChannelMode(QProcess::SeparateChannels);
    // --unlock reads the login keyring's password from stdin and creates the keyring unlocked.
    m_daemon.start(daemon,
                   {QStringLiteral("--foreground"), QStringLiteral("--unlock"),
                    QStringLiteral("--components=secrets")});
    if (!m_daemon.waitForStarted(10000)) {
        *why = QStringLiteral("gnome-keyring-daemon did not start: %1").arg(m_daemon.errorString());
        return false;
    }
    m_daemon.write("throw-away-test-password");
    m_daemon.closeWriteChannel();
    QDBusConnectionInterface *bus = QDBusConnection::sessionBus().interface();
    const bool registered = QTest::qWaitFor(
        [&] { return !isRunning() || bus->isServiceRegistered(SecretsName).value(); }, 15000);
    if (!registered || !isRunning()) {
        *why = QStringLiteral("gnome-keyring-daemon did not offer the Secret Service on the "
                              "private bus (exit %1): %2")
                   .arg(m_daemon.exitCode())
                   .arg(QString::fromLocal8Bit(m_daemon.readAllStandardError()).trimmed());
        stop();
        return false;
    }
    return true;
}

void SecretService::stop()
{
    if (m_daemon.state() == QProcess::NotRunning)
        return;
    m_daemon.terminate();
    if (!m_daemon.waitForFinished(5000)) {
        m_daemon.kill();
        m_daemon.waitForFinished(5000);
    }
    // Until the bus notices, the name may still look taken: wait for it to go.
    QDBusConnectionInterface *bus = QDBusConnection::sessionBus().interface();
    QTest::qWaitFor([&] { return !bus->isServiceRegistered(SecretsName).value(); }, 5000);
}

QString SecretService::lookup(const QString &service, const QString &key)
{
    QProcess tool;
    tool.start(QStringLiteral("secret-tool"),
               {QStringLiteral("lookup"), QStringLiteral("user"), key, QStringLiteral("server"),
                service, QStringLiteral("type"), QStringLiteral("plaintext")});
    if (!tool.waitForFinished(10000))
        return QStringLiteral("<secret-tool did not finish>");
    return QString::fromUtf8(tool.readAllStandardOutput());
}

} // namespace SmartFixer::Test
