// HttpGuard's pure checks, table-driven: request lines, framing, raw-path segments, Host and
// Origin rules (issue 14 item 7).
#include "server/httpguard.h"

#include <QtTest>

using namespace SmartFixer;

using Headers = QList<QPair<QByteArray, QByteArray>>;

class TestHttpGuard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void requestLine_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<int>("minor");
        QTest::newRow("get 1.1") << QByteArray("GET /healthz HTTP/1.1") << true
                                 << QByteArray("/healthz") << 1;
        QTest::newRow("post 1.0") << QByteArray("POST /api/login HTTP/1.0") << true
                                  << QByteArray("/api/login") << 0;
        QTest::newRow("no version") << QByteArray("GET /") << false << QByteArray() << 0;
        QTest::newRow("two spaces") << QByteArray("GET  / HTTP/1.1") << false << QByteArray() << 0;
        QTest::newRow("space in target")
            << QByteArray("GET /a b HTTP/1.1") << false << QByteArray() << 0;
        QTest::newRow("bad version") << QByteArray("GET / HTTP/1.x") << false << QByteArray() << 0;
        QTest::newRow("nul in method")
            << QByteArray("G\0T / HTTP/1.1", 14) << false << QByteArray() << 0;
        QTest::newRow("high byte in target")
            << QByteArray("GET /\xc3\xa9 HTTP/1.1") << false << QByteArray() << 0;
        QTest::newRow("too long") << (QByteArray("GET /") + QByteArray(9000, 'a') + " HTTP/1.1")
                                  << false << QByteArray() << 0;
    }
    void requestLine()
    {
        QFETCH(QByteArray, line);
        QFETCH(bool, valid);
        const auto r = HttpGuard::parseRequestLine(line);
        QCOMPARE(r.has_value(), valid);
        if (valid) {
            QFETCH(QByteArray, target);
            QFETCH(int, minor);
            QCOMPARE(r->target, target);
            QCOMPARE(r->minor, minor);
        }
    }

    void segments_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QStringList>("segments");
        QTest::newRow("plain") << QByteArray("/api/me") << true
                               << QStringList{QString(), QStringLiteral("api"),
                                              QStringLiteral("me")};
        QTest::newRow("query cut")
            << QByteArray("/api/users?query=a/b") << true
            << QStringList{QString(), QStringLiteral("api"), QStringLiteral("users")};
        QTest::newRow("encoded slash stays")
            << QByteArray("/api%2fme") << true << QStringList{QString(), QStringLiteral("api/me")};
        QTest::newRow("encoded slash upper")
            << QByteArray("/api%2Fme") << true << QStringList{QString(), QStringLiteral("api/me")};
        QTest::newRow("utf-8 decoded")
            << QByteArray("/u/%C3%A9") << true
            << QStringList{QString(), QStringLiteral("u"), QString(QChar(0xe9))};
        QTest::newRow("trailing slash")
            << QByteArray("/socket.io/?EIO=4") << true
            << QStringList{QString(), QStringLiteral("socket.io"), QString()};
        QTest::newRow("broken escape") << QByteArray("/api/%2") << false << QStringList();
        QTest::newRow("bad hex") << QByteArray("/api/%zz") << false << QStringList();
        QTest::newRow("encoded nul") << QByteArray("/api/%00") << false << QStringList();
        QTest::newRow("encoded newline") << QByteArray("/api/a%0Ab") << false << QStringList();
        QTest::newRow("invalid utf-8") << QByteArray("/api/%ff") << false << QStringList();
        QTest::newRow("absolute form") << QByteArray("http://x/api/me") << false << QStringList();
        QTest::newRow("asterisk") << QByteArray("*") << false << QStringList();
    }
    void segments()
    {
        QFETCH(QByteArray, target);
        QFETCH(bool, valid);
        const auto s = HttpGuard::rawPathSegments(target);
        QCOMPARE(s.has_value(), valid);
        if (valid) {
            QFETCH(QStringList, segments);
            QCOMPARE(*s, segments);
        }
    }

    void host_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<QStringList>("allowed");
        QTest::addColumn<bool>("ok");
        QTest::newRow("ipv4 with port") << QByteArray("127.0.0.1:8765") << QStringList() << true;
        QTest::newRow("lan ipv4") << QByteArray("192.168.1.20:8765") << QStringList() << true;
        QTest::newRow("ipv6") << QByteArray("[::1]:8765") << QStringList() << true;
        QTest::newRow("localhost") << QByteArray("localhost:8765") << QStringList() << true;
        QTest::newRow("LOCALHOST.") << QByteArray("LOCALHOST.") << QStringList() << true;
        QTest::newRow("sub.localhost") << QByteArray("app.localhost") << QStringList() << true;
        QTest::newRow("machine name") << QByteArray("testbox:1") << QStringList() << true;
        QTest::newRow("machine.local") << QByteArray("testbox.local") << QStringList() << true;
        QTest::newRow("rebinding name")
            << QByteArray("evil.example:8765") << QStringList() << false;
        QTest::newRow("configured name") << QByteArray("chat.example.org")
                                         << QStringList{QStringLiteral("chat.example.org")} << true;
        QTest::newRow("any") << QByteArray("whatever") << QStringList{QStringLiteral("*")} << true;
        QTest::newRow("localhost.evil")
            << QByteArray("localhost.evil.example") << QStringList() << false;
        QTest::newRow("bad port") << QByteArray("127.0.0.1:80x") << QStringList() << false;
        QTest::newRow("userinfo") << QByteArray("a@127.0.0.1") << QStringList() << false;
        QTest::newRow("empty") << QByteArray("") << QStringList() << false;
        QTest::newRow("bracket not v6") << QByteArray("[evil]") << QStringList() << false;
    }
    void host()
    {
        QFETCH(QByteArray, host);
        QFETCH(QStringList, allowed);
        QFETCH(bool, ok);
        HttpHostPolicy policy;
        policy.allowedHosts = allowed;
        QCOMPARE(HttpGuard::hostAllowed(host, policy, QStringLiteral("testbox")), ok);
    }

    void verdict_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<Headers>("headers");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("keepAlive");
        const QByteArray get = "GET /healthz HTTP/1.1";
        const QPair<QByteArray, QByteArray> host{"Host", "127.0.0.1:1"};
        QTest::newRow("fine") << get << Headers{host} << 0 << true;
        QTest::newRow("connection close")
            << get << Headers{host, {"Connection", "keep-alive, Close"}} << 0 << false;
        QTest::newRow("http/1.0 closes")
            << QByteArray("GET /healthz HTTP/1.0") << Headers{} << 0 << false;
        QTest::newRow("http/1.0 keep-alive") << QByteArray("GET /healthz HTTP/1.0")
                                             << Headers{{"Connection", "keep-alive"}} << 0 << true;
        QTest::newRow("http/2.0") << QByteArray("GET / HTTP/2.0") << Headers{host} << 505 << false;
        QTest::newRow("no host on 1.1") << get << Headers{} << 400 << false;
        QTest::newRow("two hosts") << get << Headers{host, host} << 400 << false;
        QTest::newRow("rebinding host") << get << Headers{{"Host", "evil.example"}} << 421 << false;
        QTest::newRow("two content-lengths")
            << QByteArray("POST /api/login HTTP/1.1")
            << Headers{host, {"Content-Length", "5"}, {"Content-Length", "40"}} << 400 << false;
        QTest::newRow("same content-length twice")
            << QByteArray("POST /api/login HTTP/1.1")
            << Headers{host, {"Content-Length", "5"}, {"content-length", "5"}} << 400 << false;
        QTest::newRow("te and cl")
            << QByteArray("POST /api/login HTTP/1.1")
            << Headers{host, {"Transfer-Encoding", "chunked"}, {"Content-Length", "5"}} << 400
            << false;
        QTest::newRow("te gzip") << QByteArray("POST /api/login HTTP/1.1")
                                 << Headers{host, {"Transfer-Encoding", "gzip, chunked"}} << 501
                                 << false;
        QTest::newRow("te chunked alone")
            << QByteArray("POST /api/login HTTP/1.1")
            << Headers{host, {"Transfer-Encoding", "chunked"}} << 0 << true;
        QTest::newRow("cl not digits") << QByteArray("POST /api/login HTTP/1.1")
                                       << Headers{host, {"Content-Length", "+5"}} << 400 << false;
        QTest::newRow("bad header name") << get << Headers{host, {"Bad Name", "x"}} << 400 << false;
        QTest::newRow("foreign origin")
            << get << Headers{host, {"Origin", "http://evil.example"}} << 403 << false;
        QTest::newRow("null origin") << get << Headers{host, {"Origin", "null"}} << 403 << false;
        QTest::newRow("same origin")
            << get << Headers{host, {"Origin", "http://127.0.0.1:1"}} << 0 << true;
        QTest::newRow("malformed target")
            << QByteArray("GET /a%zz HTTP/1.1") << Headers{host} << 400 << true;
    }
    void verdict()
    {
        QFETCH(QByteArray, line);
        QFETCH(Headers, headers);
        QFETCH(int, status);
        QFETCH(bool, keepAlive);
        const auto parsed = HttpGuard::parseRequestLine(line);
        QVERIFY(parsed);
        const HttpVerdict v = HttpGuard::check(&*parsed, headers, {}, QStringLiteral("testbox"));
        QCOMPARE(v.status, status);
        QCOMPARE(v.keepAlive, keepAlive);
        if (status != 0)
            QVERIFY(!v.message.isEmpty());
    }

    void allowedOrigin()
    {
        HttpHostPolicy policy;
        policy.allowedOrigins = {QStringLiteral("https://chat.example.org")};
        QVERIFY(HttpGuard::originAllowed("https://chat.example.org", "127.0.0.1:1", policy));
        QVERIFY(!HttpGuard::originAllowed("https://chat.example.org.evil", "127.0.0.1:1", policy));
        QVERIFY(!HttpGuard::check(nullptr, {}, policy, {}).message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHttpGuard)
#include "tst_httpguard.moc"
