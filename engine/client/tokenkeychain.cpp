#include "tokenkeychain.h"

#include "core/logging.h"
#include "core/usernames.h"

#include <QTimer>
#include <memory>
#include <qt6keychain/keychain.h>

#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#define SF_KEYCHAIN_DBUS 1
#endif

namespace SmartFixer {

TokenKeychain::TokenKeychain(const QString &service, QObject *parent)
    : QObject(parent), m_service(service)
{ }

TokenKeychain::~TokenKeychain() = default;

QString TokenKeychain::entryKey(const QUrl &server, const QString &username)
{
    // The origin only: "http://host:8765/" and "http://host:8765" are one server.
    const QString origin = server
                               .adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment
                                         | QUrl::RemoveUserInfo)
                               .toString(QUrl::FullyEncoded);
    return Names::canonicalUsername(username.trimmed()) + QLatin1Char('@') + origin;
}

bool TokenKeychain::keyringAvailable()
{
#ifdef SF_KEYCHAIN_DBUS
    // QtKeychain's libsecret backend cannot tell "no keyring" from other failures (both are
    // OtherError with a GLib message), and with no session bus libsecret would try to
    // autolaunch one. So look first: is a Secret Service (gnome-keyring, KeePassXC, KWallet
    // 5.97+) or KWallet itself on the bus, or can D-Bus start one?
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface())
        return false;
    static const QStringList names
        = {QStringLiteral("org.freedesktop.secrets"), QStringLiteral("org.kde.kwalletd6"),
           QStringLiteral("org.kde.kwalletd5"), QStringLiteral("org.kde.kwalletd")};
    QDBusConnectionInterface *iface = bus.interface();
    for (const QString &name : names) {
        if (iface->isServiceRegistered(name).value())
            return true;
    }
    const QStringList activatable = iface->activatableServiceNames().value();
    for (const QString &name : names) {
        if (activatable.contains(name))
            return true;
    }
    return false;
#else
    return true;
#endif
}

void TokenKeychain::read(const QUrl &server, const QString &username, Callback done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(entryKey(server, username));
    run(job, Op::Read, std::move(done));
}

void TokenKeychain::write(const QUrl &server, const QString &username, const QString &token,
                          Callback done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(entryKey(server, username));
    job->setTextData(token);
    run(job, Op::Write, std::move(done));
}

void TokenKeychain::remove(const QUrl &server, const QString &username, Callback done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(entryKey(server, username));
    run(job, Op::Remove, std::move(done));
}

void TokenKeychain::run(QKeychain::Job *job, Op op, Callback done)
{
    // Never the plain-text QSettings store QtKeychain offers as a fallback.
    job->setInsecureFallback(false);
    // The job deletes itself when it finishes and has no parent: libsecret's callback still
    // points at it, so it must outlive us if we go first (then it just reports to nobody).
    job->setAutoDelete(true);
    if (!keyringAvailable()) {
        delete job;
        // Asynchronous like every other outcome, so callers need only one code path.
        QTimer::singleShot(0, this, [done = std::move(done)] {
            done(Result<QString>::failure(
                QStringLiteral("no keyring service (Secret Service) is running"),
                ErrorKind::Unavailable));
        });
        return;
    }
    auto answered = std::make_shared<bool>(false);
    auto callback = std::make_shared<Callback>(std::move(done));
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [answered, callback, timer, this] {
        timer->deleteLater();
        if (*answered)
            return;
        *answered = true;
        (*callback)(Result<QString>::failure(
            QStringLiteral("the keyring did not answer within %1 ms").arg(m_timeoutMs),
            ErrorKind::Timeout));
    });
    connect(job, &QKeychain::Job::finished, this,
            [answered, callback, timer, op](QKeychain::Job *finished) {
                timer->stop();
                timer->deleteLater();
                if (*answered)
                    return;
                *answered = true;
                const QKeychain::Error error = finished->error();
                if (error == QKeychain::NoError) {
                    QString token;
                    if (op == Op::Read)
                        token = static_cast<QKeychain::ReadPasswordJob *>(finished)->textData();
                    (*callback)(token);
                    return;
                }
                ErrorKind kind = ErrorKind::Internal;
                switch (error) {
                case QKeychain::EntryNotFound:
                    if (op == Op::Remove) {
                        (*callback)(QString()); // nothing to remove: done
                        return;
                    }
                    kind = ErrorKind::NotFound;
                    break;
                case QKeychain::AccessDenied:
                case QKeychain::AccessDeniedByUser:
                    kind = ErrorKind::Forbidden;
                    break;
                case QKeychain::NoBackendAvailable:
                case QKeychain::NotImplemented:
                    kind = ErrorKind::Unavailable;
                    break;
                default:
                    break;
                }
                if (kind != ErrorKind::NotFound)
                    qCWarning(lcClient).noquote()
                        << "keyring:" << finished->key() << "failed:" << finished->errorString();
                (*callback)(Result<QString>::failure(finished->errorString(), kind));
            });
    timer->start(m_timeoutMs);
    job->start();
}

} // namespace SmartFixer
