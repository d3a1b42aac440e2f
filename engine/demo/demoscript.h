#pragma once
// DemoScript: the scripted people of `smartfixer --demo`. It creates the viewer and the demo
// users in an embedded PresenceServer's Store, then drives each demo user through a real
// in-process ClientSession (real sockets to 127.0.0.1) on a timeline in clock time, so every
// presence state shows within about a minute of real time. Demo users answer chat messages.
// GUI-free: the desktop app shows it, a test can run it headless with a ManualClock.
#include "core/clock.h"
#include "core/manualstatus.h"
#include "core/presenceinfo.h"
#include "core/privacy.h"

#include <QList>
#include <QObject>
#include <QTimer>
#include <optional>

namespace SmartFixer {

class ClientSession;
class PresenceServer;

class DemoScript : public QObject
{
    Q_OBJECT
public:
    //! What a tester can force from the QA panel.
    enum class Force {
        Online, //!< connect now (and count as active)
        Offline, //!< disconnect now: "Active just now", then it ages into "Last seen"
        Hidden, //!< privacy "nobody": everyone else sees "Presence hidden"
        Visible, //!< privacy "everyone"
        //! Do not disturb with a status message that clears itself (DESIGN.md §10)
        Dnd,
        Invisible, //!< looks offline to everyone else while connected
        Auto, //!< back to the automatic status, no message
    };
    Q_ENUM(Force)

    struct DemoUser
    {
        UserId id = 0;
        QString username;
        QString displayName;
        QString role; //!< one line: what this person does in the script
        bool connected = false; //!< the script's demo client is connected
        Visibility visibility = Visibility::Everyone;
        //! The manual status the script last set (§10).
        Availability availability = Availability::Auto;
        QString statusMessage;
    };

    //! \a server must be running; \a clock is the one the server and the app's client use.
    DemoScript(PresenceServer *server, Clock *clock, QObject *parent = nullptr);
    ~DemoScript() override;

    //! Creates the viewer (the person at the keyboard) and the demo users with their contact
    //! lists and seeded history. Returns the viewer's access token, or nothing with \a error.
    std::optional<QString> setUp(QString *error);
    //! Starts the timeline (it loops every cycleMs()).
    void start();
    //! Disconnects every demo client.
    void stop();

    UserId viewerId() const { return m_viewer; }
    QList<DemoUser> users() const;
    //! The state the server really holds for \a id, unfiltered by privacy (what the user sees
    //! of themselves), with text rendered now.
    PresenceInfo trueState(UserId id) const;
    //! Clock ms of one script cycle.
    qint64 cycleMs() const { return m_cycleMs; }
    //! Clock ms since start().
    qint64 elapsedMs() const;
    //! Demo answers come this many real ms after a message (typing shows half-way).
    void setReplyDelayMs(int ms) { m_replyDelayMs = ms; }

    void force(UserId id, Force what);

    struct Event
    {
        qint64 clockMs;
        QString text;
    };
    //! Every event so far (the QA panel shows the ones from before it existed, too).
    QList<Event> history() const { return m_history; }

Q_SIGNALS:
    //! Something happened in the script ("Bob disconnects"), for the QA panel's event log.
    void eventLogged(qint64 clockMs, const QString &text);
    //! A demo user's script-side state changed (connected, visibility).
    void userChanged(SmartFixer::UserId id);
    //! Once after start(): the demo users of the first moment are connected. Sign the viewer
    //! in now, so the first presence it sees is their real state (not "Last seen a long time
    //! ago" for users whose clients are still connecting).
    void started();

private:
    struct Bot;
    struct Step
    {
        qint64 atMs; //!< clock ms into the cycle
        int bot;
        Force action;
    };
    void tick();
    void run(const Step &step);
    void connectBot(Bot &bot);
    void disconnectBot(Bot &bot);
    void setBotVisibility(Bot &bot, Visibility visibility);
    //! PUT /api/me/status with the demo user's token (works while offline too).
    void setBotStatus(Bot &bot, Availability availability, const QString &message,
                      std::optional<qint64> expiresAtMs);
    void answer(Bot &bot, UserId from, const QString &text);
    void log(const QString &text);
    Bot *botById(UserId id);
    //! Emits started() once every bot that has a session is connected.
    void checkStarted();

    PresenceServer *m_server;
    Clock *m_clock;
    UserId m_viewer = 0;
    QList<Bot *> m_bots;
    QList<Step> m_steps;
    qint64 m_cycleMs;
    std::optional<qint64> m_startMs;
    qint64 m_doneUntilMs = -1; // clock ms (since start) up to which steps have run
    qint64 m_lastHeartbeatMs = 0; // clock ms (since start) of the last user_activity round
    bool m_startedEmitted = false;
    QTimer m_ticker; // real-time poll; ManualClock jumps are handled through Clock::jumped
    int m_replyDelayMs = 2500;
    QList<Event> m_history; // capped at MaxHistory
};

} // namespace SmartFixer
