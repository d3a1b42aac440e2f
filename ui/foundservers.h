#pragma once
// FoundServersList: the SmartFixer servers found on the LAN (DESIGN.md §11), live, for the
// sign-in dialog. It only draws what the engine's Discovery::Browser reports and says which one
// the user picked; finding and checking the servers is the engine's job.
#include "discovery/announcement.h"

#include <QUrl>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QListWidget;
class QListWidgetItem;
QT_END_NAMESPACE

namespace SmartFixer::Discovery {
class Browser;
}

namespace SmartFixer::Ui {

class FoundServersList : public QWidget
{
    Q_OBJECT
public:
    explicit FoundServersList(Discovery::Browser *browser, QWidget *parent = nullptr);
    QListWidget *list() const { return m_list; }
    QLabel *hint() const { return m_hint; }

Q_SIGNALS:
    //! The user picked \a server (a click, or Enter on the row).
    void chosen(const QUrl &server);

private:
    void add(const FoundServer &server);
    void change(const FoundServer &server);
    void remove(const FoundServer &server);
    QListWidgetItem *itemFor(const QString &serviceName) const;
    void updateHint();
    static QString label(const FoundServer &server);

    QListWidget *m_list;
    QLabel *m_hint;
    QString m_unavailable; //!< why nothing can be found (no avahi-daemon), empty when browsing
};

} // namespace SmartFixer::Ui
