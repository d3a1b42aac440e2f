// The store's account hardening (issue 14), on SQLite and PostgreSQL: case-insensitive unique
// usernames (migration 2, username_normalized) on every path that creates users, a database
// from before migration 2 whose colliding accounts are reported instead of failing, the token
// cap and lifetime, revoking a user's other tokens.
#include "core/clock.h"
#include "pgfixture.h"
#include "storage/store.h"
#include "testsupport.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace SmartFixer;

class TestAccountStore : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_url;
    bool m_postgres = false;

    int tokenRows()
    {
        return Test::rawScalar(m_url, QStringLiteral("SELECT COUNT(*) FROM access_tokens")).toInt();
    }

private Q_SLOTS:
    void initTestCase_data()
    {
        QTest::addColumn<bool>("postgres");
        QTest::newRow("sqlite") << false;
        QTest::newRow("postgres") << true;
    }
    void initTestCase() { Test::initTestEnvironment(); }
    void init()
    {
        QFETCH_GLOBAL(bool, postgres);
        m_postgres = postgres;
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        if (postgres) {
            QString error;
            m_url = Test::createPostgresDatabase(&error);
            QVERIFY2(!m_url.isEmpty(), qPrintable(error));
        } else {
            m_url = m_dir->filePath(QStringLiteral("test.db"));
        }
    }

    void namesAreUniqueAfterCaseFolding()
    {
        Store store(m_url);
        SF_OPEN(store);
        QVERIFY(store.createUser(QStringLiteral("alice"), QString(), QString()));
        auto r = store.createUser(QStringLiteral("ALICE"), QString(), QStringLiteral("pw"));
        QVERIFY(!r);
        QCOMPARE(r.kind(), ErrorKind::Conflict);
        QVERIFY2(r.error().contains(QLatin1String("\"alice\"")), qPrintable(r.error()));
        QCOMPARE(store.userByCanonicalName(QStringLiteral("AlIcE"))->username,
                 QStringLiteral("alice"));
        QVERIFY(!store.userByCanonicalName(QStringLiteral("bob")));
        // The batch path (token-only "user add"): against the table and within the batch.
        auto rows = store.createUsers({QStringLiteral("bob"), QStringLiteral("Alice")});
        QVERIFY(!rows);
        QCOMPARE(rows.kind(), ErrorKind::Conflict);
        QVERIFY(!store.userByName(QStringLiteral("bob"))); // one transaction: nothing added
        rows = store.createUsers({QStringLiteral("Bob"), QStringLiteral("bob")});
        QVERIFY(!rows);
        QCOMPARE(rows.kind(), ErrorKind::Conflict);
        rows = store.createUsers({QStringLiteral("bob"), QStringLiteral("alice")});
        QVERIFY2(rows, qPrintable(rows.error()));
        QCOMPARE(rows->size(), 2); // an exact existing name is returned as it is
        // The column holds the canonical form for new rows.
        QCOMPARE(Test::rawScalar(m_url,
                                 QStringLiteral("SELECT username_normalized FROM users"
                                                " WHERE username = 'bob'"))
                     .toString(),
                 QStringLiteral("bob"));
        // The unique index decides even when a writer skips the checks.
        QVERIFY(!Test::rawExec(m_url,
                               QStringLiteral("INSERT INTO users (username, display_name,"
                                              " username_normalized) VALUES ('BOB', '', 'bob')")));
    }

    void migrationReportsExistingCollisions()
    {
        {
            Store store(m_url);
            SF_OPEN(store);
            QVERIFY(store.createUser(QStringLiteral("alice"), QString(), QStringLiteral("pw-1")));
            QVERIFY(store.createUser(QStringLiteral("bob"), QString(), QString()));
        }
        // Back to a database of schema 1, where "Alice" and "ALICE" could be created.
        QVERIFY(Test::rawExec(m_url, QStringLiteral("DROP INDEX users_username_normalized")));
        QVERIFY(Test::rawExec(m_url,
                              QStringLiteral("ALTER TABLE users DROP COLUMN username_normalized")));
        // Back to version 1: migrations 4 (user_status) and 3 (message receipts) undone too, so
        // that 2 runs again.
        for (const char *undo :
             {"DROP INDEX IF EXISTS messages_undelivered", "DROP INDEX IF EXISTS messages_unread",
              "DROP INDEX IF EXISTS messages_by_recipient",
              "ALTER TABLE messages DROP COLUMN delivered_at",
              "ALTER TABLE messages DROP COLUMN read_at", "DROP TABLE read_receipts_off",
              "DROP TABLE IF EXISTS user_status"})
            QVERIFY(Test::rawExec(m_url, QLatin1String(undo)));
        QVERIFY(Test::rawExec(m_url,
                              QStringLiteral("DELETE FROM schema_migrations WHERE version >= 2")));
        for (const char *name : {"Alice", "ALICE", "carol"})
            QVERIFY(Test::rawExec(m_url,
                                  QStringLiteral("INSERT INTO users (username, display_name)"
                                                 " VALUES ('%1', '')")
                                      .arg(QLatin1String(name))));

        QTest::ignoreMessage(
            QtWarningMsg,
            QRegularExpression(QStringLiteral(
                "usernames that are the same after case folding: \"alice\" \\(id 1\\) keeps the"
                " name; \"Alice\" \\(id 3\\), \"ALICE\" \\(id 4\\) still sign in")));
        Store store(m_url);
        SF_OPEN(store); // collisions are not an error
        QCOMPARE(store.schemaVersion(), Store::latestSchemaVersion());
        QCOMPARE(store.usernameCollisions(),
                 (QList<QStringList>{
                     {QStringLiteral("alice"), QStringLiteral("Alice"), QStringLiteral("ALICE")}}));
        // Every account still works by its exact name; no new one can take the name.
        QVERIFY(store.userByName(QStringLiteral("ALICE")));
        QCOMPARE(store.verifyPassword(QStringLiteral("alice"), QStringLiteral("pw-1")),
                 std::optional<UserId>(1));
        QCOMPARE(store.createUser(QStringLiteral("aLiCe"), QString(), QString()).kind(),
                 ErrorKind::Conflict);
        QCOMPARE(store.createUser(QStringLiteral("CAROL"), QString(), QString()).kind(),
                 ErrorKind::Conflict);
        QVERIFY(store.createUser(QStringLiteral("dave"), QString(), QString()));
    }

    void tokenCapDropsTheOldest()
    {
        ManualClock clock(1'800'000'000'000);
        Store store(m_url);
        store.setClock(&clock);
        SF_OPEN(store);
        store.setTokenPolicy({0, 3});
        const auto alice = store.createUser(QStringLiteral("alice"), QString(), QString());
        const auto bob = store.createUser(QStringLiteral("bob"), QString(), QString());
        QVERIFY(alice && bob);
        const QString bobs = store.issueToken(bob->id);
        QStringList tokens;
        for (int i = 0; i < 5; ++i) {
            tokens << store.issueToken(alice->id);
            clock.advance(1); // ms: created_at orders them
        }
        QVERIFY(!store.userForToken(tokens.at(0)));
        QVERIFY(!store.userForToken(tokens.at(1)));
        for (int i = 2; i < 5; ++i)
            QCOMPARE(store.userForToken(tokens.at(i)), std::optional<UserId>(alice->id));
        QCOMPARE(tokenRows(), 4); // three of alice's, bob's one
        // Within one millisecond the new token is still the one kept.
        store.setTokenPolicy({0, 1});
        const QString first = store.issueToken(alice->id);
        const QString last = store.issueToken(alice->id);
        QCOMPARE(store.userForToken(last), std::optional<UserId>(alice->id));
        QVERIFY(!store.userForToken(first));
        QVERIFY(!store.userForToken(tokens.at(4)));
        QCOMPARE(store.userForToken(bobs), std::optional<UserId>(bob->id));

        // Revoking the others keeps the given one; revoking all keeps none.
        store.setTokenPolicy({0, 0});
        const QString a1 = store.issueToken(alice->id);
        const QString a2 = store.issueToken(alice->id);
        QCOMPARE(store.revokeTokensOfUser(alice->id, a2).value(), 2);
        QVERIFY(!store.userForToken(a1));
        QVERIFY(store.userForToken(a2));
        QCOMPARE(store.revokeTokensOfUser(alice->id, QString()).value(), 1);
        QVERIFY(!store.userForToken(a2));
        QCOMPARE(store.userForToken(bobs), std::optional<UserId>(bob->id));
    }

    void tokensExpire()
    {
        ManualClock clock(1'800'000'000'000);
        Store store(m_url);
        store.setClock(&clock);
        SF_OPEN(store);
        store.setTokenPolicy({60'000, 0}); // ms
        const auto alice = store.createUser(QStringLiteral("alice"), QString(), QString());
        QVERIFY(alice);
        const QString token = store.issueToken(alice->id);
        clock.advance(59'999);
        QCOMPARE(store.userForToken(token), std::optional<UserId>(alice->id));
        clock.advance(1);
        QVERIFY(!store.userForToken(token));
        QCOMPARE(tokenRows(), 0); // deleted on sight
        // Without a lifetime, old tokens stay valid (the default).
        store.setTokenPolicy({0, 0});
        const QString old = store.issueToken(alice->id);
        clock.advance(3650LL * 24 * 3600 * 1000);
        QVERIFY(store.userForToken(old));
    }
};

QTEST_GUILESS_MAIN(TestAccountStore)
#include "tst_accountstore.moc"
