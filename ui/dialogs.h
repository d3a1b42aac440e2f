#pragma once
// The app's dialogs: sign-in, a contact's profile with live presence, privacy, preferences and
// "add contact" through the user directory. Each one only collects input and shows state; the
// main window applies what they return.
#include "appsettings.h"
#include "chattypes.h"
#include "core/manualstatus.h"
#include "core/privacy.h"
#include "tls/clienttls.h"

#include <QDialog>
#include <QSet>
#include <QTimer>

QT_BEGIN_NAMESPACE
class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
QT_END_NAMESPACE

namespace SmartFixer::Discovery {
class Browser;
}

namespace SmartFixer::Ui {

class AvatarWidget;
class ChatBackend;
class FoundServersList;
class PresenceBadgeWidget;

//! Sign-in: the server address (editable), name and password, and any error in plain words.
class LoginDialog : public QDialog
{
    Q_OBJECT
public:
    LoginDialog(ChatBackend *backend, const QString &username, QWidget *parent = nullptr);
    QString username() const;
    //! The server signed in to (valid after accepted()).
    QUrl serverUrl() const;
    QLineEdit *serverField() const { return m_server; }
    QLineEdit *userField() const { return m_user; }
    QLineEdit *passwordField() const { return m_password; }
    QLabel *errorLabel() const { return m_error; }
    QPushButton *signInButton() const { return m_signIn; }
    QPushButton *createButton() const { return m_create; }
    //! "Stay signed in": keep the session in the keychain (the caller stores it).
    bool staySignedIn() const;
    void setStaySignedIn(bool on);
    QCheckBox *staySignedInBox() const { return m_stay; }
    //! A plain line above the buttons ("Your saved sign-in has expired …").
    void showMessage(const QString &text) { showError(text); }
    //! Adds the live list of servers \a browser finds on the LAN (foundservers.cpp); choosing
    //! one fills in the address (https:// when it announces TLS).
    FoundServersList *showFoundServers(Discovery::Browser *browser);

private:
    void submit();
    void createAccount();
    //! Checks the address field and points the backend at it; false (and says why) if unusable.
    bool applyServer();
    void showError(const QString &text);
    //! A sign-in that failed on the server's certificate: offer to trust a self-signed one by
    //! its fingerprint (pinned), refuse loudly one that differs from the pinned one.
    void handleCertificate(const TlsFailure &tls);
    ChatBackend *m_backend;
    bool m_creating = false; //!< the last attempt was "Create account" (retried after trust)
    bool m_attempting = false; //!< a sign-in of ours is under way (its failure is ours to show)
    QLineEdit *m_server;
    QPushButton *m_create;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QLabel *m_error;
    QCheckBox *m_stay;
    QPushButton *m_signIn;
};

//! A contact's profile, with presence that keeps updating while open.
class ProfileDialog : public QDialog
{
    Q_OBJECT
public:
    ProfileDialog(ChatBackend *backend, const ContactEntry &contact, QWidget *parent = nullptr);
    QLabel *statusLabel() const { return m_status; }
    //! The status message (DESIGN.md §10), hidden when there is none.
    QLabel *statusMessageLabel() const { return m_message; }

private:
    void showPresence(const PresenceInfo &info);
    UserId m_id;
    PresenceBadgeWidget *m_badge;
    QLabel *m_state;
    QLabel *m_status;
    QLabel *m_message = nullptr;
};

//! Who may see my presence: Everyone / My contacts / Nobody, each explained.
class PrivacyDialog : public QDialog
{
    Q_OBJECT
public:
    PrivacyDialog(Visibility current, QWidget *parent = nullptr);
    Visibility visibility() const;
    void setVisibility(Visibility visibility);
    //! Exact or approximate last seen for others (DESIGN.md §10).
    LastSeenPrecision lastSeen() const;
    void setLastSeen(LastSeenPrecision precision);
    QButtonGroup *lastSeenGroup() const { return m_lastSeen; }

    //! The read_receipts switch (DESIGN.md §12).
    bool readReceipts() const;
    void setReadReceipts(bool on);
    QCheckBox *readReceiptsBox() const { return m_readReceipts; }

private:
    QButtonGroup *m_group;
    QButtonGroup *m_lastSeen = nullptr;
    QCheckBox *m_readReceipts = nullptr;
};

//! Preferences: server, idle threshold, language, start minimised, LAN hosting.
class PreferencesDialog : public QDialog
{
    Q_OBJECT
public:
    PreferencesDialog(const AppSettings &settings, QWidget *parent = nullptr);
    AppSettings settings() const;

private:
    AppSettings m_settings;
    QLineEdit *m_server;
    QSpinBox *m_idle;
    QComboBox *m_language;
    QComboBox *m_theme;
    QCheckBox *m_startMinimised;
    QGroupBox *m_lan;
    QComboBox *m_lanAddress;
    QSpinBox *m_lanPort;
};

//! Finds people in the server's user directory (GET /api/users?query=) and adds one.
class AddContactDialog : public QDialog
{
    Q_OBJECT
public:
    AddContactDialog(ChatBackend *backend, QWidget *parent = nullptr);
    QLineEdit *queryField() const { return m_query; }
    QListWidget *results() const { return m_results; }

private:
    void showResults(const QList<DirectoryEntry> &users);
    void addSelected();
    ChatBackend *m_backend;
    QLineEdit *m_query;
    QListWidget *m_results;
    QLabel *m_hint;
    QPushButton *m_add;
    QTimer m_debounce; // waits for a pause in typing before asking the server
    QSet<UserId> m_added; // added while this dialog is open
};

} // namespace SmartFixer::Ui
