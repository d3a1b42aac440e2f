// Schema migration 2 (issue 14 item 5): users.username_normalized, the canonical form of the
// username (NFKC + case folding, Names::canonicalUsername()), with a unique index, so that
// "Alice" cannot be created next to "alice" by any path (REST, "user add", two servers
// racing). The canonical form needs Unicode tables SQL does not have, so it is computed here
// row by row. Existing accounts that collide are not an error: the oldest (lowest id) holds the
// name, the others keep working with a NULL normalized name, and the migration reports each
// group in the log (and Store::usernameCollisions() lists them for "migrate").
#include "schema_p.h"

#include "core/logging.h"
#include "core/usernames.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

namespace SmartFixer::Schema {

QString usersTableIn(const QStringList &tables)
{
    // The table Store uses: "users", or the legacy Flask "user" upgraded in place.
    return !tables.contains(QStringLiteral("users")) && tables.contains(QStringLiteral("user"))
        ? QStringLiteral("user")
        : QStringLiteral("users");
}

bool fillNormalizedUsernames(QSqlDatabase &db, const QString &usersTable, QString *error)
{
    const QString t = quoted(usersTable);
    struct Row
    {
        qint64 id;
        QString name;
        QString normalized; // null: not set yet
    };
    QList<Row> rows;
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT id, username, username_normalized FROM %1 ORDER BY id")
                        .arg(t))) {
            *error = q.lastError().text();
            return false;
        }
        while (q.next())
            rows.append({q.value(0).toLongLong(), q.value(1).toString(),
                         q.value(2).isNull() ? QString() : q.value(2).toString()});
    }
    QHash<QString, qsizetype> holder; // canonical name -> index in rows of its holder
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (!rows.at(i).normalized.isNull())
            holder.insert(rows.at(i).normalized, i);
    }
    QHash<QString, QStringList> collisions; // canonical name -> the others, "name (id N)"
    QSqlQuery update(db);
    if (!update.prepare(
            QStringLiteral("UPDATE %1 SET username_normalized = ? WHERE id = ?").arg(t))) {
        *error = update.lastError().text();
        return false;
    }
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (!rows.at(i).normalized.isNull())
            continue;
        const QString canonical = Names::canonicalUsername(rows.at(i).name);
        if (holder.contains(canonical)) {
            collisions[canonical]
                << QStringLiteral("\"%1\" (id %2)").arg(rows.at(i).name).arg(rows.at(i).id);
            continue;
        }
        holder.insert(canonical, i);
        update.addBindValue(canonical);
        update.addBindValue(rows.at(i).id);
        if (!update.exec()) {
            *error = update.lastError().text();
            return false;
        }
    }
    update.finish();
    for (auto it = collisions.cbegin(); it != collisions.cend(); ++it) {
        const Row &first = rows.at(holder.value(it.key()));
        qCWarning(lcStore).noquote()
            << QStringLiteral("usernames that are the same after case folding: \"%1\" (id %2)"
                              " keeps the name; %3 still sign in but should be renamed or"
                              " removed (no new account can take this name)")
                   .arg(first.name)
                   .arg(first.id)
                   .arg(it.value().join(QStringLiteral(", ")));
    }
    return true;
}

bool addNormalizedUsernames(QSqlDatabase &db, const QString &usersTable, QString *error)
{
    const QString t = quoted(usersTable);
    return exec(db, QStringLiteral("ALTER TABLE %1 ADD COLUMN username_normalized TEXT").arg(t),
                error)
        && fillNormalizedUsernames(db, usersTable, error)
        && exec(db,
                QStringLiteral("CREATE UNIQUE INDEX users_username_normalized ON %1"
                               "(username_normalized)")
                    .arg(t),
                error);
}

} // namespace SmartFixer::Schema
