#include "registrationlimit.h"

#include <algorithm>
#include <cmath>

namespace SmartFixer {

QString RegistrationLimit::key(const QHostAddress &address)
{
    bool v4 = false;
    const quint32 ip4 = address.toIPv4Address(&v4);
    if (v4)
        return QHostAddress(ip4).toString();
    // One IPv6 client usually holds a whole /64: count it as one address.
    Q_IPV6ADDR ip6 = address.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        ip6[i] = 0;
    return QHostAddress(ip6).toString() + QStringLiteral("/64");
}

void RegistrationLimit::refill(Bucket &b, qint64 now) const
{
    const qint64 elapsed = std::max<qint64>(0, now - b.updatedMs);
    b.tokens = std::min<double>(m_config.burst,
                                b.tokens + double(elapsed) / double(m_config.intervalMs));
    b.updatedMs = now;
}

qint64 RegistrationLimit::take(const QHostAddress &address)
{
    if (m_config.burst <= 0 || m_config.intervalMs <= 0)
        return 0;
    const qint64 now = m_clock->nowMs();
    const QString k = key(address);
    auto it = m_buckets.find(k);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= m_config.maxTracked) {
            // Forget the addresses whose buckets are full again: they lose nothing.
            m_buckets.removeIf([&](auto &entry) {
                refill(entry.value(), now);
                return entry.value().tokens >= m_config.burst;
            });
            if (m_buckets.size() >= m_config.maxTracked)
                m_buckets.erase(m_buckets.begin()); // still full: someone is forgotten
        }
        it = m_buckets.insert(k, Bucket{double(m_config.burst), now});
    }
    refill(it.value(), now);
    if (it->tokens >= 1.0) {
        it->tokens -= 1.0;
        return 0;
    }
    ++m_refused;
    return std::max<qint64>(1, qint64(std::ceil((1.0 - it->tokens) * m_config.intervalMs)));
}

void RegistrationLimit::giveBack(const QHostAddress &address)
{
    auto it = m_buckets.find(key(address));
    if (it != m_buckets.end())
        it->tokens = std::min<double>(m_config.burst, it->tokens + 1.0);
}

} // namespace SmartFixer
