#include "discoveryoptions.h"

#include <QHostInfo>

namespace SmartFixer {

void addDiscoveryOptions(QCommandLineParser &parser)
{
    // Plain help text: packaging/server-conf.cmake turns --help into the packaged config file.
    parser.addOption(QCommandLineOption(
        QStringLiteral("no-announce"),
        QStringLiteral("Do not announce this server on the LAN by DNS-SD (a loopback-only server "
                       "is never announced).")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("announce-name"),
        QStringLiteral("The name the LAN sees in its server list (default: SmartFixer on "
                       "HOSTNAME; at most 63 bytes)."),
        QStringLiteral("NAME")));
}

std::optional<DiscoveryOptions> applyDiscoveryOptions(const QCommandLineParser &parser,
                                                      QTextStream &err)
{
    DiscoveryOptions options;
    options.announce = !parser.isSet(QStringLiteral("no-announce"));
    options.name = defaultServerName(QHostInfo::localHostName());
    if (parser.isSet(QStringLiteral("announce-name"))) {
        const auto name = validServerName(parser.value(QStringLiteral("announce-name")));
        if (!name) {
            err << "smartfixer-server: --announce-name: " << name.error() << "\n";
            return std::nullopt;
        }
        options.name = *name;
    }
    return options;
}

std::unique_ptr<Discovery::Announcer> announceRunningServer(const DiscoveryOptions &options,
                                                            const PresenceServer &server)
{
    if (!options.announce)
        return nullptr;
    return Discovery::announceServer(server.serverAddress(), server.serverPort(),
                                     server.url().scheme() == QLatin1String("https"), options.name);
}

} // namespace SmartFixer
