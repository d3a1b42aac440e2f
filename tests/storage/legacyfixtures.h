#pragma once
// The previous SmartFixer backend's databases (SQLite), as SQL scripts: a "users" table in
// several shapes and Flask-SQLAlchemy's "user". Shared by tst_legacymigration (in-place upgrade)
// and tst_databaseoptions ("migrate --from" into PostgreSQL).
#include <QList>
#include <QString>

namespace SmartFixer::Test {

struct LegacyFixture
{
    const char *name;
    QString sql; //!< statements separated by ";\n"
    QString table; //!< "users" or "user"
};

inline QList<LegacyFixture> legacyFixtures()
{
    return {
        {"users with created_at",
         QStringLiteral(
             "CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE NOT NULL,"
             " email TEXT NOT NULL UNIQUE, created_at DATETIME, bio TEXT, score REAL);\n"
             "INSERT INTO users VALUES (1, 'alice', 'alice@example.org',"
             " '2025-03-01 10:00:00.000000', 'likes tea', 1.5);\n"
             "INSERT INTO users VALUES (2, 'bob', 'bob@example.org',"
             " '2025-03-02T08:30:00+02:00', NULL, NULL);\n"
             "INSERT INTO users VALUES (7, 'carol', 'carol@example.org', NULL, 'x', 3);\n"
             "INSERT INTO users VALUES (9, 'dave', 'dave@example.org', 'not a date', '', 0)"),
         QStringLiteral("users")},
        {"users with last_login and created_at",
         QStringLiteral(
             "CREATE TABLE users (id INTEGER NOT NULL, username VARCHAR(80) NOT NULL,"
             " display_name VARCHAR(120), password_hash VARCHAR(256) NOT NULL,"
             " created_at DATETIME, last_login DATETIME, is_admin BOOLEAN NOT NULL,"
             " PRIMARY KEY (id), UNIQUE (username));\n"
             "INSERT INTO users VALUES (1, 'alice', 'Alice', 'pbkdf2:sha256:1$s$h',"
             " '2025-03-01 10:00:00.000000', '2025-06-15 18:45:30.123456', 1);\n"
             "INSERT INTO users VALUES (2, 'bob', NULL, 'pbkdf2:sha256:1$s$h',"
             " '2025-03-02 09:00:00.000000', NULL, 0);\n"
             "INSERT INTO users VALUES (3, 'carol', 'C', 'pbkdf2:sha256:1$s$h', NULL, NULL,"
             " 0);\n"
             "INSERT INTO users VALUES (4, 'dan', 'D', 'pbkdf2:sha256:1$s$h', NULL,"
             " '2025-01-05 07:00:00', 0)"),
         QStringLiteral("users")},
        {"flask user table",
         QStringLiteral(
             "CREATE TABLE user (id INTEGER NOT NULL, username VARCHAR(80) NOT NULL,"
             " email VARCHAR(120) NOT NULL, password_hash VARCHAR(256),"
             " created_at DATETIME, last_login DATETIME, PRIMARY KEY (id),"
             " UNIQUE (username), UNIQUE (email));\n"
             "INSERT INTO user VALUES (1, 'alice', 'a@x', 'pbkdf2:sha256:600000$abc$def',"
             " '2025-03-01 10:00:00.000000', '2025-04-02 11:30:15.250000');\n"
             "INSERT INTO user VALUES (2, 'bob', 'b@x', NULL, '2025-03-02 09:00:00.000000',"
             " NULL);\n"
             "INSERT INTO user VALUES (5, 'carol', 'c@x', NULL, NULL, NULL);\n"
             "CREATE TABLE post (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES"
             " user(id), body TEXT);\n"
             "INSERT INTO post VALUES (1, 1, 'first post')"),
         QStringLiteral("user")},
        {"users with last_active and is_online already",
         QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE,"
                        " last_active DATETIME, is_online BOOLEAN, last_login DATETIME);\n"
                        "INSERT INTO users VALUES (1, 'amy', '2025-07-01 12:00:00.500000', 1,"
                        " '2025-01-01 00:00:00');\n"
                        "INSERT INTO users VALUES (2, 'ben', NULL, 0, '2025-01-01 00:00:00')"),
         QStringLiteral("users")},
        {"users with neither column",
         QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT NOT NULL,"
                        " nickname TEXT, karma INTEGER NOT NULL);\n"
                        "INSERT INTO users VALUES (3, 'x.y', 'XY', 10);\n"
                        "INSERT INTO users VALUES (4, 'z', NULL, -1)"),
         QStringLiteral("users")},
    };
}

} // namespace SmartFixer::Test
