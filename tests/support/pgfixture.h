#pragma once
// The throw-away PostgreSQL cluster of the test run (tests/support/pg_fixture.sh, the ctest
// fixture "postgres"): where it listens, and a fresh database per test. Reusable by any suite
// (storage, server, cluster): link sf_testsupport and add POSTGRES to sf_add_test().
#include <QString>
#include <QVariant>

namespace SmartFixer::Test {

struct PostgresServer
{
    QString socketDir; //!< unix socket directory (also the cluster's folder)
    QString tcpHost; //!< 127.0.0.1
    int port = 0;
    QString user; //!< a superuser with trust authentication
    QString error; //!< why there is no server (then the rest is empty)
    bool ok() const { return error.isEmpty(); }
};

//! The cluster described by $SF_PG_FIXTURE, or an error that says how to get one.
PostgresServer postgresServer();

//! Creates a fresh empty database (CREATE DATABASE … TEMPLATE template0, a few ms) and returns
//! its postgresql:// URL over the unix socket (\a overTcp: 127.0.0.1:PORT). Empty with
//! \a error set when the cluster is missing.
QString createPostgresDatabase(QString *error, bool overTcp = false);

//! The first column of the first row of \a sql on the database \a url (SQLite path or
//! postgresql:// URL), through a separate connection, as another process would see it.
QVariant rawScalar(const QString &url, const QString &sql);
//! Runs one statement on \a url through a separate connection; false with a warning on error.
bool rawExec(const QString &url, const QString &sql);

} // namespace SmartFixer::Test
