#include "messagedelegate.h"

#include "chattypes.h"
#include "messagemodel.h"
#include "presencebadge.h"

#include <QAbstractItemView>
#include <QDateTime>
#include <QPainter>

namespace SmartFixer::Ui {

namespace {
constexpr int Margin = 8; // px between bubble and view edge
constexpr int Inner = 8; // px inside the bubble
constexpr double MaxWidthShare = 0.72; // a bubble takes at most this share of the view

// Wrap at word boundaries; only a word longer than the bubble breaks anywhere.
int textFlags(const QFontMetrics &fm, const QString &text, int maxWidth)
{
    const QRect words = fm.boundingRect(QRect(0, 0, maxWidth, 100000), Qt::TextWordWrap, text);
    return words.width() > maxWidth ? Qt::TextWordWrap | Qt::TextWrapAnywhere : Qt::TextWordWrap;
}

QFont footerFont(const QFont &base)
{
    QFont f = base;
    f.setPointSizeF(base.pointSizeF() * 0.82);
    return f;
}
} // namespace

QString MessageDelegate::footerText(const QModelIndex &index, const QLocale &locale)
{
    const qint64 sentAt = index.data(MessageModel::SentAtRole).toLongLong();
    const QString time = sentAt > 0
        ? locale.toString(QDateTime::fromMSecsSinceEpoch(sentAt).time(), QLocale::ShortFormat)
        : QString();
    if (!index.data(MessageModel::OutgoingRole).toBool())
        return time;
    QString state;
    switch (index.data(MessageModel::DeliveryRole).value<DeliveryState>()) {
    case DeliveryState::Queued:
        //: Delivery state of an outgoing message that waits for the connection
        state = MessageModel::tr("◷ Queued");
        break;
    case DeliveryState::Sent:
        //: Delivery state: the server stored the message
        state = MessageModel::tr("✓ Sent");
        break;
    case DeliveryState::Failed:
        state = MessageModel::tr("⚠ Not sent: %1")
                    .arg(index.data(MessageModel::ErrorRole).toString());
        break;
    case DeliveryState::Received:
        break;
    }
    if (time.isEmpty())
        return state;
    return QString(time + QStringLiteral(" · ") + state);
}

MessageDelegate::Layout MessageDelegate::layout(const QStyleOptionViewItem &option,
                                                const QModelIndex &index) const
{
    // Bubbles wrap at a share of the visible width, so ask the view rather than option.rect
    // (which sizeHint() gets without a width).
    int viewWidth = 400;
    if (const auto *view = qobject_cast<const QAbstractItemView *>(option.widget))
        viewWidth = view->viewport()->width();
    else if (option.rect.width() > 0)
        viewWidth = option.rect.width();
    const int rowLeft = option.rect.left();
    const int rowRight = rowLeft + viewWidth - 1;
    const int maxText = qMax(80, int(viewWidth * MaxWidthShare) - 2 * Inner);
    const QFontMetrics fm(option.font);
    const QString text = index.data(MessageModel::TextRole).toString();
    QRect textRect
        = fm.boundingRect(QRect(0, 0, maxText, 100000), textFlags(fm, text, maxText), text);
    const QFontMetrics ffm(footerFont(option.font));
    const QString footer = footerText(index, option.locale);
    const int footerWidth = ffm.horizontalAdvance(footer);
    const int contentWidth = qMin(maxText, qMax(textRect.width(), footerWidth));
    const int height = textRect.height() + 2 + ffm.height();
    const bool outgoing = index.data(MessageModel::OutgoingRole).toBool();
    const int bubbleWidth = contentWidth + 2 * Inner;
    const int left = outgoing ? rowRight - Margin - bubbleWidth + 1 : rowLeft + Margin;
    Layout l;
    l.bubble = QRect(left, option.rect.top() + 3, bubbleWidth, height + 2 * Inner - 4);
    l.text = QRect(left + Inner, l.bubble.top() + Inner - 2, contentWidth, textRect.height());
    l.footer = QRect(left + Inner, l.text.bottom() + 2, contentWidth, ffm.height());
    return l;
}

void MessageDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    if (!index.data(MessageModel::SentAtRole).isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const Layout l = layout(option, index);
    const bool outgoing = index.data(MessageModel::OutgoingRole).toBool();
    const QPalette &pal = option.palette;
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    QColor bubble = outgoing ? pal.color(QPalette::Highlight) : pal.color(QPalette::AlternateBase);
    if (!outgoing && bubble == pal.color(QPalette::Base))
        bubble = dark ? bubble.lighter(140) : bubble.darker(108);
    const QColor text = outgoing ? pal.color(QPalette::HighlightedText) : pal.color(QPalette::Text);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(Qt::NoPen);
    painter->setBrush(bubble);
    painter->drawRoundedRect(l.bubble, 10, 10);
    if (option.state & QStyle::State_HasFocus) {
        // A solid 2 px ring in the focus colour: a dotted 1 px line was too faint to find.
        painter->setPen(QPen(focusRingColor(pal), FocusRingWidth));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(l.bubble.adjusted(-3, -3, 3, 3), 12, 12);
    }
    painter->setPen(text);
    painter->setFont(option.font);
    const QString body = index.data(MessageModel::TextRole).toString();
    painter->drawText(l.text, textFlags(QFontMetrics(option.font), body, l.text.width()), body);
    QColor footerColor = text;
    footerColor.setAlphaF(0.75f);
    painter->setPen(footerColor);
    painter->setFont(footerFont(option.font));
    const QFontMetrics ffm(painter->font());
    painter->drawText(
        l.footer, outgoing ? Qt::AlignRight : Qt::AlignLeft,
        ffm.elidedText(footerText(index, option.locale), Qt::ElideRight, l.footer.width()));
    painter->restore();
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (!index.data(MessageModel::SentAtRole).isValid())
        return QStyledItemDelegate::sizeHint(option, index);
    const Layout l = layout(option, index);
    int width = l.bubble.width() + 2 * Margin;
    if (const auto *view = qobject_cast<const QAbstractItemView *>(option.widget))
        width = view->viewport()->width();
    return {width, l.bubble.height() + 6};
}

} // namespace SmartFixer::Ui
