// The Store lookups every handshake makes (token → user, user by id, contacts of the user,
// who lists the user), at full size: an SQLite database file with 10,000 users, 10,000 tokens
// and 20 contacts each (200,000 rows), as smartfixer-server opens it. Each figure is the
// Store call (prepared statements reused) next to the same SQL prepared anew on every call
// through a second connection to the same file (what Store did before), so one run shows
// what reuse gives. Label benchmark; prints one line per lookup and a JSON summary.
//
//   build/bin/bench_storelookups [ITERATIONS]      (default 50,000 per lookup)
#include "storage/store.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

#include <cstdio>
#include <functional>

using namespace SmartFixer;

namespace {

constexpr int Users = 10000;
constexpr int ContactsEach = 20;

double nsPerCall(int iterations, const std::function<void(int)> &call)
{
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < iterations; ++i)
        call(i);
    return double(t.nsecsElapsed()) / iterations;
}

int fail(const QString &why)
{
    std::fprintf(stderr, "bench_storelookups: %s\n", qPrintable(why));
    return 1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int iterations = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 50000;
    if (iterations <= 0)
        return fail(QStringLiteral("ITERATIONS must be a positive number"));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench.db"));

    Store store(path);
    if (auto opened = store.open(); !opened)
        return fail(opened.error());
    QStringList names;
    for (int i = 0; i < Users; ++i)
        names << QStringLiteral("user%1").arg(i);
    const auto users = store.createUsers(names, {});
    if (!users)
        return fail(users.error());
    QList<UserId> ids;
    for (const UserRow &u : *users)
        ids << u.id;
    const auto tokens = store.issueTokens(ids);
    if (!tokens)
        return fail(tokens.error());

    // The contacts in one transaction on a second connection (200,000 single-row
    // transactions through Store would take minutes of fsync).
    QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
    raw.setDatabaseName(path);
    if (!raw.open())
        return fail(raw.lastError().text());
    {
        QSqlQuery q(raw);
        raw.transaction();
        q.prepare(QStringLiteral(
            "INSERT INTO contacts (owner_id, contact_id, added_at) VALUES (?, ?, '2026-12-01')"));
        QRandomGenerator rng(42);
        for (int i = 0; i < Users; ++i) {
            QSet<int> picked;
            while (picked.size() < ContactsEach) {
                const int c = int(rng.bounded(Users));
                if (c != i)
                    picked.insert(c);
            }
            for (int c : std::as_const(picked)) {
                q.bindValue(0, ids.at(i));
                q.bindValue(1, ids.at(c));
                if (!q.exec())
                    return fail(q.lastError().text());
            }
        }
        if (!raw.commit())
            return fail(raw.lastError().text());
    }

    auto fresh = [&raw](const QString &sql, const QVariant &v) {
        QSqlQuery q(raw);
        q.setForwardOnly(true);
        q.prepare(sql);
        q.addBindValue(v);
        q.exec();
        int n = 0;
        while (q.next())
            ++n;
        return n;
    };
    const auto idAt = [&ids](int i) {
        return ids.at((i * 7919) % Users);
    };
    const QString tokenSql
        = QStringLiteral("SELECT user_id FROM access_tokens WHERE token_hash = ?");
    // Store hashes the token before the lookup; the baseline binds the same hash.
    QList<QByteArray> hashes;
    {
        QSqlQuery q(raw);
        q.exec(QStringLiteral("SELECT token_hash FROM access_tokens ORDER BY user_id"));
        while (q.next())
            hashes << q.value(0).toByteArray();
    }
    if (hashes.size() != Users)
        return fail(QStringLiteral("expected %1 tokens, found %2").arg(Users).arg(hashes.size()));

    struct Figure
    {
        const char *name;
        double reused;
        double prepared;
    };
    long sink = 0;
    const QList<Figure> figures = {
        {"userForToken",
         nsPerCall(
             iterations,
             [&](int i) { sink += store.userForToken(tokens->at((i * 7919) % Users)) ? 1 : 0; }),
         nsPerCall(iterations,
                   [&](int i) { sink += fresh(tokenSql, hashes.at((i * 7919) % Users)); })},
        {"userById", nsPerCall(iterations, [&](int i) { sink += store.userById(idAt(i)) ? 1 : 0; }),
         nsPerCall(iterations,
                   [&](int i) {
                       sink += fresh(QStringLiteral("SELECT * FROM users WHERE id = ?"), idAt(i));
                   })},
        {"contactsOf",
         nsPerCall(iterations, [&](int i) { sink += store.contactsOf(idAt(i)).size(); }),
         nsPerCall(iterations,
                   [&](int i) {
                       sink += fresh(QStringLiteral("SELECT contact_id FROM contacts WHERE "
                                                    "owner_id = ? ORDER BY contact_id"),
                                     idAt(i));
                   })},
        {"listedBy", nsPerCall(iterations, [&](int i) { sink += store.listedBy(idAt(i)).size(); }),
         nsPerCall(iterations,
                   [&](int i) {
                       sink += fresh(QStringLiteral("SELECT owner_id FROM contacts WHERE "
                                                    "contact_id = ? ORDER BY owner_id"),
                                     idAt(i));
                   })},
    };
    QJsonObject summary{{QStringLiteral("users"), Users},
                        {QStringLiteral("contacts_each"), ContactsEach},
                        {QStringLiteral("iterations"), iterations}};
    for (const Figure &f : figures) {
        std::printf("%-13s %7.2f us per call reused, %7.2f us prepared each call (%.2fx)\n", f.name,
                    f.reused / 1000, f.prepared / 1000, f.reused / f.prepared);
        summary.insert(QString::fromLatin1(f.name),
                       QJsonObject{{QStringLiteral("reused_us"), f.reused / 1000},
                                   {QStringLiteral("prepared_each_call_us"), f.prepared / 1000}});
    }
    // The running server's token re-check (--token-recheck): every live connection's token in
    // one call, one query per TokenStore::ValidTokensBatch. 10,000 connections of 10,000 users.
    {
        constexpr int Rounds = 20;
        qint64 valid = 0;
        const double ns = nsPerCall(Rounds, [&](int) {
            const auto r = store.validTokens(*tokens);
            valid += r ? r->size() : 0;
        });
        if (valid != qint64(Rounds) * Users)
            return fail(
                QStringLiteral("validTokens found %1 of %2").arg(valid).arg(Rounds * Users));
        std::printf("validTokens   %7.2f ms per re-check of %d live tokens (%d queries)\n",
                    ns / 1e6, Users,
                    (Users + TokenStore::ValidTokensBatch - 1) / TokenStore::ValidTokensBatch);
        summary.insert(QStringLiteral("validTokens_10000_ms"), ns / 1e6);
    }
    std::printf("%s\n", QJsonDocument(summary).toJson(QJsonDocument::Compact).constData());
    return sink > 0 ? 0 : fail(QStringLiteral("no lookup found anything"));
}
