// smartfixer: the desktop app (built with the desktop app issue).
#include <QApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QTextStream(stderr) << "smartfixer: the desktop UI is not built yet\n";
    return 1;
}
