#pragma once
// MessageDelegate: paints a chat message as a bubble (ours right, theirs left) with its time
// and, for ours, the delivery state as a symbol and a word ("Queued", "Sent").
#include <QStyledItemDelegate>

namespace SmartFixer::Ui {

class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    //! "14:30 · Sent" under a message.
    static QString footerText(const QModelIndex &index, const QLocale &locale);

private:
    struct Layout
    {
        QRect bubble;
        QRect text;
        QRect footer;
    };
    Layout layout(const QStyleOptionViewItem &option, const QModelIndex &index) const;
};

} // namespace SmartFixer::Ui
