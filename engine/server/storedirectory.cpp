#include "storedirectory.h"

#include "storage/serverstore.h"

namespace SmartFixer {

const StoreDirectory::Cached &StoreDirectory::load(UserId user) const
{
    auto it = m_users.constFind(user);
    if (it != m_users.cend())
        return *it;
    Cached cached;
    if (user > 0) {
        if (const auto row = m_store->userById(user)) {
            cached.exists = true;
            cached.visibility = row->visibility;
            cached.lastActiveMs = row->lastActiveMs;
        }
    }
    // Unknown ids are not cached: an account created later must be found.
    if (!cached.exists) {
        static const Cached missing;
        return missing;
    }
    return *m_users.insert(user, cached);
}

bool StoreDirectory::userExists(UserId user) const
{
    return load(user).exists;
}

std::optional<qint64> StoreDirectory::storedLastActive(UserId user) const
{
    return load(user).lastActiveMs;
}

Visibility StoreDirectory::visibility(UserId user) const
{
    return load(user).visibility;
}

QSet<UserId> StoreDirectory::contactsOf(UserId user) const
{
    auto it = m_contacts.constFind(user);
    if (it != m_contacts.cend())
        return *it;
    const QList<UserId> list = m_store->contactsOf(user);
    if (!m_store->unavailableReason().isEmpty()) {
        // The database is gone (reconnecting): an empty answer is "could not look", which
        // must not stick in the cache.
        static const QSet<UserId> none;
        return none;
    }
    return *m_contacts.insert(user, QSet<UserId>(list.cbegin(), list.cend()));
}

void StoreDirectory::recordActivity(UserId user, qint64 ms)
{
    m_store->recordActivity(user, ms);
    auto it = m_users.find(user);
    if (it != m_users.end())
        it->lastActiveMs = ms;
}

void StoreDirectory::setOnline(UserId user, bool online)
{
    m_store->setOnline(user, online);
}

ManualStatus StoreDirectory::storedManualStatus(UserId user) const
{
    return m_store->manualStatus(user);
}

void StoreDirectory::storeManualStatus(UserId user, const ManualStatus &status)
{
    m_store->setManualStatus(user, status);
}

void StoreDirectory::storeExpiredManualStatus(UserId user, qint64 expiresAtMs,
                                              const ManualStatus &status)
{
    m_store->setManualStatus(user, status, expiresAtMs);
}

void StoreDirectory::invalidate(UserId user)
{
    m_users.remove(user);
    m_contacts.remove(user);
}

void StoreDirectory::invalidateAll()
{
    m_users.clear();
    m_contacts.clear();
}

} // namespace SmartFixer
