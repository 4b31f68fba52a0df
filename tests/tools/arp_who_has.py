#!/usr/bin/env python3
"""Broadcast ARP who-has for one address at a steady rate (integration tests, issue 12 item 2).

  arp_who_has.py --interface eth0 --target 192.0.2.254 --rate 2000 --seconds 30

arping sends at most one request per second; finding a short window in which
someone else (the kernel, with the real MAC) answers needs thousands per
second. Requests only: the replies are read from a capture (tshark), so this
tool has no say in what counts as an answer. Sender address: the
interface's own IPv4 address. Prints one JSON line {"sent": N} at the end.
"""
import argparse
import fcntl
import json
import socket
import struct
import time

SIOCGIFADDR = 0x8915
ETH_P_ARP = 0x0806


def own_ipv4(ifname: str) -> bytes:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    req = struct.pack("256s", ifname.encode()[:15])
    return fcntl.ioctl(s.fileno(), SIOCGIFADDR, req)[20:24]


def request(mac: bytes, ip: bytes, target: bytes) -> bytes:
    eth = b"\xff" * 6 + mac + struct.pack("!H", ETH_P_ARP)
    arp = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + mac + ip + b"\0" * 6 + target
    return eth + arp


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--interface", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--rate", type=float, default=2000)
    ap.add_argument("--seconds", type=float, default=30)
    a = ap.parse_args()

    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ARP))
    s.bind((a.interface, 0))
    mac = s.getsockname()[4]
    frame = request(mac, own_ipv4(a.interface), socket.inet_aton(a.target))
    period = 1.0 / a.rate
    start = time.monotonic()
    sent = 0
    try:
        while time.monotonic() - start < a.seconds:
            due = start + sent * period  # absolute schedule: catches up after a stall
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            s.send(frame)
            sent += 1
    except KeyboardInterrupt:
        pass
    print(json.dumps({"sent": sent}), flush=True)


if __name__ == "__main__":
    main()
