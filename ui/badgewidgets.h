#pragma once
// Small painted widgets shared by the chat header, the profile page and the status bar: a
// round avatar with initials, and a presence badge whose accessible name is the status text.
#include "core/manualstatus.h"
#include "core/presence.h"

#include <QColor>
#include <QWidget>

namespace SmartFixer::Ui {

class AvatarWidget : public QWidget
{
    Q_OBJECT
public:
    explicit AvatarWidget(int side, QWidget *parent = nullptr);
    void setUser(UserId id, const QString &name);
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int m_side;
    QString m_initials;
    QColor m_color;
};

class PresenceBadgeWidget : public QWidget
{
    Q_OBJECT
public:
    explicit PresenceBadgeWidget(int side, QWidget *parent = nullptr);
    void setPresence(PresenceState state, const QString &statusText);
    //! With a manual status (DESIGN.md §10): the DND bar, our own invisible ring.
    void setPresence(PresenceState state, const QString &statusText, Availability availability);
    PresenceState state() const { return m_state; }
    Availability availability() const { return m_availability; }
    //! false: drawn faded — the state is only the last known one.
    void setCurrent(bool current);
    bool isCurrent() const { return m_current; }
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int m_side;
    PresenceState m_state = PresenceState::LastSeen;
    Availability m_availability = Availability::Auto;
    bool m_current = true;
};

} // namespace SmartFixer::Ui
