#pragma once
// LoginThrottle: throttles password guessing in three buckets, as Synapse's rc_login does
// (per address, per account) plus the exact (name, address) pair:
//  - pair: one name from one address; after `freeFailures` each failure locks the pair out for
//    a growing time (base, doubling, capped). A success clears this pair only: a success of
//    "Dave" does not clear "dave".
//  - account: the case-folded name from any address (rotating source addresses).
//  - address: any name from one address (IPv6: its /64), i.e. guessing many names.
// The account and address buckets do not lock out an address the account logged in from
// successfully before (within `trustedForMs`): an attack on an account does not shut its owner
// out from the owner's usual addresses, and guessing from a shared NAT address does not shut
// out the people behind it who logged in there before. Time comes from the injected Clock.
#include "core/clock.h"

#include <QHash>
#include <QHostAddress>
#include <QString>

namespace SmartFixer {

struct LoginThrottleConfig
{
    int freeFailures = 5; //!< failures of one name from one address before its lockouts
    qint64 baseLockoutMs = 1000; //!< first lockout; doubles with each further failure
    qint64 maxLockoutMs = 15 * 60 * 1000; //!< cap of the pair lockout
    int accountFreeFailures = 10; //!< failures of one account from all addresses
    qint64 accountMaxLockoutMs = 60 * 1000; //!< cap of the account lockout (owner-friendly)
    int addressFreeFailures = 20; //!< failures of all names from one address
    qint64 addressMaxLockoutMs = 15 * 60 * 1000; //!< cap of the address lockout
    qint64 forgetAfterMs = 60 * 60 * 1000; //!< a bucket quiet this long starts afresh
    qint64 trustedForMs = 30LL * 24 * 3600 * 1000; //!< a successful address stays trusted
    int maxTracked = 100000; //!< entries kept at most per bucket (oldest forgotten first)
};

class LoginThrottle
{
public:
    LoginThrottle(Clock *clock, const LoginThrottleConfig &config)
        : m_clock(clock), m_config(config)
    { }

    //! Milliseconds \a username must still wait from \a address (0 = may try now).
    qint64 retryAfterMs(const QString &username, const QHostAddress &address) const;
    //! Records a failed attempt; returns the longest lockout it started (0 = none).
    qint64 recordFailure(const QString &username, const QHostAddress &address);
    void recordSuccess(const QString &username, const QHostAddress &address);
    int trackedPairs() const { return int(m_pairs.size()); }
    quint64 lockouts() const { return m_lockouts; }

private:
    struct Entry
    {
        int failures = 0;
        qint64 lockedUntilMs = 0;
        qint64 lastFailureMs = 0;
    };
    using Bucket = QHash<QString, Entry>;
    static QString addressKey(const QHostAddress &address);
    bool trusted(const QString &account, const QString &address, qint64 now) const;
    qint64 fail(Bucket &bucket, const QString &key, int freeFailures, qint64 maxLockoutMs,
                qint64 now);
    void prune(Bucket &bucket, qint64 now);

    Clock *m_clock;
    LoginThrottleConfig m_config;
    Bucket m_pairs; //!< exact name + '\n' + address
    Bucket m_accounts; //!< case-folded name
    Bucket m_addresses; //!< address (IPv6 /64)
    QHash<QString, qint64> m_trusted; //!< case-folded name + '\n' + address -> last success
    quint64 m_lockouts = 0;
};

} // namespace SmartFixer
