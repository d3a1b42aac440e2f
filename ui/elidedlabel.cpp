#include "elidedlabel.h"

#include <QEvent>
#include <QResizeEvent>

namespace SmartFixer::Ui {

namespace {
constexpr int MinimumChars = 6; // px come from the font: room for a few characters and "…"
}

ElidedLabel::ElidedLabel(QWidget *parent) : QLabel(parent)
{
    setTextFormat(Qt::PlainText); // names are user text: never rich text
    setWordWrap(false);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

void ElidedLabel::setFullText(const QString &text)
{
    m_full = text;
    // One line: a newline in a name must not make the header taller.
    m_full.replace(QLatin1Char('\n'), QLatin1Char(' '));
    updateElision();
    updateGeometry();
}

QSize ElidedLabel::minimumSizeHint() const
{
    const QFontMetrics fm = fontMetrics();
    const QMargins m = contentsMargins();
    return {fm.averageCharWidth() * MinimumChars + m.left() + m.right(),
            fm.height() + m.top() + m.bottom()};
}

QSize ElidedLabel::sizeHint() const
{
    const QFontMetrics fm = fontMetrics();
    const QMargins m = contentsMargins();
    // Prefer the full width, but a layout may always give less (size policy Ignored).
    return {fm.horizontalAdvance(m_full) + m.left() + m.right() + 2,
            fm.height() + m.top() + m.bottom()};
}

void ElidedLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    updateElision();
}

void ElidedLabel::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        updateElision();
}

void ElidedLabel::updateElision()
{
    const int width = qMax(0, contentsRect().width());
    const QString shown = fontMetrics().elidedText(m_full, Qt::ElideRight, width);
    if (shown != text())
        QLabel::setText(shown);
    const bool cut = shown != m_full;
    setToolTip(cut ? m_full : QString());
    setAccessibleDescription(m_full);
}

} // namespace SmartFixer::Ui
