#!/usr/bin/python3
"""A python-socketio 5.x recipient for tst_conversations: connects with auth={'token': TOKEN},
waits for one new_message, answers it with mark_read (with an ack) and prints one JSON line
with the message and the ack. Exit code 2 when the server refuses the CONNECT, 3 when no
message came within 10 s."""
import json
import sys
import threading

import socketio


def main():
    url, token = sys.argv[1], sys.argv[2]
    sio = socketio.Client(reconnection=False)
    got = {}
    arrived = threading.Event()

    @sio.on('new_message')
    def on_message(data):
        got['message'] = data
        arrived.set()

    try:
        sio.connect(url, transports=['websocket'], auth={'token': token}, wait_timeout=10)
    except socketio.exceptions.ConnectionError as e:
        print(json.dumps({'refused': str(e)}))
        return 2
    print(json.dumps({'connected': True}), flush=True)
    if not arrived.wait(10):
        sio.disconnect()
        return 3
    m = got['message']
    ack = sio.call('mark_read', {'peer': m['from'], 'up_to': m['id']}, timeout=10)
    print(json.dumps({'message': m, 'ack': ack}), flush=True)
    sio.disconnect()
    return 0


if __name__ == '__main__':
    sys.exit(main())
