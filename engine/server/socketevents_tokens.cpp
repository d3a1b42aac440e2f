// SocketEvents::recheckTokens: the running server's periodic check of its live connections'
// tokens, so a token revoked by another process (smartfixer-server user token --revoke-others,
// user remove, user passwd) ends its connections within --token-recheck ms.
#include "core/logging.h"
#include "server/sioserver.h"
#include "server/socketevents.h"

namespace SmartFixer {

int SocketEvents::recheckTokens()
{
    if (!m_context.store || m_idOf.isEmpty())
        return 0;
    QSet<QString> distinct;
    for (auto it = m_idOf.cbegin(); it != m_idOf.cend(); ++it) {
        if (!it.key()->token().isEmpty())
            distinct.insert(it.key()->token());
    }
    const auto valid = m_context.store->validTokens(distinct.values());
    if (!valid) {
        // A passing database outage must not drop everyone: try again next time.
        qCWarning(lcServer).noquote() << "token re-check skipped:" << valid.error();
        return -1;
    }
    QList<QPointer<SioConnection>> victims;
    for (auto it = m_idOf.cbegin(); it != m_idOf.cend(); ++it) {
        const QString token = it.key()->token();
        if (!token.isEmpty() && !valid->contains(token))
            victims.append(it.key());
    }
    for (const auto &c : std::as_const(victims)) {
        if (c)
            c->close(QStringLiteral("token revoked"));
    }
    if (!victims.isEmpty())
        qCInfo(lcServer) << "closed" << victims.size()
                         << "connection(s) whose token was revoked or expired";
    return int(victims.size());
}

} // namespace SmartFixer
