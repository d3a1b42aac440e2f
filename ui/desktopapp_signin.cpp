// DesktopApp's sign-in flow (issue 11 item 7): "Stay signed in" keeps the session token in the
// platform keychain (TokenKeychain), a kept token signs in at start without asking, a refused
// one is forgotten, Sign out forgets it, and "Sign in…" is always there when signed out.
#include "client/tokenkeychain.h"
#include "core/logging.h"
#include "desktopapp.h"
#include "dialogs.h"
#include "discovery/browser.h"
#include "errortext.h"
#include "mainwindow.h"
#include "server/localaccount.h"
#include "sessionbackend.h"

#include <QMessageBox>
#include <QStatusBar>

namespace SmartFixer::Ui {

LoginDialog *DesktopApp::loginDialog() const
{
    return m_login.data();
}

void DesktopApp::signInAtStart()
{
    m_window->setSignedOut(false); // "Connecting…" in the status bar while the keyring answers
    if (!m_settings.staySignedIn || m_settings.username.isEmpty()) {
        showLogin();
        return;
    }
    const QUrl server = m_settings.serverUrl;
    const QString user = m_settings.username;
    m_keychain->read(server, user, [this, server, user](const Result<QString> &token) {
        if (token && !token->isEmpty()) {
            qCInfo(lcClient).noquote() << "signing in as" << user << "with the kept session";
            m_savedTokenInUse = true;
            m_backend->signInWithToken(*token);
            Q_EMIT keychainSettled();
            return;
        }
        switch (token.kind()) {
        case ErrorKind::NotFound:
        case ErrorKind::Unavailable: // said once, when the sign-in could not be kept
        case ErrorKind::None:
            showLogin();
            break;
        default:
            showLogin(tr("Your saved sign-in could not be read from the keyring (%1). Please "
                         "sign in.")
                          .arg(token.error()));
            break;
        }
        Q_EMIT keychainSettled();
    });
}

void DesktopApp::showLogin(const QString &message)
{
    m_window->setSignedOut(true);
    if (m_login) {
        if (!message.isEmpty())
            m_login->showMessage(message);
        m_login->raise();
        return;
    }
    auto *dialog = new LoginDialog(m_backend, m_settings.username, m_window.get());
    m_login = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setStaySignedIn(m_settings.staySignedIn);
    // The servers on the LAN, live, while the dialog is open (DNS-SD through avahi-daemon).
    auto *browser = new Discovery::Browser(dialog);
    dialog->showFoundServers(browser);
    browser->start();
    if (!message.isEmpty())
        dialog->showMessage(message);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_settings.username = dialog->username();
        m_settings.serverUrl = dialog->serverUrl();
        m_settings.staySignedIn = dialog->staySignedIn();
        m_settings.save();
        m_window->setSettings(shownSettings());
        keepSignIn(dialog->staySignedIn());
    });
    dialog->open();
}

void DesktopApp::keepSignIn(bool stay)
{
    const QUrl server = m_settings.serverUrl;
    const QString user = m_settings.username;
    if (!stay) {
        // An older kept sign-in for this account must not outlive the user's "no".
        m_keychain->remove(server, user,
                           [this](const Result<QString> &) { Q_EMIT keychainSettled(); });
        return;
    }
    const QString token = m_backend->session()->token();
    if (token.isEmpty())
        return;
    m_keychain->write(server, user, token, [this](const Result<QString> &done) {
        if (done.kind() == ErrorKind::Unavailable)
            tellNoKeyring();
        else if (!done)
            m_window->statusBar()->showMessage(
                tr("Could not keep your sign-in in the keyring (%1); you will be asked for "
                   "your password next time.")
                    .arg(done.error()),
                15000);
        Q_EMIT keychainSettled();
    });
}

void DesktopApp::tellNoKeyring()
{
    qCInfo(lcClient) << "no keyring service runs: the session is not kept";
    if (m_settings.noKeyringTold)
        return;
    m_settings.noKeyringTold = true;
    m_settings.save();
    auto *box = new QMessageBox(QMessageBox::Information, tr("Stay signed in"),
                                tr("No keyring is running, so you'll be asked for your password "
                                   "next time."),
                                QMessageBox::Ok, m_window.get());
    box->setObjectName(QStringLiteral("noKeyringNotice"));
    box->setInformativeText(tr("SmartFixer keeps sign-ins only in the system keyring (such as "
                               "GNOME Keyring or KWallet), never in a plain file."));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void DesktopApp::onSignInFailed(const ClientError &error)
{
    if (!m_savedTokenInUse)
        return; // the sign-in dialog shows its own errors
    m_savedTokenInUse = false; // REST and the socket may both report it: act once
    if (error.kind == ErrorKind::Unauthorized) {
        sessionRefused();
        return;
    }
    // A certificate problem: the dialog explains it and offers to trust a LAN host.
    showLogin(signInErrorText(error, m_backend->serverUrl()));
}

void DesktopApp::sessionRefused()
{
    m_savedTokenInUse = false;
    qCInfo(lcClient) << "the server refused the session token; forgetting it";
    m_keychain->remove(m_settings.serverUrl, m_settings.username,
                       [this](const Result<QString> &) { Q_EMIT keychainSettled(); });
    m_backend->session()->disconnectFromServer(); // no reconnect loop with a dead token
    showLogin(tr("Your sign-in is no longer valid (it expired, or it was ended on another "
                 "device or by the server's administrator). Please sign in again."));
}

void DesktopApp::signOut()
{
    m_savedTokenInUse = false;
    m_backend->signOut(); // revokes the token on the server
    if (!m_demo && !m_server) {
        m_keychain->remove(m_settings.serverUrl, m_settings.username,
                           [this](const Result<QString> &) { Q_EMIT keychainSettled(); });
        showLogin();
        return;
    }
    m_window->setSignedOut(true);
}

void DesktopApp::signInAgain()
{
    if (!m_server) {
        showLogin();
        return;
    }
    // Hosting or the demo: the embedded server's own account, without a password.
    const auto account = signInLocally(m_server.get(), m_localName);
    if (!account) {
        m_window->statusBar()->showMessage(account.error(), 15000);
        return;
    }
    m_backend->signInWithToken(account->token);
}

} // namespace SmartFixer::Ui
