#pragma once
// LoginThrottle: throttles password guessing per (username, client address). After
// `freeFailures` failed attempts each further failure locks the pair out for a growing time
// (base, doubling, capped); a success clears the pair. Time comes from the injected Clock.
#include "core/clock.h"

#include <QHash>
#include <QHostAddress>
#include <QString>

namespace SmartFixer {

struct LoginThrottleConfig
{
    int freeFailures = 5; //!< failures before the first lockout
    qint64 baseLockoutMs = 1000; //!< first lockout; doubles with each further failure
    qint64 maxLockoutMs = 15 * 60 * 1000; //!< cap of the lockout
    qint64 forgetAfterMs = 60 * 60 * 1000; //!< a pair quiet this long starts afresh
    int maxTracked = 100000; //!< pairs kept at most (oldest forgotten first)
};

class LoginThrottle
{
public:
    LoginThrottle(Clock *clock, const LoginThrottleConfig &config)
        : m_clock(clock), m_config(config)
    { }

    //! Milliseconds the pair must still wait (0 = may try now).
    qint64 retryAfterMs(const QString &username, const QHostAddress &address) const;
    //! Records a failed attempt; returns the lockout it started (0 = none).
    qint64 recordFailure(const QString &username, const QHostAddress &address);
    void recordSuccess(const QString &username, const QHostAddress &address);
    int trackedPairs() const { return int(m_entries.size()); }
    quint64 lockouts() const { return m_lockouts; }

private:
    struct Entry
    {
        int failures = 0;
        qint64 lockedUntilMs = 0;
        qint64 lastFailureMs = 0;
    };
    static QString key(const QString &username, const QHostAddress &address);
    void prune(qint64 now);

    Clock *m_clock;
    LoginThrottleConfig m_config;
    QHash<QString, Entry> m_entries;
    quint64 m_lockouts = 0;
};

} // namespace SmartFixer
