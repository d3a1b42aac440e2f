// LAN discovery end to end (DESIGN.md §11), with multicast kept inside the test: the real
// smartfixer-server runs in namespace A of a private two-namespace LAN (lanpair.h), our Browser
// uses namespace B's avahi-daemon. The server must appear with the right TXT record, go away
// when it stops, settle a name clash, stay quiet with --no-announce, run on without a daemon,
// and what strangers announce must be checked and bounded.
#include "discovery/browser.h"
#include "lanpair.h"
#include "testca.h"
#include "testsupport.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

using namespace SmartFixer;
using namespace SmartFixer::Test;
using SmartFixer::Discovery::Browser;

namespace {

QString serverBinary()
{
    return buildDir() + QStringLiteral("/bin/smartfixer-server");
}

//! A smartfixer-server child in one side of the LAN; killed with the test.
struct ServerChild
{
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    quint16 port = 0;
    QByteArray err; //!< stderr so far

    bool start(const LanPair &lan, LanPair::Side side, const QStringList &extra, QString *error,
               std::optional<QProcessEnvironment> env = std::nullopt, QString listen = {})
    {
        if (listen.isEmpty())
            listen = lan.address(side);
        const QStringList args = QStringList{QStringLiteral("--listen"), listen,
                                             QStringLiteral("--port"),   QStringLiteral("0"),
                                             QStringLiteral("--db"),     QStringLiteral(":memory:")}
            + extra;
        lan.start(side, *process, serverBinary(), args, env.value_or(lan.environment(side)));
        return waitListening(error);
    }
    bool waitListening(QString *error)
    {
        static const QRegularExpression re(QStringLiteral("listening on https?://[^:]+:(\\d+)"));
        QByteArray out;
        QDeadlineTimer deadline(20000);
        while (!deadline.hasExpired() && process->state() != QProcess::NotRunning) {
            process->waitForReadyRead(100);
            out += process->readAllStandardOutput();
            err += process->readAllStandardError();
            const auto m = re.match(QString::fromUtf8(out));
            if (m.hasMatch()) {
                port = quint16(m.captured(1).toUInt());
                return true;
            }
        }
        err += process->readAllStandardError();
        *error = QStringLiteral("server did not start: ") + QString::fromUtf8(err);
        return false;
    }
    QByteArray stderrNow()
    {
        err += process->readAllStandardError();
        return err;
    }
    void stop()
    {
        process->terminate();
        process->waitForFinished(10000);
    }
    ~ServerChild()
    {
        if (process->state() != QProcess::NotRunning) {
            process->kill();
            process->waitForFinished(5000);
        }
    }
};

const FoundServer *findByName(const QList<FoundServer> &list, const QString &serviceName,
                              std::vector<FoundServer> *keep)
{
    keep->assign(list.cbegin(), list.cend());
    for (const FoundServer &s : *keep) {
        if (s.serviceName == serviceName)
            return &s;
    }
    return nullptr;
}

bool has(const Browser &b, const QString &serviceName)
{
    const QList<FoundServer> all = b.servers();
    return std::any_of(all.cbegin(), all.cend(),
                       [&](const FoundServer &s) { return s.serviceName == serviceName; });
}

} // namespace

class tst_Discovery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void announcedServerAppearsAndGoesAway();
    void tlsServerSaysTls();
    void nameClashGetsAlternativeName();
    void noAnnounceStaysQuiet();
    void hostileAnnouncementsAreCheckedAndBounded();
    void loopbackServerIsNotAnnounced();
    void noDaemonOneWarningAndServerRuns();
    void daemonStartingLaterStillAnnounces(); // last: stops namespace A's daemon

private:
    //! A Browser on namespace B's avahi-daemon.
    std::unique_ptr<Browser> browserOnB();
    LanPair m_lan;
};

void tst_Discovery::initTestCase()
{
    initTestEnvironment();
    QString error;
    // A machine that cannot make namespaces fails here, loudly: it must not pass silently.
    QVERIFY2(m_lan.setUp(&error), qPrintable(error));
}

void tst_Discovery::cleanupTestCase()
{
    m_lan.tearDown();
}

std::unique_ptr<Browser> tst_Discovery::browserOnB()
{
    // avahi-client opens its own D-Bus connection from this variable at every client_new().
    qputenv("DBUS_SYSTEM_BUS_ADDRESS", m_lan.busAddress(LanPair::B).toUtf8());
    auto b = std::make_unique<Browser>();
    b->start();
    return b;
}

