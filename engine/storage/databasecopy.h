#pragma once
// Moving a deployment (DESIGN.md §9): "smartfixer-server migrate --db postgresql://… --from
// PATH" copies an SQLite database of this or the previous version into PostgreSQL with the
// same ids. Idempotent; refuses a target that holds other data; the source is never changed.
#include "core/result.h"
#include "databaseurl.h"

#include <QString>
#include <QStringList>

namespace SmartFixer {

class Clock;

struct DatabaseCopyReport
{
    int users = 0; //!< rows copied this run (0 on a repeated run)
    int contacts = 0;
    int tokens = 0;
    int messages = 0;
    int settings = 0; //!< read_receipts_off rows (the read-receipts switch, DESIGN.md §12)
    int sourceUsers = 0; //!< rows the source has
    QString sourceTable; //!< "users", or "user" for a Flask-SQLAlchemy database
    bool legacySource = false; //!< the source was of the previous version (upgraded in a copy)
    int schemaVersion = 0; //!< of the target afterwards

    bool changed() const { return users + contacts + tokens + messages + settings > 0; }
    //! One line for the admin.
    QString summary(const QString &from, const DatabaseUrl &to) const;
};

//! Copies the SQLite file \a sqlitePath into the database \a target (PostgreSQL), keeping ids,
//! and moves the target's id sequences past them. Kinds: NotFound/Invalid (source missing or
//! not a SmartFixer/legacy database), Conflict (the target holds other data), Unavailable
//! (target unreachable), Internal.
Result<DatabaseCopyReport> copySqliteInto(const QString &sqlitePath, const DatabaseUrl &target,
                                          Clock *clock);

} // namespace SmartFixer
