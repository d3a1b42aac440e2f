// The Debian packages as a user gets them: builds them with cpack into a temporary folder and
// checks their contents, dependencies and maintainer scripts, runs lintian,
// desktop-file-validate, appstreamcli and systemd-analyze on them, and starts the server
// extracted from its package (dpkg -x) from its packaged config file, on 127.0.0.1 port 0, until
// it answers /healthz. Label "package"; the tools come from scripts/setup.sh and a missing one
// fails the test (it never passes silently).
#include "serverrun.h"
#include "testsupport.h"

#include <QDir>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace SmartFixer::Test;

namespace {

struct Ran
{
    int code = -1;
    QString out;
    QString err;
};

Ran runTool(const QString &program, const QStringList &args, int timeoutMs = 120000,
            const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    Ran r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = QStringLiteral("timed out after %1 ms").arg(timeoutMs);
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

class TestPackages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void contents_data();
    void contents();
    void dependencies();
    void maintainerScripts();
    void lintianHasNoErrors();
    void desktopFileValidates();
    void appstreamValidates();
    void manPagesRender_data();
    void manPagesRender();
    void systemdUnitVerifies();
    void packagedConfigListsEveryOption();
    void extractedServerAnswersHealthz();

private:
    QString m_desktopDeb;
    QString m_serverDeb;
    QString m_desktopRoot; // dpkg -x of each package
    QString m_serverRoot;
    QTemporaryDir m_dir;
};

void TestPackages::initTestCase()
{
    initTestEnvironment();
    QVERIFY(m_dir.isValid());
    const QStringList tools = {QStringLiteral("dpkg-deb"),
                               QStringLiteral("lintian"),
                               QStringLiteral("desktop-file-validate"),
                               QStringLiteral("appstreamcli"),
                               QStringLiteral("systemd-analyze"),
                               QStringLiteral("man")};
    for (const QString &tool : tools) {
        QVERIFY2(!QStandardPaths::findExecutable(tool).isEmpty(),
                 qPrintable(tool + QStringLiteral(" is not installed: run scripts/setup.sh")));
    }
    const QString cpack = qEnvironmentVariable("SF_CPACK", QStringLiteral("cpack"));
    const QString out = m_dir.filePath(QStringLiteral("dist"));
    const Ran built
        = runTool(cpack,
                  {QStringLiteral("--config"), buildDir() + QStringLiteral("/CPackConfig.cmake"),
                   QStringLiteral("-B"), out});
    QVERIFY2(built.code == 0, qPrintable(built.out + built.err));
    const QDir dist(out);
    const QStringList desktop = dist.entryList({QStringLiteral("smartfixer_*.deb")});
    const QStringList server = dist.entryList({QStringLiteral("smartfixer-server_*.deb")});
    QCOMPARE(desktop.size(), 1);
    QCOMPARE(server.size(), 1);
    m_desktopDeb = dist.filePath(desktop.first());
    m_serverDeb = dist.filePath(server.first());
    m_desktopRoot = m_dir.filePath(QStringLiteral("root-desktop"));
    m_serverRoot = m_dir.filePath(QStringLiteral("root-server"));
    QCOMPARE(
        runTool(QStringLiteral("dpkg"), {QStringLiteral("-x"), m_desktopDeb, m_desktopRoot}).code,
        0);
    QCOMPARE(
        runTool(QStringLiteral("dpkg"), {QStringLiteral("-x"), m_serverDeb, m_serverRoot}).code, 0);
}

void TestPackages::contents_data()
{
    QTest::addColumn<bool>("server");
    QTest::addColumn<QString>("path");
    const auto row = [](bool server, const char *path) {
        QTest::addRow("%s %s", server ? "server" : "desktop", path)
            << server << QString::fromLatin1(path);
    };
    row(false, "./usr/bin/smartfixer");
    row(false, "./usr/bin/smartfixer-cli");
    row(false, "./usr/share/applications/smartfixer.desktop");
    row(false, "./usr/share/icons/hicolor/scalable/apps/smartfixer.svg");
    row(false, "./usr/share/metainfo/io.github.smartfixer.SmartFixer.metainfo.xml");
    row(false, "./usr/share/man/man1/smartfixer.1.gz");
    row(false, "./usr/share/man/man1/smartfixer-cli.1.gz");
    row(false, "./usr/share/doc/smartfixer/copyright");
    row(false, "./usr/share/doc/smartfixer/changelog.gz");
    row(true, "./usr/bin/smartfixer-server");
    row(true, "./usr/lib/systemd/system/smartfixer-server.service");
    row(true, "./etc/smartfixer/server.conf");
    row(true, "./usr/share/man/man1/smartfixer-server.1.gz");
    row(true, "./usr/share/doc/smartfixer-server/copyright");
    row(true, "./usr/share/doc/smartfixer-server/changelog.gz");
}

void TestPackages::contents()
{
    QFETCH(bool, server);
    QFETCH(QString, path);
    const Ran listing
        = runTool(QStringLiteral("dpkg-deb"),
                  {QStringLiteral("--contents"), server ? m_serverDeb : m_desktopDeb});
    QCOMPARE(listing.code, 0);
    QStringList paths;
    for (const QString &line : listing.out.split(u'\n', Qt::SkipEmptyParts))
        paths.append(line.section(u' ', -1));
    QVERIFY2(paths.contains(path), qPrintable(listing.out));
    // Each binary lives in exactly one package.
    const QString other = server ? m_desktopDeb : m_serverDeb;
    QVERIFY(!runTool(QStringLiteral("dpkg-deb"), {QStringLiteral("--contents"), other})
                 .out.contains(u' ' + path + u'\n'));
}

void TestPackages::dependencies()
{
    const auto field = [](const QString &deb, const QString &name) {
        return runTool(QStringLiteral("dpkg-deb"), {QStringLiteral("-f"), deb, name}).out.trimmed();
    };
    const QString server = field(m_serverDeb, QStringLiteral("Depends"));
    // From shlibdeps (the libraries it links) plus what it needs at run time but does not link.
    for (const char *dep :
         {"libqt6core6", "libqt6network6", "libqt6websockets6", "libqt6httpserver6", "libqt6sql6 ",
          "libsodium23", "libqt6sql6-sqlite", "adduser"}) {
        QVERIFY2(server.contains(QString::fromLatin1(dep)), qPrintable(server));
    }
    for (const char *gui : {"libqt6gui6", "libqt6widgets6", "libx11", "libgl"})
        QVERIFY2(!server.contains(QString::fromLatin1(gui)), qPrintable(server));
    const Ran ldd = runTool(QStringLiteral("ldd"),
                            {m_serverRoot + QStringLiteral("/usr/bin/smartfixer-server")});
    QCOMPARE(ldd.code, 0);
    QVERIFY2(!ldd.out.contains(QStringLiteral("libQt6Gui")), qPrintable(ldd.out));
    QVERIFY2(!ldd.out.contains(QStringLiteral("libQt6Widgets")), qPrintable(ldd.out));

    const QString desktop = field(m_desktopDeb, QStringLiteral("Depends"));
    for (const char *dep :
         {"libqt6widgets6", "libqt6gui6", "qt6-qpa-plugins", "libqt6svg6", "libqt6sql6-sqlite"}) {
        QVERIFY2(desktop.contains(QString::fromLatin1(dep)), qPrintable(desktop));
    }
    QCOMPARE(field(m_serverDeb, QStringLiteral("Package")), QStringLiteral("smartfixer-server"));
    QCOMPARE(field(m_desktopDeb, QStringLiteral("Package")), QStringLiteral("smartfixer"));
}

void TestPackages::maintainerScripts()
{
    const QString control = m_dir.filePath(QStringLiteral("control-server"));
    QCOMPARE(runTool(QStringLiteral("dpkg-deb"), {QStringLiteral("-e"), m_serverDeb, control}).code,
             0);
    for (const char *script : {"postinst", "prerm", "postrm"}) {
        const QString path = control + u'/' + QString::fromLatin1(script);
        QVERIFY2(QFileInfo(path).isExecutable(), qPrintable(path));
        const Ran syntax = runTool(QStringLiteral("sh"), {QStringLiteral("-n"), path});
        QVERIFY2(syntax.code == 0, qPrintable(syntax.err));
    }
    QFile conffiles(control + QStringLiteral("/conffiles"));
    QVERIFY(conffiles.open(QIODevice::ReadOnly));
    QCOMPARE(conffiles.readAll().trimmed(), QByteArray("/etc/smartfixer/server.conf"));
    QFile postinst(control + QStringLiteral("/postinst"));
    QVERIFY(postinst.open(QIODevice::ReadOnly));
    const QByteArray text = postinst.readAll();
    QVERIFY(text.contains("adduser --system"));
    QVERIFY(text.contains("/var/lib/smartfixer"));
}

void TestPackages::lintianHasNoErrors()
{
    const Ran lint = runTool(QStringLiteral("lintian"),
                             {QStringLiteral("--no-cfg"), m_desktopDeb, m_serverDeb}, 300000);
    QVERIFY2(lint.code >= 0, qPrintable(lint.err));
    const QStringList lines = QString(lint.out + lint.err).split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        if (line.startsWith(QStringLiteral("W: ")) || line.startsWith(QStringLiteral("I: ")))
            qInfo("lintian: %s", qPrintable(line)); // shown, but allowed
    }
    const QStringList errors = lines.filter(QRegularExpression(QStringLiteral("^E: ")));
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
}

