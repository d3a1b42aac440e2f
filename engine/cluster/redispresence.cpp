#include "redispresence.h"

#include "cluster/redisconnection.h"

#include <QCryptographicHash>
#include <QHash>
#include <QPointer>
#include <QTimer>
#include <memory>

namespace SmartFixer {

namespace {

// Every script keeps one user's hash <prefix>p:<uid> = {c: connections on all nodes,
// n:<node>: connections on that node, la: last_active ms, v: version}, the set of a node's
// users <prefix>nu:<node>, the lease zset <prefix>leases (score = expiry, Redis' clock) and
// one sequence <prefix>seq for versions (global, so a user whose hash was deleted when they
// left still gets growing versions). A published message is "uid version connections la"
// (la -1: never active). Versions let nodes drop stale or repeated messages.

// Shared Lua: publish the record of uid (hash h) with a fresh version; delete it when nobody
// is connected any more (PostgreSQL keeps last_active; nothing is left behind in Redis).
const char *const PublishLua = R"lua(
-- One HGETALL per user (a resync reads every online user: one call each, not five): the
-- plain fields (v, c, la) and the per-node counts as "name=n,…".
local function read_hash(h)
  local all = redis.call('HGETALL', h)
  local f, parts = {}, {}
  for i = 1, #all, 2 do
    if string.sub(all[i], 1, 2) == 'n:' then
      parts[#parts + 1] = string.sub(all[i], 3) .. '=' .. all[i + 1]
    else
      f[all[i]] = all[i + 1]
    end
  end
  return f, table.concat(parts, ','), #all
end
local function describe(prefix, uid, h)
  local f, nodes, n = read_hash(h)
  if n == 0 then
    return uid .. ' ' .. (redis.call('GET', prefix .. 'seq') or '0') .. ' 0 -1 '
  end
  return uid .. ' ' .. (f.v or '0') .. ' ' .. (f.c or '0') .. ' ' .. (f.la or '-1') .. ' ' .. nodes
end
-- Every version is published once, in order, on the one channel: a node that sees them all
-- in sequence (and a "mark" with the last one) knows it missed nothing (RedisCluster).
local function publish(prefix, channel, uid, h)
  local v = redis.call('INCR', prefix .. 'seq')
  local f, nodes = read_hash(h)
  local c = tonumber(f.c or '0')
  if c < 0 then c = 0 end
  local la = f.la or '-1'
  local msg = uid .. ' ' .. v .. ' ' .. c .. ' ' .. la .. ' '
  if c == 0 then
    redis.call('DEL', h)
    redis.call('SREM', prefix .. 'online', uid)
  else
    redis.call('HSET', h, 'v', v, 'c', c)
    redis.call('SADD', prefix .. 'online', uid)
    msg = msg .. nodes
  end
  redis.call('PUBLISH', channel, msg)
  return msg
end
local function retire(prefix, channel, node)
  local set = prefix .. 'nu:' .. node
  local changed = 0
  for _, uid in ipairs(redis.call('SMEMBERS', set)) do
    local h = prefix .. 'p:' .. uid
    local n = tonumber(redis.call('HGET', h, 'n:' .. node) or '0')
    if n > 0 then
      redis.call('HDEL', h, 'n:' .. node)
      redis.call('HINCRBY', h, 'c', -n)
      publish(prefix, channel, uid, h)
      changed = changed + 1
    end
  end
  redis.call('DEL', set)
  redis.call('ZREM', prefix .. 'leases', node)
  redis.call('HDEL', prefix .. 'leasems', node)
  redis.call('SREM', prefix .. 'synced', node)
  -- After the records: what Redis says of this node is final (see ResyncLua).
  redis.call('PUBLISH', channel, 'node ' .. node)
  return changed
end
-- Every node's lease length, "name=ms,…" (the renewal's and the resync's replies).
local function lease_lengths(prefix)
  local leases = {}
  local lm = redis.call('HGETALL', prefix .. 'leasems')
  for i = 1, #lm, 2 do leases[#leases + 1] = lm[i] .. '=' .. lm[i + 1] end
  return table.concat(leases, ',')
end
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
)lua";

// ARGV: prefix, channel, uid, node, now
const char *const OpenLua = R"lua(
local prefix, channel, uid, node, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local h = prefix .. 'p:' .. uid
redis.call('HINCRBY', h, 'n:' .. node, 1)
redis.call('HINCRBY', h, 'c', 1)
local la = redis.call('HGET', h, 'la')
if not la or tonumber(now) > tonumber(la) then redis.call('HSET', h, 'la', now) end
redis.call('SADD', prefix .. 'nu:' .. node, uid)
return publish(prefix, channel, uid, h)
)lua";

// ARGV: prefix, channel, uid, node
const char *const CloseLua = R"lua(
local prefix, channel, uid, node = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local h = prefix .. 'p:' .. uid
local f = 'n:' .. node
local n = tonumber(redis.call('HGET', h, f) or '0')
if n <= 0 then
  -- Nothing of this node's to close (it was retired meanwhile): no change.
  return describe(prefix, uid, h)
end
if n == 1 then
  redis.call('HDEL', h, f)
  redis.call('SREM', prefix .. 'nu:' .. node, uid)
else
  redis.call('HINCRBY', h, f, -1)
end
redis.call('HINCRBY', h, 'c', -1)
return publish(prefix, channel, uid, h)
)lua";

