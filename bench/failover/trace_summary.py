#!/usr/bin/env python3
"""Summarizes failover_trace.tsv (trace_chain.py rows): per implementation and
interval, min / median / p99 / max of every step of the takeover chain, in ms.
p99 of a few trials is their max; the count is given beside it."""
import json
import sys

from trace_chain import COLUMNS

STEPS = [
    # name, from, to
    ("r1 last advert -> r1 link down (last frame)", None, "r1_last_frame"),
    ("r1 last advert -> MDI deadline", None, "mdi_deadline"),
    ("MDI deadline -> kernel deadline", "mdi_deadline", "kernel_deadline"),
    ("kernel deadline -> sweep", "kernel_deadline", "sweep"),
    ("sweep -> controller woke", "sweep", "woke"),
    ("woke -> MASTER", "woke", "master"),
    ("MASTER -> VIPs added", "master", "vips_added"),
    ("VIPs added -> advert sent", "vips_added", "advert_sent"),
    ("advert sent -> GARP sent", "advert_sent", "garp_sent"),
    ("kernel deadline -> first frame on the wire", "kernel_deadline", "wire_advert"),
    ("MDI deadline -> first frame on the wire", "mdi_deadline", "wire_advert"),
    ("first frame -> first echo reply from r2", "wire_advert", "wire_reply"),
    ("MDI deadline -> client answered again", "mdi_deadline", "outage_end"),
    ("r1 last advert -> client answered again", None, "outage_end"),
]


def pct(values, q):
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))] if q < 1 else s[-1]


def stats(values):
    if not values:
        return None
    s = sorted(values)
    n = len(s)
    med = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    return {"n": n, "min": round(s[0], 3), "median": round(med, 3), "p99": round(pct(s, 0.99), 3),
            "max": round(s[-1], 3)}


def main():
    rows = [dict(zip(COLUMNS, line.rstrip("\n").split("\t"))) for line in open(sys.argv[1])
            if line.strip() and not line.startswith("impl\t")]
    out = {}
    for r in rows:
        key = (r["impl"], r["interval"])
        out.setdefault(key, {"outage_ms": [], "r1_frames_after_advert": [],
                             "requests_to_r2_in_outage": [], "steps": {s[0]: [] for s in STEPS}})
        g = out[key]
        if r["outage_ms"]:
            g["outage_ms"].append(float(r["outage_ms"]))
        g["r1_frames_after_advert"].append(int(r["r1_frames_after_advert"] or 0))
        g["requests_to_r2_in_outage"].append(int(r["requests_to_r2_in_outage"] or 0))
        for name, a, b in STEPS:
            va = 0.0 if a is None else r.get(a, "")
            vb = r.get(b, "")
            if va != "" and vb != "":
                g["steps"][name].append(float(vb) - float(va))
    result = {}
    for (impl, interval), g in sorted(out.items()):
        result.setdefault(impl, {})[interval] = {
            "outage_ms": stats(g["outage_ms"]),
            "r1_frames_after_advert_max": max(g["r1_frames_after_advert"]),
            "requests_to_r2_in_outage_median": stats(g["requests_to_r2_in_outage"])["median"],
            "steps_ms": {k: stats(v) for k, v in g["steps"].items() if v},
        }
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
