#!/usr/bin/env python3
"""The chaos soak's fault schedule: the same seed gives the same faults.

    schedule.py --seed S --minutes M [--overhead-ms OVERHEAD]

Prints one fault per line, tab-separated:
    index  class  node  duration_ms  gap_ms  param
class is one of CLASSES; node r1, r2 or r3 (r1, the configured MASTER, is
drawn half of the time: faults on a BACKUP rarely move the VIP); duration_ms
is how long the fault lasts, gap_ms the quiet time after it is undone;
param is the class's own knob (a priority, a VIP edit, a drop percentage,
a flood rate and sender count, "-" when none). The list is drawn from
random.Random(seed) alone, so it does not depend on the implementation.
The list ends once durations + gaps + OVERHEAD per fault (what a fault costs
beyond them in the lab: restarts, reloads, tool starts, the health check;
default 3000 ms) exceed M minutes, so the run lasts about M minutes.
"""
import argparse
import random

CLASSES = ["kill_restart", "hup_priority", "hup_vip", "link_flap", "iface_recreate",
           "advert_loss", "cpu_hog", "arp_flood"]


def param(rng, cls):
    if cls == "hup_priority":
        # Any priority an ordinary router may have (255 is the address owner).
        return str(rng.randint(50, 250))
    if cls == "hup_vip":
        return rng.choice(["add", "remove", "replace"])
    if cls == "advert_loss":
        return str(rng.choice([10, 25, 50, 75, 90, 100]))
    if cls == "arp_flood":
        return f"{rng.choice([2000, 5000, 10000, 20000])}x{rng.choice([16, 64, 256])}"
    return "-"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--minutes", type=float, required=True)
    ap.add_argument("--overhead-ms", type=int, default=3000)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    budget_ms = a.minutes * 60_000
    total, i = 0, 0
    while total < budget_ms:
        cls = rng.choice(CLASSES)
        node = rng.choice(["r1", "r1", "r2", "r3"])
        dur = rng.randint(300, 4000)
        gap = rng.randint(2500, 5000)
        p = param(rng, cls)
        print(f"{i}\t{cls}\t{node}\t{dur}\t{gap}\t{p}")
        total += dur + gap + a.overhead_ms
        i += 1


if __name__ == "__main__":
    main()
