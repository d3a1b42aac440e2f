// A presence server written with the reference Socket.IO 4.8 library, for interoperability
// tests of the SmartFixer client. It follows DESIGN.md §4 closely enough for a client: token in
// the CONNECT auth, presence_snapshot after connect, user_presence_update on connect and
// disconnect, acks for user_activity / presence_subscribe / send_message, typing relay.
// Usage: node node_presence_server.js [--ping-interval MS] [--ping-timeout MS] [--port N]
//        [--tls-cert PEM --tls-key PEM]
// Prints "listening on http://127.0.0.1:PORT" (https:// with TLS) once ready. Listens on
// 127.0.0.1, port 0.
'use strict';
const fs = require('fs');
const http = require('http');
const https = require('https');
const { Server } = require('socket.io');

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

// Fixed accounts: token → user. Everybody has everybody else as a contact.
const users = {
  1: { token: 'alice-token', name: 'alice' },
  2: { token: 'bob-token', name: 'bob' },
  3: { token: 'carol-token', name: 'carol' },
};
const state = {}; // user id → { connections, lastActive }
for (const id of Object.keys(users)) state[id] = { connections: 0, lastActive: null };
const WINDOW_MS = 5 * 60 * 1000;
const sentByClientId = new Map(); // `${from}:${client_id}` → first ack
let nextMessageId = 1;

function presence(id) {
  const s = state[id];
  const now = Date.now();
  const age = s.lastActive === null ? null : Math.max(0, now - s.lastActive);
  let st = 'last_seen';
  let status = 'Last seen a long time ago';
  if (age !== null && age <= WINDOW_MS) {
    st = s.connections > 0 ? 'online' : 'active';
    status = st === 'online' ? 'online'
        : age < 60000 ? 'Active just now' : `Active ${Math.floor(age / 60000)} minutes ago`;
  } else if (age !== null) {
    status = 'Last seen today at ' + new Date(s.lastActive).toISOString().substring(11, 16);
  }
  return {
    user_id: Number(id), is_online: s.connections > 0, state: st, status,
    last_active: s.lastActive === null ? null : new Date(s.lastActive).toISOString(),
    last_active_ago_ms: age,
  };
}

function textOption(name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
const tlsCert = textOption('--tls-cert');
const tlsKey = textOption('--tls-key');
const notFound = (req, res) => {
  res.writeHead(404, { 'Content-Type': 'application/json' });
  res.end('{"error":"not found"}');
};
const httpServer = tlsCert
  ? https.createServer({ cert: fs.readFileSync(tlsCert), key: fs.readFileSync(tlsKey) }, notFound)
  : http.createServer(notFound);
const io = new Server(httpServer, {
  transports: ['websocket'],
  pingInterval: option('--ping-interval', 25000),
  pingTimeout: option('--ping-timeout', 20000),
});

io.use((socket, next) => {
  const token = socket.handshake.auth && socket.handshake.auth.token;
  const id = Object.keys(users).find((k) => users[k].token === token);
  if (!id) return next(new Error('unauthorized'));
  socket.data.userId = Number(id);
  next();
});

function broadcastPresence(id) {
  // Everybody is everybody's contact here; the user's own sockets get it too.
  io.emit('user_presence_update', presence(id));
}

io.on('connection', (socket) => {
  const me = socket.data.userId;
  socket.join(`user:${me}`);
  const s = state[me];
  s.connections += 1;
  s.lastActive = Date.now();
  socket.emit('presence_snapshot', {
    users: Object.keys(users).filter((k) => Number(k) !== me).map(presence),
  });
  if (s.connections === 1) broadcastPresence(me);

  socket.on('user_activity', (...a) => {
    state[me].lastActive = Date.now();
    const ack = a.find((x) => typeof x === 'function');
    if (ack) ack({});
  });
  socket.on('presence_subscribe', (payload, ack) => {
    const ids = (payload && Array.isArray(payload.user_ids)) ? payload.user_ids : [];
    const known = ids.filter((id) => users[id]);
    if (typeof ack === 'function') ack({ users: known.map(presence) });
  });
  socket.on('send_message', (payload, ack) => {
    const reply = typeof ack === 'function' ? ack : () => {};
    state[me].lastActive = Date.now();
    if (!payload || !users[payload.to] || payload.to === me) return reply({ error: 'unknown recipient' });
    if (typeof payload.text !== 'string' || payload.text.length === 0 || payload.text.length > 4000)
      return reply({ error: 'bad text' });
    const key = `${me}:${payload.client_id}`;
    if (payload.client_id && sentByClientId.has(key)) return reply(sentByClientId.get(key));
    const message = { id: nextMessageId++, from: me, to: payload.to, text: payload.text,
      sent_at: new Date().toISOString(), client_id: payload.client_id || null };
    const first = { id: message.id, sent_at: message.sent_at };
    if (payload.client_id) sentByClientId.set(key, first);
    io.to(`user:${payload.to}`).emit('new_message', message);
    reply(first);
  });
  socket.on('typing', (payload, ack) => {
    if (payload && users[payload.to]) io.to(`user:${payload.to}`).emit('typing', { from: me });
    if (typeof ack === 'function') ack({});
  });
  // Any other event (e.g. "never_acked") is ignored on purpose: the ack-timeout test needs it.
  socket.on('disconnect', () => {
    state[me].connections -= 1;
    if (state[me].connections === 0) broadcastPresence(me);
  });
});

httpServer.listen(option('--port', 0), '127.0.0.1', () => {
  const scheme = tlsCert ? 'https' : 'http';
  process.stdout.write(`listening on ${scheme}://127.0.0.1:${httpServer.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
