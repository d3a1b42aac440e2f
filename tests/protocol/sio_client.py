#!/usr/bin/python3
"""A python-socketio 5.x peer for tst_sioserver: connects over the websocket transport with
auth={'token': TOKEN}, waits for the server's "hello" event, calls "echo" with an ack and
prints one JSON line with what it got. Exit code 2 when the server refuses the CONNECT."""
import json
import sys
import threading

import socketio


def main():
    url, token = sys.argv[1], sys.argv[2]
    sio = socketio.Client(reconnection=False)
    hello = threading.Event()
    got = {}

    @sio.on('hello')
    def on_hello(data):
        got['hello'] = data
        hello.set()

    try:
        sio.connect(url, transports=['websocket'], auth={'token': token}, wait_timeout=10)
    except socketio.exceptions.ConnectionError as e:
        print(json.dumps({'refused': str(e)}))
        return 2
    hello.wait(10)
    ack = sio.call('echo', {'x': 1, 'text': 'h\u00e9'}, timeout=10)
    print(json.dumps({'sid': sio.sid, 'hello': got.get('hello'), 'ack': ack}))
    sio.disconnect()
    return 0


if __name__ == '__main__':
    sys.exit(main())
