#pragma once
// smartfixer-server --config FILE: an INI file (read through QSettings) whose keys are the long
// option names of the command line ("port = 8765", "open-registration = true"). The file is
// turned into "--key=value" arguments placed before the real command line, so every option that
// exists — including ones added later — has a key, each value goes through exactly the same
// checks as on the command line, and the command line wins (QCommandLineParser::value() returns
// the last occurrence).
#include "core/result.h"

#include <QCommandLineOption>
#include <QStringList>

QT_BEGIN_NAMESPACE
class QCommandLineParser;
QT_END_NAMESPACE

namespace SmartFixer {

//! The "--config FILE" option, for the server's parser.
QCommandLineOption configFileOption();

//! When \a argv (with the program name first) names a --config FILE, returns \a argv with the
//! file's keys inserted as "--key=value" right after the program name; otherwise \a argv
//! unchanged (also when \a argv does not parse: the caller's own parse reports that). \a parser
//! must already hold every option. Fails (ErrorKind::Invalid, one line naming the file and the
//! key) for an unreadable or malformed file, a key that is not an option, a section, a key
//! without a value, or a flag whose value is not true/false.
Result<QStringList> applyConfigFile(QCommandLineParser &parser, const QStringList &argv);

//! What an admin subcommand ("user add …", "migrate …") runs with: its arguments without
//! "--config FILE", and the config file's database (empty when it names none).
struct AdminInvocation
{
    QStringList args;
    QString configDatabase;
};

//! Strips "--config FILE" / "--config=FILE" from the admin subcommand \a args and takes the
//! file's "db" key, which the subcommand uses when it has no --db of its own, so
//! "smartfixer-server user add alice --config /etc/smartfixer/server.conf" works on the
//! service's database.
Result<AdminInvocation> adminInvocation(const QStringList &args);

} // namespace SmartFixer
