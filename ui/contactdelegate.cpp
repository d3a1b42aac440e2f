#include "contactdelegate.h"

#include "contactlistmodel.h"
#include "presencebadge.h"

#include <QApplication>
#include <QPainter>

namespace SmartFixer::Ui {

namespace {
constexpr int Padding = 8; // px, logical
}

void paintAvatar(QPainter *painter, const QRectF &rect, const QString &initials,
                 const QColor &color, const QFont &baseFont)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawEllipse(rect);
    QFont font = baseFont;
    font.setBold(true);
    font.setPixelSize(qMax(8, int(rect.height() * 0.38)));
    painter->setFont(font);
    painter->setPen(Qt::white);
    painter->drawText(rect, Qt::AlignCenter, initials);
    painter->restore();
}

void ContactDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    if (!index.data(ContactListModel::UserIdRole).isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    // Let the style draw the selection/hover background and focus frame, then draw our content.
    opt.text.clear();
    opt.icon = QIcon();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    // Keyboard focus must be visible (Fusion draws none for list rows): a 2 px ring.
    if ((option.state & QStyle::State_HasFocus) && widget && widget->hasFocus()) {
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing, true);
        painter->setPen(QPen(focusRingColor(option.palette), FocusRingWidth));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(QRectF(option.rect).adjusted(1.5, 1.5, -1.5, -1.5), 4, 4);
        painter->restore();
    }

    const QRect r = option.rect.adjusted(Padding, Padding / 2, -Padding, -Padding / 2);
    const int avatarSide = r.height();
    const QRectF avatar(r.left(), r.top(), avatarSide, avatarSide);
    paintAvatar(painter, avatar, index.data(ContactListModel::InitialsRole).toString(),
                index.data(ContactListModel::AvatarColorRole).value<QColor>(), option.font);

    const auto state = index.data(ContactListModel::StateRole).value<PresenceState>();
    const qreal badgeSide = qRound(avatarSide * 0.36);
    const QRectF badge(avatar.right() - badgeSide + 1, avatar.bottom() - badgeSide + 1, badgeSide,
                       badgeSide);
    QPalette badgePalette = option.palette;
    if (option.state & QStyle::State_Selected)
        badgePalette.setColor(QPalette::Base, option.palette.color(QPalette::Highlight));
    const bool stale = index.data(ContactListModel::StaleRole).toBool();
    painter->save();
    if (stale)
        painter->setOpacity(StaleBadgeOpacity);
    PresenceBadge::paint(painter, badge, state, badgePalette,
                         index.data(ContactListModel::AvailabilityRole).value<Availability>());
    painter->restore();

    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorGroup group
        = (option.state & QStyle::State_Enabled) ? QPalette::Normal : QPalette::Disabled;
    const QColor textColor
        = option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    QColor mutedColor = textColor;
    mutedColor.setAlphaF(0.72f);

    // Unread pill on the right.
    int right = r.right();
    const int unread = index.data(ContactListModel::UnreadRole).toInt();
    QFont boldFont = option.font;
    boldFont.setBold(true);
    if (unread > 0) {
        QFont pillFont = option.font;
        pillFont.setBold(true);
        pillFont.setPointSizeF(pillFont.pointSizeF() * 0.85);
        const QFontMetrics pfm(pillFont);
        const QString text = unread > 99 ? QStringLiteral("99+") : QString::number(unread);
        const int h = pfm.height() + 2;
        const int w = qMax(h, pfm.horizontalAdvance(text) + h / 2 + 4);
        const QRect pill(right - w + 1, r.center().y() - h / 2, w, h);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing, true);
        painter->setPen(Qt::NoPen);
        painter->setBrush(selected ? option.palette.color(QPalette::HighlightedText)
                                   : option.palette.color(QPalette::Highlight));
        painter->drawRoundedRect(pill, h / 2.0, h / 2.0);
        painter->setFont(pillFont);
        painter->setPen(selected ? option.palette.color(QPalette::Highlight)
                                 : option.palette.color(QPalette::HighlightedText));
        painter->drawText(pill, Qt::AlignCenter, text);
        painter->restore();
        right = pill.left() - Padding;
    }

    const int textLeft = int(avatar.right()) + Padding + 2;
    const QRect textRect(textLeft, r.top(), right - textLeft, r.height());
    const QFontMetrics nameFm(boldFont);
    QFont statusFont = option.font;
    statusFont.setPointSizeF(statusFont.pointSizeF() * 0.9);
    const QFontMetrics statusFm(statusFont);
    const int block = nameFm.height() + statusFm.height() + 2;
    const int top = textRect.top() + (textRect.height() - block) / 2;

    painter->save();
    painter->setFont(boldFont);
    painter->setPen(textColor);
    const QString name = index.data(ContactListModel::DisplayNameRole).toString();
    painter->drawText(QRect(textRect.left(), top, textRect.width(), nameFm.height()),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      nameFm.elidedText(name, Qt::ElideRight, textRect.width()));

    // Status line: the state's colour as a small cue (the badge carries the shape), then text.
    // Last known only (disconnected): muted and italic, never in the "online" colour.
    statusFont.setItalic(stale);
    painter->setFont(statusFont);
    const QColor stateColor = selected ? textColor : PresenceBadge::color(state, option.palette);
    painter->setPen(state == PresenceState::Online && !stale ? stateColor : mutedColor);
    QString status = index.data(ContactListModel::StatusTextRole).toString();
    // Contacts are one-way (DESIGN.md §12): say when they have not added us back.
    if (index.data(ContactListModel::MutualRole) == QVariant(false))
        status = tr("%1 · has not added you back").arg(status);
    const QRect statusLine(textRect.left(), top + nameFm.height() + 2, textRect.width(),
                           statusFm.height());
    const QString message = index.data(ContactListModel::StatusMessageRole).toString();
    if (message.isEmpty()) {
        painter->drawText(statusLine, Qt::AlignLeft | Qt::AlignVCenter,
                          statusFm.elidedText(status, Qt::ElideRight, textRect.width()));
    } else {
        // The status message (DESIGN.md §10) follows the presence text on the line under the
        // name; the presence text keeps at most 60 % so a long message cannot push it out,
        // and the message ends in "…" (full text in the tooltip).
        const QString shownStatus
            = statusFm.elidedText(status, Qt::ElideRight, textRect.width() * 3 / 5);
        const QString separator = QStringLiteral(" · ");
        painter->drawText(statusLine, Qt::AlignLeft | Qt::AlignVCenter, shownStatus + separator);
        const int used = statusFm.horizontalAdvance(shownStatus + separator);
        QFont messageFont = statusFont;
        messageFont.setItalic(true);
        painter->setFont(messageFont);
        painter->setPen(textColor);
        const QFontMetrics messageFm(messageFont);
        const QRect messageRect = statusLine.adjusted(used, 0, 0, 0);
        painter->drawText(messageRect, Qt::AlignLeft | Qt::AlignVCenter,
                          messageFm.elidedText(message, Qt::ElideRight, messageRect.width()));
    }
    painter->restore();
}

QSize ContactDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (!index.data(ContactListModel::UserIdRole).isValid())
        return QStyledItemDelegate::sizeHint(option, index);
    const QFontMetrics fm(option.font);
    const int height = qMax(44, fm.height() * 2 + 2 + Padding * 2);
    return {220, height};
}

} // namespace SmartFixer::Ui
