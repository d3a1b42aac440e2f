// Store: losing the database server and getting it back (issue 9 item 1). SQLite never loses
// its connection (SqliteDialect::isConnectionLost() is always false), so none of this runs for
// it. PostgreSQL that restarts (or a network in between that drops) shows as a failed query;
// from then on the store is "unavailable": isOpen() is false, so every call fails at once with
// Unavailable instead of touching the dead connection, buffered presence writes are kept, and
// a timer reopens the connection with backoff. The prepared statements of reused() belong to
// the old server session, so they are dropped and prepared again on first use.
#include "core/logging.h"
#include "sqldialect_p.h"
#include "store.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <chrono>

namespace SmartFixer {

namespace {

// Reconnect delays (ms): the first attempt soon after the loss, doubling up to the cap. Each
// attempt is one connect bounded by the URL's connect_timeout (default 5 s; a refused or
// missing server fails at once).
constexpr int FirstReconnectDelayMs = 100;
constexpr int MaxReconnectDelayMs = 2000;
// checkConnection() runs its query at most this often (ms): /healthz may be polled hard.
constexpr qint64 CheckIntervalMs = 250;

qint64 steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

} // namespace

ErrorKind Store::noteDatabaseError(const QSqlError &error) const
{
    if (!m_dialect || !m_dialect->isConnectionLost(error))
        return ErrorKind::Internal;
    // Called from const lookups too: the state of the connection is not the data's.
    const_cast<Store *>(this)->markLost(error.text());
    return ErrorKind::Unavailable;
}

QString Store::unavailableReason() const
{
    return m_lost ? QStringLiteral("database %1 unavailable: %2").arg(m_url.display(), m_lostReason)
                  : QString();
}

bool Store::checkConnection()
{
    if (m_lost)
        return false;
    if (!m_url.isPostgres() || !isOpen())
        return isOpen();
    const qint64 now = steadyMs();
    if (m_lastCheckMs != 0 && now - m_lastCheckMs < CheckIntervalMs)
        return true;
    m_lastCheckMs = now;
    QSqlQuery q(db());
    if (!q.exec(QStringLiteral("SELECT 1"))) {
        const QSqlError error = q.lastError();
        q.finish();
        noteDatabaseError(error);
        return !m_lost;
    }
    return true;
}

void Store::markLost(const QString &why)
{
    if (m_lost)
        return;
    m_lost = true;
    ++m_losses;
    m_lostReason = why.trimmed().isEmpty() ? QStringLiteral("connection lost") : why.trimmed();
    m_flushTimer.stop(); // reconnect() flushes
    qCWarning(lcStore).noquote() << "lost the connection to" << m_url.display() << "("
                                 << m_lostReason << "); reconnecting,"
                                 << m_pendingActivity.size() + m_pendingOnline.size()
                                 << "buffered presence writes kept";
    m_reconnectDelayMs = FirstReconnectDelayMs;
    m_reconnectTimer.start(m_reconnectDelayMs);
    Q_EMIT availabilityChanged(false);
}

void Store::reconnect()
{
    if (!m_lost || !QSqlDatabase::contains(m_connectionName))
        return;
    // They are prepared on the old session: PostgreSQL forgot them with it.
    m_statements.clear();
    QString err;
    bool ok = false;
    {
        QSqlDatabase d = db();
        d.close();
        if (!d.open()) {
            err = d.lastError().text();
        } else if (!m_dialect->afterOpen(d, &err)) {
            d.close();
        } else {
            QSqlQuery q(d);
            ok = q.exec(QStringLiteral("SELECT 1"));
            if (!ok)
                err = q.lastError().text();
        }
    }
    if (!ok) {
        m_lostReason = err.trimmed().isEmpty() ? m_lostReason : err.trimmed();
        m_reconnectDelayMs = std::min(MaxReconnectDelayMs, m_reconnectDelayMs * 2);
        qCDebug(lcStore).noquote() << "reconnect to" << m_url.display() << "failed:" << err
                                   << "- next attempt in" << m_reconnectDelayMs << "ms";
        m_reconnectTimer.start(m_reconnectDelayMs);
        return;
    }
    m_lost = false;
    m_lostReason.clear();
    m_reconnectDelayMs = 0;
    m_lastCheckMs = steadyMs();
    qCInfo(lcStore).noquote() << "reconnected to" << m_url.display();
    Q_EMIT availabilityChanged(true);
    // What the outage kept in the buffer goes out now (flush() retries on its own if not).
    flush();
}

} // namespace SmartFixer
