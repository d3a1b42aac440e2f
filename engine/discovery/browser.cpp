#include "browser.h"

#include "avahiclient_p.h"
#include "core/logging.h"

#include <QNetworkInterface>

#include <avahi-client/lookup.h>
#include <avahi-common/address.h>
#include <avahi-common/error.h>
#include <avahi-common/strlst.h>

#include <algorithm>
#include <compare>
#include <map>
#include <optional>
#include <vector>

namespace SmartFixer::Discovery {

namespace {
//! One announcement as seen on one interface over one IP protocol.
struct InstanceKey
{
    AvahiIfIndex interface;
    AvahiProtocol protocol;
    auto operator<=>(const InstanceKey &) const = default;
};
constexpr int MaxInstancesPerServer = 16; // interfaces x {IPv4, IPv6}
} // namespace

struct Browser::Private
{
    struct Instance
    {
        AvahiServiceResolver *resolver = nullptr;
        std::optional<FoundServer> found; //!< resolved and valid
    };
    struct Entry
    {
        QByteArray serviceName; // UTF-8, as on the wire
        QByteArray domain;
        std::map<InstanceKey, Instance> instances;
        std::optional<FoundServer> shown; //!< what servers() reports (IPv4 preferred)
        quint64 order = 0;
    };

    Browser *q = nullptr;
    AvahiConnection connection;
    AvahiServiceBrowser *browser = nullptr;
    std::map<std::pair<QByteArray, QByteArray>, Entry> entries; // (name, domain)
    int maxServers = 64;
    quint64 nextOrder = 0;
    bool saidFull = false;

