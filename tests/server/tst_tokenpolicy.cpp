// Tokens over the real server (issue 14 item 8): "POST /api/logout?all=1" revokes every token
// of the caller and closes all its live connections; --token-lifetime refuses old tokens on
// REST and on the socket; --max-tokens-per-user drops the oldest at login.
#include "httptestclient.h"
#include "serverfixture.h"
#include "sioclient.h"

#include <QTest>

using namespace SmartFixer;
using namespace SmartFixer::Test;

class tst_TokenPolicy : public QObject
{
    Q_OBJECT

    static QString login(HttpTestClient &http, const QString &name)
    {
        const HttpResult r
            = http.post(QStringLiteral("/api/login"),
                        QJsonObject{{QStringLiteral("username"), name},
                                    {QStringLiteral("password"), QString(u"secret-" + name)}});
        return r.status == 200 ? r.object().value(QStringLiteral("token")).toString() : QString();
    }

private Q_SLOTS:
    void logoutEverywhere()
    {
        ServerFixture f;
        QVERIFY(f.start());
        HttpTestClient http(f.port);
        const QString second = login(http, QStringLiteral("alice"));
        QVERIFY(!second.isEmpty());
        SioTestClient a1;
        SioTestClient a2;
        SioTestClient bob;
        QVERIFY(a1.connectAndWait(f.port, f.alice().token));
        QVERIFY(a2.connectAndWait(f.port, second));
        QVERIFY(bob.connectAndWait(f.port, f.bob().token));

        HttpResult r = http.request("POST", QStringLiteral("/api/logout?all=2"), second);
        QCOMPARE(r.status, 400);
        QVERIFY(r.isJsonError());
        QCOMPARE(http.get(QStringLiteral("/api/me"), second).status, 200); // nothing revoked

        r = http.request("POST", QStringLiteral("/api/logout?all=1"), second);
        QCOMPARE(r.status, 204);
        QVERIFY(a1.waitClosed());
        QVERIFY(a2.waitClosed());
        QCOMPARE(http.get(QStringLiteral("/api/me"), f.alice().token).status, 401);
        QCOMPARE(http.get(QStringLiteral("/api/me"), second).status, 401);
        // Others keep their sessions.
        QCOMPARE(http.get(QStringLiteral("/api/me"), f.bob().token).status, 200);
        QVERIFY(!bob.closed);
        // ?all=0 is a plain logout of this token.
        const QString third = login(http, QStringLiteral("alice"));
        const QString fourth = login(http, QStringLiteral("alice"));
        QCOMPARE(http.request("POST", QStringLiteral("/api/logout?all=0"), third).status, 204);
        QCOMPARE(http.get(QStringLiteral("/api/me"), third).status, 401);
        QCOMPARE(http.get(QStringLiteral("/api/me"), fourth).status, 200);
    }

    void tokensExpire()
    {
        ServerFixture f([](ServerConfig &c) { c.tokens.lifetimeMs = 24 * 3600 * 1000; });
        QVERIFY(f.start());
        HttpTestClient http(f.port);
        f.clock.advance(24 * 3600 * 1000 - 1);
        QCOMPARE(http.get(QStringLiteral("/api/me"), f.alice().token).status, 200);
        f.clock.advance(1);
        QCOMPARE(http.get(QStringLiteral("/api/me"), f.alice().token).status, 401);
        SioTestClient socket;
        socket.open(f.port, f.bob().token);
        QTRY_VERIFY(socket.refused);
        // A fresh login works again.
        const QString fresh = login(http, QStringLiteral("alice"));
        QCOMPARE(http.get(QStringLiteral("/api/me"), fresh).status, 200);
    }

    void loginsDropTheOldestBeyondTheCap()
    {
        ServerFixture f([](ServerConfig &c) { c.tokens.maxPerUser = 2; });
        QVERIFY(f.start());
        HttpTestClient http(f.port);
        f.clock.advance(1); // ms: after the fixture's token
        const QString t2 = login(http, QStringLiteral("alice"));
        f.clock.advance(1);
        const QString t3 = login(http, QStringLiteral("alice"));
        QCOMPARE(http.get(QStringLiteral("/api/me"), f.alice().token).status, 401);
        QCOMPARE(http.get(QStringLiteral("/api/me"), t2).status, 200);
        QCOMPARE(http.get(QStringLiteral("/api/me"), t3).status, 200);
        QCOMPARE(http.get(QStringLiteral("/api/me"), f.bob().token).status, 200);
    }
};

QTEST_GUILESS_MAIN(tst_TokenPolicy)
#include "tst_tokenpolicy.moc"
