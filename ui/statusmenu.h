#pragma once
// The own-status controls of DESIGN.md §10: the actions of the status menu (Automatic / Do not
// disturb / Invisible, "Set a status message…", "Clear status message"), shared by the status
// bar's presence button and the tray menu, and the status message dialog. The checked action
// is always what the server last confirmed; choosing one only asks the backend.
#include "core/clearafter.h"
#include "core/manualstatus.h"

#include <QDialog>
#include <QObject>

QT_BEGIN_NAMESPACE
class QAction;
class QActionGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QPushButton;
QT_END_NAMESPACE

namespace SmartFixer::Ui {

class ChatBackend;

//! One set of status actions; add them to as many menus as needed (the same QActions).
class OwnStatusActions : public QObject
{
    Q_OBJECT
public:
    explicit OwnStatusActions(ChatBackend *backend, QObject *parent = nullptr);

    //! Appends the three availabilities, a separator and the message entries to \a menu.
    void addTo(QMenu *menu) const;
    QAction *action(Availability availability) const;
    QAction *setMessageAction() const { return m_setMessage; }
    QAction *clearMessageAction() const { return m_clearMessage; }
    //! Checks the action of \a status (the server's answer) and enables "Clear".
    void show(const ManualStatus &status);

Q_SIGNALS:
    //! The user picked "Set a status message…".
    void messageDialogRequested();

private:
    ChatBackend *m_backend;
    QActionGroup *m_group;
    QAction *m_auto;
    QAction *m_dnd;
    QAction *m_invisible;
    QAction *m_setMessage;
    QAction *m_clearMessage;
};

//! "Set a status message": the text (≤ 100 characters, no control characters, with a
//! counter), "Clear after" and a Clear button. It only collects: Save and Clear emit
//! submitted() and the dialog stays open until the caller closes it on the server's answer
//! (or shows the server's refusal with showError()).
class StatusMessageDialog : public QDialog
{
    Q_OBJECT
public:
    //! What the user chose: Save (message + clear after) or Clear (no message).
    enum Outcome { Save, Clear };

    StatusMessageDialog(const QString &current, QWidget *parent = nullptr);
    QString message() const;
    ClearAfter clearAfter() const;
    void setClearAfter(ClearAfter choice);
    //! Shows why the server refused what was saved (the dialog stays open for another try).
    void showError(const QString &text);

    QLineEdit *messageField() const { return m_text; }
    QComboBox *clearAfterBox() const { return m_clearAfter; }
    QLabel *counterLabel() const { return m_counter; }
    QLabel *errorLabel() const { return m_error; }
    QPushButton *saveButton() const { return m_save; }
    QPushButton *clearButton() const { return m_clear; }

Q_SIGNALS:
    void submitted(SmartFixer::Ui::StatusMessageDialog::Outcome outcome);

private:
    void check();
    QLineEdit *m_text;
    QLabel *m_counter;
    QLabel *m_error;
    QComboBox *m_clearAfter;
    QPushButton *m_save;
    QPushButton *m_clear;
};

} // namespace SmartFixer::Ui
