// smartfixer-server as a systemd service sees it, on the real binary: sd_notify READY=1 once it
// listens and STOPPING=1 on SIGTERM (then exit 0), log lines with sd-daemon priority prefixes
// when stderr is the journal stream ($JOURNAL_STREAM), "level: " lines otherwise, --log-level,
// and a logged value with a newline that cannot forge a line of its own.
#include "serverrun.h"
#include "testsupport.h"

#include <QSocketNotifier>
#include <QTemporaryDir>
#include <QTest>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace SmartFixer::Test;

namespace {

//! A bound AF_UNIX datagram socket that plays systemd's notification socket.
class NotifySocket
{
public:
    explicit NotifySocket(const QByteArray &address) : m_address(address)
    {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        sockaddr_un addr = {};
        addr.sun_family = AF_UNIX;
        std::memcpy(addr.sun_path, address.constData(), size_t(address.size()));
        socklen_t len = socklen_t(offsetof(sockaddr_un, sun_path) + size_t(address.size()));
        if (address.startsWith('@'))
            addr.sun_path[0] = '\0';
        else
            ++len;
        m_bound = m_fd >= 0 && ::bind(m_fd, reinterpret_cast<sockaddr *>(&addr), len) == 0;
        m_notifier = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Read);
    }
    ~NotifySocket()
    {
        m_notifier.reset();
        if (m_fd >= 0)
            ::close(m_fd);
        if (!m_address.startsWith('@'))
            ::unlink(m_address.constData());
    }
    bool isBound() const { return m_bound; }
    //! The next datagram, waiting up to 15 s for it.
    QByteArray next()
    {
        QSignalSpy ready(m_notifier.get(), &QSocketNotifier::activated);
        for (int round = 0; round < 2; ++round) {
            char buffer[4096];
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n >= 0)
                return QByteArray(buffer, n);
            if (round == 0 && !ready.wait(15000))
                break;
        }
        return {};
    }

private:
    QByteArray m_address;
    int m_fd = -1;
    bool m_bound = false;
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace

class TestServiceLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void notifiesReadyAndStopping_data();
    void notifiesReadyAndStopping();
    void journalPrefixes();
    void plainLevelsOutsideTheJournal();
    void logLevelDebugAndError();
    void newlineInALoggedValueCannotForgeALine();

private:
    QString server() const { return buildDir() + QStringLiteral("/bin/smartfixer-server"); }
    QStringList baseArgs() const
    {
        return {QStringLiteral("--port"),   QStringLiteral("0"),
                QStringLiteral("--listen"), QStringLiteral("127.0.0.1"),
                QStringLiteral("--db"),     m_dir->filePath(QStringLiteral("s.db"))};
    }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestServiceLog::initTestCase()
{
    initTestEnvironment();
    QVERIFY2(QFile::exists(server()), qPrintable(server()));
}

void TestServiceLog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestServiceLog::notifiesReadyAndStopping_data()
{
    QTest::addColumn<bool>("abstract");
    QTest::newRow("socket file") << false;
    QTest::newRow("abstract namespace") << true;
}

void TestServiceLog::notifiesReadyAndStopping()
{
    QFETCH(bool, abstract);
    const QByteArray address = abstract ? QByteArray("@sf-notify-") + QByteArray::number(::getpid())
            + "-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch())
                                        : m_dir->filePath(QStringLiteral("notify")).toUtf8();
    NotifySocket notify(address);
    QVERIFY(notify.isBound());

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NOTIFY_SOCKET"), QString::fromUtf8(address));
    ServerRun run(server());
    run.setEnvironment(env);
    QVERIFY2(run.start(baseArgs()), qPrintable(run.standardError()));

    const QByteArray ready = notify.next();
    QVERIFY2(ready.split('\n').contains("READY=1"), ready.constData());
    QVERIFY2(ready.contains(
                 QByteArray(QByteArray("STATUS=listening on ") + run.url().toString().toUtf8())),
             ready.constData());

    QCOMPARE(run.terminate(), 0); // SIGTERM is a clean stop
    QCOMPARE(notify.next(), QByteArray("STOPPING=1"));
}

void TestServiceLog::journalPrefixes()
{
    // systemd sets JOURNAL_STREAM to the device and inode of the stream it gave as stderr.
    const QString errPath = m_dir->filePath(QStringLiteral("journal.txt"));
    QFile create(errPath);
    QVERIFY(create.open(QIODevice::WriteOnly));
    create.close();
    struct stat st = {};
    QCOMPARE(::stat(QFile::encodeName(errPath).constData(), &st), 0);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("JOURNAL_STREAM"),
               QStringLiteral("%1:%2").arg(qulonglong(st.st_dev)).arg(qulonglong(st.st_ino)));

    ServerRun run(server());
    run.setEnvironment(env);
    run.setStderrFile(errPath);
    QVERIFY2(run.start(baseArgs()), qPrintable(run.standardError()));
    QCOMPARE(run.terminate(), 0);

    const QStringList lines = run.stderrLines();
    QVERIFY(lines.size() >= 2);
    static const QRegularExpression prefix(QStringLiteral("^<[0-7]>smartfixer\\.[a-z.]+: \\S"));
    for (const QString &line : lines)
        QVERIFY2(prefix.match(line).hasMatch(), qPrintable(line));
    QVERIFY2(lines.filter(QStringLiteral("<6>smartfixer.server: serving ")).size() == 1,
             qPrintable(lines.join(u'\n')));
}

