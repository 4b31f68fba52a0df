#!/usr/bin/env python3
"""Asks several xvrrp controllers for their status, round after round, and
writes one line per answer to OUT until killed (SIGTERM) or MAX_S seconds
(default 80) have passed:

    <wall-clock time, s with us> <name> <state> <master_ip or -> <effective priority or ->

state is the instance's state for VRID, or NONE when the controller does not
answer (not started, killed, stopped). A round asks every controller once,
in the order given; rounds start every PERIOD_MS (a late round starts at
once). The control socket is a path in the controller's run dir, so this
runs in the host's namespaces; one request per connection, as the socket
wants (docs/operations.md, "Looking at it").

usage: status_sampler.py OUT PERIOD_MS VRID NAME=SOCKET... [--max-s S]
"""
import json
import signal
import socket
import sys
import time


def ask(path):
    """The reply to a status request on the socket at path, or None."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(0.2)
            s.connect(path)
            s.sendall(b'{"command":"status"}\n')
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        return json.loads(data)
    except (OSError, ValueError):
        return None


def line(name, reply, vrid):
    inst = None
    if reply is not None:
        inst = next((i for i in reply.get("instances", []) if i.get("vrid") == vrid), None)
    if inst is None:
        return f"{name} NONE - -"
    master = inst.get("master_ip") or "-"
    return f"{name} {inst.get('state', 'NONE')} {master} {inst.get('effective_priority', '-')}"


def main():
    args = sys.argv[1:]
    max_s = 80.0
    if "--max-s" in args:
        i = args.index("--max-s")
        max_s = float(args[i + 1])
        del args[i : i + 2]
    out, period, vrid = args[0], float(args[1]) / 1000, int(args[2])
    routers = [a.split("=", 1) for a in args[3:]]
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    deadline = time.monotonic() + max_s
    with open(out, "a", buffering=1) as f:
        next_round = time.monotonic()
        while not stop and time.monotonic() < deadline:
            for name, path in routers:
                reply = ask(path)
                f.write(f"{time.time():.6f} {line(name, reply, vrid)}\n")
            next_round += period
            delay = next_round - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            else:
                next_round = time.monotonic()


if __name__ == "__main__":
    main()
