#pragma once
// The offline subcommands of smartfixer-server (DESIGN.md §5, §6): "migrate --db PATH",
// "user add NAME… [--display-name TEXT] [--password-stdin] [--db PATH]" and
// "user token NAME… [--db PATH]". They work on the database file directly, with no server
// running, and report errors in plain words with a non-zero exit code.
#include <QStringList>

QT_BEGIN_NAMESPACE
class QIODevice;
class QTextStream;
QT_END_NAMESPACE

namespace SmartFixer {

//! true when \a args (without the program name) start with an admin subcommand.
bool isAdminCommand(const QStringList &args);

//! Runs the admin subcommand in \a args (without the program name). \a defaultDbPath is used
//! when there is no --db. Returns the process exit code.
int runAdminCommand(const QStringList &args, const QString &defaultDbPath, QTextStream &out,
                    QTextStream &err, QIODevice *in);

//! The database path used when --db is not given: <AppDataLocation>/smartfixer.db.
QString defaultDatabasePath();

} // namespace SmartFixer
