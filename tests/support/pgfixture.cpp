#include "pgfixture.h"

#include "storage/databaseurl.h"

#include <QCoreApplication>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QtDebug>
#include <atomic>

namespace SmartFixer::Test {

namespace {

std::atomic<int> s_counter{0};

// Opens a connection to \a url (a path or postgresql:// URL) under a fresh name.
QString connect(const QString &url)
{
    const QString name = QStringLiteral("sf-test-raw-%1").arg(++s_counter);
    const auto parsed = parseDatabaseUrl(url);
    if (!parsed) {
        qWarning().noquote() << parsed.error();
        return QString();
    }
    QSqlDatabase db;
    if (parsed->isPostgres()) {
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(parsed->host);
        db.setPort(parsed->port);
        db.setUserName(parsed->user);
        db.setPassword(parsed->password);
        db.setDatabaseName(parsed->database);
    } else {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(parsed->path);
    }
    if (!db.open())
        qWarning().noquote() << "test connection to" << parsed->display()
                             << "failed:" << db.lastError().text();
    return name;
}

void disconnect(const QString &name)
{
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace

PostgresServer postgresServer()
{
    PostgresServer server;
    const QString path = qEnvironmentVariable("SF_PG_FIXTURE");
    if (path.isEmpty()) {
        server.error = QStringLiteral("SF_PG_FIXTURE is not set: run this suite through ctest,"
                                      " which starts the PostgreSQL fixture (pg_fixture_start)");
        return server;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        server.error = QStringLiteral("no PostgreSQL test cluster (%1 is missing): the ctest"
                                      " fixture pg_fixture_start failed or did not run; is"
                                      " PostgreSQL installed (scripts/setup.sh)?")
                           .arg(path);
        return server;
    }
    for (const QByteArray &line : f.readAll().split('\n')) {
        const QString text = QString::fromUtf8(line);
        const QString key = text.section(QLatin1Char('='), 0, 0);
        const QString value = text.section(QLatin1Char('='), 1);
        if (key == QLatin1String("host"))
            server.socketDir = value;
        else if (key == QLatin1String("tcphost"))
            server.tcpHost = value;
        else if (key == QLatin1String("port"))
            server.port = value.toInt();
        else if (key == QLatin1String("user"))
            server.user = value;
    }
    if (server.socketDir.isEmpty() || server.port == 0)
        server.error = QStringLiteral("%1 does not describe a PostgreSQL cluster").arg(path);
    return server;
}

QString createPostgresDatabase(QString *error, bool overTcp)
{
    const PostgresServer server = postgresServer();
    if (!server.ok()) {
        *error = server.error;
        return QString();
    }
    // Concatenated, not arg(): the encoded socket directory contains "%2F".
    const auto socketUrl = [&](const QString &database) -> QString {
        return QStringLiteral("postgresql://") + server.user + QLatin1Char('@')
            + QString::fromLatin1(QUrl::toPercentEncoding(server.socketDir)) + QLatin1Char(':')
            + QString::number(server.port) + QLatin1Char('/') + database;
    };
    const QString name
        = QStringLiteral("sf_%1_%2").arg(QCoreApplication::applicationPid()).arg(++s_counter);
    const QString admin = connect(socketUrl(QStringLiteral("postgres")));
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::database(admin, false);
        QSqlQuery q(db);
        ok = db.isOpen()
            && q.exec(QStringLiteral("CREATE DATABASE %1 TEMPLATE template0").arg(name));
        if (!ok)
            *error = QStringLiteral("cannot create a test database: ")
                + (db.isOpen() ? q.lastError().text() : db.lastError().text());
    }
    disconnect(admin);
    if (!ok)
        return QString();
    if (overTcp)
        return QStringLiteral("postgresql://%1@%2:%3/%4")
            .arg(server.user, server.tcpHost)
            .arg(server.port)
            .arg(name);
    return socketUrl(name);
}

QVariant rawScalar(const QString &url, const QString &sql)
{
    const QString name = connect(url);
    QVariant result;
    {
        QSqlQuery q(QSqlDatabase::database(name, false));
        if (q.exec(sql) && q.next())
            result = q.value(0);
        else
            qWarning().noquote() << "raw query failed:" << q.lastError().text() << "in" << sql;
    }
    disconnect(name);
    return result;
}

bool rawExec(const QString &url, const QString &sql)
{
    const QString name = connect(url);
    bool ok = false;
    {
        QSqlQuery q(QSqlDatabase::database(name, false));
        ok = q.exec(sql);
        if (!ok)
            qWarning().noquote() << "raw statement failed:" << q.lastError().text() << "in" << sql;
    }
    disconnect(name);
    return ok;
}

} // namespace SmartFixer::Test
