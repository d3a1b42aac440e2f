#pragma once
// PinnedCertificatesBox: the Preferences section that lists the server certificates the user
// trusted by fingerprint (CertificatePins) and forgets one on request — the deliberate step a
// changed certificate asks for (a host that really made a new one). It draws and forwards only.
#include <QGroupBox>

QT_BEGIN_NAMESPACE
class QLabel;
class QPushButton;
class QTreeWidget;
QT_END_NAMESPACE

namespace SmartFixer::Ui {

class PinnedCertificatesBox : public QGroupBox
{
    Q_OBJECT
public:
    explicit PinnedCertificatesBox(QWidget *parent = nullptr);
    QTreeWidget *list() const { return m_list; }
    QPushButton *forgetButton() const { return m_forget; }
    //! Reads the pins again.
    void reload();

private:
    void forgetSelected();
    QTreeWidget *m_list;
    QPushButton *m_forget;
    QLabel *m_empty;
};

} // namespace SmartFixer::Ui
