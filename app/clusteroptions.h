#pragma once
// The command-line options of cluster mode (DESIGN.md §9): --redis, --node-name, --node-lease.
// Kept apart from server_main.cpp so that the options of different areas merge without
// conflicts.
#include "server/clusterlink.h"
#include "server/presencehub.h"
#include "server/presenceserver.h"
#include "storage/serverstore.h" // ServerBackends destroys its parts

#include <QCommandLineParser>
#include <QTextStream>

namespace SmartFixer {

void addClusterOptions(QCommandLineParser &parser);
//! Puts a RedisCluster into \a backends when --redis is given. false (after printing one line
//! to \a err) for a bad value, or --redis with an SQLite database (a cluster shares one
//! PostgreSQL database): smartfixer-server then exits 2.
bool applyClusterOptions(const QCommandLineParser &parser, const ServerConfig &config,
                         ServerBackends &backends, QTextStream &err);

} // namespace SmartFixer