    static void onBrowse(AvahiServiceBrowser *b, AvahiIfIndex interface, AvahiProtocol protocol,
                         AvahiBrowserEvent event, const char *name, const char *type,
                         const char *domain, AvahiLookupResultFlags flags, void *self);
    static void onResolve(AvahiServiceResolver *r, AvahiIfIndex interface, AvahiProtocol protocol,
                          AvahiResolverEvent event, const char *name, const char *type,
                          const char *domain, const char *hostName, const AvahiAddress *address,
                          uint16_t port, AvahiStringList *txt, AvahiLookupResultFlags flags,
                          void *self);
    void browse();
    void add(AvahiIfIndex interface, AvahiProtocol protocol, const QByteArray &name,
             const QByteArray &domain);
    void remove(AvahiIfIndex interface, AvahiProtocol protocol, const QByteArray &name,
                const QByteArray &domain);
    void refresh(Entry &entry);
    void clear(bool clientFreed);
};

void Browser::Private::browse()
{
    AvahiClient *client = connection.client();
    if (!client || browser)
        return;
    browser = avahi_service_browser_new(client, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC, ServiceType,
                                        nullptr, AvahiLookupFlags(0), &Private::onBrowse, this);
    if (!browser)
        Q_EMIT q->unavailable(
            QStringLiteral("cannot browse for %1: %2")
                .arg(QLatin1String(ServiceType), avahiError(avahi_client_errno(client))));
}

void Browser::Private::onBrowse(AvahiServiceBrowser *b, AvahiIfIndex interface,
                                AvahiProtocol protocol, AvahiBrowserEvent event, const char *name,
                                const char *, const char *domain, AvahiLookupResultFlags,
                                void *self)
{
    auto *d = static_cast<Private *>(self);
    if (d->browser && b != d->browser)
        return;
    switch (event) {
    case AVAHI_BROWSER_NEW:
        d->add(interface, protocol, QByteArray(name), QByteArray(domain));
        break;
    case AVAHI_BROWSER_REMOVE:
        d->remove(interface, protocol, QByteArray(name), QByteArray(domain));
        break;
    case AVAHI_BROWSER_FAILURE:
        qCWarning(lcClient).noquote()
            << "DNS-SD: browsing failed:"
            << avahiError(avahi_client_errno(avahi_service_browser_get_client(b)));
        break;
    case AVAHI_BROWSER_CACHE_EXHAUSTED:
    case AVAHI_BROWSER_ALL_FOR_NOW:
        break;
    }
}

void Browser::Private::add(AvahiIfIndex interface, AvahiProtocol protocol, const QByteArray &name,
                           const QByteArray &domain)
{
    const auto key = std::make_pair(name, domain);
    auto it = entries.find(key);
    if (it == entries.end()) {
        if (int(entries.size()) >= maxServers) {
            if (!saidFull) {
                saidFull = true;
                qCWarning(lcClient).noquote()
                    << "DNS-SD: more than" << maxServers << "servers announced; ignoring the rest";
            }
            return;
        }
        it = entries.emplace(key, Entry{name, domain, {}, std::nullopt, nextOrder++}).first;
    }
    Entry &entry = it->second;
    const InstanceKey ik{interface, protocol};
    if (entry.instances.count(ik) || int(entry.instances.size()) >= MaxInstancesPerServer)
        return;
    Instance &instance = entry.instances[ik];
    // The resolver stays: it reports again when the server changes its address or TXT record.
    // The address asked for is of the protocol the service was announced over: a server that
    // announces on IPv4 only (it listens on an IPv4 address) must not be shown by the host's
    // IPv6 link-local address, which Avahi would otherwise return when that record comes first.
    instance.resolver = avahi_service_resolver_new(
        connection.client(), interface, protocol, name.constData(), ServiceType, domain.constData(),
        protocol, AvahiLookupFlags(0), &Private::onResolve, this);
}

void Browser::Private::onResolve(AvahiServiceResolver *r, AvahiIfIndex interface,
                                 AvahiProtocol protocol, AvahiResolverEvent event, const char *name,
                                 const char *, const char *domain, const char *hostName,
                                 const AvahiAddress *address, uint16_t port, AvahiStringList *txt,
                                 AvahiLookupResultFlags, void *self)
{
    auto *d = static_cast<Private *>(self);
    const auto it = d->entries.find(std::make_pair(QByteArray(name), QByteArray(domain)));
    if (it == d->entries.end())
        return;
    Entry &entry = it->second;
    const auto inst = entry.instances.find(InstanceKey{interface, protocol});
    if (inst == entry.instances.end() || inst->second.resolver != r)
        return; // the first call can come from inside avahi_service_resolver_new()
    if (event != AVAHI_RESOLVER_FOUND) {
        // Timed out or failed: nothing to show for this instance (the browser reports REMOVE
        // when the service goes; a later announcement resolves again).
        inst->second.found.reset();
        d->refresh(entry);
        return;
    }
    char text[AVAHI_ADDRESS_STR_MAX] = {};
    avahi_address_snprint(text, sizeof text, address);
    QHostAddress host(QString::fromLatin1(text));
    if (host.protocol() == QAbstractSocket::IPv6Protocol && host.isLinkLocal())
        host.setScopeId(QNetworkInterface::interfaceNameFromIndex(interface));
    QList<QByteArray> entries;
    int count = 0;
    for (AvahiStringList *l = txt; l; l = avahi_string_list_get_next(l)) {
        if (++count > MaxTxtEntries + 1)
            break; // parseFoundServer() refuses it anyway; do not copy a huge record
        entries.append(QByteArray(reinterpret_cast<const char *>(avahi_string_list_get_text(l)),
                                  qsizetype(avahi_string_list_get_size(l))));
    }
    const auto found = parseFoundServer(QString::fromUtf8(name), QString::fromUtf8(hostName), host,
                                        port, entries);
    if (!found) {
        qCInfo(lcClient).noquote() << "DNS-SD: ignoring" << cleanServerText(QString::fromUtf8(name))
                                   << "-" << found.error();
        inst->second.found.reset();
    } else {
        inst->second.found = *found;
    }
    d->refresh(entry);
}

void Browser::Private::refresh(Entry &entry)
{
    // IPv4 first, then a routable IPv6 address, then a link-local one (it needs a scope and
    // works only on that link); among equals the first instance, so the choice is stable.
    const auto rank = [](const QHostAddress &a) {
        if (a.protocol() == QAbstractSocket::IPv4Protocol)
            return a.isLinkLocal() ? 1 : 0;
        return a.isLinkLocal() ? 3 : 2;
    };
    std::optional<FoundServer> best;
    for (const auto &[key, instance] : entry.instances) {
        if (instance.found && (!best || rank(instance.found->address) < rank(best->address)))
            best = instance.found;
    }
    if (best == entry.shown)
        return;
    const std::optional<FoundServer> was = entry.shown;
    entry.shown = best;
    if (!was)
        Q_EMIT q->serverAdded(*best);
    else if (!best)
        Q_EMIT q->serverRemoved(*was);
    else
        Q_EMIT q->serverChanged(*best);
}

void Browser::Private::remove(AvahiIfIndex interface, AvahiProtocol protocol,
                              const QByteArray &name, const QByteArray &domain)
{
    const auto it = entries.find(std::make_pair(name, domain));
    if (it == entries.end())
        return;
    Entry &entry = it->second;
    const auto inst = entry.instances.find(InstanceKey{interface, protocol});
    if (inst == entry.instances.end())
        return;
    if (inst->second.resolver)
        avahi_service_resolver_free(inst->second.resolver);
    entry.instances.erase(inst);
    refresh(entry);
    if (entry.instances.empty()) {
        entries.erase(it);
        saidFull = false;
    }
}

void Browser::Private::clear(bool clientFreed)
{
    std::vector<FoundServer> gone;
    for (auto &[key, entry] : entries) {
        for (auto &[ik, instance] : entry.instances) {
            if (!clientFreed && instance.resolver)
                avahi_service_resolver_free(instance.resolver);
        }
        if (entry.shown)
            gone.push_back(*entry.shown);
    }
    entries.clear();
    if (!clientFreed && browser)
        avahi_service_browser_free(browser);
    browser = nullptr;
    for (const FoundServer &s : gone)
        Q_EMIT q->serverRemoved(s);
}

Browser::Browser(QObject *parent) : QObject(parent), d(std::make_unique<Private>())
{
    d->q = this;
    connect(&d->connection, &AvahiConnection::running, this, [this] { d->browse(); });
    connect(&d->connection, &AvahiConnection::reset, this,
            [this](bool clientFreed) { d->clear(clientFreed); });
    connect(&d->connection, &AvahiConnection::unavailable, this, &Browser::unavailable);
}

Browser::~Browser()
{
    // The client frees its browser and resolvers; no signals from here on.
    d->entries.clear();
    d->browser = nullptr;
}

void Browser::setMaxServers(int n)
{
    d->maxServers = std::max(1, n);
}

void Browser::start()
{
    d->connection.start(); // browses on running()
}

QList<FoundServer> Browser::servers() const
{
    std::vector<const Private::Entry *> shown;
    for (const auto &[key, entry] : d->entries) {
        if (entry.shown)
            shown.push_back(&entry);
    }
    std::sort(shown.begin(), shown.end(),
              [](const Private::Entry *a, const Private::Entry *b) { return a->order < b->order; });
    QList<FoundServer> out;
    for (const Private::Entry *e : shown)
        out.append(*e->shown);
    return out;
}

} // namespace SmartFixer::Discovery
