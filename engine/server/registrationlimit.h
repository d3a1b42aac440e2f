#pragma once
// RegistrationLimit: open registration per client address (IPv6: its /64) as a token bucket
// (issue 14 item 3: 300 registrations from one address ran unthrottled, each an argon2id hash
// and a row). `burst` accounts at once, then one more every `intervalMs`. Time comes from the
// injected Clock.
#include "core/clock.h"

#include <QHash>
#include <QHostAddress>
#include <QString>

namespace SmartFixer {

struct RegistrationLimitConfig
{
    int burst = 10; //!< registrations one address may make at once; 0 = no limit
    qint64 intervalMs = 60 * 1000; //!< one more registration per address every interval
    int maxTracked = 100000; //!< addresses kept at most (full buckets are forgotten first)
};

class RegistrationLimit
{
public:
    RegistrationLimit(Clock *clock, const RegistrationLimitConfig &config)
        : m_clock(clock), m_config(config)
    { }

    //! Takes one registration for \a address: 0 when allowed, else the ms to wait.
    qint64 take(const QHostAddress &address);
    //! Gives back what take() took (the registration did not happen, e.g. server busy).
    void giveBack(const QHostAddress &address);
    quint64 refused() const { return m_refused; }
    //! The bucket key of \a address: itself, or its /64 for IPv6.
    static QString key(const QHostAddress &address);

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 updatedMs = 0;
    };
    void refill(Bucket &b, qint64 now) const;

    Clock *m_clock;
    RegistrationLimitConfig m_config;
    QHash<QString, Bucket> m_buckets;
    quint64 m_refused = 0;
};

} // namespace SmartFixer
