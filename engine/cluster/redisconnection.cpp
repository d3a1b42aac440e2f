#include "redisconnection.h"

#include "core/logging.h"

#include <QDeadlineTimer>
#include <QPointer>
#include <QRandomGenerator>
#include <QSocketNotifier>
#include <QTimer>
#include <QUrl>
#include <deque>

extern "C" {
#include <hiredis/async.h>
#include <hiredis/hiredis.h>
}

namespace SmartFixer {

QString RedisEndpoint::display() const
{
    if (!unixPath.isEmpty())
        return QStringLiteral("unix:") + unixPath;
    return QStringLiteral("redis://%1:%2/%3").arg(host).arg(port).arg(database);
}

Result<RedisEndpoint> parseRedisUrl(const QString &text)
{
    using R = Result<RedisEndpoint>;
    RedisEndpoint e;
    if (text.startsWith(QLatin1String("unix:"))) {
        e.unixPath = text.mid(5);
        if (e.unixPath.startsWith(QLatin1String("//")))
            e.unixPath = e.unixPath.mid(2); // unix:///path
        if (e.unixPath.isEmpty() || !e.unixPath.startsWith(QLatin1Char('/')))
            return R::failure(QStringLiteral("--redis unix:PATH needs an absolute socket path"),
                              ErrorKind::Invalid);
        return e;
    }
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("redis") || url.host().isEmpty())
        return R::failure(
            QStringLiteral("--redis takes redis://HOST[:PORT][/DB] or unix:PATH, not \"%1\"")
                .arg(text),
            ErrorKind::Invalid);
    if (!url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment())
        return R::failure(QStringLiteral("--redis: user, password, query and fragment are not "
                                         "supported in \"%1\"")
                              .arg(url.toDisplayString(QUrl::RemoveUserInfo)),
                          ErrorKind::Invalid);
    e.host = url.host();
    e.port = url.port(6379);
    if (e.port < 1 || e.port > 65535)
        return R::failure(QStringLiteral("--redis: port out of range in \"%1\"").arg(text),
                          ErrorKind::Invalid);
    const QString path = url.path();
    if (!path.isEmpty() && path != QLatin1String("/")) {
        bool ok = false;
        e.database = path.mid(1).toInt(&ok);
        if (!ok || e.database < 0 || e.database > 15 || path.mid(1).size() > 2)
            return R::failure(
                QStringLiteral("--redis: the database must be a number 0..15 in \"%1\"").arg(text),
                ErrorKind::Invalid);
    }
    return e;
}

QByteArray RedisReply::toByteArray() const
{
    if (type == Type::Integer)
        return QByteArray::number(integer);
    return string;
}

qint64 RedisReply::toInteger(qint64 fallback) const
{
    if (type == Type::Integer)
        return integer;
    if (type == Type::String || type == Type::Status) {
        bool ok = false;
        const qint64 v = string.toLongLong(&ok);
        return ok ? v : fallback;
    }
    return fallback;
}

namespace {

RedisReply convert(const redisReply *r)
{
    RedisReply out;
    switch (r->type) {
    case REDIS_REPLY_STRING:
        out.type = RedisReply::Type::String;
        out.string = QByteArray(r->str, qsizetype(r->len));
        break;
    case REDIS_REPLY_STATUS:
        out.type = RedisReply::Type::Status;
        out.string = QByteArray(r->str, qsizetype(r->len));
        break;
    case REDIS_REPLY_ERROR:
        out.type = RedisReply::Type::Error;
        out.string = QByteArray(r->str, qsizetype(r->len));
        break;
    case REDIS_REPLY_INTEGER:
        out.type = RedisReply::Type::Integer;
        out.integer = r->integer;
        break;
    case REDIS_REPLY_ARRAY:
        out.type = RedisReply::Type::Array;
        out.elements.reserve(qsizetype(r->elements));
        for (size_t i = 0; i < r->elements; ++i)
            out.elements.append(convert(r->element[i]));
        break;
    default:
        out.type = RedisReply::Type::Nil;
        break;
    }
    return out;
}

// privdata of the SUBSCRIBE callback (command ids start at 1).
constexpr quintptr SubscriptionTag = 0;

} // namespace

