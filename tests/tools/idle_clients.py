#!/usr/bin/env python3
"""Hold many idle connections to a unix stream socket (integration tests,
issue 12 item 4): connect up to --count clients that never send a byte,
and connect again whenever the server closes one, for --seconds.

  idle_clients.py --path RUN/xvrrp.sock --count 1000 --seconds 10

Prints one JSON line at the end: {"connects": N, "closed_by_server": N,
"connect_errors": N, "max_open": N}.
"""
import argparse
import json
import resource
import selectors
import socket
import time


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--path", required=True)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seconds", type=float, default=10)
    a = ap.parse_args()
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, a.count + 64), hard))

    sel = selectors.DefaultSelector()
    stats = {"connects": 0, "closed_by_server": 0, "connect_errors": 0, "max_open": 0}
    open_now = 0
    end = time.monotonic() + a.seconds
    while time.monotonic() < end:
        while open_now < a.count:
            c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            c.setblocking(False)
            try:
                c.connect(a.path)  # unix: done once queued in the backlog
            except OSError:  # EAGAIN: the backlog is full; try again after a pause
                stats["connect_errors"] += 1
                c.close()
                break
            sel.register(c, selectors.EVENT_READ)
            open_now += 1
            stats["connects"] += 1
        stats["max_open"] = max(stats["max_open"], open_now)
        for key, _ in sel.select(timeout=0.02):
            c = key.fileobj
            try:
                data = c.recv(4096)
            except OSError:
                data = b""
            if not data:
                sel.unregister(c)
                c.close()
                open_now -= 1
                stats["closed_by_server"] += 1
    print(json.dumps(stats), flush=True)


if __name__ == "__main__":
    main()
