#include "localcache.h"

#include "core/logging.h"

#include <QAtomicInt>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>

namespace SmartFixer {

namespace {

QAtomicInt connectionCounter;

QSqlDatabase database(const QString &name)
{
    return QSqlDatabase::database(name, false);
}

ChatMessage messageFromQuery(const QSqlQuery &q)
{
    ChatMessage m;
    m.id = q.value(0).toLongLong();
    m.clientId = q.value(1).toString();
    m.from = q.value(2).toLongLong();
    m.to = q.value(3).toLongLong();
    m.text = q.value(4).toString();
    if (!q.value(5).isNull())
        m.sentAtMs = q.value(5).toLongLong();
    m.delivery = ChatMessage::Delivery(q.value(6).toInt());
    m.error = q.value(7).toString();
    if (!q.value(8).isNull())
        m.deliveredAtMs = q.value(8).toLongLong();
    if (!q.value(9).isNull())
        m.readAtMs = q.value(9).toLongLong();
    return m;
}

constexpr const char *MessageColumns = "server_id, client_id, from_id, to_id, text, sent_at_ms, "
                                       "delivery, error, delivered_at_ms, read_at_ms";

std::optional<qint64> jsonTimeMs(const QJsonValue &v)
{
    if (v.isString())
        return parseIsoUtc(v.toString());
    if (v.isDouble())
        return v.toInteger();
    return std::nullopt;
}

} // namespace

Result<ChatMessage> ChatMessage::fromJson(const QJsonObject &o)
{
    ChatMessage m;
    m.id = o.value(QStringLiteral("id")).toInteger();
    m.from = o.value(QStringLiteral("from")).toInteger();
    m.to = o.value(QStringLiteral("to")).toInteger();
    m.text = o.value(QStringLiteral("text")).toString();
    m.clientId = o.value(QStringLiteral("client_id")).toString();
    m.sentAtMs = jsonTimeMs(o.value(QStringLiteral("sent_at")));
    m.deliveredAtMs = jsonTimeMs(o.value(QStringLiteral("delivered_at")));
    m.readAtMs = jsonTimeMs(o.value(QStringLiteral("read_at")));
    if (m.from <= 0 || m.to <= 0)
        return Result<ChatMessage>::failure(QStringLiteral("message without from/to"));
    m.delivery = Delivery::Received;
    return m;
}

QString LocalCache::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/client-cache.sqlite");
}

LocalCache::LocalCache()
    : m_connection(
        QStringLiteral("smartfixer-client-cache-%1").arg(connectionCounter.fetchAndAddRelaxed(1)))
{ }

LocalCache::~LocalCache()
{
    if (QSqlDatabase::contains(m_connection)) {
        database(m_connection).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

Result<bool> LocalCache::open(const QString &path)
{
    m_path = path;
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return Result<bool>::failure(QStringLiteral("cannot create folder ") + info.absolutePath());
    QSqlDatabase db = QSqlDatabase::contains(m_connection)
        ? database(m_connection)
        : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(path);
    if (!db.open())
        return Result<bool>::failure(
            QStringLiteral("cannot open cache %1: %2").arg(path, db.lastError().text()));
    const bool ok = exec(QStringLiteral("PRAGMA journal_mode=WAL"))
        && exec(QStringLiteral("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value "
                               "TEXT)"))
        && exec(QStringLiteral("CREATE TABLE IF NOT EXISTS contacts (user_id INTEGER PRIMARY "
                               "KEY, username TEXT, display_name TEXT, position INTEGER)"))
        && exec(QStringLiteral("CREATE TABLE IF NOT EXISTS presence (user_id INTEGER PRIMARY "
                               "KEY, json TEXT NOT NULL, received_at_ms INTEGER NOT NULL)"))
        // seq keeps the order in which messages were written: the offline queue is sent in it.
        && exec(QStringLiteral(
            "CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
            "server_id INTEGER, client_id TEXT UNIQUE, from_id INTEGER, to_id INTEGER, text "
            "TEXT, sent_at_ms INTEGER, delivery INTEGER, error TEXT)"))
        && exec(QStringLiteral("CREATE INDEX IF NOT EXISTS messages_peer ON messages (from_id, "
                               "to_id)"));
    if (!ok)
        return Result<bool>::failure(QStringLiteral("cannot create tables in ") + path);
    // Receipt columns (DESIGN.md §12) for caches written by an older build.
    {
        QSqlQuery columns(db);
        QStringList names;
        if (columns.exec(QStringLiteral("PRAGMA table_info(messages)"))) {
            while (columns.next())
                names << columns.value(1).toString();
        }
        for (const char *column : {"delivered_at_ms", "read_at_ms"}) {
            if (!names.contains(QLatin1String(column))
                && !exec(QStringLiteral("ALTER TABLE messages ADD COLUMN %1 INTEGER")
                             .arg(QLatin1String(column))))
                return Result<bool>::failure(QStringLiteral("cannot upgrade tables in ") + path);
        }
    }
    return true;
}

bool LocalCache::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && database(m_connection).isOpen();
}

QString LocalCache::path() const
{
    return m_path;
}

bool LocalCache::exec(const QString &sql) const
{
    QSqlQuery q(database(m_connection));
    if (!q.exec(sql)) {
        qCWarning(lcClient) << "cache:" << sql << q.lastError().text();
        return false;
    }
    return true;
}

QString LocalCache::meta(const QString &key) const
{
    if (!isOpen())
        return {};
    QSqlQuery q(database(m_connection));
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(key);
    if (q.exec() && q.next())
        return q.value(0).toString();
    return {};
}

void LocalCache::setMeta(const QString &key, const QString &value)
{
    if (!isOpen())
        return;
    QSqlQuery q(database(m_connection));
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"));
    q.addBindValue(key);
    q.addBindValue(value);
    if (!q.exec())
        qCWarning(lcClient) << "cache meta:" << q.lastError().text();
}

void LocalCache::clearAll()
{
    if (!isOpen())
        return;
    exec(QStringLiteral("DELETE FROM contacts"));
    exec(QStringLiteral("DELETE FROM presence"));
    exec(QStringLiteral("DELETE FROM messages"));
    exec(QStringLiteral("DELETE FROM meta"));
}

QList<ContactInfo> LocalCache::contacts() const
{
    QList<ContactInfo> out;
    if (!isOpen())
        return out;
    QSqlQuery q(database(m_connection));
    q.exec(QStringLiteral("SELECT user_id, username, display_name FROM contacts ORDER BY "
                          "position"));
    while (q.next())
        out.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString()});
    return out;
}

