#include "demoscript.h"

#include "client/clientsession.h"
#include "client/restclient.h"
#include "core/logging.h"
#include "server/presencehub.h"
#include "server/presenceserver.h"
#include "storage/store.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QTimeZone>

namespace SmartFixer {

namespace {
constexpr qint64 Minute = 60 * 1000; // ms
constexpr int TickMs = 200; // real ms between timeline checks
constexpr int MaxHistory = 500; // events kept for a QA panel opened later
} // namespace

struct DemoScript::Bot
{
    DemoScript::DemoUser user;
    QString token;
    ClientSession *session = nullptr;
    int replies = 0; //!< answers given so far (picks the next canned line)
};

DemoScript::DemoScript(PresenceServer *server, Clock *clock, QObject *parent)
    : QObject(parent), m_server(server), m_clock(clock)
{
    // One cycle is a minute of real time at the demo's time scale (10 min of clock at x10).
    m_cycleMs = qint64(60000 * clock->rate());
    m_ticker.setInterval(TickMs);
    connect(&m_ticker, &QTimer::timeout, this, &DemoScript::tick);
    connect(clock, &Clock::jumped, this, &DemoScript::tick);
}

DemoScript::~DemoScript()
{
    stop();
    qDeleteAll(m_bots);
}

std::optional<QString> DemoScript::setUp(QString *error)
{
    ServerStore *store = m_server->store();
    if (!store) {
        *error = tr("the demo server is not running");
        return std::nullopt;
    }
    const auto viewer = store->createUser(QStringLiteral("you"), tr("You (demo)"), {});
    if (!viewer) {
        *error = viewer.error();
        return std::nullopt;
    }
    m_viewer = viewer->id;

    struct Seed
    {
        const char *username;
        const char *name;
        const char *role;
        std::optional<qint64> lastActiveAgoMs; // seeded last_active, relative to now
        Visibility visibility;
    };
    const qint64 now = m_clock->nowMs();
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(now);
    // "Yesterday at 18:40" and "on <date> at 10:15" in local time, whatever the hour is now.
    const qint64 yesterday
        = now - QDateTime(local.date().addDays(-1), QTime(18, 40)).toMSecsSinceEpoch();
    const qint64 daysAgo
        = now - QDateTime(local.date().addDays(-4), QTime(10, 15)).toMSecsSinceEpoch();
    const QList<Seed> seeds{
        {"ada", "Ada Lovelace", QT_TR_NOOP("Online all the time; answers your messages."),
         std::nullopt, Visibility::Everyone},
        {"bob", "Bob Marley", QT_TR_NOOP("Leaves early: active just now, then N minutes ago."),
         std::nullopt, Visibility::Everyone},
        {"chen", "Chen Wei", QT_TR_NOOP("Was active 3 minutes ago; turns \"last seen today\"."),
         3 * Minute, Visibility::Everyone},
        {"dana", "Dana Scully", QT_TR_NOOP("Last seen yesterday; comes online mid-cycle."),
         yesterday, Visibility::Everyone},
        {"eve", "Eve Moneypenny", QT_TR_NOOP("Online but hides her presence; shows it briefly."),
         std::nullopt, Visibility::Nobody},
        {"farid", "Farid Haddad", QT_TR_NOOP("Never seen; drops in for a moment."), std::nullopt,
         Visibility::Everyone},
        {"grace", "Grace Hopper", QT_TR_NOOP("Last seen a few days ago."), daysAgo,
         Visibility::Everyone},
    };
    for (const Seed &s : seeds) {
        const auto row
            = store->createUser(QString::fromLatin1(s.username), QString::fromUtf8(s.name), {});
        if (!row) {
            *error = row.error();
            return std::nullopt;
        }
        auto *bot = new Bot;
        bot->user.id = row->id;
        bot->user.username = row->username;
        bot->user.displayName = row->displayName;
        bot->user.role = tr(s.role);
        bot->user.visibility = s.visibility;
        bot->token = store->issueToken(row->id);
        m_bots.append(bot);
        if (s.lastActiveAgoMs)
            store->recordActivity(row->id, now - *s.lastActiveAgoMs);
        if (s.visibility != Visibility::Everyone)
            store->setVisibility(row->id, s.visibility);
        // Contacts both ways, so each side gets the other's updates.
        store->addContact(m_viewer, row->id);
        store->addContact(row->id, m_viewer);
    }
    store->flush();

    // The timeline of one cycle, in real seconds at the demo's scale.
    const double scale = m_clock->rate();
    const auto at = [scale](double realSeconds) {
        return qint64(realSeconds * 1000 * scale);
    };
    m_steps = {
        {at(0), 0, Force::Online}, // Ada
        {at(0), 1, Force::Online}, // Bob arrives...
        {at(3), 1, Force::Offline}, // ...and leaves: "Active just now", then ages
        {at(0), 4, Force::Online}, // Eve, hidden
        {at(15), 5, Force::Online}, // Farid drops in
        {at(20), 5, Force::Offline},
        {at(25), 3, Force::Online}, // Dana comes back from yesterday
        {at(45), 3, Force::Offline},
        {at(35), 4, Force::Visible}, // Eve shows her presence for a while
        {at(55), 4, Force::Hidden},
        // Manual status (DESIGN.md §10): Ada is busy with a message that clears itself
        // (DndMessageMs), Dana goes invisible while connected and comes back.
        {at(0), 0, Force::Dnd},
        {at(30), 3, Force::Invisible},
        {at(40), 3, Force::Auto},
    };
    std::stable_sort(m_steps.begin(), m_steps.end(),
                     [](const Step &a, const Step &b) { return a.atMs < b.atMs; });
    log(tr("Demo set up: %n demo user(s), time runs %1x faster, active window %2 min", nullptr,
           int(m_bots.size()))
            .arg(scale)
            .arg(m_server->config().activeWindowMs / double(Minute)));
    return m_server->store()->issueToken(m_viewer);
}

void DemoScript::start()
{
    m_startMs = m_clock->nowMs();
    m_doneUntilMs = -1;
    m_lastHeartbeatMs = 0;
    m_startedEmitted = false;
    m_ticker.start();
    tick(); // connects the demo users of moment 0
    checkStarted(); // (none at all: started at once)
}

void DemoScript::checkStarted()
{
    if (m_startedEmitted || !m_startMs)
        return;
    for (const Bot *bot : std::as_const(m_bots)) {
        if (bot->session && !bot->session->isConnected())
            return;
    }
    m_startedEmitted = true;
    Q_EMIT started();
}

void DemoScript::stop()
{
    m_ticker.stop();
    for (Bot *bot : std::as_const(m_bots)) {
        if (bot->session)
            disconnectBot(*bot);
    }
}

qint64 DemoScript::elapsedMs() const
{
    return m_startMs ? m_clock->nowMs() - *m_startMs : 0;
}

QList<DemoScript::DemoUser> DemoScript::users() const
{
    QList<DemoUser> list;
    for (const Bot *bot : m_bots)
        list.append(bot->user);
    return list;
}

PresenceInfo DemoScript::trueState(UserId id) const
{
    PresenceHub *hub = m_server->hub();
    if (!hub)
        return PresenceInfo::hidden(id);
    StatusTextOptions text;
    text.locale = QLocale();
    text.zone = QTimeZone::systemTimeZone();
    return hub->presenceFor(id, id, text);
}

void DemoScript::tick()
{
    if (!m_startMs)
        return;
    const qint64 elapsed = elapsedMs();
    // Connected demo users are "at their machine": user_activity once a minute of clock time,
    // as a real client does, so they stay online instead of turning last_seen after W.
    if (elapsed - m_lastHeartbeatMs >= Minute) {
        m_lastHeartbeatMs = elapsed;
        for (Bot *bot : std::as_const(m_bots)) {
            if (bot->session && bot->session->isConnected())
                bot->session->reportActivity();
        }
    }
    // Run every step whose time passed since the last tick, cycle after cycle.
    while (m_doneUntilMs < elapsed) {
        const qint64 cycleStart = (m_doneUntilMs + 1) / m_cycleMs * m_cycleMs;
        const qint64 cycleEnd = cycleStart + m_cycleMs - 1;
        const qint64 until = std::min(elapsed, cycleEnd);
        for (const Step &step : std::as_const(m_steps)) {
            const qint64 t = cycleStart + step.atMs;
            if (t > m_doneUntilMs && t <= until)
                run(step);
        }
        m_doneUntilMs = until;
    }
}

void DemoScript::run(const Step &step)
{
    if (step.bot >= m_bots.size())
        return;
    force(m_bots.at(step.bot)->user.id, step.action);
}

void DemoScript::force(UserId id, Force what)
{
    Bot *bot = botById(id);
    if (!bot)
        return;
    switch (what) {
    case Force::Online:
        if (!bot->session)
            connectBot(*bot);
        else
            bot->session->reportActivity();
        break;
    case Force::Offline:
        if (bot->session)
            disconnectBot(*bot);
        break;
    case Force::Hidden:
        setBotVisibility(*bot, Visibility::Nobody);
        break;
    case Force::Visible:
        setBotVisibility(*bot, Visibility::Everyone);
        break;
    case Force::Dnd:
        // The message clears itself 20 s of real time later (clock ms at the demo's scale).
        setBotStatus(*bot, Availability::Dnd, tr("Writing the first program — back soon"),
                     m_clock->nowMs() + qint64(20000 * m_clock->rate()));
        break;
    case Force::Invisible:
        setBotStatus(*bot, Availability::Invisible, QString(), std::nullopt);
        break;
    case Force::Auto:
        setBotStatus(*bot, Availability::Auto, QString(), std::nullopt);
        break;
    }
}

DemoScript::Bot *DemoScript::botById(UserId id)
{
    for (Bot *bot : std::as_const(m_bots)) {
        if (bot->user.id == id)
            return bot;
    }
    return nullptr;
}

void DemoScript::connectBot(Bot &bot)
{
    ClientOptions options;
    options.serverUrl = m_server->url();
    options.clock = m_clock;
    options.cachePath = QStringLiteral(":memory:");
    options.activeWindowMs = m_server->config().activeWindowMs;
    options.followNetworkChanges = false;
    bot.session = new ClientSession(options, this);
    const UserId botId = bot.user.id;
    connect(bot.session, &ClientSession::messageReceived, this,
            [this, botId](const ChatMessage &m) {
                if (m.from == m_viewer && m.to == botId) {
                    if (Bot *b = botById(botId))
                        answer(*b, m.from, m.text);
                }
            });
    connect(bot.session, &ClientSession::connectionStatusChanged, this,
            [this](const ConnectionStatus &status) {
                if (status.state == ConnectionStatus::Connected)
                    checkStarted();
            });
    bot.session->signInWithToken(bot.token);
    bot.user.connected = true;
    log(tr("%1 connects").arg(bot.user.displayName));
    Q_EMIT userChanged(bot.user.id);
}

void DemoScript::disconnectBot(Bot &bot)
{
    if (!bot.session)
        return;
    bot.session->disconnectFromServer();
    bot.session->deleteLater();
    bot.session = nullptr;
    bot.user.connected = false;
    log(tr("%1 disconnects").arg(bot.user.displayName));
    Q_EMIT userChanged(bot.user.id);
}

void DemoScript::setBotVisibility(Bot &bot, Visibility visibility)
{
    if (bot.user.visibility == visibility)
        return;
    bot.user.visibility = visibility;
    // Through the REST API with the demo user's token, as a real client would; works while
    // the demo user is offline too.
    auto *rest = new RestClient(this);
    rest->setServerUrl(m_server->url());
    rest->setToken(bot.token);
    const QString name = bot.user.displayName;
    rest->setPrivacy(visibilityName(visibility), [this, rest, name](const Result<RestReply> &r) {
        if (!r)
            log(tr("%1 could not change privacy: %2").arg(name, r.error()));
        rest->deleteLater();
    });
    log(visibility == Visibility::Nobody
            ? tr("%1 sets privacy to Nobody (presence hidden)").arg(bot.user.displayName)
            : tr("%1 sets privacy to Everyone (presence visible)").arg(bot.user.displayName));
    Q_EMIT userChanged(bot.user.id);
}

void DemoScript::setBotStatus(Bot &bot, Availability availability, const QString &message,
                              std::optional<qint64> expiresAtMs)
{
    bot.user.availability = availability;
    bot.user.statusMessage = message;
    auto *rest = new RestClient(this);
    rest->setServerUrl(m_server->url());
    rest->setToken(bot.token);
    const QJsonObject body{
        {QStringLiteral("availability"), availabilityName(availability)},
        {QStringLiteral("message"),
         message.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(message)},
        {QStringLiteral("expires_at"),
         expiresAtMs ? QJsonValue(toIsoUtc(*expiresAtMs)) : QJsonValue(QJsonValue::Null)}};
    const QString name = bot.user.displayName;
    rest->request("PUT", QStringLiteral("/api/me/status"), body,
                  [this, rest, name](const Result<RestReply> &r) {
                      if (!r)
                          log(tr("%1 could not change status: %2").arg(name, r.error()));
                      rest->deleteLater();
                  });
    switch (availability) {
    case Availability::Dnd:
        log(tr("%1 sets Do not disturb: \"%2\" (clears itself)").arg(name, message));
        break;
    case Availability::Invisible:
        log(tr("%1 goes invisible (looks offline to others)").arg(name));
        break;
    case Availability::Auto:
        log(tr("%1 is back to the automatic status").arg(name));
        break;
    }
    Q_EMIT userChanged(bot.user.id);
}

void DemoScript::answer(Bot &bot, UserId from, const QString &text)
{
    const QStringList lines{
        tr("Hi! I'm %1, one of the demo people.").arg(bot.user.displayName),
        tr("You wrote \"%1\". Watch my badge in the list while we talk.").arg(text.left(60)),
        tr("Every message counts as activity, so the server marks me active."),
        tr("Try Privacy in the menu: with \"Nobody\" the others see \"Presence hidden\"."),
    };
    const QString reply = lines.at(bot.replies % lines.size());
    ++bot.replies;
    const UserId botId = bot.user.id;
    log(tr("%1 got a message and will answer").arg(bot.user.displayName));
    // Typing first, then the answer; if the bot went offline meanwhile it answers when back.
    QTimer::singleShot(m_replyDelayMs / 2, this, [this, botId, from] {
        if (Bot *b = botById(botId); b && b->session)
            b->session->sendTyping(from);
    });
    QTimer::singleShot(m_replyDelayMs, this, [this, botId, from, reply] {
        if (Bot *b = botById(botId); b && b->session)
            b->session->sendMessage(from, reply);
    });
}

void DemoScript::log(const QString &text)
{
    qCInfo(lcDemo) << text;
    const qint64 now = m_clock->nowMs();
    m_history.append(Event{now, text});
    if (m_history.size() > MaxHistory)
        m_history.removeFirst();
    Q_EMIT eventLogged(now, text);
}

} // namespace SmartFixer
