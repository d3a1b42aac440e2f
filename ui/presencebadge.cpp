#include "presencebadge.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QtMath>

namespace SmartFixer::Ui {

QColor PresenceBadge::color(PresenceState state, const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    switch (state) {
    case PresenceState::Online:
        return dark ? QColor(0x4c, 0xd9, 0x64) : QColor(0x1e, 0x9e, 0x3c);
    case PresenceState::Active:
        return dark ? QColor(0xff, 0xc1, 0x3d) : QColor(0xc7, 0x7c, 0x00);
    case PresenceState::LastSeen:
        return dark ? QColor(0xa0, 0xa4, 0xaa) : QColor(0x7a, 0x7f, 0x87);
    case PresenceState::Hidden:
        return dark ? QColor(0xb0, 0x8c, 0xe6) : QColor(0x6e, 0x4b, 0xa8);
    }
    return palette.color(QPalette::Text);
}

QColor focusRingColor(const QPalette &palette)
{
    const QColor h = palette.color(QPalette::Highlight);
    return palette.color(QPalette::Base).lightness() > 128 ? h.darker(160) : h.lighter(160);
}

QString PresenceBadge::stateLabel(PresenceState state)
{
    switch (state) {
    case PresenceState::Online:
        return QCoreApplication::translate("SmartFixer::Ui::PresenceBadge", "Online");
    case PresenceState::Active:
        return QCoreApplication::translate("SmartFixer::Ui::PresenceBadge", "Active");
    case PresenceState::LastSeen:
        return QCoreApplication::translate("SmartFixer::Ui::PresenceBadge", "Last seen");
    case PresenceState::Hidden:
        return QCoreApplication::translate("SmartFixer::Ui::PresenceBadge", "Hidden");
    }
    return {};
}

QColor PresenceBadge::dndColor(const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    return dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
}

QString PresenceBadge::availabilityLabel(Availability availability)
{
    switch (availability) {
    case Availability::Auto:
        return QCoreApplication::translate("SmartFixer::Ui::PresenceBadge", "Automatic");
    case Availability::Dnd:
        return QCoreApplication::translate("SmartFixer::Ui::PresenceBadge", "Do not disturb");
    case Availability::Invisible:
        return QCoreApplication::translate("SmartFixer::Ui::PresenceBadge", "Invisible");
    }
    return {};
}

Availability PresenceBadge::availabilityOf(const PresenceInfo &info)
{
    if (info.state == PresenceState::Hidden || !info.availability)
        return Availability::Auto;
    return availabilityFromName(*info.availability).value_or(Availability::Auto);
}

QString PresenceBadge::accessibleLabel(PresenceState state, Availability availability)
{
    switch (availability) {
    case Availability::Auto:
        break;
    case Availability::Dnd:
        //: A presence badge read aloud: %1 is the state ("Online"); do not disturb is set
        return QCoreApplication::translate("SmartFixer::Ui::PresenceBadge", "%1, do not disturb")
            .arg(stateLabel(state));
    case Availability::Invisible:
        //: A presence badge read aloud: our own badge while we are invisible to others
        return QCoreApplication::translate("SmartFixer::Ui::PresenceBadge", "Invisible to others");
    }
    return stateLabel(state);
}

void PresenceBadge::paint(QPainter *painter, const QRectF &rect, PresenceState state,
                          const QPalette &palette, Availability availability)
{
    if (availability == Availability::Auto || state == PresenceState::Hidden) {
        paint(painter, rect, state, palette);
        return;
    }
    const qreal side = qMin(rect.width(), rect.height());
    QRectF box(0, 0, side, side);
    box.moveCenter(rect.center());
    const qreal stroke = qMax<qreal>(1.5, side / 7.0);
    const QRectF inner = box.adjusted(stroke / 2, stroke / 2, -stroke / 2, -stroke / 2);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(Qt::NoPen);
    painter->setBrush(palette.color(QPalette::Base));
    painter->drawEllipse(box.adjusted(-stroke * 0.6, -stroke * 0.6, stroke * 0.6, stroke * 0.6));
    // The bar: a rounded horizontal stroke across the middle, 60 % of the badge wide.
    const qreal barHeight = qMax<qreal>(1.5, side * 0.2);
    QRectF bar(0, 0, side * 0.6, barHeight);
    bar.moveCenter(box.center());
    if (availability == Availability::Invisible) {
        // Hollow ring: what the others see of us (as if we had left).
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(color(PresenceState::LastSeen, palette), stroke));
        painter->drawEllipse(inner);
    } else if (state == PresenceState::Online || state == PresenceState::Active) {
        // The usual do-not-disturb sign: a red disc with a bar cut out.
        painter->setBrush(dndColor(palette));
        painter->drawEllipse(box);
        painter->setBrush(palette.color(QPalette::Base));
        painter->drawRoundedRect(bar, barHeight / 2, barHeight / 2);
    } else {
        // Not here, but do not disturb is set: the last-seen ring with the bar inside.
        const QColor c = color(state, palette);
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(c, stroke));
        painter->drawEllipse(inner);
        painter->setPen(Qt::NoPen);
        painter->setBrush(c);
        painter->drawRoundedRect(bar, barHeight / 2, barHeight / 2);
    }
    painter->restore();
}

void PresenceBadge::paint(QPainter *painter, const QRectF &rect, PresenceState state,
                          const QPalette &palette)
{
    const qreal side = qMin(rect.width(), rect.height());
    QRectF box(0, 0, side, side);
    box.moveCenter(rect.center());
    const QColor c = color(state, palette);
    const qreal stroke = qMax<qreal>(1.5, side / 7.0);
    const QRectF inner = box.adjusted(stroke / 2, stroke / 2, -stroke / 2, -stroke / 2);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    // A halo in the base colour separates the badge from the avatar underneath.
    painter->setPen(Qt::NoPen);
    painter->setBrush(palette.color(QPalette::Base));
    painter->drawEllipse(box.adjusted(-stroke * 0.6, -stroke * 0.6, stroke * 0.6, stroke * 0.6));

    switch (state) {
    case PresenceState::Online:
        // Filled disc.
        painter->setBrush(c);
        painter->drawEllipse(box);
        break;
    case PresenceState::Active: {
        // A ring with clock hands: "recently".
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(c, stroke, Qt::SolidLine, Qt::RoundCap));
        painter->drawEllipse(inner);
        const QPointF centre = inner.center();
        const qreal r = inner.width() / 2;
        painter->drawLine(centre, centre + QPointF(0, -r * 0.62));
        painter->drawLine(centre, centre + QPointF(r * 0.5, 0));
        break;
    }
    case PresenceState::LastSeen:
        // Hollow ring.
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(c, stroke));
        painter->drawEllipse(inner);
        break;
    case PresenceState::Hidden: {
        // Ring with a slash.
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(c, stroke, Qt::SolidLine, Qt::RoundCap));
        painter->drawEllipse(inner);
        const QPointF centre = inner.center();
        const qreal d = inner.width() / 2 * qCos(qDegreesToRadians(45.0));
        painter->drawLine(centre + QPointF(-d, d), centre + QPointF(d, -d));
        break;
    }
    }
    painter->restore();
}

} // namespace SmartFixer::Ui