struct RedisConnection::Private
{
    RedisConnection *q = nullptr;
    RedisEndpoint endpoint;
    QString name;
    int commandTimeoutMs = 1000;
    int firstDelayMs = 50;
    int maxDelayMs = 1000;
    int nextDelayMs = 50;

    bool wanted = false; // open() until close()
    State state = State::Disconnected;
    QString lastError;
    redisAsyncContext *ctx = nullptr;
    QDeadlineTimer connectDeadline;

    // Our event adapter for hiredis: one notifier per direction on the context's socket.
    QPointer<QSocketNotifier> readNotifier;
    QPointer<QSocketNotifier> writeNotifier;

    struct Pending
    {
        quintptr id;
        QDeadlineTimer deadline;
        Callback callback;
    };
    std::deque<Pending> pending; // in the order sent: Redis answers in order
    quintptr nextId = 1;

    QList<QByteArray> channels;
    int awaitingSubscriptions = 0;
    QList<QList<QByteArray>> connectCommands;

    QTimer watchdog; // the oldest command's deadline, or the connect deadline
    QTimer reconnectTimer;

    void connectNow();
    void drop(const QString &reason, ErrorKind kind);
    void lost(const QString &reason); // hiredis freed the context itself
    void failAll(std::deque<Pending> list, const QString &reason, ErrorKind kind);
    void scheduleReconnect();
    void armWatchdog();
    void checkWatchdog();
    void sendSubscribe();
    void onConnected();
    void onReply(quintptr id, redisReply *reply);
    void onSubscriptionReply(redisReply *reply);
    void setState(State s) { state = s; }
    int send(const QList<QByteArray> &args, quintptr id);

    // hiredis hooks (ev.data is this Private).
    static void addRead(void *p);
    static void delRead(void *p);
    static void addWrite(void *p);
    static void delWrite(void *p);
    static void cleanup(void *p);
    static void connectCallback(const redisAsyncContext *ac, int status);
    static void disconnectCallback(const redisAsyncContext *ac, int status);
    static void replyCallback(redisAsyncContext *ac, void *reply, void *privdata);
};

namespace {

//! hiredis wants to hear when its socket is readable (or writable): one notifier per direction,
//! made on demand and dropped when hiredis no longer asks.
void addNotifier(QPointer<QSocketNotifier> &slot, redisAsyncContext *ctx,
                 QSocketNotifier::Type type, QObject *owner, const std::function<void()> &handle)
{
    if (slot || !ctx)
        return;
    slot = new QSocketNotifier(ctx->c.fd, type, owner);
    QObject::connect(slot.data(), &QSocketNotifier::activated, owner, handle);
}

void dropNotifier(QPointer<QSocketNotifier> &slot)
{
    if (QSocketNotifier *n = slot.data()) {
        // We may be inside this notifier's own signal: disable now, delete later.
        n->setEnabled(false);
        n->deleteLater();
    }
    slot = nullptr;
}

} // namespace

void RedisConnection::Private::addRead(void *p)
{
    auto *self = static_cast<Private *>(p);
    addNotifier(self->readNotifier, self->ctx, QSocketNotifier::Read, self->q, [self] {
        if (self->ctx)
            redisAsyncHandleRead(self->ctx);
    });
}

void RedisConnection::Private::delRead(void *p)
{
    dropNotifier(static_cast<Private *>(p)->readNotifier);
}

void RedisConnection::Private::addWrite(void *p)
{
    auto *self = static_cast<Private *>(p);
    addNotifier(self->writeNotifier, self->ctx, QSocketNotifier::Write, self->q, [self] {
        if (self->ctx)
            redisAsyncHandleWrite(self->ctx);
    });
}

void RedisConnection::Private::delWrite(void *p)
{
    dropNotifier(static_cast<Private *>(p)->writeNotifier);
}

void RedisConnection::Private::cleanup(void *p)
{
    delRead(p);
    delWrite(p);
}

void RedisConnection::Private::connectCallback(const redisAsyncContext *ac, int status)
{
    auto *self = static_cast<Private *>(ac->data);
    if (!self)
        return;
    if (status != REDIS_OK) {
        // hiredis frees the context after this callback.
        self->lost(QString::fromLocal8Bit(ac->errstr ? ac->errstr : "connect failed"));
        return;
    }
    self->onConnected();
}