void LocalCache::setContacts(const QList<ContactInfo> &contacts)
{
    if (!isOpen())
        return;
    QSqlDatabase db = database(m_connection);
    db.transaction();
    exec(QStringLiteral("DELETE FROM contacts"));
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO contacts (user_id, username, display_name, "
                             "position) VALUES (?, ?, ?, ?)"));
    int position = 0;
    for (const ContactInfo &c : contacts) {
        q.addBindValue(c.userId);
        q.addBindValue(c.username);
        q.addBindValue(c.displayName);
        q.addBindValue(position++);
        q.exec();
    }
    db.commit();
}

QList<LocalCache::StoredPresence> LocalCache::presence() const
{
    QList<StoredPresence> out;
    if (!isOpen())
        return out;
    QSqlQuery q(database(m_connection));
    q.exec(QStringLiteral("SELECT json, received_at_ms FROM presence ORDER BY user_id"));
    while (q.next()) {
        const auto info
            = PresenceInfo::fromJson(QJsonDocument::fromJson(q.value(0).toByteArray()).object());
        if (info)
            out.append({info.value(), q.value(1).toLongLong()});
    }
    return out;
}

void LocalCache::storePresence(const PresenceInfo &info, qint64 receivedAtMs)
{
    if (!isOpen())
        return;
    QSqlQuery q(database(m_connection));
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO presence (user_id, json, received_at_ms) "
                             "VALUES (?, ?, ?)"));
    q.addBindValue(info.userId);
    q.addBindValue(QString::fromUtf8(QJsonDocument(info.toJson()).toJson(QJsonDocument::Compact)));
    q.addBindValue(receivedAtMs);
    if (!q.exec())
        qCWarning(lcClient) << "cache presence:" << q.lastError().text();
}

void LocalCache::storeMessage(const ChatMessage &m)
{
    if (!isOpen())
        return;
    QSqlDatabase db = database(m_connection);
    QSqlQuery find(db);
    std::optional<qint64> seq;
    if (!m.clientId.isEmpty()) {
        find.prepare(QStringLiteral("SELECT seq FROM messages WHERE client_id = ?"));
        find.addBindValue(m.clientId);
        if (find.exec() && find.next())
            seq = find.value(0).toLongLong();
    }
    if (!seq && m.id > 0) {
        find.prepare(QStringLiteral("SELECT seq FROM messages WHERE server_id = ?"));
        find.addBindValue(m.id);
        if (find.exec() && find.next())
            seq = find.value(0).toLongLong();
    }
    QSqlQuery q(db);
    if (seq) {
        // A receipt once known stays (a later copy without it may come from a server that
        // hides read_at now).
        q.prepare(QStringLiteral("UPDATE messages SET server_id = ?, client_id = ?, from_id = ?, "
                                 "to_id = ?, text = ?, sent_at_ms = ?, delivery = ?, error = ?, "
                                 "delivered_at_ms = COALESCE(?, delivered_at_ms), "
                                 "read_at_ms = COALESCE(?, read_at_ms) WHERE seq = ?"));
    } else {
        q.prepare(QStringLiteral("INSERT INTO messages (server_id, client_id, from_id, to_id, "
                                 "text, sent_at_ms, delivery, error, delivered_at_ms, read_at_ms) "
                                 "VALUES (?,?,?,?,?,?,?,?,?,?)"));
    }
    q.addBindValue(m.id > 0 ? QVariant(m.id) : QVariant());
    q.addBindValue(m.clientId.isEmpty() ? QVariant() : QVariant(m.clientId));
    q.addBindValue(m.from);
    q.addBindValue(m.to);
    q.addBindValue(m.text);
    q.addBindValue(m.sentAtMs ? QVariant(*m.sentAtMs) : QVariant());
    q.addBindValue(int(m.delivery));
    q.addBindValue(m.error);
    q.addBindValue(m.deliveredAtMs ? QVariant(*m.deliveredAtMs) : QVariant());
    q.addBindValue(m.readAtMs ? QVariant(*m.readAtMs) : QVariant());
    if (seq)
        q.addBindValue(*seq);
    if (!q.exec())
        qCWarning(lcClient) << "cache message:" << q.lastError().text();
}

