#pragma once
// DatabaseUrl: what --db names (DESIGN.md §9): an SQLite file or a PostgreSQL server. One
// parser for the server, "user add", "user token" and "migrate", so they accept the same text.
#include "core/result.h"

#include <QString>

namespace SmartFixer {

struct DatabaseUrl
{
    enum class Engine { Sqlite, Postgres };
    Engine engine = Engine::Sqlite;
    QString path; //!< SQLite: the file (":memory:" for a private in-memory database)
    QString host; //!< PostgreSQL: host name, IP address or unix socket directory (starts "/")
    int port = 0; //!< PostgreSQL: 0 = the driver's default (5432)
    QString user; //!< PostgreSQL: empty = the driver's default (the OS user name)
    QString password; //!< PostgreSQL: never printed (see display())
    QString database; //!< PostgreSQL: the database name
    int connectTimeoutS = 5; //!< PostgreSQL: connect_timeout (s); an unreachable host fails fast

    bool isPostgres() const { return engine == Engine::Postgres; }
    //! For messages and logs: the path, or the URL with the password replaced by "***".
    QString display() const;
    //! "HOST:PORT" or the socket directory, for "cannot reach" messages.
    QString serverDisplay() const;
};

//! Parses a --db value. Accepted:
//!   PATH, sqlite:PATH, sqlite://PATH                   an SQLite file
//!   postgresql://[USER[:PASSWORD]@][HOST][:PORT]/DBNAME[?PARAM=VALUE&…]   (also postgres://)
//! HOST may be a name, an IPv4 address, [IPv6], or a percent-encoded unix socket directory
//! (%2Ftmp%2Fpg). PARAMs: host (a socket directory or name), port, user, password,
//! connect_timeout (seconds). USER, PASSWORD and DBNAME are percent-decoded. Anything else
//! (another scheme, a bad port, no database name, an unknown parameter) is ErrorKind::Invalid
//! with one line that names the problem and never contains the password.
Result<DatabaseUrl> parseDatabaseUrl(const QString &text);

} // namespace SmartFixer
