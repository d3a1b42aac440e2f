#include "foundservers.h"

#include "dialogs.h"
#include "discovery/browser.h"

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

namespace SmartFixer::Ui {

namespace {
constexpr int ServiceNameRole = Qt::UserRole;
constexpr int UrlRole = Qt::UserRole + 1;
} // namespace

FoundServersList::FoundServersList(Discovery::Browser *browser, QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("foundServers"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *title = new QLabel(tr("Servers on this network:"), this);
    layout->addWidget(title);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("foundServerList"));
    m_list->setAccessibleName(tr("Servers found on this network"));
    m_list->setMaximumHeight(110);
    m_list->setUniformItemSizes(true);
    title->setBuddy(m_list);
    layout->addWidget(m_list);
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("foundServerHint"));
    m_hint->setWordWrap(true);
    m_hint->setTextFormat(Qt::PlainText);
    layout->addWidget(m_hint);

    connect(m_list, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { Q_EMIT chosen(item->data(UrlRole).toUrl()); });
    connect(m_list, &QListWidget::itemClicked, this,
            [this](QListWidgetItem *item) { Q_EMIT chosen(item->data(UrlRole).toUrl()); });
    connect(browser, &Discovery::Browser::serverAdded, this, &FoundServersList::add);
    connect(browser, &Discovery::Browser::serverChanged, this, &FoundServersList::change);
    connect(browser, &Discovery::Browser::serverRemoved, this, &FoundServersList::remove);
    connect(browser, &Discovery::Browser::unavailable, this, [this](const QString &reason) {
        m_unavailable = reason;
        updateHint();
    });
    for (const FoundServer &s : browser->servers())
        add(s);
    updateHint();
}

QString FoundServersList::label(const FoundServer &server)
{
    // Name and where it is: two servers may carry the same name= (their instance names
    // differ, e.g. "Lab #2"), so the address tells them apart. The padlock says TLS in text too.
    const QString where = server.address.toString() + u':' + QString::number(server.port);
    QString text = server.name == server.serviceName || server.serviceName.isEmpty()
        ? server.name
        : tr("%1 (%2)").arg(server.name, server.serviceName);
    text += QStringLiteral(" — ") + where;
    if (server.tls)
        text += QStringLiteral(" 🔒 ") + tr("encrypted");
    return text;
}

QListWidgetItem *FoundServersList::itemFor(const QString &serviceName) const
{
    for (int i = 0; i < m_list->count(); ++i) {
        if (m_list->item(i)->data(ServiceNameRole).toString() == serviceName)
            return m_list->item(i);
    }
    return nullptr;
}

void FoundServersList::add(const FoundServer &server)
{
    if (itemFor(server.serviceName)) {
        change(server);
        return;
    }
    auto *item = new QListWidgetItem(label(server), m_list);
    item->setData(ServiceNameRole, server.serviceName);
    item->setData(UrlRole, server.url());
    item->setToolTip(server.url().toDisplayString());
    m_unavailable.clear();
    updateHint();
}

void FoundServersList::change(const FoundServer &server)
{
    QListWidgetItem *item = itemFor(server.serviceName);
    if (!item)
        return add(server);
    item->setText(label(server));
    item->setData(UrlRole, server.url());
    item->setToolTip(server.url().toDisplayString());
}

void FoundServersList::remove(const FoundServer &server)
{
    delete itemFor(server.serviceName);
    updateHint();
}

void FoundServersList::updateHint()
{
    if (m_list->count() > 0)
        m_hint->setText(tr("Choose one to fill in its address, or type an address below."));
    else if (!m_unavailable.isEmpty())
        m_hint->setText(tr("Cannot look for servers on this network (%1). Type the address "
                           "below.")
                            .arg(m_unavailable));
    else
        m_hint->setText(tr("Looking for servers… none found yet. You can type the address "
                           "below."));
}

// --- LoginDialog's part -------------------------------------------------------------------

FoundServersList *LoginDialog::showFoundServers(Discovery::Browser *browser)
{
    auto *found = new FoundServersList(browser, this);
    // Above the address field: picking a server is the first step, typing one the fallback.
    static_cast<QVBoxLayout *>(layout())->insertWidget(0, found);
    connect(found, &FoundServersList::chosen, this, [this](const QUrl &server) {
        m_server->setText(server.toDisplayString());
        (m_user->text().isEmpty() ? m_user : m_password)->setFocus();
    });
    return found;
}

} // namespace SmartFixer::Ui
