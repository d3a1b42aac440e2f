#include "usercommands_p.h"

#include "storage/store.h"

#include <QIODevice>
#include <QSet>
#include <QTextStream>

namespace SmartFixer::AdminUsers {

namespace {
constexpr int ExitOk = 0;
constexpr int ExitFailed = 1;
constexpr int MaxPasswordBytes = 4096; // one line of stdin

int fail(QTextStream &err, const QString &command, const QString &message)
{
    err << "smartfixer-server " << command << ": " << message << '\n';
    err.flush();
    return ExitFailed;
}

// Control characters in a stored name must not reach a terminal raw.
QString printable(QString text)
{
    for (QChar &c : text) {
        if (c.category() == QChar::Other_Control || c == QLatin1Char('\t'))
            c = QChar(0xfffd);
    }
    return text;
}
} // namespace

bool isUserSubcommand(const QString &sub)
{
    return sub == QLatin1String("list") || sub == QLatin1String("remove")
        || sub == QLatin1String("passwd");
}

int list(Store &store, QTextStream &out)
{
    const QList<UserRow> users = store.allUsers();
    for (const UserRow &u : users) {
        out << u.id << '\t' << printable(u.username) << '\t' << printable(u.displayName) << '\t'
            << (u.hasPassword ? "password" : "token-only") << '\n';
    }
    out.flush();
    return ExitOk;
}

int remove(const QStringList &names, Store &store, QTextStream &out, QTextStream &err)
{
    const QString command = QStringLiteral("user remove");
    QList<UserRow> rows;
    QSet<QString> seen;
    for (const QString &name : names) {
        const auto row = store.userByName(name);
        if (!row)
            return fail(err, command, QStringLiteral("unknown user \"%1\"").arg(name.left(80)));
        if (seen.contains(name))
            return fail(err, command, QStringLiteral("\"%1\" is given twice").arg(name));
        seen.insert(name);
        rows.append(*row);
    }
    for (const UserRow &row : std::as_const(rows)) {
        const auto removed = store.removeUser(row.id);
        if (!removed)
            return fail(err, command, removed.error());
        out << "removed " << row.username << " (id " << row.id << ")\n";
    }
    out << "database: " << store.description() << '\n';
    out.flush();
    return ExitOk;
}

int passwd(const QString &name, Store &store, QTextStream &out, QTextStream &err, QIODevice *in)
{
    const QString command = QStringLiteral("user passwd");
    const auto row = store.userByName(name);
    if (!row)
        return fail(err, command, QStringLiteral("unknown user \"%1\"").arg(name.left(80)));
    if (!in || !in->isReadable())
        return fail(err, command, QStringLiteral("--password-stdin: stdin cannot be read"));
    QByteArray line = in->readLine(MaxPasswordBytes + 2);
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    if (line.isEmpty())
        return fail(err, command, QStringLiteral("--password-stdin: no password on stdin"));
    if (line.size() > MaxPasswordBytes)
        return fail(err, command,
                    QStringLiteral("--password-stdin: longer than %1 bytes").arg(MaxPasswordBytes));
    const auto set = store.setPassword(row->id, QString::fromUtf8(line));
    if (!set)
        return fail(err, command, set.error());
    out << "password of " << row->username << " (id " << row->id << ") changed\n";
    out.flush();
    return ExitOk;
}

} // namespace SmartFixer::AdminUsers
