// smartfixer: the desktop app. Parses the command line (DESIGN.md §6) and hands over to
// SmartFixer::Ui::DesktopApp.
#include "core/logescape.h"
#include "desktopapp.h"
#include "errortext.h"
#include "theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>
#include <QStyleFactory>
#include <QTextStream>

#ifdef Q_OS_UNIX
#include <QSocketNotifier>
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace {
int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    // Only async-signal-safe work here: wake the event loop through the pipe.
    const char byte = 1;
    [[maybe_unused]] const auto n = ::write(signalPipe[0], &byte, 1);
}

//! SIGINT/SIGTERM quit the event loop, so an embedded server stops cleanly (flushes its
//! database) instead of dying mid-write.
void quitOnSignals(QCoreApplication *app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(signalPipe[1], QSocketNotifier::Read, app);
    QObject::connect(notifier, &QSocketNotifier::activated, app, [] {
        char byte;
        [[maybe_unused]] const auto n = ::read(signalPipe[1], &byte, 1);
        QCoreApplication::quit();
    });
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
}
} // namespace
#endif

int main(int argc, char *argv[])
{
    // --help and --version must work without a display (ssh, CI): no window is shown for them.
    const bool noDisplay = qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
    if (noDisplay) {
        for (int i = 1; i < argc; ++i) {
            const QByteArray arg(argv[i]);
            if (arg == "-h" || arg == "--help" || arg == "-v" || arg == "--version")
                qputenv("QT_QPA_PLATFORM", "offscreen");
        }
    }
    QApplication app(argc, argv);
    SmartFixer::installLogEscaping(); // peers' names must not forge log lines
    QCoreApplication::setOrganizationName(QStringLiteral("SmartFixer"));
    QCoreApplication::setApplicationName(QStringLiteral("SmartFixer"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QGuiApplication::setDesktopFileName(QStringLiteral("smartfixer"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/smartfixer.svg")));
    // Fusion draws the same on every desktop and follows a dark palette properly.
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));

    // The language comes first, so that --help is translated too.
    const QStringList args = QCoreApplication::arguments();
    const SmartFixer::Ui::AppSettings settings = SmartFixer::Ui::AppSettings::load();
    SmartFixer::Ui::applyTheme(settings.theme);
    QString language = settings.language;
    for (int i = 1; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--lang") && i + 1 < args.size())
            language = args.at(i + 1);
        else if (args.at(i).startsWith(QLatin1String("--lang=")))
            language = args.at(i).mid(7);
    }
    SmartFixer::Ui::installTranslations(language);
    const auto trMain = [](const char *text) {
        return QCoreApplication::translate("main", text);
    };

    QCommandLineParser parser;
    parser.setApplicationDescription(
        trMain(QT_TRANSLATE_NOOP("main", "SmartFixer Desktop: chat with live presence.")));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption server(
        QStringLiteral("server"),
        trMain(QT_TRANSLATE_NOOP("main", "Server to connect to, e.g. http://host:8765.")),
        trMain(QT_TRANSLATE_NOOP("main", "URL")));
    const QCommandLineOption user(QStringLiteral("user"),
                                  trMain(QT_TRANSLATE_NOOP("main", "User name to sign in as.")),
                                  trMain(QT_TRANSLATE_NOOP("main", "NAME")));
    const QCommandLineOption host(
        QStringLiteral("host"),
        trMain(QT_TRANSLATE_NOOP("main", "Host a presence server for the LAN inside the app.")));
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        trMain(QT_TRANSLATE_NOOP("main", "Demo mode: embedded server, scripted demo users.")));
    const QCommandLineOption lang(
        QStringLiteral("lang"), trMain(QT_TRANSLATE_NOOP("main", "UI language: en, de, es or ru.")),
        trMain(QT_TRANSLATE_NOOP("main", "CODE")));
    const QCommandLineOption noAnnounce(
        QStringLiteral("no-announce"),
        trMain(QT_TRANSLATE_NOOP("main", "With --host: do not announce the server on the LAN.")));
    parser.addOptions({server, user, host, demo, lang, noAnnounce});
    parser.process(app);

    SmartFixer::Ui::LaunchOptions options;
    if (parser.isSet(server)) {
        // Strict: no guessing (QUrl::fromUserInput made "http//x" a host named "http").
        const SmartFixer::ServerUrlCheck check = SmartFixer::checkServerUrl(parser.value(server));
        if (!check.ok()) {
            QTextStream(stderr) << trMain(QT_TRANSLATE_NOOP("main", "smartfixer: --server %1: %2"))
                                       .arg(parser.value(server),
                                            SmartFixer::Ui::serverUrlErrorText(check))
                                << '\n';
            return 2;
        }
        options.server = check.url;
    }
    options.user = parser.value(user);
    options.host = parser.isSet(host);
    options.announce = !parser.isSet(noAnnounce);
    options.demo = parser.isSet(demo);
    options.language = language;

#ifdef Q_OS_UNIX
    quitOnSignals(&app);
#endif
    SmartFixer::Ui::DesktopApp desktop(options);
    QString error;
    if (!desktop.start(&error)) {
        if (error.isEmpty())
            return 1; // the user already decided (e.g. Quit in the "port in use" dialog)
        QTextStream(stderr) << "smartfixer: " << error << '\n';
        // Started from a desktop menu nobody reads stderr: say it in a window too.
        QMessageBox::critical(
            nullptr, trMain(QT_TRANSLATE_NOOP("main", "SmartFixer")),
            trMain(QT_TRANSLATE_NOOP("main", "SmartFixer could not start: %1")).arg(error));
        return 1;
    }
    return app.exec();
}
