#pragma once
// Private to engine/storage: the message row helpers that store.cpp and
// store_conversations.cpp share.
#include "serverstore.h"

#include <QSqlQuery>
#include <QString>

namespace SmartFixer::StoreRows {

//! The columns messageFromQuery() reads, in its order.
QString messageColumns();
MessageRow messageFromQuery(const QSqlQuery &q);

} // namespace SmartFixer::StoreRows
