#pragma once
// Runs smartfixer-server's admin commands in-process (runAdminCommand), capturing stdout,
// stderr and the exit code, with \a stdinData as standard input. Shared by the admin suites.
#include "admin/admincommands.h"

#include <QBuffer>
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QTextStream>

namespace SmartFixer::Test {

struct AdminRun
{
    int code = -1;
    QString out;
    QString err;
};

//! \a defaultDb: the database used without --db (empty: the server's default file).
inline AdminRun runAdmin(const QStringList &args, const QString &defaultDb = {},
                         const QByteArray &stdinData = {})
{
    AdminRun r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    QByteArray input = stdinData;
    QBuffer in(&input);
    in.open(QIODevice::ReadOnly);
    r.code = runAdminCommand(args, defaultDb, out, err, &in);
    out.flush();
    err.flush();
    return r;
}

} // namespace SmartFixer::Test
