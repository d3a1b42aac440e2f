#!/usr/bin/python3
"""Manual status (DESIGN.md §10) with python-socketio (Debian's 5.7): bob sets dnd with a message
through set_status, alice (who has bob as a contact) sees the new presence fields; bad input
gets an error ack; invisible looks offline to alice; auto brings bob back online.

Usage: py_status.py --url http://127.0.0.1:PORT --alice TOKEN --bob TOKEN --bob-id ID
Prints one line per step and exits 0 on success, 1 on failure.
"""
import argparse
import queue
import sys

import socketio


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--alice", required=True)
    parser.add_argument("--bob", required=True)
    parser.add_argument("--bob-id", type=int, required=True)
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args()

    updates = queue.Queue()
    alice = socketio.Client(reconnection=False)

    @alice.on("user_presence_update")
    def on_update(data):
        if data.get("user_id") == args.bob_id:
            updates.put(data)

    def wait_for(predicate, what):
        try:
            while True:
                data = updates.get(timeout=args.timeout)
                print("alice update", data, flush=True)
                if predicate(data):
                    return True
        except queue.Empty:
            print("FAIL: no update with " + what, flush=True)
            return False

    bob = socketio.Client(reconnection=False)
    bob.connect(args.url, transports=["websocket"], auth={"token": args.bob},
                wait_timeout=args.timeout)
    alice.connect(args.url, transports=["websocket"], auth={"token": args.alice},
                  wait_timeout=args.timeout)
    ack = alice.call("presence_subscribe", {"user_ids": [args.bob_id]}, timeout=args.timeout)
    users = ack.get("users", [])
    if len(users) != 1 or "availability" not in users[0] or "status_message" not in users[0]:
        print("FAIL: subscribe ack without the new fields:", ack, flush=True)
        return 1

    ack = bob.call("set_status", {"availability": "dnd", "message": "In a meeting",
                                  "expires_at": None}, timeout=args.timeout)
    print("set_status ack", ack, flush=True)
    if ack != {}:
        return 1
    if not wait_for(lambda d: d.get("availability") == "dnd"
                    and d.get("status_message") == "In a meeting", "availability dnd"):
        return 1

    bad = bob.call("set_status", {"availability": "dnd", "message": "x" * 101},
                   timeout=args.timeout)
    print("bad set_status ack", bad, flush=True)
    if not isinstance(bad, dict) or "error" not in bad:
        print("FAIL: no error ack for a 101-character message", flush=True)
        return 1

    bob.call("set_status", {"availability": "invisible"}, timeout=args.timeout)
    if not wait_for(lambda d: d.get("is_online") is False, "bob offline (invisible)"):
        return 1
    bob.call("set_status", {"availability": "auto", "message": None}, timeout=args.timeout)
    if not wait_for(lambda d: d.get("is_online") is True and d.get("state") == "online"
                    and d.get("availability") == "auto", "bob online again"):
        return 1

    alice.disconnect()
    bob.disconnect()
    print("OK", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
