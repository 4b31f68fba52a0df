#!/usr/bin/env python3
"""Checks a three-router run for double masters, from the adverts captured on
the segment and, optionally, from the controllers' status samples.

The test writes STEPS, one line per event, wall-clock seconds first:

    <t> action <label>        just before it kills, stops or starts a router
    <t> settled <ip>          once every router agreed that <ip> is MASTER
    <t> solicit begin|end     around the client's ARP requests / NS for the VIP

and cuts the run into windows, each from one action to the next (the last
ends at the end of the capture). ADVERTS has one line per VRRP advert of
the VRID, as tshark decoded it: `<t> <source ip> <priority>`; adverts with
priority 0 (a master leaving, S7) are not mastership, but they release the
others (S5) and a MASTER answers each at once (S9).

The bound (RFC 9568 6.4.3, S6/S10/S11), for every pair of routers A and B
where A has the higher priority (as advertised) and every advert B sends
at time t. B yields to A as soon as it processes an advert from A: a MASTER
that hears a higher priority goes BACKUP at once (S10), a BACKUP restarts
its Master_Down_Interval (S6). So B may advertise at t only

  (a) when A had been silent for B's Master_Down_Interval before t,
      3 intervals + Skew_Time(B): B's timer rightly ran out (S4), because A
      is gone or its controller starved of CPU; or when A's last advert
      before t had priority 0 (A left, S7; B's timer is Skew_Time, S5); or
  (b) before it had processed A's advert: at most once after each (re)start
      of A (A's first advert after a silence of more than 3 intervals), and
      at most Advertisement_Interval + Skew_Time(B) after it. That is the
      advert B's timer fired in that time, or, when B's master-down timer
      ran out within the skew between the two routers' timers
      (Skew_Time(B) - Skew_Time(A) later than A's, for two backups that lost
      the same master) before it had processed A's first advert, its own
      first advert as MASTER. One interval for the processing is what a
      router that keeps up with its own timer has. Each priority-0 advert
      from another router in that time allows B one more advert: as
      MASTER it answers each at once (S9).

with Skew_Time(B) = (256 - priority of B) * Advertisement_Interval / 256
(v3, T1). A higher priority is never held back by a lower one (preemption,
S6). Windows add what the test expects of each step: the winner W, the
router the window settled on, advertises after `settled`, and no other
router does unless (a) holds against W.

Answers (optional, `<t> <name>` for each ARP reply / NA for the VIP a
router sent into the switch): between each `solicit begin` and `end` (one
ARP request or NS from the client), exactly one answer, from the winner. All
xvrrp routers answer with the same VMAC, so only the port tells them apart.

Status samples (status_sampler.py output, optional): the state of each
router is its latest sample. Wherever two routers are MASTER at once, that
run may last at most Advertisement_Interval + Skew_Time of the lowest
priority among them, plus the time between the two samples of the router
whose step-down ended the run (the run's true end lies between them). After
`settled`, every sample of W says MASTER and no other sample says MASTER,
except while W is silent on the wire as above (a starved controller answers
no status either: NONE) and up to one interval + Skew_Time (+ the sampling
gap) after its return.

usage: handover_check.py --steps F --adverts F --interval-ms I --router NAME=IP...
                         [--answers F] [--samples F]
Prints one line per window; exits 1 with the violations listed.
"""
import argparse
import bisect
import sys


def skew_ms(prio, interval_ms):
    return (256 - prio) * interval_ms / 256


def read_steps(path):
    steps = []
    with open(path) as f:
        for ln in f:
            t, kind, arg = ln.split(None, 2)
            steps.append((float(t), kind, arg.strip()))
    return steps


def windows(steps, end):
    """[(label, start, end, settled_time or None, winner or None)]."""
    acts = [(t, a) for t, k, a in steps if k == "action"]
    out = []
    for i, (t, label) in enumerate(acts):
        stop = acts[i + 1][0] if i + 1 < len(acts) else end
        settled = [(st, ip) for st, k, ip in steps if k == "settled" and t <= st < stop]
        s_t, winner = settled[-1] if settled else (None, None)
        out.append((label, t, stop, s_t, winner))
    return out


