#!/usr/bin/env python3
"""Send VRRPv3 IPv4 adverts at a steady rate (integration tests, issue 12 item 4).

  advert_flood.py --source 10.0.0.3 --vrid 10 --priority 100 --vip 10.0.0.254 \
                  --rate 200 --seconds 3

Each advert is well formed (TTL 255, checksum over the pseudo-header, the
given interval in centiseconds), so a receiving MASTER's XDP program accepts
it and reports it: a lower priority is S11, priority 0 is S9. Prints one JSON
line: {"sent": N, "first_s": T0, "last_s": T1} (CLOCK_REALTIME seconds).
"""
import argparse
import json
import socket
import struct
import time

VRRP_PROTO = 112
GROUP = "224.0.0.18"


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def advert(src: str, vrid: int, priority: int, interval_cs: int, vips: list) -> bytes:
    addrs = b"".join(socket.inet_aton(v) for v in vips)
    head = struct.pack("!BBBBH", 0x31, vrid, priority, len(vips), interval_cs & 0x0FFF)
    msg = head + b"\0\0" + addrs
    pseudo = socket.inet_aton(src) + socket.inet_aton(GROUP) + struct.pack("!BBH", 0, VRRP_PROTO, len(msg))
    csum = checksum(pseudo + msg)
    return head + struct.pack("!H", csum) + addrs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--vrid", type=int, required=True)
    ap.add_argument("--priority", type=int, required=True)
    ap.add_argument("--vip", action="append", required=True)
    ap.add_argument("--interval-cs", type=int, default=100)
    ap.add_argument("--rate", type=float, default=200)
    ap.add_argument("--seconds", type=float, default=3)
    a = ap.parse_args()

    frame = advert(a.source, a.vrid, a.priority, a.interval_cs, a.vip)
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, VRRP_PROTO)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(a.source))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 0)
    s.bind((a.source, 0))

    period = 1.0 / a.rate
    count = int(a.rate * a.seconds)
    start = time.monotonic()
    first = last = 0.0
    for i in range(count):
        due = start + i * period  # absolute schedule: no drift under load
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        s.sendto(frame, (GROUP, 0))
        last = time.time()
        first = first or last
    print(json.dumps({"sent": count, "first_s": first, "last_s": last}), flush=True)


if __name__ == "__main__":
    main()
