#pragma once
// The hardening checks of the admin commands (issue 14), apart from admincommands.cpp so that
// the commands themselves stay easy to merge: case-insensitive name clashes for "user add",
// the password minimum of "--password-stdin", collisions that migration 2 found.
#include <QString>
#include <QStringList>

QT_BEGIN_NAMESPACE
class QTextStream;
QT_END_NAMESPACE

namespace SmartFixer {

class ServerStore;
class Store;

namespace AdminChecks {

//! Shortest password "user add --password-stdin" accepts (UTF-16 units), as the server's
//! --min-password-length default.
constexpr int MinPasswordChars = 8;

//! Why \a name cannot be added next to the accounts of \a store and the other names of
//! \a batch because it equals one after NFKC + case folding; empty when it can.
QString usernameClash(const ServerStore &store, const QStringList &batch, const QString &name);
//! Why \a password is refused for \a name; empty when it is long enough.
QString passwordProblem(const QString &name, const QString &password);
//! "user token --revoke-others": revokes every token of users.at(i) but tokens.at(i) (the one
//! just issued); empty, or what failed.
QString revokeOtherTokens(ServerStore &store, const QList<qint64> &users,
                          const QStringList &tokens);
//! Prints one "warning:" line per group of accounts equal after case folding (migration 2).
void printUsernameCollisions(const Store &store, QTextStream &out);

} // namespace AdminChecks
} // namespace SmartFixer