// ARGV: prefix, channel, uid, now
const char *const TouchLua = R"lua(
local prefix, channel, uid, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local h = prefix .. 'p:' .. uid
local la = redis.call('HGET', h, 'la')
local c = tonumber(redis.call('HGET', h, 'c') or '0')
if c <= 0 or (la and tonumber(now) <= tonumber(la)) then
  return describe(prefix, uid, h)
end
redis.call('HSET', h, 'la', now)
return publish(prefix, channel, uid, h)
)lua";

// ARGV: prefix, node, lease ms
const char *const RenewLua = R"lua(
-- 1: the lease was not there (first renewal, or another node retired this one meanwhile)
-- The lease's length too: after Redis lost its data, the others wait that long at most for
-- this node to put its users back (see ResyncLua's 'synced').
-- 2: every node's lease length, "name=ms,…" (as in the resync's reply).
redis.call('HSET', ARGV[1] .. 'leasems', ARGV[2], ARGV[3])
local added = redis.call('ZADD', ARGV[1] .. 'leases', now_ms() + tonumber(ARGV[3]), ARGV[2])
return {added, lease_lengths(ARGV[1])}
)lua";

// ARGV: prefix, channel, self
const char *const RetireExpiredLua = R"lua(
local prefix, channel, self = ARGV[1], ARGV[2], ARGV[3]
local changed = 0
for _, node in ipairs(redis.call('ZRANGEBYSCORE', prefix .. 'leases', '-inf', now_ms())) do
  if node ~= self then changed = changed + retire(prefix, channel, node) end
end
return changed
)lua";

// ARGV: prefix, channel, node, then per user of this node: uid, connections, last_active.
// Makes Redis count exactly this node's connections (after Redis lost them or a retirement by
// another node while this one was cut off, or a restart under the same name), then returns
// the sequence and every online user's record, so the node can rebuild what pub/sub missed.
const char *const ResyncLua = R"lua(
local prefix, channel, node = ARGV[1], ARGV[2], ARGV[3]
local set = prefix .. 'nu:' .. node
local want = {}
for i = 4, #ARGV - 2, 3 do want[ARGV[i]] = {tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])} end
for _, uid in ipairs(redis.call('SMEMBERS', set)) do
  if not want[uid] then
    local h = prefix .. 'p:' .. uid
    local n = tonumber(redis.call('HGET', h, 'n:' .. node) or '0')
    redis.call('SREM', set, uid)
    if n > 0 then
      redis.call('HDEL', h, 'n:' .. node)
      redis.call('HINCRBY', h, 'c', -n)
      publish(prefix, channel, uid, h)
    end
  end
end
for uid, w in pairs(want) do
  local h = prefix .. 'p:' .. uid
  local got = redis.call('HMGET', h, 'n:' .. node, 'la')
  local old, la = tonumber(got[1] or '0'), got[2]
  local moved = w[2] >= 0 and (not la or w[2] > tonumber(la))
  if moved then redis.call('HSET', h, 'la', w[2]) end
  if old ~= w[1] then
    redis.call('HSET', h, 'n:' .. node, w[1])
    redis.call('HINCRBY', h, 'c', w[1] - old)
  end
  redis.call('SADD', set, uid)
  if old ~= w[1] or moved then publish(prefix, channel, uid, h) end
