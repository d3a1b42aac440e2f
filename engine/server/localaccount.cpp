#include "localaccount.h"

#include "server/presenceserver.h"
#include "storage/store.h"

namespace SmartFixer {

Result<LocalSignIn> signInLocally(PresenceServer *server, const QString &name,
                                  const QString &displayName)
{
    if (!server || !server->store())
        return Result<LocalSignIn>::failure(QStringLiteral("the server is not running"),
                                            ErrorKind::Unavailable);
    Store *store = server->store();
    LocalSignIn result;
    auto user = store->userByName(name);
    if (!user) {
        QString error;
        user = store->createUser(name, displayName.isEmpty() ? name : displayName, {}, &error);
        if (!user)
            return Result<LocalSignIn>::failure(error, ErrorKind::Invalid);
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
