#!/usr/bin/python3
"""Watch presence on a SmartFixer server by hand with python-socketio.

    tests/interop/watch_presence.py --url http://127.0.0.1:8765 --token TOKEN [USER_ID ...]

Prints the presence_snapshot of the token's contacts and every user_presence_update as one
JSON line each; USER_IDs are added with presence_subscribe. --activity SECONDS sends
user_activity that often (so this watcher itself stays "online"). Ctrl+C quits.
"""
import argparse
import json
import sys
import time

import socketio


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="server URL, e.g. http://127.0.0.1:8765")
    parser.add_argument("--token", required=True, help="access token (smartfixer-server user token NAME)")
    parser.add_argument("--activity", type=float, default=0,
                        help="send user_activity every SECONDS (0 = never)")
    parser.add_argument("user_ids", nargs="*", type=int, help="more users to watch")
    args = parser.parse_args()

    sio = socketio.Client(reconnection=True)

    def show(kind, data):
        print(json.dumps({"event": kind, "data": data}), flush=True)

    sio.on("presence_snapshot", lambda data: show("presence_snapshot", data))
    sio.on("user_presence_update", lambda data: show("user_presence_update", data))
    sio.on("new_message", lambda data: show("new_message", data))

    @sio.event
    def connect_error(data):
        print(f"connection refused: {data}", file=sys.stderr, flush=True)

    try:
        sio.connect(args.url, transports=["websocket"], auth={"token": args.token},
                    wait_timeout=10)
    except socketio.exceptions.ConnectionError as e:
        print(f"cannot connect to {args.url}: {e}", file=sys.stderr)
        return 1
    if args.user_ids:
        show("presence_subscribe", sio.call("presence_subscribe", {"user_ids": args.user_ids},
                                            timeout=10))
    try:
        while True:
            if args.activity > 0:
                time.sleep(args.activity)
                sio.emit("user_activity", {})
            else:
                sio.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        sio.disconnect()
    return 0


if __name__ == "__main__":
    sys.exit(main())
