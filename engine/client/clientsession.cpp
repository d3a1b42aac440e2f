#include "clientsession.h"

#include "core/logging.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>
#include <QUuid>

namespace SmartFixer {

struct ClientSession::Private
{
    ClientSession *q = nullptr;
    ClientOptions options;
    Clock *clock = nullptr;
    SocketIoClient *socket = nullptr;
    RestClient *rest = nullptr;
    PresenceCache *presence = nullptr;
    LocalCache cache;
    Conversations *conversations = nullptr; // DESIGN.md §12
    QString cacheError;

    QString token;
    UserId selfId = 0;
    QString displayName;
    QString visibility;
    ManualStatus ownStatus; // §10: what /api/me last said
    QList<ContactInfo> contacts;
    QList<UserId> subscriptions;
    bool flushing = false; //!< a send_message of the outbox is waiting for its ack
    bool signedInEmitted = false;

    void receivePresence(const QJsonValue &value)
    {
        const auto info = PresenceInfo::fromJson(value.toObject());
        if (!info) {
            qCInfo(lcClient) << "ignoring presence:" << info.error();
            return;
        }
        const qint64 now = clock->nowMs();
        presence->update(info.value(), now);
        cache.storePresence(info.value(), now);
        Q_EMIT q->presenceReceived(info.value());
        if (info->userId == selfId && selfId != 0)
            ownPresenceReceived(info.value());
    }

    //! Our own presence (we watch ourselves) says another status than /api/me did, e.g. the
    //! server reverted it at expires_at or another device changed it: ask /api/me again.
    void ownPresenceReceived(const PresenceInfo &info)
    {
        if (!info.availability)
            return; // hidden or an older server: says nothing about our status
        if (*info.availability == availabilityName(ownStatus.availability)
            && info.statusMessage.value_or(QString()) == ownStatus.message)
            return;
        q->refreshOwnStatus();
    }

    void receivePresenceList(const QJsonValue &value)
    {
        const QJsonArray users = value.toObject().value(QStringLiteral("users")).toArray();
        for (const QJsonValue &u : users)
            receivePresence(u);
    }

    void onEvent(const QString &name, const QJsonArray &args)
    {
        const QJsonValue payload = args.isEmpty() ? QJsonValue() : args.first();
        if (name == QLatin1String("user_presence_update")) {
            receivePresence(payload);
        } else if (name == QLatin1String("presence_snapshot")) {
            receivePresenceList(payload);
        } else if (name == QLatin1String("new_message")) {
            auto message = ChatMessage::fromJson(payload.toObject());
            if (!message)
                return;
            ChatMessage m = message.value();
            if (selfId != 0 && m.from == selfId)
                m.delivery = ChatMessage::Delivery::Sent; // sent from another device of ours
            cache.storeMessage(m);
            conversations->messageArrived(m, m.from != selfId);
            Q_EMIT q->messageReceived(m);
        } else if (conversations->handleEvent(name, payload)) {
            // message_delivered, messages_read (DESIGN.md §12)
        } else if (name == QLatin1String("typing")) {
            const UserId from = payload.toObject().value(QStringLiteral("from")).toInteger();
            if (from > 0)
                Q_EMIT q->typingReceived(from);
        } else {
            qCDebug(lcClient) << "unhandled event" << name;
        }
    }

    void onConnected()
    {
        // A fresh connection knows nothing of what we asked before: subscribe again, then
        // refresh the contact list and send what was queued while offline.
        if (!subscriptions.isEmpty())
            sendSubscribe(subscriptions);
        if (!rest->token().isEmpty())
            q->refreshContacts();
        flushing = false;
        flushOutbox();
        if (!rest->token().isEmpty())
            conversations->refresh();
    }