end
-- The epoch names this Redis' data set: a Redis that lost its data (a restart without
-- persistence) starts versions again from 1, and the nodes must know to accept them.
local epoch = redis.call('GET', prefix .. 'epoch')
if not epoch then
  local t = redis.call('TIME')
  epoch = t[1] .. t[2]
  redis.call('SET', prefix .. 'epoch', epoch)
end
-- The nodes that have resynced since this data set began (it starts empty with the data
-- set), and every node's lease length: a node that lost its users with Redis' data and has
-- not put them back yet is waited for, not taken for gone.
redis.call('SADD', prefix .. 'synced', node)
-- "node NAME" after its records: the others stop waiting for it (a message that is not a
-- record, so nodes that do not know it ignore it).
redis.call('PUBLISH', channel, 'node ' .. node)
local synced = table.concat(redis.call('SMEMBERS', prefix .. 'synced'), ',')
local seq = redis.call('GET', prefix .. 'seq') or '0'
-- "base NODE SEQ": every record up to SEQ came before it on the channel, every later one
-- after it, so this node counts the records from here (RedisCluster).
redis.call('PUBLISH', channel, 'base ' .. node .. ' ' .. seq)
local out = {seq, epoch, synced, lease_lengths(prefix)}
for _, uid in ipairs(redis.call('SMEMBERS', prefix .. 'online')) do
  out[#out + 1] = describe(prefix, uid, prefix .. 'p:' .. uid)
end
return out
)lua";

// ARGV: prefix, channel, node. "mark NODE SEQ" on the channel: a node that has seen every
// record up to SEQ in order when this arrives missed none (the cheap check between resyncs).
const char *const ProbeLua = R"lua(
local seq = redis.call('GET', ARGV[1] .. 'seq') or '0'
redis.call('PUBLISH', ARGV[2], 'mark ' .. ARGV[3] .. ' ' .. seq)
return seq
)lua";

// ARGV: prefix, channel, node
const char *const RetireSelfLua = R"lua(
return retire(ARGV[1], ARGV[2], ARGV[3])
)lua";

//! A script with its SHA-1, run with EVALSHA (EVAL once Redis does not know it yet, e.g.
//! after a restart), so a presence change sends a few dozen bytes, not the script.
struct Script
{
    explicit Script(const char *body)
        : text(QByteArray(PublishLua) + body),
          sha(QCryptographicHash::hash(text, QCryptographicHash::Sha1).toHex())
    { }
    QByteArray text;
    QByteArray sha;
};

void runScript(RedisConnection *c, const std::shared_ptr<quint64> &noscripts, const Script &script,
               const QList<QByteArray> &args, RedisConnection::Callback callback)
{
    QList<QByteArray> sha{QByteArrayLiteral("EVALSHA"), script.sha, QByteArrayLiteral("0")};
    sha += args;
    QList<QByteArray> eval{QByteArrayLiteral("EVAL"), script.text, QByteArrayLiteral("0")};
    eval += args;
    QPointer<RedisConnection> guard(c);
    c->command(sha, [guard, eval, callback, noscripts](const Result<RedisReply> &r) {
        // NOSCRIPT is Redis' own error code for an unknown SHA (its protocol, not a message).
        // The scripts are loaded on every connect (scriptLoadCommands()), so this happens only
        // when something flushed Redis' script cache while we were connected.
        if (!r.ok() && r.kind() == ErrorKind::Protocol && r.error().startsWith(u"NOSCRIPT")
            && guard) {
            if (noscripts)
                ++*noscripts;
            guard->command(eval, callback);
            return;
        }
        if (callback)
            callback(r);
    });
}

const Script &script(const char *body)
{
    // One Script per body, made once.
    static QHash<const char *, Script *> scripts;
    auto it = scripts.find(body);
    if (it == scripts.end())
        it = scripts.insert(body, new Script(body));
    return **it;
}

const char *const AllScripts[]
    = {OpenLua, CloseLua, TouchLua, RenewLua, RetireExpiredLua, ResyncLua, RetireSelfLua, ProbeLua};

} // namespace

QList<QList<QByteArray>> RedisPresence::scriptLoadCommands()
{
    QList<QList<QByteArray>> out;
    for (const char *body : AllScripts)
        out.append({QByteArrayLiteral("SCRIPT"), QByteArrayLiteral("LOAD"), script(body).text});
    return out;
}

QByteArray ClusterPresence::encode() const
{
    return QByteArray::number(user) + ' ' + QByteArray::number(version) + ' '
        + QByteArray::number(connections) + ' '
        + QByteArray::number(lastActiveMs ? *lastActiveMs : -1);
}

