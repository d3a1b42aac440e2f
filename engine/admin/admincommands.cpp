#include "admincommands.h"

#include "admin/adminchecks.h"
#include "usercommands_p.h"

#include "core/clock.h"
#include "core/logging.h"
#include "storage/databasecopy.h"
#include "storage/databaseurl.h"
#include "storage/legacymigration.h"
#include "storage/store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QIODevice>
#include <QLoggingCategory>
#include <QSet>
#include <QStandardPaths>
#include <QTextStream>

namespace SmartFixer {

namespace {

// Exit codes: 0 success, 1 the command failed (bad database, unknown user…), 2 bad usage.
constexpr int ExitOk = 0;
constexpr int ExitFailed = 1;
constexpr int ExitUsage = 2;

const char *const MigrateHelp
    = "Usage: smartfixer-server migrate [--db DATABASE]\n"
      "       smartfixer-server migrate --db postgresql://... --from PATH\n"
      "\n"
      "Upgrades a database of the previous SmartFixer version in place: a \"users\" table (or\n"
      "Flask-SQLAlchemy's \"user\") without last_active/is_online. Adds the columns to that\n"
      "table, sets last_active per user from last_login, else created_at (zone-less times are\n"
      "UTC), sets is_online to 0 and creates the other SmartFixer tables. Nothing is ever\n"
      "dropped; a backup PATH.pre-migrate-<time>.bak is written first; running it again changes\n"
      "nothing. On PostgreSQL it applies the numbered schema migrations.\n"
      "\n"
      "With --from, copies the SQLite database PATH (this version's or the previous one's) into\n"
      "the PostgreSQL database with the same ids. PATH is not changed. Running it again copies\n"
      "nothing; a target that holds other data is refused.\n"
      "\n"
      "  --db DATABASE  a file path, sqlite:PATH or\n"
      "                 postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DBNAME[?host=SOCKETDIR]\n"
      "                 (default: the server's SQLite file)\n"
      "  --from PATH    the SQLite file to copy into the PostgreSQL database\n"
      "  --help         show this help\n";

const char *const UserHelp
    = "Usage: smartfixer-server user add NAME... [--display-name TEXT] [--password-stdin]\n"
      "                                          [--db DATABASE]\n"
      "       smartfixer-server user token NAME... [--revoke-others] [--db DATABASE]\n"
      "       smartfixer-server user list [--db DATABASE]\n"
      "       smartfixer-server user remove NAME... [--db DATABASE]\n"
      "       smartfixer-server user passwd NAME --password-stdin [--db DATABASE]\n"
      "\n"
      "add    creates accounts. Without --password-stdin they have no password and sign in by\n"
      "       token only (bots, scripts, load tests); thousands of names take seconds.\n"
      "       With --password-stdin one password line per NAME is read from stdin (at least\n"
      "       8 characters each).\n"
      "       A NAME is 1 to 64 characters of A-Z a-z 0-9 _ . -\n"
      "       A NAME is also refused when it equals an existing one after case folding.\n"
      "token  prints \"NAME TOKEN\" a line: a fresh access token for each NAME.\n"
      "list   prints \"ID USERNAME DISPLAY-NAME password|token-only\" a line (tab-separated).\n"
      "remove deletes each NAME with its contacts, tokens and messages.\n"
      "passwd sets the password of NAME to the first line of stdin.\n"
      "\n"
      "  --display-name TEXT  display name of the new accounts (default: the NAME)\n"
      "  --password-stdin     read the passwords from stdin, one line per NAME\n"
      "  --revoke-others      (token) revoke every other token of each NAME; a running\n"
      "                       server's open connections keep going until they reconnect\n"
      "  --db DATABASE        a file path, sqlite:PATH or postgresql://... (see migrate --help;\n"
      "                       default: the server's SQLite file)\n"
      "  --help               show this help\n";

struct Options
{
    QStringList positional;
    QString db;
    QString from;
    std::optional<QString> displayName;
    bool passwordStdin = false;
    bool revokeOthers = false; // user token --revoke-others
    bool help = false;
    QString error;
};

// A small hand parser: options may stand anywhere between the names, "--opt=value" and
// "--opt value" both work, and "--" ends the options.
Options parse(const QStringList &args, const QStringList &allowedOptions)
{
    Options o;
    bool optionsDone = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        QString arg = args.at(i);
        if (optionsDone || !arg.startsWith(QLatin1Char('-')) || arg == QLatin1String("-")) {
            o.positional << arg;
            continue;
        }
        if (arg == QLatin1String("--")) {
            optionsDone = true;
            continue;
        }
        if (arg == QLatin1String("-h") || arg == QLatin1String("--help")) {
            o.help = true;
            continue;
        }
        QString value;
        bool hasValue = false;
        if (const qsizetype eq = arg.indexOf(QLatin1Char('=')); eq > 0) {
            value = arg.mid(eq + 1);
            arg = arg.left(eq);
            hasValue = true;
        }
        if (!allowedOptions.contains(arg)) {
            o.error = QStringLiteral("unknown option %1").arg(arg);
            return o;
        }
        if (arg == QLatin1String("--password-stdin") || arg == QLatin1String("--revoke-others")) {
            if (hasValue) {
                o.error = QStringLiteral("%1 takes no value").arg(arg);
                return o;
            }
            (arg == QLatin1String("--password-stdin") ? o.passwordStdin : o.revokeOthers) = true;
            continue;
        }
        if (!hasValue) {
            // "--display-name --db x" is a forgotten value, not a display name "--db".
            if (i + 1 >= args.size() || args.at(i + 1).startsWith(QLatin1String("--"))) {
                o.error = QStringLiteral("%1 needs a value").arg(arg);
                return o;
            }
            value = args.at(++i);
        }
        if (arg == QLatin1String("--db"))
            o.db = value;
        else if (arg == QLatin1String("--from"))
            o.from = value;
        else if (arg == QLatin1String("--display-name"))
            o.displayName = value;
    }
    return o;
}

int usage(QTextStream &err, const QString &command, const QString &message)
{
    err << "smartfixer-server " << command << ": " << message << " (see \"smartfixer-server "
        << command.section(QLatin1Char(' '), 0, 0) << " --help\")\n";
    err.flush();
    return ExitUsage;
}

int fail(QTextStream &err, const QString &command, const QString &message)
{
    err << "smartfixer-server " << command << ": " << message << '\n';
    err.flush();
    return ExitFailed;
}

// The --db value (or the default file) as a URL, or the one line that says what is wrong.
Result<DatabaseUrl> databaseOf(const Options &o, const QString &defaultDbPath)
{
    return parseDatabaseUrl(o.db.isEmpty() ? defaultDbPath : o.db);
}

int runMigrate(const QStringList &args, const QString &defaultDbPath, QTextStream &out,
               QTextStream &err)
{
    const QString command = QStringLiteral("migrate");
    const Options o = parse(args, {QStringLiteral("--db"), QStringLiteral("--from")});
    if (o.help) {
        out << MigrateHelp;
        out.flush();
        return ExitOk;
    }
    if (!o.error.isEmpty())
        return usage(err, command, o.error);
    if (!o.positional.isEmpty())
        return usage(err, command,
                     QStringLiteral("unexpected argument %1").arg(o.positional.first()));
    const auto url = databaseOf(o, defaultDbPath);
    if (!url)
        return fail(err, command, url.error());
    if (!o.from.isEmpty()) {
        if (!url->isPostgres())
            return usage(err, command,
                         QStringLiteral("--from copies into PostgreSQL: give --db postgresql://…"));
        const auto copied = copySqliteInto(o.from, url.value(), Clock::system());
        if (!copied)
            return fail(err, command, copied.error());
        out << copied->summary(o.from, url.value()) << '\n';
        out.flush();
        return ExitOk;
    }
    if (url->isPostgres()) {
        // Nothing of the previous version lives in PostgreSQL: only our numbered migrations.
        Store store(url.value());
        store.setResetOnlineOnOpen(false); // a running server's is_online flags stay as they are
        const auto opened = store.open();
        if (!opened)
            return fail(err, command, opened.error());
        out << QStringLiteral("%1 is at schema version %2").arg(url->display()).arg(opened.value())
            << '\n';
        AdminChecks::printUsernameCollisions(store, out);
        out.flush();
        return ExitOk;
    }
    const QString path = url->path;

    const auto result = migrateLegacyDatabase(path, Clock::system());
    if (!result)
        return fail(err, command, result.error());
    const LegacyMigrationReport &report = result.value();
    // Then our own numbered migrations (none yet beyond 1) and a check that Store can use it.
    Store store(url.value());
    store.setResetOnlineOnOpen(false); // a running server's is_online flags stay as they are
    const auto opened = store.open();
    if (!opened)
        return fail(err, command, opened.error());
    const int version = opened.value();
    AdminChecks::printUsernameCollisions(store, out);
    store.close();

    if (!report.changed) {
        out << QStringLiteral("nothing to do: %1 is already migrated (schema version %2)")
                   .arg(path)
                   .arg(version)
            << '\n';
    } else {
        out << report.summary() << '\n';
        for (const QString &warning : report.warnings)
            out << "warning: " << warning << '\n';
        if (!report.backupPath.isEmpty())
            out << "backup of the database before the migration: " << report.backupPath << '\n';
        out << "schema version " << version << '\n';
    }
    out.flush();
    return ExitOk;
}

int runUserAdd(const Options &o, ServerStore &store, QTextStream &out, QTextStream &err,
               QIODevice *in)
{
    const QString command = QStringLiteral("user add");
    const QStringList &names = o.positional;
    // Check everything before creating anything: a failed call leaves the database unchanged.
    QSet<QString> seen;
    for (const QString &name : names) {
        if (!Store::isValidUsername(name))
            return fail(err, command,
                        QStringLiteral("invalid username \"%1\": use 1 to 64 characters of"
                                       " A-Z a-z 0-9 _ . -")
                            .arg(name.left(80)));
        if (seen.contains(name))
            return fail(err, command, QStringLiteral("\"%1\" is given twice").arg(name));
        seen.insert(name);
        if (store.userByName(name))
            return fail(err, command, QStringLiteral("user \"%1\" already exists").arg(name));
        if (const QString clash = AdminChecks::usernameClash(store, names, name); !clash.isEmpty())
            return fail(err, command, clash);
    }
    QStringList passwords;
    if (o.passwordStdin) {
        if (!in || !in->isReadable())
            return fail(err, command, QStringLiteral("--password-stdin: stdin cannot be read"));
        while (passwords.size() < names.size()) {
            // readLine() blocks on a terminal or pipe; it returns nothing only at the end.
            QByteArray line = in->readLine();
            if (line.isEmpty())
                break;
            while (line.endsWith('\n') || line.endsWith('\r'))
                line.chop(1);
            passwords << QString::fromUtf8(line);
        }
        if (passwords.size() < names.size())
            return fail(err, command,
                        QStringLiteral("--password-stdin: expected %1 password lines on stdin,"
                                       " got %2")
                            .arg(names.size())
                            .arg(passwords.size()));
        for (qsizetype i = 0; i < names.size(); ++i) {
            if (passwords.at(i).isEmpty())
                return fail(
                    err, command,
                    QStringLiteral("--password-stdin: empty password for \"%1\"").arg(names.at(i)));
            if (const QString problem = AdminChecks::passwordProblem(names.at(i), passwords.at(i));
                !problem.isEmpty())
                return fail(err, command, problem);
        }
    }

    const QString displayName = o.displayName.value_or(QString());
    if (!o.passwordStdin) {
        const auto rows = store.createUsers(names, displayName);
        if (!rows)
            return fail(err, command, rows.error());
        for (const UserRow &row : rows.value())
            out << "added " << row.username << " (id " << row.id << ", token-only)\n";
    } else {
        for (qsizetype i = 0; i < names.size(); ++i) {
            const auto row = store.createUser(names.at(i), displayName, passwords.at(i));
            if (!row)
                return fail(err, command, row.error());
            out << "added " << row->username << " (id " << row->id << ", with password)\n";
        }
    }
    out.flush();
    return ExitOk;
}

int runUserToken(const Options &o, ServerStore &store, QTextStream &out, QTextStream &err)
{
    const QString command = QStringLiteral("user token");
    QList<UserId> ids;
    ids.reserve(o.positional.size());
    for (const QString &name : o.positional) {
        const auto row = store.userByName(name);
        if (!row)
            return fail(err, command, QStringLiteral("unknown user \"%1\"").arg(name));
        ids << row->id;
    }
    const auto tokens = store.issueTokens(ids);
    if (!tokens)
        return fail(err, command, tokens.error());
    if (o.revokeOthers) {
        if (const QString problem = AdminChecks::revokeOtherTokens(store, ids, tokens.value());
            !problem.isEmpty())
            return fail(err, command, problem);
    }
    for (qsizetype i = 0; i < tokens->size(); ++i)
        out << o.positional.at(i) << ' ' << tokens->at(i) << '\n';
    out.flush();
    return ExitOk;
}

// user list | remove NAME… | passwd NAME --password-stdin (usercommands.cpp).
int runUserAdmin(const QString &sub, const QStringList &args, const QString &defaultDbPath,
                 QTextStream &out, QTextStream &err, QIODevice *in)
{
    const QString command = QStringLiteral("user ") + sub;
    const bool passwd = sub == QLatin1String("passwd");
    const Options o
        = parse(args,
                passwd ? QStringList{QStringLiteral("--db"), QStringLiteral("--password-stdin")}
                       : QStringList{QStringLiteral("--db")});
    if (o.help) {
        out << UserHelp;
        out.flush();
        return ExitOk;
    }
    if (!o.error.isEmpty())
        return usage(err, command, o.error);
    if (sub == QLatin1String("list") && !o.positional.isEmpty())
        return usage(err, command,
                     QStringLiteral("unexpected argument %1").arg(o.positional.first()));
    if (sub == QLatin1String("remove") && o.positional.isEmpty())
        return usage(err, command, QStringLiteral("give at least one NAME"));
    if (passwd && o.positional.size() != 1)
        return usage(err, command, QStringLiteral("give exactly one NAME"));
    if (passwd && !o.passwordStdin)
        return usage(err, command, QStringLiteral("the password comes only from --password-stdin"));
    const auto url = databaseOf(o, defaultDbPath);
    if (!url)
        return fail(err, command, url.error());
    if (!url->isPostgres() && url->path != QLatin1String(":memory:")
        && !QFileInfo::exists(url->path))
        return fail(err, command, QStringLiteral("%1: no such file").arg(url->path));
    Store store(url.value());
    store.setResetOnlineOnOpen(false);
    if (const auto opened = store.open(); !opened)
        return fail(err, command, opened.error());
    if (sub == QLatin1String("list"))
        return AdminUsers::list(store, out);
    if (sub == QLatin1String("remove"))
        return AdminUsers::remove(o.positional, store, out, err);
    return AdminUsers::passwd(o.positional.first(), store, out, err, in);
}

int runUser(const QStringList &args, const QString &defaultDbPath, QTextStream &out,
            QTextStream &err, QIODevice *in)
{
    const QString sub = args.value(0);
    if (args.isEmpty() || sub == QLatin1String("--help") || sub == QLatin1String("-h")
        || sub == QLatin1String("help")) {
        (args.isEmpty() ? err : out) << UserHelp;
        (args.isEmpty() ? err : out).flush();
        return args.isEmpty() ? ExitUsage : ExitOk;
    }
    if (AdminUsers::isUserSubcommand(sub))
        return runUserAdmin(sub, args.mid(1), defaultDbPath, out, err, in);
    if (sub != QLatin1String("add") && sub != QLatin1String("token"))
        return usage(err, QStringLiteral("user"),
                     QStringLiteral("unknown subcommand \"%1\" (use add, token, list, remove or"
                                    " passwd)")
                         .arg(sub));
    const QString command = QStringLiteral("user ") + sub;
    const QStringList allowed = sub == QLatin1String("add")
        ? QStringList{QStringLiteral("--db"), QStringLiteral("--display-name"),
                      QStringLiteral("--password-stdin")}
        : QStringList{QStringLiteral("--db"), QStringLiteral("--revoke-others")};
    const Options o = parse(args.mid(1), allowed);
    if (o.help) {
        out << UserHelp;
        out.flush();
        return ExitOk;
    }
    if (!o.error.isEmpty())
        return usage(err, command, o.error);
    if (o.positional.isEmpty())
        return usage(err, command, QStringLiteral("give at least one NAME"));

    const auto url = databaseOf(o, defaultDbPath);
    if (!url)
        return fail(err, command, url.error());
    // "add" creates an SQLite file when there is none yet; "token" must not invent an empty one.
    if (sub == QLatin1String("token") && !url->isPostgres()
        && url->path != QLatin1String(":memory:") && !QFileInfo::exists(url->path))
        return fail(err, command, QStringLiteral("%1: no such file").arg(url->path));
    Store store(url.value());
    // A server may be running on this database: leave its is_online flags alone.
    store.setResetOnlineOnOpen(false);
    if (const auto opened = store.open(); !opened)
        return fail(err, command, opened.error());
    if (sub == QLatin1String("token"))
        return runUserToken(o, store, out, err);
    const int code = runUserAdd(o, store, out, err, in);
    if (code == ExitOk) {
        // Which file (or server) it wrote: the app's host database and the server's default
        // one live in different folders (README).
        out << "database: " << store.description() << '\n';
        out.flush();
    }
    return code;
}

} // namespace

