#pragma once
// PasswordWorkers: argon2id off the event loop (issue 14 item 3). A few worker threads hash and
// verify passwords; the queue in front of them is bounded, so a flood of logins or
// registrations gets "busy" answers (503 + Retry-After) instead of a backlog that stalls every
// other client. Results come back on the thread that owns this object, through its event loop.
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <atomic>
#include <functional>

namespace SmartFixer {

struct PasswordWorkerConfig
{
    //! Worker threads; 0 = one fewer than the cores (at least 1), so the event loop keeps one.
    int threads = 0;
    //! Jobs waiting or running at most; a further one is refused (the caller answers 503).
    int maxQueued = 32;
    //! Logins from one client address (IPv6: its /64) being checked at once; more get 429.
    //! Failures count only once checked, so without this many guesses sent in parallel would
    //! all be checked before the address throttle saw one. 0 = no limit.
    int maxPerAddress = 8;
};

class PasswordWorkers final : public QObject
{
    Q_OBJECT
public:
    explicit PasswordWorkers(const PasswordWorkerConfig &config, QObject *parent = nullptr);
    //! Drops jobs not started, waits for the running ones; no callback runs after this.
    ~PasswordWorkers() override;

    //! The result of a verification: whether \a password matched \a hash, and (when it matched
    //! a legacy Werkzeug hash) its argon2id replacement, else empty.
    struct Verified
    {
        bool ok = false;
        QString rehash;
    };
    //! Verifies on a worker; \a done runs later on this object's thread. An empty \a hash
    //! (unknown name, token-only account) spends the time of a real check and fails, so the
    //! answer time does not tell which names exist. false (and no callback) when the queue is
    //! full.
    bool verify(const QString &hash, const QString &password,
                std::function<void(const Verified &)> done);
    //! Hashes with argon2id on a worker; \a done gets the hash (empty on failure). false when
    //! the queue is full.
    bool hash(const QString &password, std::function<void(const QString &)> done);

    int threads() const { return m_pool.maxThreadCount(); }
    int maxQueued() const { return m_maxQueued; }
    //! Jobs waiting or running now.
    int inFlight() const { return m_inFlight.load(); }
    quint64 refused() const { return m_refused; }
    quint64 completed() const { return m_completed; }

private:
    bool submit(std::function<std::function<void()>()> work);

    QThreadPool m_pool;
    int m_maxQueued;
    std::atomic<int> m_inFlight{0};
    quint64 m_refused = 0;
    quint64 m_completed = 0;
};

} // namespace SmartFixer
