// Store: the batch token check behind the running server's re-check of its live connections
// (TokenStore::validTokens).
#include "core/clock.h"
#include "core/logging.h"
#include "core/presenceinfo.h"
#include "store.h"

#include <QCryptographicHash>
#include <QSqlError>
#include <QSqlQuery>

namespace SmartFixer {

Result<QSet<QString>> Store::validTokens(const QStringList &tokens) const
{
    using R = Result<QSet<QString>>;
    if (!isOpen())
        return R::failure(QStringLiteral("the database is not open"), ErrorKind::Unavailable);
    QSet<QString> valid;
    const qint64 now = m_clock ? m_clock->nowMs() : QDateTime::currentMSecsSinceEpoch();
    for (qsizetype from = 0; from < tokens.size(); from += ValidTokensBatch) {
        const QStringList batch = tokens.mid(from, ValidTokensBatch);
        QHash<QString, QString> byHash; // SHA-256 hex (as stored) → token
        for (const QString &t : batch)
            byHash.insert(
                QString::fromLatin1(
                    QCryptographicHash::hash(t.toUtf8(), QCryptographicHash::Sha256).toHex()),
                t);
        QString marks;
        for (qsizetype i = 0; i < byHash.size(); ++i)
            marks += i ? QStringLiteral(", ?") : QStringLiteral("?");
        QSqlQuery q(db());
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT token_hash, created_at FROM access_tokens WHERE"
                                 " token_hash IN (")
                  + marks + QStringLiteral(")"));
        for (auto it = byHash.cbegin(); it != byHash.cend(); ++it)
            q.addBindValue(it.key());
        if (!q.exec())
            return R::failure(q.lastError().text(), ErrorKind::Unavailable);
        while (q.next()) {
            if (m_tokenPolicy.lifetimeMs > 0) {
                // Expired ones are refused (and deleted) at their next use, as userForToken does.
                const auto created = parseIsoUtc(q.value(1).toString());
                if (!created || now - *created >= m_tokenPolicy.lifetimeMs)
                    continue;
            }
            valid.insert(byHash.value(q.value(0).toString()));
        }
    }
    return valid;
}

} // namespace SmartFixer
