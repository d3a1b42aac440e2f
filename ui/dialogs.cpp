#include "dialogs.h"

#include "badgewidgets.h"
#include "certificatepins.h"
#include "chatbackend.h"
#include "elidedlabel.h"
#include "errortext.h"
#include "pinnedcertificatesbox.h"
#include "presencebadge.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSet>
#include <QSpinBox>
#include <QVBoxLayout>

namespace SmartFixer::Ui {

namespace {
QLabel *explanation(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    QFont f = label->font();
    f.setPointSizeF(f.pointSizeF() * 0.92);
    label->setFont(f);
    label->setContentsMargins(24, 0, 0, 6);
    return label;
}

//! The "last seen" part of the privacy dialog (DESIGN.md §10): exact or approximate.
void addLastSeenChoice(QDialog *dialog, QVBoxLayout *layout, QButtonGroup **group)
{
    auto *title
        = new QLabel(PrivacyDialog::tr("What do others see when you are not online?"), dialog);
    title->setWordWrap(true);
    title->setContentsMargins(0, 8, 0, 0);
    layout->addWidget(title);
    *group = new QButtonGroup(dialog);
    struct Choice
    {
        LastSeenPrecision value;
        QString label;
        QString text;
        QString name;
    };
    const QList<Choice> choices{
        {LastSeenPrecision::Exact, PrivacyDialog::tr("E&xact time"),
         PrivacyDialog::tr("Others see when you were last active, e.g. \"Last seen today at "
                           "14:30\"."),
         QStringLiteral("lastSeenExact")},
        {LastSeenPrecision::Approximate, PrivacyDialog::tr("A&pproximate"),
         PrivacyDialog::tr("Others see only \"Last seen recently\", \"within a week\", "
                           "\"within a month\" or \"a long time ago\", never the time."),
         QStringLiteral("lastSeenApproximate")},
    };
    for (const Choice &c : choices) {
        auto *radio = new QRadioButton(c.label, dialog);
        radio->setObjectName(c.name);
        radio->setAccessibleDescription(c.text);
        (*group)->addButton(radio, int(c.value));
        layout->addWidget(radio);
        layout->addWidget(explanation(c.text, dialog));
    }
    (*group)->button(int(LastSeenPrecision::Exact))->setChecked(true);
}

} // namespace

// --- LoginDialog --------------------------------------------------------------------------

LoginDialog::LoginDialog(ChatBackend *backend, const QString &username, QWidget *parent)
    : QDialog(parent), m_backend(backend)
{
    setWindowTitle(tr("Sign in to SmartFixer"));
    setMinimumWidth(420);
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_server = new QLineEdit(backend->serverUrl().toDisplayString(), this);
    m_server->setObjectName(QStringLiteral("loginServer"));
    m_server->setAccessibleName(tr("Server address"));
    m_server->setPlaceholderText(QStringLiteral("http://192.168.1.20:8765"));
    m_user = new QLineEdit(username, this);
    m_user->setObjectName(QStringLiteral("loginUser"));
    m_user->setAccessibleName(tr("User name"));
    m_user->setMaxLength(64);
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("loginPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setAccessibleName(tr("Password"));
    m_password->setMaxLength(1024); // the server's limit
    form->addRow(tr("Se&rver:"), m_server);
    form->addRow(tr("&User name:"), m_user);
    form->addRow(tr("&Password:"), m_password);
    layout->addLayout(form);
    m_stay = new QCheckBox(tr("S&tay signed in"), this);
    m_stay->setObjectName(QStringLiteral("staySignedIn"));
    m_stay->setChecked(true);
    m_stay->setToolTip(tr("Keeps your sign-in in this computer's keyring, so SmartFixer signs "
                          "you in at start without asking for the password. Sign out forgets "
                          "it."));
    form->addRow(QString(), m_stay);

    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setObjectName(QStringLiteral("loginError"));
    m_error->setAccessibleName(tr("Sign-in error"));
    QPalette pal = m_error->palette();
    pal.setColor(QPalette::WindowText, QColor(0xd0, 0x30, 0x30));
    m_error->setPalette(pal);
    m_error->hide();
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_signIn = buttons->addButton(tr("&Sign in"), QDialogButtonBox::AcceptRole);
    m_signIn->setDefault(true);
    m_create = buttons->addButton(tr("&Create account"), QDialogButtonBox::ActionRole);
    m_create->setToolTip(tr("Create this account on the server (only where the server allows "
                            "it, e.g. a LAN host)."));
    connect(m_create, &QPushButton::clicked, this, &LoginDialog::createAccount);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_signIn, &QPushButton::clicked, this, &LoginDialog::submit);

    connect(backend, &ChatBackend::signedIn, this, &QDialog::accept);
    connect(backend, &ChatBackend::signInFailed, this, [this](const ClientError &error) {
        // Only our own attempts: a kept token refused at start reports through the app (which
        // opened us with its own message), and may report twice (REST and socket).
        if (!m_attempting)
            return;
        m_attempting = false;
        showError(signInErrorText(error, m_backend->serverUrl()));
        m_signIn->setEnabled(true);
        m_create->setEnabled(true);
        if (const TlsFailure tls = m_backend->lastTlsFailure(); !tls.isNull()) {
            handleCertificate(tls);
            return;
        }
        if (error.kind == ErrorKind::Unavailable || error.kind == ErrorKind::Protocol) {
            m_server->selectAll();
            m_server->setFocus();
        } else if (error.kind == ErrorKind::Conflict) {
            m_user->selectAll();
            m_user->setFocus();
        } else {
            m_password->selectAll();
            m_password->setFocus();
        }
    });
    (username.isEmpty() ? m_user : m_password)->setFocus();
}

QString LoginDialog::username() const
{
    return m_user->text().trimmed();
}

bool LoginDialog::staySignedIn() const
{
    return m_stay->isChecked();
}

void LoginDialog::setStaySignedIn(bool on)
{
    m_stay->setChecked(on);
}

QUrl LoginDialog::serverUrl() const
{
    return m_backend->serverUrl();
}

void LoginDialog::showError(const QString &text)
{
    m_error->setText(text);
    m_error->show();
}

bool LoginDialog::applyServer()
{
    const ServerUrlCheck check = checkServerUrl(m_server->text());
    if (!check.ok()) {
        showError(serverUrlErrorText(check));
        m_server->setFocus();
        return false;
    }
    m_backend->setServerUrl(check.url);
    return true;
}

void LoginDialog::submit()
{
    m_creating = false;
    if (!applyServer())
        return;
    if (username().isEmpty()) {
        showError(tr("Please enter your user name."));
        m_user->setFocus();
        return;
    }
    showError(tr("Signing in…"));
    m_signIn->setEnabled(false);
    m_create->setEnabled(false);
    m_attempting = true;
    m_backend->signIn(username(), m_password->text());
}

void LoginDialog::handleCertificate(const TlsFailure &tls)
{
    const QUrl server = m_backend->serverUrl();
    const QString where = CertificatePins::key(server);
    const QString pinned = CertificatePins::pinned(server);
    m_server->selectAll();
    m_server->setFocus();
    if (!tls.onlyUntrusted()) {
        // Expired, revoked, …: nothing a user should wave through.
        showError(certificateErrorText(tls));
        return;
    }
    if ((!pinned.isEmpty() && pinned != tls.fingerprint())
        || tls.has(CertificateProblem::ChangedPin)) {
        // Loud, and no way to accept it here: a changed certificate is what an attacker in
        // the middle shows. The user must forget the old one on purpose (Preferences).
        const QString text
            = tr("WARNING: the certificate of %1 has CHANGED since you trusted it.\n\n"
                 "Trusted:  %2\nNow:      %3\n\n"
                 "Someone may be intercepting the connection. SmartFixer refuses to connect. "
                 "If the host really made a new certificate, ask its owner to confirm the new "
                 "fingerprint.")
                  .arg(where, pinned.isEmpty() ? tls.pinnedFingerprint : pinned, tls.fingerprint());
        showError(tr("Refused: the certificate of %1 has changed.").arg(where));
        auto *box = new QMessageBox(QMessageBox::Critical, tr("Certificate changed"), text,
                                    QMessageBox::Close, this);
        box->setObjectName(QStringLiteral("certificateChanged"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return;
    }
    const QString text
        = tr("%1 shows a certificate that no authority this computer trusts has signed (normal "
             "for a SmartFixer LAN host).\n\nCompare its SHA-256 fingerprint with the one the "
             "host's window shows:\n\n%2\n\nTrust this certificate for %1 from now on?")
              .arg(where, tls.fingerprint());
    auto *box = new QMessageBox(QMessageBox::Question, tr("Trust this server?"), text,
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("trustCertificate"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *trust = box->addButton(tr("&Trust"), QMessageBox::AcceptRole);
    trust->setObjectName(QStringLiteral("trustButton"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel); // trusting takes a deliberate click
    const QString fingerprint = tls.fingerprint();
    connect(box, &QMessageBox::buttonClicked, this, [this, trust, fingerprint](QAbstractButton *b) {
        if (b != trust)
            return;
        m_backend->trustCertificate(fingerprint);
        if (m_creating)
            createAccount();
        else
            submit();
    });
    box->open();
}

void LoginDialog::createAccount()
{
    m_creating = true;
    if (!applyServer())
        return;
    if (username().isEmpty() || m_password->text().isEmpty()) {
        showError(tr("Choose a user name and a password first."));
        return;
    }
    showError(tr("Creating the account…"));
    m_signIn->setEnabled(false);
    m_create->setEnabled(false);
    m_attempting = true;
    m_backend->registerAccount(username(), m_password->text(), username());
}

// --- ProfileDialog ------------------------------------------------------------------------

ProfileDialog::ProfileDialog(ChatBackend *backend, const ContactEntry &contact, QWidget *parent)
    : QDialog(parent), m_id(contact.id)
{
    const QString name = contact.displayName.isEmpty() ? contact.username : contact.displayName;
    setWindowTitle(tr("Profile of %1").arg(name));
    setMinimumWidth(380);
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    auto *avatar = new AvatarWidget(72, this);
    avatar->setUser(contact.id, name);
    top->addWidget(avatar);
    auto *names = new QVBoxLayout;
    auto *nameLabel = new ElidedLabel(this);
    nameLabel->setObjectName(QStringLiteral("profileName"));
    QFont f = nameLabel->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.3);
    nameLabel->setFont(f);
    nameLabel->setFullText(name);
    nameLabel->setAccessibleName(tr("Name"));
    names->addWidget(nameLabel);
    auto *user = new ElidedLabel(this);
    user->setFullText(QStringLiteral("@") + contact.username);
    user->setAccessibleName(tr("User name"));
    names->addWidget(user);
    auto *row = new QHBoxLayout;
    m_badge = new PresenceBadgeWidget(18, this);
    row->addWidget(m_badge);
    m_state = new QLabel(this);
    row->addWidget(m_state);
    row->addStretch(1);
    names->addLayout(row);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("profileStatus"));
    m_status->setAccessibleName(tr("Presence"));
    names->addWidget(m_status);
    // The status message: the whole text, wrapped (a profile has the room; at most 100
    // characters).
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("profileStatusMessage"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setAccessibleName(tr("Status message"));
    QFont messageFont = m_message->font();
    messageFont.setItalic(true);
    m_message->setFont(messageFont);
    m_message->hide();
    names->addWidget(m_message);
    top->addLayout(names, 1);
    layout->addLayout(top);
    layout->addWidget(explanation(
        tr("The status updates live while this page is open. \"Active\" means the person used "
           "SmartFixer within the last few minutes but is not connected now."),
        this));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    showPresence(backend->presence(contact.id).value_or(contact.presence));
    connect(backend, &ChatBackend::presenceChanged, this, [this](const PresenceInfo &info) {
        if (info.userId == m_id)
            showPresence(info);
    });
}

void ProfileDialog::showPresence(const PresenceInfo &info)
{
    const Availability availability = PresenceBadge::availabilityOf(info);
    m_badge->setPresence(info.state, info.status, availability);
    const QString state = PresenceBadge::stateLabel(info.state);
    m_status->setText(info.status);
    // "Online" twice says nothing; the detailed text shows when it adds something.
    m_status->setVisible(info.status.compare(state, Qt::CaseInsensitive) != 0);
    m_state->setText(availability == Availability::Dnd
                         ? tr("%1 · %2").arg(state, PresenceBadge::availabilityLabel(availability))
                         : state);
    const QString message = info.statusMessage.value_or(QString());
    m_message->setText(message);
    m_message->setAccessibleDescription(message);
    m_message->setToolTip(message);
    m_message->setVisible(!message.isEmpty());
}

// --- PrivacyDialog ------------------------------------------------------------------------

PrivacyDialog::PrivacyDialog(Visibility current, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Privacy"));
    setMinimumWidth(420);
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Who may see whether you are online and when you were last "
                                "active?"),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_group = new QButtonGroup(this);
    struct Choice
    {
        Visibility value;
        QString label;
        QString text;
    };
    const QList<Choice> choices{
        {Visibility::Everyone, tr("&Everyone"),
         tr("Every signed-in user of this server sees your status and last activity.")},
        {Visibility::Contacts, tr("&My contacts"),
         tr("Only people on your contact list see your status; everyone else sees \"Presence "
            "hidden\".")},
        {Visibility::Nobody, tr("&Nobody"),
         tr("No one sees your status or when you were last active; you still see your own.")},
    };
    for (const Choice &c : choices) {
        auto *radio = new QRadioButton(c.label, this);
        radio->setAccessibleDescription(c.text);
        m_group->addButton(radio, int(c.value));
        layout->addWidget(radio);
        layout->addWidget(explanation(c.text, this));
    }
    setVisibility(current);
    addLastSeenChoice(this, layout, &m_lastSeen);
    m_readReceipts = new QCheckBox(tr("Send &read receipts"), this);
    m_readReceipts->setObjectName(QStringLiteral("readReceipts"));
    m_readReceipts->setChecked(true);
    layout->addWidget(m_readReceipts);
    layout->addWidget(explanation(tr("When off, nobody sees when you read their messages, and "
                                     "you do not see when others read yours."),
                                  this));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

LastSeenPrecision PrivacyDialog::lastSeen() const
{
    return LastSeenPrecision(m_lastSeen->checkedId());
}

void PrivacyDialog::setLastSeen(LastSeenPrecision precision)
{
    if (auto *b = m_lastSeen->button(int(precision)))
        b->setChecked(true);
}

bool PrivacyDialog::readReceipts() const
{
    return m_readReceipts->isChecked();
}

void PrivacyDialog::setReadReceipts(bool on)
{
    m_readReceipts->setChecked(on);
}

Visibility PrivacyDialog::visibility() const
{
    return Visibility(m_group->checkedId());
}

void PrivacyDialog::setVisibility(Visibility visibility)
{
    if (auto *b = m_group->button(int(visibility)))
        b->setChecked(true);
}

// --- PreferencesDialog --------------------------------------------------------------------

PreferencesDialog::PreferencesDialog(const AppSettings &settings, QWidget *parent)
    : QDialog(parent), m_settings(settings)
{
    setWindowTitle(tr("Preferences"));
    setMinimumWidth(460);
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_server = new QLineEdit(settings.serverUrl.toString(), this);
    m_server->setAccessibleName(tr("Server address"));
    m_server->setPlaceholderText(QStringLiteral("http://192.168.1.20:8765"));
    form->addRow(tr("&Server:"), m_server);
    m_idle = new QSpinBox(this);
    m_idle->setRange(1, 120);
    m_idle->setValue(settings.idleMinutes);
    m_idle->setSuffix(tr(" min"));
    m_idle->setAccessibleName(tr("Idle threshold in minutes"));
    m_idle->setToolTip(tr("After this long without keyboard or mouse input you stop counting "
                          "as active."));
    form->addRow(tr("&Idle after:"), m_idle);
    m_language = new QComboBox(this);
    m_language->setAccessibleName(tr("Language"));
    m_language->addItem(tr("System default"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->addItem(QStringLiteral("Español"), QStringLiteral("es"));
    m_language->addItem(QStringLiteral("Русский"), QStringLiteral("ru"));
    m_language->setCurrentIndex(qMax(0, m_language->findData(settings.language)));
    form->addRow(tr("&Language:"), m_language);
    m_theme = new QComboBox(this);
    m_theme->setAccessibleName(tr("Colour theme"));
    m_theme->addItem(tr("Desktop default"), QString());
    m_theme->addItem(tr("Light"), QStringLiteral("light"));
    m_theme->addItem(tr("Dark"), QStringLiteral("dark"));
    m_theme->setCurrentIndex(qMax(0, m_theme->findData(settings.theme)));
    form->addRow(tr("&Theme:"), m_theme);
    m_startMinimised = new QCheckBox(tr("Start &minimised to the tray"), this);
    m_startMinimised->setChecked(settings.startMinimised);
    form->addRow(QString(), m_startMinimised);
    layout->addLayout(form);

    m_lan = new QGroupBox(tr("&Host a server for the local network"), this);
    m_lan->setCheckable(true);
    m_lan->setChecked(settings.lanHosting);
    m_lan->setAccessibleName(tr("LAN hosting"));
    auto *lanForm = new QFormLayout(m_lan);
    lanForm->addRow(explanation(tr("Runs the presence server inside this app, so people on your "
                                   "network can sign in here without any cloud server."),
                                m_lan));
    m_lanAddress = new QComboBox(m_lan);
    m_lanAddress->setEditable(true);
    m_lanAddress->setAccessibleName(tr("Listen address"));
    const QList<QHostAddress> addresses = hostableAddresses();
    for (const QHostAddress &a : addresses) {
        QString label = a.toString();
        if (a == QHostAddress(QHostAddress::AnyIPv4))
            label = tr("%1 (all networks)").arg(label);
        else if (a.isLoopback())
            label = tr("%1 (this computer only)").arg(label);
        m_lanAddress->addItem(label, a.toString());
    }
    const int idx = m_lanAddress->findData(settings.lanAddress);
    if (idx >= 0)
        m_lanAddress->setCurrentIndex(idx);
    else
        m_lanAddress->setEditText(settings.lanAddress);
    lanForm->addRow(tr("Listen &on:"), m_lanAddress);
    m_lanPort = new QSpinBox(m_lan);
    m_lanPort->setRange(1, 65535);
    m_lanPort->setValue(settings.lanPort);
    m_lanPort->setAccessibleName(tr("Port"));
    lanForm->addRow(tr("P&ort:"), m_lanPort);
    layout->addWidget(m_lan);
    layout->addWidget(new PinnedCertificatesBox(this)); // forget a pinned certificate (§11)
    layout->addWidget(explanation(tr("A new language applies after a restart."), this));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

AppSettings PreferencesDialog::settings() const
{
    AppSettings s = m_settings;
    const QUrl url = QUrl::fromUserInput(m_server->text().trimmed());
    if (url.isValid())
        s.serverUrl = url;
    s.idleMinutes = m_idle->value();
    s.language = m_language->currentData().toString();
    s.theme = m_theme->currentData().toString();
    s.startMinimised = m_startMinimised->isChecked();
    s.lanHosting = m_lan->isChecked();
    const QString typed = m_lanAddress->currentText();
    const int idx = m_lanAddress->findText(typed);
    s.lanAddress = idx >= 0 ? m_lanAddress->itemData(idx).toString() : typed.trimmed();
    s.lanPort = quint16(m_lanPort->value());
    return s;
}

// --- AddContactDialog ---------------------------------------------------------------------

AddContactDialog::AddContactDialog(ChatBackend *backend, QWidget *parent)
    : QDialog(parent), m_backend(backend)
{
    setWindowTitle(tr("Add contact"));
    setMinimumSize(380, 360);
    auto *layout = new QVBoxLayout(this);
    m_query = new QLineEdit(this);
    m_query->setPlaceholderText(tr("Search by name or user name"));
    m_query->setAccessibleName(tr("Search the user directory"));
    m_query->setClearButtonEnabled(true);
    layout->addWidget(m_query);
    m_results = new QListWidget(this);
    m_results->setAccessibleName(tr("People found"));
    // Long names end in "…" (full name in the tooltip) instead of a sideways scrollbar.
    m_results->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_results->setTextElideMode(Qt::ElideRight);
    layout->addWidget(m_results, 1);
    m_hint = new QLabel(tr("Type at least one letter."), this);
    m_hint->setWordWrap(true);
    layout->addWidget(m_hint);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_add = buttons->addButton(tr("&Add"), QDialogButtonBox::ActionRole);
    m_add->setEnabled(false);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_add, &QPushButton::clicked, this, &AddContactDialog::addSelected);
    connect(m_results, &QListWidget::itemActivated, this, &AddContactDialog::addSelected);
    connect(m_results, &QListWidget::currentRowChanged, this, [this](int row) {
        const QListWidgetItem *item = row >= 0 ? m_results->item(row) : nullptr;
        m_add->setEnabled(item && (item->flags() & Qt::ItemIsEnabled));
    });

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(250); // ms after the last keystroke
    connect(m_query, &QLineEdit::textChanged, this, [this] { m_debounce.start(); });
    connect(&m_debounce, &QTimer::timeout, this, [this] {
        const QString q = m_query->text().trimmed();
        if (q.isEmpty()) {
            m_results->clear();
            m_hint->setText(tr("Type at least one letter."));
            return;
        }
        m_hint->setText(tr("Searching…"));
        m_backend->searchUsers(q);
    });
    connect(backend, &ChatBackend::usersFound, this, &AddContactDialog::showResults);
    setTabOrder(m_query, m_results);
}

void AddContactDialog::showResults(const QList<DirectoryEntry> &users)
{
    m_results->clear();
    QSet<UserId> mine;
    const QList<ContactEntry> contacts = m_backend->contacts();
    for (const ContactEntry &c : contacts)
        mine.insert(c.id);
    int addable = 0;
    for (const DirectoryEntry &u : users) {
        if (u.id == m_backend->selfId())
            continue;
        const QString name = u.displayName.isEmpty() ? u.username : u.displayName;
        const QString label
            = QString(name + QStringLiteral("  (@") + u.username + QLatin1Char(')'));
        auto *item = new QListWidgetItem(m_results);
        item->setData(Qt::UserRole, u.id);
        if (mine.contains(u.id) || m_added.contains(u.id)) {
            // Already on the list: shown (so the search makes sense), but not addable again.
            item->setText(tr("%1 — already a contact").arg(label));
            item->setFlags(item->flags() & ~(Qt::ItemIsEnabled | Qt::ItemIsSelectable));
        } else {
            item->setText(label);
            ++addable;
        }
        item->setToolTip(item->text());
    }
    if (m_results->count() == 0)
        m_hint->setText(tr("Nobody found."));
    else if (addable == 0)
        m_hint->setText(tr("Everyone found is already in your contacts."));
    else
        m_hint->setText(tr("%n person(s) found.", nullptr, int(m_results->count())));
    for (int row = 0; row < m_results->count(); ++row) {
        if (m_results->item(row)->flags() & Qt::ItemIsSelectable) {
            m_results->setCurrentRow(row);
            break;
        }
    }
    m_add->setEnabled(addable > 0);
}

void AddContactDialog::addSelected()
{
    QListWidgetItem *item = m_results->currentItem();
    if (!item || !(item->flags() & Qt::ItemIsEnabled))
        return;
    const UserId id = item->data(Qt::UserRole).toLongLong();
    m_backend->addContact(id);
    m_added.insert(id);
    // Stay open: adding several people is common; say what happened.
    m_hint->setText(tr("Added %1. Add more, or close this window.").arg(item->text()));
    item->setText(tr("%1 — added").arg(item->text()));
    item->setFlags(item->flags() & ~(Qt::ItemIsEnabled | Qt::ItemIsSelectable));
    m_add->setEnabled(false);
}

} // namespace SmartFixer::Ui
