#pragma once
// Upgrade of a database of the previous SmartFixer version (DESIGN.md §5): a "users" table, or
// Flask-SQLAlchemy's default "user", without last_active/is_online. Both are upgraded in place
// (the columns are added to the existing table). Never drops a row or a column; running it
// again changes nothing. SQLite files only: PostgreSQL is reached by "migrate --from".
#include "core/result.h"

#include <QString>
#include <QStringList>

namespace SmartFixer {

class Clock;

//! What migrateLegacyDatabase() found and did.
struct LegacyMigrationReport
{
    bool changed = false; //!< false: the database was already migrated; nothing was written
    QString legacyTable; //!< "users" or "user" (empty when nothing was migrated)
    //! New "user" rows were copied into "users" (only for a database that an earlier build
    //! migrated by copying; today "user" is upgraded in place)
    bool copiedIntoUsers = false;
    int users = 0; //!< rows migrated (or copied)
    QStringList addedColumns; //!< our columns that were added to the legacy table
    int lastActiveSet = 0; //!< rows that got a last_active from last_login/created_at
    QString lastActiveSource; //!< e.g. "last_login, else created_at"
    QStringList warnings; //!< e.g. timestamps that could not be read
    QString backupPath; //!< copy of the file taken before any change
    int schemaVersion = 0; //!< recorded schema version afterwards

    //! One line for the admin, e.g. `migrated 3 users in table "user": added last_active, …`.
    QString summary() const;
};

//! Upgrades the SQLite file at \a path in one transaction, after taking a backup next to it
//! (PATH.pre-migrate-YYYYMMDDTHHMMSS.bak). Fails, writing nothing, for a missing file, a file
//! that is not SQLite, a corrupt file and a database without a users table. After success the
//! file is at schema version 1 and Store::open() applies any later migrations.
Result<LegacyMigrationReport> migrateLegacyDatabase(const QString &path, Clock *clock);

} // namespace SmartFixer
