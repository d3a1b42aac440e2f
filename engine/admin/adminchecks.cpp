#include "adminchecks.h"

#include "core/usernames.h"
#include "storage/serverstore.h"
#include "storage/store.h"

#include <QTextStream>

namespace SmartFixer::AdminChecks {

QString usernameClash(const ServerStore &store, const QStringList &batch, const QString &name)
{
    if (const auto holder = store.userByCanonicalName(name); holder && holder->username != name)
        return QStringLiteral("\"%1\" is taken: it is the same as the existing user \"%2\" after"
                              " case folding")
            .arg(name, holder->username);
    const QString canonical = Names::canonicalUsername(name);
    for (const QString &other : batch) {
        if (other == name)
            break; // only the names before it: the first of two is reported with the second
        if (Names::canonicalUsername(other) == canonical)
            return QStringLiteral("\"%1\" and \"%2\" are the same name after case folding")
                .arg(other, name);
    }
    return QString();
}

QString passwordProblem(const QString &name, const QString &password)
{
    if (password.size() < MinPasswordChars)
        return QStringLiteral("--password-stdin: the password for \"%1\" is shorter than %2"
                              " characters")
            .arg(name)
            .arg(MinPasswordChars);
    if (password.size() > 1024)
        return QStringLiteral("--password-stdin: the password for \"%1\" is longer than 1024"
                              " characters")
            .arg(name);
    return QString();
}

QString revokeOtherTokens(ServerStore &store, const QList<qint64> &users, const QStringList &tokens)
{
    for (qsizetype i = 0; i < users.size() && i < tokens.size(); ++i) {
        // A name given twice keeps only its last fresh token.
        const auto revoked = store.revokeTokensOfUser(users.at(i), tokens.at(i));
        if (!revoked)
            return QStringLiteral("cannot revoke the other tokens of user %1: %2")
                .arg(users.at(i))
                .arg(revoked.error());
    }
    return QString();
}

void printUsernameCollisions(const Store &store, QTextStream &out)
{
    for (const QStringList &group : store.usernameCollisions()) {
        out << "warning: usernames equal after case folding: \"" << group.first()
            << "\" keeps the name; \"" << group.mid(1).join(QStringLiteral("\", \""))
            << "\" still sign in by their exact name, rename or remove them\n";
    }
}

} // namespace SmartFixer::AdminChecks
