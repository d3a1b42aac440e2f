#include "localaccount.h"

#include "server/presenceserver.h"
#include "storage/serverstore.h"

namespace SmartFixer {

Result<LocalSignIn> signInLocally(PresenceServer *server, const QString &name,
                                  const QString &displayName)
{
    if (!server || !server->store())
        return Result<LocalSignIn>::failure(QStringLiteral("the server is not running"),
                                            ErrorKind::Unavailable);
    ServerStore *store = server->store();
    LocalSignIn result;
    auto user = store->userByName(name);
    if (!user) {
        const auto created
            = store->createUser(name, displayName.isEmpty() ? name : displayName, {});
        if (!created)
            return Result<LocalSignIn>::failureFrom(created);
        user = created.value();
        result.created = true;
    }
    result.userId = user->id;
    result.token = store->issueToken(user->id);
    if (result.token.isEmpty())
        return Result<LocalSignIn>::failure(QStringLiteral("could not issue a token"),
                                            ErrorKind::Internal);
    return result;
}

} // namespace SmartFixer
