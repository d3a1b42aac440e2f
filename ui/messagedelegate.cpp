#include "messagedelegate.h"

#include "chattypes.h"
#include "messagemodel.h"
#include "presencebadge.h"

#include <QAbstractItemView>
#include <QDateTime>
#include <QDesktopServices>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QRegularExpression>
#include <QTextLayout>
#include <QToolTip>

namespace SmartFixer::Ui {

namespace {
constexpr int Margin = 8; // px between bubble and view edge
constexpr int Inner = 8; // px inside the bubble
constexpr double MaxWidthShare = 0.72; // a bubble takes at most this share of the view
constexpr int SeparatorGap = 6; // px above and below the date line

QFont footerFont(const QFont &base)
{
    QFont f = base;
    f.setPointSizeF(base.pointSizeF() * 0.82);
    return f;
}

//! The time and, for ours, the delivery state of a message.
QPair<QString, QString> footerParts(const QModelIndex &index, const QLocale &locale)
{
    const qint64 sentAt = index.data(MessageModel::SentAtRole).toLongLong();
    const QString time = sentAt > 0
        ? locale.toString(QDateTime::fromMSecsSinceEpoch(sentAt).time(), QLocale::ShortFormat)
        : QString();
    if (!index.data(MessageModel::OutgoingRole).toBool())
        return {time, QString()};
    QString state;
    switch (index.data(MessageModel::DeliveryRole).value<DeliveryState>()) {
    case DeliveryState::Queued:
        //: Delivery state of an outgoing message that waits for the connection
        state = MessageModel::tr("◷ Queued");
        break;
    case DeliveryState::Sent:
        switch (index.data(MessageModel::ReceiptRole).value<MessageModel::Receipt>()) {
        case MessageModel::Receipt::Read:
            //: Receipt: the recipient has read the message
            state = MessageModel::tr("✓✓ Read");
            break;
        case MessageModel::Receipt::Delivered:
            //: Receipt: a device of the recipient has received the message
            state = MessageModel::tr("✓✓ Delivered");
            break;
        case MessageModel::Receipt::None:
            //: Delivery state: the server stored the message
            state = MessageModel::tr("✓ Sent");
            break;
        }
        break;
    case DeliveryState::Failed:
        state = MessageModel::tr("⚠ Not sent: %1")
                    .arg(index.data(MessageModel::ErrorRole).toString());
        break;
    case DeliveryState::Received:
        break;
    }
    return {time, state};
}

QColor readColour(const QPalette &pal, bool outgoing)
{
    // On the outgoing bubble (Highlight) a light cyan reads well in light and dark themes.
    if (outgoing)
        return pal.color(QPalette::Highlight).lightness() < 150 ? QColor(0xa5, 0xf3, 0xfc)
                                                                : QColor(0x0b, 0x4f, 0x8a);
    return pal.color(QPalette::Link);
}

QTextLayout *newTextLayout(const QString &text, const QFont &font, const QColor &linkColour)
{
    auto *layout = new QTextLayout(text, font);
    QList<QTextLayout::FormatRange> formats;
    const QList<MessageDelegate::Link> links = MessageDelegate::linksIn(text);
    for (const MessageDelegate::Link &l : links) {
        QTextLayout::FormatRange r;
        r.start = l.start;
        r.length = l.length;
        r.format.setFontUnderline(true);
        if (linkColour.isValid())
            r.format.setForeground(linkColour);
        formats.append(r);
    }
    layout->setFormats(formats);
    return layout;
}
} // namespace

int layoutPlainText(QTextLayout &layout, int width, qreal *naturalWidth)
{
    QTextOption option;
    // Word boundaries first; only a token wider than the line breaks inside.
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    layout.setCacheEnabled(true);
    qreal y = 0;
    qreal widest = 0;
    layout.beginLayout();
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(width);
        line.setPosition(QPointF(0, y));
        y += line.height();
        widest = std::max(widest, line.naturalTextWidth());
    }
    layout.endLayout();
    if (naturalWidth)
        *naturalWidth = widest;
    return int(std::ceil(y));
}

