#!/usr/bin/env python3
"""One trial's takeover chain from a switch capture, the probe and the backup's log.

Reads tshark fields on stdin (time_epoch, sll.ifindex, sll.pkttype, ip.src,
ip.dst, vrrp.prio, arp.opcode, arp.src, arp.dst, icmp.type) and prints one TSV
row of milestones in ms after r1's last advert on the wire, all on
CLOCK_MONOTONIC (see COLUMNS). An empty field was not seen. The fault command's
own time is a column, not the origin: under load, forking `ip link set down`
took up to ~150 ms, during which r1 still advertised.
"""
import argparse
import json
import re
import sys

COLUMNS = [
    "impl", "interval", "trial",
    "fault_cmd",          # the bench issued the fault command (bash, before the fork)
    "r1_last_frame",      # r1's last frame of any kind entering the switch: its link went down
    "mdi_deadline",       # that + the backup's Master_Down_Interval (as the impl computes it)
    "kernel_deadline",    # xvrrp: the deadline the sweep fired for (from the MASTER_DOWN event)
    "sweep",              # xvrrp: the sweep that reported it
    "woke",               # xvrrp: the controller starts reading the ring
    "master",             # xvrrp: state machine says MASTER
    "advert_sent",        # xvrrp: sendmmsg of the first advert returned
    "vips_added",         # xvrrp: netlink add of the VIPs returned
    "garp_sent",          # xvrrp: first gratuitous ARP handed to the kernel
    "wire_advert",        # r2's first advert entering the switch
    "wire_garp",          # r2's first gratuitous ARP for the VIP entering the switch
    "wire_reply",         # r2's first echo reply entering the switch
    "client_reply",       # that reply leaving the switch to the client
    "outage_begin",       # the probe: send time of the last answered request before the gap
    "outage_end",         # the probe: send time of the first answered request after it
    "outage_ms",
    "r1_frames_after_advert",     # frames r1 still emitted after its last advert (echo replies)
    "requests_to_r2_in_outage",   # echo requests the switch delivered to r2 during the outage
]

PACKET_OUTGOING = 4
LOG_RE = re.compile(
    r"takeover timeline \(us after the master-down deadline (\d+) ns\): sweep (\S+), woke (\S+), "
    r"MASTER (\S+), advert sent (\S+), VIPs added (\S+), gratuitous sent (\S+)")


def mdi_us(impl, interval_us, priority):
    """The backup's Master_Down_Interval as the implementation computes it."""
    if impl == "keepalived":  # Skew_Time in whole centiseconds (2.2.7)
        cs = interval_us // 10000
        return 3 * interval_us + ((256 - priority) * cs // 256) * 10000
    return 3 * interval_us + (256 - priority) * interval_us // 256


def parse_interval(text):
    if text.endswith("ms"):
        return int(text[:-2]) * 1000
    return int(text[:-1]) * 1000000


def main():
    ap = argparse.ArgumentParser()
    for a in ("impl", "interval", "trial", "fault-rt-us", "offset-ns", "ports", "r1", "r2", "vip",
              "client", "probe", "log"):
        ap.add_argument("--" + a)
    ap.add_argument("--priority", type=int, default=100)
    o = ap.parse_args()
    offset = int(o.offset_ns)
    fault = int(o.fault_rt_us) * 1000 - offset  # monotonic ns
    ports = dict(p.split("=", 1) for p in o.ports.split())


    frames = []
    for line in sys.stdin:
        f = line.rstrip("\n").split("\t")
        f += [""] * (10 - len(f))
        try:
            rt = f[0].split(".")
            t = int(rt[0]) * 10**9 + int((rt[1] + "000000000")[:9]) - offset
        except (ValueError, IndexError):
            continue
        frames.append({"t": t, "port": ports.get(f[1], f[1]),
                       "out": f[2] == str(PACKET_OUTGOING), "src": f[3], "dst": f[4],
                       "vrrp": f[5] != "", "arp": f[6], "arp_src": f[7], "icmp": f[9]})
    entering = lambda fr, port: fr["port"] == port and not fr["out"]

    def first(pred, after=fault):
        return next((fr["t"] for fr in frames if fr["t"] >= after and pred(fr)), None)

    r1_adverts = [fr["t"] for fr in frames if entering(fr, "p-r1") and fr["vrrp"] and fr["src"] == o.r1]
    r1_last = r1_adverts[-1] if r1_adverts else None
    r1_frames = [fr["t"] for fr in frames if entering(fr, "p-r1")]
    origin = r1_last if r1_last is not None else fault

    def ms(mono_ns):
        return "" if mono_ns is None else f"{(mono_ns - origin) / 1e6:.3f}"

    mdi = r1_last + mdi_us(o.impl, parse_interval(o.interval), o.priority) * 1000 if r1_last else None
    wire_advert = first(lambda fr: entering(fr, "p-r2") and fr["vrrp"] and fr["src"] == o.r2, origin)
    wire_garp = first(lambda fr: entering(fr, "p-r2") and fr["arp"] and fr["arp_src"] == o.vip, origin)
    wire_reply = first(lambda fr: entering(fr, "p-r2") and fr["icmp"] == "0" and fr["src"] == o.vip,
                       origin)
    client_reply = first(lambda fr: fr["port"] == "p-c" and fr["out"] and fr["icmp"] == "0",
                         after=wire_reply or origin)
    r1_after = sum(1 for t in r1_frames if t > origin)

    begin = end = outage = None
    try:
        p = json.load(open(o.probe))
        start = int(p["start_mono_us"]) * 1000
        begin = start + int(float(p["outage_start_ms"]) * 1e6)
        outage = float(p["outage_ms"])
        end = begin + int((outage + 1.0) * 1e6)  # the next answered request (1 ms probe)
    except (OSError, ValueError, KeyError):
        pass
    in_outage = sum(1 for fr in frames if begin and end and begin <= fr["t"] < end
                    and fr["port"] == "p-r2" and fr["out"] and fr["icmp"] == "8")

    chain = [None] * 7
    if o.log:
        try:
            m = None
            for line in open(o.log, errors="replace"):
                m = LOG_RE.search(line) or m
            if m:
                d = int(m.group(1))
                chain[0] = d
                for i in range(1, 7):
                    v = m.group(i + 1)
                    chain[i] = None if v == "-" else d + int(v) * 1000
        except OSError:
            pass
    row = [o.impl, o.interval, o.trial, ms(fault), ms(r1_frames[-1] if r1_frames else None), ms(mdi)] + [ms(c) for c in chain] + [
        ms(wire_advert), ms(wire_garp), ms(wire_reply), ms(client_reply), ms(begin), ms(end),
        "" if outage is None else f"{outage:.3f}", str(r1_after), str(in_outage)]
    print("\t".join(str(x) for x in row))


if __name__ == "__main__":
    main()
