#pragma once
// MessageDelegate: paints a chat message as a bubble (ours right, theirs left) with its time
// and, for ours, the delivery state as a symbol and a word ("Queued", "✓ Sent", "✓✓ Delivered",
// "✓✓ Read" in colour); a date line above the first message of a day. The text is always
// plain text (never rich text): it wraps at word boundaries, only a token longer than the
// bubble breaks, and http/https links are underlined and open in the browser on click.
#include <QStyledItemDelegate>
#include <QUrl>

QT_BEGIN_NAMESPACE
class QTextLayout;
QT_END_NAMESPACE

namespace SmartFixer::Ui {

class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    //! "14:30 · ✓ Sent" under a message.
    static QString footerText(const QModelIndex &index, const QLocale &locale);
    //! The http/https links in \a text: start, length (UTF-16 units) and URL.
    struct Link
    {
        int start = 0;
        int length = 0;
        QUrl url;
    };
    static QList<Link> linksIn(const QString &text);
    //! The link under \a pos (view coordinates) in the message at \a index, if any.
    QUrl linkAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                const QPoint &pos) const;
    //! The bubble of the message at \a index (tests, screenshots).
    QRect bubbleRect(const QStyleOptionViewItem &option, const QModelIndex &index) const;

private:
    struct Layout
    {
        QRect separator; //!< the date line (empty when none)
        QRect bubble;
        QRect text;
        QRect footer;
    };
    Layout layout(const QStyleOptionViewItem &option, const QModelIndex &index) const;
};

//! Lays out \a text as plain text in \a width px, at word boundaries (a longer token breaks
//! anywhere); returns the height, and the widest line in \a naturalWidth.
int layoutPlainText(QTextLayout &layout, int width, qreal *naturalWidth = nullptr);

} // namespace SmartFixer::Ui