    void sendSubscribe(const QList<UserId> &ids)
    {
        QJsonArray array;
        for (UserId id : ids)
            array.append(id);
        QPointer<ClientSession> guard(q);
        socket->emitWithAck(
            QStringLiteral("presence_subscribe"),
            {QJsonObject{{QStringLiteral("user_ids"), array}}},
            [this, guard](const Result<QJsonArray> &ack) {
                if (!guard)
                    return;
                if (!ack) {
                    qCInfo(lcClient) << "presence_subscribe:" << ack.error();
                    return;
                }
                if (!ack->isEmpty())
                    receivePresenceList(ack->first());
            },
            options.ackTimeoutMs);
    }

    //! Sends the oldest queued message and, once acked, the next: one at a time keeps the
    //! order even across a reconnect, and the client_id makes a resend harmless.
    void flushOutbox()
    {
        if (flushing || !socket->isConnected())
            return;
        const QList<ChatMessage> queue = cache.isOpen() ? cache.outbox() : pendingInMemory;
        if (queue.isEmpty())
            return;
        const ChatMessage m = queue.first();
        flushing = true;
        QPointer<ClientSession> guard(q);
        const QJsonObject payload{{QStringLiteral("to"), m.to},
                                  {QStringLiteral("text"), m.text},
                                  {QStringLiteral("client_id"), m.clientId}};
        socket->emitWithAck(
            QStringLiteral("send_message"), {payload},
            [this, guard, m](const Result<QJsonArray> &ack) {
                if (!guard)
                    return;
                flushing = false;
                if (!ack) {
                    // Lost or timed out: it stays queued. A reconnect flushes again; while still
                    // connected we retry after one more ack period.
                    qCInfo(lcClient) << "send_message" << m.clientId << ack.error();
                    if (socket->isConnected())
                        QTimer::singleShot(options.ackTimeoutMs, q, [this] { flushOutbox(); });
                    return;
                }
                const QJsonObject reply = ack->isEmpty() ? QJsonObject() : ack->first().toObject();
                ChatMessage done = m;
                if (reply.contains(QStringLiteral("error"))
                    || !reply.contains(QStringLiteral("id"))) {
                    done.delivery = ChatMessage::Delivery::Failed;
                    done.error = reply.value(QStringLiteral("error")).toString();
                    if (done.error.isEmpty())
                        done.error = QStringLiteral("the server did not accept the message");
                } else {
                    done.delivery = ChatMessage::Delivery::Sent;
                    done.id = reply.value(QStringLiteral("id")).toInteger();
                    const QJsonValue sentAt = reply.value(QStringLiteral("sent_at"));
                    if (sentAt.isString())
                        done.sentAtMs = parseIsoUtc(sentAt.toString());
                }
                storeOrKeep(done);
                conversations->messageArrived(done, false);
                Q_EMIT q->messageUpdated(done);
                if (done.delivery == ChatMessage::Delivery::Failed)
                    Q_EMIT q->errorOccurred(QStringLiteral("message not sent: ") + done.error);
                flushOutbox();
            },
            options.ackTimeoutMs);
    }

    //! Without a cache file the queue lives in memory only.
    QList<ChatMessage> pendingInMemory;
    void storeOrKeep(const ChatMessage &m)
    {
        if (cache.isOpen()) {
            cache.storeMessage(m);
            return;
        }
        for (qsizetype i = 0; i < pendingInMemory.size(); ++i) {
            if (pendingInMemory[i].clientId == m.clientId) {
                if (m.delivery == ChatMessage::Delivery::Queued)
                    pendingInMemory[i] = m;
                else
                    pendingInMemory.removeAt(i);
                return;
            }
        }
        if (m.delivery == ChatMessage::Delivery::Queued)
            pendingInMemory.append(m);
    }

