#pragma once
// The command-line options of smartfixer-server's hardening (issue 14): connection caps, the
// output cap, Host/Origin rules, metrics access, login throttle buckets, password minimum. Kept
// apart from server_main.cpp so that the options of different areas merge without conflicts.
#include <QCommandLineParser>
#include <QTextStream>

namespace SmartFixer {

struct ServerConfig;

void addHardeningOptions(QCommandLineParser &parser);
//! false (after printing why to \a err) when a value is out of range.
bool applyHardeningOptions(const QCommandLineParser &parser, ServerConfig &config,
                           QTextStream &err);

} // namespace SmartFixer