void RedisConnection::Private::disconnectCallback(const redisAsyncContext *ac, int status)
{
    auto *self = static_cast<Private *>(ac->data);
    if (!self)
        return; // we dropped it ourselves
    self->lost(status == REDIS_OK
                   ? QStringLiteral("connection closed")
                   : QString::fromLocal8Bit(ac->errstr ? ac->errstr : "connection lost"));
}

void RedisConnection::Private::replyCallback(redisAsyncContext *ac, void *reply, void *privdata)
{
    auto *self = static_cast<Private *>(ac->data);
    if (!self)
        return;
    const auto id = reinterpret_cast<quintptr>(privdata);
    if (id == SubscriptionTag)
        self->onSubscriptionReply(static_cast<redisReply *>(reply));
    else
        self->onReply(id, static_cast<redisReply *>(reply));
}

int RedisConnection::Private::send(const QList<QByteArray> &args, quintptr id)
{
    QVarLengthArray<const char *, 8> argv;
    QVarLengthArray<size_t, 8> lengths;
    for (const QByteArray &a : args) {
        argv.append(a.constData());
        lengths.append(size_t(a.size()));
    }
    return redisAsyncCommandArgv(ctx, &Private::replyCallback, reinterpret_cast<void *>(id),
                                 int(argv.size()), argv.data(), lengths.data());
}

void RedisConnection::Private::connectNow()
{
    if (!wanted || ctx)
        return;
    redisAsyncContext *ac = endpoint.unixPath.isEmpty()
        ? redisAsyncConnect(endpoint.host.toLocal8Bit().constData(), endpoint.port)
        : redisAsyncConnectUnix(endpoint.unixPath.toLocal8Bit().constData());
    if (!ac) {
        lastError = QStringLiteral("out of memory");
        scheduleReconnect();
        return;
    }
    if (ac->err) {
        lastError = QString::fromLocal8Bit(ac->errstr);
        redisAsyncFree(ac);
        scheduleReconnect();
        return;
    }
    ctx = ac;
    ac->data = this;
    ac->ev.data = this;
    ac->ev.addRead = &Private::addRead;
    ac->ev.delRead = &Private::delRead;
    ac->ev.addWrite = &Private::addWrite;
    ac->ev.delWrite = &Private::delWrite;
    ac->ev.cleanup = &Private::cleanup;
    redisAsyncSetConnectCallback(ac, &Private::connectCallback);
    redisAsyncSetDisconnectCallback(ac, &Private::disconnectCallback);
    setState(State::Connecting);
    connectDeadline = QDeadlineTimer(commandTimeoutMs);
    // Queued ahead of everything else: hiredis sends them once the socket is connected.
    auto internal = [this](const QList<QByteArray> &args) {
        const quintptr id = nextId++;
        pending.push_back({id, QDeadlineTimer(commandTimeoutMs), {}});
        send(args, id);
    };
    if (endpoint.database != 0)
        internal({QByteArrayLiteral("SELECT"), QByteArray::number(endpoint.database)});
    if (!name.isEmpty())
        internal({QByteArrayLiteral("CLIENT"), QByteArrayLiteral("SETNAME"), name.toUtf8()});
    for (const QList<QByteArray> &c : std::as_const(connectCommands))
        internal(c);
    armWatchdog();
}

void RedisConnection::Private::onConnected()
{
    setState(State::Connected);
    lastError.clear();
    nextDelayMs = firstDelayMs;
    qCInfo(lcServer).noquote() << "redis" << endpoint.display() << "connected" << name;
    if (!channels.isEmpty()) {
        sendSubscribe(); // connected() follows the confirmations
        return;
    }
    armWatchdog();
    Q_EMIT q->connected();
}

void RedisConnection::Private::sendSubscribe()
{
    if (!ctx || channels.isEmpty())
        return;
    QList<QByteArray> args{QByteArrayLiteral("SUBSCRIBE")};
    args += channels;
    awaitingSubscriptions = int(channels.size());
    send(args, SubscriptionTag);
}

void RedisConnection::Private::onSubscriptionReply(redisReply *reply)
{
    if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements < 3)
        return; // NULL: the connection is going away; lost() reports it
    const RedisReply r = convert(reply);
    const QByteArray kind = r.elements.at(0).string;
    if (kind == "message") {
        Q_EMIT q->message(r.elements.at(1).string, r.elements.at(2).string);
    } else if (kind == "subscribe") {
        if (awaitingSubscriptions > 0 && --awaitingSubscriptions == 0 && state == State::Connected)
            Q_EMIT q->connected();
    }
}

