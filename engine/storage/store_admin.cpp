// Store's admin operations for "smartfixer-server user list|remove|passwd" (issue 11 item 12)
// and the owner-only permissions of a new SQLite file.
#include "core/logging.h"
#include "sqldialect_p.h"
#include "store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace SmartFixer {

Result<bool> Store::removeUser(UserId id)
{
    if (!isOpen())
        return Result<bool>::failure(QStringLiteral("database is not open"),
                                     ErrorKind::Unavailable);
    QSqlDatabase d = db();
    QString err;
    if (!begin(d, &err))
        return Result<bool>::failure(err, ErrorKind::Internal);
    // Messages reference users without ON DELETE CASCADE (history is never lost by accident);
    // removing an account removes its conversations on purpose.
    const QStringList statements = {
        QStringLiteral("DELETE FROM messages WHERE sender_id = ? OR recipient_id = ?"),
        QStringLiteral("DELETE FROM contacts WHERE owner_id = ? OR contact_id = ?"),
        QStringLiteral("DELETE FROM access_tokens WHERE user_id = ? OR user_id = ?"),
        QStringLiteral("DELETE FROM read_receipts_off WHERE user_id = ? OR user_id = ?"),
        QStringLiteral("DELETE FROM ") + m_users + QStringLiteral(" WHERE id = ? OR id = ?"),
    };
    int removed = 0;
    for (const QString &sql : statements) {
        QSqlQuery q(d);
        q.prepare(sql);
        q.addBindValue(id);
        q.addBindValue(id);
        if (!q.exec()) {
            err = q.lastError().text();
            q.finish();
            rollback(d);
            return Result<bool>::failure(QStringLiteral("cannot remove user: ") + err,
                                         ErrorKind::Internal);
        }
        removed = q.numRowsAffected();
    }
    if (!commit(d, &err)) {
        rollback(d);
        return Result<bool>::failure(err, ErrorKind::Internal);
    }
    m_pendingActivity.remove(id);
    m_pendingOnline.remove(id);
    return removed > 0;
}

Result<bool> Store::setPassword(UserId id, const QString &password)
{
    if (!isOpen())
        return Result<bool>::failure(QStringLiteral("database is not open"),
                                     ErrorKind::Unavailable);
    if (password.isEmpty())
        return Result<bool>::failure(QStringLiteral("empty password"), ErrorKind::Invalid);
    const QString hash = hashPassword(password);
    if (hash.isEmpty())
        return Result<bool>::failure(QStringLiteral("cannot hash the password"),
                                     ErrorKind::Internal);
    QSqlQuery q(db());
    q.prepare(QStringLiteral("UPDATE ") + m_users
              + QStringLiteral(" SET password_hash = ? WHERE id = ?"));
    q.addBindValue(hash);
    q.addBindValue(id);
    if (!q.exec())
        return Result<bool>::failure(q.lastError().text(), ErrorKind::Internal);
    return q.numRowsAffected() > 0;
}

void Store::restrictNewSqliteFile() const
{
    if (m_url.isPostgres() || m_url.path.isEmpty() || m_url.path == QLatin1String(":memory:"))
        return;
    // The database holds password hashes and token hashes: only its owner may read it. SQLite
    // gives its -wal and -shm files the permissions of the database file.
    const QFileInfo info(m_url.path);
    if (info.exists())
        return;
    QFile file(m_url.path);
    if (file.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
        file.close();
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
}

} // namespace SmartFixer
