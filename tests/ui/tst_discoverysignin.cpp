// The sign-in dialog's list of servers on the LAN (DESIGN.md §11, issue 13), with multicast kept
// inside the test: servers run in namespace A of a private two-namespace LAN (lanpair.h), the
// dialog browses through namespace B's avahi-daemon. A server appears in the list, choosing it
// fills in its address (https:// when it announces TLS), and it goes away when it stops. The
// desktop app's own LAN host (--host) is announced too. Offscreen widgets, screenshots.
#include "desktopapp.h"
#include "dialogs.h"
#include "discovery/announcer.h"
#include "discovery/browser.h"
#include "foundservers.h"
#include "lanpair.h"
#include "server/presenceserver.h"
#include "sessionbackend.h"
#include "testca.h"
#include "testsupport.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QHostInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

using namespace SmartFixer;
using namespace SmartFixer::Test;
using namespace SmartFixer::Ui;

namespace {

//! smartfixer-server in \a side of \a lan; returns its port (0 on failure).
quint16 startServer(const LanPair &lan, QProcess &process, const QStringList &extra)
{
    lan.start(LanPair::A, process, buildDir() + QStringLiteral("/bin/smartfixer-server"),
              QStringList{QStringLiteral("--listen"), lan.address(LanPair::A),
                          QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"),
                          QStringLiteral(":memory:")}
                  + extra);
    static const QRegularExpression re(QStringLiteral("listening on https?://[^:]+:(\\d+)"));
    QByteArray out;
    QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired() && process.state() != QProcess::NotRunning) {
        process.waitForReadyRead(100);
        out += process.readAllStandardOutput();
        const auto m = re.match(QString::fromUtf8(out));
        if (m.hasMatch())
            return quint16(m.captured(1).toUInt());
    }
    qWarning("server: %s", process.readAllStandardError().constData());
    return 0;
}

int rowOf(QListWidget *list, const QString &textPart)
{
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->text().contains(textPart))
            return i;
    }
    return -1;
}

//! Runs the calling thread in another network namespace while it lives.
class InNamespace
{
public:
    explicit InNamespace(const QString &name)
    {
        m_home = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
        const QByteArray path = "/run/netns/" + name.toUtf8();
        const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
        m_ok = m_home >= 0 && fd >= 0 && ::setns(fd, CLONE_NEWNET) == 0;
        if (fd >= 0)
            ::close(fd);
    }
    ~InNamespace()
    {
        if (m_home >= 0) {
            [[maybe_unused]] const int rc = ::setns(m_home, CLONE_NEWNET);
            ::close(m_home);
        }
    }
    bool ok() const { return m_ok; }

private:
    int m_home = -1;
    bool m_ok = false;
};

} // namespace

class tst_DiscoverySignIn : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase() { m_lan.tearDown(); }
    void hostedServerIsAnnounced(); // first: it moves the main thread into namespace A a while
    void dialogListsServersLive();

private:
    void useBus(LanPair::Side side)
    {
        qputenv("DBUS_SYSTEM_BUS_ADDRESS", m_lan.busAddress(side).toUtf8());
    }
    LanPair m_lan;
};

void tst_DiscoverySignIn::initTestCase()
{
    initTestEnvironment();
    QString error;
    QVERIFY2(m_lan.setUp(&error), qPrintable(error)); // no namespaces: FAIL, never skip
}

void tst_DiscoverySignIn::hostedServerIsAnnounced()
{
    QTemporaryDir dir;
    std::unique_ptr<DesktopApp> app;
    {
        // The app's server must listen on namespace A's address, so it is made in there; the
        // sockets it made stay in A after the thread goes back.
        InNamespace inA(m_lan.namespaceName(LanPair::A));
        QVERIFY2(inA.ok(), "cannot enter the test's network namespace A");
        useBus(LanPair::A);
        LaunchOptions options;
        options.host = true;
        options.showLogin = false;
        options.hostAddress = m_lan.address(LanPair::A);
        options.hostPort = 0;
        options.hostDatabase = dir.filePath(QStringLiteral("host.sqlite"));
        options.hostUser = QStringLiteral("hostess");
        app = std::make_unique<DesktopApp>(options);
        QString error;
        QVERIFY2(app->start(&error), qPrintable(error));
        QVERIFY(app->announcer());
    }
    useBus(LanPair::B);
    Discovery::Browser browser;
    browser.start();
    const QString expected
        = fitServerName(QStringLiteral("hostess on ") + QHostInfo::localHostName());
    QTRY_VERIFY_WITH_TIMEOUT(!browser.servers().isEmpty(), 20000);
    const FoundServer found = browser.servers().constFirst();
    QCOMPARE(found.name, expected);
    QCOMPARE(found.tls, true); // --host serves TLS by default
    QCOMPARE(found.port, app->server()->serverPort());
    QCOMPARE(found.url().toString(),
             QStringLiteral("https://%1:%2").arg(m_lan.address(LanPair::A)).arg(found.port));
    QCOMPARE(app->announcer()->announcedName(), expected);
    app->shutdown(); // withdraws the announcement first
    QTRY_VERIFY_WITH_TIMEOUT(browser.servers().isEmpty(), 10000);

    // --no-announce (LaunchOptions::announce = false): no announcer at all.
    QTemporaryDir dir2;
    {
        InNamespace inA(m_lan.namespaceName(LanPair::A));
        QVERIFY(inA.ok());
        LaunchOptions options;
        options.host = true;
        options.showLogin = false;
        options.announce = false;
        options.hostAddress = m_lan.address(LanPair::A);
        options.hostPort = 0;
        options.hostDatabase = dir2.filePath(QStringLiteral("host.sqlite"));
        options.hostUser = QStringLiteral("hostess");
        DesktopApp quiet(options);
        QString error;
        QVERIFY2(quiet.start(&error), qPrintable(error));
        QVERIFY(!quiet.announcer());
        quiet.shutdown();
    }
}

