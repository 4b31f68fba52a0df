#!/usr/bin/env python3
"""Asks ARP for one address at a fixed rate and records who answers each ask.

    arp_probe.py --iface eth0 --target 192.0.2.254 --out FILE
                 [--interval-ms 10] [--tag-base 192.0.2.160] [--tags 16]

Each request is a broadcast with the client's MAC and one of TAGS sender
addresses in turn (tag-base, tag-base + 1, ...): a reply is addressed to the
sender address of its request, so a late reply is still counted for the
request that provoked it, not the next one. A request's window closes TAGS
requests later. One line per request, when it closes:
    unix_ms replies mac[,mac...]
(replies counts every reply frame, macs the distinct ARP sender MACs; "-"
when none). With a VMAC two routers answer with the same MAC: replies is
what tells two responders apart. Runs until SIGTERM/SIGINT.
"""
import argparse
import fcntl
import ipaddress
import select
import signal
import socket
import struct
import time

ETH_P_ARP = 0x0806
stop = False


def on_signal(*_):
    global stop
    stop = True


def iface_mac(sock, name):
    info = fcntl.ioctl(sock.fileno(), 0x8927, struct.pack("256s", name.encode()[:15]))  # SIOCGIFHWADDR
    return info[18:24]


def request(mac, spa, tpa):
    eth = b"\xff" * 6 + mac + struct.pack("!H", ETH_P_ARP)
    arp = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + mac + spa + b"\x00" * 6 + tpa
    return eth + arp


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iface", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--interval-ms", type=float, default=10.0)
    ap.add_argument("--tag-base", default="192.0.2.160")
    ap.add_argument("--tags", type=int, default=16)
    a = ap.parse_args()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ARP))
    s.bind((a.iface, ETH_P_ARP))
    s.setblocking(False)
    mac = iface_mac(s, a.iface)
    tpa = socket.inet_aton(a.target)
    base = int(ipaddress.IPv4Address(a.tag_base))
    tags = [socket.inet_aton(str(ipaddress.IPv4Address(base + i))) for i in range(a.tags)]
    frames = [request(mac, t, tpa) for t in tags]
    tag_of = {t: i for i, t in enumerate(tags)}

    out = open(a.out, "w", buffering=1 << 16)
    pending = {}  # tag -> [unix_ms, replies, set(macs)]
    seq = 0
    interval = a.interval_ms / 1000.0
    nxt = time.monotonic()

    def close(tag):
        w = pending.pop(tag, None)
        if w is not None:
            macs = ",".join(sorted(w[2])) if w[2] else "-"
            out.write(f"{w[0]:.1f} {w[1]} {macs}\n")

    while not stop:
        now = time.monotonic()
        if now >= nxt:
            tag = seq % a.tags
            close(tag)  # its window is over: TAGS requests ago
            pending[tag] = [time.time() * 1000.0, 0, set()]
            try:
                s.send(frames[tag])
            except OSError:
                pass  # the interface may be busy; the window records 0 replies
            seq += 1
            nxt += interval
            if nxt < now:  # fell behind (a stall): do not burst to catch up
                nxt = now + interval
            continue
        r, _, _ = select.select([s], [], [], max(0.0, nxt - now))
        if not r:
            continue
        while True:
            try:
                f = s.recv(128)
            except BlockingIOError:
                break
            if len(f) < 42 or f[12:14] != b"\x08\x06" or f[20:22] != b"\x00\x02":
                continue
            if f[28:32] != tpa:  # the sender protocol address: the asked one
                continue
            w = pending.get(tag_of.get(f[38:42], -1))
            if w is not None:
                w[1] += 1
                w[2].add(f[22:28].hex(":"))
    for tag in sorted(pending, key=lambda t: pending[t][0]):
        close(tag)
    out.close()


if __name__ == "__main__":
    main()
