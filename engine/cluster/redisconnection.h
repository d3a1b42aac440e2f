#pragma once
// RedisConnection: one asynchronous connection to Redis 7 on the Qt event loop (hiredis' async
// API under our own QSocketNotifier adapter). It never blocks the event loop: connecting,
// every command and the replies are asynchronous, a watchdog fails commands that get no reply
// in time (hiredis 0.14 has no command timeouts) and drops the connection, and it reconnects
// with capped, jittered backoff. In subscriber mode it (re)subscribes to its channels after
// every connect and says so, so its owner can re-read the state it holds (pub/sub is
// at-most-once).
#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <functional>
#include <memory>

namespace SmartFixer {

//! Where Redis listens: redis://HOST[:PORT][/DB] or unix:PATH (DESIGN.md §9).
struct RedisEndpoint
{
    QString host; //!< empty with a unix socket
    int port = 6379;
    QString unixPath;
    int database = 0;
    //! The URL as given, for log lines (there is no password in these URLs).
    QString display() const;
};

//! Parses a --redis value; Invalid with a plain message for anything else.
Result<RedisEndpoint> parseRedisUrl(const QString &url);

//! One reply, as RESP2 has them.
struct RedisReply
{
    enum class Type { Nil, Status, Error, Integer, String, Array };
    Type type = Type::Nil;
    qint64 integer = 0;
    QByteArray string; //!< String, Status and Error text
    QList<RedisReply> elements; //!< Array

    bool isNil() const { return type == Type::Nil; }
    bool isError() const { return type == Type::Error; }
    //! The string of a String/Status reply, the number of an Integer reply as text.
    QByteArray toByteArray() const;
    qint64 toInteger(qint64 fallback = 0) const;
};

class RedisConnection : public QObject
{
    Q_OBJECT
public:
    enum class State { Disconnected, Connecting, Connected };
    Q_ENUM(State)

    //! A reply, or a failure: Unavailable (not connected, connection lost), Timeout (the
    //! watchdog), Protocol (Redis answered with an error reply; the message is its text).
    using Callback = std::function<void(const Result<RedisReply> &)>;

    explicit RedisConnection(const RedisEndpoint &endpoint, QObject *parent = nullptr);
    ~RedisConnection() override;

    //! How long a command may wait for its reply, and a connect for its completion (ms).
    void setCommandTimeout(int ms);
    int commandTimeout() const;
    //! Reconnect delays: the first, doubled per failed attempt up to the cap (ms).
    void setReconnectDelays(int firstMs, int maxMs);
    //! A name for log lines and CLIENT SETNAME.
    void setName(const QString &name);
    //! Commands sent first on every connect, ahead of anything queued (e.g. SCRIPT LOAD, so
    //! the first EVALSHA after a connect finds its script). Their replies are not reported.
    void setConnectCommands(const QList<QList<QByteArray>> &commands);

    //! Starts connecting (and reconnecting whenever the connection is lost) until close().
    void open();
    //! Closes the connection; pending commands fail with Unavailable. No reconnect.
    void close();
    State state() const;
    const RedisEndpoint &endpoint() const;
    //! Why the connection was lost last (empty while connected).
    QString lastError() const;

    //! Sends one command (each argument binary-safe). Commands issued while connecting are
    //! queued in order; while disconnected the callback fails at once (from the event loop).
    void command(const QList<QByteArray> &args, Callback callback = {});

    //! Subscriber mode: this connection only receives messages of \a channels (it must not be
    //! used for command()). Takes effect at once when connected, and after every reconnect.
    void subscribe(const QList<QByteArray> &channels);

Q_SIGNALS:
    //! Connected (and in subscriber mode: every channel's subscription confirmed), first time
    //! or again; in subscriber mode also once channels added by subscribe() are confirmed.
    //! State that was learned through pub/sub must be re-read now.
    void connected();
    //! The connection was lost or could not be made (it retries on its own).
    void disconnected(const QString &reason);
    void message(const QByteArray &channel, const QByteArray &payload);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace SmartFixer