    void identify(UserId id, const QString &name, const QString &vis)
    {
        // Another account than the one cached: forget its contacts, presence and messages.
        const QString cachedId = cache.meta(QStringLiteral("user_id"));
        if (!cachedId.isEmpty() && cachedId.toLongLong() != id) {
            qCInfo(lcClient) << "cache belongs to user" << cachedId << "; clearing";
            cache.clearAll();
            contacts.clear();
            presence->clear();
            Q_EMIT q->contactsChanged();
        }
        cache.setMeta(QStringLiteral("user_id"), QString::number(id));
        cache.claimUnsignedMessages(id);
        for (ChatMessage &m : pendingInMemory) {
            if (m.from == 0)
                m.from = id;
        }
        cache.setMeta(QStringLiteral("server"), options.serverUrl.toString());
        selfId = id;
        conversations->setSelf(id);
        displayName = name;
        if (!vis.isEmpty() && vis != visibility) {
            visibility = vis;
            Q_EMIT q->visibilityChanged(visibility);
        }
        if (!signedInEmitted) {
            signedInEmitted = true;
            Q_EMIT q->signedIn(selfId, displayName);
            q->refreshOwnStatus();
        }
    }

    //! (Re)connects with the current auth: a live or pending connection made with an older
    //! token is replaced, since the server only reads the token in CONNECT.
    void connectSocket()
    {
        if (socket->status().state == ConnectionStatus::Offline)
            socket->open();
        else
            socket->restart(); // also leaves Unauthorized
    }

    //! A login (or register) body {"token","user_id","display_name"}: use it and connect.
    void acceptLogin(const QJsonObject &o)
    {
        const QString token = o.value(QStringLiteral("token")).toString();
        const UserId id = o.value(QStringLiteral("user_id")).toInteger();
        if (token.isEmpty() || id <= 0) {
            // 2xx without our fields: some other web server answered.
            Q_EMIT q->signInFailed(ClientError{
                ErrorKind::Protocol, QStringLiteral("the server sent no token or user id"), 0,
                TlsFailure()});
            return;
        }
        this->token = token;
        rest->setToken(token);
        socket->setAuth(QJsonObject{{QStringLiteral("token"), token}});
        identify(id, o.value(QStringLiteral("display_name")).toString(), QString());
        connectSocket();
    }

    //! A failed sign-in request as a ClientError, with what was wrong with the server's
    //! certificate when that was the reason.
    ClientError signInError(const Result<RestReply> &reply) const
    {
        ClientError error = ClientError::from(reply);
        error.tls = rest->lastTlsFailure();
        return error;
    }

