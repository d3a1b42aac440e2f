#!/usr/bin/python3
"""A python-socketio client for tst_revokelive: connects with --token, prints "connected", and
when the server ends the connection prints "disconnected", tries once more with the same token
and prints "refused: …" (or "reconnected") before it exits. One line per event, flushed."""
import argparse
import sys
import threading

import socketio


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    args = parser.parse_args()

    # No automatic reconnection: the second attempt below is the one that must be refused.
    sio = socketio.Client(reconnection=False)
    gone = threading.Event()
    sio.on("connect", lambda: print("connected", flush=True))
    sio.on("disconnect", lambda: (print("disconnected", flush=True), gone.set()))
    try:
        sio.connect(args.url, transports=["websocket"], auth={"token": args.token},
                    wait_timeout=10)
    except socketio.exceptions.ConnectionError as e:
        print(f"refused: {e}", flush=True)
        return 1
    if not gone.wait(60):  # the test's bound; it ends us long before
        return 2
    again = socketio.Client(reconnection=False)
    again.on("connect_error", lambda data: print(f"connect_error: {data}", flush=True))
    try:
        again.connect(args.url, transports=["websocket"], auth={"token": args.token},
                      wait_timeout=10)
        print("reconnected", flush=True)
        again.disconnect()
    except socketio.exceptions.ConnectionError as e:
        print(f"refused: {e}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
