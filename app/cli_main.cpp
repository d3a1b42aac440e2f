// smartfixer-cli: presence client for QA and scripts (built with the client engine issue).
#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream(stderr) << "smartfixer-cli: not built yet\n";
    return 1;
}
