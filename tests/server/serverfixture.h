#pragma once
// ServerFixture: a PresenceServer on 127.0.0.1 port 0 with a temporary database, a ManualClock
// for the active window, short ping settings and three accounts (alice, bob, carol). The
// database is an SQLite file, or a fresh database of the PostgreSQL test cluster while
// fixtureEngine() says so (suites that run on both engines set it per initTestCase_data() row).
#include "pgfixture.h"
#include "server/presencehub.h"
#include "server/presenceserver.h"
#include "storage/store.h"

#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace SmartFixer::Test {

constexpr qint64 FixtureStartMs = 1'795'000'000'000; // ms since epoch
constexpr qint64 FixtureWindowMs = 5 * 60 * 1000;

struct Account
{
    UserId id = 0;
    QString name;
    QString token;
};

//! true: new fixtures use PostgreSQL (set by a suite's init() from its global data row).
inline bool &fixtureOnPostgres()
{
    static bool postgres = false;
    return postgres;
}

struct ServerFixture
{
    explicit ServerFixture(const std::function<void(ServerConfig &)> &tweak = {})
    {
        config.listenAddress = QHostAddress(QHostAddress::LocalHost);
        config.port = 0;
        if (fixtureOnPostgres()) {
            QString error;
            config.databasePath = createPostgresDatabase(&error);
            if (config.databasePath.isEmpty())
                qWarning("no PostgreSQL database for the fixture: %s", qPrintable(error));
        } else {
            config.databasePath = dir.filePath(QStringLiteral("server.db"));
        }
        config.activeWindowMs = FixtureWindowMs;
        config.limits.pingIntervalMs = 300;
        config.limits.pingTimeoutMs = 300;
        config.textZone = QTimeZone::utc();
        if (tweak)
            tweak(config);
    }
    ~ServerFixture()
    {
        if (server)
            server->stop();
    }

    //! Starts the server; with \a makeAccounts, creates alice, bob and carol with passwords.
    bool start(bool makeAccounts = true)
    {
        server = std::make_unique<PresenceServer>(config, &clock);
        QString error;
        if (!server->start(&error)) {
            qWarning("server did not start: %s", qPrintable(error));
            return false;
        }
        port = server->serverPort();
        if (makeAccounts) {
            for (const char *name : {"alice", "bob", "carol"}) {
                Account a;
                a.name = QString::fromLatin1(name);
                const auto row = server->store()->createUser(a.name, a.name.toUpper(),
                                                             QStringLiteral("secret-") + a.name);
                if (!row) {
                    qWarning("account: %s", qPrintable(row.error()));
                    return false;
                }
                a.id = row->id;
                a.token = server->store()->issueToken(a.id);
                accounts.append(a);
            }
        }
        return true;
    }
    const Account &alice() const { return accounts.at(0); }
    const Account &bob() const { return accounts.at(1); }
    const Account &carol() const { return accounts.at(2); }

    void addContact(UserId owner, UserId contact)
    {
        const auto added = server->store()->addContact(owner, contact);
        if (!added)
            qWarning("addContact: %s", qPrintable(added.error()));
    }

    QTemporaryDir dir;
    ManualClock clock{FixtureStartMs};
    ServerConfig config;
    std::unique_ptr<PresenceServer> server;
    quint16 port = 0;
    QList<Account> accounts;
};

} // namespace SmartFixer::Test
