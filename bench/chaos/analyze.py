#!/usr/bin/env python3
"""The chaos soak's figures, per fault and per fault class.

    analyze.py --faults faults.tsv --ping ping.timeline --ping-t0-ms T --arp arp.log
               [--adverts adverts.log] [--ping-interval-ms 1] [--arp-interval-ms 10]

faults.tsv (run.sh): index class node duration_ms gap_ms param t0 t1 t2
healthy note, times in unix ms: t0 the fault applied, t1 undone, t2 the end
of its gap and health check. A fault's window is [t0, t2).
ping.timeline (xvrrp-probe): "seq send_ms rtt_us" with send_ms from T and
rtt -1 for a lost request. arp.log (arp_probe.py): "unix_ms replies macs".

adverts.log (tcpdump -tt in the client's namespace): every VRRP advert the
client saw, the first field its unix time in seconds.

Per window: outage_ms, the longest run of lost pings that starts in the
window, measured like xvrrp-probe (from the last answered request before it
to the first answered after it, less one interval); lost, the lost pings;
two_responders_ms / two_macs_ms / none_ms, ARP requests in the window
answered by two or more replies / by two or more distinct MACs / by none,
times the ARP interval. With --adverts, for a window with an outage:
outage_from_last_advert_ms, from the last advert on the wire before the
outage began to the first answered ping after it. A backup takes over one
Master_Down_Interval after the master's last advert, so this is the
implementation's own protocol time plus its takeover, without the phase of
the master's advert cycle at the fault, which the outage alone samples
(up to one advert interval of noise per fault). Prints one JSON object.
"""
import argparse
import bisect
import json
import statistics


def load_ping(path, t0):
    times, ok = [], []
    with open(path) as f:
        for line in f:
            if line.startswith("#"):
                continue
            _, ms, rtt = line.split()
            times.append(t0 + float(ms))
            ok.append(rtt != "-1")
    return times, ok


def load_arp(path):
    rows = []
    with open(path) as f:
        for line in f:
            p = line.split()
            if len(p) == 3:
                macs = [] if p[2] == "-" else p[2].split(",")
                rows.append((float(p[0]), int(p[1]), len(macs)))
    rows.sort()
    return rows


def load_adverts(path):
    out = []
    with open(path) as f:
        for line in f:
            p = line.split(maxsplit=1)
            try:
                out.append(float(p[0]) * 1000.0)
            except (IndexError, ValueError):
                continue  # tcpdump's own messages
    out.sort()
    return out


def ping_window(times, ok, a, b, interval):
    """Longest outage starting in [a, b), the lost count there, and the
    outage's last answered and first answered send times (None if none)."""
    i = bisect.bisect_left(times, a)
    j = bisect.bisect_left(times, b)
    worst, lost, k, span = 0.0, 0, i, None
    while k < j:
        if ok[k]:
            k += 1
            continue
        start = k
        while k < len(ok) and not ok[k]:
            k += 1
        lost += min(k, j) - start
        before = times[start - 1] if start > 0 else times[start] - interval
        after = times[k] if k < len(times) else times[-1] + interval
        if after - before - interval > worst:
            worst, span = after - before - interval, (before, after)
    return round(worst, 1), lost, span


def from_last_advert(adverts, span):
    """From the last advert seen before the outage's first lost ping to the
    first answered one; None without an advert before it."""
    if not adverts or span is None:
        return None
    before, after = span
    i = bisect.bisect_right(adverts, before)
    return round(after - adverts[i - 1], 1) if i > 0 else None


def arp_window(rows, keys, a, b, interval):
    i, j = bisect.bisect_left(keys, a), bisect.bisect_left(keys, b)
    w = rows[i:j]
    return {
        "arp_requests": len(w),
        "two_responders_ms": sum(1 for r in w if r[1] >= 2) * interval,
        "two_macs_ms": sum(1 for r in w if r[2] >= 2) * interval,
        "none_ms": sum(1 for r in w if r[1] == 0) * interval,
    }


def stats(values):
    if not values:
        return None
    return {"n": len(values), "median": round(statistics.median(values), 1),
            "max": round(max(values), 1), "total": round(sum(values), 1)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--faults", required=True)
    ap.add_argument("--ping", required=True)
    ap.add_argument("--ping-t0-ms", type=float, required=True)
    ap.add_argument("--arp", required=True)
    ap.add_argument("--adverts")
    ap.add_argument("--ping-interval-ms", type=float, default=1.0)
    ap.add_argument("--arp-interval-ms", type=float, default=10.0)
    a = ap.parse_args()
    times, ok = load_ping(a.ping, a.ping_t0_ms)
    arp = load_arp(a.arp)
    arp_keys = [r[0] for r in arp]
    adverts = load_adverts(a.adverts) if a.adverts else None
    faults = []
    with open(a.faults) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            idx, cls, node, dur, gap, param, t0, t1, t2, healthy, note = p
            t0, t1, t2 = float(t0), float(t1), float(t2)
            if times and times[0] <= t0 and t2 <= times[-1]:
                outage, lost, span = ping_window(times, ok, t0, t2, a.ping_interval_ms)
            else:  # the prober was not running throughout: not measured
                outage, lost, span = None, None, None
            row = {"index": int(idx), "class": cls, "node": node, "duration_ms": int(dur),
                   "gap_ms": int(gap), "param": param, "held_ms": round(t1 - t0),
                   "window_ms": round(t2 - t0), "recovered": healthy == "1",
                   "outage_ms": outage, "lost": lost}
            row.update(arp_window(arp, arp_keys, t0, t2, a.arp_interval_ms))
            if adverts is not None and outage:
                row["outage_from_last_advert_ms"] = from_last_advert(adverts, span)
            if note != "-":
                row["note"] = note
            faults.append(row)

    per_class = {}
    for cls in sorted({r["class"] for r in faults}):
        rows = [r for r in faults if r["class"] == cls]
        per_class[cls] = {
            "count": len(rows),
            "outage_ms": stats([r["outage_ms"] for r in rows if r["outage_ms"] is not None]),
            "outage_not_measured": sum(1 for r in rows if r["outage_ms"] is None),
            "outage_from_last_advert_ms": stats([r["outage_from_last_advert_ms"] for r in rows
                                                 if r.get("outage_from_last_advert_ms") is not None]),
            "lost_pings": sum(r["lost"] or 0 for r in rows),
            "two_responders_ms": stats([r["two_responders_ms"] for r in rows]),
            "two_macs_ms": stats([r["two_macs_ms"] for r in rows]),
            "none_ms": stats([r["none_ms"] for r in rows]),
            "unrecovered": sum(1 for r in rows if not r["recovered"]),
        }
    covered = sum(r["window_ms"] for r in faults)
    out = {
        "faults_run": len(faults),
        "per_class": per_class,
        "totals": {
            "windows_ms": covered,
            "lost_pings": sum(r["lost"] or 0 for r in faults),
            "two_responders_ms": sum(r["two_responders_ms"] for r in faults),
            "two_macs_ms": sum(r["two_macs_ms"] for r in faults),
            "none_ms": sum(r["none_ms"] for r in faults),
            "unrecovered": sum(1 for r in faults if not r["recovered"]),
            "pings": len(times),
            "arp_requests": len(arp),
        },
        "faults": faults,
    }
    print(json.dumps(out, separators=(",", ":")))


if __name__ == "__main__":
    main()