def read_adverts(path):
    """Every advert, [(t, source, priority)], in time order."""
    ads = []
    with open(path) as f:
        for ln in f:
            parts = ln.split()
            if len(parts) >= 3:
                ads.append((float(parts[0]), parts[1], int(parts[2])))
    ads.sort()
    return ads


def restarts(times, interval_ms):
    """The first advert, and each one after a silence of more than 3 intervals."""
    return [b for a, b in zip([None] + times, times) if a is None or (b - a) * 1000 > 3 * interval_ms]


def silent_before(times, t, ms):
    """No advert in times (sorted) within ms before t."""
    i = bisect.bisect_left(times, t)
    return i == 0 or (t - times[i - 1]) * 1000 >= ms


def yielding(b_times, a_times, prio_b, interval_ms, resigned, zeros):
    """B's adverts judged against A's by rules (a) and (b): returns
    (excused, [(t, ms after A's (re)start)] allowed by (b), [(t, why)] not
    allowed). resigned(t): A's last advert before t had priority 0; zeros:
    times of priority-0 adverts from routers other than B."""
    bound = interval_ms + skew_ms(prio_b, interval_ms)
    mdi = 3 * interval_ms + skew_ms(prio_b, interval_ms)
    starts = restarts(a_times, interval_ms)
    excused, late, bad, used = 0, [], [], {}
    for t in b_times:
        if silent_before(a_times, t, mdi) or resigned(t):
            excused += 1
            continue
        r = max((u for u in starts if u <= t), default=None)
        since = (t - r) * 1000 if r is not None else float("inf")
        budget = 1 + sum(1 for z in zeros if r is not None and r <= z <= t)
        if since <= bound and used.get(r, 0) < budget:
            used[r] = used.get(r, 0) + 1
            late.append((t, since))
        elif since <= bound:
            bad.append((t, f"{since:.1f} ms after the (re)start, advert {used[r] + 1} since (at most {budget})"))
        else:
            bad.append((t, f"{since:.1f} ms after the (re)start (bound {bound:.1f} ms)"))
    return excused, late, bad


def resigned_fn(ads, a):
    """t -> A's last advert before t had priority 0 (S7: A left; S5)."""
    times = [t for t, src, _ in ads if src == a]
    prios = [p for _, src, p in ads if src == a]

    def resigned(t):
        i = bisect.bisect_left(times, t)
        return i > 0 and prios[i - 1] == 0
    return resigned


def check_pairs(ads, wins, interval_ms, errors):
    """Rules (a) and (b) for every lower-priority advert; returns report lines."""
    prio = {}
    for _, src, p in ads:
        prio[src] = max(prio.get(src, 0), p)
    prio = {src: p for src, p in prio.items() if p > 0}
    times = {src: [t for t, s2, p in ads if s2 == src and p > 0] for src in prio}

    def label(t):
        return next((w[0] for w in wins if w[1] <= t < w[2]), "before the first step")

    lines = []
    for b in sorted(prio, key=lambda s: -prio[s]):
        for a in (a for a in prio if prio[a] > prio[b]):
            zeros = [t for t, src, p in ads if p == 0 and src != b]
            excused, late, bad = yielding(times[b], times[a], prio[b], interval_ms,
                                          resigned_fn(ads, a), zeros)
            for t, why in bad:
                errors.append(f"{label(t)}: {b} ({prio[b]}) advertised while {a} ({prio[a]}) "
                              f"was advertising: {why}")
            if late or excused:
                worst = max([ms for _, ms in late] + [0.0])
                lines.append(f"{b} under {a}: {len(late)} advert(s) before yielding (worst {worst:.1f} of "
                             f"{interval_ms + skew_ms(prio[b], interval_ms):.1f} ms), {excused} while {a} "
                             f"was silent >= {3 * interval_ms + skew_ms(prio[b], interval_ms):.1f} ms or had left (priority 0)")
    return lines


