#pragma once
// StoreDirectory: the PresenceDirectory over the ServerStore (SQLite or PostgreSQL), with in-memory
// caches of visibility and contact lists (the fan-out asks for them on every state change). Whoever
// changes a user's visibility or contacts through the Store calls invalidate().
#include "server/presencehub.h"

#include <QHash>
#include <QSet>

namespace SmartFixer {

class ServerStore;

class StoreDirectory final : public PresenceDirectory
{
public:
    explicit StoreDirectory(ServerStore *store) : m_store(store) { }

    bool userExists(UserId user) const override;
    std::optional<qint64> storedLastActive(UserId user) const override;
    Visibility visibility(UserId user) const override;
    QSet<UserId> contactsOf(UserId user) const override;
    void recordActivity(UserId user, qint64 ms) override;
    void setOnline(UserId user, bool online) override;
    ManualStatus storedManualStatus(UserId user) const override;
    void storeManualStatus(UserId user, const ManualStatus &status) override;
    void storeExpiredManualStatus(UserId user, qint64 expiresAtMs,
                                  const ManualStatus &status) override;

    //! Forget what is cached about \a user (after a visibility or contact change).
    void invalidate(UserId user);
    //! Forget everything cached (changes may have been missed, e.g. on the cluster bus).
    void invalidateAll();

private:
    struct Cached
    {
        bool exists = false;
        Visibility visibility = Visibility::Everyone;
        std::optional<qint64> lastActiveMs;
    };
    const Cached &load(UserId user) const;

    ServerStore *m_store;
    mutable QHash<UserId, Cached> m_users;
    mutable QHash<UserId, QSet<UserId>> m_contacts;
};

} // namespace SmartFixer
