#include "badgewidgets.h"

#include "chattypes.h"
#include "contactdelegate.h"
#include "presencebadge.h"

#include <QPainter>

namespace SmartFixer::Ui {

AvatarWidget::AvatarWidget(int side, QWidget *parent) : QWidget(parent), m_side(side)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

void AvatarWidget::setUser(UserId id, const QString &name)
{
    m_initials = initialsOf(name);
    m_color = avatarColor(id);
    setAccessibleName(tr("Avatar of %1").arg(name));
    update();
}

QSize AvatarWidget::sizeHint() const
{
    return {m_side, m_side};
}

void AvatarWidget::paintEvent(QPaintEvent *)
{
    if (m_initials.isEmpty())
        return;
    QPainter p(this);
    const int side = qMin(width(), height());
    paintAvatar(&p, QRectF(0, 0, side, side), m_initials, m_color, font());
}

PresenceBadgeWidget::PresenceBadgeWidget(int side, QWidget *parent) : QWidget(parent), m_side(side)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

void PresenceBadgeWidget::setPresence(PresenceState state, const QString &statusText)
{
    setPresence(state, statusText, Availability::Auto);
}

void PresenceBadgeWidget::setPresence(PresenceState state, const QString &statusText,
                                      Availability availability)
{
    m_state = state;
    m_availability = availability;
    setAccessibleName(tr("Presence: %1").arg(PresenceBadge::accessibleLabel(state, availability)));
    setAccessibleDescription(statusText);
    setToolTip(statusText);
    update();
}

QSize PresenceBadgeWidget::sizeHint() const
{
    return {m_side, m_side};
}

void PresenceBadgeWidget::setCurrent(bool current)
{
    if (m_current == current)
        return;
    m_current = current;
    update();
}

void PresenceBadgeWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    if (!m_current)
        p.setOpacity(StaleBadgeOpacity);
    QPalette pal = palette();
    pal.setColor(QPalette::Base, pal.color(backgroundRole()));
    const qreal inset = m_side * 0.12;
    PresenceBadge::paint(&p, QRectF(rect()).adjusted(inset, inset, -inset, -inset), m_state, pal,
                         m_availability);
}

} // namespace SmartFixer::Ui
