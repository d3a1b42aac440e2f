// The admin commands' hardening (issue 14), through runAdminCommand() as smartfixer-server
// runs it: "user add" refuses names equal after case folding and short passwords, "migrate"
// prints the collisions an older database had, "user token --revoke-others" leaves one token.
#include "adminrun.h"
#include "pgfixture.h"
#include "storage/store.h"
#include "testsupport.h"

#include <QBuffer>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

using namespace SmartFixer;

namespace {

using Run = Test::AdminRun;

Run admin(const QStringList &args, const QByteArray &stdinData = {})
{
    return Test::runAdmin(args, QString(), stdinData);
}

} // namespace

class TestAdminHardening : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString db() const { return m_dir->filePath(QStringLiteral("admin.db")); }
    QStringList user(QStringList args) const
    {
        return QStringList{QStringLiteral("user")} << args << QStringLiteral("--db") << db();
    }

private Q_SLOTS:
    void initTestCase() { Test::initTestEnvironment(); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void addRefusesNamesEqualAfterCaseFolding()
    {
        QCOMPARE(admin(user({QStringLiteral("add"), QStringLiteral("alice")})).code, 0);
        Run r
            = admin(user({QStringLiteral("add"), QStringLiteral("bob"), QStringLiteral("ALICE")}));
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err,
                 QStringLiteral("smartfixer-server user add: \"ALICE\" is taken: it is the"
                                " same as the existing user \"alice\" after case folding\n"));
        r = admin(user({QStringLiteral("add"), QStringLiteral("Carol"), QStringLiteral("carol")}));
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err,
                 QStringLiteral("smartfixer-server user add: \"Carol\" and \"carol\" are the"
                                " same name after case folding\n"));
        // Nothing of a refused call was added.
        Store store(db());
        SF_OPEN(store);
        QVERIFY(!store.userByName(QStringLiteral("bob")));
        QVERIFY(!store.userByName(QStringLiteral("Carol")));
    }

    void addNeedsEightCharacterPasswords()
    {
        Run r = admin(user({QStringLiteral("add"), QStringLiteral("dave"), QStringLiteral("erin"),
                            QStringLiteral("--password-stdin")}),
                      QByteArray("long enough\nshort\n"));
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err,
                 QStringLiteral("smartfixer-server user add: --password-stdin: the password"
                                " for \"erin\" is shorter than 8 characters\n"));
        r = admin(user({QStringLiteral("add"), QStringLiteral("dave"),
                        QStringLiteral("--password-stdin")}),
                  QByteArray("12345678\n"));
        QCOMPARE(r.code, 0);
    }

    void tokenRevokeOthers()
    {
        QCOMPARE(
            admin(user({QStringLiteral("add"), QStringLiteral("bot"), QStringLiteral("other")}))
                .code,
            0);
        const Run first = admin(user({QStringLiteral("token"), QStringLiteral("bot")}));
        const Run second = admin(user({QStringLiteral("token"), QStringLiteral("bot")}));
        const Run others = admin(user({QStringLiteral("token"), QStringLiteral("other")}));
        QCOMPARE(first.code, 0);
        const Run third = admin(user(
            {QStringLiteral("token"), QStringLiteral("bot"), QStringLiteral("--revoke-others")}));
        QCOMPARE(third.code, 0);
        const QString token = third.out.trimmed().section(u' ', 1);
        QCOMPARE(token.size(), 64);
        Store store(db());
        SF_OPEN(store);
        QVERIFY(!store.userForToken(first.out.trimmed().section(u' ', 1)));
        QVERIFY(!store.userForToken(second.out.trimmed().section(u' ', 1)));
        QVERIFY(store.userForToken(token));
        QVERIFY(store.userForToken(others.out.trimmed().section(u' ', 1))); // another user's
        const Run bad = admin(user(
            {QStringLiteral("token"), QStringLiteral("bot"), QStringLiteral("--revoke-others=1")}));
        QCOMPARE(bad.code, 2);
    }

    void migratePrintsCollisions()
    {
        {
            Store store(db());
            SF_OPEN(store);
            QVERIFY(store.createUser(QStringLiteral("alice"), QString(), QString()));
        }
        // A database from before migration 2, where "ALICE" could sit next to "alice".
        QVERIFY(Test::rawExec(db(), QStringLiteral("DROP INDEX users_username_normalized")));
        QVERIFY(Test::rawExec(db(),
                              QStringLiteral("ALTER TABLE users DROP COLUMN username_normalized")));
        // Back to version 1: migration 3 (message receipts) undone too, so that 2 runs again.
        for (const char *undo :
             {"DROP INDEX IF EXISTS messages_undelivered", "DROP INDEX IF EXISTS messages_unread",
              "DROP INDEX IF EXISTS messages_by_recipient",
              "ALTER TABLE messages DROP COLUMN delivered_at",
              "ALTER TABLE messages DROP COLUMN read_at", "DROP TABLE read_receipts_off",
              "DROP TABLE IF EXISTS user_status"})
            QVERIFY(Test::rawExec(db(), QLatin1String(undo)));
        QVERIFY(Test::rawExec(db(),
                              QStringLiteral("DELETE FROM schema_migrations WHERE version >= 2")));
        QVERIFY(Test::rawExec(
            db(),
            QStringLiteral("INSERT INTO users (username, display_name) VALUES ('ALICE', '')")));
        // (The store's own warning is silenced in the admin commands: they print it.)
        const Run r = admin({QStringLiteral("migrate"), QStringLiteral("--db"), db()});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral(
                     "warning: usernames equal after case folding: \"alice\" keeps the name;"
                     " \"ALICE\" still sign in by their exact name, rename or remove them\n")),
                 qPrintable(r.out));
    }
};

QTEST_GUILESS_MAIN(TestAdminHardening)
#include "tst_adminhardening.moc"