bool isAdminCommand(const QStringList &args)
{
    return !args.isEmpty()
        && (args.first() == QLatin1String("migrate") || args.first() == QLatin1String("user"));
}

int runAdminCommand(const QStringList &args, const QString &defaultDbPath, QTextStream &out,
                    QTextStream &err, QIODevice *in)
{
    // These commands report every outcome themselves in one line; the store's log lines
    // would repeat them. QT_LOGGING_RULES still wins over this, for debugging.
    QLoggingCategory::setFilterRules(QStringLiteral("smartfixer.store.info=false\n"
                                                    "smartfixer.store.warning=false"));
    if (args.value(0) == QLatin1String("migrate"))
        return runMigrate(args.mid(1), defaultDbPath, out, err);
    if (args.value(0) == QLatin1String("user"))
        return runUser(args.mid(1), defaultDbPath, out, err, in);
    err << "smartfixer-server: not an admin command\n";
    err.flush();
    return ExitUsage;
}

QString defaultDatabasePath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (!QFileInfo::exists(dir) && QDir().mkpath(dir)) {
        // Only its owner may list the folder of the database (password and token hashes).
        QFile::setPermissions(
            dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    return QDir(dir).filePath(QStringLiteral("smartfixer.db"));
}

} // namespace SmartFixer
