// Username canonical form (NFKC + case fold, RFC 8265 UsernameCaseMapped as the reference) and
// display-name rules (issue 14 item 5), table-driven.
#include "core/usernames.h"
#include "testsupport.h"

#include <QtTest>

using namespace SmartFixer;

class TestUsernames : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { Test::initTestEnvironment(); }

    void canonical_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<bool>("same");
        QTest::newRow("case") << QStringLiteral("Alice") << QStringLiteral("alice") << true;
        QTest::newRow("upper") << QStringLiteral("ALICE") << QStringLiteral("alice") << true;
        QTest::newRow("fullwidth")
            << QString::fromUtf8("\xef\xbc\xa1lice") << QStringLiteral("alice") << true;
        // Qt's toCaseFolded is Unicode simple folding ("\u00df" stays itself, not "ss"); valid
        // usernames are ASCII, where simple and full folding agree.
        QTest::newRow("ligature fi")
            << QString::fromUtf8("\xef\xac\x81ona") << QStringLiteral("fiona") << true;
        QTest::newRow("cyrillic a is not latin a")
            << QString::fromUtf8("\xd0\xb0lice") << QStringLiteral("alice") << false;
        QTest::newRow("different") << QStringLiteral("bob") << QStringLiteral("bobby") << false;
    }
    void canonical()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(bool, same);
        QCOMPARE(Names::canonicalUsername(a) == Names::canonicalUsername(b), same);
    }

    void username_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << QStringLiteral("alice_b.c-1") << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("65 chars") << QString(65, u'a') << false;
        QTest::newRow("64 chars") << QString(64, u'a') << true;
        QTest::newRow("newline") << QStringLiteral("a\nb") << false;
        QTest::newRow("space") << QStringLiteral("a b") << false;
        QTest::newRow("cyrillic") << QString::fromUtf8("\xd0\xb0lice") << false;
        QTest::newRow("fullwidth") << QString::fromUtf8("\xef\xbc\xa1") << false;
    }
    void username()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(Names::isValidUsername(name), valid);
    }

    void displayName_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("stored");
        QTest::newRow("plain") << QStringLiteral(" Alice B ") << true << QStringLiteral("Alice B");
        QTest::newRow("accents nfc")
            << QString::fromUtf8("Jose\xcc\x81") << true << QString::fromUtf8("Jos\xc3\xa9");
        QTest::newRow("emoji") << QString::fromUtf8("Ann \xf0\x9f\x98\x80") << true
                               << QString::fromUtf8("Ann \xf0\x9f\x98\x80");
        QTest::newRow("markup is text")
            << QStringLiteral("<b>boss</b>") << true << QStringLiteral("<b>boss</b>");
        QTest::newRow("nul") << QString::fromUtf8("a\0b", 3) << false << QString();
        QTest::newRow("newline") << QStringLiteral("a\nb") << false << QString();
        QTest::newRow("bidi override")
            << QString::fromUtf8("evil\xe2\x80\xae") << false << QString();
        QTest::newRow("bidi isolate") << QString::fromUtf8("a\xe2\x81\xa6") << false << QString();
        QTest::newRow("zero width space")
            << QString::fromUtf8("ad\xe2\x80\x8bmin") << false << QString();
        QTest::newRow("zero width joiner")
            << QString::fromUtf8("a\xe2\x80\x8d") << false << QString();
        QTest::newRow("bom") << QString::fromUtf8("a\xef\xbb\xbf"
                                                  "b")
                             << false << QString();
        QTest::newRow("only spaces") << QStringLiteral("   ") << false << QString();
        QTest::newRow("65 chars") << QString(65, u'x') << false << QString();
        QTest::newRow("64 emoji") << QString::fromUtf8("\xf0\x9f\x98\x80").repeated(64) << true
                                  << QString::fromUtf8("\xf0\x9f\x98\x80").repeated(64);
        QTest::newRow("lone surrogate") << QString(QChar(0xd800)) << false << QString();
        QTest::newRow("private use") << QString(QChar(0xe000)) << false << QString();
    }
    void displayName()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QFETCH(QString, stored);
        QString error;
        const auto clean = Names::cleanDisplayName(name, &error);
        QCOMPARE(clean.has_value(), valid);
        if (valid)
            QCOMPARE(*clean, stored);
        else
            QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestUsernames)
#include "tst_usernames.moc"