std::optional<ClusterPresence> ClusterPresence::decode(const QByteArray &message)
{
    const QList<QByteArray> parts = message.split(' ');
    if (parts.size() != 4 && parts.size() != 5)
        return std::nullopt;
    bool ok[4] = {};
    ClusterPresence p;
    p.user = parts[0].toLongLong(&ok[0]);
    p.version = parts[1].toLongLong(&ok[1]);
    p.connections = parts[2].toInt(&ok[2]);
    const qint64 la = parts[3].toLongLong(&ok[3]);
    if (!ok[0] || !ok[1] || !ok[2] || !ok[3] || p.user <= 0 || p.connections < 0)
        return std::nullopt;
    if (la >= 0)
        p.lastActiveMs = la;
    if (parts.size() == 5) {
        p.nodesKnown = true;
        for (const QByteArray &entry : parts[4].split(',')) {
            if (entry.isEmpty())
                continue;
            const qsizetype eq = entry.lastIndexOf('=');
            bool countOk = false;
            const int count = eq > 0 ? entry.mid(eq + 1).toInt(&countOk) : 0;
            if (!countOk || count < 0)
                return std::nullopt;
            p.nodes.insert(QString::fromUtf8(entry.left(eq)), count);
        }
    }
    return p;
}

RedisPresence::RedisPresence(RedisConnection *connection, QString node, QByteArray keyPrefix)
    : m_connection(connection), m_node(std::move(node)), m_prefix(std::move(keyPrefix)),
      m_noscripts(std::make_shared<quint64>(0))
{ }

quint64 RedisPresence::noscriptErrors() const
{
    return *m_noscripts;
}

QByteArray RedisPresence::channel() const
{
    return m_prefix + "presence";
}

void RedisPresence::runUserScript(const char *body, const QList<QByteArray> &args,
                                  Callback callback)
{
    runScript(m_connection, m_noscripts, script(body), args,
              [callback](const Result<RedisReply> &r) {
                  if (!callback)
                      return;
                  if (!r.ok()) {
                      callback(Result<ClusterPresence>::failureFrom(r));
                      return;
                  }
                  const auto p = ClusterPresence::decode(r->toByteArray());
                  if (!p) {
                      callback(Result<ClusterPresence>::failure(
                          QStringLiteral("unexpected reply from the presence script"),
                          ErrorKind::Protocol));
                      return;
                  }
                  callback(*p);
              });
}

void RedisPresence::open(UserId user, qint64 nowMs, Callback callback)
{
    runUserScript(
        OpenLua,
        {m_prefix, channel(), QByteArray::number(user), m_node.toUtf8(), QByteArray::number(nowMs)},
        std::move(callback));
}

void RedisPresence::close(UserId user, Callback callback)
{
    runUserScript(CloseLua, {m_prefix, channel(), QByteArray::number(user), m_node.toUtf8()},
                  std::move(callback));
}

void RedisPresence::touch(UserId user, qint64 nowMs, Callback callback)
{
    runUserScript(TouchLua,
                  {m_prefix, channel(), QByteArray::number(user), QByteArray::number(nowMs)},
                  std::move(callback));
}

void RedisPresence::read(const QList<UserId> &users, ListCallback callback)
{
    if (users.isEmpty()) {
        QList<ClusterPresence> none;
        QTimer::singleShot(0, m_connection, [callback, none] { callback(none); });
        return;
    }
    // One round trip: HMGET of every user's hash in a Lua loop would hide the keys; a
    // pipeline of HMGETs keeps it plain and in order.
    auto results = std::make_shared<QList<ClusterPresence>>();
    auto failed = std::make_shared<bool>(false);
    const qsizetype total = users.size();
    for (UserId user : users) {
        m_connection->command(
            {QByteArrayLiteral("HMGET"), m_prefix + "p:" + QByteArray::number(user), "v", "c",
             "la"},
            [user, results, failed, total, callback](const Result<RedisReply> &r) {
                if (*failed)
                    return;
                if (!r.ok() || r->elements.size() != 3) {
                    *failed = true;
                    callback(r.ok() ? Result<QList<ClusterPresence>>::failure(
                                 QStringLiteral("unexpected HMGET reply"), ErrorKind::Protocol)
                                    : Result<QList<ClusterPresence>>::failureFrom(r));
                    return;
                }
                ClusterPresence p;
                p.user = user;
                p.version = r->elements.at(0).toInteger(0);
                p.connections = int(r->elements.at(1).toInteger(0));
                if (!r->elements.at(2).isNil())
                    p.lastActiveMs = r->elements.at(2).toInteger(0);
                results->append(p);
                if (results->size() == total)
                    callback(*results);
            });
    }
}

