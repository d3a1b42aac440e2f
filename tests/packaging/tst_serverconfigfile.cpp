// smartfixer-server --config FILE, tested on the real binary: every key takes effect, a wrong
// key or a bad value stops it with one line naming the key and exit status 2, and the command
// line wins over the file. Each key is the long option name, checked by the same parser as the
// command line, so the generic test runs every option --help lists (also ones added later).
#include "serverrun.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace SmartFixer::Test;

class TestServerConfigFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void keysTakeEffect();
    void commandLineWins();
    void badFile_data();
    void badFile();
    void everyOptionChecksLikeTheCommandLine();
    void adminCommandsUseTheFilesDatabase();

private:
    QString server() const { return buildDir() + QStringLiteral("/bin/smartfixer-server"); }
    QString writeConfig(const QByteArray &text, const QString &name = QStringLiteral("s.conf"));
    QStringList helpOptions();

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestServerConfigFile::initTestCase()
{
    initTestEnvironment();
    QVERIFY2(QFile::exists(server()), qPrintable(server()));
}

void TestServerConfigFile::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestServerConfigFile::writeConfig(const QByteArray &text, const QString &name)
{
    const QString path = m_dir->filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    f.write(text);
    return path;
}

//! Long option names from `smartfixer-server --help`.
QStringList TestServerConfigFile::helpOptions()
{
    ServerRun help(server());
    if (help.run({QStringLiteral("--help")}) != 0)
        return {};
    QStringList names;
    static const QRegularExpression re(QStringLiteral("^  (?:-\\w, )?--([a-z0-9-]+)"),
                                       QRegularExpression::MultilineOption);
    auto it = re.globalMatch(help.standardOutput());
    while (it.hasNext())
        names.append(it.next().captured(1));
    return names;
}

void TestServerConfigFile::keysTakeEffect()
{
    const QString db = m_dir->filePath(QStringLiteral("from-file.db"));
    const QString conf = writeConfig("# every kind of key; a comment may hold key = value\n"
                                     "; so may this one: port = 1\n"
                                     "listen = 127.0.0.1\n"
                                     "port = 0\n"
                                     "db = "
                                     + db.toUtf8()
                                     + "\n"
                                       "ping-interval = 1234\n"
                                       "ping-timeout = 2345\n"
                                       "max-body-bytes = 2048\n"
                                       "open-registration = true\n"
                                       "log-level = warning ; comment after a value\n");
    ServerRun run(server());
    run.setStderrFile(m_dir->filePath(QStringLiteral("err.txt")));
    QVERIFY2(run.start({QStringLiteral("--config"), conf}), qPrintable(run.standardError()));
    QCOMPARE(run.url().host(), QStringLiteral("127.0.0.1")); // listen
    QVERIFY(run.url().port() > 0); // port 0: a free port
    QVERIFY(QFile::exists(db)); // db

    const QJsonObject open = engineIoOpen(run.url());
    QCOMPARE(open.value(QStringLiteral("pingInterval")).toInt(), 1234);
    QCOMPARE(open.value(QStringLiteral("pingTimeout")).toInt(), 2345);

    QUrl reg = run.url();
    reg.setPath(QStringLiteral("/api/register"));
    const HttpAnswer created = httpRequest(
        reg, "POST", R"({"username":"zoe","password":"pw-zoe-123","display_name":"Zoe"})");
    QCOMPARE(created.status, 201); // open-registration

    QUrl login = run.url();
    login.setPath(QStringLiteral("/api/login"));
    const QByteArray big = R"({"username":"zoe","password":")" + QByteArray(3000, 'x') + R"("})";
    QCOMPARE(httpRequest(login, "POST", big).status, 413); // max-body-bytes

    QCOMPARE(run.terminate(), 0);
    // log-level warning: the info lines of a normal start and stop are gone.
    const QString err = run.standardError();
    QVERIFY2(!err.contains(QStringLiteral("info:")), qPrintable(err));
}

void TestServerConfigFile::commandLineWins()
{
    const QString conf = writeConfig("listen = ::1\n"
                                     "port = 1\n"
                                     "ping-interval = 1234\n"
                                     "open-registration = false\n");
    ServerRun run(server());
    QVERIFY2(run.start({QStringLiteral("--config"), conf, QStringLiteral("--listen"),
                        QStringLiteral("127.0.0.1"), QStringLiteral("--port=0"),
                        QStringLiteral("--ping-interval"), QStringLiteral("4321"),
                        QStringLiteral("--open-registration"), QStringLiteral("--db"),
                        m_dir->filePath(QStringLiteral("cli.db"))}),
             qPrintable(run.standardError()));
    QCOMPARE(run.url().host(), QStringLiteral("127.0.0.1"));
    QVERIFY(run.url().port() != 1);
    QCOMPARE(engineIoOpen(run.url()).value(QStringLiteral("pingInterval")).toInt(), 4321);
    QUrl reg = run.url();
    reg.setPath(QStringLiteral("/api/register"));
    QCOMPARE(httpRequest(reg, "POST", R"({"username":"amy","password":"pw-amy-123"})").status, 201);
    QCOMPARE(run.terminate(), 0);
}