    void restError(const QString &what, const Result<RestReply> &reply)
    {
        // While the live connection is down, a REST call failing for the same reason says
        // nothing new (the connection state already shows it): log it only.
        const bool network
            = reply.kind() == ErrorKind::Unavailable || reply.kind() == ErrorKind::Timeout;
        if (network && !socket->isConnected()) {
            qCInfo(lcClient) << what << "while offline:" << reply.error();
            return;
        }
        Q_EMIT q->errorOccurred(what + QStringLiteral(": ") + reply.error());
    }
};

ClientSession::ClientSession(const ClientOptions &options, QObject *parent)
    : QObject(parent), d(new Private)
{
    d->q = this;
    d->options = options;
    d->clock = options.clock ? options.clock : Clock::system();
    d->socket = new SocketIoClient(this);
    d->socket->setServerUrl(options.serverUrl);
    d->socket->setReconnectPolicy(options.reconnect);
    d->socket->setFollowNetworkChanges(options.followNetworkChanges);
    d->rest = new RestClient(this);
    d->rest->setServerUrl(options.serverUrl);
    d->rest->setTlsPolicy(options.tls);
    d->socket->setTlsPolicy(options.tls);
    d->presence = new PresenceCache(d->clock, this);
    if (options.text) {
        d->presence->setTextOptions(*options.text);
    }
    d->rest->setLanguage(d->presence->textOptions().locale.bcp47Name());
    d->presence->setActiveWindowMs(options.activeWindowMs);
    d->conversations = new Conversations(d->rest, d->socket, &d->cache, d->clock, this);

    connect(d->socket, &SocketIoClient::statusChanged, this,
            &ClientSession::connectionStatusChanged);
    connect(d->socket, &SocketIoClient::statusChanged, this,
            [this](const ConnectionStatus &status) {
                if (status.state == ConnectionStatus::Unauthorized && !d->signedInEmitted)
                    Q_EMIT signInFailed(
                        ClientError{ErrorKind::Unauthorized, status.message, 0, TlsFailure()});
            });
    connect(d->socket, &SocketIoClient::connected, this, [this] { d->onConnected(); });
    connect(d->socket, &SocketIoClient::eventReceived, this,
            [this](const QString &name, const QJsonArray &args) { d->onEvent(name, args); });
    connect(d->presence, &PresenceCache::presenceChanged, this, &ClientSession::presenceChanged);

    // Show the last-known state before we are connected.
    const QString path
        = options.cachePath.isEmpty() ? LocalCache::defaultPath() : options.cachePath;
    const auto opened = d->cache.open(path);
    if (!opened) {
        d->cacheError = opened.error();
        qCWarning(lcClient) << "local cache unavailable:" << d->cacheError;
    } else {
        d->contacts = d->cache.contacts();
        d->selfId = d->cache.meta(QStringLiteral("user_id")).toLongLong();
        d->conversations->setSelf(d->selfId);
        const auto stored = d->cache.presence();
        for (const LocalCache::StoredPresence &p : stored)
            d->presence->update(p.info, p.receivedAtMs);
    }
}

ClientSession::~ClientSession()
{
    // Silence the socket first: its teardown must not call back into a half-destroyed us.
    d->socket->disconnect(this);
    d->socket->close();
}

void ClientSession::setServerUrl(const QUrl &url)
{
    if (url == d->options.serverUrl)
        return;
    d->socket->close();
    d->options.serverUrl = url;
    d->socket->setServerUrl(url);
    d->rest->setServerUrl(url);
    d->signedInEmitted = false;
}

void ClientSession::setTlsPolicy(const ClientTlsPolicy &policy)
{
    d->options.tls = policy;
    d->rest->setTlsPolicy(policy);
    d->socket->setTlsPolicy(policy);
}

TlsFailure ClientSession::lastTlsFailure() const
{
    return d->rest->lastTlsFailure();
}

QUrl ClientSession::serverUrl() const
{
    return d->options.serverUrl;
}

QString ClientSession::cacheError() const
{
    return d->cacheError;
}

void ClientSession::signIn(const QString &username, const QString &password)
{
    QPointer<ClientSession> guard(this);
    d->rest->login(username, password, [this, guard](const Result<RestReply> &reply) {
        if (!guard)
            return;
        if (!reply) {
            Q_EMIT signInFailed(d->signInError(reply));
            return;
        }
        d->acceptLogin(reply->body.toObject());
    });
}

void ClientSession::registerAccount(const QString &username, const QString &password,
                                    const QString &displayName)
{
    QPointer<ClientSession> guard(this);
    d->rest->registerAccount(username, password, displayName,
                             [this, guard, username, password](const Result<RestReply> &reply) {
                                 if (!guard)
                                     return;
                                 if (!reply) {
                                     Q_EMIT signInFailed(d->signInError(reply));
                                     return;
                                 }
                                 const QJsonObject o = reply->body.toObject();
                                 // Our server returns a token with the new account; a server that
                                 // does not gets a normal sign-in.
                                 if (o.value(QStringLiteral("token")).isString())
                                     d->acceptLogin(o);
                                 else
                                     signIn(username, password);
                             });
}

void ClientSession::signInWithToken(const QString &token)
{
    d->token = token;
    d->signedInEmitted = false;
    d->rest->setToken(token);
    d->socket->setAuth(QJsonObject{{QStringLiteral("token"), token}});
    d->connectSocket();
    QPointer<ClientSession> guard(this);
    d->rest->me([this, guard, token](const Result<RestReply> &reply) {
        // Signed out (or signed in anew) meanwhile: this answer is about a session that ended.
        if (!guard || d->token != token)
            return;
        if (!reply) {
            // A Socket.IO-only server has no REST: the connection state alone tells.
            qCInfo(lcClient) << "/api/me:" << reply.error();
            // A refused certificate is no passing outage either: retrying cannot fix it.
            if (reply.kind() == ErrorKind::Unauthorized || !d->rest->lastTlsFailure().isNull())
                Q_EMIT signInFailed(d->signInError(reply));
            return;
        }
        const QJsonObject o = reply->body.toObject();
        d->identify(o.value(QStringLiteral("user_id")).toInteger(),
                    o.value(QStringLiteral("display_name")).toString(),
                    o.value(QStringLiteral("visibility")).toString());
    });
}

void ClientSession::signOut()
{
    if (!d->token.isEmpty()) {
        QPointer<ClientSession> guard(this);
        d->rest->logout([this, guard](const Result<RestReply> &reply) {
            if (guard && !reply)
                qCInfo(lcClient) << "logout:" << reply.error();
        });
    }
    d->socket->close();
    d->token.clear();
    d->signedInEmitted = false;
}

void ClientSession::disconnectFromServer()
{
    d->socket->close();
}

void ClientSession::reconnectNow()
{
    d->socket->reconnectNow();
}

ConnectionStatus ClientSession::connectionStatus() const
{
    return d->socket->status();
}

bool ClientSession::isConnected() const
{
    return d->socket->isConnected();
}

UserId ClientSession::selfId() const
{
    return d->selfId;
}

QString ClientSession::displayName() const
{
    return d->displayName;
}

QString ClientSession::token() const
{
    return d->token;
}

QList<ContactInfo> ClientSession::contacts() const
{
    return d->contacts;
}

void ClientSession::refreshContacts()
{
    QPointer<ClientSession> guard(this);
    d->rest->contacts([this, guard](const Result<RestReply> &reply) {
        if (!guard)
            return;
        if (!reply) {
            d->restError(QStringLiteral("contacts"), reply);
            return;
        }
        QList<ContactInfo> list;
        const QJsonArray array = reply->body.toArray();
        for (const QJsonValue &v : array) {
            const QJsonObject o = v.toObject();
            ContactInfo c{o.value(QStringLiteral("user_id")).toInteger(),
                          o.value(QStringLiteral("username")).toString(),
                          o.value(QStringLiteral("display_name")).toString()};
            if (c.userId <= 0)
                continue;
            if (o.value(QStringLiteral("mutual")).isBool())
                c.mutual = o.value(QStringLiteral("mutual")).toBool();
            list.append(c);
            if (o.value(QStringLiteral("presence")).isObject())
                d->receivePresence(o.value(QStringLiteral("presence")));
        }
        if (list != d->contacts) {
            d->contacts = list;
            d->cache.setContacts(list);
            Q_EMIT contactsChanged();
        }
    });
}

void ClientSession::addContact(UserId userId)
{
    QPointer<ClientSession> guard(this);
    d->rest->addContact(userId, [this, guard](const Result<RestReply> &reply) {
        if (!guard)
            return;
        if (!reply)
            d->restError(QStringLiteral("add contact"), reply);
        else
            refreshContacts();
    });
}

void ClientSession::removeContact(UserId userId)
{
    QPointer<ClientSession> guard(this);
    d->rest->removeContact(userId, [this, guard](const Result<RestReply> &reply) {
        if (!guard)
            return;
        if (!reply)
            d->restError(QStringLiteral("remove contact"), reply);
        else
            refreshContacts();
    });
}

void ClientSession::searchUsers(const QString &query)
{
    QPointer<ClientSession> guard(this);
    d->rest->users(query, [this, guard](const Result<RestReply> &reply) {
        if (!guard)
            return;
        if (!reply) {
            d->restError(QStringLiteral("user search"), reply);
            return;
        }
        QList<ContactInfo> users;
        const QJsonArray array = reply->body.toArray();
        for (const QJsonValue &v : array) {
            const QJsonObject o = v.toObject();
            users.append({o.value(QStringLiteral("user_id")).toInteger(),
                          o.value(QStringLiteral("username")).toString(),
                          o.value(QStringLiteral("display_name")).toString()});
        }
        Q_EMIT usersFound(users);
    });
}

PresenceCache *ClientSession::presence() const
{
    return d->presence;
}

void ClientSession::subscribe(const QList<UserId> &userIds)
{
    QList<UserId> fresh;
    for (UserId id : userIds) {
        if (id > 0 && !d->subscriptions.contains(id)) {
            d->subscriptions.append(id);
            fresh.append(id);
        }
    }
    if (!fresh.isEmpty() && d->socket->isConnected())
        d->sendSubscribe(fresh);
}

QList<UserId> ClientSession::subscriptions() const
{
    return d->subscriptions;
}

void ClientSession::refreshPresence(UserId userId)
{
    QPointer<ClientSession> guard(this);
    d->rest->userPresence(userId, [this, guard](const Result<RestReply> &reply) {
        if (!guard)
            return;
        if (!reply) {
            d->restError(QStringLiteral("presence"), reply);
            return;
        }
        d->receivePresence(reply->body);
    });
}

QString ClientSession::sendMessage(UserId to, const QString &text)
{
    ChatMessage m;
    m.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m.from = d->selfId;
    m.to = to;
    m.text = text;
    m.delivery = ChatMessage::Delivery::Queued;
    d->storeOrKeep(m);
    Q_EMIT messageUpdated(m);
    d->flushOutbox();
    return m.clientId;
}

QList<ChatMessage> ClientSession::history(UserId peer, int limit) const
{
    return d->cache.history(d->selfId, peer, limit);
}

void ClientSession::loadHistory(UserId peer, std::optional<qint64> beforeId, int limit)
{
    QPointer<ClientSession> guard(this);
    d->rest->messages(peer, beforeId, limit, [this, guard, peer](const Result<RestReply> &reply) {
        if (!guard)
            return;
        if (!reply) {
            d->restError(QStringLiteral("history"), reply);
            return;
        }
        const QJsonArray array = reply->body.toArray();
        for (const QJsonValue &v : array) {
            auto m = ChatMessage::fromJson(v.toObject());
            if (!m)
                continue;
            ChatMessage message = m.value();
            if (message.from == d->selfId)
                message.delivery = ChatMessage::Delivery::Sent;
            d->cache.storeMessage(message);
        }
        Q_EMIT historyChanged(peer);
    });
}

QList<ChatMessage> ClientSession::outbox() const
{
    return d->cache.isOpen() ? d->cache.outbox() : d->pendingInMemory;
}

void ClientSession::sendTyping(UserId to)
{
    d->socket->emitEvent(QStringLiteral("typing"), {QJsonObject{{QStringLiteral("to"), to}}});
}

void ClientSession::reportActivity(AckCallback callback)
{
    if (!callback) {
        d->socket->emitEvent(QStringLiteral("user_activity"));
        return;
    }
    emitWithAck(QStringLiteral("user_activity"), QJsonObject(), std::move(callback));
}

void ClientSession::emitWithAck(const QString &name, const QJsonValue &payload,
                                AckCallback callback)
{
    QJsonArray args;
    if (!payload.isUndefined())
        args.append(payload);
    d->socket->emitWithAck(
        name, args,
        [callback = std::move(callback)](const Result<QJsonArray> &ack) {
            if (!callback)
                return;
            if (!ack)
                callback(Result<QJsonValue>::failureFrom(ack));
            else
                callback(ack->isEmpty() ? QJsonValue() : ack->first());
        },
        d->options.ackTimeoutMs);
}

QString ClientSession::visibility() const
{
    return d->visibility;
}

void ClientSession::setVisibility(const QString &visibility)
{
    QPointer<ClientSession> guard(this);
    d->rest->setPrivacy(visibility, [this, guard, visibility](const Result<RestReply> &reply) {
        if (!guard)
            return;
        if (!reply) {
            d->restError(QStringLiteral("privacy"), reply);
            return;
        }
        const QString now = reply->body.toObject().value(QStringLiteral("visibility")).toString();
        d->visibility = now.isEmpty() ? visibility : now;
        Q_EMIT visibilityChanged(d->visibility);
    });
}

Conversations *ClientSession::conversations() const
{
    return d->conversations;
}

SocketIoClient *ClientSession::socket() const
{
    return d->socket;
}

RestClient *ClientSession::rest() const
{
    return d->rest;
}

// --- manual status (DESIGN.md §10) ----------------------------------------------------------

namespace {

ManualStatus statusFromJson(const QJsonObject &o, ManualStatus status)
{
    if (const auto a = availabilityFromName(o.value(QStringLiteral("availability")).toString()))
        status.availability = *a;
    status.message = o.value(QStringLiteral("message")).toString();
    status.expiresAtMs = parseIsoUtc(o.value(QStringLiteral("expires_at")).toString());
    if (const auto p = lastSeenPrecisionFromName(o.value(QStringLiteral("last_seen")).toString()))
        status.lastSeen = *p;
    return status;
}

} // namespace

ManualStatus ClientSession::ownStatus() const
{
    return d->ownStatus;
}

void ClientSession::refreshOwnStatus()
{
    QPointer<ClientSession> guard(this);
    d->rest->me([this, guard](const Result<RestReply> &reply) {
        if (!guard || !reply)
            return; // an older server without §10 simply has no status to show
        const QJsonObject o = reply->body.toObject();
        if (!o.contains(QStringLiteral("availability")))
            return;
        const ManualStatus status = statusFromJson(o, d->ownStatus);
        if (status == d->ownStatus)
            return;
        d->ownStatus = status;
        Q_EMIT ownStatusChanged(status);
    });
}

void ClientSession::setStatus(Availability availability, const QString &message,
                              std::optional<qint64> expiresAtMs, AckCallback callback)
{
    const QJsonObject body{
        {QStringLiteral("availability"), availabilityName(availability)},
        {QStringLiteral("message"),
         message.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(message)},
        {QStringLiteral("expires_at"),
         expiresAtMs ? QJsonValue(toIsoUtc(*expiresAtMs)) : QJsonValue(QJsonValue::Null)}};
    QPointer<ClientSession> guard(this);
    d->rest->request("PUT", QStringLiteral("/api/me/status"), body,
                     [this, guard, callback](const Result<RestReply> &reply) {
                         if (!guard)
                             return;
                         if (!reply) {
                             if (callback)
                                 callback(Result<QJsonValue>::failureFrom(reply));
                             else
                                 d->restError(QStringLiteral("status"), reply);
                             return;
                         }
                         d->ownStatus = statusFromJson(reply->body.toObject(), d->ownStatus);
                         Q_EMIT ownStatusChanged(d->ownStatus);
                         if (callback)
                             callback(reply->body);
                     });
}

void ClientSession::setLastSeenPrecision(LastSeenPrecision precision, AckCallback callback)
{
    QPointer<ClientSession> guard(this);
    d->rest->request("PUT", QStringLiteral("/api/me/privacy"),
                     QJsonObject{{QStringLiteral("last_seen"), lastSeenPrecisionName(precision)}},
                     [this, guard, callback, precision](const Result<RestReply> &reply) {
                         if (!guard)
                             return;
                         if (!reply) {
                             if (callback)
                                 callback(Result<QJsonValue>::failureFrom(reply));
                             else
                                 d->restError(QStringLiteral("privacy"), reply);
                             return;
                         }
                         d->ownStatus.lastSeen = precision;
                         Q_EMIT ownStatusChanged(d->ownStatus);
                         if (callback)
                             callback(reply->body);
                     });
}

} // namespace SmartFixer