def check_window(win, ads, interval_ms, errors):
    label, start, stop, s_t, w = win
    if w is None:
        errors.append(f"{label}: never settled (no `settled` line in the window)")
        return f"{label}: not settled"
    w_all = [t for t, src, p in ads if src == w and p > 0 and t < stop]
    mine = [t for t in w_all if t >= start]
    parts = [f"{label}: {w} " + (f"from +{(mine[0] - start) * 1000:.1f} ms" if mine else "silent")]
    for x in sorted({src for t, src, p in ads if src != w and p > 0 and s_t <= t < stop}):
        p = max(pr for _, src, pr in ads if src == x)
        x_times = [t for t, src, pr in ads if src == x and pr > 0 and t < stop]
        zeros = [t for t, src, pr in ads if pr == 0 and src != x]
        _, _, bad = yielding(x_times, w_all, p, interval_ms, resigned_fn(ads, w), zeros)
        bad = [t for t, _ in bad if t >= s_t]
        if bad:
            errors.append(f"{label}: {x} advertised {len(bad)} times after the window settled on {w} "
                          f"(first at +{(bad[0] - s_t) * 1000:.1f} ms)")
    settled_mine = [t for t in mine if t >= s_t]
    if not settled_mine and stop - s_t > 2 * interval_ms / 1000:
        errors.append(f"{label}: {w} sent no advert after the window settled")
    silence = max([b - a for a, b in zip(mine, mine[1:])] + [0.0]) * 1000
    parts.append(f"settled: {len(settled_mine)} adverts from {w}, longest silence {silence:.0f} ms")
    return "; ".join(parts)


def check_answers(path, steps, wins, ips, errors):
    names = {ip: n for n, ip in ips.items()}
    answers = []
    with open(path) as f:
        for ln in f:
            p = ln.split()
            if len(p) == 2:
                answers.append((float(p[0]), p[1]))
    begins = [t for t, k, a in steps if k == "solicit" and a == "begin"]
    ends = [t for t, k, a in steps if k == "solicit" and a == "end"]
    lines = []
    for b, e in zip(begins, ends):
        win = next((w for w in wins if w[1] <= b < w[2]), None)
        if win is None or win[4] is None:
            continue
        want = names.get(win[4], win[4])
        got = [n for t, n in answers if b <= t <= e]
        who = sorted(set(got))
        lines.append(f"{win[0]}: solicitation answered {len(got)} time(s) by {','.join(who) or 'nobody'}")
        if got != [want]:
            errors.append(f"{win[0]}: the solicitation for the VIP answered by {who} ({len(got)} answers), "
                          f"expected one answer, from {want}")
    return lines


def read_samples(path):
    rows = []
    with open(path) as f:
        for ln in f:
            p = ln.split()
            if len(p) >= 5:
                prio = int(p[4]) if p[4].isdigit() else 0
                rows.append((float(p[0]), p[1], p[2], prio))
    rows.sort()
    return rows


def double_master_runs(rows):
    """[(start, end, names, lowest priority, sample gap of the ending router)]."""
    latest, prio, last_t = {}, {}, {}
    runs, cur = [], None
    for t, name, state, p in rows:
        prev_t = last_t.get(name, t)
        latest[name], last_t[name] = state, t
        if state == "MASTER":
            prio[name] = p
        masters = sorted(n for n, s in latest.items() if s == "MASTER")
        if len(masters) >= 2:
            low = min(prio[n] for n in masters)
            if cur is None:
                cur = [t, None, set(masters), low, 0.0]
            cur[2].update(masters)
            cur[3] = min(cur[3], low)
        elif cur is not None:
            cur[1], cur[4] = t, t - prev_t
            runs.append(tuple(cur))
            cur = None
    if cur is not None:
        cur[1] = rows[-1][0]
        runs.append(tuple(cur))
    return runs


def silent_at(w_times, t, since_ms, until_ms=0.0):
    """W had been silent on the wire for since_ms at t, or t is within
    until_ms after the advert that ended such a silence."""
    last = max((u for u in w_times if u <= t), default=None)
    if last is None or (t - last) * 1000 >= since_ms:
        return True
    prev = max((u for u in w_times if u < last), default=None)
    return prev is not None and (last - prev) * 1000 >= since_ms and (t - last) * 1000 <= until_ms


