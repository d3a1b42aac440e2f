// The client against Socket.IO servers none of us wrote: Node's socket.io 4.8 and
// python-socketio 5.7 (aiohttp), started by the test on 127.0.0.1 port 0.
#include "client/clientsession.h"
#include "client/sioclient.h"
#include "core/logging.h"
#include "serverprocess.h"
#include "testsupport.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace SmartFixer;
using SmartFixer::Test::ServerProcess;

Q_DECLARE_METATYPE(SmartFixer::Test::ServerProcess::Kind)

// Starts a server: skips when its interpreter is not installed at all, fails the test with the
// reason when it does not come up.
#define START_SERVER(server, ...) \
    do { \
        QString missing; \
        if (!ServerProcess::interpreterAvailable(kind, &missing)) \
            QSKIP(qPrintable(missing)); \
        const QString startError = startServer(server, __VA_ARGS__); \
        QVERIFY2(startError.isEmpty(), qPrintable(startError)); \
    } while (false)

namespace {

//! A client that records every event it receives.
struct Recorder
{
    explicit Recorder(SocketIoClient *client)
    {
        QObject::connect(client, &SocketIoClient::eventReceived, client,
                         [this](const QString &name, const QJsonArray &args) {
                             events.append({name, args.isEmpty() ? QJsonValue() : args.first()});
                         });
    }
    //! Payloads of \a name received so far.
    QList<QJsonObject> of(const QString &name) const
    {
        QList<QJsonObject> out;
        for (const auto &e : events)
            if (e.first == name)
                out.append(e.second.toObject());
        return out;
    }
    QList<QPair<QString, QJsonValue>> events;
};

ReconnectPolicy fastRetry()
{
    ReconnectPolicy p;
    p.initialDelayMs = 100;
    p.maxDelayMs = 400;
    return p;
}

std::unique_ptr<SocketIoClient> makeClient(const QUrl &url, const QString &token)
{
    auto client = std::make_unique<SocketIoClient>();
    client->setServerUrl(url);
    client->setAuth(QJsonObject{{QStringLiteral("token"), token}});
    client->setFollowNetworkChanges(false);
    client->setReconnectPolicy(fastRetry());
    return client;
}

} // namespace

class TestClientInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { SmartFixer::Test::initTestEnvironment(); }

    void connectAndSnapshot_data() { servers(); }
    void connectAndSnapshot()
    {
        QFETCH(ServerProcess::Kind, kind);
        ServerProcess server;
        START_SERVER(server, kind);
        auto alice = makeClient(server.url(), QStringLiteral("alice-token"));
        Recorder rec(alice.get());
        QSignalSpy status(alice.get(), &SocketIoClient::statusChanged);
        QVERIFY(status.isValid());
        alice->open();
        QTRY_VERIFY_WITH_TIMEOUT(alice->isConnected(), 10000);
        QCOMPARE(status.first().first().value<ConnectionStatus>().state,
                 ConnectionStatus::Connecting);
        QCOMPARE(alice->status().state, ConnectionStatus::Connected);
        QVERIFY(!alice->engineSid().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(rec.of(QStringLiteral("presence_snapshot")).size(), 1, 5000);
        const QJsonArray users = rec.of(QStringLiteral("presence_snapshot"))
                                     .first()
                                     .value(QStringLiteral("users"))
                                     .toArray();
        QCOMPARE(users.size(), 2); // bob and carol
        for (const QJsonValue &u : users)
            QVERIFY(PresenceInfo::fromJson(u.toObject()).ok());
    }

    void authFailure_data() { servers(); }
    void authFailure()
    {
        QFETCH(ServerProcess::Kind, kind);
        ServerProcess server;
        START_SERVER(server, kind);
        auto mallory = makeClient(server.url(), QStringLiteral("wrong-token"));
        QSignalSpy connected(mallory.get(), &SocketIoClient::connected);
        mallory->open();
        QTRY_COMPARE_WITH_TIMEOUT(mallory->status().state, ConnectionStatus::Unauthorized, 10000);
        QCOMPARE(mallory->status().message, QStringLiteral("unauthorized"));
        QCOMPARE(connected.count(), 0);
        // No retry is scheduled: still unauthorized after a full backoff period would be over.
        QSignalSpy status(mallory.get(), &SocketIoClient::statusChanged);
        QVERIFY(!status.wait(fastRetry().maxDelayMs * 2));
        QCOMPARE(mallory->status().state, ConnectionStatus::Unauthorized);
    }

    void liveUpdates_data() { servers(); }
    void liveUpdates()
    {
        QFETCH(ServerProcess::Kind, kind);
        ServerProcess server;
        START_SERVER(server, kind);
        auto alice = makeClient(server.url(), QStringLiteral("alice-token"));
        Recorder rec(alice.get());
        alice->open();
        QTRY_VERIFY_WITH_TIMEOUT(alice->isConnected(), 10000);

        auto bob = makeClient(server.url(), QStringLiteral("bob-token"));
        bob->open();
        auto bobUpdates = [&rec] {
            QList<QJsonObject> out;
            const auto all = rec.of(QStringLiteral("user_presence_update"));
            for (const QJsonObject &o : all)
                if (o.value(QStringLiteral("user_id")).toInt() == 2)
                    out.append(o);
            return out;
        };
        QTRY_COMPARE_WITH_TIMEOUT(bobUpdates().size(), 1, 10000);
        auto online = PresenceInfo::fromJson(bobUpdates().at(0));
        QVERIFY(online.ok());
        QCOMPARE(online->state, PresenceState::Online);
        QVERIFY(online->isOnline);

        bob->close();
        QTRY_COMPARE_WITH_TIMEOUT(bobUpdates().size(), 2, 10000);
        auto gone = PresenceInfo::fromJson(bobUpdates().at(1));
        QVERIFY(gone.ok());
        QVERIFY(!gone->isOnline);
        QCOMPARE(gone->state, PresenceState::Active);
        QVERIFY(gone->lastActiveAgoMs.has_value());
    }

    void acks_data() { servers(); }
    void acks()
    {
        QFETCH(ServerProcess::Kind, kind);
        ServerProcess server;
        START_SERVER(server, kind);
        auto alice = makeClient(server.url(), QStringLiteral("alice-token"));
        auto bob = makeClient(server.url(), QStringLiteral("bob-token"));
        Recorder bobRec(bob.get());
        alice->open();
        bob->open();
        QTRY_VERIFY_WITH_TIMEOUT(alice->isConnected() && bob->isConnected(), 10000);

        std::optional<Result<QJsonArray>> activity;
        alice->emitWithAck(QStringLiteral("user_activity"), {QJsonObject()},
                           [&](const Result<QJsonArray> &r) { activity = r; });
        QTRY_VERIFY_WITH_TIMEOUT(activity.has_value(), 5000);
        QVERIFY2(activity->ok(), qPrintable(activity->error()));
        QCOMPARE(activity->value().first().toObject(), QJsonObject());

        std::optional<Result<QJsonArray>> sub;
        alice->emitWithAck(QStringLiteral("presence_subscribe"),
                           {QJsonObject{{QStringLiteral("user_ids"), QJsonArray{2, 3, 999}}}},
                           [&](const Result<QJsonArray> &r) { sub = r; });
        QTRY_VERIFY_WITH_TIMEOUT(sub.has_value(), 5000);
        QVERIFY(sub->ok());
        const QJsonArray users
            = sub->value().first().toObject().value(QStringLiteral("users")).toArray();
        QCOMPARE(users.size(), 2); // unknown 999 left out
        QCOMPARE(users.at(0).toObject().value(QStringLiteral("user_id")).toInt(), 2);

        const QJsonObject message{{QStringLiteral("to"), 2},
                                  {QStringLiteral("text"), QStringLiteral("hello bob")},
                                  {QStringLiteral("client_id"), QStringLiteral("c-1")}};
        std::optional<Result<QJsonArray>> first;
        std::optional<Result<QJsonArray>> again;
        alice->emitWithAck(QStringLiteral("send_message"), {message},
                           [&](const Result<QJsonArray> &r) { first = r; });
        QTRY_VERIFY_WITH_TIMEOUT(first.has_value(), 5000);
        QVERIFY(first->ok());
        const QJsonObject ack = first->value().first().toObject();
        QVERIFY(ack.value(QStringLiteral("id")).toInt() > 0);
        QVERIFY(parseIsoUtc(ack.value(QStringLiteral("sent_at")).toString()).has_value());
        QTRY_COMPARE_WITH_TIMEOUT(bobRec.of(QStringLiteral("new_message")).size(), 1, 5000);
        QCOMPARE(bobRec.of(QStringLiteral("new_message"))
                     .first()
                     .value(QStringLiteral("text"))
                     .toString(),
                 QStringLiteral("hello bob"));
        // The same client_id again: the first ack, and bob gets nothing new.
        alice->emitWithAck(QStringLiteral("send_message"), {message},
                           [&](const Result<QJsonArray> &r) { again = r; });
        QTRY_VERIFY_WITH_TIMEOUT(again.has_value(), 5000);
        QCOMPARE(again->value().first().toObject(), ack);
        // A round trip after the duplicate proves no second new_message is on the way.
        std::optional<Result<QJsonArray>> sync;
        bob->emitWithAck(QStringLiteral("user_activity"), {},
                         [&](const Result<QJsonArray> &r) { sync = r; });
        QTRY_VERIFY_WITH_TIMEOUT(sync.has_value(), 5000);
        QCOMPARE(bobRec.of(QStringLiteral("new_message")).size(), 1);
    }

    void ackTimeout_data() { servers(); }
    void ackTimeout()
    {
        QFETCH(ServerProcess::Kind, kind);
        ServerProcess server;
        START_SERVER(server, kind);
        auto alice = makeClient(server.url(), QStringLiteral("alice-token"));
        alice->open();
        QTRY_VERIFY_WITH_TIMEOUT(alice->isConnected(), 10000);
        std::optional<Result<QJsonArray>> result;
        int calls = 0;
        alice->emitWithAck(
            QStringLiteral("never_acked"), {QJsonObject()},
            [&](const Result<QJsonArray> &r) {
                result = r;
                ++calls;
            },
            300);
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
        QVERIFY(!result->ok());
        QCOMPARE(result->error(), QStringLiteral("timeout after 300 ms"));
        QVERIFY(alice->isConnected()); // a missing ack does not end the connection
        // A normal ack still works afterwards, and the timed-out callback never runs again.
        std::optional<Result<QJsonArray>> ok;
        alice->emitWithAck(QStringLiteral("user_activity"), {},
                           [&](const Result<QJsonArray> &r) { ok = r; });
        QTRY_VERIFY_WITH_TIMEOUT(ok.has_value(), 5000);
        QVERIFY(ok->ok());
        QCOMPARE(calls, 1);
    }

    void deadServerDetected_data() { servers(); }
    void deadServerDetected()
    {
        QFETCH(ServerProcess::Kind, kind);
        ServerProcess server;
        // Fast pings so a silent server is noticed within a second.
        START_SERVER(server, kind,
                     {QStringLiteral("--ping-interval"), QStringLiteral("300"),
                      QStringLiteral("--ping-timeout"), QStringLiteral("300")});
        auto alice = makeClient(server.url(), QStringLiteral("alice-token"));
        QSignalSpy disconnected(alice.get(), &SocketIoClient::disconnected);
        alice->open();
        QTRY_VERIFY_WITH_TIMEOUT(alice->isConnected(), 10000);
        QCOMPARE(alice->pingIntervalMs(), 300);
        // Several pings answered: still connected after two intervals.
        QVERIFY(!disconnected.wait(900));
        server.pause(); // alive but silent: no pings any more
        QVERIFY(disconnected.wait(5000));
        QCOMPARE(disconnected.first().first().toString(), QStringLiteral("ping timeout"));
        QCOMPARE(alice->status().state == ConnectionStatus::Reconnecting
                     || alice->status().state == ConnectionStatus::Connecting,
                 true);
        server.resume();
        QTRY_VERIFY_WITH_TIMEOUT(alice->isConnected(), 10000); // and back
    }

    void sessionQueueAcrossRestart_data() { servers(); }
    void sessionQueueAcrossRestart()
    {
        QFETCH(ServerProcess::Kind, kind);
        QTemporaryDir dir;
        auto server = std::make_unique<ServerProcess>();
        START_SERVER(*server, kind);
        const quint16 port = server->port();

        ClientOptions options;
        options.serverUrl = server->url();
        options.cachePath = dir.filePath(QStringLiteral("cache.sqlite"));
        options.reconnect = fastRetry();
        options.followNetworkChanges = false;
        options.ackTimeoutMs = 3000;
        ClientSession session(options);
        QSignalSpy presence(&session, &ClientSession::presenceReceived);
        session.signInWithToken(QStringLiteral("alice-token"));
        QTRY_VERIFY_WITH_TIMEOUT(session.isConnected(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(session.presence()->contains(2), 5000); // snapshot
        session.subscribe({3});

        server->stop();
        QTRY_VERIFY_WITH_TIMEOUT(!session.isConnected(), 10000);
        presence.clear();
        // Offline: queued (and persisted), in order.
        QSignalSpy updated(&session, &ClientSession::messageUpdated);
        const QString c1 = session.sendMessage(2, QStringLiteral("one"));
        const QString c2 = session.sendMessage(2, QStringLiteral("two"));
        const QString c3 = session.sendMessage(2, QStringLiteral("three"));
        QCOMPARE(session.outbox().size(), 3);
        QCOMPARE(session.outbox().at(0).clientId, c1);

        // The server comes back on the same port; bob is there to receive.
        server = std::make_unique<ServerProcess>();
        START_SERVER(*server, kind, {QStringLiteral("--port"), QString::number(port)});
        auto bob = makeClient(server->url(), QStringLiteral("bob-token"));
        Recorder bobRec(bob.get());
        bob->open();
        QTRY_VERIFY_WITH_TIMEOUT(bob->isConnected(), 10000);
        session.reconnectNow(); // it may have reconnected by backoff already
        QTRY_VERIFY_WITH_TIMEOUT(session.isConnected(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(session.outbox().size(), 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(bobRec.of(QStringLiteral("new_message")).size(), 3, 5000);
        const auto got = bobRec.of(QStringLiteral("new_message"));
        QCOMPARE(got.at(0).value(QStringLiteral("client_id")).toString(), c1);
        QCOMPARE(got.at(1).value(QStringLiteral("client_id")).toString(), c2);
        QCOMPARE(got.at(2).value(QStringLiteral("client_id")).toString(), c3);
        QCOMPARE(got.at(2).value(QStringLiteral("text")).toString(), QStringLiteral("three"));
        // Delivery state went queued → sent for each.
        const auto history = session.history(2);
        QCOMPARE(history.size(), 3);
        for (const ChatMessage &m : history)
            QCOMPARE(m.delivery, ChatMessage::Delivery::Sent);
        // Presence refreshed after the reconnect: a new snapshot and the re-subscription of 3.
        QTRY_VERIFY_WITH_TIMEOUT(presence.count() >= 3, 5000);
        bool sawCarol = false;
        for (const auto &args : std::as_const(presence))
            sawCarol |= args.first().value<PresenceInfo>().userId == 3;
        QVERIFY(sawCarol);
    }

private:
    void servers()
    {
        QTest::addColumn<ServerProcess::Kind>("kind");
        QTest::newRow("node") << ServerProcess::Kind::Node;
        QTest::newRow("python") << ServerProcess::Kind::Python;
    }
    //! Empty when \a server came up, else why not.
    static QString startServer(ServerProcess &server, ServerProcess::Kind kind,
                               const QStringList &args = {})
    {
        QString error;
        return server.start(kind, args, &error) ? QString() : error;
    }
};

QTEST_GUILESS_MAIN(TestClientInterop)
#include "tst_clientinterop.moc"
