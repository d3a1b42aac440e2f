#pragma once
// PresenceCache: the client's view of every known user's presence. It keeps the last presence
// object per user with the (injected) clock time it arrived, and re-derives state and text as
// time passes from the server-computed last_active_ago_ms, so a wrong client clock does not
// matter. One timer serves all users; only users whose text or state changed are signalled.
#include "core/clock.h"
#include "core/presenceinfo.h"
#include "core/statustext.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>
#include <optional>

namespace SmartFixer {

//! What the UI shows for one user right now: state and text re-derived on the local clock,
//! so a badge and its words always agree.
struct PresenceView
{
    UserId userId = 0;
    PresenceState state = PresenceState::LastSeen;
    bool isOnline = false;
    QString text; //!< "online", "Active 3 minutes ago", "Last seen today at 2:30 PM", …
    //! Last activity on the local clock (receivedAt - last_active_ago_ms), if known.
    std::optional<qint64> lastActiveLocalMs;
    //! DESIGN.md §10, as the server sent them: "auto"/"dnd" ("invisible" in our own view);
    //! none = hidden or an older server.
    std::optional<QString> availability;
    std::optional<QString> statusMessage; //!< none = no message
    friend bool operator==(const PresenceView &, const PresenceView &) = default;
};

class PresenceCache : public QObject
{
    Q_OBJECT
public:
    explicit PresenceCache(Clock *clock, QObject *parent = nullptr);
    ~PresenceCache() override;

    //! The viewer's locale and zone (TimeStyle::Locale for the desktop).
    void setTextOptions(const StatusTextOptions &options);
    StatusTextOptions textOptions() const;
    //! The server's active window W (DESIGN §2, 5 min by default). // ms
    void setActiveWindowMs(qint64 windowMs);

    //! Stores \a info as received now (on the clock).
    void update(const PresenceInfo &info);
    //! Stores \a info as received at \a receivedAtMs (restoring the local cache).
    void update(const PresenceInfo &info, qint64 receivedAtMs);
    void remove(UserId userId);
    void clear();

    bool contains(UserId userId) const;
    //! The current view; nothing for an unknown user.
    std::optional<PresenceView> view(UserId userId) const;
    //! The raw presence object last received, and when (clock ms).
    std::optional<PresenceInfo> lastReceived(UserId userId) const;
    std::optional<qint64> receivedAtMs(UserId userId) const;
    QList<UserId> userIds() const;
    //! Clock time at which the timer next re-derives the texts, if armed: the earliest change
    //! due (after an update it may be earlier than needed; that refresh then re-arms).
    std::optional<qint64> nextChangeMs() const;

public Q_SLOTS:
    //! Re-derives every user's view now; signals those that changed.
    void refresh();

Q_SIGNALS:
    //! \a userId's text or state changed (new data, or time passed): repaint that one row.
    void presenceChanged(SmartFixer::UserId userId, const SmartFixer::PresenceView &view);

private:
    struct Entry
    {
        PresenceInfo info;
        qint64 receivedAtMs = 0;
        PresenceView view;
    };
    PresenceView derive(const Entry &entry, qint64 nowMs) const;
    //! \a nextMidnight is computed on first need and shared by the users of one scan.
    std::optional<qint64> nextChangeFor(const Entry &entry, qint64 nowMs,
                                        std::optional<qint64> &nextMidnight) const;
    //! Rescans every user for the earliest deadline (after a refresh).
    void schedule();
    void arm(qint64 deadlineMs);

    Clock *m_clock;
    StatusTextOptions m_text;
    qint64 m_windowMs = DefaultActiveWindowMs;
    QHash<UserId, Entry> m_entries;
    QTimer m_timer; // the one timer: fires at the next moment any text changes
    std::optional<qint64> m_next;
};

} // namespace SmartFixer

Q_DECLARE_METATYPE(SmartFixer::PresenceView)
