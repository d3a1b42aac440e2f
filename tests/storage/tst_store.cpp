// Store: schema, users, passwords, contacts, tokens, buffered presence columns, messages; one
// suite run against both engines: every test runs once per row of initTestCase_data() ("sqlite"
// on a file in a temporary folder, "postgres" on a fresh database of the test cluster that
// tests/support/pg_fixture.sh started).
#include "core/clock.h"
#include "core/presenceinfo.h"
#include "pgfixture.h"
#include "storage/store.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <barrier>

using namespace SmartFixer;

namespace {

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestStore : public QObject
{
    Q_OBJECT

private:
    //! This test's database: a file (SQLite) or a fresh database (PostgreSQL).
    QString dbUrl() const { return m_url; }
    bool isPostgres() const { return m_postgres; }
    int tableCount() const
    {
        return Test::rawScalar(dbUrl(),
                               isPostgres()
                                   ? QStringLiteral("SELECT COUNT(*) FROM information_schema.tables"
                                                    " WHERE table_schema = current_schema()")
                                   : QStringLiteral("SELECT COUNT(*) FROM sqlite_master"
                                                    " WHERE type = 'table'"))
            .toInt();
    }
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_url;
    bool m_postgres = false;

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

    void openFreshDatabase()
    {
        Store store(dbUrl());
        SF_OPEN(store);
        QVERIFY(store.isOpen());
        QCOMPARE(store.schemaVersion(), Store::latestSchemaVersion());
        QVERIFY(Store::latestSchemaVersion() >= 1);
        if (!isPostgres())
            QCOMPARE(Test::rawScalar(dbUrl(), QStringLiteral("PRAGMA journal_mode")).toString(),
                     QStringLiteral("wal"));
        QCOMPARE(Test::rawScalar(dbUrl(),
                                 QStringLiteral("SELECT COUNT(*) FROM schema_migrations"
                                                " WHERE version = 1 AND applied_at <> ''"))
                     .toInt(),
                 1);
        // Opening twice is harmless; a second open of a reopened store migrates nothing.
        QVERIFY(store.open());
        store.close();
        QVERIFY(!store.isOpen());
        QVERIFY(store.open());
        QCOMPARE(Test::rawScalar(dbUrl(), QStringLiteral("SELECT COUNT(*) FROM schema_migrations"))
                     .toInt(),
                 Store::latestSchemaVersion());
    }

    void inMemoryDatabase()
    {
        if (isPostgres())
            QSKIP("SQLite only: a private in-memory database");
        Store a(QStringLiteral(":memory:"));
        Store b(QStringLiteral(":memory:"));
        SF_OPEN(a);
        SF_OPEN(b);
        QVERIFY(a.createUser(QStringLiteral("alice"), QString(), QString()));
        // Separate connections, separate private databases.
        QVERIFY(a.userByName(QStringLiteral("alice")));
        QVERIFY(!b.userByName(QStringLiteral("alice")));
    }

    void twoStoresOnOneFile()
    {
        Store a(dbUrl());
        Store b(dbUrl());
        SF_OPEN(a);
        SF_OPEN(b);
        const auto alice = a.createUser(QStringLiteral("alice"), QString(), QString());
        QVERIFY2(alice, qPrintable(alice.error()));
        QCOMPARE(b.userByName(QStringLiteral("alice"))->id, alice->id);
    }

    void notADatabase()
    {
        if (isPostgres())
            QSKIP("SQLite only: a file that is not a database (PostgreSQL: tst_admincommands)");
        QFile f(m_dir->filePath(QStringLiteral("text.db")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("this is a plain text file, not SQLite\n").repeated(200));
        f.close();
        Store store(f.fileName());
        const auto opened = store.open();
        QVERIFY(!opened);
        QVERIFY(!store.isOpen());
        QVERIFY2(opened.error().contains(QLatin1String("not a database")),
                 qPrintable(opened.error()));
        QCOMPARE(opened.kind(), ErrorKind::Invalid);
    }

    void missingFolder()
    {
        if (isPostgres())
            QSKIP("SQLite only (a missing PostgreSQL database: tst_admincommands)");
        Store store(m_dir->filePath(QStringLiteral("no/such/folder/x.db")));
        const auto opened = store.open();
        QVERIFY(!opened);
        QVERIFY2(opened.error().contains(QLatin1String("does not exist")),
                 qPrintable(opened.error()));
        QCOMPARE(opened.kind(), ErrorKind::NotFound);
        QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("no"))));
    }

    void refusesLegacyDatabase()
    {
        QVERIFY(Test::rawExec(dbUrl(),
                              QStringLiteral("CREATE TABLE \"user\" (id INTEGER PRIMARY KEY,"
                                             " username TEXT)")));
        Store store(dbUrl());
        const auto opened = store.open();
        QVERIFY(!opened);
        QCOMPARE(opened.kind(), ErrorKind::Invalid);
        QVERIFY2(opened.error().contains(QLatin1String("smartfixer-server migrate --db")),
                 qPrintable(opened.error()));
        // Untouched: no tables of ours were created.
        QCOMPARE(tableCount(), 1);
    }

    void reopenKeepsData()
    {
        UserId aliceId = 0;
        {
            Store store(dbUrl());
            QString error;
            SF_OPEN(store);
            auto alice
                = store.createUser(QStringLiteral("alice"), QStringLiteral("Alice A."), QString());
            QVERIFY2(alice, qPrintable(alice.error()));
            aliceId = alice->id;
            QVERIFY(store.setVisibility(aliceId, Visibility::Contacts));
        }
        Store store(dbUrl());
        SF_OPEN(store);
        const auto alice = store.userById(aliceId);
        QVERIFY(alice);
        QCOMPARE(alice->username, QStringLiteral("alice"));
        QCOMPARE(alice->displayName, QStringLiteral("Alice A."));
        QCOMPARE(alice->visibility, Visibility::Contacts);
        QVERIFY(!alice->hasPassword);
        QVERIFY(!alice->lastActiveMs);
    }

    void isOnlineResetOnOpen()
    {
        UserId id = 0;
        {
            Store store(dbUrl());
            QString error;
            SF_OPEN(store);
            id = store.createUser(QStringLiteral("bob"), QString(), QString())->id;
            store.setOnline(id, true);
            store.flush();
            QCOMPARE(
                Test::rawScalar(dbUrl(), QStringLiteral("SELECT is_online FROM users")).toInt(), 1);
            // Simulate a crash: the file keeps is_online = 1. (close() would write it too.)
        }
        QCOMPARE(Test::rawScalar(dbUrl(), QStringLiteral("SELECT is_online FROM users")).toInt(),
                 1);
        {
            // An offline tool next to a live server leaves the flags alone.
            Store tool(dbUrl());
            tool.setResetOnlineOnOpen(false);
            QString error;
            SF_OPEN(tool);
            QCOMPARE(
                Test::rawScalar(dbUrl(), QStringLiteral("SELECT is_online FROM users")).toInt(), 1);
        }
        Store store(dbUrl());
        SF_OPEN(store);
        QCOMPARE(Test::rawScalar(dbUrl(), QStringLiteral("SELECT is_online FROM users")).toInt(),
                 0);
    }

    void usernameRule_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("one char") << QStringLiteral("a") << true;
        QTest::newRow("all classes") << QStringLiteral("Al.ice_B-0") << true;
        QTest::newRow("64 chars") << QString(64, QLatin1Char('x')) << true;
        QTest::newRow("65 chars") << QString(65, QLatin1Char('x')) << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("space") << QStringLiteral("al ice") << false;
        QTest::newRow("at") << QStringLiteral("alice@example.org") << false;
        QTest::newRow("non-ascii") << QStringLiteral("j\u00fcrgen") << false;
        QTest::newRow("newline") << QStringLiteral("alice\n") << false;
        QTest::newRow("quote") << QStringLiteral("a'b") << false;
    }

    void usernameRule()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        Store store(dbUrl());
        SF_OPEN(store);
        const auto row = store.createUser(name, QString(), QString());
        QCOMPARE(bool(row), valid);
        if (!valid) {
            QCOMPARE(row.kind(), ErrorKind::Invalid);
            QVERIFY2(row.error().contains(QLatin1String("invalid username")),
                     qPrintable(row.error()));
            QCOMPARE(store.allUsers().size(), 0);
            // createUsers rejects the whole batch, creating nothing.
            const auto batch = store.createUsers({QStringLiteral("fine"), name});
            QVERIFY(!batch);
            QCOMPARE(batch.kind(), ErrorKind::Invalid);
            QCOMPARE(store.allUsers().size(), 0);
        } else {
            QCOMPARE(row->username, name);
        }
    }

    void createAndLookUpUsers()
    {
        ManualClock clock(1'700'000'000'000);
        Store store(dbUrl());
        store.setClock(&clock);
        SF_OPEN(store);
        const auto alice
            = store.createUser(QStringLiteral("alice"), QStringLiteral("Alice"), QString());
        QVERIFY2(alice, qPrintable(alice.error()));
        QVERIFY(alice->id > 0);
        QCOMPARE(alice->displayName, QStringLiteral("Alice"));
        QCOMPARE(alice->visibility, Visibility::Everyone);
        QVERIFY(!alice->lastActiveMs); // creating an account is not activity
        const auto bob = store.createUser(QStringLiteral("bob"), QString(), QString());
        QVERIFY2(bob, qPrintable(bob.error()));
        QCOMPARE(bob->displayName, QStringLiteral("bob")); // defaults to the username
        QVERIFY(bob->id != alice->id);

        QCOMPARE(store.userById(alice->id)->username, QStringLiteral("alice"));
        QCOMPARE(store.userByName(QStringLiteral("bob"))->id, bob->id);
        QVERIFY(!store.userById(999));
        QVERIFY(!store.userByName(QStringLiteral("carol")));
        QVERIFY(!store.userByName(QStringLiteral("ALICE"))); // exact match
        QCOMPARE(store.allUsers().size(), 2);
        QCOMPARE(Test::rawScalar(dbUrl(),
                                 QStringLiteral("SELECT created_at FROM users WHERE"
                                                " username = 'alice'"))
                     .toString(),
                 toIsoUtc(1'700'000'000'000));

        // Duplicate name: Conflict, nothing added.
        const auto again = store.createUser(QStringLiteral("alice"), QString(), QString());
        QVERIFY(!again);
        QCOMPARE(again.kind(), ErrorKind::Conflict);
        QVERIFY2(again.error().contains(QLatin1String("taken")), qPrintable(again.error()));
        QCOMPARE(store.allUsers().size(), 2);

        QVERIFY(store.setVisibility(bob->id, Visibility::Nobody));
        QCOMPARE(store.userById(bob->id)->visibility, Visibility::Nobody);
        QVERIFY(!store.setVisibility(999, Visibility::Nobody));
    }

    void searchUsers()
    {
        Store store(dbUrl());
        SF_OPEN(store);
        QVERIFY(
            store.createUser(QStringLiteral("alice"), QStringLiteral("Alice Smith"), QString()));
        QVERIFY(store.createUser(QStringLiteral("bob_99"), QStringLiteral("Bob"), QString()));
        QVERIFY(
            store.createUser(QStringLiteral("smithy"), QStringLiteral("J\u00dcRGEN"), QString()));
        QVERIFY(store.createUser(QStringLiteral("bob199"), QStringLiteral("100% Bob"), QString()));
        const auto names = [](const QList<UserRow> &rows) {
            QStringList out;
            for (const UserRow &r : rows)
                out << r.username;
            return out;
        };
        QCOMPARE(names(store.searchUsers(QStringLiteral("SMITH"), 10)),
                 (QStringList{QStringLiteral("alice"), QStringLiteral("smithy")}));
        // "_" and "%" are literal characters, not LIKE wildcards.
        QCOMPARE(names(store.searchUsers(QStringLiteral("b_9"), 10)),
                 QStringList{QStringLiteral("bob_99")});
        QCOMPARE(names(store.searchUsers(QStringLiteral("0%"), 10)),
                 QStringList{QStringLiteral("bob199")});
        // Unicode case folding for non-ASCII queries.
        QCOMPARE(names(store.searchUsers(QStringLiteral("j\u00fcr"), 10)),
                 QStringList{QStringLiteral("smithy")});
        QCOMPARE(store.searchUsers(QStringLiteral("bob"), 1).size(), 1);
        QCOMPARE(store.searchUsers(QStringLiteral("bob"), 10).size(), 2);
        QCOMPARE(store.searchUsers(QStringLiteral("nobody-here"), 10).size(), 0);
        QCOMPARE(store.searchUsers(QString(), 10).size(), 4);
        QCOMPARE(store.searchUsers(QStringLiteral("bob"), 0).size(), 0);
    }

    void passwords()
    {
        Store store(dbUrl());
        SF_OPEN(store);
        const auto alice = store.createUser(QStringLiteral("alice"), QString(),
                                            QStringLiteral("correct horse \u00e9"));
        QVERIFY2(alice, qPrintable(alice.error()));
        QVERIFY(alice->hasPassword);
        const auto bot = store.createUser(QStringLiteral("bot"), QString(), QString());
        QVERIFY(!bot->hasPassword);

        QElapsedTimer timer;
        timer.start();
        QCOMPARE(
            store.verifyPassword(QStringLiteral("alice"), QStringLiteral("correct horse \u00e9")),
            std::optional<UserId>(alice->id));
        qInfo("argon2id verify (opslimit 2, memlimit 19 MiB) took %lld ms", timer.elapsed());
        QVERIFY(!store.verifyPassword(QStringLiteral("alice"), QStringLiteral("wrong")));
        QVERIFY(!store.verifyPassword(QStringLiteral("alice"), QString()));
        QVERIFY(!store.verifyPassword(QStringLiteral("bot"), QString()));
        QVERIFY(!store.verifyPassword(QStringLiteral("bot"), QStringLiteral("anything")));
        QVERIFY(!store.verifyPassword(QStringLiteral("nobody"), QStringLiteral("x")));
    }

    void passwordHashFormat()
    {
        const QString hash = hashPassword(QStringLiteral("secret"));
        QVERIFY2(hash.startsWith(QLatin1String("$argon2id$v=19$m=19456,t=2,p=1$")),
                 qPrintable(hash));
        QVERIFY(hash != hashPassword(QStringLiteral("secret"))); // salted
        QVERIFY(verifyPasswordHash(hash, QStringLiteral("secret")));
        QVERIFY(!verifyPasswordHash(hash, QStringLiteral("Secret")));
        QVERIFY(!verifyPasswordHash(QStringLiteral("plain"), QStringLiteral("plain")));
        QVERIFY(!verifyPasswordHash(QString(), QString()));
    }

    // Vectors made independently with Python's hashlib in Werkzeug's format:
    // f"pbkdf2:{h}:{n}${salt}${hashlib.pbkdf2_hmac(h, pw, salt, n).hex()}" and
    // f"scrypt:{n}:{r}:{p}${salt}${hashlib.scrypt(pw, salt=salt, n=n, r=r, p=p, dklen=64).hex()}".
    void legacyWerkzeugHashes_data()
    {
        QTest::addColumn<QString>("hash");
        QTest::addColumn<QString>("password");
        QTest::newRow("pbkdf2 sha256")
            << QStringLiteral("pbkdf2:sha256:1000$Zs4Lq0rW8Yk1xNn2$aa3f414043145ee13f9487f48df08dee"
                              "d123a5b5afb6e9e159035c5354ecae8a")
            << QStringLiteral("tr0ub4dor & 3");
        QTest::newRow("pbkdf2 sha1 utf-8")
            << QStringLiteral("pbkdf2:sha1:2000$abcDEF123$eb2187f95352266aba66a3131075944142fefa17")
            << QStringLiteral("p\u00e4ss w\u00f6rd");
        QTest::newRow("pbkdf2 sha512") << QStringLiteral(
            "pbkdf2:sha512:1500$s4lt$11b25c0afa2852355afcea4576ee3156b44be1fd5cd02"
            "8d4513e66aed277c6c3c868c5c0b6010157072e726c3d53b7eccb6023f328edfbb64"
            "35dfa65ae5a0e1a") << QStringLiteral("hunter2");
        QTest::newRow("pbkdf2 werkzeug 3 default")
            << QStringLiteral("pbkdf2:sha256:600000$rX9vT2mQ8pL4kW7z$73b522a7b29b4f373c97037c52eb0"
                              "1517754428fb92aaad020fd9890610d4d1b")
            << QStringLiteral("correct horse battery staple");
        QTest::newRow("scrypt werkzeug 3 default") << QStringLiteral(
            "scrypt:32768:8:1$Qm3Zt8Ry1Wx6Vu4S$55f69258dfa0a3c23d5e34688ae513b4f2f"
            "9cea3ee795bbfa7be47aa32435bb1935af38f1165460c3af7fb091a1ddc64d5fbdee1d"
            "3e00ce9ad393c1f9acaede5") << QStringLiteral("p\u00e4ss w\u00f6rd");
        QTest::newRow("scrypt small") << QStringLiteral(
            "scrypt:1024:8:1$abc$bd176a160c0eda88d6ccea4a9082479e1559e1ca56c84b0cc"
            "ac8336c111a5668285a2ae596926178ec32f9472dbf00a25c604ae13688eab7c6572"
            "69319c12a5b") << QStringLiteral("x");
    }

    void legacyWerkzeugHashes()
    {
        QFETCH(QString, hash);
        QFETCH(QString, password);
        QVERIFY(isLegacyPasswordHash(hash));
        QElapsedTimer timer;
        timer.start();
        QVERIFY(verifyPasswordHash(hash, password));
        qInfo("legacy verify %s: %lld ms", qPrintable(hash.section(u'$', 0, 0)), timer.elapsed());
        QVERIFY(!verifyPasswordHash(hash, password + QLatin1Char('!')));
        QVERIFY(!verifyPasswordHash(hash, QString()));
        // A changed digest or salt fails; so does a malformed or absurd method.
        QString wrong = hash;
        wrong[wrong.size() - 1] = wrong.endsWith(u'0') ? u'1' : u'0';
        QVERIFY(!verifyPasswordHash(wrong, password));
        QVERIFY(!verifyPasswordHash(
            QString(hash).replace(hash.section(u'$', 1, 1), QStringLiteral("other")), password));
    }

    void malformedLegacyHashes_data()
    {
        QTest::addColumn<QString>("hash");
        QTest::newRow("no parts") << QStringLiteral("pbkdf2:sha256:1000");
        QTest::newRow("no iterations") << QStringLiteral("pbkdf2:sha256$salt$00");
        QTest::newRow("unknown digest") << QStringLiteral("pbkdf2:md5:1000$salt$00");
        QTest::newRow("zero iterations") << QStringLiteral("pbkdf2:sha256:0$salt$00");
        QTest::newRow("huge iterations") << QStringLiteral("pbkdf2:sha256:999999999$salt$00");
        QTest::newRow("scrypt N not power of 2") << QStringLiteral("scrypt:1000:8:1$salt$00");
        QTest::newRow("scrypt memory bomb") << QStringLiteral("scrypt:1048576:32:1$salt$00");
        QTest::newRow("scrypt missing p") << QStringLiteral("scrypt:1024:8$salt$00");
        QTest::newRow("empty digest") << QStringLiteral("pbkdf2:sha256:1000$salt$");
    }

    void malformedLegacyHashes()
    {
        QFETCH(QString, hash);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!verifyPasswordHash(hash, QStringLiteral("x")));
        QVERIFY(timer.elapsed() < 5000); // refused up front, not computed
    }

    void legacyPasswordIsRehashed()
    {
        // A user migrated with a Werkzeug hash signs in with the old password; the hash is
        // replaced by argon2id on the way.
        Store store(dbUrl());
        SF_OPEN(store);
        const UserId id = store.createUser(QStringLiteral("old"), QString(), QString())->id;
        const QString legacy = QStringLiteral(
            "pbkdf2:sha256:1000$Zs4Lq0rW8Yk1xNn2$aa3f414043145ee13f9487f48df08deed123a5b5afb6e9e"
            "159035c5354ecae8a");
        QVERIFY(Test::rawExec(dbUrl(),
                              QStringLiteral("UPDATE users SET password_hash = '%1'").arg(legacy)));
        QVERIFY(store.userById(id)->hasPassword);
        QVERIFY(!store.verifyPassword(QStringLiteral("old"), QStringLiteral("wrong")));
        QCOMPARE(
            Test::rawScalar(dbUrl(), QStringLiteral("SELECT password_hash FROM users")).toString(),
            legacy); // a failed attempt changes nothing
        QCOMPARE(store.verifyPassword(QStringLiteral("old"), QStringLiteral("tr0ub4dor & 3")),
                 std::optional<UserId>(id));
        const QString now
            = Test::rawScalar(dbUrl(), QStringLiteral("SELECT password_hash FROM users"))
                  .toString();
        QVERIFY2(now.startsWith(QLatin1String("$argon2id$")), qPrintable(now));
        QCOMPARE(store.verifyPassword(QStringLiteral("old"), QStringLiteral("tr0ub4dor & 3")),
                 std::optional<UserId>(id));
        QVERIFY(!store.verifyPassword(QStringLiteral("old"), QStringLiteral("wrong")));
    }

    void contacts()
    {
        Store store(dbUrl());
        SF_OPEN(store);
        const UserId a = store.createUser(QStringLiteral("a"), QString(), QString())->id;
        const UserId b = store.createUser(QStringLiteral("b"), QString(), QString())->id;
        const UserId c = store.createUser(QStringLiteral("c"), QString(), QString())->id;

        QCOMPARE(store.addContact(a, b).value(), true);
        const auto already = store.addContact(a, b);
        QVERIFY2(already, qPrintable(already.error())); // "already" is not an error
        QCOMPARE(already.value(), false);
        QVERIFY(store.addContact(a, c).value());
        QVERIFY(store.addContact(c, b).value());
        QCOMPARE(store.contactsOf(a), (QList<UserId>{b, c}));
        QCOMPARE(store.contactsOf(b), QList<UserId>{});
        QCOMPARE(store.listedBy(b), (QList<UserId>{a, c}));
        QCOMPARE(store.listedBy(a), QList<UserId>{});

        QCOMPARE(store.addContact(a, a).kind(), ErrorKind::Invalid);
        const auto unknown = store.addContact(a, 999);
        QCOMPARE(unknown.kind(), ErrorKind::NotFound);
        QVERIFY2(unknown.error().contains(QLatin1String("unknown user 999")),
                 qPrintable(unknown.error()));

        QVERIFY(store.removeContact(a, b));
        QVERIFY(!store.removeContact(a, b));
        QCOMPARE(store.contactsOf(a), QList<UserId>{c});
        QCOMPARE(store.listedBy(b), QList<UserId>{c});
    }

    void tokens()
    {
        QString token;
        UserId alice = 0;
        {
            Store store(dbUrl());
            QString error;
            SF_OPEN(store);
            alice = store.createUser(QStringLiteral("alice"), QString(), QString())->id;
            token = store.issueToken(alice);
            QCOMPARE(token.size(), 64);
            QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{64}$")).match(token).hasMatch());
            const QString second = store.issueToken(alice);
            QVERIFY(second != token);
            QCOMPARE(store.userForToken(token), std::optional<UserId>(alice));
            QCOMPARE(store.userForToken(second), std::optional<UserId>(alice));
            QVERIFY(!store.userForToken(QString(64, QLatin1Char('0'))));
            QVERIFY(!store.userForToken(QString()));

            // Only the SHA-256 is stored, never the token: not in the tables, not in the files.
            const QString expectedHash = QString::fromLatin1(
                QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
            QCOMPARE(Test::rawScalar(dbUrl(),
                                     QStringLiteral("SELECT COUNT(*) FROM access_tokens"
                                                    " WHERE token_hash = '%1'")
                                         .arg(expectedHash))
                         .toInt(),
                     1);
            QCOMPARE(Test::rawScalar(dbUrl(),
                                     QStringLiteral("SELECT COUNT(*) FROM access_tokens"
                                                    " WHERE token_hash = '%1'")
                                         .arg(token))
                         .toInt(),
                     0);
            if (!isPostgres()) {
                const QByteArray files
                    = fileBytes(dbUrl()) + fileBytes(dbUrl() + QStringLiteral("-wal"));
                QVERIFY(files.contains(expectedHash.toLatin1()));
                QVERIFY(!files.contains(token.toLatin1()));
            }

            QVERIFY(store.revokeToken(second));
            QVERIFY(!store.revokeToken(second));
            QVERIFY(!store.userForToken(second));
            QVERIFY(store.issueToken(999).isEmpty()); // unknown user
            const auto tokens = store.issueTokens({alice, 999});
            QVERIFY(!tokens);
            QCOMPARE(tokens.kind(), ErrorKind::NotFound);
            QVERIFY2(tokens.error().contains(QLatin1String("unknown user 999")),
                     qPrintable(tokens.error()));
        }
        Store store(dbUrl());
        SF_OPEN(store);
        QCOMPARE(store.userForToken(token), std::optional<UserId>(alice));
        QCOMPARE(
            Test::rawScalar(dbUrl(), QStringLiteral("SELECT COUNT(*) FROM access_tokens")).toInt(),
            1);
    }

    void bufferedActivity()
    {
        const qint64 t = 1'764'337'205'123; // 2025-11-28T13:40:05.123Z
        UserId id = 0;
        {
            Store store(dbUrl());
            QString error;
            SF_OPEN(store);
            id = store.createUser(QStringLiteral("alice"), QString(), QString())->id;
            store.recordActivity(id, t);
            store.setOnline(id, true);
            // Buffered: readers of the Store see it, the file does not have it yet.
            QCOMPARE(store.userById(id)->lastActiveMs, std::optional<qint64>(t));
            QVERIFY(
                Test::rawScalar(dbUrl(), QStringLiteral("SELECT last_active FROM users")).isNull());
            store.flush();
            QCOMPARE(Test::rawScalar(dbUrl(), QStringLiteral("SELECT last_active FROM users"))
                         .toString(),
                     QStringLiteral("2025-11-28T13:40:05.123Z"));
            QCOMPARE(
                Test::rawScalar(dbUrl(), QStringLiteral("SELECT is_online FROM users")).toInt(), 1);
            QCOMPARE(store.userById(id)->lastActiveMs, std::optional<qint64>(t));

            // The 1 s timer flushes without being asked.
            store.recordActivity(id, t + 60'000);
            QTRY_COMPARE_WITH_TIMEOUT(
                Test::rawScalar(dbUrl(), QStringLiteral("SELECT last_active FROM users"))
                    .toString(),
                toIsoUtc(t + 60'000), 5000);

            // close() (and the destructor) flush what is left.
            store.recordActivity(id, t + 120'000);
            store.setOnline(id, false);
            store.close();
            QCOMPARE(Test::rawScalar(dbUrl(), QStringLiteral("SELECT last_active FROM users"))
                         .toString(),
                     toIsoUtc(t + 120'000));
            QCOMPARE(
                Test::rawScalar(dbUrl(), QStringLiteral("SELECT is_online FROM users")).toInt(), 0);
            QVERIFY(store.open());
            store.recordActivity(id, t + 180'000);
        } // destructor
        Store store(dbUrl());
        SF_OPEN(store);
        QCOMPARE(store.userById(id)->lastActiveMs, std::optional<qint64>(t + 180'000));
    }

    //! Two servers on one database (the nodes of a cluster) flush the same users at the same
    //! moment, one writing last_active where the other writes is_online: no deadlock (each
    //! would cost a second and a retry), no failed flush, and every value lands.
    void concurrentFlushesDoNotDeadlock()
    {
        QList<UserId> ids;
        {
            Store store(dbUrl());
            SF_OPEN(store);
            QStringList names;
            for (int i = 0; i < 200; ++i)
                names << QStringLiteral("user%1").arg(i);
            const auto rows = store.createUsers(names);
            QVERIFY2(rows, qPrintable(rows.error()));
            for (const UserRow &row : *rows)
                ids << row.id;
        }
        const QList<UserId> first = ids.mid(0, 100), second = ids.mid(100);
        static std::atomic<int> failures;
        failures = 0;
        static QtMessageHandler previous = nullptr;
        previous = qInstallMessageHandler(
            [](QtMsgType type, const QMessageLogContext &context, const QString &text) {
                if (text.contains(QLatin1String("presence flush failed")))
                    ++failures;
                previous(type, context, text);
            });
        constexpr int Rounds = 15;
        const qint64 t0 = 1'764'337'205'000;
        std::barrier sync(2);
        std::atomic<int> opened = 0;
        const auto node = [&](const QList<UserId> &activity, const QList<UserId> &online) {
            Store store(dbUrl());
            if (!store.open())
                return;
            ++opened;
            for (int round = 0; round < Rounds; ++round) {
                for (UserId id : activity)
                    store.recordActivity(id, t0 + round);
                for (UserId id : online)
                    store.setOnline(id, round % 2 == 0);
                sync.arrive_and_wait();
                store.flush();
            }
            store.close();
        };
        QElapsedTimer took;
        took.start();
        std::unique_ptr<QThread> a(QThread::create(node, first, second));
        std::unique_ptr<QThread> b(QThread::create(node, second, first));
        a->start();
        b->start();
        QVERIFY(a->wait(120'000) && b->wait(120'000));
        qInstallMessageHandler(previous);
        QCOMPARE(opened.load(), 2);
        qInfo("%d rounds of two concurrent flushes took %lld ms", Rounds, took.elapsed());
        QCOMPARE(failures.load(), 0);
        // The last round wrote last_active t0 + Rounds - 1 everywhere, is_online of round 14.
        QCOMPARE(
            Test::rawScalar(dbUrl(),
                            QStringLiteral("SELECT COUNT(*) FROM users WHERE last_active = '%1'")
                                .arg(toIsoUtc(t0 + Rounds - 1)))
                .toInt(),
            200);
        QCOMPARE(Test::rawScalar(dbUrl(),
                                 QStringLiteral("SELECT COUNT(*) FROM users"
                                                " WHERE is_online = 1"))
                     .toInt(),
                 200);
    }

    void messages()
    {
        Store store(dbUrl());
        SF_OPEN(store);
        const UserId a = store.createUser(QStringLiteral("a"), QString(), QString())->id;
        const UserId b = store.createUser(QStringLiteral("b"), QString(), QString())->id;
        const UserId c = store.createUser(QStringLiteral("c"), QString(), QString())->id;
        const qint64 t0 = 1'764'337'205'000;

        const auto first
            = store.storeMessage(a, b, QStringLiteral("hello \u263a"), QStringLiteral("c-1"), t0);
        QVERIFY2(first, qPrintable(first.error()));
        QVERIFY(!first->duplicate);
        QVERIFY(first->row.id > 0);
        QCOMPARE(first->row.from, a);
        QCOMPARE(first->row.to, b);
        QCOMPARE(first->row.sentAtMs, t0);
        QCOMPARE(first->row.clientId, QStringLiteral("c-1"));
        // Committed when storeMessage() returns: another connection sees it at once.
        QCOMPARE(Test::rawScalar(dbUrl(), QStringLiteral("SELECT COUNT(*) FROM messages")).toInt(),
                 1);

        const auto again = store.storeMessage(a, b, QStringLiteral("different text"),
                                              QStringLiteral("c-1"), t0 + 5);
        QVERIFY(again);
        QVERIFY(again->duplicate);
        QCOMPARE(again->row.id, first->row.id);
        QCOMPARE(again->row.text, QStringLiteral("hello \u263a"));
        QCOMPARE(again->row.sentAtMs, t0);
        QCOMPARE(Test::rawScalar(dbUrl(), QStringLiteral("SELECT COUNT(*) FROM messages")).toInt(),
                 1);

        // The same client id from another sender is another message; empty ids never collide.
        const auto other
            = store.storeMessage(b, a, QStringLiteral("hi"), QStringLiteral("c-1"), t0 + 10);
        QVERIFY(other && !other->duplicate);
        const auto x1 = store.storeMessage(a, b, QStringLiteral("x"), QString(), t0 + 20);
        QVERIFY(x1 && !x1->duplicate);
        const auto x2 = store.storeMessage(a, b, QStringLiteral("x"), QString(), t0 + 30);
        QVERIFY(x2 && !x2->duplicate);
        QCOMPARE(Test::rawScalar(dbUrl(), QStringLiteral("SELECT COUNT(*) FROM messages")).toInt(),
                 4);

        const auto unknown = store.storeMessage(a, 999, QStringLiteral("x"), QString(), t0);
        QVERIFY(!unknown);
        QCOMPARE(unknown.kind(), ErrorKind::NotFound);

        // A message to someone else is not in the a-b conversation.
        QVERIFY(store.storeMessage(a, c, QStringLiteral("to c"), QString(), t0 + 40));
        const auto all = store.messagesBetween(a, b, std::nullopt, 100);
        QCOMPARE(all.size(), 4);
        QCOMPARE(all.first().id, first->row.id);
        for (qsizetype i = 1; i < all.size(); ++i)
            QVERIFY(all.at(i - 1).id < all.at(i).id); // oldest first
        QCOMPARE(all.at(1).from, b);
        QCOMPARE(store.messagesBetween(b, a, std::nullopt, 100).size(), 4); // symmetric
        QCOMPARE(store.messagesBetween(a, c, std::nullopt, 100).size(), 1);
        QCOMPARE(store.messagesBetween(b, c, std::nullopt, 100).size(), 0);
        QCOMPARE(store.messagesBetween(a, b, std::nullopt, 0).size(), 0);
    }

    void messageHistoryPaging()
    {
        Store store(dbUrl());
        SF_OPEN(store);
        const UserId a = store.createUser(QStringLiteral("a"), QString(), QString())->id;
        const UserId b = store.createUser(QStringLiteral("b"), QString(), QString())->id;
        QList<qint64> ids;
        for (int i = 0; i < 25; ++i) {
            const auto m
                = store.storeMessage(i % 2 ? b : a, i % 2 ? a : b, QStringLiteral("m%1").arg(i),
                                     QStringLiteral("id-%1").arg(i), 1000 + i);
            QVERIFY2(m, qPrintable(m.error()));
            ids << m->row.id;
        }
        // Newest 10: m15..m24, oldest first.
        auto page = store.messagesBetween(a, b, std::nullopt, 10);
        QCOMPARE(page.size(), 10);
        QCOMPARE(page.first().text, QStringLiteral("m15"));
        QCOMPARE(page.last().text, QStringLiteral("m24"));
        // Before the first of that page: m5..m14.
        page = store.messagesBetween(a, b, page.first().id, 10);
        QCOMPARE(page.size(), 10);
        QCOMPARE(page.first().text, QStringLiteral("m5"));
        QCOMPARE(page.last().text, QStringLiteral("m14"));
        page = store.messagesBetween(a, b, page.first().id, 10);
        QCOMPARE(page.size(), 5);
        QCOMPARE(page.first().text, QStringLiteral("m0"));
        QCOMPARE(page.first().sentAtMs, 1000);
        QCOMPARE(store.messagesBetween(a, b, page.first().id, 10).size(), 0);
        // Self-conversation (notes to self) is not doubled.
        QVERIFY(store.storeMessage(a, a, QStringLiteral("note"), QString(), 5000));
        QCOMPARE(store.messagesBetween(a, a, std::nullopt, 10).size(), 1);
    }

    void bulkCreateUsers()
    {
        Store store(dbUrl());
        SF_OPEN(store);
        QVERIFY(
            store.createUser(QStringLiteral("bot00042"), QStringLiteral("Existing"), QString()));
        QStringList names;
        for (int i = 0; i < 5000; ++i)
            names << QStringLiteral("bot%1").arg(i, 5, 10, QLatin1Char('0'));
        QElapsedTimer timer;
        timer.start();
        const auto created = store.createUsers(names);
        const qint64 ms = std::max<qint64>(1, timer.elapsed());
        QVERIFY2(created, qPrintable(created.error()));
        const QList<UserRow> rows = created.value();
        QCOMPARE(rows.size(), 5000);
        qInfo("createUsers: 5000 users in %lld ms (%lld users/s)", ms, 5000 * 1000 / ms);
        QVERIFY2(ms < 20'000, "thousands of users must take seconds, not minutes");
        for (int i = 0; i < 5000; ++i)
            QCOMPARE(rows.at(i).username, names.at(i));
        QCOMPARE(rows.at(42).displayName, QStringLiteral("Existing")); // returned as it was
        QCOMPARE(store.allUsers().size(), 5000);
        QVERIFY(!rows.at(7).hasPassword);
        QCOMPARE(store.userByName(QStringLiteral("bot04999"))->id, rows.last().id);
        // Again: nothing new, same ids.
        const QList<UserRow> again = store.createUsers(names.mid(0, 10)).value();
        QCOMPARE(again.size(), 10);
        QCOMPARE(again.at(3).id, rows.at(3).id);
        QCOMPARE(store.allUsers().size(), 5000);
    }

    void duplicateClientIdRace()
    {
        // Two writers (two Stores, as two server processes would be) store the same client ids
        // at the same time: the unique constraint keeps one row per (sender, client_id), and
        // the loser of each race gets that row back as a duplicate.
        const UserId a = [&] {
            Store setup(dbUrl());
            const auto opened = setup.open();
            if (!opened)
                return UserId(0);
            setup.createUser(QStringLiteral("a"), QString(), QString());
            setup.createUser(QStringLiteral("b"), QString(), QString());
            return setup.userByName(QStringLiteral("a"))->id;
        }();
        QVERIFY(a > 0);
        constexpr int Count = 150;
        struct Outcome
        {
            QList<qint64> ids;
            int fresh = 0;
            QString error;
        };
        const auto writer = [&](Outcome *out) {
            Store store(dbUrl());
            store.setResetOnlineOnOpen(false);
            if (const auto opened = store.open(); !opened) {
                out->error = opened.error();
                return;
            }
            const UserId b = store.userByName(QStringLiteral("b"))->id;
            for (int i = 0; i < Count; ++i) {
                const auto m = store.storeMessage(a, b, QStringLiteral("m%1").arg(i),
                                                  QStringLiteral("race-%1").arg(i), 1000 + i);
                if (!m) {
                    out->error = m.error();
                    return;
                }
                out->ids << m->row.id;
                out->fresh += m->duplicate ? 0 : 1;
            }
        };
        Outcome one;
        Outcome two;
        std::unique_ptr<QThread> t1(QThread::create(writer, &one));
        std::unique_ptr<QThread> t2(QThread::create(writer, &two));
        t1->start();
        t2->start();
        QVERIFY(t1->wait(60'000));
        QVERIFY(t2->wait(60'000));
        QVERIFY2(one.error.isEmpty(), qPrintable(one.error));
        QVERIFY2(two.error.isEmpty(), qPrintable(two.error));
        QCOMPARE(one.ids, two.ids); // both writers answer with the same row for each id
        QCOMPARE(one.fresh + two.fresh, Count); // exactly one insert won each race
        QCOMPARE(Test::rawScalar(dbUrl(), QStringLiteral("SELECT COUNT(*) FROM messages")).toInt(),
                 Count);
    }

    void storeTimestampsFollowTheClock()
    {
        // created_at, added_at and token created_at come from the injected clock (demo mode's
        // scaled clock, tests' manual clock), never from the wall clock.
        ManualClock clock(1'500'000'000'000);
        Store store(dbUrl());
        store.setClock(&clock);
        SF_OPEN(store);
        QCOMPARE(
            Test::rawScalar(dbUrl(), QStringLiteral("SELECT applied_at FROM schema_migrations"))
                .toString(),
            toIsoUtc(1'500'000'000'000));
        clock.advance(1000);
        const UserId a = store.createUser(QStringLiteral("a"), QString(), QString())->id;
        clock.advance(1000);
        const UserId b = store.createUsers({QStringLiteral("b")})->constFirst().id;
        clock.advance(1000);
        QVERIFY(store.addContact(a, b).value());
        clock.advance(1000);
        QVERIFY(!store.issueToken(a).isEmpty());
        QCOMPARE(Test::rawScalar(dbUrl(),
                                 QStringLiteral("SELECT created_at FROM users WHERE"
                                                " username = 'a'"))
                     .toString(),
                 toIsoUtc(1'500'000'001'000));
        QCOMPARE(Test::rawScalar(dbUrl(),
                                 QStringLiteral("SELECT created_at FROM users WHERE"
                                                " username = 'b'"))
                     .toString(),
                 toIsoUtc(1'500'000'002'000));
        QCOMPARE(
            Test::rawScalar(dbUrl(), QStringLiteral("SELECT added_at FROM contacts")).toString(),
            toIsoUtc(1'500'000'003'000));
        QCOMPARE(Test::rawScalar(dbUrl(), QStringLiteral("SELECT created_at FROM access_tokens"))
                     .toString(),
                 toIsoUtc(1'500'000'004'000));
    }

    void messageSearchFoldsCaseBeyondAscii()
    {
        // Issue 11: SQLite's LIKE folds ASCII letters only, and PostgreSQL's ILIKE only what the
        // database's LC_CTYPE knows (the test cluster is C): both must find "ärger" for
        // "Ärger" and "σοφια" for "ΣΟΦΙΑ".
        Store store(dbUrl());
        SF_OPEN(store);
        const auto users = store.createUsers({QStringLiteral("ann"), QStringLiteral("ben")});
        QVERIFY2(users, qPrintable(users.error()));
        const UserId ann = users->at(0).id;
        const UserId ben = users->at(1).id;
        const QStringList texts = {QStringLiteral("So ein ärger heute"),
                                   QStringLiteral("ÄRGER IM BÜRO"),
                                   QStringLiteral("Grüße an σοφια"),
                                   QStringLiteral("ΣΟΦΙΑ kommt später"),
                                   QStringLiteral("Straße und Stra%e_\\ literal"),
                                   QStringLiteral("nothing to see")};
        QHash<QString, qint64> ids;
        for (int i = 0; i < texts.size(); ++i) {
            const auto m = store.storeMessage(i % 2 ? ann : ben, i % 2 ? ben : ann, texts.at(i),
                                              QString(), 1000 + i);
            QVERIFY2(m, qPrintable(m.error()));
            ids.insert(texts.at(i), m->row.id);
        }
        const auto found = [&](const QString &q, std::optional<UserId> peer = std::nullopt) {
            QStringList out;
            const QList<MessageRow> rows = store.searchMessages(ann, q, peer, 20);
            for (const MessageRow &r : rows)
                out << r.text;
            return out; // newest first
        };
        const QStringList aerger = {texts.at(1), texts.at(0)};
        QCOMPARE(found(QStringLiteral("Ärger")), aerger);
        QCOMPARE(found(QStringLiteral("ärger")), aerger);
        QCOMPARE(found(QStringLiteral("äRgEr")), aerger);
        const QStringList sofia = {texts.at(3), texts.at(2)};
        QCOMPARE(found(QStringLiteral("ΣΟΦΙΑ")), sofia);
        QCOMPARE(found(QStringLiteral("σοφια")), sofia);
        QCOMPARE(found(QStringLiteral("σοφια"), ben), sofia);
        // Non-ASCII text stays literal: %, _ and \ are not wildcards there either.
        QCOMPARE(found(QStringLiteral("straße und stra%e_\\")), QStringList{texts.at(4)});
        QCOMPARE(found(QStringLiteral("Grüße%")), QStringList());
        QCOMPARE(found(QStringLiteral("ü_")), QStringList());
        // ASCII queries keep working (and stay on the engines' own LIKE).
        QCOMPARE(found(QStringLiteral("NOTHING")), QStringList{texts.at(5)});
        // Only the caller's own messages: carol sees none of them.
        const auto carol = store.createUser(QStringLiteral("carol"), QString(), QString());
        QVERIFY(carol);
        QCOMPARE(store.searchMessages(carol->id, QStringLiteral("ärger"), std::nullopt, 20).size(),
                 0);
        QCOMPARE(store.searchMessages(ann, QStringLiteral("ärger"), std::nullopt, 1).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
