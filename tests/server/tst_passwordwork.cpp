// Password hashing off the event loop (issue 14 item 3), against the real server on port 0:
// a flood of logins and registrations does not hold up other clients' presence updates; a
// full hash queue answers 503 + Retry-After; a client that leaves before its hash finishes
// costs nothing; pipelined answers keep their order; registrations are limited per address.
#include "httptestclient.h"
#include "server/httpfront.h"
#include "server/passwordworkers.h"
#include "serverfixture.h"
#include "sioclient.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>
#include <memory>

using namespace SmartFixer;
using namespace SmartFixer::Test;

namespace {

//! One raw HTTP/1.1 connection that sends a request at once and collects the answers.
struct RawHttp
{
    std::unique_ptr<QTcpSocket> socket = std::make_unique<QTcpSocket>();
    QByteArray received;

    void open(quint16 port, const QByteArray &requests)
    {
        QObject::connect(socket.get(), &QTcpSocket::readyRead, socket.get(),
                         [this] { received += socket->readAll(); });
        QObject::connect(socket.get(), &QTcpSocket::connected, socket.get(),
                         [this, requests] { socket->write(requests); });
        socket->connectToHost(QHostAddress::LocalHost, port);
    }
    //! The status codes of the complete answers so far, in order.
    QList<int> statuses() const
    {
        QList<int> out;
        qsizetype at = 0;
        while (true) {
            const qsizetype head = received.indexOf("\r\n\r\n", at);
            if (head < 0 || !received.mid(at, 9).startsWith("HTTP/1.1 "))
                break;
            const QByteArray header = received.mid(at, head - at).toLower();
            const qsizetype cl = header.indexOf("content-length: ");
            const qint64 length = cl < 0
                ? 0
                : header.mid(cl + 16, header.indexOf('\r', cl) - cl - 16).trimmed().toLongLong();
            if (received.size() < head + 4 + length)
                break;
            out << received.mid(at + 9, 3).toInt();
            at = head + 4 + length;
        }
        return out;
    }
    bool hasHeader(const QByteArray &line) const { return received.contains(line); }
};

QByteArray loginRequest(const QString &name, const QString &password, bool close = false)
{
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("username"), name},
                                                      {QStringLiteral("password"), password}})
                                .toJson(QJsonDocument::Compact);
    return "POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + QByteArray(close ? "Connection: close\r\n" : "")
        + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray registerRequest(const QString &name)
{
    const QByteArray body
        = QJsonDocument(QJsonObject{{QStringLiteral("username"), name},
                                    {QStringLiteral("password"), QStringLiteral("long enough pw")}})
              .toJson(QJsonDocument::Compact);
    return "POST /api/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           "Content-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace

class tst_PasswordWork : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void floodKeepsPresenceFlowing()
    {
        // One hash thread and room for the whole flood: the hashes take their time while the
        // presence update must not wait for them.
        ServerFixture f([](ServerConfig &c) {
            c.passwordWorkers.threads = 1;
            c.passwordWorkers.maxQueued = 256;
            c.passwordWorkers.maxPerAddress = 0; // one address floods here
            c.openRegistration = true;
            c.registrationLimit.burst = 0; // this test floods registrations too
        });
        QVERIFY(f.start());
        f.addContact(f.bob().id, f.alice().id);
        SioTestClient bob;
        QVERIFY(bob.connectAndWait(f.port, f.bob().token));
        QVERIFY(bob.waitEventCount(QStringLiteral("presence_snapshot"), 1));

        constexpr int Flood = 48;
        std::vector<RawHttp> flood(Flood);
        for (int i = 0; i < Flood; ++i) {
            const QString name = QStringLiteral("guess%1").arg(i);
            flood[i].open(f.port,
                          i % 4 == 3 ? registerRequest(name)
                                     : loginRequest(name, QStringLiteral("wrong-password")));
        }
        const PasswordWorkers *workers = f.server->passwordWorkers();
        QVERIFY(workers);
        QTRY_VERIFY(workers->inFlight() >= Flood / 2);

        SioTestClient alice;
        QElapsedTimer latency;
        latency.start();
        alice.open(f.port, f.alice().token);
        // Measured at the event that delivers it, not at a QTRY poll step.
        while (bob.updatesAbout(f.alice().id).isEmpty() && latency.elapsed() < 5000)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
        QVERIFY(!bob.updatesAbout(f.alice().id).isEmpty());
        const qint64 ms = latency.elapsed();
        const int stillHashing = workers->inFlight();
        qInfo("presence update during a flood of %d logins/registrations: %lld ms (%d hashes "
              "still queued)",
              Flood, ms, stillHashing);
        QVERIFY2(stillHashing > 0, "the flood was over before the update: nothing was measured");
        QVERIFY2(ms < 500, qPrintable(QStringLiteral("update took %1 ms").arg(ms)));

        // Every flood request is answered: 401 for the guesses, 201 for the registrations.
        for (int i = 0; i < Flood; ++i) {
            QTRY_COMPARE_WITH_TIMEOUT(flood[i].statuses().size(), 1, 20000);
            QCOMPARE(flood[i].statuses().constFirst(), i % 4 == 3 ? 201 : 401);
        }
    }

    void fullQueueAnswers503WithRetryAfter()
    {
        ServerFixture f([](ServerConfig &c) {
            c.passwordWorkers.threads = 1;
            c.passwordWorkers.maxQueued = 3;
            c.passwordWorkers.maxPerAddress = 0;
            c.metricsToken = QStringLiteral("metrics-token-0123456789");
        });
        QVERIFY(f.start());
        constexpr int Burst = 24;
        std::vector<RawHttp> burst(Burst);
        for (int i = 0; i < Burst; ++i)
            burst[i].open(
                f.port,
                loginRequest(QStringLiteral("user%1").arg(i), QStringLiteral("wrong-password")));
        int busy = 0;
        int refused = 0;
        for (RawHttp &r : burst) {
            QTRY_COMPARE_WITH_TIMEOUT(r.statuses().size(), 1, 20000);
            const int status = r.statuses().constFirst();
            QVERIFY2(status == 401 || status == 503, qPrintable(QString::number(status)));
            if (status == 503) {
                ++busy;
                QVERIFY(r.hasHeader("\r\nRetry-After: 1\r\n"));
                QVERIFY(r.received.contains("\"error\""));
            } else {
                ++refused;
            }
        }
        qInfo("%d of %d logins were queued (401), %d got 503", refused, Burst, busy);
        QVERIFY(busy > 0);
        QVERIFY(refused >= 3);
        QCOMPARE(f.server->passwordWorkers()->refused(), quint64(busy));
        HttpTestClient metrics(f.port);
        const QByteArray text
            = metrics.get(QStringLiteral("/metrics"), QStringLiteral("metrics-token-0123456789"))
                  .body;
        const QByteArray line
            = "\nsmartfixer_password_jobs_refused_total " + QByteArray::number(busy) + '\n';
        QVERIFY2(text.contains(line), text.constData());
        // A busy answer is no failed guess: the throttle did not count it.
        HttpTestClient http(f.port);
        QTRY_COMPARE(f.server->passwordWorkers()->inFlight(), 0);
        QCOMPARE(http.post(QStringLiteral("/api/login"),
                           {{QStringLiteral("username"), QStringLiteral("alice")},
                            {QStringLiteral("password"), QStringLiteral("secret-alice")}})
                     .status,
                 200);
    }

    void parallelGuessesPerAddressAreCapped()
    {
        // Failures count once checked: guesses sent in parallel are capped per address, so
        // they cannot all be checked before the address throttle sees one.
        ServerFixture f([](ServerConfig &c) {
            c.passwordWorkers.threads = 1;
            c.passwordWorkers.maxPerAddress = 2;
        });
        QVERIFY(f.start());
        constexpr int Burst = 8;
        std::vector<RawHttp> burst(Burst);
        for (int i = 0; i < Burst; ++i)
            burst[i].open(
                f.port,
                loginRequest(QStringLiteral("name%1").arg(i), QStringLiteral("wrong-password")));
        int capped = 0;
        for (RawHttp &r : burst) {
            QTRY_COMPARE_WITH_TIMEOUT(r.statuses().size(), 1, 20000);
            const int status = r.statuses().constFirst();
            QVERIFY2(status == 401 || status == 429, qPrintable(QString::number(status)));
            if (status == 429) {
                ++capped;
                QVERIFY(r.hasHeader("\r\nRetry-After: 1\r\n"));
            }
        }
        QVERIFY2(capped >= Burst / 2, qPrintable(QString::number(capped)));
        QTRY_COMPARE(f.server->passwordWorkers()->inFlight(), 0);
        // Once checked, the next login from the address is checked again.
        HttpTestClient http(f.port);
        QCOMPARE(http.post(QStringLiteral("/api/login"),
                           {{QStringLiteral("username"), QStringLiteral("alice")},
                            {QStringLiteral("password"), QStringLiteral("secret-alice")}})
                     .status,
                 200);
    }

    void clientLeavesBeforeItsHashFinishes()
    {
        ServerFixture f([](ServerConfig &c) {
            c.passwordWorkers.threads = 1;
            c.passwordWorkers.maxQueued = 64;
            c.passwordWorkers.maxPerAddress = 0;
        });
        QVERIFY(f.start());
        const PasswordWorkers *workers = f.server->passwordWorkers();
        // Filler jobs ahead of it keep the one thread busy, so the leaver's hash is still
        // waiting when it goes.
        constexpr int Filler = 12;
        std::vector<RawHttp> filler(Filler);
        for (int i = 0; i < Filler; ++i)
            filler[i].open(
                f.port, loginRequest(QStringLiteral("filler%1").arg(i), QStringLiteral("wrong")));
        QTRY_VERIFY(workers->inFlight() + int(workers->completed()) >= Filler);
        std::vector<RawHttp> leavers(4);
        leavers[0].open(f.port,
                        loginRequest(QStringLiteral("alice"), QStringLiteral("secret-alice")));
        leavers[1].open(f.port,
                        loginRequest(QStringLiteral("bob"), QStringLiteral("secret-bob"), true));
        leavers[2].open(f.port, loginRequest(QStringLiteral("nobody"), QStringLiteral("pw")));
        // Pipelined: a second request behind the one whose hash is pending.
        leavers[3].open(f.port,
                        loginRequest(QStringLiteral("carol"), QStringLiteral("secret-carol"))
                            + "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        // All four are parsed and queued (a job is briefly in neither count between its
        // worker and its delivery; QTRY looks again).
        QTRY_VERIFY(workers->inFlight() + int(workers->completed()) >= Filler + 4);
        for (RawHttp &r : leavers)
            r.socket->abort();
        const int pending = workers->inFlight();
        qInfo("%d hashes pending when the 4 clients left", pending);
        QVERIFY2(pending >= 4, "the leavers' hashes were done before they left");
        QTRY_COMPARE_WITH_TIMEOUT(workers->inFlight(), 0, 20000);
        for (RawHttp &r : leavers)
            QVERIFY(r.statuses().isEmpty());
        // The fillers were answered, the server lives on.
        for (RawHttp &r : filler) {
            QTRY_COMPARE(r.statuses().size(), 1);
            QCOMPARE(r.statuses().constFirst(), 401);
        }
        HttpTestClient http(f.port);
        QCOMPARE(http.get(QStringLiteral("/healthz")).status, 200);
        QCOMPARE(http.post(QStringLiteral("/api/login"),
                           {{QStringLiteral("username"), QStringLiteral("carol")},
                            {QStringLiteral("password"), QStringLiteral("secret-carol")}})
                     .status,
                 200);
    }

    void pipelinedAnswersKeepTheirOrder()
    {
        ServerFixture f;
        QVERIFY(f.start());
        RawHttp r;
        // The login is answered after its hash, /healthz at once: still second.
        r.open(f.port,
               loginRequest(QStringLiteral("alice"), QStringLiteral("secret-alice"))
                   + "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                   + loginRequest(QStringLiteral("alice"), QStringLiteral("wrong"))
                   + "GET /nothing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(r.statuses().size(), 4, 10000);
        QCOMPARE(r.statuses(), (QList<int>{200, 200, 401, 404}));
        QVERIFY(r.received.indexOf("\"token\"") < r.received.indexOf("\"status\":\"ok\""));

        // More answers waiting behind a pending one than a connection may have: dropped.
        RawHttp greedy;
        QByteArray many = loginRequest(QStringLiteral("alice"), QStringLiteral("secret-alice"));
        for (int i = 0; i < HttpFront::MaxPendingAnswers + 4; ++i)
            many += "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        greedy.open(f.port, many);
        QTRY_VERIFY_WITH_TIMEOUT(greedy.socket->state() == QAbstractSocket::UnconnectedState,
                                 10000);
        QVERIFY(greedy.statuses().size() <= HttpFront::MaxPendingAnswers);
        HttpTestClient http(f.port);
        QCOMPARE(http.get(QStringLiteral("/healthz")).status, 200);
    }

    void registrationsAreLimitedPerAddress()
    {
        ServerFixture f([](ServerConfig &c) {
            c.openRegistration = true;
            c.registrationLimit.burst = 3;
            c.registrationLimit.intervalMs = 60000;
        });
        QVERIFY(f.start(false));
        HttpTestClient http(f.port);
        auto reg = [&](const QString &name) {
            return http.post(QStringLiteral("/api/register"),
                             {{QStringLiteral("username"), name},
                              {QStringLiteral("password"), QStringLiteral("long enough pw")}});
        };
        for (int i = 0; i < 3; ++i)
            QCOMPARE(reg(QStringLiteral("new%1").arg(i)).status, 201);
        HttpResult r = reg(QStringLiteral("new3"));
        QCOMPARE(r.status, 429);
        QVERIFY(r.isJsonError());
        QCOMPARE(r.header("Retry-After"), QByteArray("60"));
        // Refused before anything was checked or stored.
        QVERIFY(!f.server->store()->userByName(QStringLiteral("new3")));
        f.clock.advance(30000);
        r = reg(QStringLiteral("new3"));
        QCOMPARE(r.status, 429);
        QCOMPARE(r.header("Retry-After"), QByteArray("30"));
        f.clock.advance(30000);
        QCOMPARE(reg(QStringLiteral("new3")).status, 201);
        QCOMPARE(reg(QStringLiteral("new4")).status, 429);
        // A taken name or a short password is answered as before and costs no registration.
        f.clock.advance(60000);
        QCOMPARE(reg(QStringLiteral("new0")).status, 409);
        QCOMPARE(http.post(QStringLiteral("/api/register"),
                           {{QStringLiteral("username"), QStringLiteral("short")},
                            {QStringLiteral("password"), QStringLiteral("x")}})
                     .status,
                 400);
        QCOMPARE(reg(QStringLiteral("new5")).status, 201);
    }
};

QTEST_GUILESS_MAIN(tst_PasswordWork)
#include "tst_passwordwork.moc"
