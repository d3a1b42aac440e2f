#pragma once
// ElidedLabel: a one-line label that never widens its window. Text that does not fit ends in
// "…" and the full text is the tooltip (and the accessible description), so a 200-character
// display name cannot push the Send button off-screen.
#include <QLabel>

namespace SmartFixer::Ui {

class ElidedLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    //! The full text (QLabel::text() holds what is shown, possibly elided).
    void setFullText(const QString &text);
    QString fullText() const { return m_full; }
    //! Whether the shown text is cut.
    bool isElided() const { return text() != m_full; }

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void updateElision();
    QString m_full;
};

} // namespace SmartFixer::Ui