void TestServerConfigFile::badFile_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("named"); // what the one error line must name

    QTest::newRow("unknown key") << QByteArray("port = 0\nprot = 8765\n")
                                 << QStringLiteral("\"prot\"");
    QTest::newRow("section") << QByteArray("[server]\nport = 0\n") << QStringLiteral("server/port");
    QTest::newRow("port too big") << QByteArray("port = 70000\n") << QStringLiteral("--port");
    QTest::newRow("port not a number") << QByteArray("port = eighty\n") << QStringLiteral("--port");
    QTest::newRow("negative window")
        << QByteArray("active-window = -1\n") << QStringLiteral("--active-window");
    QTest::newRow("listen not an address")
        << QByteArray("listen = example.org\n") << QStringLiteral("--listen");
    QTest::newRow("flag not a bool")
        << QByteArray("open-registration = maybe\n") << QStringLiteral("\"open-registration\"");
    QTest::newRow("log level") << QByteArray("log-level = loud\n") << QStringLiteral("--log-level");
    QTest::newRow("empty value") << QByteArray("port =\n") << QStringLiteral("\"port\"");
    QTest::newRow("config in config")
        << QByteArray("config = /etc/passwd\n") << QStringLiteral("\"config\"");
    QTest::newRow("help in config") << QByteArray("help = true\n") << QStringLiteral("\"help\"");
    QTest::newRow("control characters")
        << QByteArray("port = 1\x01\n") << QStringLiteral("\"port\"");
    QTest::newRow("binary garbage")
        << QByteArray("\xff\xfe\x00\x01[[[\n=\n", 9) << QStringLiteral("s.conf");
    QTest::newRow("newline escape in a value")
        << QByteArray("listen = \"127.0.0.1\\nwarning: forged\"\n") << QStringLiteral("\"listen\"");
    QTest::newRow("empty key") << QByteArray("= 1\n") << QStringLiteral("\"\"");
    QTest::newRow("key with a space") << QByteArray("po rt = 1\n") << QStringLiteral("po rt");
    QTest::newRow("no such file") << QByteArray() << QStringLiteral("missing.conf");
}

void TestServerConfigFile::badFile()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, named);
    const QString conf = content.isEmpty() ? m_dir->filePath(QStringLiteral("missing.conf"))
                                           : writeConfig(content);
    ServerRun run(server());
    run.setWorkingDirectory(m_dir->path()); // a db relative to here, should one be opened
    QCOMPARE(run.run({QStringLiteral("--config"), conf, QStringLiteral("--db"),
                      m_dir->filePath(QStringLiteral("x.db"))}),
             2);
    const QStringList lines = run.stderrLines();
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.first().contains(named), qPrintable(lines.first()));
    QVERIFY(run.standardOutput().isEmpty()); // never got as far as listening
}

// For each option of --help: "KEY = VALUE" in the file does exactly what --KEY=VALUE does on the
// command line (same exit code, same message), for a value every option must refuse.
void TestServerConfigFile::everyOptionChecksLikeTheCommandLine()
{
    const QStringList options = helpOptions();
    QVERIFY(options.size() >= 15);
    int compared = 0;
    for (const QString &key : options) {
        if (key == u"help" || key == u"help-all" || key == u"version" || key == u"config"
            || key == u"db") // a path: any text is a valid one (db is checked above)
            continue;
        // Options that need a value ("--key <V>") get a negative number; flags get "-5" too,
        // which no bool parser accepts.
        const QString conf = writeConfig(key.toUtf8() + " = -5\n");
        QStringList common{QStringLiteral("--db"), m_dir->filePath(QStringLiteral("g.db"))};
        if (key != u"port")
            common << QStringLiteral("--port") << QStringLiteral("0");
        if (key != u"listen")
            common << QStringLiteral("--listen") << QStringLiteral("127.0.0.1");

        ServerRun viaFile(server());
        ServerRun viaArgs(server());
        const int fileCode
            = viaFile.run(QStringList{QStringLiteral("--config"), conf} + common, 5000);
        const int argsCode
            = viaArgs.run(QStringList{QStringLiteral("--") + key + u"=-5"} + common, 5000);
        if (argsCode == ServerRun::kListening && fileCode == ServerRun::kListening)
            continue; // both accepted "-5" and served: a free-text option, same behaviour
        QVERIFY2(fileCode == 2,
                 qPrintable(key + QStringLiteral(": exit ") + QString::number(fileCode)));
        const QStringList lines = viaFile.stderrLines();
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.first().contains(key), qPrintable(lines.first()));
        if (argsCode == 2 && !lines.first().contains(QStringLiteral("true or false")))
            QCOMPARE(lines, viaArgs.stderrLines()); // the very same check and message
        ++compared;
    }
    QVERIFY(compared >= 15);
}

void TestServerConfigFile::adminCommandsUseTheFilesDatabase()
{
    const QString db = m_dir->filePath(QStringLiteral("admin.db"));
    const QString conf = writeConfig("db = " + db.toUtf8() + "\nport = 0\n");
    // As the service user: its home is the state folder, which must only get the database.
    const QString home = m_dir->filePath(QStringLiteral("home"));
    QVERIFY(QDir().mkpath(home));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home);
    env.remove(QStringLiteral("XDG_DATA_HOME"));
    ServerRun add(server());
    add.setEnvironment(env);
    QCOMPARE(add.run({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("alice"),
                      QStringLiteral("--config"), conf}),
             0);
    QVERIFY(QFile::exists(db));
    QCOMPARE(QDir(home).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList());
    ServerRun token(server());
    QCOMPARE(token.run({QStringLiteral("user"), QStringLiteral("token"), QStringLiteral("alice"),
                        QStringLiteral("--db"), db}),
             0);
    QVERIFY2(token.standardOutput().startsWith(QStringLiteral("alice ")),
             qPrintable(token.standardOutput()));

    ServerRun missing(server());
    QCOMPARE(
        missing.run({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("bob"),
                     QStringLiteral("--config=") + m_dir->filePath(QStringLiteral("no.conf"))}),
        2);
    QCOMPARE(missing.stderrLines().size(), 1);
    QVERIFY(missing.stderrLines().first().contains(QStringLiteral("no.conf")));
}

QTEST_GUILESS_MAIN(TestServerConfigFile)
#include "tst_serverconfigfile.moc"
