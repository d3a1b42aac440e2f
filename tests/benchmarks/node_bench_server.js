// socket.io 4.8 (Node) presence server for the side-by-side figures of run_benchmarks.sh: the
// same wire behaviour sf-loadtool needs from smartfixer-server, with the thinnest presence
// logic (like sf-transport-server). Tokens "tokN" authenticate user N; every connect gets a
// presence_snapshot (empty: no contacts); presence_subscribe joins the room of each id and is
// acked; a user's first connect and last disconnect emit user_presence_update to that room;
// user_activity is acked and changes nothing. Listens on 127.0.0.1 only.
// Usage: node node_bench_server.js [--port N]   (prints "listening on http://127.0.0.1:PORT")
'use strict';
const http = require('http');
const { Server } = require('socket.io');

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : 0;

const httpServer = http.createServer((req, res) => {
  res.writeHead(404, { 'Content-Type': 'application/json' });
  res.end('{"error":"not found"}');
});
const io = new Server(httpServer, { transports: ['websocket'], maxHttpBufferSize: 64 * 1024 });
const online = new Map(); // user id → live connections

io.use((socket, next) => {
  const token = socket.handshake.auth && socket.handshake.auth.token;
  const m = typeof token === 'string' && /^tok([1-9][0-9]*)$/.exec(token);
  if (!m) return next(new Error('unauthorized'));
  socket.data.userId = Number(m[1]);
  next();
});

function update(id, isOnline) {
  io.to('p:' + id).emit('user_presence_update',
    { user_id: id, is_online: isOnline, state: isOnline ? 'online' : 'active' });
}

io.on('connection', (socket) => {
  const id = socket.data.userId;
  const n = (online.get(id) || 0) + 1;
  online.set(id, n);
  socket.emit('presence_snapshot', { users: [] });
  if (n === 1) update(id, true);
  socket.on('presence_subscribe', (payload, ack) => {
    const ids = payload && Array.isArray(payload.user_ids) ? payload.user_ids : [];
    for (const u of ids) if (Number.isInteger(u)) socket.join('p:' + u);
    if (typeof ack === 'function') ack({ users: [] });
  });
  socket.on('user_activity', (payload, ack) => {
    if (typeof ack === 'function') ack({});
  });
  socket.on('disconnect', () => {
    const left = (online.get(id) || 1) - 1;
    if (left === 0) { online.delete(id); update(id, false); } else online.set(id, left);
  });
});

httpServer.listen(port, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${httpServer.address().port}`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
