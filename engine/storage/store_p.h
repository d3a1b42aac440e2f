#pragma once
// Private to engine/storage: what store.cpp, store_conversations.cpp and store_status.cpp
// share (reused statements, message rows).
#include "serverstore.h"
#include "store.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QString>

namespace SmartFixer {

//! Finishes a statement from Store::reused() when the scope ends, on every return path, and
//! reports a failed query's error (a lost connection starts the reconnect).
class ReusedQuery
{
public:
    ReusedQuery(const Store *store, QSqlQuery &q) : m_store(store), m_q(q) { }
    ~ReusedQuery()
    {
        const QSqlError error = m_q.lastError();
        m_q.finish();
        if (error.isValid())
            m_store->noteDatabaseError(error);
    }
    ReusedQuery(const ReusedQuery &) = delete;
    ReusedQuery &operator=(const ReusedQuery &) = delete;
    QSqlQuery *operator->() const { return &m_q; }
    QSqlQuery &operator*() const { return m_q; }

private:
    const Store *m_store;
    QSqlQuery &m_q;
};

} // namespace SmartFixer

namespace SmartFixer::StoreRows {

//! The columns messageFromQuery() reads, in its order.
QString messageColumns();
MessageRow messageFromQuery(const QSqlQuery &q);

} // namespace SmartFixer::StoreRows
