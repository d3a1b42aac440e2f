// argon2id password hashes through libsodium (DESIGN.md §7: strong salted hashes only).
#include "store.h"

#include "core/logging.h"

#include <sodium.h>

namespace SmartFixer {

namespace {

// OWASP's argon2id minimum: t=2 passes over m=19 MiB, one lane (libsodium's choice).
constexpr unsigned long long OpsLimit = 2;
constexpr size_t MemLimit = 19 * 1024 * 1024; // bytes

bool sodiumReady()
{
    // sodium_init() is thread-safe and idempotent; the static runs it once per process.
    static const bool ready = [] {
        if (sodium_init() < 0) {
            qCCritical(lcStore) << "libsodium failed to initialise: no password hashing";
            return false;
        }
        return true;
    }();
    return ready;
}

} // namespace

QString hashPassword(const QString &password)
{
    if (!sodiumReady())
        return QString();
    const QByteArray utf8 = password.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, utf8.constData(), size_t(utf8.size()), OpsLimit, MemLimit,
                              crypto_pwhash_ALG_ARGON2ID13)
        != 0)
        return QString();
    return QString::fromLatin1(out);
}

bool verifyPasswordHash(const QString &hash, const QString &password)
{
    if (!sodiumReady() || !hash.startsWith(QLatin1String("$argon2id$")))
        return false;
    const QByteArray encoded = hash.toLatin1();
    const QByteArray utf8 = password.toUtf8();
    return crypto_pwhash_str_verify(encoded.constData(), utf8.constData(), size_t(utf8.size()))
        == 0;
}

} // namespace SmartFixer