void RedisConnection::Private::onReply(quintptr id, redisReply *reply)
{
    // Replies come in order; anything before `id` was already failed by the watchdog.
    while (!pending.empty() && pending.front().id != id)
        pending.pop_front();
    if (pending.empty())
        return;
    Pending p = std::move(pending.front());
    pending.pop_front();
    armWatchdog();
    if (!p.callback)
        return;
    if (!reply) {
        // hiredis is tearing the context down (lost() follows, or already ran).
        p.callback(Result<RedisReply>::failure(
            lastError.isEmpty() ? QStringLiteral("redis connection lost") : lastError,
            ErrorKind::Unavailable));
        return;
    }
    RedisReply r = convert(reply);
    if (r.isError())
        p.callback(Result<RedisReply>::failure(QString::fromUtf8(r.string), ErrorKind::Protocol));
    else
        p.callback(std::move(r));
}

void RedisConnection::Private::failAll(std::deque<Pending> list, const QString &reason,
                                       ErrorKind kind)
{
    for (Pending &p : list) {
        if (p.callback)
            p.callback(Result<RedisReply>::failure(reason, kind));
    }
}

void RedisConnection::Private::drop(const QString &reason, ErrorKind kind)
{
    redisAsyncContext *ac = ctx;
    const bool wasConnected = state == State::Connected;
    ctx = nullptr;
    setState(State::Disconnected);
    lastError = reason;
    std::deque<Pending> failed;
    failed.swap(pending);
    watchdog.stop();
    if (ac) {
        ac->data = nullptr; // hiredis' callbacks during the free find no owner
        redisAsyncFree(ac); // calls cleanup(): the notifiers go
    }
    cleanup(this);
    qCWarning(lcServer).noquote() << "redis" << endpoint.display() << name << "dropped:" << reason;
    failAll(std::move(failed), reason, kind);
    if (wasConnected)
        Q_EMIT q->disconnected(reason);
    scheduleReconnect();
}

void RedisConnection::Private::lost(const QString &reason)
{
    // hiredis calls the pending callbacks with NULL (failing them) and frees the context
    // after this returns.
    const bool wasConnected = state == State::Connected;
    ctx = nullptr;
    setState(State::Disconnected);
    lastError = reason;
    std::deque<Pending> failed;
    failed.swap(pending);
    watchdog.stop();
    cleanup(this);
    if (wasConnected)
        qCWarning(lcServer).noquote() << "redis" << endpoint.display() << name << "lost:" << reason;
    failAll(std::move(failed), reason, ErrorKind::Unavailable);
    if (wasConnected)
        Q_EMIT q->disconnected(reason);
    scheduleReconnect();
}

void RedisConnection::Private::scheduleReconnect()
{
    if (!wanted || reconnectTimer.isActive())
        return;
    // ±20 % jitter, so nodes that lost the same Redis don't reconnect in lockstep.
    const int jitter = int(QRandomGenerator::global()->bounded(nextDelayMs / 5 + 1));
    reconnectTimer.start(nextDelayMs - nextDelayMs / 10 + jitter);
    nextDelayMs = qMin(maxDelayMs, nextDelayMs * 2);
}

void RedisConnection::Private::armWatchdog()
{
    qint64 remaining = -1;
    if (state == State::Connecting)
        remaining = connectDeadline.remainingTime();
    if (!pending.empty()) {
        const qint64 r = pending.front().deadline.remainingTime();
        remaining = remaining < 0 ? r : qMin(remaining, r);
    }
    if (remaining < 0) {
        watchdog.stop();
        return;
    }
    watchdog.start(int(qMax<qint64>(remaining, 0) + 1));
}

void RedisConnection::Private::checkWatchdog()
{
    if (state == State::Connecting && connectDeadline.hasExpired()) {
        drop(QStringLiteral("no connection within %1 ms").arg(commandTimeoutMs),
             ErrorKind::Unavailable);
        return;
    }
    if (!pending.empty() && pending.front().deadline.hasExpired()) {
        // A command without an answer in time: this connection cannot be trusted any more
        // (replies are in order), so it goes, and every pending command fails.
        drop(QStringLiteral("no reply from redis within %1 ms").arg(commandTimeoutMs),
             ErrorKind::Timeout);
        return;
    }
    armWatchdog();
}

