#include "loginthrottle.h"

#include <algorithm>

namespace SmartFixer {

namespace {
QString join(const QString &a, const QString &b)
{
    return a + QLatin1Char('\n') + b;
}
} // namespace

QString LoginThrottle::addressKey(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4); // also unwraps ::ffff:a.b.c.d
    if (isV4)
        return QHostAddress(v4).toString();
    // One IPv6 client usually has a whole /64: count the prefix, not each address in it.
    Q_IPV6ADDR v6 = address.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        v6[i] = 0;
    return QHostAddress(v6).toString() + QStringLiteral("/64");
}

bool LoginThrottle::trusted(const QString &account, const QString &address, qint64 now) const
{
    const auto it = m_trusted.constFind(join(account, address));
    return it != m_trusted.cend() && now - *it <= m_config.trustedForMs;
}

qint64 LoginThrottle::retryAfterMs(const QString &username, const QHostAddress &address) const
{
    const qint64 now = m_clock->nowMs();
    const QString account = username.toCaseFolded();
    const QString addr = addressKey(address);
    qint64 until = m_pairs.value(join(username, addr)).lockedUntilMs;
    if (!trusted(account, addr, now)) {
        until = std::max(until, m_accounts.value(account).lockedUntilMs);
        until = std::max(until, m_addresses.value(addr).lockedUntilMs);
    }
    return std::max<qint64>(0, until - now);
}

qint64 LoginThrottle::fail(Bucket &bucket, const QString &key, int freeFailures,
                           qint64 maxLockoutMs, qint64 now)
{
    if (bucket.size() >= m_config.maxTracked)
        prune(bucket, now);
    Entry &e = bucket[key];
    if (e.failures > 0 && now - e.lastFailureMs > m_config.forgetAfterMs)
        e = Entry{};
    ++e.failures;
    e.lastFailureMs = now;
    const int over = e.failures - freeFailures;
    if (over <= 0)
        return 0;
    // base * 2^(over-1), capped; the shift is bounded so it cannot overflow.
    const qint64 lockout = std::min(maxLockoutMs, m_config.baseLockoutMs << std::min(over - 1, 30));
    e.lockedUntilMs = std::max(e.lockedUntilMs, now + lockout);
    ++m_lockouts;
    return lockout;
}

qint64 LoginThrottle::recordFailure(const QString &username, const QHostAddress &address)
{
    const qint64 now = m_clock->nowMs();
    const QString addr = addressKey(address);
    qint64 lockout
        = fail(m_pairs, join(username, addr), m_config.freeFailures, m_config.maxLockoutMs, now);
    lockout = std::max(lockout,
                       fail(m_accounts, username.toCaseFolded(), m_config.accountFreeFailures,
                            m_config.accountMaxLockoutMs, now));
    lockout = std::max(
        lockout,
        fail(m_addresses, addr, m_config.addressFreeFailures, m_config.addressMaxLockoutMs, now));
    return lockout;
}

void LoginThrottle::recordSuccess(const QString &username, const QHostAddress &address)
{
    const qint64 now = m_clock->nowMs();
    const QString addr = addressKey(address);
    // Only this exact pair starts afresh; the account's and the address's counts stay, so a
    // success of one name (or of the owner) does not hide guesses at another.
    m_pairs.remove(join(username, addr));
    if (m_trusted.size() >= m_config.maxTracked) {
        m_trusted.removeIf(
            [&](const auto &it) { return now - it.value() > m_config.trustedForMs; });
        if (m_trusted.size() >= m_config.maxTracked)
            m_trusted.clear(); // still full: forget rather than grow
    }
    m_trusted.insert(join(username.toCaseFolded(), addr), now);
}

void LoginThrottle::prune(Bucket &bucket, qint64 now)
{
    bucket.removeIf([&](const auto &it) {
        return now - it.value().lastFailureMs > m_config.forgetAfterMs
            && it.value().lockedUntilMs <= now;
    });
    // Still full (an attack from many addresses): drop everything not locked right now.
    if (bucket.size() >= m_config.maxTracked)
        bucket.removeIf([&](const auto &it) { return it.value().lockedUntilMs <= now; });
}

} // namespace SmartFixer
