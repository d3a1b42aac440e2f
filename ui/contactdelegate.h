#pragma once
// ContactDelegate: paints one contact row — avatar with initials, presence badge (shape and
// colour per state), name, live status text and an unread pill — after Qt's stardelegate
// example; anything it does not know falls back to QStyledItemDelegate.
#include <QStyledItemDelegate>

namespace SmartFixer::Ui {

class ContactDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

//! Paints a round avatar with white initials on \a color into \a rect.
void paintAvatar(QPainter *painter, const QRectF &rect, const QString &initials,
                 const QColor &color, const QFont &baseFont);

} // namespace SmartFixer::Ui
