#pragma once
// PresenceBadge: how a presence state looks — the badge shape, its colour, a short name and an
// accessible description — in one place, after Kaidan's Presence gadget. Shapes differ per
// state (filled disc, clock arc, hollow ring, slashed ring) so the badge reads without colour.
#include "core/presence.h"

#include <QColor>
#include <QObject>
#include <QRectF>
#include <QString>

QT_BEGIN_NAMESPACE
class QPainter;
class QPalette;
QT_END_NAMESPACE

namespace SmartFixer::Ui {

//! Opacity of a badge that shows only the last known state (disconnected): faded, still
//! readable by its shape.
constexpr qreal StaleBadgeOpacity = 0.35;
//! Keyboard focus ring of list rows and bubbles: px (logical), in focusRingColor().
constexpr int FocusRingWidth = 2;
//! The palette's highlight, darkened on light palettes so it stands out on a selected row.
QColor focusRingColor(const QPalette &palette);

class PresenceBadge
{
    Q_GADGET
public:
    //! Colour of the badge for \a state; tuned to stay visible on light and dark palettes.
    static QColor color(PresenceState state, const QPalette &palette);
    //! Short translated name of the state ("Online", "Active", "Last seen", "Hidden").
    static QString stateLabel(PresenceState state);
    //! Paints the badge for \a state centred in \a rect (square part of it), with an outline in
    //! the \a palette's base colour so it stands out on an avatar.
    static void paint(QPainter *painter, const QRectF &rect, PresenceState state,
                      const QPalette &palette);
};

} // namespace SmartFixer::Ui