namespace {

//! "name=ms,name=ms" (RenewLua, ResyncLua) as node → lease length; bad entries skipped.
QHash<QString, qint64> parseLeases(const QByteArray &text)
{
    QHash<QString, qint64> out;
    for (const QByteArray &entry : text.split(',')) {
        const qsizetype eq = entry.lastIndexOf('=');
        bool ok = false;
        const qint64 ms = eq > 0 ? entry.mid(eq + 1).toLongLong(&ok) : 0;
        if (ok && ms > 0)
            out.insert(QString::fromUtf8(entry.left(eq)), ms);
    }
    return out;
}

RedisConnection::Callback countCallback(RedisPresence::CountCallback callback)
{
    return [callback](const Result<RedisReply> &r) {
        if (!callback)
            return;
        if (!r.ok())
            callback(Result<int>::failureFrom(r));
        else
            callback(int(r->toInteger(0)));
    };
}

} // namespace

void RedisPresence::resync(const QList<NodeUser> &users, ResyncCallback callback)
{
    QList<QByteArray> args{m_prefix, channel(), m_node.toUtf8()};
    args.reserve(3 + 3 * users.size());
    for (const NodeUser &u : users) {
        args << QByteArray::number(u.user) << QByteArray::number(u.connections)
             << QByteArray::number(u.lastActiveMs ? *u.lastActiveMs : -1);
    }
    runScript(m_connection, m_noscripts, script(ResyncLua), args,
              [callback](const Result<RedisReply> &r) {
                  if (!callback)
                      return;
                  if (!r.ok()) {
                      callback(Result<Resynced>::failureFrom(r));
                      return;
                  }
                  if (r->type != RedisReply::Type::Array || r->elements.size() < 4) {
                      callback(Result<Resynced>::failure(
                          QStringLiteral("unexpected reply to the resync"), ErrorKind::Protocol));
                      return;
                  }
                  Resynced out;
                  out.sequence = r->elements.at(0).toInteger(0);
                  out.epoch = r->elements.at(1).toByteArray();
                  for (const QByteArray &n : r->elements.at(2).toByteArray().split(',')) {
                      if (!n.isEmpty())
                          out.synced.insert(QString::fromUtf8(n));
                  }
                  out.leaseMs = parseLeases(r->elements.at(3).toByteArray());
                  for (qsizetype i = 4; i < r->elements.size(); ++i) {
                      if (const auto p = ClusterPresence::decode(r->elements.at(i).toByteArray()))
                          out.online.append(*p);
                  }
                  callback(out);
              });
}

void RedisPresence::renewLease(qint64 leaseMs, RenewCallback callback)
{
    runScript(
        m_connection, m_noscripts, script(RenewLua),
        {m_prefix, m_node.toUtf8(), QByteArray::number(leaseMs)},
        [callback](const Result<RedisReply> &r) {
            if (!callback)
                return;
            if (!r.ok()) {
                callback(Result<Renewed>::failureFrom(r));
                return;
            }
            if (r->type != RedisReply::Type::Array || r->elements.size() < 2) {
                callback(Result<Renewed>::failure(
                    QStringLiteral("unexpected reply to the lease renewal"), ErrorKind::Protocol));
                return;
            }
            Renewed out;
            out.wasMissing = r->elements.at(0).toInteger(0) == 1;
            out.leaseMs = parseLeases(r->elements.at(1).toByteArray());
            callback(out);
        });
}

void RedisPresence::retireExpired(CountCallback callback)
{
    runScript(m_connection, m_noscripts, script(RetireExpiredLua),
              {m_prefix, channel(), m_node.toUtf8()}, countCallback(std::move(callback)));
}

void RedisPresence::probe()
{
    runScript(m_connection, m_noscripts, script(ProbeLua), {m_prefix, channel(), m_node.toUtf8()},
              {});
}

void RedisPresence::retireSelf(CountCallback callback)
{
    runScript(m_connection, m_noscripts, script(RetireSelfLua),
              {m_prefix, channel(), m_node.toUtf8()}, countCallback(std::move(callback)));
}

} // namespace SmartFixer
