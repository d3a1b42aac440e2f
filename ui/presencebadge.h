#pragma once
// PresenceBadge: how a presence state looks — the badge shape, its colour, a short name and an
// accessible description — in one place, after Kaidan's Presence gadget. Shapes differ per
// state (filled disc, clock arc, hollow ring, slashed ring) so the badge reads without colour;
// Do not disturb adds a bar across the dot (DESIGN.md §10).
#include "core/manualstatus.h"
#include "core/presence.h"
#include "core/presenceinfo.h"

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
    //! The same with a manual status: Dnd is a bar across the dot (red while online or active,
    //! in the state's grey otherwise); Invisible (only ever our own view) a hollow ring.
    static void paint(QPainter *painter, const QRectF &rect, PresenceState state,
                      const QPalette &palette, Availability availability);
    //! The colour of a Do-not-disturb badge.
    static QColor dndColor(const QPalette &palette);
    //! "Automatic", "Do not disturb", "Invisible" (translated).
    static QString availabilityLabel(Availability availability);
    //! The availability a presence object carries (Auto when none).
    static Availability availabilityOf(const PresenceInfo &info);
    //! What a screen reader says for a badge: "Online", "Online, do not disturb", ….
    static QString accessibleLabel(PresenceState state, Availability availability);
};

} // namespace SmartFixer::Ui
