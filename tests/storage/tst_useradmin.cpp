// Issue 11 item 12: "user list", "user remove", "user passwd --password-stdin", "user add"
// naming its database, the database file 0600 (and a new default folder 0700), and the
// shipped binaries' --version and --help-all (which must not start a server).
#include "adminrun.h"
#include "core/version.h"
#include "storage/store.h"
#include "testsupport.h"

#include <QBuffer>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
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

Run binary(const QString &name, const QStringList &args)
{
    QProcess p;
    p.start(QDir(Test::buildDir()).filePath(QStringLiteral("bin/") + name), args);
    Run r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(10000)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = QStringLiteral("did not finish by itself");
        return r;
    }
    r.code = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

class TestUserAdmin : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString db() const { return m_dir->filePath(QStringLiteral("admin.db")); }
    QStringList withDb(QStringList args) const { return args << QStringLiteral("--db") << db(); }

private Q_SLOTS:
    void initTestCase() { Test::initTestEnvironment(); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void addNamesTheDatabaseAndTheFileIsOwnerOnly()
    {
        const Run r = admin(
            withDb({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("alice")}));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.endsWith(QStringLiteral("database: %1\n").arg(db())), qPrintable(r.out));
        const QFile::Permissions perms = QFileInfo(db()).permissions();
        QCOMPARE(perms
                     & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup
                        | QFileDevice::WriteOther),
                 QFile::Permissions());
        QVERIFY(perms.testFlag(QFileDevice::ReadOwner) && perms.testFlag(QFileDevice::WriteOwner));
    }

    void listRemoveAndPasswd()
    {
        QVERIFY(
            admin(withDb({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("alice"),
                          QStringLiteral("bob"), QStringLiteral("carol")}))
                .code
            == 0);
        Run r = admin(withDb({QStringLiteral("user"), QStringLiteral("list")}));
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out,
                 QStringLiteral("1\talice\talice\ttoken-only\n2\tbob\tbob\ttoken-only\n"
                                "3\tcarol\tcarol\ttoken-only\n"));
        {
            // bob has a contact, a token and messages: all go with him.
            Store store(db());
            QVERIFY(store.open());
            QVERIFY(store.addContact(1, 2));
            QVERIFY(store.addContact(2, 1));
            QVERIFY(!store.issueToken(2).isEmpty());
            QVERIFY(store.storeMessage(1, 2, QStringLiteral("hi"), {}, 1000));
            QVERIFY(store.storeMessage(2, 1, QStringLiteral("yo"), {}, 2000));
            QVERIFY(store.storeMessage(1, 3, QStringLiteral("c"), {}, 3000));
        }
        // An unknown name among known ones removes nothing.
        r = admin(withDb({QStringLiteral("user"), QStringLiteral("remove"), QStringLiteral("bob"),
                          QStringLiteral("mallory")}));
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("unknown user \"mallory\"")));
        r = admin(
            withDb({QStringLiteral("user"), QStringLiteral("remove"), QStringLiteral("bob")}));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.startsWith(QStringLiteral("removed bob (id 2)\n")));
        r = admin(withDb({QStringLiteral("user"), QStringLiteral("list")}));
        QCOMPARE(r.out,
                 QStringLiteral("1\talice\talice\ttoken-only\n3\tcarol\tcarol\ttoken-only\n"));
        {
            Store store(db());
            QVERIFY(store.open());
            QVERIFY(store.contactsOf(1).isEmpty());
            QVERIFY(store.messagesBetween(1, 2, std::nullopt, 10).isEmpty());
            QCOMPARE(store.messagesBetween(1, 3, std::nullopt, 10).size(), 1);
        }

        // passwd: from stdin only, one NAME, then the password signs in.
        r = admin(
            withDb({QStringLiteral("user"), QStringLiteral("passwd"), QStringLiteral("alice")}));
        QCOMPARE(r.code, 2);
        r = admin(withDb({QStringLiteral("user"), QStringLiteral("passwd"), QStringLiteral("alice"),
                          QStringLiteral("carol"), QStringLiteral("--password-stdin")}),
                  "x\ny\n");
        QCOMPARE(r.code, 2);
        r = admin(withDb({QStringLiteral("user"), QStringLiteral("passwd"), QStringLiteral("alice"),
                          QStringLiteral("--password-stdin")}),
                  "\n");
        QCOMPARE(r.code, 1);
        r = admin(withDb({QStringLiteral("user"), QStringLiteral("passwd"), QStringLiteral("alice"),
                          QStringLiteral("--password-stdin")}),
                  QByteArray(5000, 'p'));
        QCOMPARE(r.code, 1);
        r = admin(withDb({QStringLiteral("user"), QStringLiteral("passwd"),
                          QStringLiteral("nobody"), QStringLiteral("--password-stdin")}),
                  "secret\n");
        QCOMPARE(r.code, 1);
        r = admin(withDb({QStringLiteral("user"), QStringLiteral("passwd"), QStringLiteral("alice"),
                          QStringLiteral("--password-stdin")}),
                  "new secret \xc3\xa9\r\n");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = admin(withDb({QStringLiteral("user"), QStringLiteral("list")}));
        QVERIFY(r.out.startsWith(QStringLiteral("1\talice\talice\tpassword\n")));
        Store store(db());
        QVERIFY(store.open());
        QCOMPARE(store.verifyPassword(QStringLiteral("alice"), QStringLiteral("new secret é")),
                 std::optional<UserId>(1));
        QCOMPARE(store.verifyPassword(QStringLiteral("alice"), QStringLiteral("new secret")),
                 std::nullopt);
        // list takes no names; every subcommand needs an existing file.
        QCOMPARE(
            admin(withDb({QStringLiteral("user"), QStringLiteral("list"), QStringLiteral("x")}))
                .code,
            2);
        QCOMPARE(admin({QStringLiteral("user"), QStringLiteral("list"), QStringLiteral("--db"),
                        m_dir->filePath(QStringLiteral("missing.db"))})
                     .code,
                 1);
        QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("missing.db"))));
    }

    void versionAndHelpAllDoNotStartAServer()
    {
        Run r = binary(QStringLiteral("smartfixer-server"),
                       {QStringLiteral("--help-all"), QStringLiteral("--port"), QStringLiteral("0"),
                        QStringLiteral("--db"), db()});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("--port")), qPrintable(r.out));
        QVERIFY(!r.out.contains(QStringLiteral("listening on")));
        QVERIFY(!QFileInfo::exists(db()));
        r = binary(QStringLiteral("smartfixer-server"), {QStringLiteral("--version")});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out,
                 QStringLiteral("smartfixer-server %1\n").arg(QLatin1String(versionString())));
        r = binary(QStringLiteral("smartfixer-cli"), {QStringLiteral("--version")});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, QStringLiteral("smartfixer-cli %1\n").arg(QLatin1String(versionString())));
    }
};

QTEST_GUILESS_MAIN(TestUserAdmin)
#include "tst_useradmin.moc"