void TestServiceLog::plainLevelsOutsideTheJournal()
{
    // A JOURNAL_STREAM that is not our stderr (inherited by a shell that redirected it).
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("JOURNAL_STREAM"), QStringLiteral("1:1"));
    ServerRun run(server());
    run.setEnvironment(env);
    QVERIFY2(run.start(baseArgs()), qPrintable(run.standardError()));
    QCOMPARE(run.terminate(), 0);
    const QStringList lines = run.stderrLines();
    QVERIFY(!lines.isEmpty());
    static const QRegularExpression plain(
        QStringLiteral("^(debug|info|warning|error|fatal): smartfixer\\.[a-z.]+: \\S"));
    for (const QString &line : lines)
        QVERIFY2(plain.match(line).hasMatch(), qPrintable(line));
    QVERIFY(!lines.filter(QStringLiteral("info: smartfixer.server: stopped")).isEmpty());
}

void TestServiceLog::logLevelDebugAndError()
{
    // An account, so that a connection is authenticated and logged at debug level.
    ServerRun add(server());
    QCOMPARE(add.run({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("dora"),
                      QStringLiteral("--db"), m_dir->filePath(QStringLiteral("s.db"))}),
             0);
    ServerRun token(server());
    QCOMPARE(token.run({QStringLiteral("user"), QStringLiteral("token"), QStringLiteral("dora"),
                        QStringLiteral("--db"), m_dir->filePath(QStringLiteral("s.db"))}),
             0);
    const QString tok = token.standardOutput().section(u' ', 1).trimmed();
    QVERIFY(!tok.isEmpty());

    ServerRun debug(server());
    QVERIFY(debug.start(baseArgs() << QStringLiteral("--log-level") << QStringLiteral("debug")));
    {
        QUrl url = debug.url();
        url.setScheme(QStringLiteral("ws"));
        url.setPath(QStringLiteral("/socket.io/"));
        url.setQuery(QStringLiteral("EIO=4&transport=websocket"));
        QWebSocket socket;
        QSignalSpy text(&socket, &QWebSocket::textMessageReceived);
        socket.open(url);
        QVERIFY(text.wait(10000)); // the open packet
        socket.sendTextMessage(QStringLiteral("40{\"token\":\"%1\"}").arg(tok));
        QTRY_VERIFY_WITH_TIMEOUT(text.size() >= 2, 10000); // 40{"sid"…} and the snapshot
        QVERIFY2(text.at(1).first().toString().startsWith(QStringLiteral("40{")),
                 qPrintable(text.at(1).first().toString()));
        QTRY_VERIFY_WITH_TIMEOUT(debug.standardError().contains(QStringLiteral("debug: ")), 10000);
    }
    QCOMPARE(debug.terminate(), 0);

    ServerRun quiet(server());
    QVERIFY(quiet.start(baseArgs() << QStringLiteral("--log-level") << QStringLiteral("error")));
    QCOMPARE(quiet.terminate(), 0);
    QCOMPARE(quiet.standardError(), QString()); // a normal start and stop is not an error
}

void TestServiceLog::newlineInALoggedValueCannotForgeALine()
{
    // A failed login with free failures 0 logs a lockout warning naming the user name.
    ServerRun run(server());
    QVERIFY(
        run.start(baseArgs() << QStringLiteral("--login-free-failures") << QStringLiteral("0")));
    QUrl login = run.url();
    login.setPath(QStringLiteral("/api/login"));
    const QByteArray body
        = R"({"username":"mallory\ninfo: smartfixer.server: forged\r\u0007","password":"wrong"})";
    QCOMPARE(httpRequest(login, "POST", body).status, 401);
    QTRY_VERIFY_WITH_TIMEOUT(run.standardError().contains(QStringLiteral("mallory")), 10000);
    QCOMPARE(run.terminate(), 0);
    const QStringList lines = run.stderrLines();
    for (const QString &line : lines) {
        QVERIFY2(!line.startsWith(QStringLiteral("info: smartfixer.server: forged")),
                 qPrintable(line));
        for (const QChar c : line)
            QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x7f, qPrintable(line));
    }
    const QStringList mallory = lines.filter(QStringLiteral("mallory"));
    QCOMPARE(mallory.size(), 1);
    QVERIFY2(mallory.first().startsWith(QStringLiteral("warning: smartfixer.server: ")),
             qPrintable(mallory.first()));
}

QTEST_GUILESS_MAIN(TestServiceLog)
#include "tst_servicelog.moc"