def check_samples(rows, wins, ips, ads, interval_ms, errors):
    names = {ip: n for n, ip in ips.items()}
    lines = []
    excused = 0
    for start, end, who, low, gap in double_master_runs(rows):
        dur = (end - start) * 1000
        bound = interval_ms + skew_ms(low, interval_ms) + gap * 1000
        lines.append(f"status: {'+'.join(sorted(who))} both MASTER for {dur:.1f} ms (bound {bound:.1f})")
        if dur > bound:
            errors.append(f"status: {' and '.join(sorted(who))} MASTER together for {dur:.1f} ms "
                          f"(bound {bound:.1f} ms)")
    for label, _, stop, s_t, w in wins:
        if w is None or w not in names:
            continue
        w_times = [t for t, src, p in ads if src == w and p > 0]
        prev = {}
        for t, name, state, p in rows:
            gap, prev[name] = t - prev.get(name, t), t
            if not s_t <= t < stop:
                continue
            # As for the adverts: a winner silent on the wire for the other's
            # Master_Down_Interval may be replaced (and does not answer
            # status either, its controller starved), and the other yields
            # within one interval + Skew_Time of its return (+ the sampling).
            if p > 0 and silent_at(w_times, t, 3 * interval_ms + skew_ms(p, interval_ms),
                                   interval_ms + skew_ms(p, interval_ms) + gap * 1000):
                excused += state == "MASTER" and name != names[w]
                continue
            if name == names[w] and state == "NONE" and silent_at(w_times, t, 3 * interval_ms):
                continue
            if name == names[w] and state != "MASTER":
                errors.append(f"{label}: settled on {name}, which said {state} at +{(t - s_t) * 1000:.0f} ms")
                break
            if name != names[w] and state == "MASTER":
                errors.append(f"{label}: settled on {names[w]}, but {name} said MASTER at +{(t - s_t) * 1000:.0f} ms")
                break
    if excused:
        lines.append(f"status: {excused} samples of a second MASTER while the winner was silent "
                     "for its Master_Down_Interval")
    per, entries, last = {}, {}, {}
    for t, name, state, _ in rows:
        per.setdefault(name, []).append(t)
        if state == "MASTER" and last.get(name) != "MASTER":
            entries[name] = entries.get(name, 0) + 1
        last[name] = state
    lines.append("status: entries into MASTER seen: " +
                 ", ".join(f"{n} {entries.get(n, 0)}" for n in sorted(per)))
    gaps = [b - a for ts in per.values() for a, b in zip(ts, ts[1:])]
    if gaps:
        gaps.sort()
        lines.append(f"status: {len(rows)} samples, interval median {gaps[len(gaps) // 2] * 1000:.1f} ms, "
                     f"max {gaps[-1] * 1000:.1f} ms")
    return lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", required=True)
    ap.add_argument("--adverts", required=True)
    ap.add_argument("--interval-ms", type=float, required=True)
    ap.add_argument("--samples")
    ap.add_argument("--answers")
    ap.add_argument("--router", action="append", default=[], help="NAME=IP")
    a = ap.parse_args()
    ads = read_adverts(a.adverts)
    steps = read_steps(a.steps)
    end = max([ads[-1][0] if ads else 0.0] + [t for t, _, _ in steps]) + 1e-6
    wins = windows(steps, end)
    errors = []
    for w in wins:
        print(check_window(w, ads, a.interval_ms, errors))
    for ln in check_pairs(ads, wins, a.interval_ms, errors):
        print(ln)
    ips = dict(r.split("=", 1) for r in a.router)
    if a.answers:
        for ln in check_answers(a.answers, steps, wins, ips, errors):
            print(ln)
    if a.samples:
        for ln in check_samples(read_samples(a.samples), wins, ips, ads, a.interval_ms, errors):
            print(ln)
    for e in errors:
        print(f"VIOLATION: {e}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
