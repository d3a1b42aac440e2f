// RestApi's account hardening (issue 14): password work off the event loop (item 3) — login
// and registration read and write the store on the server thread and leave argon2id to
// PasswordWorkers; the HTTP answer comes back through HttpReply::deferred once the worker is
// done — and "POST /api/logout?all=1" (item 8).
#include "restapi.h"

#include "core/logescape.h"
#include "core/logging.h"
#include "core/usernames.h"
#include "server/loginthrottle.h"
#include "server/passwordworkers.h"
#include "server/presenceserver.h"
#include "server/registrationlimit.h"
#include "storage/serverstore.h"

#include <QJsonObject>
#include <QUrlQuery>

namespace SmartFixer {

namespace {
// Verifications at once per account: a login and a retry, not a parallel guessing run.
constexpr int MaxVerifyingPerAccount = 2;
} // namespace

HttpReply RestApi::busy()
{
    // 503 + Retry-After (RFC 9110 §10.2.3): the hash queue is full; 1 s is about the time
    // the workers need to drain it (32 jobs of ~10-20 ms on one or two threads).
    HttpReply r = HttpReply::error(503, QStringLiteral("the server is busy, try again shortly"));
    r.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")});
    return r;
}

HttpReply RestApi::loginDeferred(const QString &username, const QString &password,
                                 const QHostAddress &address)
{
    const QString account = Names::canonicalUsername(username);
    const QString from = RegistrationLimit::key(address);
    const int perAddress = m_context.config->passwordWorkers.maxPerAddress;
    if (m_verifying.value(account) >= MaxVerifyingPerAccount
        || (perAddress > 0 && m_verifyingFrom.value(from) >= perAddress)) {
        HttpReply r = HttpReply::error(429, QStringLiteral("too many login attempts"));
        r.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")});
        return r;
    }
    const auto record = m_context.store->passwordRecord(username);
    return HttpReply::deferred([this, username, password, address, account, from,
                                record](HttpDeliver deliver) {
        ++m_verifying[account];
        ++m_verifyingFrom[from];
        auto release = [this, account, from] {
            for (auto [map, key] : {std::pair{&m_verifying, account}, {&m_verifyingFrom, from}}) {
                auto it = map->find(key);
                if (it != map->end() && --it.value() <= 0)
                    map->erase(it);
            }
        };
        // PasswordWorkers goes before this RestApi (PresenceServer::stop()), and runs no
        // callback after it is gone: `this` is alive whenever the callback runs.
        const bool queued = m_context.passwords->verify(
            record ? record->hash : QString(), password,
            [this, username, address, record, deliver,
             release](const PasswordWorkers::Verified &v) {
                release();
                if (v.ok && !v.rehash.isEmpty()) {
                    // A legacy Werkzeug hash: store its argon2id replacement.
                    if (m_context.store->replacePasswordHash(record->id, record->hash, v.rehash))
                        qCInfo(lcServer) << "rehashed the legacy password of user" << record->id
                                         << "with argon2id";
                }
                deliver(
                    finishLogin(username, address,
                                v.ok && record ? std::optional<UserId>(record->id) : std::nullopt));
            });
        if (!queued) {
            release();
            deliver(busy()); // not counted as a failure: no password was checked
        }
    });
}

HttpReply RestApi::finishLogin(const QString &username, const QHostAddress &address,
                               std::optional<UserId> user)
{
    ServerStore *store = m_context.store;
    if (!user) {
        ++m_context.counters->loginFailures;
        if (const qint64 lockout = m_throttle->recordFailure(username, address); lockout > 0) {
            qCWarning(lcServer).noquote()
                << "login lockout for" << escapedForLog(username.left(64)) << "from"
                << address.toString() << "for" << lockout << "ms";
        }
        return HttpReply::error(401, QStringLiteral("invalid username or password"));
    }
    m_throttle->recordSuccess(username, address);
    const auto row = store->userById(*user);
    const QString token = store->issueToken(*user);
    if (!row || token.isEmpty())
        return HttpReply::error(500, QStringLiteral("could not issue a token"));
    return HttpReply::json(200,
                           QJsonObject{{QStringLiteral("token"), token},
                                       {QStringLiteral("user_id"), *user},
                                       {QStringLiteral("display_name"), row->displayName}});
}

HttpReply RestApi::registerDeferred(const QString &username, const QString &displayName,
                                    const QString &password, const QHostAddress &address)
{
    return HttpReply::deferred([this, username, displayName, password,
                                address](HttpDeliver deliver) {
        const bool queued = m_context.passwords->hash(
            password, [this, username, displayName, deliver](const QString &hash) {
                if (hash.isEmpty()) {
                    deliver(HttpReply::error(500, QStringLiteral("could not hash the password")));
                    return;
                }
                // The name may have been taken while the hash ran: the store checks again
                // (and its unique index decides a race).
                deliver(finishRegister(
                    m_context.store->createUserWithHash(username, displayName, hash)));
            });
        if (!queued) {
            if (m_context.registrations)
                m_context.registrations->giveBack(address);
            deliver(busy());
        }
    });
}

HttpReply RestApi::logoutAll(const Call &call)
{
    const QString all = call.http.query().queryItemValue(QStringLiteral("all"), QUrl::FullyDecoded);
    if (all == QLatin1String("0") || all == QLatin1String("false"))
        return logoutOne(call);
    if (all != QLatin1String("1") && all != QLatin1String("true"))
        return HttpReply::error(400, QStringLiteral("all must be 1 or 0"));
    const auto revoked = m_context.store->revokeTokensOfUser(call.me, QString());
    if (!revoked)
        return HttpReply::error(revoked.kind() == ErrorKind::Unavailable ? 503 : 500,
                                QStringLiteral("could not revoke the tokens"));
    qCInfo(lcServer) << "user" << call.me << "logged out everywhere:" << revoked.value()
                     << "tokens revoked";
    if (m_hooks.closeConnectionsOfUser)
        m_hooks.closeConnectionsOfUser(call.me);
    if (m_context.cluster) // and on every other node
        m_context.cluster->publishUserLoggedOut(call.me);
    return HttpReply::noContent();
}

} // namespace SmartFixer