void tst_Discovery::announcedServerAppearsAndGoesAway()
{
    auto browser = browserOnB();
    QSignalSpy added(browser.get(), &Browser::serverAdded);
    QSignalSpy removed(browser.get(), &Browser::serverRemoved);
    QSignalSpy changed(browser.get(), &Browser::serverChanged);
    QVERIFY(added.isValid() && removed.isValid() && changed.isValid());

    ServerChild server;
    QString error;
    QVERIFY2(server.start(m_lan, LanPair::A,
                          {QStringLiteral("--announce-name"), QStringLiteral("Lab server")},
                          &error),
             qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(has(*browser, QStringLiteral("Lab server")), 20000);
    std::vector<FoundServer> keep;
    const FoundServer *s = findByName(browser->servers(), QStringLiteral("Lab server"), &keep);
    QVERIFY(s);
    QCOMPARE(s->name, QStringLiteral("Lab server"));
    QCOMPARE(s->port, server.port);
    QCOMPARE(s->tls, false);
    QCOMPARE(s->address, QHostAddress(m_lan.address(LanPair::A)));
    QCOMPARE(s->url(),
             QUrl(QStringLiteral("http://%1:%2").arg(m_lan.address(LanPair::A)).arg(server.port)));
    QVERIFY(s->hostName.endsWith(QStringLiteral(".local")));
    QTRY_VERIFY(server.stderrNow().contains("DNS-SD: announced as Lab server"));
    // Never, not even for a moment, by the host's IPv6 (link-local) address: the server listens
    // on IPv4 only, and the dialog shows whatever came first.
    for (const QSignalSpy *spy : {&added, &changed}) {
        for (const QList<QVariant> &signal : *spy) {
            const auto seen = signal.at(0).value<FoundServer>();
            if (seen.serviceName == QStringLiteral("Lab server"))
                QCOMPARE(seen.address, QHostAddress(m_lan.address(LanPair::A)));
        }
    }

    // The raw TXT record, as another DNS-SD client (avahi-browse) sees it in namespace B.
    QProcess avahiBrowse;
    avahiBrowse.setProcessEnvironment(m_lan.environment(LanPair::B));
    killWithParent(avahiBrowse);
    avahiBrowse.start(QStringLiteral("avahi-browse"),
                      {QStringLiteral("-r"), QStringLiteral("-p"), QStringLiteral("-t"),
                       QStringLiteral("-k"), QStringLiteral("_smartfixer._tcp")});
    QVERIFY(avahiBrowse.waitForFinished(20000));
    const QString raw = QString::fromUtf8(avahiBrowse.readAllStandardOutput());
    // "=;IFACE;IPv4;Lab\032server;_smartfixer._tcp;local;HOST;ADDRESS;PORT;TXT…" (the interface
    // name is looked up in this process's namespace, so it is not checked).
    const QRegularExpression line(
        QStringLiteral("^=;[^;]*;IPv4;Lab\\\\032server;_smartfixer\\._tcp;"
                       "local;(sft\\d+a\\.local);([0-9.]+);(\\d+);(.*)$"),
        QRegularExpression::MultilineOption);
    const auto m = line.match(raw);
    QVERIFY2(m.hasMatch(), qPrintable(raw));
    QCOMPARE(m.captured(2), m_lan.address(LanPair::A));
    QCOMPARE(m.captured(3).toUInt(), uint(server.port));
    // Exactly the three entries, in the order of the contract.
    QCOMPARE(m.captured(4), QStringLiteral("\"v=1\" \"tls=0\" \"name=Lab server\""));

    // Gone when the server stops (its goodbye), not after a cache timeout of minutes.
    server.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!has(*browser, QStringLiteral("Lab server")), 10000);
    QVERIFY(!removed.isEmpty());
    QCOMPARE(removed.last().at(0).value<FoundServer>().serviceName, QStringLiteral("Lab server"));
}

