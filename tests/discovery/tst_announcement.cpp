// What a server announces (TXT v=1, tls, name) and what a browser accepts from strangers on the
// LAN: pure functions, checked without a network.
#include "discovery/announcement.h"
#include "testsupport.h"

#include <QTest>

using namespace SmartFixer;

class tst_Announcement : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { Test::initTestEnvironment(); }

    void txtRecordOfAnnouncement()
    {
        ServiceAnnouncement a;
        a.name = QStringLiteral("Lab – 3rd floor");
        a.port = 8765;
        a.tls = true;
        QCOMPARE(txtRecord(a),
                 (QList<QByteArray>{"v=1", "tls=1", "name=Lab \xe2\x80\x93 3rd floor"}));
        a.tls = false;
        QCOMPARE(txtRecord(a).at(1), QByteArray("tls=0"));
    }

    void serverNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << QStringLiteral("SmartFixer on lab-pc") << true;
        QTest::newRow("unicode") << QStringLiteral("Büro Zürich 🖥") << true;
        QTest::newRow("63 bytes") << QString(63, u'x') << true;
        QTest::newRow("64 bytes") << QString(64, u'x') << false;
        QTest::newRow("32 two-byte chars (64 bytes)")
            << QString(32, QChar(0xe9)) << false; // 64 bytes
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("spaces") << QStringLiteral("   ") << false;
        QTest::newRow("newline") << QStringLiteral("a\nb") << false;
        QTest::newRow("bidi override") << QStringLiteral("evil\u202Etxt") << false;
        QTest::newRow("zero width") << QStringLiteral("a\u200Bb") << false;
        QTest::newRow("nul") << QString(QChar(0)) + QStringLiteral("x") << false;
    }
    void serverNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        const auto r = validServerName(name);
        QCOMPARE(r.ok(), valid);
        if (!valid)
            QCOMPARE(r.kind(), ErrorKind::Invalid);
    }

    void defaultNameFits()
    {
        QCOMPARE(defaultServerName(QStringLiteral("lab-pc")),
                 QStringLiteral("SmartFixer on lab-pc"));
        const QString longName = defaultServerName(QString(200, u'h'));
        QVERIFY(longName.toUtf8().size() <= 63);
        QVERIFY(validServerName(longName).ok());
        QVERIFY(validServerName(defaultServerName(QStringLiteral("\x01\x02"))).ok());
    }

    void parse_data()
    {
        QTest::addColumn<QList<QByteArray>>("txt");
        QTest::addColumn<quint16>("port");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("tls");
        using L = QList<QByteArray>;
        QTest::newRow("ours") << L{"v=1", "tls=0", "name=Lab"} << quint16(8765) << true
                              << QStringLiteral("Lab") << false;
        QTest::newRow("tls") << L{"v=1", "tls=1", "name=Lab"} << quint16(443) << true
                             << QStringLiteral("Lab") << true;
        QTest::newRow("keys any case, any order")
            << L{"NAME=Lab", "TLS=1", "V=1"} << quint16(1) << true << QStringLiteral("Lab") << true;
        QTest::newRow("no name: the instance name")
            << L{"v=1", "tls=0"} << quint16(8765) << true << QStringLiteral("Instance") << false;
        QTest::newRow("first of a repeated key counts")
            << L{"v=1", "tls=0", "tls=1", "name=A", "name=B"} << quint16(8765) << true
            << QStringLiteral("A") << false;
        QTest::newRow("no tls: plain")
            << L{"v=1"} << quint16(8765) << true << QStringLiteral("Instance") << false;
        QTest::newRow("control characters dropped")
            << L{"v=1", "name=Ev\x1b[31mil\r\nName\xe2\x80\xae"} << quint16(8765) << true
            << QStringLiteral("Ev[31milName") << false;
        QTest::newRow("long name cut") << L{"v=1", "name=" + QByteArray(250, 'n')} << quint16(8765)
                                       << true << QString(63, u'n') << false;
        QTest::newRow("invalid UTF-8") << L{"v=1", "name=a\xff\xfe"} << quint16(8765) << true
                                       << QStringLiteral("a\uFFFD\uFFFD") << false;
        QTest::newRow("other version")
            << L{"v=2", "name=Lab"} << quint16(8765) << false << QString() << false;
        QTest::newRow("no version")
            << L{"name=Lab"} << quint16(8765) << false << QString() << false;
        QTest::newRow("tls=yes") << L{"v=1", "tls=yes"} << quint16(8765) << false << QString()
                                 << false;
        QTest::newRow("port 0") << L{"v=1"} << quint16(0) << false << QString() << false;
        L many{"v=1"};
        for (int i = 0; i < MaxTxtEntries; ++i)
            many.append("k" + QByteArray::number(i) + "=x");
        QTest::newRow("too many entries") << many << quint16(8765) << false << QString() << false;
    }
    void parse()
    {
        QFETCH(QList<QByteArray>, txt);
        QFETCH(quint16, port);
        QFETCH(bool, accepted);
        const auto r = parseFoundServer(QStringLiteral("Instance"), QStringLiteral("lab.local"),
                                        QHostAddress(QStringLiteral("10.0.0.5")), port, txt);
        QCOMPARE(r.ok(), accepted);
        if (!accepted) {
            QCOMPARE(r.kind(), ErrorKind::Invalid);
            return;
        }
        QFETCH(QString, name);
        QFETCH(bool, tls);
        QCOMPARE(r->name, name);
        QCOMPARE(r->tls, tls);
        QCOMPARE(r->url(),
                 QUrl(QStringLiteral("%1://10.0.0.5:%2")
                          .arg(tls ? QStringLiteral("https") : QStringLiteral("http"))
                          .arg(port)));
    }

    void ipv6LinkLocalUrl()
    {
        QHostAddress a(QStringLiteral("fe80::1"));
        a.setScopeId(QStringLiteral("eth0"));
        const auto r = parseFoundServer(QStringLiteral("x"), QString(), a, 8765, {"v=1"});
        QVERIFY(r.ok());
        QCOMPARE(r->url().host(), QStringLiteral("fe80::1%eth0"));
        QCOMPARE(r->url().port(), 8765);
    }
};

QTEST_GUILESS_MAIN(tst_Announcement)
#include "tst_announcement.moc"
