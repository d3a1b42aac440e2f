#pragma once
// All logging categories of the engine, declared in one place (enable with QT_LOGGING_RULES,
// e.g. "smartfixer.server.debug=true").
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcServer) // smartfixer.server: presence hub, REST, fan-out
Q_DECLARE_LOGGING_CATEGORY(
    lcFanOut) // smartfixer.server.fanout: per fan-out timing (debug; read by the benchmark)
Q_DECLARE_LOGGING_CATEGORY(
    lcTransport) // smartfixer.transport: Engine.IO/Socket.IO sessions, limits
Q_DECLARE_LOGGING_CATEGORY(lcStore) // smartfixer.store: SQLite, migrations
Q_DECLARE_LOGGING_CATEGORY(lcClient) // smartfixer.client: client connection, cache
Q_DECLARE_LOGGING_CATEGORY(lcActivity) // smartfixer.activity: idle detection
Q_DECLARE_LOGGING_CATEGORY(lcDemo) // smartfixer.demo: demo script
