#include "desktopapp.h"

#include "activity/activitytracker.h"
#include "chatpane.h"
#include "contactlistmodel.h"
#include "core/clock.h"
#include "core/logging.h"
#include "core/statustext.h"
#include "demo/demoscript.h"
#include "demopanel.h"
#include "dialogs.h"
#include "discovery/announcer.h"
#include "discovery/browser.h"
#include "mainwindow.h"
#include "server/localaccount.h"
#include "server/presenceserver.h"
#include "sessionbackend.h"
#include "theme.h"
#include "tls/hostcertificate.h"

#include <QApplication>
#include <QDir>
#include <QHostInfo>
#include <QInputDialog>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTimeZone>
#include <QTranslator>

namespace SmartFixer::Ui {

QLocale installTranslations(const QString &requested)
{
    QLocale locale = requested.isEmpty() ? QLocale::system() : QLocale(requested);
    const QString lang = QLocale::languageToCode(locale.language());
    if (!availableLanguages().contains(lang) && lang != QLatin1String("en"))
        locale = QLocale(QLocale::English, QLocale::UnitedStates);
    QLocale::setDefault(locale);
    auto *app = QCoreApplication::instance();
    // The app's strings and the engine's status texts share one catalogue, embedded in the
    // engine (translations/CMakeLists.txt).
    auto *ours = new QTranslator(app);
    if (ours->load(locale, QStringLiteral("smartfixer"), QStringLiteral("_"),
                   QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(ours);
    else
        delete ours;
    // Qt's own strings (dialog buttons, context menus) from qt6-translations-l10n, if present.
    auto *qt = new QTranslator(app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return locale;
}

DesktopApp::DesktopApp(const LaunchOptions &options, QObject *parent)
    : QObject(parent), m_options(options), m_settings(AppSettings::load())
{
    if (m_options.server)
        m_settings.serverUrl = *m_options.server;
    if (!m_options.user.isEmpty())
        m_settings.username = m_options.user;
    m_locale = QLocale();
    connect(qApp, &QCoreApplication::aboutToQuit, this, &DesktopApp::shutdown);
}

DesktopApp::~DesktopApp()
{
    shutdown();
}

void DesktopApp::createBackend(const QUrl &url, const QString &cachePath, qint64 activeWindowMs,
                               const QString &trustedFingerprint)
{
    ClientOptions options;
    if (!trustedFingerprint.isEmpty())
        options.tls.pinnedFingerprints = {trustedFingerprint}; // the host's own certificate
    options.serverUrl = url;
    options.clock = m_clock;
    options.cachePath = cachePath;
    options.activeWindowMs = activeWindowMs;
    StatusTextOptions text;
    text.locale = m_locale;
    text.zone = QTimeZone::systemTimeZone();
    text.timeStyle = TimeStyle::Locale;
    options.text = text;
    m_backend = new SessionBackend(options, this);
}

bool DesktopApp::start(QString *error)
{
    m_clock = Clock::system();
    if (m_options.demo) {
        if (!startDemo(error))
            return false;
    } else if (m_options.host || (m_settings.lanHosting && !m_options.server)) {
        // Hosting (--host, or the Preferences switch unless --server names another server).
        if (!startHost(error))
            return false;
    } else {
        QString cache;
        if (!m_settings.username.isEmpty()) {
            // One cache per server and user, so a second copy of the app signed in as someone
            // else on the same machine does not share (or lock) the first one's file.
            const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
            QDir().mkpath(dir);
            QString key = m_settings.serverUrl.authority() + QLatin1Char('-') + m_settings.username;
            key.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]")), QStringLiteral("_"));
            cache = dir + QStringLiteral("/cache-") + key + QStringLiteral(".sqlite");
        }
        createBackend(m_settings.serverUrl, cache, DefaultActiveWindowMs);
    }

    m_window = std::make_unique<MainWindow>(m_backend);
    m_window->setSettings(shownSettings());
    connect(m_window.get(), &MainWindow::quitRequested, qApp, &QCoreApplication::quit,
            Qt::QueuedConnection);
    connect(m_window.get(), &MainWindow::preferencesChanged, this, &DesktopApp::applyPreferences);
    connect(m_window.get(), &MainWindow::signOutRequested, this, [this] {
        m_backend->signOut();
        if (!m_options.demo && !m_server)
            showLogin();
    });
    // user_activity while the user is at the machine: app input plus the system's idle time.
    m_activity = new ActivityTracker(createIdleBackend(), m_clock, this);
    m_activity->setIdleThresholdMs(qint64(m_settings.idleMinutes) * 60 * 1000);
    // The tracker measures gaps on the (demo: faster) clock; a poll every few real seconds
    // must not look like a suspend. 30 s of real time, in clock ms.
    m_activity->setSuspendGapMs(qint64(30000 * m_clock->rate()));
    connect(m_activity, &ActivityTracker::activityDue, m_backend, &ChatBackend::reportActivity);
    connect(m_backend, &ChatBackend::signedIn, m_activity, &ActivityTracker::start);

    if (m_demo) {
        m_demoPanel = new DemoPanel(m_demo, m_backend, m_clock, m_window.get());
        m_window->addPanel(m_demoPanel, Qt::RightDockWidgetArea);
        m_window->resize(1400, 780);
        m_window->resizeDocks({m_demoPanel}, {560}, Qt::Horizontal);
        // Open a conversation with the first demo user once the contacts are in.
        connect(m_backend, &ChatBackend::contactsChanged, this, [this] {
            if (m_window->chatPane()->peer() == 0 && !m_demo->users().isEmpty())
                m_window->openChat(m_demo->users().constFirst().id);
        });
    }
    if (!m_hostText.isEmpty())
        m_window->setHostInfo(m_hostText);

    const bool minimised = m_settings.startMinimised && m_window->trayIcon() && !m_options.demo;
    if (!minimised)
        m_window->show();
    if (!m_demo && !m_server && m_options.showLogin)
        showLogin();
    return true;
}

void DesktopApp::showLogin()
{
    auto *dialog = new LoginDialog(m_backend, m_settings.username, m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The servers on the LAN, live, while the dialog is open (DNS-SD through avahi-daemon).
    auto *browser = new Discovery::Browser(dialog);
    dialog->showFoundServers(browser);
    browser->start();
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_settings.username = dialog->username();
        m_settings.serverUrl = dialog->serverUrl();
        m_settings.save();
        m_window->setSettings(shownSettings());
    });
    dialog->open();
}

bool DesktopApp::startDemo(QString *error)
{
    m_ownedClock = std::make_unique<ScaledClock>(m_options.demoScale);
    m_clock = m_ownedClock.get();
    m_tempDir = std::make_unique<QTemporaryDir>();
    if (!m_tempDir->isValid()) {
        *error = tr("cannot create a temporary folder: %1").arg(m_tempDir->errorString());
        return false;
    }
    ServerConfig config;
    config.listenAddress = QHostAddress(QHostAddress::LocalHost);
    config.port = 0;
    config.databasePath = m_tempDir->filePath(QStringLiteral("demo.sqlite"));
    config.activeWindowMs = m_options.demoActiveWindowMs;
    m_server = std::make_unique<PresenceServer>(config, m_clock);
    if (!m_server->start(error))
        return false;
    qCInfo(lcDemo) << "demo server on" << m_server->url().toString();
    m_demo = new DemoScript(m_server.get(), m_clock, this);
    const auto token = m_demo->setUp(error);
    if (!token)
        return false;
    createBackend(m_server->url(), QStringLiteral(":memory:"), config.activeWindowMs);
    m_backend->signInWithToken(*token);
    m_demo->start();
    return true;
}

bool DesktopApp::portInUse(const QHostAddress &address, quint16 port)
{
    QTcpServer probe;
    return !probe.listen(address, port)
        && probe.serverError() == QAbstractSocket::AddressInUseError;
}

bool DesktopApp::askForFreePort(quint16 port)
{
    QMessageBox box(QMessageBox::Warning, tr("Port %1 is in use").arg(port),
                    tr("SmartFixer cannot host on port %1: another program (perhaps another copy "
                       "of SmartFixer) already uses it.")
                        .arg(port));
    box.setObjectName(QStringLiteral("portBusyDialog"));
    box.setInformativeText(tr("Host on a free port instead? Others then need the new address, "
                              "shown in the status bar. You can choose a fixed port in "
                              "Preferences."));
    QPushButton *use = box.addButton(tr("Use a &free port"), QMessageBox::AcceptRole);
    use->setObjectName(QStringLiteral("useFreePort"));
    box.addButton(tr("&Quit"), QMessageBox::RejectRole);
    box.setDefaultButton(use);
    box.exec();
    return box.clickedButton() == use;
}

bool DesktopApp::startHost(QString *error)
{
    ServerConfig config;
    const QString address = m_options.hostAddress.value_or(m_settings.lanAddress);
    const QHostAddress listen(address);
    if (listen.isNull()) {
        *error = tr("\"%1\" is not an IP address to listen on").arg(address);
        return false;
    }
    config.listenAddress = listen;
    config.port = m_options.hostPort.value_or(m_settings.lanPort);
    QString db = m_options.hostDatabase.value_or(m_settings.lanDatabase);
    if (db.isEmpty()) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir().mkpath(dir);
        db = dir + QStringLiteral("/host.sqlite");
    }
    config.databasePath = db;
    // People on the LAN create their own accounts from the sign-in dialog.
    config.openRegistration = true;
    // TLS by default, with a self-signed certificate made on first use and kept in the data
    // folder; guests trust it once by the fingerprint this window shows (DESIGN.md §11).
    {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        const auto cert
            = ensureHostCertificate(dir, QHostInfo::localHostName(), hostableAddresses());
        if (!cert) {
            *error = cert.error();
            return false;
        }
        if (cert->created)
            qCInfo(lcServer).noquote() << "made the host certificate" << cert->certFile;
        config.tls.certFile = cert->certFile;
        config.tls.keyFile = cert->keyFile;
        m_hostFingerprint = cert->fingerprint;
    }
    m_server = std::make_unique<PresenceServer>(config, m_clock);
    if (!m_server->start(error)) {
        // A busy port is the common case (a second copy, another program): say so and offer a
        // free port instead of exiting with one stderr line.
        if (config.port == 0 || !portInUse(listen, config.port))
            return false;
        if (!askForFreePort(config.port)) {
            error->clear(); // the user chose to quit: nothing more to say
            return false;
        }
        config.port = 0;
        m_server = std::make_unique<PresenceServer>(config, m_clock);
        if (!m_server->start(error))
            return false;
        m_hostNote = tr("Port %1 was busy; hosting on port %2 instead.")
                         .arg(m_options.hostPort.value_or(m_settings.lanPort))
                         .arg(m_server->serverPort());
    }

    // The host signs in as itself: an account named after the OS user (token only).
    QString name = m_options.hostUser.value_or(m_settings.username);
    if (name.isEmpty()) {
        QString suggestion = qEnvironmentVariable(
            "USER", qEnvironmentVariable("USERNAME", QStringLiteral("host")));
        suggestion.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]")),
                           QStringLiteral("_"));
        name = suggestion;
        if (m_options.showLogin) {
            // The first start as a host: ask what others should see, instead of "host".
            bool ok = false;
            const QString typed = QInputDialog::getText(
                nullptr, tr("Your name on this server"),
                tr("You host the server, so you are signed in without a password. Which user "
                   "name should others see?"),
                QLineEdit::Normal, suggestion, &ok);
            if (ok && !typed.trimmed().isEmpty())
                name = typed.trimmed();
        }
        m_settings.username = name;
        m_settings.save();
    }
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]")), QStringLiteral("_"));
    const auto account = signInLocally(m_server.get(), name);
    if (!account) {
        *error = account.error();
        return false;
    }
    const QString token = account->token;

    // The app itself connects over loopback unless the server listens on one address only.
    const bool any = listen == QHostAddress(QHostAddress::AnyIPv4)
        || listen == QHostAddress(QHostAddress::Any)
        || listen == QHostAddress(QHostAddress::AnyIPv6);
    QUrl local;
    local.setScheme(m_server->url().scheme());
    local.setHost(any ? QStringLiteral("127.0.0.1") : listen.toString());
    local.setPort(m_server->serverPort());

    QString shown = listen.toString();
    if (any) {
        for (const QHostAddress &a : hostableAddresses()) {
            if (a.protocol() == QAbstractSocket::IPv4Protocol && !a.isLoopback()
                && a != QHostAddress(QHostAddress::AnyIPv4)) {
                shown = a.toString();
                break;
            }
        }
        if (shown == listen.toString())
            shown = QStringLiteral("127.0.0.1");
    }
    QUrl others = local;
    others.setHost(shown);
    m_hostText = tr("Hosting: others connect to %1 — certificate SHA-256 %2")
                     .arg(others.toString(), m_hostFingerprint);
    if (!m_hostNote.isEmpty())
        m_hostText = m_hostNote + QLatin1Char(' ') + m_hostText;
    qCInfo(lcServer) << "hosting on" << m_server->url().toString() << "as" << name;
    if (m_options.announce) {
        // What the LAN's sign-in dialogs list: "alice on lab-pc".
        const QString announced
            = fitServerName(tr("%1 on %2").arg(name, QHostInfo::localHostName()));
        m_announcer = Discovery::announceServer(listen, m_server->serverPort(),
                                                m_server->url().scheme() == QLatin1String("https"),
                                                announced);
    }
    createBackend(local, QStringLiteral(":memory:"), config.activeWindowMs, m_hostFingerprint);
    m_backend->signInWithToken(token);
    return true;
}

