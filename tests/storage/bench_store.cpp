// Store figures on this machine, for SQLite (a file, synchronous=FULL) and PostgreSQL (a
// database of the test cluster; durable only when the fixture was started with
// SF_PG_DURABLE=1, see tests/support/pg_fixture.sh): argon2id verify, bulk user creation,
// committed chat messages, presence flushes, token lookups, history pages. Label "benchmark":
// not in the default run.
#include "pgfixture.h"
#include "storage/store.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTest>

using namespace SmartFixer;

class BenchStore : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_url;
    bool m_postgres = false;
    QString dbPath() const { return m_url; }

private Q_SLOTS:
    void initTestCase_data()
    {
        QTest::addColumn<bool>("postgres");
        QTest::newRow("sqlite") << false;
        QTest::newRow("postgres") << true;
    }
    void initTestCase()
    {
        Test::initTestEnvironment();
        QLoggingCategory::setFilterRules(QStringLiteral("smartfixer.store.info=false"));
    }
    void init()
    {
        QFETCH_GLOBAL(bool, postgres);
        m_postgres = postgres;
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QString error;
        m_url = postgres ? Test::createPostgresDatabase(&error)
                         : m_dir->filePath(QStringLiteral("bench.db"));
        QVERIFY2(!m_url.isEmpty(), qPrintable(error));
    }

    void argon2idVerify()
    {
        if (m_postgres)
            QSKIP("the same for both engines (measured in the sqlite row)");
        const QString hash = hashPassword(QStringLiteral("correct horse battery staple"));
        QVERIFY(!hash.isEmpty());
        QBENCHMARK
        {
            QVERIFY(verifyPasswordHash(hash, QStringLiteral("correct horse battery staple")));
        }
    }

    void createUsers()
    {
        Store store(dbPath());
        QString error;
        SF_OPEN(store);
        QStringList names;
        for (int i = 0; i < 20'000; ++i)
            names << QStringLiteral("user%1").arg(i);
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(store.createUsers(names)->size(), names.size());
        const qint64 ms = std::max<qint64>(1, timer.elapsed());
        qInfo("createUsers: %lld users in %lld ms = %lld users/s", qint64(names.size()), ms,
              qint64(names.size()) * 1000 / ms);
        timer.restart();
        QList<UserId> ids;
        for (const UserRow &row : store.allUsers())
            ids << row.id;
        const QStringList tokens = store.issueTokens(ids).value();
        QCOMPARE(tokens.size(), ids.size());
        qInfo("issueTokens: %lld tokens in %lld ms", qint64(tokens.size()), timer.elapsed());
        timer.restart();
        for (const QString &token : tokens)
            QVERIFY(store.userForToken(token));
        const qint64 lookupMs = std::max<qint64>(1, timer.elapsed());
        qInfo("userForToken: %lld lookups in %lld ms = %lld/s", qint64(tokens.size()), lookupMs,
              qint64(tokens.size()) * 1000 / lookupMs);
    }

    void storeMessageCommitted()
    {
        Store store(dbPath());
        QString error;
        SF_OPEN(store);
        const UserId a = store.createUser(QStringLiteral("a"), QString(), QString())->id;
        const UserId b = store.createUser(QStringLiteral("b"), QString(), QString())->id;
        const int n = 2000;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < n; ++i)
            QVERIFY(store.storeMessage(i % 2 ? a : b, i % 2 ? b : a,
                                       QStringLiteral("message %1").arg(i),
                                       QStringLiteral("c%1").arg(i), 1'700'000'000'000 + i));
        const qint64 ms = std::max<qint64>(1, timer.elapsed());
        qInfo("storeMessage (each committed%s): %d in %lld ms = %.3f ms each",
              m_postgres ? "" : ", synchronous=FULL", n, ms, double(ms) / n);
        timer.restart();
        int pages = 0;
        std::optional<qint64> before;
        for (;;) {
            const QList<MessageRow> page = store.messagesBetween(a, b, before, 50);
            if (page.isEmpty())
                break;
            before = page.first().id;
            ++pages;
        }
        QCOMPARE(pages, n / 50);
        qInfo("messagesBetween: %d pages of 50 in %lld ms", pages, timer.elapsed());
    }

    void presenceFlush()
    {
        Store store(dbPath());
        QString error;
        SF_OPEN(store);
        QStringList names;
        for (int i = 0; i < 10'000; ++i)
            names << QStringLiteral("p%1").arg(i);
        const QList<UserRow> rows = store.createUsers(names).value();
        QCOMPARE(rows.size(), names.size());
        for (const UserRow &row : rows) {
            store.recordActivity(row.id, 1'700'000'000'000 + row.id);
            store.setOnline(row.id, true);
        }
        QElapsedTimer timer;
        timer.start();
        store.flush();
        qInfo("flush: 10000 last_active + 10000 is_online writes in one transaction: %lld ms",
              timer.elapsed());
        QCOMPARE(store.userById(rows.last().id)->lastActiveMs,
                 std::optional<qint64>(1'700'000'000'000 + rows.last().id));
    }
};

QTEST_GUILESS_MAIN(BenchStore)
#include "bench_store.moc"
