#include "announcer.h"

#include "avahiclient_p.h"
#include "core/logging.h"

#include <QNetworkInterface>

#include <avahi-client/publish.h>
#include <avahi-common/alternative.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-common/strlst.h>

namespace SmartFixer::Discovery {

struct Announcer::Private
{
    Announcer *q = nullptr;
    ServiceAnnouncement announcement;
    AvahiConnection connection;
    AvahiEntryGroup *group = nullptr;
    QByteArray name; //!< UTF-8 instance name now tried (changes after a clash)
    QString announced;

    static void onGroup(AvahiEntryGroup *g, AvahiEntryGroupState state, void *self);
    void publish();
    void collide();
    //! Avahi's interface index and protocol for announcement.onlyAddress.
    AvahiIfIndex interfaceIndex() const;
    AvahiProtocol protocol() const;
};

AvahiIfIndex Announcer::Private::interfaceIndex() const
{
    const QHostAddress &only = announcement.onlyAddress;
    if (only.isNull() || only == QHostAddress(QHostAddress::AnyIPv4)
        || only == QHostAddress(QHostAddress::AnyIPv6) || only == QHostAddress(QHostAddress::Any))
        return AVAHI_IF_UNSPEC;
    const QList<QNetworkInterface> all = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &i : all) {
        for (const QNetworkAddressEntry &e : i.addressEntries()) {
            if (e.ip().isEqual(only, QHostAddress::StrictConversion))
                return AvahiIfIndex(i.index());
        }
    }
    return AVAHI_IF_UNSPEC; // not a local address after all: let the daemon choose
}

AvahiProtocol Announcer::Private::protocol() const
{
    const QHostAddress &only = announcement.onlyAddress;
    // A server on 0.0.0.0 (or one IPv4 address) is not reachable over IPv6: announcing there
    // would hand browsers an IPv6 address that refuses the connection.
    if (only.protocol() == QAbstractSocket::IPv4Protocol)
        return AVAHI_PROTO_INET;
    if (only.protocol() == QAbstractSocket::IPv6Protocol
        && only != QHostAddress(QHostAddress::AnyIPv6) && only != QHostAddress(QHostAddress::Any))
        return AVAHI_PROTO_INET6;
    return AVAHI_PROTO_UNSPEC;
}

void Announcer::Private::onGroup(AvahiEntryGroup *g, AvahiEntryGroupState state, void *self)
{
    auto *d = static_cast<Private *>(self);
    if (g != d->group)
        return; // the first call comes from inside avahi_entry_group_new()
    switch (state) {
    case AVAHI_ENTRY_GROUP_ESTABLISHED:
        d->announced = QString::fromUtf8(d->name);
        Q_EMIT d->q->announced(d->announced);
        break;
    case AVAHI_ENTRY_GROUP_COLLISION:
        d->collide();
        break;
    case AVAHI_ENTRY_GROUP_FAILURE:
        Q_EMIT d->q->unavailable(
            QStringLiteral("avahi-daemon refused the announcement: %1")
                .arg(avahiError(avahi_client_errno(avahi_entry_group_get_client(g)))));
        break;
    case AVAHI_ENTRY_GROUP_UNCOMMITED:
    case AVAHI_ENTRY_GROUP_REGISTERING:
        break;
    }
}

void Announcer::Private::collide()
{
    const QString was = QString::fromUtf8(name);
    char *next = avahi_alternative_service_name(name.constData()); // "Name" -> "Name #2"
    name = QByteArray(next);
    avahi_free(next);
    announced.clear();
    Q_EMIT q->nameCollision(was, QString::fromUtf8(name));
    if (group)
        avahi_entry_group_reset(group);
    publish();
}

void Announcer::Private::publish()
{
    AvahiClient *client = connection.client();
    if (!client)
        return; // running() calls again
    if (!group) {
        group = avahi_entry_group_new(client, &Private::onGroup, this);
        if (!group) {
            Q_EMIT q->unavailable(QStringLiteral("cannot create an Avahi entry group: %1")
                                      .arg(avahiError(avahi_client_errno(client))));
            return;
        }
    }
    AvahiStringList *txt = nullptr;
    const QList<QByteArray> record = txtRecord(announcement);
    for (auto it = record.crbegin(); it != record.crend(); ++it) // prepend: keep the order
        txt = avahi_string_list_add_arbitrary(
            txt, reinterpret_cast<const uint8_t *>(it->constData()), size_t(it->size()));
    int rc = avahi_entry_group_add_service_strlst(
        group, interfaceIndex(), protocol(), AvahiPublishFlags(0), name.constData(), ServiceType,
        nullptr, nullptr, announcement.port, txt);
    avahi_string_list_free(txt);
    if (rc == AVAHI_ERR_COLLISION) {
        collide(); // a local service has the name already
        return;
    }
    if (rc >= 0)
        rc = avahi_entry_group_commit(group);
    if (rc < 0)
        Q_EMIT q->unavailable(
            QStringLiteral("avahi-daemon refused the announcement: %1").arg(avahiError(rc)));
}

Announcer::Announcer(const ServiceAnnouncement &announcement, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>())
{
    d->q = this;
    d->announcement = announcement;
    d->name = announcement.name.toUtf8();
    connect(&d->connection, &AvahiConnection::running, this, [this] { d->publish(); });
    connect(&d->connection, &AvahiConnection::reset, this, [this](bool clientFreed) {
        if (clientFreed)
            d->group = nullptr; // freed with the client
        else if (d->group)
            avahi_entry_group_reset(d->group); // added again on running()
        d->announced.clear();
    });
    connect(&d->connection, &AvahiConnection::unavailable, this, &Announcer::unavailable);
}

Announcer::~Announcer()
{
    if (d->group)
        avahi_entry_group_free(d->group); // withdraws at once (goodbye packets)
    d->group = nullptr;
}

void Announcer::start()
{
    d->connection.start(); // publishes on running()
}

QString Announcer::announcedName() const
{
    return d->announced;
}

const ServiceAnnouncement &Announcer::announcement() const
{
    return d->announcement;
}

} // namespace SmartFixer::Discovery

namespace SmartFixer::Discovery {

bool listensBeyondLoopback(const QHostAddress &address)
{
    return !address.isNull() && !address.isLoopback();
}

std::unique_ptr<Announcer> announceServer(const QHostAddress &listen, quint16 port, bool tls,
                                          const QString &name, QObject *parent)
{
    if (!listensBeyondLoopback(listen))
        return nullptr;
    ServiceAnnouncement a;
    a.name = name;
    a.port = port;
    a.tls = tls;
    a.onlyAddress = listen;
    auto announcer = std::make_unique<Announcer>(a, parent);
    QObject::connect(announcer.get(), &Announcer::announced, announcer.get(),
                     [port](const QString &n) {
                         qCInfo(lcServer).noquote() << "DNS-SD: announced as" << n
                                                    << "(_smartfixer._tcp, port" << port << ")";
                     });
    QObject::connect(announcer.get(), &Announcer::nameCollision, announcer.get(),
                     [](const QString &was, const QString &next) {
                         qCInfo(lcServer).noquote()
                             << "DNS-SD: the name" << was << "is taken on the LAN; trying" << next;
                     });
    QObject::connect(announcer.get(), &Announcer::unavailable, announcer.get(),
                     [](const QString &reason) {
                         qCWarning(lcServer).noquote()
                             << "DNS-SD:" << reason
                             << "- this server is not announced on the LAN (it runs on; "
                                "--no-announce turns announcing off)";
                     });
    announcer->start();
    return announcer;
}

} // namespace SmartFixer::Discovery
