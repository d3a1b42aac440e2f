#!/usr/bin/python3
"""A presence server written with python-socketio 5.7 (aiohttp), for interoperability tests of
the SmartFixer client. Same accounts and behaviour as node_presence_server.js (DESIGN.md §4).
python-engineio leaves maxPayload out of its open packet, which the client must accept.
Usage: /usr/bin/python3 python_presence_server.py [--ping-interval MS] [--ping-timeout MS] [--port N]
Prints "listening on http://127.0.0.1:PORT" once ready. Listens on 127.0.0.1, port 0."""
import argparse
import asyncio
import datetime
import sys
import time

import socketio
from aiohttp import web

parser = argparse.ArgumentParser()
parser.add_argument('--ping-interval', type=int, default=25000)
parser.add_argument('--ping-timeout', type=int, default=20000)
parser.add_argument('--port', type=int, default=0)
opts = parser.parse_args()

USERS = {1: 'alice-token', 2: 'bob-token', 3: 'carol-token'}
WINDOW_MS = 5 * 60 * 1000
state = {uid: {'connections': 0, 'last_active': None} for uid in USERS}
sessions = {}  # sid -> user id
sent = {}  # (from, client_id) -> first ack
next_id = [1]

sio = socketio.AsyncServer(async_mode='aiohttp', transports=['websocket'],
                           ping_interval=opts.ping_interval / 1000.0,
                           ping_timeout=opts.ping_timeout / 1000.0)
app = web.Application()
sio.attach(app)


def now_ms():
    return int(time.time() * 1000)


def iso(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc) \
        .isoformat(timespec='milliseconds').replace('+00:00', 'Z')


def presence(uid):
    s = state[uid]
    last = s['last_active']
    age = None if last is None else max(0, now_ms() - last)
    st, status = 'last_seen', 'Last seen a long time ago'
    if age is not None and age <= WINDOW_MS:
        st = 'online' if s['connections'] > 0 else 'active'
        status = 'online' if st == 'online' else (
            'Active just now' if age < 60000 else 'Active %d minutes ago' % (age // 60000))
    elif age is not None:
        status = 'Last seen today at ' + iso(last)[11:16]
    return {'user_id': uid, 'is_online': s['connections'] > 0, 'state': st, 'status': status,
            'last_active': None if last is None else iso(last), 'last_active_ago_ms': age}


@sio.event
async def connect(sid, environ, auth):
    token = auth.get('token') if isinstance(auth, dict) else None
    uid = next((u for u, t in USERS.items() if t == token), None)
    if uid is None:
        raise socketio.exceptions.ConnectionRefusedError('unauthorized')
    sessions[sid] = uid
    sio.enter_room(sid, 'user:%d' % uid)
    state[uid]['connections'] += 1
    state[uid]['last_active'] = now_ms()
    await sio.emit('presence_snapshot',
                   {'users': [presence(u) for u in USERS if u != uid]}, to=sid)
    if state[uid]['connections'] == 1:
        await sio.emit('user_presence_update', presence(uid))


@sio.event
async def disconnect(sid):
    uid = sessions.pop(sid, None)
    if uid is None:
        return
    state[uid]['connections'] -= 1
    if state[uid]['connections'] == 0:
        await sio.emit('user_presence_update', presence(uid))


@sio.event
async def user_activity(sid, data=None):
    state[sessions[sid]]['last_active'] = now_ms()
    return {}


@sio.event
async def presence_subscribe(sid, data):
    ids = data.get('user_ids', []) if isinstance(data, dict) else []
    return {'users': [presence(u) for u in ids if u in USERS]}


@sio.event
async def send_message(sid, data):
    me = sessions[sid]
    state[me]['last_active'] = now_ms()
    if not isinstance(data, dict) or data.get('to') not in USERS or data.get('to') == me:
        return {'error': 'unknown recipient'}
    text = data.get('text')
    if not isinstance(text, str) or not text or len(text) > 4000:
        return {'error': 'bad text'}
    key = (me, data.get('client_id'))
    if data.get('client_id') and key in sent:
        return sent[key]
    message = {'id': next_id[0], 'from': me, 'to': data['to'], 'text': text,
               'sent_at': iso(now_ms()), 'client_id': data.get('client_id')}
    next_id[0] += 1
    first = {'id': message['id'], 'sent_at': message['sent_at']}
    if data.get('client_id'):
        sent[key] = first
    await sio.emit('new_message', message, room='user:%d' % data['to'])
    return first


@sio.event
async def typing(sid, data):
    if isinstance(data, dict) and data.get('to') in USERS:
        await sio.emit('typing', {'from': sessions[sid]}, room='user:%d' % data['to'])
    return {}

# Any other event (e.g. "never_acked") has no handler: it is never acked, on purpose.


async def main():
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, '127.0.0.1', opts.port)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    print('listening on http://127.0.0.1:%d' % port, flush=True)
    await asyncio.Event().wait()


if __name__ == '__main__':
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
