#pragma once
// The account an app that embeds the server signs in as (smartfixer --host): created on first
// use as a token-only account, then a fresh access token each start. Keeps the UI away from
// the storage layer.
#include "core/result.h"

#include <QString>

namespace SmartFixer {

class PresenceServer;

struct LocalSignIn
{
    qint64 userId = 0;
    QString token;
    bool created = false; //!< the account did not exist before
};

//! \a name: a valid user name (the server's rules); \a displayName: shown to others (empty =
//! the name). Invalid for a bad name, Internal when the database fails.
Result<LocalSignIn> signInLocally(PresenceServer *server, const QString &name,
                                  const QString &displayName = {});

} // namespace SmartFixer
