// smartfixer-cli: a presence client for QA and scripts (DESIGN.md §6). It only parses arguments
// and wires a ClientSession; everything it does on the wire goes through the client engine.
#include "client/clientsession.h"
#include "client/serverurl.h"
#include "core/logging.h"
#include "core/version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTimer>
#include <QUuid>
#include <cstdio>
#include <memory>
#include <optional>

using namespace SmartFixer;

namespace {

// Distinct exit codes so scripts can tell failures apart (also listed in --help).
enum ExitCode {
    ExitOk = 0,
    ExitUsage = 2, //!< bad arguments
    ExitUnreachable = 3, //!< server unreachable or the connection failed
    ExitUnauthorized = 4, //!< bad credentials / token refused
    ExitRefused = 5, //!< the server answered with an error (e.g. send to an unknown user)
    ExitTimeout = 6, //!< no answer in time
};

const char *const ExitCodeHelp = "\nExit codes:\n"
                                 "  0  success\n"
                                 "  2  bad arguments\n"
                                 "  3  server unreachable or connection lost\n"
                                 "  4  bad credentials or token refused (unauthorized)\n"
                                 "  5  the server refused the request (error ack)\n"
                                 "  6  timed out waiting for the server\n";

void printLine(const QByteArray &line, FILE *stream = stdout)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stream);
    std::fputc('\n', stream);
    std::fflush(stream);
}

