#include "privacy.h"

namespace SmartFixer {

QString visibilityName(Visibility visibility)
{
    switch (visibility) {
    case Visibility::Everyone:
        return QStringLiteral("everyone");
    case Visibility::Contacts:
        return QStringLiteral("contacts");
    case Visibility::Nobody:
        return QStringLiteral("nobody");
    }
    return QStringLiteral("nobody");
}

std::optional<Visibility> visibilityFromName(QStringView name)
{
    for (auto v : {Visibility::Everyone, Visibility::Contacts, Visibility::Nobody}) {
        if (name == visibilityName(v))
            return v;
    }
    return std::nullopt;
}

bool maySeePresence(UserId owner, Visibility ownerVisibility, const QSet<UserId> &ownerContacts,
                    UserId viewer)
{
    if (viewer <= 0)
        return false;
    if (viewer == owner)
        return true;
    switch (ownerVisibility) {
    case Visibility::Everyone:
        return true;
    case Visibility::Contacts:
        return ownerContacts.contains(viewer);
    case Visibility::Nobody:
        return false;
    }
    return false;
}

} // namespace SmartFixer
