// Log escaping (issue 14 item 8): client-supplied text cannot forge or disguise log lines,
// neither through escapedForLog nor through the message handler installLogEscaping puts in
// front of the previous one.
#include "core/logescape.h"
#include "core/logging.h"
#include "testsupport.h"

#include <QtTest>

using namespace SmartFixer;

namespace {
QStringList g_seen;
void recordingHandler(QtMsgType, const QMessageLogContext &, const QString &message)
{
    g_seen.append(message);
}
} // namespace

class TestLogEscape : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { Test::initTestEnvironment(); }

    void escapes_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << QStringLiteral("alice") << QStringLiteral("alice");
        QTest::newRow("newline forgery")
            << QStringLiteral("x\nsmartfixer.server: login ok for admin")
            << QStringLiteral("x\\nsmartfixer.server: login ok for admin");
        QTest::newRow("cr, tab") << QStringLiteral("a\rb\tc") << QStringLiteral("a\\rb\\tc");
        QTest::newRow("nul and esc")
            << QString::fromUtf8("a\0b\x1b[31m", 8) << QStringLiteral("a\\x00b\\x1b[31m");
        QTest::newRow("c1") << QString(QChar(0x85)) << QStringLiteral("\\x85");
        QTest::newRow("bidi override")
            << QString::fromUtf8("evil\xe2\x80\xaegnp.exe") << QStringLiteral("evil\\u202egnp.exe");
        QTest::newRow("zero width")
            << QString::fromUtf8("ad\xe2\x80\x8bmin") << QStringLiteral("ad\\u200bmin");
        QTest::newRow("line separator") << QString(QChar(0x2028)) << QStringLiteral("\\u2028");
        QTest::newRow("tag character")
            << QString::fromUcs4(U"a\U000E0041") << QStringLiteral("a\\u0e0041");
        QTest::newRow("letters kept")
            << QString::fromUtf8("J\xc3\xbcrgen \xe6\x9d\x8e \xf0\x9f\x98\x80")
            << QString::fromUtf8("J\xc3\xbcrgen \xe6\x9d\x8e \xf0\x9f\x98\x80");
    }
    void escapes()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(escapedForLog(input), expected);
    }

    void handlerEscapesEveryMessage()
    {
        const QtMessageHandler before = qInstallMessageHandler(recordingHandler);
        installLogEscaping(); // in front of recordingHandler
        installLogEscaping(); // idempotent
        const QString name = QStringLiteral("bob\nsmartfixer.server: forged");
        qCWarning(lcServer).noquote() << "login lockout for" << name;
        qInstallMessageHandler(before);
        QCOMPARE(g_seen.size(), 1);
        QVERIFY(!g_seen.first().contains(u'\n'));
        QVERIFY(g_seen.first().contains(QStringLiteral("bob\\nsmartfixer")));
    }
};

QTEST_GUILESS_MAIN(TestLogEscape)
#include "tst_logescape.moc"
