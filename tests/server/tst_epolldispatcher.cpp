// The server's epoll event dispatcher must behave like Qt's own for everything the server
// uses: timers (zero, single-shot, periodic, killed from a handler), posted and deferred
// events, nested event loops (QSignalSpy::wait), socket notifiers, real TCP and WebSocket
// traffic, and a whole PresenceServer with its ping and active-window timers.
#include "core/clock.h"
#include "server/epolldispatcher.h"
#include "server/presenceserver.h"
#include "storage/store.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWebSocket>

#include <sys/socket.h>
#include <unistd.h>

using namespace SmartFixer;

class TestEpollDispatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void installed();
    void zeroAndSingleShotTimers();
    void periodicTimerKeepsItsPeriod();
    void timerKilledByAnotherTimersHandler();
    void remainingTimeAndRegisteredTimers();
    void postedAndDeferredDeleteEvents();
    void nestedEventLoop();
    void socketNotifierReadAndDisable();
    void tcpEcho();
    void presenceServerEndToEnd();
};

void TestEpollDispatcher::installed()
{
    QVERIFY(dynamic_cast<EpollEventDispatcher *>(QCoreApplication::eventDispatcher()));
}

void TestEpollDispatcher::zeroAndSingleShotTimers()
{
    int zero = 0;
    int later = 0;
    QTimer::singleShot(0, this, [&] { ++zero; });
    QTimer::singleShot(30, this, [&] { ++later; });
    QTRY_COMPARE(zero, 1);
    QTRY_COMPARE(later, 1);
    QTest::qWait(60);
    QCOMPARE(zero, 1);
    QCOMPARE(later, 1);
}

void TestEpollDispatcher::periodicTimerKeepsItsPeriod()
{
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(20);
    int ticks = 0;
    connect(&timer, &QTimer::timeout, this, [&] { ++ticks; });
    QElapsedTimer elapsed;
    elapsed.start();
    timer.start();
    QTRY_VERIFY_WITH_TIMEOUT(ticks >= 10, 5000);
    timer.stop();
    // 10 periods of 20 ms: not before 200 ms (no early firing).
    QVERIFY2(elapsed.elapsed() >= 195, qPrintable(QString::number(elapsed.elapsed())));
}

void TestEpollDispatcher::timerKilledByAnotherTimersHandler()
{
    QTimer victim;
    victim.setSingleShot(true);
    int victimFired = 0;
    connect(&victim, &QTimer::timeout, this, [&] { ++victimFired; });
    victim.start(10);
    QTimer::singleShot(5, this, [&] { victim.stop(); });
    QTest::qWait(50);
    QCOMPARE(victimFired, 0);
}

void TestEpollDispatcher::remainingTimeAndRegisteredTimers()
{
    QTimer timer;
    timer.start(10'000);
    QVERIFY(timer.remainingTime() > 9'000 && timer.remainingTime() <= 10'000);
    auto *dispatcher = QCoreApplication::eventDispatcher();
    QCOMPARE(dispatcher->registeredTimers(&timer).size(), 1);
    timer.stop();
    QCOMPARE(timer.remainingTime(), -1);
    QCOMPARE(dispatcher->registeredTimers(&timer).size(), 0);
}

void TestEpollDispatcher::postedAndDeferredDeleteEvents()
{
    QPointer<QObject> doomed = new QObject;
    doomed->deleteLater();
    bool invoked = false;
    QMetaObject::invokeMethod(
        this, [&] { invoked = true; }, Qt::QueuedConnection);
    QTRY_VERIFY(invoked);
    QTRY_VERIFY(doomed.isNull());
}

void TestEpollDispatcher::nestedEventLoop()
{
    QTimer outer;
    outer.setSingleShot(true);
    bool innerDone = false;
    connect(&outer, &QTimer::timeout, this, [&] {
        QTimer inner;
        inner.setSingleShot(true);
        QSignalSpy spy(&inner, &QTimer::timeout);
        inner.start(10);
        innerDone = spy.wait(2000); // a nested QEventLoop inside a timer handler
    });
    outer.start(0);
    QTRY_VERIFY(innerDone);
}

void TestEpollDispatcher::socketNotifierReadAndDisable()
{
    int fds[2];
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    QSocketNotifier notifier(fds[1], QSocketNotifier::Read);
    int activations = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] {
        ++activations;
        char buffer[16];
        [[maybe_unused]] const auto n = ::read(fds[1], buffer, sizeof buffer);
    });
    QCOMPARE(::write(fds[0], "x", 1), 1);
    QTRY_COMPARE(activations, 1);
    notifier.setEnabled(false);
    QCOMPARE(::write(fds[0], "y", 1), 1);
    QTest::qWait(30);
    QCOMPARE(activations, 1); // disabled: not delivered
    notifier.setEnabled(true);
    QTRY_COMPARE(activations, 2); // level-triggered: the pending byte is seen on re-enable
    ::close(fds[0]);
    ::close(fds[1]);
}

