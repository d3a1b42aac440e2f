#pragma once
// DemoPanel: the QA dock of demo mode. It lists each demo user's true state (as the server
// holds it, unfiltered by privacy) next to what the app shows, lets a tester force a state,
// and logs the script's events and the presence updates the app receives as they flow.
#include "core/presenceinfo.h"

#include <QDockWidget>
#include <QTimer>

QT_BEGIN_NAMESPACE
class QComboBox;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
QT_END_NAMESPACE

namespace SmartFixer {
class Clock;
class DemoScript;
} // namespace SmartFixer

namespace SmartFixer::Ui {

class ChatBackend;

class DemoPanel : public QDockWidget
{
    Q_OBJECT
public:
    DemoPanel(DemoScript *script, ChatBackend *backend, Clock *clock, QWidget *parent = nullptr);
    QTableWidget *table() const { return m_table; }
    QPlainTextEdit *log() const { return m_log; }

private:
    void refresh();
    void append(qint64 clockMs, const QString &text);
    void forceSelected();

    DemoScript *m_script;
    ChatBackend *m_backend;
    Clock *m_clock;
    QTableWidget *m_table;
    QComboBox *m_force;
    QPushButton *m_apply;
    QPlainTextEdit *m_log;
    QTimer m_refresh; // re-reads the true states (texts age with the clock)
};

} // namespace SmartFixer::Ui
