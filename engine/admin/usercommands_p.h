#pragma once
// Private to engine/admin: "user list", "user remove NAME…" and "user passwd NAME
// --password-stdin" (issue 11 item 12), kept apart from admincommands.cpp.
#include <QStringList>

QT_BEGIN_NAMESPACE
class QIODevice;
class QTextStream;
QT_END_NAMESPACE

namespace SmartFixer {

class Store;

namespace AdminUsers {

//! "ID<TAB>USERNAME<TAB>DISPLAY NAME<TAB>password|token-only", one line per user, by id.
int list(Store &store, QTextStream &out);
//! Removes each NAME (its contacts, tokens and messages too); checks all names first.
int remove(const QStringList &names, Store &store, QTextStream &out, QTextStream &err);
//! Sets the password of \a name from the first line of \a in.
int passwd(const QString &name, Store &store, QTextStream &out, QTextStream &err, QIODevice *in);
//! "list", "remove", "passwd".
bool isUserSubcommand(const QString &sub);

} // namespace AdminUsers
} // namespace SmartFixer
