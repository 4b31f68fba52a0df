#!/usr/bin/env python3
"""The service manager's end of sd_notify, for the tests: binds a datagram
unix socket at SOCKET and appends one line per datagram to OUT,

    <CLOCK_MONOTONIC at receipt, us>|KEY=VALUE|KEY=VALUE...

(the datagram's newline-separated assignments joined by '|'), until killed
or MAX_S seconds (default 60) have passed.

usage: notify_listener.py SOCKET OUT [MAX_S]
"""
import socket
import sys
import time


def main():
    path, out = sys.argv[1], sys.argv[2]
    max_s = float(sys.argv[3]) if len(sys.argv) > 3 else 60.0
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(0.2)
    deadline = time.monotonic() + max_s
    with open(out, "a", buffering=1) as f:
        while time.monotonic() < deadline:
            try:
                data = sock.recv(65536)
            except socket.timeout:
                continue
            now_us = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
            fields = data.decode(errors="replace").strip("\n").split("\n")
            f.write(f"{now_us}|{'|'.join(fields)}\n")


if __name__ == "__main__":
    main()