void TestPackages::desktopFileValidates()
{
    const Ran v
        = runTool(QStringLiteral("desktop-file-validate"),
                  {m_desktopRoot + QStringLiteral("/usr/share/applications/smartfixer.desktop")});
    QVERIFY2(v.code == 0 && v.out.trimmed().isEmpty(), qPrintable(v.out + v.err));
}

void TestPackages::appstreamValidates()
{
    const Ran v = runTool(QStringLiteral("appstreamcli"),
                          {QStringLiteral("validate"), QStringLiteral("--no-net"),
                           m_desktopRoot
                               + QStringLiteral("/usr/share/metainfo/"
                                                "io.github.smartfixer.SmartFixer.metainfo.xml")});
    QVERIFY2(v.code == 0, qPrintable(v.out + v.err));
    qInfo("appstreamcli: %s", qPrintable(v.out.trimmed().section(u'\n', -1)));
}

void TestPackages::manPagesRender_data()
{
    QTest::addColumn<QString>("page");
    QTest::addColumn<QString>("mustMention");
    QTest::newRow("smartfixer") << m_desktopRoot
            + QStringLiteral("/usr/share/man/man1/smartfixer.1.gz")
                                << QStringLiteral("--demo");
    QTest::newRow("smartfixer-cli")
        << m_desktopRoot + QStringLiteral("/usr/share/man/man1/smartfixer-cli.1.gz")
        << QStringLiteral("--password-stdin");
    QTest::newRow("smartfixer-server")
        << m_serverRoot + QStringLiteral("/usr/share/man/man1/smartfixer-server.1.gz")
        << QStringLiteral("/etc/smartfixer/server.conf");
}

