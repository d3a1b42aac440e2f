#include "passwordworkers.h"

#include "core/logging.h"
#include "storage/store.h"

#include <QThread>
#include <algorithm>

namespace SmartFixer {

PasswordWorkers::PasswordWorkers(const PasswordWorkerConfig &config, QObject *parent)
    : QObject(parent), m_maxQueued(std::max(1, config.maxQueued))
{
    const int threads
        = config.threads > 0 ? config.threads : std::max(1, QThread::idealThreadCount() - 1);
    m_pool.setMaxThreadCount(threads);
    // Threads stay while logins keep coming; an idle server lets them go after 30 s.
    m_pool.setExpiryTimeout(30000);
    m_pool.setObjectName(QStringLiteral("password-workers"));
}

PasswordWorkers::~PasswordWorkers()
{
    // Jobs post their results to this object: none may still run when it goes (events
    // already posted to it are discarded with it).
    m_pool.clear();
    m_pool.waitForDone();
}

bool PasswordWorkers::submit(std::function<std::function<void()>()> work)
{
    // Only this thread increments, so the check and the increment cannot race with another
    // submit; workers only decrement.
    if (m_inFlight.load() >= m_maxQueued) {
        ++m_refused;
        return false;
    }
    ++m_inFlight;
    m_pool.start([this, work = std::move(work)]() mutable {
        std::function<void()> deliver = work();
        work = nullptr; // what it captured was moved into `deliver`
        --m_inFlight;
        // Posted to this object: runs on its thread, and not at all once it is gone.
        QMetaObject::invokeMethod(
            this,
            [this, deliver = std::move(deliver)] {
                ++m_completed;
                deliver();
            },
            Qt::QueuedConnection);
    });
    return true;
}

bool PasswordWorkers::verify(const QString &hash, const QString &password,
                             std::function<void(const Verified &)> done)
{
    // mutable: `done` moves on to the result, so only the owner's thread copies or destroys
    // what it captured (QPointers).
    return submit([hash, password, done = std::move(done)]() mutable -> std::function<void()> {
        Verified v;
        if (hash.isEmpty()) {
            static const QString dummy = hashPassword(QStringLiteral("no such user"));
            verifyPasswordHash(dummy, password);
        } else {
            v.ok = verifyPasswordHash(hash, password);
            if (v.ok && isLegacyPasswordHash(hash))
                v.rehash = hashPassword(password);
        }
        return [done = std::move(done), v] {
            done(v);
        };
    });
}

bool PasswordWorkers::hash(const QString &password, std::function<void(const QString &)> done)
{
    return submit([password, done = std::move(done)]() mutable -> std::function<void()> {
        const QString h = hashPassword(password);
        return [done = std::move(done), h] {
            done(h);
        };
    });
}

} // namespace SmartFixer