void tst_Discovery::tlsServerSaysTls()
{
    TestCa ca;
    QString error;
    QVERIFY2(ca.create(&error), qPrintable(error));
    const auto issued = ca.issue(QStringLiteral("lan"),
                                 {QStringLiteral("IP:") + m_lan.address(LanPair::A)}, &error);
    QVERIFY2(!issued.certificate.isEmpty(), qPrintable(error));
    auto browser = browserOnB();
    ServerChild server;
    QVERIFY2(server.start(m_lan, LanPair::A,
                          {QStringLiteral("--announce-name"), QStringLiteral("Secure lab"),
                           QStringLiteral("--tls-cert"), issued.certificate,
                           QStringLiteral("--tls-key"), issued.key},
                          &error),
             qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(has(*browser, QStringLiteral("Secure lab")), 20000);
    std::vector<FoundServer> keep;
    const FoundServer *s = findByName(browser->servers(), QStringLiteral("Secure lab"), &keep);
    QVERIFY(s);
    QCOMPARE(s->tls, true);
    QCOMPARE(s->url().scheme(), QStringLiteral("https"));
    QCOMPARE(s->url().port(), int(server.port));
    server.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!has(*browser, QStringLiteral("Secure lab")), 10000);
}

void tst_Discovery::nameClashGetsAlternativeName()
{
    auto browser = browserOnB();
    // One "Twin" on each machine of the LAN: mDNS probing finds the clash, and one of the two
    // takes Avahi's alternative name. Both keep name=Twin in the TXT record.
    ServerChild a, b;
    QString error;
    const QStringList name{QStringLiteral("--announce-name"), QStringLiteral("Twin")};
    QVERIFY2(a.start(m_lan, LanPair::A, name, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(has(*browser, QStringLiteral("Twin")), 20000);
    QVERIFY2(b.start(m_lan, LanPair::B, name, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(has(*browser, QStringLiteral("Twin #2")), 20000);
    QVERIFY(has(*browser, QStringLiteral("Twin")));
    // While the clash is settled, "Twin" may briefly resolve to the loser: wait until both
    // names lead to the two servers.
    const auto ports = [&] {
        QSet<quint16> seen;
        for (const FoundServer &f : browser->servers()) {
            if ((f.serviceName == QStringLiteral("Twin")
                 || f.serviceName == QStringLiteral("Twin #2"))
                && f.name == QStringLiteral("Twin")) // the TXT name stays
                seen.insert(f.port);
        }
        return seen;
    };
    QTRY_COMPARE_WITH_TIMEOUT(ports(), QSet<quint16>({a.port, b.port}), 20000);
    std::vector<FoundServer> keep2;
    const FoundServer *second = findByName(browser->servers(), QStringLiteral("Twin #2"), &keep2);
    QVERIFY(second);
    // The one that lost the clash says so, in one line, and then that it is announced.
    ServerChild &renamed = second->port == a.port ? a : b;
    QTRY_VERIFY(
        renamed.stderrNow().contains("DNS-SD: the name Twin is taken on the LAN; trying Twin #2"));
    QTRY_VERIFY(renamed.stderrNow().contains("DNS-SD: announced as Twin #2"));
    qInfo("renamed: the server in namespace %s", second->port == a.port ? "A" : "B");
    // Two servers in one namespace (one daemon): the local clash is settled the same way.
    ServerChild c;
    QVERIFY2(c.start(m_lan, LanPair::A, name, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(has(*browser, QStringLiteral("Twin #3")), 20000);
    a.stop();
    b.stop();
    c.stop();
    QTRY_VERIFY_WITH_TIMEOUT(browser->servers().isEmpty(), 10000);
}

void tst_Discovery::noAnnounceStaysQuiet()
{
    auto browser = browserOnB();
    ServerChild quiet, loud;
    QString error;
    QVERIFY2(quiet.start(m_lan, LanPair::A,
                         {QStringLiteral("--no-announce"), QStringLiteral("--announce-name"),
                          QStringLiteral("Quiet")},
                         &error),
             qPrintable(error));
    // The config-file key does the same as the option (keys are the long option names).
    QTemporaryDir dir;
    QFile conf(dir.filePath(QStringLiteral("server.conf")));
    QVERIFY(conf.open(QIODevice::WriteOnly));
    conf.write("no-announce = true\nannounce-name = Quiet too\n");
    conf.close();
    ServerChild quietByFile;
    QVERIFY2(
        quietByFile.start(m_lan, LanPair::A, {QStringLiteral("--config"), conf.fileName()}, &error),
        qPrintable(error));
    // Started after the quiet ones: once it is seen, they would have been seen too.
    QVERIFY2(loud.start(m_lan, LanPair::A,
                        {QStringLiteral("--announce-name"), QStringLiteral("Loud")}, &error),
             qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(has(*browser, QStringLiteral("Loud")), 20000);
    QVERIFY(!has(*browser, QStringLiteral("Quiet")));
    QVERIFY(!has(*browser, QStringLiteral("Quiet too")));
    QVERIFY(!quiet.stderrNow().contains("DNS-SD"));
    QVERIFY(!quietByFile.stderrNow().contains("DNS-SD"));
    loud.stop();
    quiet.stop();
    quietByFile.stop();

    // A bad --announce-name is a usage error: exit 2 with one line.
    QProcess bad;
    m_lan.start(LanPair::A, bad, serverBinary(),
                {QStringLiteral("--listen"), m_lan.address(LanPair::A), QStringLiteral("--port"),
                 QStringLiteral("0"), QStringLiteral("--db"), QStringLiteral(":memory:"),
                 QStringLiteral("--announce-name"), QString(64, u'x')});
    QVERIFY(bad.waitForFinished(10000));
    QCOMPARE(bad.exitCode(), 2);
    QCOMPARE(bad.readAllStandardError(),
             QByteArray("smartfixer-server: --announce-name: the server name is longer than 63 "
                        "bytes\n"));
}

void tst_Discovery::hostileAnnouncementsAreCheckedAndBounded()
{
    auto browser = browserOnB();
    // Strangers on the LAN, with avahi-publish: a newer protocol version, a bad tls value, a
    // name that tries to forge a line and reverse text, then a flood.
    std::vector<std::unique_ptr<QProcess>> running;
    const auto publish = [&](const QString &name, const QStringList &txt) {
        auto proc = std::make_unique<QProcess>();
        m_lan.start(LanPair::A, *proc, QStringLiteral("avahi-publish"),
                    QStringList{QStringLiteral("-s"), name, QStringLiteral("_smartfixer._tcp"),
                                QStringLiteral("9999")}
                        + txt);
        running.push_back(std::move(proc));
    };
    publish(QStringLiteral("Future"), {QStringLiteral("v=2"), QStringLiteral("name=Future")});
    publish(QStringLiteral("Bad tls"), {QStringLiteral("v=1"), QStringLiteral("tls=yes")});
    publish(QStringLiteral("Evil"),
            {QStringLiteral("v=1"), QStringLiteral("name=Ev\u202Eil\nline ") + QString(200, u'z')});
    publish(QStringLiteral("Honest"), {QStringLiteral("v=1"), QStringLiteral("name=Honest")});
    QTRY_VERIFY_WITH_TIMEOUT(has(*browser, QStringLiteral("Evil")), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(has(*browser, QStringLiteral("Honest")), 20000);
    std::vector<FoundServer> keep;
    const FoundServer *evil = findByName(browser->servers(), QStringLiteral("Evil"), &keep);
    QVERIFY(evil);
    QCOMPARE(evil->name, QStringLiteral("Evilline ") + QString(63 - 9, u'z'));
    QVERIFY(!has(*browser, QStringLiteral("Future")));
    QVERIFY(!has(*browser, QStringLiteral("Bad tls")));
    // (A server another test stopped less than a second ago may still be listed: mDNS keeps a
    // record for 1 s after its goodbye. So names are checked, not the count.)
    for (const FoundServer &f : browser->servers())
        QVERIFY2(f.name != QStringLiteral("Future") && f.serviceName != QStringLiteral("Bad tls"),
                 qPrintable(f.serviceName));

    // A flood: a browser that keeps at most 4 entries never shows more, however many come.
    for (int i = 1; i <= 6; ++i)
        publish(QStringLiteral("Flood %1").arg(i), {QStringLiteral("v=1")});
    auto bounded = browserOnB();
    bounded->setMaxServers(4);
    int most = 0;
    connect(bounded.get(), &Browser::serverAdded, this,
            [&] { most = std::max(most, int(bounded->servers().size())); });
    // Of the 10 announcements, the first 4 it hears take the slots: at least two of them are
    // shown (at most 2 are refused), and at most 4 ever are.
    QTRY_VERIFY_WITH_TIMEOUT(bounded->servers().size() >= 2, 20000);
    QVERIFY(most <= 4);
    QVERIFY(bounded->servers().size() <= 4);
    for (auto &p : running) {
        p->kill();
        p->waitForFinished(5000);
    }
    QTRY_VERIFY_WITH_TIMEOUT(browser->servers().isEmpty(), 10000);
    QVERIFY(most <= 4);
}

void tst_Discovery::loopbackServerIsNotAnnounced()
{
    // Nobody on the LAN could connect to 127.0.0.1: no announcement, no DNS-SD line at all.
    ServerChild server;
    QString error;
    QVERIFY2(server.start(m_lan, LanPair::A,
                          {QStringLiteral("--announce-name"), QStringLiteral("Loopback")}, &error,
                          std::nullopt, QStringLiteral("127.0.0.1")),
             qPrintable(error));
    auto browser = browserOnB();
    ServerChild marker;
    QVERIFY2(marker.start(m_lan, LanPair::A,
                          {QStringLiteral("--announce-name"), QStringLiteral("Marker")}, &error),
             qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(has(*browser, QStringLiteral("Marker")), 20000);
    QVERIFY(!has(*browser, QStringLiteral("Loopback")));
    QVERIFY(!server.stderrNow().contains("DNS-SD"));
    server.stop();
    marker.stop();
}

void tst_Discovery::noDaemonOneWarningAndServerRuns()
{
    // No D-Bus at this address at all: one warning line, and the server serves as usual.
    QTemporaryDir dir;
    QProcessEnvironment env = m_lan.environment(LanPair::A);
    env.insert(QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS"),
               QStringLiteral("unix:path=") + dir.filePath(QStringLiteral("no-bus")));
    ServerChild child;
    QString error;
    QVERIFY2(child.start(m_lan, LanPair::A, {}, &error, env), qPrintable(error));
    QTRY_VERIFY(child.stderrNow().contains("DNS-SD"));
    const QByteArray err = child.stderrNow();
    const QList<QByteArray> lines = err.split('\n');
    const auto dnsLines = std::count_if(lines.cbegin(), lines.cend(),
                                        [](const QByteArray &l) { return l.contains("DNS-SD"); });
    QCOMPARE(dnsLines, 1);
    QVERIFY2(err.contains("cannot reach avahi-daemon"), err.constData());
    // Still serving: a request from inside the namespace gets the usual answer.
    QProcess curl;
    m_lan.start(
        LanPair::A, curl, QStringLiteral("curl"),
        {QStringLiteral("-s"),
         QStringLiteral("http://%1:%2/healthz").arg(m_lan.address(LanPair::A)).arg(child.port)});
    QVERIFY(curl.waitForFinished(10000));
    QCOMPARE(curl.readAllStandardOutput(), QByteArray("{\"status\":\"ok\"}"));
    QCOMPARE(child.process->state(), QProcess::Running);
    child.stop();
    QCOMPARE(child.process->exitCode(), 0);
}

void tst_Discovery::daemonStartingLaterStillAnnounces()
{
    // D-Bus runs but avahi-daemon does not (yet): one warning, and the server is announced as
    // soon as the daemon starts.
    m_lan.stopAvahi(LanPair::A);
    auto browser = browserOnB();
    ServerChild server;
    QString error;
    QVERIFY2(server.start(m_lan, LanPair::A,
                          {QStringLiteral("--announce-name"), QStringLiteral("Late")}, &error),
             qPrintable(error));
    QTRY_VERIFY(server.stderrNow().contains("DNS-SD: avahi-daemon is not running"));
    QVERIFY2(m_lan.startAvahi(LanPair::A, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(has(*browser, QStringLiteral("Late")), 20000);
    const QList<QByteArray> lines = server.stderrNow().split('\n');
    QCOMPARE(std::count_if(lines.cbegin(), lines.cend(),
                           [](const QByteArray &l) { return l.contains("not running"); }),
             1);
    // And a daemon that goes away and comes back: announced again.
    m_lan.stopAvahi(LanPair::A);
    QTRY_VERIFY_WITH_TIMEOUT(!has(*browser, QStringLiteral("Late")), 20000);
    QVERIFY2(m_lan.startAvahi(LanPair::A, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(has(*browser, QStringLiteral("Late")), 20000);
    server.stop();
}

QTEST_GUILESS_MAIN(tst_Discovery)
#include "tst_discovery.moc"
