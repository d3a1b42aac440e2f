// smartfixer-server: the headless presence server, and its offline admin subcommands.
#include "admin/admincommands.h"

#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("smartfixer"));
    QCoreApplication::setOrganizationName(QStringLiteral("SmartFixer"));

    QTextStream out(stdout);
    QTextStream err(stderr);
    const QStringList args = app.arguments().mid(1);
    if (SmartFixer::isAdminCommand(args)) {
        QFile in;
        in.open(stdin, QIODevice::ReadOnly);
        return SmartFixer::runAdminCommand(args, SmartFixer::defaultDatabasePath(), out, err, &in);
    }
    err << "smartfixer-server: the server itself is not built yet\n";
    return 1;
}
