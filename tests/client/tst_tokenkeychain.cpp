// TokenKeychain against a real Secret Service: gnome-keyring-daemon on the suite's private
// D-Bus session bus (tests/support/secretservice.h). First with no Secret Service on the bus
// (the fallback: a typed "no keyring", nothing written anywhere), then with one: write, read
// back, one entry per server + user, remove. Entries are checked with secret-tool, i.e. as
// libsecret stores them, not through our own class.
#include "client/tokenkeychain.h"
#include "secretservice.h"
#include "testsupport.h"

#include <QDirIterator>
#include <QTest>

using namespace SmartFixer;

class TestTokenKeychain : public QObject
{
    Q_OBJECT
private:
    Test::SecretService m_secrets;
    QTemporaryDir m_home;
    const QString m_service = QStringLiteral("SmartFixer-tst_tokenkeychain");

    //! Runs one keychain call to its end (the callback comes exactly once).
    template<typename Call> static Result<QString> wait(Call call)
    {
        std::optional<Result<QString>> outcome;
        int calls = 0;
        call([&](const Result<QString> &r) {
            ++calls;
            outcome = r;
        });
        if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 20000))
            return Result<QString>::failure(QStringLiteral("<no answer>"), ErrorKind::Timeout);
        QTest::qWait(0); // a second callback would come now
        if (calls != 1)
            return Result<QString>::failure(QStringLiteral("called %1 times").arg(calls));
        return *outcome;
    }

    //! Whether \a needle occurs in any file under \a dir.
    static bool anyFileContains(const QString &dir, const QByteArray &needle)
    {
        QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
                return true;
        }
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        // QSettings and QStandardPaths of this process live in a folder we can search.
        qputenv("HOME", m_home.path().toLocal8Bit());
        Test::initTestEnvironment();
        QString why;
        QVERIFY2(Test::SecretService::onPrivateBus(&why), qPrintable(why));
    }

    void entryKey_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("key");
        QTest::newRow("plain") << "http://127.0.0.1:8765"
                               << "alice"
                               << "alice@http://127.0.0.1:8765";
        QTest::newRow("path and case") << "https://Chat.Example:9000/app/?x=1#f"
                                       << " Alice "
                                       << "alice@https://chat.example:9000";
        QTest::newRow("user info dropped") << "http://bob:pw@host:1"
                                           << "ALICE"
                                           << "alice@http://host:1";
    }

    void entryKey()
    {
        QFETCH(QString, url);
        QFETCH(QString, user);
        QFETCH(QString, key);
        QCOMPARE(TokenKeychain::entryKey(QUrl(url), user), key);
    }

    void noSecretServiceIsAPlainNoAndWritesNothing()
    {
        QVERIFY(!m_secrets.isRunning());
        QVERIFY(!TokenKeychain::keyringAvailable());
        TokenKeychain keychain(m_service);
        const QUrl server(QStringLiteral("http://127.0.0.1:8765"));
        const QString token = QStringLiteral("no-keyring-token-5f1c2e");
        const auto written = wait(
            [&](auto done) { keychain.write(server, QStringLiteral("alice"), token, done); });
        QVERIFY(!written);
        QCOMPARE(written.kind(), ErrorKind::Unavailable);
        const auto read
            = wait([&](auto done) { keychain.read(server, QStringLiteral("alice"), done); });
        QCOMPARE(read.kind(), ErrorKind::Unavailable);
        const auto removed
            = wait([&](auto done) { keychain.remove(server, QStringLiteral("alice"), done); });
        QCOMPARE(removed.kind(), ErrorKind::Unavailable);
        // QtKeychain's plain-text fallback (QSettings) stays off: no file holds the token.
        QVERIFY(!anyFileContains(m_home.path(), token.toUtf8()));
    }

    void writeReadRemoveInARealKeyring()
    {
        QString why;
        QVERIFY2(m_secrets.start(&why), qPrintable(why));
        QVERIFY(TokenKeychain::keyringAvailable());
        TokenKeychain keychain(m_service);
        const QUrl server(QStringLiteral("http://127.0.0.1:8765"));
        const QString token = QStringLiteral("tok-3b9f0a7c");
        const QString key = TokenKeychain::entryKey(server, QStringLiteral("alice"));

        const auto written = wait(
            [&](auto done) { keychain.write(server, QStringLiteral("alice"), token, done); });
        QVERIFY2(written, qPrintable(written.error()));
        QCOMPARE(Test::SecretService::lookup(m_service, key), token); // as libsecret has it

        // "Alice" is the same account on the server, so the same entry.
        const auto read
            = wait([&](auto done) { keychain.read(server, QStringLiteral("Alice"), done); });
        QVERIFY2(read, qPrintable(read.error()));
        QCOMPARE(*read, token);

        // Writing again replaces the entry (a new sign-in), it does not add one.
        const auto again = wait([&](auto done) {
            keychain.write(server, QStringLiteral("alice"), QStringLiteral("tok-2"), done);
        });
        QVERIFY(again);
        QCOMPARE(Test::SecretService::lookup(m_service, key), QStringLiteral("tok-2"));

        const auto removed
            = wait([&](auto done) { keychain.remove(server, QStringLiteral("alice"), done); });
        QVERIFY2(removed, qPrintable(removed.error()));
        QCOMPARE(Test::SecretService::lookup(m_service, key), QString());
        const auto gone
            = wait([&](auto done) { keychain.read(server, QStringLiteral("alice"), done); });
        QCOMPARE(gone.kind(), ErrorKind::NotFound);
        // Removing what is not there is no error.
        const auto twice
            = wait([&](auto done) { keychain.remove(server, QStringLiteral("alice"), done); });
        QVERIFY(twice);
        // Nothing outside the keyring's own folder ever held the token.
        QVERIFY(!anyFileContains(m_home.path(), token.toUtf8()));
    }

    void oneEntryPerServerAndUser()
    {
        QString why;
        QVERIFY2(m_secrets.start(&why), qPrintable(why));
        TokenKeychain keychain(m_service);
        const QUrl a(QStringLiteral("http://127.0.0.1:8765"));
        const QUrl b(QStringLiteral("https://127.0.0.1:8765"));
        const struct
        {
            QUrl server;
            QString user;
            QString token;
        } entries[] = {{a, QStringLiteral("alice"), QStringLiteral("a-alice")},
                       {b, QStringLiteral("alice"), QStringLiteral("b-alice")},
                       {a, QStringLiteral("bob"), QStringLiteral("a-bob")}};
        for (const auto &e : entries)
            QVERIFY(wait([&](auto done) { keychain.write(e.server, e.user, e.token, done); }));
        for (const auto &e : entries) {
            const auto read = wait([&](auto done) { keychain.read(e.server, e.user, done); });
            QVERIFY2(read, qPrintable(read.error()));
            QCOMPARE(*read, e.token);
        }
        // Another service's entries are not ours.
        TokenKeychain other(QStringLiteral("SmartFixer-someone-else"));
        QCOMPARE(wait([&](auto done) { other.read(a, QStringLiteral("alice"), done); }).kind(),
                 ErrorKind::NotFound);
        // Removing one leaves the others.
        QVERIFY(wait([&](auto done) { keychain.remove(a, QStringLiteral("alice"), done); }));
        QCOMPARE(wait([&](auto done) { keychain.read(a, QStringLiteral("alice"), done); }).kind(),
                 ErrorKind::NotFound);
        QCOMPARE(*wait([&](auto done) { keychain.read(b, QStringLiteral("alice"), done); }),
                 QStringLiteral("b-alice"));
        QCOMPARE(*wait([&](auto done) { keychain.read(a, QStringLiteral("bob"), done); }),
                 QStringLiteral("a-bob"));
    }

    void keychainGoneAfterwardsIsUnavailableAgain()
    {
        m_secrets.stop();
        QVERIFY(!TokenKeychain::keyringAvailable());
        TokenKeychain keychain(m_service);
        const auto read = wait([&](auto done) {
            keychain.read(QUrl(QStringLiteral("http://127.0.0.1:8765")), QStringLiteral("bob"),
                          done);
        });
        QCOMPARE(read.kind(), ErrorKind::Unavailable);
    }
};

QTEST_GUILESS_MAIN(TestTokenKeychain)
#include "tst_tokenkeychain.moc"