void TestEpollDispatcher::tcpEcho()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    connect(&server, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *s = server.nextPendingConnection()) {
            connect(s, &QTcpSocket::readyRead, s, [s] { s->write(s->readAll()); });
            connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        }
    });
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(client.waitForConnected(5000) || client.state() == QAbstractSocket::ConnectedState);
    const QByteArray payload(200'000, 'p'); // larger than one socket buffer: write notifiers
    client.write(payload);
    QByteArray echoed;
    connect(&client, &QTcpSocket::readyRead, this, [&] { echoed += client.readAll(); });
    QTRY_COMPARE_WITH_TIMEOUT(echoed.size(), payload.size(), 10000);
    QCOMPARE(echoed, payload);
}

void TestEpollDispatcher::presenceServerEndToEnd()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.databasePath = dir.filePath(QStringLiteral("epoll.db"));
    config.limits.pingIntervalMs = 100;
    config.limits.pingTimeoutMs = 100;
    PresenceServer server(config, Clock::system());
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    QString token;
    {
        const auto user = server.store()->createUser(QStringLiteral("epoll"), {}, {});
        QVERIFY2(user, qPrintable(user.error()));
        token = server.store()->issueToken(user->id);
    }
    QWebSocket ws;
    QStringList frames;
    connect(&ws, &QWebSocket::textMessageReceived, this, [&](const QString &frame) {
        frames.append(frame);
        if (frame == QLatin1String("2"))
            ws.sendTextMessage(QStringLiteral("3")); // answer pings: the ping timer must run
    });
    QUrl url(QStringLiteral("ws://127.0.0.1/socket.io/?EIO=4&transport=websocket"));
    url.setPort(server.serverPort());
    ws.open(url);
    QTRY_VERIFY(!frames.isEmpty() && frames.first().startsWith(QLatin1Char('0')));
    ws.sendTextMessage(QStringLiteral("40{\"token\":\"") + token + QStringLiteral("\"}"));
    QTRY_VERIFY(frames.contains(QStringLiteral("2"))); // the server's ping timer fired
    QVERIFY(std::any_of(frames.cbegin(), frames.cend(),
                        [](const QString &f) { return f.startsWith(QLatin1String("40{")); }));
    // Several ping periods later the connection is still alive: pongs were read in time.
    QTest::qWait(450);
    QCOMPARE(ws.state(), QAbstractSocket::ConnectedState);
    ws.close();
    server.stop();
}

int main(int argc, char *argv[])
{
    // As smartfixer-server does: the dispatcher is installed before the application exists.
    qputenv("SF_EPOLL_DISPATCHER", "1");
    if (!EpollEventDispatcher::installForMainThread())
        qFatal("could not install the epoll event dispatcher");
    QCoreApplication app(argc, argv);
    TestEpollDispatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epolldispatcher.moc"