QList<MessageDelegate::Link> MessageDelegate::linksIn(const QString &text)
{
    // Only http and https: no javascript:, file: or custom schemes from a stranger's text.
    static const QRegularExpression pattern(QStringLiteral("\\bhttps?://[^\\s<>\"]+"),
                                            QRegularExpression::CaseInsensitiveOption);
    QList<Link> links;
    auto it = pattern.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        QString candidate = m.captured(0);
        // Trailing punctuation belongs to the sentence ("see https://x.org.").
        while (!candidate.isEmpty() && QStringLiteral(".,;:!?)]}'").contains(candidate.back())) {
            if (candidate.back() == QLatin1Char(')')
                && candidate.count(QLatin1Char('(')) >= candidate.count(QLatin1Char(')')))
                break; // https://en.wikipedia.org/wiki/Qt_(software)
            candidate.chop(1);
        }
        const QUrl url(candidate, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || url.host().isEmpty()
            || (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
            continue;
        links.append({int(m.capturedStart(0)), int(candidate.size()), url});
    }
    return links;
}

QString MessageDelegate::footerText(const QModelIndex &index, const QLocale &locale)
{
    const auto [time, state] = footerParts(index, locale);
    if (time.isEmpty())
        return state;
    if (state.isEmpty())
        return time;
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
    Layout l;
    int top = option.rect.top();
    if (!index.data(MessageModel::DateSeparatorRole).toString().isEmpty()) {
        const QFontMetrics sfm(footerFont(option.font));
        l.separator = QRect(rowLeft, top + SeparatorGap, viewWidth, sfm.height());
        top = l.separator.bottom() + SeparatorGap;
    }
    const QString text = index.data(MessageModel::TextRole).toString();
    std::unique_ptr<QTextLayout> textLayout(newTextLayout(text, option.font, QColor()));
    qreal natural = 0;
    const int textHeight = layoutPlainText(*textLayout, maxText, &natural);
    const QFontMetrics ffm(footerFont(option.font));
    // +2 px: the footer is drawn in two pieces (time, state), each rounded on its own.
    const int footerWidth = ffm.horizontalAdvance(footerText(index, option.locale)) + 2;
    const int contentWidth = qMin(maxText, qMax(int(std::ceil(natural)), footerWidth));
    const int height = textHeight + 2 + ffm.height();
    const bool outgoing = index.data(MessageModel::OutgoingRole).toBool();
    const int bubbleWidth = contentWidth + 2 * Inner;
    const int left = outgoing ? rowRight - Margin - bubbleWidth + 1 : rowLeft + Margin;
    l.bubble = QRect(left, top + 3, bubbleWidth, height + 2 * Inner - 4);
    l.text = QRect(left + Inner, l.bubble.top() + Inner - 2, contentWidth, textHeight);
    l.footer = QRect(left + Inner, l.text.bottom() + 2, contentWidth, ffm.height());
    return l;
}

QRect MessageDelegate::bubbleRect(const QStyleOptionViewItem &option,
                                  const QModelIndex &index) const
{
    return layout(option, index).bubble;
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
    if (!l.separator.isEmpty()) {
        // ── Today ──
        const QString day = index.data(MessageModel::DateSeparatorRole).toString();
        painter->setFont(footerFont(option.font));
        const QFontMetrics sfm(painter->font());
        // +4 px: fractional glyph advances must not elide a word that fits.
        const int w = qMin(sfm.horizontalAdvance(day) + 4, l.separator.width() - 40);
        const QRect label(l.separator.center().x() - w / 2, l.separator.top(), w,
                          l.separator.height());
        QColor line = pal.color(QPalette::Text);
        line.setAlphaF(0.25f);
        painter->setPen(line);
        const int y = l.separator.center().y();
        painter->drawLine(l.separator.left() + Margin, y, label.left() - 8, y);
        painter->drawLine(label.right() + 8, y, l.separator.right() - Margin, y);
        QColor dayColour = pal.color(QPalette::Text);
        dayColour.setAlphaF(0.7f);
        painter->setPen(dayColour);
        painter->drawText(label, Qt::AlignCenter, sfm.elidedText(day, Qt::ElideRight, w));
    }
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
    const QString body = index.data(MessageModel::TextRole).toString();
    std::unique_ptr<QTextLayout> textLayout(
        newTextLayout(body, option.font, outgoing ? text : pal.color(QPalette::Link)));
    layoutPlainText(*textLayout, l.text.width());
    textLayout->draw(painter, l.text.topLeft());

    QColor footerColor = text;
    footerColor.setAlphaF(0.75f);
    painter->setFont(footerFont(option.font));
    const QFontMetrics ffm(painter->font());
    const auto [time, state] = footerParts(index, option.locale);
    const bool read = outgoing
        && index.data(MessageModel::ReceiptRole).value<MessageModel::Receipt>()
            == MessageModel::Receipt::Read;
    if (outgoing && !state.isEmpty()) {
        // Right-aligned: the state (in colour when read), then "time · " before it.
        const QString shownState = ffm.elidedText(state, Qt::ElideRight, l.footer.width());
        const int stateWidth = ffm.horizontalAdvance(shownState);
        painter->setPen(read ? readColour(pal, true) : footerColor);
        painter->drawText(l.footer, Qt::AlignRight, shownState);
        if (!time.isEmpty()) {
            painter->setPen(footerColor);
            const QRect rest = l.footer.adjusted(0, 0, -stateWidth, 0);
            painter->drawText(
                rest, Qt::AlignRight,
                ffm.elidedText(time + QStringLiteral(" · "), Qt::ElideLeft, rest.width()));
        }
    } else {
        painter->setPen(footerColor);
        painter->drawText(
            l.footer, outgoing ? Qt::AlignRight : Qt::AlignLeft,
            ffm.elidedText(footerText(index, option.locale), Qt::ElideRight, l.footer.width()));
    }
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
    return {width, l.bubble.bottom() - option.rect.top() + 4};
}

QUrl MessageDelegate::linkAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                             const QPoint &pos) const
{
    const Layout l = layout(option, index);
    if (!l.text.contains(pos))
        return {};
    const QString body = index.data(MessageModel::TextRole).toString();
    const QList<Link> links = linksIn(body);
    if (links.isEmpty())
        return {};
    std::unique_ptr<QTextLayout> textLayout(newTextLayout(body, option.font, QColor()));
    layoutPlainText(*textLayout, l.text.width());
    const QPointF local = pos - l.text.topLeft();
    for (int i = 0; i < textLayout->lineCount(); ++i) {
        const QTextLine line = textLayout->lineAt(i);
        if (local.y() < line.y() || local.y() >= line.y() + line.height())
            continue;
        if (local.x() > line.naturalTextWidth())
            return {};
        const int at = line.xToCursor(local.x(), QTextLine::CursorOnCharacter);
        for (const Link &link : links) {
            if (at >= link.start && at < link.start + link.length)
                return link.url;
        }
        return {};
    }
    return {};
}

bool MessageDelegate::editorEvent(QEvent *event, QAbstractItemModel *model,
                                  const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() == QEvent::MouseButtonRelease) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() == Qt::LeftButton) {
            const QUrl url = linkAt(option, index, mouse->position().toPoint());
            if (url.isValid()) {
                QDesktopServices::openUrl(url);
                return true;
            }
        }
    } else if (event->type() == QEvent::MouseMove) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        if (auto *view = qobject_cast<QAbstractItemView *>(const_cast<QWidget *>(option.widget))) {
            const bool overLink = linkAt(option, index, mouse->position().toPoint()).isValid();
            view->viewport()->setCursor(overLink ? Qt::PointingHandCursor : Qt::ArrowCursor);
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

bool MessageDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                                const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event && event->type() == QEvent::ToolTip) {
        const QUrl url = linkAt(option, index, event->pos());
        if (url.isValid()) {
            QToolTip::showText(event->globalPos(), url.toDisplayString(), view);
            return true;
        }
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}

} // namespace SmartFixer::Ui
