// Migration step of DESIGN.md §12 (receipts, unread, search), the same SQL for SQLite and
// PostgreSQL: both keep timestamps as ISO 8601 UTC text.
#include "schema_p.h"

namespace SmartFixer::Schema {

bool addConversationColumns(QSqlDatabase &db, QString *error)
{
    const QStringList statements = {
        QStringLiteral("ALTER TABLE messages ADD COLUMN delivered_at TEXT"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN read_at TEXT"),
        // What was stored before receipts existed counts as delivered and read when it was
        // sent: nobody gets a flood of receipts or thousands of "unread" after the upgrade.
        QStringLiteral("UPDATE messages SET delivered_at = sent_at, read_at = sent_at"),
        // Small partial indexes: only the messages that still wait for a receipt are in them.
        QStringLiteral("CREATE INDEX messages_undelivered ON messages(recipient_id, id)"
                       " WHERE delivered_at IS NULL"),
        QStringLiteral("CREATE INDEX messages_unread ON messages(recipient_id, sender_id, id)"
                       " WHERE read_at IS NULL"),
        // The received half of the conversations list (the sent half uses
        // messages_by_conversation).
        QStringLiteral("CREATE INDEX messages_by_recipient ON messages(recipient_id, id)"),
        // read_receipts is on by default: a row here means the user turned it off. No foreign
        // key, so that it works next to a legacy "user" table too; removing a user deletes it.
        QStringLiteral("CREATE TABLE read_receipts_off (user_id BIGINT PRIMARY KEY)"),
    };
    for (const QString &sql : statements) {
        if (!exec(db, sql, error))
            return false;
    }
    return true;
}

} // namespace SmartFixer::Schema
