// argon2id password hashes through libsodium (DESIGN.md §7: strong salted hashes only), and
// verification of the previous SmartFixer's Werkzeug hashes, so that users of a migrated
// database keep their passwords (Store::verifyPassword() then rehashes them with argon2id).
#include "store.h"

#include "core/logging.h"

#include <QCryptographicHash>
#include <QHash>
#include <QPasswordDigestor>
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

namespace {

bool equalHex(const QByteArray &computedHex, const QString &storedHex)
{
    const QByteArray stored = storedHex.toLatin1().toLower();
    return stored.size() == computedHex.size()
        && sodium_memcmp(stored.constData(), computedHex.constData(), size_t(stored.size())) == 0;
}

// Werkzeug's generate_password_hash(): "pbkdf2:HASH:ITERATIONS$SALT$HEX" (Werkzeug 2.x, 3.x)
// or "scrypt:N:R:P$SALT$HEX" (Werkzeug 3.x default); the salt is used as its UTF-8 text.
bool verifyWerkzeugHash(const QString &hash, const QString &password)
{
    const QStringList parts = hash.split(QLatin1Char('$'));
    if (parts.size() != 3 || parts.at(1).isEmpty() || parts.at(2).isEmpty())
        return false;
    const QStringList method = parts.at(0).split(QLatin1Char(':'));
    const QByteArray salt = parts.at(1).toUtf8();
    const QByteArray utf8 = password.toUtf8();
    if (method.value(0) == QLatin1String("pbkdf2") && method.size() == 3) {
        static const QHash<QString, QPair<QCryptographicHash::Algorithm, int>> algorithms = {
            {QStringLiteral("sha1"), {QCryptographicHash::Sha1, 20}},
            {QStringLiteral("sha256"), {QCryptographicHash::Sha256, 32}},
            {QStringLiteral("sha512"), {QCryptographicHash::Sha512, 64}},
        };
        const auto algorithm = algorithms.constFind(method.at(1));
        bool ok = false;
        const int iterations = method.at(2).toInt(&ok);
        // Bounds keep a crafted hash from stalling the caller for minutes.
        if (algorithm == algorithms.cend() || !ok || iterations < 1 || iterations > 10'000'000)
            return false;
        const QByteArray key = QPasswordDigestor::deriveKeyPbkdf2(
            algorithm->first, utf8, salt, iterations, quint64(algorithm->second));
        return equalHex(key.toHex(), parts.at(2));
    }
    if (method.value(0) == QLatin1String("scrypt") && method.size() == 4) {
        bool okN = false, okR = false, okP = false;
        const quint64 n = method.at(1).toULongLong(&okN);
        const quint32 r = method.at(2).toUInt(&okR);
        const quint32 p = method.at(3).toUInt(&okP);
        // N a power of two, memory (128·N·r bytes) at most 256 MiB: a crafted hash cannot
        // exhaust the server (Werkzeug's default is N=32768, r=8: 32 MiB).
        if (!okN || !okR || !okP || n < 2 || n > (1u << 20) || (n & (n - 1)) != 0 || r < 1 || r > 32
            || p < 1 || p > 16 || 128 * n * r > 256ull * 1024 * 1024)
            return false;
        QByteArray key(64, Qt::Uninitialized); // hashlib.scrypt's default dklen
        if (crypto_pwhash_scryptsalsa208sha256_ll(
                reinterpret_cast<const uint8_t *>(utf8.constData()), size_t(utf8.size()),
                reinterpret_cast<const uint8_t *>(salt.constData()), size_t(salt.size()), n, r, p,
                reinterpret_cast<uint8_t *>(key.data()), size_t(key.size()))
            != 0)
            return false;
        return equalHex(key.toHex(), parts.at(2));
    }
    return false;
}

} // namespace

bool isLegacyPasswordHash(const QString &hash)
{
    return hash.startsWith(QLatin1String("pbkdf2:")) || hash.startsWith(QLatin1String("scrypt:"));
}

bool verifyPasswordHash(const QString &hash, const QString &password)
{
    if (!sodiumReady())
        return false;
    if (isLegacyPasswordHash(hash))
        return verifyWerkzeugHash(hash, password);
    if (!hash.startsWith(QLatin1String("$argon2id$")))
        return false;
    const QByteArray encoded = hash.toLatin1();
    const QByteArray utf8 = password.toUtf8();
    return crypto_pwhash_str_verify(encoded.constData(), utf8.constData(), size_t(utf8.size()))
        == 0;
}

} // namespace SmartFixer
