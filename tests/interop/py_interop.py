#!/usr/bin/python3
"""Interop check with python-socketio (Debian's 5.7): alice watches bob; bob comes online;
alice must get user_presence_update for bob, and an ack {} for user_activity.

Usage: py_interop.py --url http://127.0.0.1:PORT --alice TOKEN --bob TOKEN --bob-id ID [--ca PEM]
With --ca (an https:// URL): the server's certificate is verified against that CA file only.
Prints one line per step and exits 0 on success, 1 on failure.
"""
import argparse
import faulthandler
import sys
import threading

import requests
import socketio


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--alice", required=True)
    parser.add_argument("--bob", required=True)
    parser.add_argument("--bob-id", type=int, required=True)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--ca", help="CA file (PEM) that signed the server's certificate")
    args = parser.parse_args()
    # A step that hangs beyond every timeout below: print where each thread is, then exit 1
    # (well before the test's own limit), so the failure says which call hung.
    faulthandler.dump_traceback_later(args.timeout * 4, exit=True)

    def client():
        if not args.ca:
            return socketio.Client(reconnection=False)
        # python-engineio hands a requests session's verify path to websocket-client as its
        # ca_certs, so WSS is verified against the test CA (and nothing else).
        session = requests.Session()
        session.verify = args.ca
        return socketio.Client(reconnection=False, http_session=session)

    bob_online = threading.Event()
    snapshot = threading.Event()
    alice = client()

    @alice.on("presence_snapshot")
    def on_snapshot(data):
        print("alice snapshot", data, flush=True)
        snapshot.set()

    @alice.on("user_presence_update")
    def on_update(data):
        print("alice update", data, flush=True)
        if data.get("user_id") == args.bob_id and data.get("state") == "online" \
                and data.get("is_online") is True:
            bob_online.set()

    alice.connect(args.url, transports=["websocket"], auth={"token": args.alice},
                  wait_timeout=args.timeout)
    if not snapshot.wait(args.timeout):
        print("FAIL: no presence_snapshot for alice", flush=True)
        return 1

    bob = client()
    bob.connect(args.url, transports=["websocket"], auth={"token": args.bob},
                wait_timeout=args.timeout)
    if not bob_online.wait(args.timeout):
        print("FAIL: alice got no update that bob is online", flush=True)
        return 1

    ack = alice.call("user_activity", {}, timeout=args.timeout)
    print("user_activity ack", ack, flush=True)
    if ack != {}:
        print("FAIL: user_activity ack is not {}", flush=True)
        return 1

    # python-socketio 5.7 waits out wait_timeout after a connect_error: keep it short.
    refused = client()
    try:
        refused.connect(args.url, transports=["websocket"], auth={"token": "wrong"},
                        wait_timeout=1)
        print("FAIL: a wrong token was accepted", flush=True)
        return 1
    except socketio.exceptions.ConnectionError as e:
        print("wrong token refused:", e, flush=True)

    # alice first: after that no handler thread prints any more, so "OK" is the last line.
    alice.disconnect()
    bob.disconnect()
    print("OK", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