void tst_DiscoverySignIn::dialogListsServersLive()
{
    TestCa ca;
    QString error;
    QVERIFY2(ca.create(&error), qPrintable(error));
    const auto issued = ca.issue(QStringLiteral("lan"),
                                 {QStringLiteral("IP:") + m_lan.address(LanPair::A)}, &error);
    QVERIFY2(!issued.certificate.isEmpty(), qPrintable(error));

    useBus(LanPair::B);
    ClientOptions options;
    options.serverUrl = QUrl(QStringLiteral("http://127.0.0.1:1"));
    options.cachePath = QStringLiteral(":memory:");
    options.followNetworkChanges = false;
    options.reconnect.enabled = false;
    SessionBackend backend(options);
    LoginDialog login(&backend, QString());
    auto *browser = new Discovery::Browser(&login);
    FoundServersList *found = login.showFoundServers(browser);
    browser->start();
    login.show();
    QVERIFY(QTest::qWaitForWindowExposed(&login));
    QListWidget *list = found->list();
    QCOMPARE(list->count(), 0);
    QVERIFY(found->hint()->text().contains(QStringLiteral("none found yet")));

    QProcess plain, secure;
    const quint16 plainPort = startServer(
        m_lan, plain, {QStringLiteral("--announce-name"), QStringLiteral("Front desk")});
    QVERIFY(plainPort);
    const quint16 securePort
        = startServer(m_lan, secure,
                      {QStringLiteral("--announce-name"), QStringLiteral("Workshop"),
                       QStringLiteral("--tls-cert"), issued.certificate,
                       QStringLiteral("--tls-key"), issued.key});
    QVERIFY(securePort);
    QTRY_VERIFY_WITH_TIMEOUT(list->count() == 2, 20000);
    const int plainRow = rowOf(list, QStringLiteral("Front desk"));
    const int secureRow = rowOf(list, QStringLiteral("Workshop"));
    QVERIFY(plainRow >= 0 && secureRow >= 0);
    QVERIFY(list->item(secureRow)->text().contains(QStringLiteral("encrypted")));
    QVERIFY(!list->item(plainRow)->text().contains(QStringLiteral("encrypted")));
    QVERIFY(list->item(plainRow)->text().contains(
        QStringLiteral("%1:%2").arg(m_lan.address(LanPair::A)).arg(plainPort)));
    QVERIFY(found->hint()->text().contains(QStringLiteral("Choose one")));
    login.grab().save(QDir::temp().filePath(QStringLiteral("sf-signin-found-servers.png")));

    // Choosing fills in the address: https:// for the one that announces TLS.
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                      list->visualItemRect(list->item(secureRow)).center());
    QCOMPARE(login.serverField()->text(),
             QStringLiteral("https://%1:%2").arg(m_lan.address(LanPair::A)).arg(securePort));
    QVERIFY(login.userField()->hasFocus());
    list->setCurrentRow(plainRow);
    QTest::keyClick(list, Qt::Key_Return);
    QCOMPARE(login.serverField()->text(),
             QStringLiteral("http://%1:%2").arg(m_lan.address(LanPair::A)).arg(plainPort));

    // A server that stops leaves the list; the other stays.
    secure.terminate();
    QVERIFY(secure.waitForFinished(10000));
    QTRY_VERIFY_WITH_TIMEOUT(list->count() == 1, 10000);
    QCOMPARE(rowOf(list, QStringLiteral("Workshop")), -1);
    QVERIFY(rowOf(list, QStringLiteral("Front desk")) >= 0);
    plain.terminate();
    QVERIFY(plain.waitForFinished(10000));
    QTRY_VERIFY_WITH_TIMEOUT(list->count() == 0, 10000);
    QVERIFY(found->hint()->text().contains(QStringLiteral("none found yet")));
}

QTEST_MAIN(tst_DiscoverySignIn)
#include "tst_discoverysignin.moc"
