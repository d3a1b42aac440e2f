#pragma once
// Who may see whose presence (DESIGN.md §3), as a pure function.
#include "presence.h"

#include <QSet>
#include <QString>
#include <optional>

namespace SmartFixer {

enum class Visibility { Everyone, Contacts, Nobody };

//! The wire/database name: "everyone", "contacts", "nobody".
QString visibilityName(Visibility visibility);
std::optional<Visibility> visibilityFromName(QStringView name);

//! May \a viewer see \a owner's presence? Owners always see themselves; an unauthenticated
//! viewer (id <= 0) sees nobody; "contacts" means the viewer is on the owner's contact list.
bool maySeePresence(UserId owner, Visibility ownerVisibility, const QSet<UserId> &ownerContacts,
                    UserId viewer);

} // namespace SmartFixer
