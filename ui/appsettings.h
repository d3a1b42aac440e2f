#pragma once
// AppSettings: the desktop app's preferences over QSettings (server, user, idle threshold,
// language, start minimised, LAN hosting), with defaults in one place.
#include <QHostAddress>
#include <QString>
#include <QUrl>

namespace SmartFixer::Ui {

struct AppSettings
{
    QUrl serverUrl = QUrl(QStringLiteral("http://127.0.0.1:8765"));
    QString username;
    int idleMinutes = 5; // min without input before we stop reporting activity
    QString language; //!< "" = system, else "en", "de", "es", "ru"
    QString theme; //!< "" = the desktop's palette, "light", "dark"
    bool startMinimised = false;
    bool lanHosting = false;
    QString lanAddress = QStringLiteral("0.0.0.0"); //!< address the hosted server listens on
    quint16 lanPort = 8765;
    QString lanDatabase; //!< empty = <AppData>/host.sqlite
    //! "Stay signed in" in the sign-in dialog: keep the session token in the keychain. On by
    //! default, as in most chat apps; the user's last choice is remembered.
    bool staySignedIn = true;
    //! The user was told once that no keyring runs (so the token could not be kept).
    bool noKeyringTold = false;

    static AppSettings load();
    void save() const;
};

//! Addresses the user can host on: every up, non-loopback IPv4/IPv6 address of this machine,
//! then 0.0.0.0 (all) and 127.0.0.1 (this machine only).
QList<QHostAddress> hostableAddresses();

} // namespace SmartFixer::Ui
