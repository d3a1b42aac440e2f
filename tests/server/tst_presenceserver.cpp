// Integration tests of PresenceServer over loopback: real WebSockets and HTTP against a server
// on 127.0.0.1 port 0, a ManualClock for the active window.
#include "httptestclient.h"
#include "serverfixture.h"
#include "sioclient.h"
#include "testsupport.h"

#include <QtTest>

using namespace SmartFixer;
using namespace SmartFixer::Test;

namespace {

QString state(const QJsonObject &presence)
{
    return presence.value(QStringLiteral("state")).toString();
}

QString path(const char *format, qint64 id)
{
    return QString::fromLatin1(format).arg(id);
}

} // namespace

class TestPresenceServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Every test runs on SQLite and on PostgreSQL: the server must behave the same on both.
    void initTestCase_data()
    {
        QTest::addColumn<bool>("postgres");
        QTest::newRow("sqlite") << false;
        QTest::newRow("postgres") << true;
    }
    void initTestCase() { initTestEnvironment(); }
    void init()
    {
        QFETCH_GLOBAL(bool, postgres);
        fixtureOnPostgres() = postgres;
        if (postgres)
            QVERIFY2(postgresServer().ok(), qPrintable(postgresServer().error));
    }

    void listensOnAFreePort()
    {
        ServerFixture f;
        QVERIFY(f.start(false));
        QVERIFY(f.port != 0);
        QCOMPARE(f.server->url().toString(), QStringLiteral("http://127.0.0.1:%1").arg(f.port));
        // A second server on the same port fails with a clear error.
        ServerConfig taken = f.config;
        taken.port = f.port;
        taken.databasePath = f.dir.filePath(QStringLiteral("other.db"));
        PresenceServer second(taken, &f.clock);
        QString error;
        QVERIFY(!second.start(&error));
        QVERIFY2(error.contains(QStringLiteral("cannot listen")), qPrintable(error));
        QVERIFY(!second.isRunning());
    }

    void keepAliveConnectionOutlivesAStoppedServer()
    {
        // A client's keep-alive HTTP connection that sends a request after the server was
        // stopped and deleted must not reach the deleted server (it crashed once: the
        // connection lived on in the deferred-deleted HTTP front).
        ServerFixture f;
        QVERIFY(f.start());
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, f.port);
        QVERIFY(client.waitForConnected(5000));
        const QByteArray request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        client.write(request);
        QTRY_VERIFY(client.bytesAvailable() > 0 || client.waitForReadyRead(100));
        QVERIFY(client.readAll().startsWith("HTTP/1.1 200"));
        QTRY_COMPARE(f.server->metricsText().isEmpty(), false);

        // The request is in the server's socket buffer before the server goes away.
        client.write(request);
        QVERIFY(client.flush());
        f.server->stop();
        f.server.reset();
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), QAbstractSocket::UnconnectedState, 5000);
        QCOMPARE(client.readAll(), QByteArray()); // cut off, not answered
    }

    void givenBackendsAreUsed()
    {
        // The composition root takes its parts: an already open store, a registry, and a
        // delivery that wraps the local one (as a cluster bus would).
        struct CountingDelivery final : Delivery
        {
            explicit CountingDelivery(Delivery *inner) : inner(inner) { }
            void deliver(ConnectionId c, const QString &event, const QJsonValue &payload) override
            {
                events.append(event);
                inner->deliver(c, event, payload);
            }
            Delivery *inner;
            QStringList events;
        };
        ServerFixture f;
        auto store = std::make_unique<Store>(f.config.databasePath);
        QString error;
        SF_OPEN(*store);
        QList<UserRow> rows
            = store->createUsers({QStringLiteral("ann"), QStringLiteral("ben")}).value();
        QCOMPARE(rows.size(), 2);
        QVERIFY(store->addContact(rows[0].id, rows[1].id).value());
        const QStringList tokens = store->issueTokens({rows[0].id, rows[1].id}).value();
        ServerStore *given = store.get();
        CountingDelivery *counting = nullptr;
        ServerBackends backends;
        backends.store = std::move(store);
        backends.registry = std::make_unique<InMemoryPresenceRegistry>();
        backends.delivery = [&counting](Delivery *local) {
            auto d = std::make_unique<CountingDelivery>(local);
            counting = d.get();
            return d;
        };
        PresenceServer server(f.config, std::move(backends), &f.clock);
        QVERIFY2(server.start(&error), qPrintable(error));
        QCOMPARE(server.store(), given);
        QVERIFY(counting);

        SioTestClient ann, ben;
        QVERIFY(ann.connectAndWait(server.serverPort(), tokens[0]));
        QVERIFY(ben.connectAndWait(server.serverPort(), tokens[1]));
        QTRY_COMPARE(ann.updatesAbout(rows[1].id).size(), 1);
        QCOMPARE(state(ann.updatesAbout(rows[1].id).first()), QStringLiteral("online"));
        QVERIFY(counting->events.contains(QStringLiteral("presence_snapshot")));
        QVERIFY(counting->events.contains(QStringLiteral("user_presence_update")));
        ben.call(QStringLiteral("send_message"),
                 QJsonObject{{QStringLiteral("to"), rows[0].id},
                             {QStringLiteral("text"), QStringLiteral("hi")}});
        QVERIFY(ann.waitEventCount(QStringLiteral("new_message"), 1));
        QVERIFY(counting->events.contains(QStringLiteral("new_message")));
        server.stop();
        QVERIFY(!server.store());
    }

    void databaseThatCannotOpen()
    {
        ServerFixture f(
            [](ServerConfig &c) { c.databasePath = QStringLiteral("/nonexistent-dir/sub/x.db"); });
        PresenceServer server(f.config, &f.clock);
        QString error;
        QVERIFY(!server.start(&error));
        QVERIFY2(error.contains(QStringLiteral("cannot open database")), qPrintable(error));
    }

    void login()
    {
        ServerFixture f;
        QVERIFY(f.start());
        HttpTestClient http(f.port);
        auto r = http.post(QStringLiteral("/api/login"),
                           {{QStringLiteral("username"), QStringLiteral("alice")},
                            {QStringLiteral("password"), QStringLiteral("secret-alice")}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("user_id")).toInteger(), f.alice().id);
        QCOMPARE(r.object().value(QStringLiteral("display_name")).toString(),
                 QStringLiteral("ALICE"));
        const QString token = r.object().value(QStringLiteral("token")).toString();
        QCOMPARE(token.size(), 64);
        QCOMPARE(http.get(QStringLiteral("/api/me"), token).status, 200);

        r = http.post(QStringLiteral("/api/login"),
                      {{QStringLiteral("username"), QStringLiteral("alice")},
                       {QStringLiteral("password"), QStringLiteral("wrong")}});
        QCOMPARE(r.status, 401);
        QVERIFY(r.isJsonError());
        r = http.post(QStringLiteral("/api/login"),
                      {{QStringLiteral("username"), QStringLiteral("nobody")},
                       {QStringLiteral("password"), QStringLiteral("x")}});
        QCOMPARE(r.status, 401);
        r = http.request("POST", QStringLiteral("/api/login"), {}, "not json");
        QCOMPARE(r.status, 400);
        QVERIFY(r.isJsonError());
    }

    void loginThrottling()
    {
        ServerFixture f([](ServerConfig &c) {
            c.loginThrottle.freeFailures = 2;
            c.loginThrottle.baseLockoutMs = 60'000;
        });
        QVERIFY(f.start());
        HttpTestClient http(f.port);
        const QJsonObject wrong{{QStringLiteral("username"), QStringLiteral("bob")},
                                {QStringLiteral("password"), QStringLiteral("guess")}};
        const QJsonObject right{{QStringLiteral("username"), QStringLiteral("bob")},
                                {QStringLiteral("password"), QStringLiteral("secret-bob")}};
        QCOMPARE(http.post(QStringLiteral("/api/login"), wrong).status, 401);
        QCOMPARE(http.post(QStringLiteral("/api/login"), wrong).status, 401);
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("login lockout for bob")));
        QCOMPARE(http.post(QStringLiteral("/api/login"), wrong).status, 401); // starts a lockout
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("login throttled for bob")));
        auto r = http.post(QStringLiteral("/api/login"), right);
        QCOMPARE(r.status, 429);
        QVERIFY(r.isJsonError());
        QCOMPARE(r.header("Retry-After"), QByteArray("60"));
        // Another user is not affected.
        QCOMPARE(http.post(QStringLiteral("/api/login"),
                           {{QStringLiteral("username"), QStringLiteral("carol")},
                            {QStringLiteral("password"), QStringLiteral("secret-carol")}})
                     .status,
                 200);
        f.clock.advance(60'000);
        QCOMPARE(http.post(QStringLiteral("/api/login"), right).status, 200);
        // Success cleared the record: two fresh failures are free again.
        QCOMPARE(http.post(QStringLiteral("/api/login"), wrong).status, 401);
        QCOMPARE(http.post(QStringLiteral("/api/login"), right).status, 200);
    }

    void registration()
    {
        {
            ServerFixture closed;
            QVERIFY(closed.start(false));
            HttpTestClient http(closed.port);
            const auto r = http.post(QStringLiteral("/api/register"),
                                     {{QStringLiteral("username"), QStringLiteral("dave")},
                                      {QStringLiteral("password"), QStringLiteral("pw")}});
            QCOMPARE(r.status, 403);
            QVERIFY(r.isJsonError());
        }
        ServerFixture f([](ServerConfig &c) { c.openRegistration = true; });
        QVERIFY(f.start(false));
        HttpTestClient http(f.port);
        const QJsonObject body{{QStringLiteral("username"), QStringLiteral("dave")},
                               {QStringLiteral("password"), QStringLiteral("pw-dave-1")},
                               {QStringLiteral("display_name"), QStringLiteral("Dave D")}};
        auto r = http.post(QStringLiteral("/api/register"), body);
        QCOMPARE(r.status, 201);
        QCOMPARE(r.object().value(QStringLiteral("display_name")).toString(),
                 QStringLiteral("Dave D"));
        QCOMPARE(http.post(QStringLiteral("/api/register"), body).status, 409);
        // Issue 14 item 5: names are unique case-insensitively; display names are checked.
        QCOMPARE(http.post(QStringLiteral("/api/register"),
                           {{QStringLiteral("username"), QStringLiteral("DAVE")},
                            {QStringLiteral("password"), QStringLiteral("pw-dave-2")}})
                     .status,
                 409);
        r = http.post(QStringLiteral("/api/register"),
                      {{QStringLiteral("username"), QStringLiteral("mallory")},
                       {QStringLiteral("password"), QStringLiteral("pw-mallory")},
                       {QStringLiteral("display_name"), QString::fromUtf8("Dave\xe2\x80\xae D")}});
        QCOMPARE(r.status, 400);
        QVERIFY(r.isJsonError());
        // Issue 14 item 8: a 1-character password is refused (the minimum is 8).
        r = http.post(QStringLiteral("/api/register"),
                      {{QStringLiteral("username"), QStringLiteral("erin")},
                       {QStringLiteral("password"), QStringLiteral("x")}});
        QCOMPARE(r.status, 400);
        QVERIFY(r.object().value(QStringLiteral("error")).toString().contains(u'8'));
        r = http.post(QStringLiteral("/api/register"),
                      {{QStringLiteral("username"), QStringLiteral("bad name!")},
                       {QStringLiteral("password"), QStringLiteral("pw")}});
        QCOMPARE(r.status, 400);
        QVERIFY(r.isJsonError());
        r = http.post(QStringLiteral("/api/login"),
                      {{QStringLiteral("username"), QStringLiteral("dave")},
                       {QStringLiteral("password"), QStringLiteral("pw-dave-1")}});
        QCOMPARE(r.status, 200);
        // A new account has never been active.
        const QString token = r.object().value(QStringLiteral("token")).toString();
        const qint64 id = r.object().value(QStringLiteral("user_id")).toInteger();
        r = http.get(path("/api/user-presence/%1", id), token);
        QCOMPARE(r.status, 200);
        QVERIFY(r.object().value(QStringLiteral("last_active")).isNull());
        QCOMPARE(r.object().value(QStringLiteral("status")).toString(),
                 QStringLiteral("Last seen a long time ago"));
    }

    void restStatusCodes()
    {
        ServerFixture f;
        QVERIFY(f.start());
        HttpTestClient http(f.port);
        const QString t = f.alice().token;

        auto r = http.get(QStringLiteral("/healthz"));
        QCOMPARE(r.status, 200);
        // Not on the clients' port without --metrics-token (issue 14 item 6).
        r = http.get(QStringLiteral("/metrics"));
        QCOMPARE(r.status, 404);
        QVERIFY(f.server->metricsText().contains("smartfixer_connections 0"));

        // Unknown paths and wrong methods: JSON, never HTML.
        for (const QString &p :
             {QStringLiteral("/"), QStringLiteral("/nope"),
              QStringLiteral("/api/nope/deeper/still"), QStringLiteral("/api/me/")}) {
            r = http.get(p, t);
            QCOMPARE(r.status, 404);
            QVERIFY2(r.isJsonError(), r.body.constData());
        }
        r = http.del(QStringLiteral("/api/me"), t);
        QCOMPARE(r.status, 405);
        QVERIFY(r.isJsonError());
        QCOMPARE(r.header("Allow"), QByteArray("GET"));
        QCOMPARE(http.get(QStringLiteral("/api/login")).status, 405);
        QCOMPARE(http.request("PATCH", QStringLiteral("/api/contacts"), t).status, 405);
        r = http.get(QStringLiteral("/socket.io/?EIO=4&transport=polling"));
        QCOMPARE(r.status, 400);
        QVERIFY(r.isJsonError());

        // 401 first, then 400, then 404.
        const qint64 bob = f.bob().id;
        for (const char *p : {"/api/user-presence/abc", "/api/user-presence/%1", "/api/me",
                              "/api/users?query=a", "/api/contacts", "/api/messages/%1"}) {
            const QString full
                = QString::fromLatin1(p).replace(QStringLiteral("%1"), QString::number(bob));
            r = http.get(full);
            QCOMPARE(r.status, 401);
            QVERIFY(r.isJsonError());
            QCOMPARE(http.get(full, QStringLiteral("0123456789abcdef")).status, 401);
        }
        for (const char *bad : {"abc", "0", "-1", "1.5", "99999999999999999999", "%20"}) {
            r = http.get(QStringLiteral("/api/user-presence/") + QString::fromLatin1(bad), t);
            QVERIFY2(r.status == 400, bad);
            QVERIFY(r.isJsonError());
        }
        r = http.get(QStringLiteral("/api/user-presence/9223372036854775807"), t);
        QCOMPARE(r.status, 404);
        QVERIFY(r.isJsonError());
        r = http.get(path("/api/user-presence/%1", bob), t);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("user_id")).toInteger(), bob);
        QCOMPARE(state(r.object()), QStringLiteral("last_seen"));

        // Users.
        r = http.get(QStringLiteral("/api/users?query=ca"), t);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.array().size(), 1);
        QCOMPARE(r.array().first().toObject().value(QStringLiteral("username")).toString(),
                 QStringLiteral("carol"));

        // Contacts.
        r = http.get(QStringLiteral("/api/contacts"), t);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.array().size(), 0);
        r = http.post(QStringLiteral("/api/contacts"), {{QStringLiteral("user_id"), bob}}, t);
        QCOMPARE(r.status, 201);
        QCOMPARE(r.object().value(QStringLiteral("username")).toString(), QStringLiteral("bob"));
        QCOMPARE(http.post(QStringLiteral("/api/contacts"), {{QStringLiteral("user_id"), bob}}, t)
                     .status,
                 200);
        QCOMPARE(http.post(QStringLiteral("/api/contacts"), {{QStringLiteral("user_id"), 4242}}, t)
                     .status,
                 404);
        QCOMPARE(http.post(QStringLiteral("/api/contacts"),
                           {{QStringLiteral("user_id"), QStringLiteral("x")}}, t)
                     .status,
                 400);
        r = http.get(QStringLiteral("/api/contacts"), t);
        QCOMPARE(r.array().size(), 1);
        const QJsonObject contact = r.array().first().toObject();
        QCOMPARE(contact.value(QStringLiteral("display_name")).toString(), QStringLiteral("BOB"));
        QCOMPARE(contact.value(QStringLiteral("presence"))
                     .toObject()
                     .value(QStringLiteral("user_id"))
                     .toInteger(),
                 bob);
        QCOMPARE(http.del(path("/api/contacts/%1", bob), t).status, 204);
        QCOMPARE(http.del(path("/api/contacts/%1", bob), t).status, 404);
        QCOMPARE(http.del(QStringLiteral("/api/contacts/x"), t).status, 400);

        // Me and privacy.
        r = http.get(QStringLiteral("/api/me"), t);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("visibility")).toString(),
                 QStringLiteral("everyone"));
        QCOMPARE(r.object().value(QStringLiteral("username")).toString(), QStringLiteral("alice"));
        r = http.put(QStringLiteral("/api/me/privacy"),
                     {{QStringLiteral("visibility"), QStringLiteral("nobody")}}, t);
        QCOMPARE(r.status, 200);
        QCOMPARE(http.put(QStringLiteral("/api/me/privacy"),
                          {{QStringLiteral("visibility"), QStringLiteral("friends")}}, t)
                     .status,
                 400);
        QCOMPARE(http.get(QStringLiteral("/api/me"), t)
                     .object()
                     .value(QStringLiteral("visibility"))
                     .toString(),
                 QStringLiteral("nobody"));
        r = http.get(path("/api/user-presence/%1", f.alice().id), f.bob().token);
        QCOMPARE(r.object(), PresenceInfo::hidden(f.alice().id).toJson());

        // Messages.
        QCOMPARE(http.get(path("/api/messages/%1", bob), t).array().size(), 0);
        QCOMPARE(http.get(QStringLiteral("/api/messages/4242"), t).status, 404);
        QCOMPARE(http.get(path("/api/messages/%1?limit=0", bob), t).status, 400);
        QCOMPARE(http.get(path("/api/messages/%1?before=x", bob), t).status, 400);

        // Too big a body.
        r = http.request("POST", QStringLiteral("/api/contacts"), t, QByteArray(70 * 1024, 'x'));
        QCOMPARE(r.status, 413);
        QVERIFY(r.isJsonError());

        // Logout.
        QCOMPARE(http.request("POST", QStringLiteral("/api/logout"), t).status, 204);
        QCOMPARE(http.get(QStringLiteral("/api/me"), t).status, 401);
        QCOMPARE(http.request("POST", QStringLiteral("/api/logout"), t).status, 401);
    }

    void acceptLanguageRendersRestText()
    {
        ServerFixture f;
        QVERIFY(f.start());
        SioTestClient bob;
        QVERIFY(bob.connectAndWait(f.port, f.bob().token));
        HttpTestClient http(f.port);
        auto r = http.request("GET", path("/api/user-presence/%1", f.bob().id), f.alice().token, {},
                              {{"Accept-Language", "de-DE,de;q=0.9"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(state(r.object()), QStringLiteral("online"));
        bob.socket.close();
        QTRY_COMPARE(f.server->hub()->connectionCount(), 0);
        f.clock.advance(3 * 60'000);
        r = http.request("GET", path("/api/user-presence/%1", f.bob().id), f.alice().token, {},
                         {{"Accept-Language", "xx"}});
        QCOMPARE(r.object().value(QStringLiteral("status")).toString(),
                 QStringLiteral("Active 3 minutes ago"));
        const QString german = http.request("GET", path("/api/user-presence/%1", f.bob().id),
                                            f.alice().token, {}, {{"Accept-Language", "de"}})
                                   .object()
                                   .value(QStringLiteral("status"))
                                   .toString();
        if (availableLanguages().contains(QStringLiteral("de")))
            QVERIFY2(german != QStringLiteral("Active 3 minutes ago"), qPrintable(german));
    }

    void connectWithBadOrMissingToken()
    {
        ServerFixture f;
        QVERIFY(f.start());
        SioTestClient bad;
        QVERIFY(!bad.connectAndWait(f.port, QStringLiteral("not-a-token")));
        QVERIFY(bad.refused);
        SioTestClient missing;
        missing.open(f.port, QJsonValue(QJsonValue::Undefined));
        QVERIFY(!missing.waitConnected());
        SioTestClient good;
        QVERIFY(good.connectAndWait(f.port, f.alice().token));
        QCOMPARE(f.server->hub()->connectionCount(), 1);
    }

    void snapshotAndSubscribe()
    {
        ServerFixture f;
        QVERIFY(f.start());
        f.addContact(f.alice().id, f.bob().id);
        f.addContact(f.alice().id, f.carol().id);
        SioTestClient bob;
        QVERIFY(bob.connectAndWait(f.port, f.bob().token));
        QVERIFY(bob.waitEventCount(QStringLiteral("presence_snapshot"), 1));
        QCOMPARE(bob.eventsNamed(QStringLiteral("presence_snapshot"))
                     .first()
                     .payload.toObject()
                     .value(QStringLiteral("users"))
                     .toArray()
                     .size(),
                 0);
        SioTestClient alice;
        QVERIFY(alice.connectAndWait(f.port, f.alice().token));
        QVERIFY(alice.waitEventCount(QStringLiteral("presence_snapshot"), 1));
        const QJsonArray users = alice.eventsNamed(QStringLiteral("presence_snapshot"))
                                     .first()
                                     .payload.toObject()
                                     .value(QStringLiteral("users"))
                                     .toArray();
        QCOMPARE(users.size(), 2);
        QCOMPARE(state(users.at(0).toObject()), QStringLiteral("online"));
        QCOMPARE(users.at(0).toObject().value(QStringLiteral("user_id")).toInteger(), f.bob().id);
        QCOMPARE(state(users.at(1).toObject()), QStringLiteral("last_seen"));

        // Bob subscribes to carol (not a contact) and an unknown id.
        const QJsonValue ack
            = bob.call(QStringLiteral("presence_subscribe"),
                       QJsonObject{{QStringLiteral("user_ids"), QJsonArray{f.carol().id, 4242}}});
        const QJsonArray acked = ack.toObject().value(QStringLiteral("users")).toArray();
        QCOMPARE(acked.size(), 1);
        QCOMPARE(acked.first().toObject().value(QStringLiteral("user_id")).toInteger(),
                 f.carol().id);
        QVERIFY(bob.call(QStringLiteral("presence_subscribe"), QJsonObject{})
                    .toObject()
                    .contains(QStringLiteral("error")));
        SioTestClient carol;
        QVERIFY(carol.connectAndWait(f.port, f.carol().token));
        QTRY_COMPARE(bob.updatesAbout(f.carol().id).size(), 1);
        QTRY_COMPARE(alice.updatesAbout(f.carol().id).size(), 1);
        QCOMPARE(state(bob.updatesAbout(f.carol().id).first()), QStringLiteral("online"));
    }

    void twoDevicesAndTheWindow()
    {
        ServerFixture f;
        QVERIFY(f.start());
        f.addContact(f.alice().id, f.bob().id);
        SioTestClient alice;
        QVERIFY(alice.connectAndWait(f.port, f.alice().token));
        SioTestClient phone, laptop;
        QVERIFY(phone.connectAndWait(f.port, f.bob().token));
        QVERIFY(laptop.connectAndWait(f.port, f.bob().token));
        QTRY_COMPARE(alice.updatesAbout(f.bob().id).size(), 1);
        QCOMPARE(state(alice.updatesAbout(f.bob().id).first()), QStringLiteral("online"));

        // Activity that changes nothing sends nothing; its ack is {}.
        f.clock.advance(60'000);
        QCOMPARE(phone.call(QStringLiteral("user_activity"), QJsonValue(QJsonValue::Undefined)),
                 QJsonValue(QJsonObject{}));
        const qint64 lastActivity = f.clock.nowMs();

        phone.socket.close();
        QTRY_COMPARE(f.server->hub()->connectionsOf(f.bob().id).size(), 1);
        // Still online through the laptop: nothing new for alice.
        QCOMPARE(alice.updatesAbout(f.bob().id).size(), 1);
        laptop.socket.close();
        QTRY_COMPARE(alice.updatesAbout(f.bob().id).size(), 2);
        QCOMPARE(state(alice.updatesAbout(f.bob().id).last()), QStringLiteral("active"));
        QCOMPARE(alice.updatesAbout(f.bob().id).last().value(QStringLiteral("is_online")).toBool(),
                 false);

        f.clock.setNow(lastActivity + FixtureWindowMs);
        QTest::qWait(50);
        QCOMPARE(alice.updatesAbout(f.bob().id).size(), 2);
        f.clock.advance(1);
        QTRY_COMPARE(alice.updatesAbout(f.bob().id).size(), 3);
        QCOMPARE(state(alice.updatesAbout(f.bob().id).last()), QStringLiteral("last_seen"));
        HttpTestClient http(f.port);
        const QJsonObject rest
            = http.get(path("/api/user-presence/%1", f.bob().id), f.alice().token).object();
        QCOMPARE(rest.value(QStringLiteral("last_active")).toString(), toIsoUtc(lastActivity));
        QCOMPARE(rest.value(QStringLiteral("last_active_ago_ms")).toInteger(), FixtureWindowMs + 1);
    }

    void missedPongDisconnects()
    {
        ServerFixture f;
        QVERIFY(f.start());
        f.addContact(f.alice().id, f.bob().id);
        SioTestClient alice;
        QVERIFY(alice.connectAndWait(f.port, f.alice().token));
        SioTestClient bob;
        QVERIFY(bob.connectAndWait(f.port, f.bob().token));
        QTRY_COMPARE(alice.updatesAbout(f.bob().id).size(), 1);
        // Pings run on the server's clock: one interval later both are pinged and answer.
        const int interval = f.server->config().limits.pingIntervalMs;
        // An acked event after the pong: once its ack is back, the server has read the pong.
        const auto pongRead = [](SioTestClient &c) {
            const QJsonObject none{{QStringLiteral("user_ids"), QJsonArray()}};
            return !c.waitAck(c.emitEvent(QStringLiteral("presence_subscribe"), none))
                        .isUndefined();
        };
        f.clock.advance(interval);
        QTRY_VERIFY(bob.pings >= 1 && alice.pings >= 1); // they answered
        QVERIFY(pongRead(alice) && pongRead(bob));
        bob.answerPings = false;
        f.clock.advance(interval); // the next ping: only alice answers
        QTRY_VERIFY(alice.pings >= 2 && bob.pings >= 2);
        QVERIFY(pongRead(alice));
        QVERIFY(!bob.closed);
        f.clock.advance(f.server->config().limits.pingTimeoutMs); // bob's pong is overdue
        QVERIFY(bob.waitClosed(5000));
        QTRY_COMPARE(alice.updatesAbout(f.bob().id).size(), 2);
        QCOMPARE(state(alice.updatesAbout(f.bob().id).last()), QStringLiteral("active"));
        QVERIFY(!alice.closed); // the one that answers stays
        QVERIFY(f.server->transport()->stats().pingTimeouts >= 1);
    }

    void updatesOnlyToAllowedSubscribedViewers()
    {
        ServerFixture f;
        QVERIFY(f.start());
        HttpTestClient http(f.port);
        // alice lists bob; carol does not know bob; bob lists alice (so alice may see him
        // under "contacts").
        f.addContact(f.alice().id, f.bob().id);
        f.addContact(f.bob().id, f.alice().id);
        QCOMPARE(http.put(QStringLiteral("/api/me/privacy"),
                          {{QStringLiteral("visibility"), QStringLiteral("contacts")}},
                          f.bob().token)
                     .status,
                 200);
        SioTestClient alice, carol, stranger;
        QVERIFY(alice.connectAndWait(f.port, f.alice().token));
        QVERIFY(carol.connectAndWait(f.port, f.carol().token));
        const QJsonArray acked
            = carol
                  .call(QStringLiteral("presence_subscribe"),
                        QJsonObject{{QStringLiteral("user_ids"), QJsonArray{f.bob().id}}})
                  .toObject()
                  .value(QStringLiteral("users"))
                  .toArray();
        QCOMPARE(acked.first().toObject(), PresenceInfo::hidden(f.bob().id).toJson());

        SioTestClient bob;
        QVERIFY(bob.connectAndWait(f.port, f.bob().token));
        QTRY_COMPARE(alice.updatesAbout(f.bob().id).size(), 1);
        QCOMPARE(state(alice.updatesAbout(f.bob().id).first()), QStringLiteral("online"));
        // carol (hidden already) and the unsubscribed third connection get nothing.
        QVERIFY(stranger.connectAndWait(f.port, f.carol().token));
        bob.socket.close();
        QTRY_COMPARE(alice.updatesAbout(f.bob().id).size(), 2);
        QCOMPARE(carol.updatesAbout(f.bob().id).size(), 0);
        QCOMPARE(stranger.updatesAbout(f.bob().id).size(), 0);

        // Bob hides from everyone: alice gets exactly one hidden update.
        QCOMPARE(http.put(QStringLiteral("/api/me/privacy"),
                          {{QStringLiteral("visibility"), QStringLiteral("nobody")}}, f.bob().token)
                     .status,
                 200);
        QTRY_COMPARE(alice.updatesAbout(f.bob().id).size(), 3);
        QCOMPARE(alice.updatesAbout(f.bob().id).last(), PresenceInfo::hidden(f.bob().id).toJson());
        SioTestClient bob2;
        QVERIFY(bob2.connectAndWait(f.port, f.bob().token));
        // Back to everyone: carol's subscription and alice's contact show him online.
        QCOMPARE(http.put(QStringLiteral("/api/me/privacy"),
                          {{QStringLiteral("visibility"), QStringLiteral("everyone")}},
                          f.bob().token)
                     .status,
                 200);
        QTRY_COMPARE(carol.updatesAbout(f.bob().id).size(), 1);
        QTRY_COMPARE(alice.updatesAbout(f.bob().id).size(), 4);
        QCOMPARE(alice.updatesAbout(f.bob().id).size(), 4); // nothing leaked while hidden
        QCOMPARE(state(carol.updatesAbout(f.bob().id).first()), QStringLiteral("online"));
        QCOMPARE(stranger.updatesAbout(f.bob().id).size(), 0);
    }

    void messages()
    {
        ServerFixture f;
        QVERIFY(f.start());
        SioTestClient aliceA, aliceB, bob;
        QVERIFY(aliceA.connectAndWait(f.port, f.alice().token));
        QVERIFY(aliceB.connectAndWait(f.port, f.alice().token));
        QVERIFY(bob.connectAndWait(f.port, f.bob().token));
        const QJsonObject msg{{QStringLiteral("to"), f.bob().id},
                              {QStringLiteral("text"), QStringLiteral("hello bob")},
                              {QStringLiteral("client_id"), QStringLiteral("c-1")}};
        const QJsonObject ack = aliceA.call(QStringLiteral("send_message"), msg).toObject();
        QVERIFY2(ack.value(QStringLiteral("id")).toInteger() > 0,
                 QJsonDocument(ack).toJson().constData());
        QCOMPARE(ack.value(QStringLiteral("sent_at")).toString(), toIsoUtc(f.clock.nowMs()));
        QVERIFY(bob.waitEventCount(QStringLiteral("new_message"), 1));
        QVERIFY(aliceB.waitEventCount(QStringLiteral("new_message"), 1));
        const QJsonObject delivered
            = bob.eventsNamed(QStringLiteral("new_message")).first().payload.toObject();
        QCOMPARE(delivered.value(QStringLiteral("from")).toInteger(), f.alice().id);
        QCOMPARE(delivered.value(QStringLiteral("to")).toInteger(), f.bob().id);
        QCOMPARE(delivered.value(QStringLiteral("text")).toString(), QStringLiteral("hello bob"));
        QCOMPARE(delivered.value(QStringLiteral("client_id")).toString(), QStringLiteral("c-1"));
        QCOMPARE(delivered.value(QStringLiteral("id")), ack.value(QStringLiteral("id")));

        // Repeated client_id: the first ack again, stored once, delivered once.
        f.clock.advance(1000);
        QCOMPARE(aliceA.call(QStringLiteral("send_message"), msg).toObject(), ack);
        QTest::qWait(50);
        QCOMPARE(bob.eventsNamed(QStringLiteral("new_message")).size(), 1);
        QCOMPARE(aliceA.eventsNamed(QStringLiteral("new_message")).size(), 0);

        // Errors.
        auto error = [&](const QJsonObject &payload) {
            return aliceA.call(QStringLiteral("send_message"), payload)
                .toObject()
                .value(QStringLiteral("error"))
                .toString();
        };
        QVERIFY(
            !error({{QStringLiteral("to"), 4242}, {QStringLiteral("text"), QStringLiteral("x")}})
                 .isEmpty());
        QVERIFY(!error({{QStringLiteral("to"), f.alice().id},
                        {QStringLiteral("text"), QStringLiteral("x")}})
                     .isEmpty());
        QVERIFY(!error({{QStringLiteral("to"), f.bob().id}, {QStringLiteral("text"), QString()}})
                     .isEmpty());
        QVERIFY(!error({{QStringLiteral("to"), f.bob().id},
                        {QStringLiteral("text"), QString(4001, QLatin1Char('a'))}})
                     .isEmpty());
        QVERIFY(!error({{QStringLiteral("to"), QStringLiteral("bob")},
                        {QStringLiteral("text"), QStringLiteral("x")}})
                     .isEmpty());
        QVERIFY(
            !error({{QStringLiteral("to"), f.bob().id}, {QStringLiteral("text"), 5}}).isEmpty());
        QVERIFY(aliceA.call(QStringLiteral("send_message"), QStringLiteral("text"))
                    .toObject()
                    .contains(QStringLiteral("error")));
        // Exactly 4,000 characters (some outside the BMP) is fine.
        const QString longest
            = QString(3998, QLatin1Char('b')) + QStringLiteral("\U0001F600\U0001F600");
        QVERIFY(aliceA
                    .call(QStringLiteral("send_message"),
                          QJsonObject{{QStringLiteral("to"), f.bob().id},
                                      {QStringLiteral("text"), longest}})
                    .toObject()
                    .contains(QStringLiteral("id")));

        // Bob answers; history over REST is oldest first, with before/limit.
        const QJsonObject reply
            = bob.call(QStringLiteral("send_message"),
                       QJsonObject{{QStringLiteral("to"), f.alice().id},
                                   {QStringLiteral("text"), QStringLiteral("hi alice")}})
                  .toObject();
        QVERIFY(aliceA.waitEventCount(QStringLiteral("new_message"), 1));
        HttpTestClient http(f.port);
        QJsonArray history
            = http.get(path("/api/messages/%1", f.bob().id), f.alice().token).array();
        QCOMPARE(history.size(), 3);
        QCOMPARE(history.at(0).toObject().value(QStringLiteral("text")).toString(),
                 QStringLiteral("hello bob"));
        QCOMPARE(history.at(2).toObject().value(QStringLiteral("text")).toString(),
                 QStringLiteral("hi alice"));
        history = http.get(QStringLiteral("/api/messages/%1?before=%2&limit=1")
                               .arg(f.alice().id)
                               .arg(reply.value(QStringLiteral("id")).toInteger()),
                           f.bob().token)
                      .array();
        QCOMPARE(history.size(), 1);
        QCOMPARE(history.at(0).toObject().value(QStringLiteral("text")).toString(), longest);

        // Typing is relayed with "from".
        QCOMPARE(
            aliceA.call(QStringLiteral("typing"), QJsonObject{{QStringLiteral("to"), f.bob().id}}),
            QJsonValue(QJsonObject{}));
        QVERIFY(bob.waitEventCount(QStringLiteral("typing"), 1));
        QCOMPARE(bob.eventsNamed(QStringLiteral("typing")).first().payload.toObject(),
                 (QJsonObject{{QStringLiteral("from"), f.alice().id}}));
        QVERIFY(aliceA.call(QStringLiteral("typing"), QJsonArray{})
                    .toObject()
                    .contains(QStringLiteral("error")));

        // Unknown events: ignored, an error ack when asked.
        QCOMPARE(aliceA.call(QStringLiteral("from_the_future"), QJsonObject{})
                     .toObject()
                     .value(QStringLiteral("error"))
                     .toString(),
                 QStringLiteral("unknown event"));
        const QByteArray metrics = f.server->metricsText();
        QVERIFY2(metrics.contains("smartfixer_messages_stored_total 3"), metrics.constData());
    }

    void logoutClosesLiveSockets()
    {
        ServerFixture f;
        QVERIFY(f.start());
        HttpTestClient http(f.port);
        const QString second = f.server->store()->issueToken(f.alice().id);
        SioTestClient a1, a2, other;
        QVERIFY(a1.connectAndWait(f.port, f.alice().token));
        QVERIFY(a2.connectAndWait(f.port, f.alice().token));
        QVERIFY(other.connectAndWait(f.port, second));
        QCOMPARE(http.request("POST", QStringLiteral("/api/logout"), f.alice().token).status, 204);
        QVERIFY(a1.waitClosed());
        QVERIFY(a2.waitClosed());
        QTest::qWait(50);
        QVERIFY(!other.closed); // another token of the same user stays
        SioTestClient again;
        QVERIFY(!again.connectAndWait(f.port, f.alice().token));
    }

    void restartKeepsLastActiveWithoutGhosts()
    {
        ServerFixture f;
        QVERIFY(f.start());
        SioTestClient bob;
        QVERIFY(bob.connectAndWait(f.port, f.bob().token));
        const qint64 seen = f.clock.nowMs();
        // Stop while bob is still connected (like a crash, nobody disconnects first).
        f.server->stop();
        QVERIFY(bob.waitClosed());
        f.clock.advance(60'000);
        // A crash (kill -9, power loss) would leave is_online = 1 in the database: the next
        // start must not show ghosts.
        QVERIFY(rawExec(f.config.databasePath, QStringLiteral("UPDATE users SET is_online = 1")));
        QVERIFY(f.start(false));
        QCOMPARE(rawScalar(f.config.databasePath,
                           QStringLiteral("SELECT COUNT(*) FROM users WHERE is_online <> 0"))
                     .toInt(),
                 0);
        HttpTestClient http(f.port);
        const QJsonObject p
            = http.get(path("/api/user-presence/%1", f.bob().id), f.alice().token).object();
        QCOMPARE(p.value(QStringLiteral("is_online")).toBool(), false);
        QCOMPARE(state(p), QStringLiteral("active"));
        QCOMPARE(p.value(QStringLiteral("last_active")).toString(), toIsoUtc(seen));
        QCOMPARE(f.server->hub()->onlineUserCount(), 0);
        QVERIFY(f.server->metricsText().contains("smartfixer_users_online 0"));
    }
};

QTEST_GUILESS_MAIN(TestPresenceServer)
#include "tst_presenceserver.moc"
