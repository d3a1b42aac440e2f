#include "loginthrottle.h"

#include <algorithm>

namespace SmartFixer {

QString LoginThrottle::key(const QString &username, const QHostAddress &address)
{
    return username.toCaseFolded() + QLatin1Char('\n') + address.toString();
}

qint64 LoginThrottle::retryAfterMs(const QString &username, const QHostAddress &address) const
{
    const auto it = m_entries.constFind(key(username, address));
    if (it == m_entries.cend())
        return 0;
    return std::max<qint64>(0, it->lockedUntilMs - m_clock->nowMs());
}

qint64 LoginThrottle::recordFailure(const QString &username, const QHostAddress &address)
{
    const qint64 now = m_clock->nowMs();
    if (m_entries.size() >= m_config.maxTracked)
        prune(now);
    Entry &e = m_entries[key(username, address)];
    if (e.failures > 0 && now - e.lastFailureMs > m_config.forgetAfterMs)
        e = Entry{};
    ++e.failures;
    e.lastFailureMs = now;
    const int over = e.failures - m_config.freeFailures;
    if (over <= 0)
        return 0;
    // base * 2^(over-1), capped; the shift is bounded so it cannot overflow.
    const qint64 lockout
        = std::min(m_config.maxLockoutMs, m_config.baseLockoutMs << std::min(over - 1, 30));
    e.lockedUntilMs = now + lockout;
    ++m_lockouts;
    return lockout;
}

void LoginThrottle::recordSuccess(const QString &username, const QHostAddress &address)
{
    m_entries.remove(key(username, address));
}

void LoginThrottle::prune(qint64 now)
{
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (now - it->lastFailureMs > m_config.forgetAfterMs && it->lockedUntilMs <= now)
            it = m_entries.erase(it);
        else
            ++it;
    }
    // Still full (an attack from many addresses): drop everything not locked right now.
    if (m_entries.size() >= m_config.maxTracked) {
        for (auto it = m_entries.begin(); it != m_entries.end();) {
            if (it->lockedUntilMs <= now)
                it = m_entries.erase(it);
            else
                ++it;
        }
    }
}

} // namespace SmartFixer