QList<ChatMessage> LocalCache::history(UserId self, UserId peer, int limit) const
{
    QList<ChatMessage> out;
    if (!isOpen())
        return out;
    QSqlQuery q(database(m_connection));
    q.prepare(QStringLiteral("SELECT %1 FROM (SELECT *, COALESCE(server_id, 9.0e18) AS k FROM "
                             "messages WHERE (from_id = ? AND to_id = ?) OR (from_id = ? AND "
                             "to_id = ?) ORDER BY k DESC, seq DESC LIMIT ?) ORDER BY k, seq")
                  .arg(QLatin1String(MessageColumns)));
    q.addBindValue(self);
    q.addBindValue(peer);
    q.addBindValue(peer);
    q.addBindValue(self);
    q.addBindValue(limit);
    if (!q.exec())
        qCWarning(lcClient) << "cache history:" << q.lastError().text();
    while (q.next())
        out.append(messageFromQuery(q));
    return out;
}

QList<ChatMessage> LocalCache::outbox() const
{
    QList<ChatMessage> out;
    if (!isOpen())
        return out;
    QSqlQuery q(database(m_connection));
    q.prepare(QStringLiteral("SELECT %1 FROM messages WHERE delivery = ? ORDER BY seq")
                  .arg(QLatin1String(MessageColumns)));
    q.addBindValue(int(ChatMessage::Delivery::Queued));
    q.exec();
    while (q.next())
        out.append(messageFromQuery(q));
    return out;
}

std::optional<ChatMessage> LocalCache::messageByClientId(const QString &clientId) const
{
    if (!isOpen())
        return std::nullopt;
    QSqlQuery q(database(m_connection));
    q.prepare(QStringLiteral("SELECT %1 FROM messages WHERE client_id = ?")
                  .arg(QLatin1String(MessageColumns)));
    q.addBindValue(clientId);
    if (q.exec() && q.next())
        return messageFromQuery(q);
    return std::nullopt;
}

void LocalCache::claimUnsignedMessages(UserId self)
{
    if (!isOpen() || self <= 0)
        return;
    QSqlQuery q(database(m_connection));
    q.prepare(QStringLiteral("UPDATE messages SET from_id = ? WHERE from_id = 0"));
    q.addBindValue(self);
    if (!q.exec())
        qCWarning(lcClient) << "cache claim:" << q.lastError().text();
}

void LocalCache::setDelivered(qint64 id, qint64 ms)
{
    if (!isOpen() || id <= 0)
        return;
    QSqlQuery q(database(m_connection));
    q.prepare(QStringLiteral("UPDATE messages SET delivered_at_ms = ? WHERE server_id = ? AND "
                             "delivered_at_ms IS NULL"));
    q.addBindValue(ms);
    q.addBindValue(id);
    if (!q.exec())
        qCWarning(lcClient) << "cache delivered:" << q.lastError().text();
}

void LocalCache::setReadUpTo(UserId from, UserId to, qint64 upTo, qint64 ms)
{
    if (!isOpen())
        return;
    QSqlQuery q(database(m_connection));
    q.prepare(QStringLiteral("UPDATE messages SET read_at_ms = ?, delivered_at_ms = "
                             "COALESCE(delivered_at_ms, ?) WHERE from_id = ? AND to_id = ? AND "
                             "server_id <= ? AND read_at_ms IS NULL"));
    q.addBindValue(ms);
    q.addBindValue(ms);
    q.addBindValue(from);
    q.addBindValue(to);
    q.addBindValue(upTo);
    if (!q.exec())
        qCWarning(lcClient) << "cache read:" << q.lastError().text();
}

std::optional<ChatMessage> LocalCache::messageById(qint64 id) const
{
    if (!isOpen())
        return std::nullopt;
    QSqlQuery q(database(m_connection));
    q.prepare(QStringLiteral("SELECT %1 FROM messages WHERE server_id = ?")
                  .arg(QLatin1String(MessageColumns)));
    q.addBindValue(id);
    if (q.exec() && q.next())
        return messageFromQuery(q);
    return std::nullopt;
}

} // namespace SmartFixer