void TestPackages::manPagesRender()
{
    QFETCH(QString, page);
    QFETCH(QString, mustMention);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("MANPAGER"), QStringLiteral("cat"));
    env.insert(QStringLiteral("MANWIDTH"), QStringLiteral("100"));
    const Ran man = runTool(QStringLiteral("man"), {QStringLiteral("-l"), page}, 60000, env);
    QVERIFY2(man.code == 0, qPrintable(man.err));
    QVERIFY(man.out.contains(QStringLiteral("NAME")));
    QVERIFY(man.out.contains(QStringLiteral("OPTIONS")));
    // man renders "-" as U+2010 where it hyphenates; compare without those.
    QString text = man.out;
    text.replace(QChar(0x2010), u'-');
    QVERIFY2(text.contains(mustMention), qPrintable(text.left(2000)));
    QVERIFY2(!man.err.contains(QStringLiteral("warning")), qPrintable(man.err));
}

void TestPackages::systemdUnitVerifies()
{
    QFile unit(m_serverRoot + QStringLiteral("/usr/lib/systemd/system/smartfixer-server.service"));
    QVERIFY(unit.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(unit.readAll());
    for (const char *directive :
         {"Type=notify", "User=smartfixer", "StateDirectory=smartfixer",
          "ExecStart=/usr/bin/smartfixer-server --config /etc/smartfixer/server.conf",
          "Restart=on-failure", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
          "PrivateDevices=yes", "NoNewPrivileges=yes",
          "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "SystemCallFilter=@system-service",
          "CapabilityBoundingSet=\n"}) {
        QVERIFY2(text.contains(QString::fromLatin1(directive)), directive);
    }
    // systemd-analyze checks that ExecStart exists: point it at the extracted binary.
    const QString binary = m_serverRoot + QStringLiteral("/usr/bin/smartfixer-server");
    QString local = text;
    local.replace(QStringLiteral("ExecStart=/usr/bin/smartfixer-server"),
                  QStringLiteral("ExecStart=") + binary);
    const QString dir = m_dir.filePath(QStringLiteral("unit"));
    QVERIFY(QDir().mkpath(dir));
    const QString copy = dir + QStringLiteral("/smartfixer-server.service");
    QFile out(copy);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(local.toUtf8());
    out.close();

    const Ran verify = runTool(QStringLiteral("systemd-analyze"),
                               {QStringLiteral("verify"), QStringLiteral("--man=no"), copy});
    // systemd-analyze exits 0 even for unknown keys or bad values: they are lines on stderr.
    QVERIFY2(verify.code == 0,
             qPrintable(QStringLiteral("systemd-analyze verify could not check the unit in "
                                       "this environment (exit %1): %2")
                            .arg(verify.code)
                            .arg(verify.err)));
    QVERIFY2(verify.err.trimmed().isEmpty() && verify.out.trimmed().isEmpty(),
             qPrintable(verify.out + verify.err));

    const Ran security
        = runTool(QStringLiteral("systemd-analyze"),
                  {QStringLiteral("security"), QStringLiteral("--offline=yes"), copy});
    static const QRegularExpression exposure(QStringLiteral("Overall exposure level for "
                                                            "\\S+: ([0-9.]+)"));
    const auto match = exposure.match(QString(security.out + security.err));
    QVERIFY2(match.hasMatch(), qPrintable(security.out + security.err));
    qInfo("systemd-analyze security exposure: %s (0 best, 10 worst)",
          qPrintable(match.captured(1)));
    QVERIFY(match.captured(1).toDouble() <= 2.0);
}

void TestPackages::packagedConfigListsEveryOption()
{
    ServerRun help(m_serverRoot + QStringLiteral("/usr/bin/smartfixer-server"));
    QCOMPARE(help.run({QStringLiteral("--help")}), 0);
    QFile conf(m_serverRoot + QStringLiteral("/etc/smartfixer/server.conf"));
    QVERIFY(conf.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(conf.readAll());
    static const QRegularExpression option(QStringLiteral("^  (?:-\\w, )?--([a-z0-9-]+)"),
                                           QRegularExpression::MultilineOption);
    int listed = 0;
    auto it = option.globalMatch(help.standardOutput());
    while (it.hasNext()) {
        const QString key = it.next().captured(1);
        if (key == u"help" || key == u"help-all" || key == u"version" || key == u"config")
            continue;
        const QRegularExpression line(QStringLiteral("^;?") + QRegularExpression::escape(key)
                                          + QStringLiteral(" = \\S"),
                                      QRegularExpression::MultilineOption);
        QVERIFY2(line.match(text).hasMatch(), qPrintable(key));
        ++listed;
    }
    QVERIFY(listed >= 15);
    QVERIFY(text.contains(QStringLiteral("\ndb = /var/lib/smartfixer/smartfixer.db\n")));
}

void TestPackages::extractedServerAnswersHealthz()
{
    // The packaged binary with the packaged config; only what a test must change is overridden
    // on the command line (which wins): a free port, loopback, a temporary database.
    ServerRun run(m_serverRoot + QStringLiteral("/usr/bin/smartfixer-server"));
    QVERIFY2(run.start({QStringLiteral("--config"),
                        m_serverRoot + QStringLiteral("/etc/smartfixer/server.conf"),
                        QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--listen"),
                        QStringLiteral("127.0.0.1"), QStringLiteral("--db"),
                        m_dir.filePath(QStringLiteral("service.db"))}),
             qPrintable(run.standardError()));
    QUrl health = run.url();
    health.setPath(QStringLiteral("/healthz"));
    const HttpAnswer answer = httpRequest(health);
    QCOMPARE(answer.status, 200);
    QCOMPARE(
        QJsonDocument::fromJson(answer.body).object().value(QStringLiteral("status")).toString(),
        QStringLiteral("ok"));
    QCOMPARE(run.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestPackages)
#include "tst_packages.moc"