void printJson(const QJsonValue &value)
{
    printLine(value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                              : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
}

[[noreturn]] void fail(ExitCode code, const QString &message)
{
    printLine("smartfixer-cli: " + message.toUtf8(), stderr);
    std::fflush(stdout);
    ::exit(code);
}

//! Ends the event loop once; later calls (a second symptom of the same failure) are ignored, so
//! stderr gets one clear line.
void finish(ExitCode code, const QString &message = {})
{
    static bool finished = false;
    if (finished)
        return;
    finished = true;
    if (!message.isEmpty())
        printLine("smartfixer-cli: " + message.toUtf8(), stderr);
    QCoreApplication::exit(code);
}

bool parseUserId(const QString &text, UserId *id)
{
    bool ok = false;
    *id = text.toLongLong(&ok);
    return ok && *id > 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("smartfixer-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("SmartFixer"));
    // Output is for scripts: only warnings of the engine go to stderr unless asked otherwise.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("smartfixer.*.info=false"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Presence client for QA and scripts.\n\n"
        "Commands:\n"
        "  watch [USER_ID...]   print each presence object as one JSON line as it arrives\n"
        "                       (no ids: the contacts' snapshot and their updates)\n"
        "  activity             send one user_activity, wait for its ack, exit\n"
        "  send USER_ID TEXT    send a chat message and print the ack as JSON\n"
        "  status auto|dnd|invisible [--message TEXT] [--for MINUTES]\n"
        "                       set the own manual status, print the server's answer as JSON"));
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")},
                                        QStringLiteral("Show this help."));
    const QCommandLineOption serverOption(QStringLiteral("server"),
                                          QStringLiteral("Server URL, e.g. http://127.0.0.1:8765."),
                                          QStringLiteral("URL"));
    const QCommandLineOption tokenOption(QStringLiteral("token"),
                                         QStringLiteral("Access token (smartfixer-server user "
                                                        "token NAME)."),
                                         QStringLiteral("TOKEN"));
    const QCommandLineOption userOption(QStringLiteral("user"),
                                        QStringLiteral("Sign in as NAME (with --password-stdin)."),
                                        QStringLiteral("NAME"));
    const QCommandLineOption passwordStdinOption(
        QStringLiteral("password-stdin"), QStringLiteral("Read the password from standard input."));
    const QCommandLineOption timeoutOption(
        QStringLiteral("timeout"),
        QStringLiteral("Milliseconds to wait for the connection and each answer (default 10000)."),
        QStringLiteral("MS"), QStringLiteral("10000"));
    const QCommandLineOption messageOption(
        QStringLiteral("message"),
        QStringLiteral("status: the status message (up to 100 characters)."),
        QStringLiteral("TEXT"));
    const QCommandLineOption forOption(QStringLiteral("for"),
                                       QStringLiteral("status: clear it after this many minutes."),
                                       QStringLiteral("MINUTES"));
    const QCommandLineOption caOption(
        QStringLiteral("ca"),
        QStringLiteral("Trust the CA certificate(s) in this PEM file for https:// servers, besides "
                       "the system's."),
        QStringLiteral("PEM"));
    const QCommandLineOption versionOption(QStringLiteral("version"),
                                           QStringLiteral("Show the version and exit."));
    parser.addOptions({helpOption, versionOption, serverOption, tokenOption, userOption,
                       passwordStdinOption, timeoutOption, caOption, messageOption, forOption});
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QStringLiteral("watch | activity | send | status"));

    if (!parser.parse(QCoreApplication::arguments()))
        fail(ExitUsage, parser.errorText() + QStringLiteral(" (see --help)"));
    if (parser.isSet(helpOption)) {
        printLine(parser.helpText().toUtf8() + ExitCodeHelp);
        return ExitOk;
    }
    if (parser.isSet(versionOption)) {
        printLine(QByteArrayLiteral("smartfixer-cli ") + SmartFixer::versionString());
        return ExitOk;
    }
    const QStringList args = parser.positionalArguments();
    if (!parser.isSet(serverOption))
        fail(ExitUsage, QStringLiteral("--server URL is required (see --help)"));
    const ServerUrlCheck serverCheck = checkServerUrl(parser.value(serverOption));
    if (!serverCheck.ok())
        fail(ExitUsage,
             QStringLiteral("invalid server URL %1: %2")
                 .arg(parser.value(serverOption), serverCheck.message()));
    const QUrl server = serverCheck.url;
    if (parser.isSet(tokenOption) == parser.isSet(userOption))
        fail(ExitUsage,
             QStringLiteral("give either --token TOKEN or --user NAME --password-stdin"));
    if (parser.isSet(userOption) && !parser.isSet(passwordStdinOption))
        fail(ExitUsage, QStringLiteral("--user needs --password-stdin"));
    bool timeoutOk = false;
    const int timeoutMs = parser.value(timeoutOption).toInt(&timeoutOk);
    if (!timeoutOk || timeoutMs <= 0)
        fail(ExitUsage, QStringLiteral("--timeout needs a positive number of milliseconds"));
    if (args.isEmpty())
        fail(ExitUsage, QStringLiteral("no command given (watch, activity, send or status)"));

    const QString command = args.first();
    QList<UserId> watchIds;
    UserId sendTo = 0;
    QString sendText;
    Availability statusAvailability = Availability::Auto;
    std::optional<qint64> statusForMinutes;
    if ((parser.isSet(messageOption) || parser.isSet(forOption))
        && command != QLatin1String("status"))
        fail(ExitUsage, QStringLiteral("--message and --for belong to the status command"));
    if (command == QLatin1String("status")) {
        const auto availability
            = args.size() == 2 ? availabilityFromName(args.at(1)) : std::nullopt;
        if (!availability)
            fail(ExitUsage,
                 QStringLiteral("usage: status auto|dnd|invisible [--message TEXT] "
                                "[--for MINUTES]"));
        statusAvailability = *availability;
        QString messageError;
        if (!isValidStatusMessage(parser.value(messageOption), &messageError))
            fail(ExitUsage, QStringLiteral("--message: ") + messageError);
        if (parser.isSet(forOption)) {
            bool ok = false;
            const qint64 minutes = parser.value(forOption).toLongLong(&ok);
            // A year at most: enough for "this week", small enough for any clock arithmetic.
            if (!ok || minutes <= 0 || minutes > 366 * 24 * 60)
                fail(ExitUsage, QStringLiteral("--for needs a number of minutes from 1 to 527040"));
            statusForMinutes = minutes;
        }
    } else if (command == QLatin1String("watch")) {
        for (const QString &a : args.mid(1)) {
            UserId id = 0;
            if (!parseUserId(a, &id))
                fail(ExitUsage, QStringLiteral("not a user id: ") + a);
            watchIds.append(id);
        }
    } else if (command == QLatin1String("activity")) {
        if (args.size() != 1)
            fail(ExitUsage, QStringLiteral("activity takes no arguments"));
    } else if (command == QLatin1String("send")) {
        if (args.size() != 3)
            fail(ExitUsage, QStringLiteral("usage: send USER_ID TEXT"));
        if (!parseUserId(args.at(1), &sendTo))
            fail(ExitUsage, QStringLiteral("not a user id: ") + args.at(1));
        sendText = args.at(2);
        if (sendText.isEmpty())
            fail(ExitUsage, QStringLiteral("the message text is empty"));
    } else {
        fail(ExitUsage, QStringLiteral("unknown command: ") + command);
    }

    QString password;
    if (parser.isSet(passwordStdinOption)) {
        QByteArray line(4096, '\0');
        if (!std::fgets(line.data(), int(line.size()), stdin))
            fail(ExitUsage, QStringLiteral("no password on standard input"));
        password = QString::fromUtf8(line.constData()).trimmed();
    }

    ClientOptions options;
    for (const QString &path : parser.values(caOption)) {
        const auto cas = loadCaFile(path);
        if (!cas)
            fail(ExitUsage, QStringLiteral("--ca: ") + cas.error());
        else
            options.tls.extraCaCertificates += *cas;
    }
    options.serverUrl = server;
    options.cachePath = QStringLiteral(":memory:"); // a script leaves nothing behind
    options.ackTimeoutMs = timeoutMs;
    options.followNetworkChanges = false;
    // One-shot commands fail fast; watch keeps following the server through restarts.
    options.reconnect.enabled = command == QLatin1String("watch");
    options.reconnect.maxDelayMs = 10000;
    ClientSession session(options);
    SocketIoClient *socket = session.socket();

    bool everConnected = false;
    QObject::connect(&session, &ClientSession::signInFailed, &app, [](const ClientError &error) {
        switch (error.kind) {
        case ErrorKind::Unauthorized:
        case ErrorKind::Forbidden:
            finish(ExitUnauthorized, QStringLiteral("sign-in refused: ") + error.message);
            break;
        case ErrorKind::RateLimited:
            finish(ExitRefused,
                   QStringLiteral("sign-in refused: too many attempts, retry in %1 s (%2)")
                       .arg((error.retryAfterMs + 999) / 1000)
                       .arg(error.message));
            break;
        case ErrorKind::Timeout:
            finish(ExitTimeout, QStringLiteral("cannot sign in: ") + error.message);
            break;
        case ErrorKind::Protocol:
            finish(ExitUnreachable,
                   QStringLiteral("cannot sign in: not a SmartFixer server (") + error.message
                       + QLatin1Char(')'));
            break;
        default:
            finish(ExitUnreachable, QStringLiteral("cannot sign in: ") + error.message);
            break;
        }
    });
    QObject::connect(
        &session, &ClientSession::connectionStatusChanged, &app,
        [&everConnected, &command](const ConnectionStatus &status) {
            switch (status.state) {
            case ConnectionStatus::Connected:
                everConnected = true;
                break;
            case ConnectionStatus::Unauthorized:
                finish(ExitUnauthorized, QStringLiteral("token refused: ") + status.message);
                break;
            case ConnectionStatus::Offline:
                finish(ExitUnreachable,
                       QStringLiteral("cannot reach the server: ") + status.message);
                break;
            case ConnectionStatus::Reconnecting:
                if (!everConnected) {
                    finish(ExitUnreachable,
                           QStringLiteral("cannot reach the server: ") + status.message);
                } else if (command == QLatin1String("watch")) {
                    printLine("smartfixer-cli: " + status.text().toUtf8(), stderr);
                }
                break;
            case ConnectionStatus::Connecting:
                break;
            }
        });

    // Whatever we run, it must start within the timeout.
    QTimer startTimer;
    startTimer.setSingleShot(true);
    QObject::connect(&startTimer, &QTimer::timeout, &app, [&everConnected, timeoutMs] {
        if (!everConnected)
            finish(ExitTimeout, QStringLiteral("no connection within %1 ms").arg(timeoutMs));
    });
    startTimer.start(timeoutMs);

    if (command == QLatin1String("watch")) {
        // Print the objects exactly as the server sent them (our server's or any other).
        // The same presence can arrive twice in a row (in the snapshot and in the subscribe
        // ack): print a user's presence again only when it differs from what was printed last
        // for that user, apart from the ever-growing last_active_ago_ms.
        auto printed = std::make_shared<QHash<qint64, QJsonObject>>();
        auto printPresence = [printed](const QJsonValue &p) {
            QJsonObject key = p.toObject();
            key.remove(QStringLiteral("last_active_ago_ms"));
            const qint64 id = key.value(QStringLiteral("user_id")).toInteger();
            const auto it = printed->constFind(id);
            if (it != printed->cend() && *it == key)
                return;
            printed->insert(id, key);
            printJson(p);
        };
        auto wanted = [&watchIds](const QJsonValue &p) {
            return watchIds.isEmpty()
                || watchIds.contains(p.toObject().value(QStringLiteral("user_id")).toInteger());
        };
        QObject::connect(socket, &SocketIoClient::eventReceived, &app,
                         [wanted, printPresence](const QString &name, const QJsonArray &eventArgs) {
                             const QJsonValue payload
                                 = eventArgs.isEmpty() ? QJsonValue() : eventArgs.first();
                             if (name == QLatin1String("user_presence_update")) {
                                 if (wanted(payload))
                                     printPresence(payload);
                             } else if (name == QLatin1String("presence_snapshot")) {
                                 const QJsonArray users
                                     = payload.toObject().value(QStringLiteral("users")).toArray();
                                 for (const QJsonValue &u : users)
                                     if (wanted(u))
                                         printPresence(u);
                             }
                         });
        if (!watchIds.isEmpty()) {
            // Named users: subscribe on every (re)connect and print the ack's objects.
            QObject::connect(socket, &SocketIoClient::connected, &app, [&, printPresence] {
                QJsonArray ids;
                for (UserId id : std::as_const(watchIds))
                    ids.append(id);
                socket->emitWithAck(
                    QStringLiteral("presence_subscribe"),
                    {QJsonObject{{QStringLiteral("user_ids"), ids}}},
                    [printPresence](const Result<QJsonArray> &ack) {
                        if (!ack) {
                            printLine("smartfixer-cli: presence_subscribe: " + ack.error().toUtf8(),
                                      stderr);
                            return;
                        }
                        const QJsonArray users = ack->isEmpty()
                            ? QJsonArray()
                            : ack->first().toObject().value(QStringLiteral("users")).toArray();
                        for (const QJsonValue &u : users)
                            printPresence(u);
                    },
                    timeoutMs);
            });
        }
    } else if (command == QLatin1String("activity")) {
        QObject::connect(socket, &SocketIoClient::connected, &app, [&] {
            session.reportActivity([](const Result<QJsonValue> &ack) {
                if (!ack) {
                    finish(ack.kind() == ErrorKind::Timeout ? ExitTimeout : ExitUnreachable,
                           QStringLiteral("user_activity: ") + ack.error());
                    return;
                }
                finish(ExitOk);
            });
        });
    } else if (command == QLatin1String("status")) {
        QObject::connect(socket, &SocketIoClient::connected, &app, [&] {
            const auto expires = statusForMinutes
                ? std::optional<qint64>(QDateTime::currentMSecsSinceEpoch()
                                        + *statusForMinutes * 60'000)
                : std::nullopt;
            session.setStatus(statusAvailability, parser.value(messageOption).trimmed(), expires,
                              [](const Result<QJsonValue> &answer) {
                                  if (!answer) {
                                      finish(answer.kind() == ErrorKind::Timeout ? ExitTimeout
                                                 : answer.kind() == ErrorKind::Invalid
                                                 ? ExitRefused
                                                 : ExitUnreachable,
                                             QStringLiteral("status: ") + answer.error());
                                      return;
                                  }
                                  printJson(answer.value());
                                  finish(ExitOk);
                              });
        });
    } else {
        QObject::connect(socket, &SocketIoClient::connected, &app, [&] {
            const QJsonObject payload{
                {QStringLiteral("to"), sendTo},
                {QStringLiteral("text"), sendText},
                {QStringLiteral("client_id"), QUuid::createUuid().toString(QUuid::WithoutBraces)}};
            session.emitWithAck(
                QStringLiteral("send_message"), payload, [](const Result<QJsonValue> &ack) {
                    if (!ack) {
                        finish(ack.kind() == ErrorKind::Timeout ? ExitTimeout : ExitUnreachable,
                               QStringLiteral("send_message: ") + ack.error());
                        return;
                    }
                    printJson(ack.value());
                    const QString error = ack->toObject().value(QStringLiteral("error")).toString();
                    if (!error.isEmpty())
                        finish(ExitRefused, QStringLiteral("message refused: ") + error);
                    else
                        finish(ExitOk);
                });
        });
    }

    if (parser.isSet(tokenOption))
        session.signInWithToken(parser.value(tokenOption));
    else
        session.signIn(parser.value(userOption), password);
    return app.exec();
}