RedisConnection::RedisConnection(const RedisEndpoint &endpoint, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>())
{
    d->q = this;
    d->endpoint = endpoint;
    d->watchdog.setSingleShot(true);
    d->watchdog.setTimerType(Qt::PreciseTimer);
    d->reconnectTimer.setSingleShot(true);
    connect(&d->watchdog, &QTimer::timeout, this, [this] { d->checkWatchdog(); });
    connect(&d->reconnectTimer, &QTimer::timeout, this, [this] { d->connectNow(); });
}

RedisConnection::~RedisConnection()
{
    d->wanted = false;
    if (d->ctx) {
        redisAsyncContext *ac = d->ctx;
        d->ctx = nullptr;
        ac->data = nullptr;
        redisAsyncFree(ac);
    }
    Private::cleanup(d.get());
    std::deque<Private::Pending> failed;
    failed.swap(d->pending);
    d->failAll(std::move(failed), QStringLiteral("redis connection closed"),
               ErrorKind::Unavailable);
}

void RedisConnection::setCommandTimeout(int ms)
{
    d->commandTimeoutMs = qMax(1, ms);
}

int RedisConnection::commandTimeout() const
{
    return d->commandTimeoutMs;
}

void RedisConnection::setReconnectDelays(int firstMs, int maxMs)
{
    d->firstDelayMs = qMax(1, firstMs);
    d->maxDelayMs = qMax(d->firstDelayMs, maxMs);
    d->nextDelayMs = d->firstDelayMs;
}

void RedisConnection::setName(const QString &name)
{
    d->name = name;
}

void RedisConnection::setConnectCommands(const QList<QList<QByteArray>> &commands)
{
    d->connectCommands = commands;
}

void RedisConnection::open()
{
    d->wanted = true;
    d->nextDelayMs = d->firstDelayMs;
    d->connectNow();
}

void RedisConnection::close()
{
    d->wanted = false;
    d->reconnectTimer.stop();
    if (d->ctx || d->state != State::Disconnected)
        d->drop(QStringLiteral("closed"), ErrorKind::Unavailable);
}

RedisConnection::State RedisConnection::state() const
{
    return d->state;
}

const RedisEndpoint &RedisConnection::endpoint() const
{
    return d->endpoint;
}

QString RedisConnection::lastError() const
{
    return d->lastError;
}

void RedisConnection::command(const QList<QByteArray> &args, Callback callback)
{
    if (!d->ctx || args.isEmpty()) {
        if (callback) {
            const QString why = args.isEmpty()
                ? QStringLiteral("empty redis command")
                : QStringLiteral("redis is not connected: %1")
                      .arg(d->lastError.isEmpty() ? QStringLiteral("not opened") : d->lastError);
            const ErrorKind kind = args.isEmpty() ? ErrorKind::Invalid : ErrorKind::Unavailable;
            // Asynchronously, like a reply: callers need not expect re-entrancy.
            QTimer::singleShot(0, this, [callback, why, kind] {
                callback(Result<RedisReply>::failure(why, kind));
            });
        }
        return;
    }
    const quintptr id = d->nextId++;
    d->pending.push_back({id, QDeadlineTimer(d->commandTimeoutMs), std::move(callback)});
    if (d->send(args, id) != REDIS_OK) {
        Private::Pending p = std::move(d->pending.back());
        d->pending.pop_back();
        if (p.callback) {
            QTimer::singleShot(0, this, [cb = std::move(p.callback)] {
                cb(Result<RedisReply>::failure(QStringLiteral("redis refused the command"),
                                               ErrorKind::Unavailable));
            });
        }
        return;
    }
    if (d->pending.size() == 1)
        d->armWatchdog();
}

void RedisConnection::subscribe(const QList<QByteArray> &channels)
{
    QList<QByteArray> fresh;
    for (const QByteArray &c : channels) {
        if (!d->channels.contains(c))
            fresh.append(c);
    }
    d->channels += fresh;
    if (d->ctx && d->state == State::Connected && !fresh.isEmpty()) {
        QList<QByteArray> args{QByteArrayLiteral("SUBSCRIBE")};
        args += fresh;
        d->awaitingSubscriptions += int(fresh.size());
        d->send(args, SubscriptionTag);
    }
}

} // namespace SmartFixer
