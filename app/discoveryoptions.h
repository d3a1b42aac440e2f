#pragma once
// The command-line options of LAN discovery (DESIGN.md §11): --no-announce, --announce-name.
// Kept apart from server_main.cpp so that the options of different areas merge without
// conflicts.
#include "discovery/announcer.h"
#include "server/presenceserver.h"

#include <QCommandLineParser>
#include <QTextStream>
#include <memory>
#include <optional>

namespace SmartFixer {

void addDiscoveryOptions(QCommandLineParser &parser);

struct DiscoveryOptions
{
    bool announce = true;
    QString name; //!< the announced server name
};

//! The options as given; nullopt (after one line to \a err) for a bad --announce-name:
//! smartfixer-server then exits 2.
std::optional<DiscoveryOptions> applyDiscoveryOptions(const QCommandLineParser &parser,
                                                      QTextStream &err);

//! Announces the running \a server unless --no-announce or it listens on loopback only.
std::unique_ptr<Discovery::Announcer> announceRunningServer(const DiscoveryOptions &options,
                                                            const PresenceServer &server);

} // namespace SmartFixer