AppSettings DesktopApp::shownSettings() const
{
    // What Preferences shows is what runs now: the demo's random port, the port actually
    // hosted on, hosting switched on by --host.
    AppSettings shown = m_settings;
    if (m_server && m_options.demo) {
        shown.serverUrl = m_server->url();
    } else if (m_server) {
        shown.lanHosting = true;
        shown.lanAddress = m_server->serverAddress().toString();
        shown.lanPort = m_server->serverPort();
    }
    return shown;
}

void DesktopApp::applyPreferences(const AppSettings &chosen)
{
    const AppSettings before = m_settings;
    AppSettings settings = chosen;
    if (m_options.demo) {
        // The demo's own server is not the user's: keep the saved server and hosting.
        settings.serverUrl = before.serverUrl;
        settings.lanHosting = before.lanHosting;
        settings.lanAddress = before.lanAddress;
        settings.lanPort = before.lanPort;
    }
    if (settings.theme != before.theme)
        applyTheme(settings.theme);
    m_settings = settings;
    m_settings.save();
    if (m_activity)
        m_activity->setIdleThresholdMs(qint64(settings.idleMinutes) * 60 * 1000);
    if (m_options.demo)
        return; // the demo keeps its own server; preferences apply to the next normal start

    // The language, the server and hosting are wired at start-up; offer a restart.
    const bool hosting = settings.lanHosting != before.lanHosting
        || (settings.lanHosting
            && (settings.lanAddress != before.lanAddress || settings.lanPort != before.lanPort));
    const bool server = !m_server && settings.serverUrl != before.serverUrl;
    const bool language = settings.language != before.language;
    if (!hosting && !server && !language)
        return;
    const auto answer = QMessageBox::question(
        m_window.get(), tr("Restart SmartFixer"),
        tr("The new settings take effect after a restart. Restart SmartFixer now?"));
    if (answer != QMessageBox::Yes)
        return;
    // Same command line, minus what the preferences now decide.
    QStringList args;
    const QStringList old = QCoreApplication::arguments().mid(1);
    for (int i = 0; i < old.size(); ++i) {
        const QString &a = old.at(i);
        if (a == QLatin1String("--lang") || a == QLatin1String("--server")) {
            ++i; // and its value
            continue;
        }
        if (a.startsWith(QLatin1String("--lang=")) || a.startsWith(QLatin1String("--server=")))
            continue;
        if (a == QLatin1String("--host") && !settings.lanHosting)
            continue;
        args << a;
    }
    // Stop the embedded server first, so the new instance can bind the same port.
    shutdown();
    if (!QProcess::startDetached(QCoreApplication::applicationFilePath(), args))
        QMessageBox::warning(m_window.get(), tr("Restart SmartFixer"),
                             tr("Could not start SmartFixer again; please start it yourself."));
    QCoreApplication::quit();
}

void DesktopApp::shutdown()
{
    if (m_shutDown)
        return;
    m_shutDown = true;
    if (m_activity)
        m_activity->stop();
    if (m_demo)
        m_demo->stop();
    m_announcer.reset(); // withdraw the announcement before the server goes
    if (m_server) {
        m_server->stop();
        qCInfo(lcServer) << "embedded server stopped";
    }
}

} // namespace SmartFixer::Ui
