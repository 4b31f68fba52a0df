#!/usr/bin/env python3
"""handover_check.py on made-up runs (no privileges): a clean hand-over
passes; a second master that keeps advertising, a loser that sends twice
after the winner's first advert or later than one interval + Skew_Time,
a settled window with another source, an answer from the wrong router and
a long double MASTER in the status samples each fail; a takeover while the
winner was silent for the loser's Master_Down_Interval passes."""
import os
import subprocess
import sys
import tempfile
import unittest

CHECK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "handover_check.py")
R1, R2, R3 = "192.0.2.1", "192.0.2.2", "192.0.2.3"


def run(steps, adverts, answers=None, samples=None, interval_ms=100):
    with tempfile.TemporaryDirectory() as d:
        def write(name, lines):
            path = os.path.join(d, name)
            with open(path, "w") as f:
                f.write("".join(ln + "\n" for ln in lines))
            return path
        args = [sys.executable, CHECK, "--steps", write("steps", steps),
                "--adverts", write("adverts", adverts), "--interval-ms", str(interval_ms),
                "--router", f"r1={R1}", "--router", f"r2={R2}", "--router", f"r3={R3}"]
        if answers is not None:
            args += ["--answers", write("answers", answers)]
        if samples is not None:
            args += ["--samples", write("samples", samples)]
        p = subprocess.run(args, capture_output=True, text=True)
        return p.returncode, p.stdout


def every(src, prio, t0, t1, step=0.1):
    out, t = [], t0
    while t < t1 - 1e-9:
        out.append(f"{t:.4f} {src} {prio}")
        t += step
    return out


# r1 MASTER until it dies at 10.0; r2 takes over at 10.34 (its MDI); settled at 11.
STEPS = ["0 action start", "1 settled " + R1, "10 action kill_r1", "11 settled " + R2]
CLEAN = every(R1, 200, 0.5, 10.0) + every(R2, 150, 10.34, 13.0)


class HandoverCheck(unittest.TestCase):
    def test_clean_handover_passes(self):
        rc, out = run(STEPS, CLEAN)
        self.assertEqual(rc, 0, out)

    def test_priority_zero_adverts_are_not_mastership(self):
        rc, out = run(STEPS, CLEAN + ["10.36 192.0.2.1 0", "10.5 192.0.2.1 0"])
        self.assertEqual(rc, 0, out)

    def test_graceful_stop_releases_the_backups_at_once(self):
        # r1 leaves at 10.0 (priority 0, S7): r2 takes over after its
        # Skew_Time (S5); r3's timer ran out too, 20 ms later, before it
        # heard r2: its S4 advert, then its S9 answer to r1's second
        # priority 0, then it yields.
        adverts = (every(R1, 200, 0.5, 10.0) + ["10.0 192.0.2.1 0"] + every(R2, 150, 10.041, 13.0)
                   + ["10.061 192.0.2.3 100", "10.062 192.0.2.1 0", "10.063 192.0.2.3 100"])
        rc, out = run(STEPS, adverts)
        self.assertEqual(rc, 0, out)
        rc, out = run(STEPS, adverts + ["10.070 192.0.2.3 100"])
        self.assertEqual(rc, 1, out)

    def test_second_master_that_keeps_advertising_fails(self):
        rc, out = run(STEPS, CLEAN + every(R3, 100, 10.39, 11.5))
        self.assertEqual(rc, 1, out)
        self.assertIn("advert 2 since (at most 1)", out)

    def test_one_late_advert_within_interval_plus_skew_passes(self):
        # r3's timer ran out 20 ms after r2's (the skew) before it heard r2.
        rc, out = run(STEPS, CLEAN + ["10.36 192.0.2.3 100"])
        self.assertEqual(rc, 0, out)

    def test_one_advert_beyond_interval_plus_skew_fails(self):
        # 170 ms after r2's first advert: more than 100 + 60.9 ms.
        rc, out = run(STEPS, CLEAN + ["10.51 192.0.2.3 100"])
        self.assertEqual(rc, 1, out)
        self.assertIn("bound 160.9 ms", out)

    def test_old_master_two_adverts_after_preemption_fails(self):
        steps = ["0 action restart_r1", "2 settled " + R1]
        adverts = every(R2, 150, 0.05, 1.0) + every(R1, 200, 1.0, 3.0)
        rc, out = run(steps, adverts + ["1.05 192.0.2.2 150"])
        self.assertEqual(rc, 0, out)  # one, 50 ms after r1's first
        rc, out = run(steps, adverts + ["1.05 192.0.2.2 150", "1.08 192.0.2.2 150"])
        self.assertEqual(rc, 1, out)

    def test_other_source_after_settled_fails(self):
        rc, out = run(STEPS, CLEAN + ["12.0 192.0.2.3 100"])
        self.assertEqual(rc, 1, out)

    def test_takeover_while_winner_silent_passes_and_its_return_is_bounded(self):
        # r2 silent from 11.54 to 12.04 (500 ms > r3's MDI 360.9 ms): r3
        # takes over at 11.95 and yields to r2's return at 12.04 after one
        # more advert (12.05).
        adverts = (every(R1, 200, 0.5, 10.0) + every(R2, 150, 10.34, 11.6) +
                   every(R3, 100, 11.95, 12.1) + every(R2, 150, 12.04, 13.0))
        rc, out = run(STEPS, adverts)
        self.assertEqual(rc, 0, out)
        self.assertIn("while 192.0.2.2 was silent", out)
        rc, out = run(STEPS, adverts + every(R3, 100, 12.15, 12.4))
        self.assertEqual(rc, 1, out)

    def test_higher_priority_back_for_a_moment_before_it_dies_passes(self):
        # r2 (150) MASTER stalls at 20.0 (last advert 19.9); r3 (100) takes
        # over at 20.3; r2 runs again at 20.33 (two adverts, r3 yields at
        # once) and is killed; r3 takes over again 360.9 ms after r2's last.
        steps = ["19 action kill_r2", "22 settled " + R3]
        adverts = (every(R2, 150, 19.0, 20.0) + ["20.3 192.0.2.3 100"] + every(R2, 150, 20.33, 20.45)
                   + every(R3, 100, 20.8, 23.0))
        rc, out = run(steps, adverts)
        self.assertEqual(rc, 0, out)
        rc, out = run(steps, adverts + ["20.40 192.0.2.3 100", "20.42 192.0.2.3 100"])
        self.assertEqual(rc, 1, out)

    def test_wrong_or_double_responder_fails(self):
        steps = STEPS + ["11.5 solicit begin", "13 solicit end"]
        rc, out = run(steps, CLEAN, answers=["11.6 r2"])
        self.assertEqual(rc, 0, out)
        rc, out = run(steps, CLEAN, answers=["11.6 r2", "11.6 r3"])
        self.assertEqual(rc, 1, out)
        rc, out = run(steps, CLEAN, answers=["11.6 r3"])
        self.assertEqual(rc, 1, out)
        rc, out = run(steps, CLEAN, answers=[])
        self.assertEqual(rc, 1, out)

    def test_status_double_master_beyond_bound_fails(self):
        samples = []
        for i in range(0, 300):
            t = 10.0 + i * 0.01
            samples.append(f"{t:.3f} r2 {'MASTER' if t >= 10.34 else 'BACKUP'} - 150")
            samples.append(f"{t + 0.001:.3f} r3 {'MASTER' if 10.36 <= t < 10.40 else 'BACKUP'} - 100")
        rc, out = run(STEPS, CLEAN, samples=samples)
        self.assertEqual(rc, 0, out)
        long = [ln.replace("BACKUP", "MASTER") if " r3 " in ln and 10.36 <= float(ln.split()[0]) < 10.8
                else ln for ln in samples]
        rc, out = run(STEPS, CLEAN, samples=long)
        self.assertEqual(rc, 1, out)
        self.assertIn("MASTER together", out)

    def test_status_second_master_after_settled_fails_unless_winner_silent(self):
        def samples(r3_master):
            out = []
            for i in range(0, 200):
                t = 11.0 + i * 0.01
                out.append(f"{t:.3f} r2 MASTER - 150")
                out.append(f"{t + 0.001:.3f} r3 {'MASTER' if r3_master(t) else 'BACKUP'} - 100")
            return out
        busy = lambda t: 12.0 <= t < 12.05
        rc, out = run(STEPS, CLEAN, samples=samples(busy))
        self.assertEqual(rc, 1, out)
        self.assertIn("r3 said MASTER", out)
        # r2 silent from 11.54 to 12.04 on the wire: r3 may be MASTER.
        silent = (every(R1, 200, 0.5, 10.0) + every(R2, 150, 10.34, 11.6) +
                  every(R3, 100, 11.95, 12.1) + every(R2, 150, 12.04, 13.0))
        rc, out = run(STEPS, silent, samples=samples(lambda t: 11.95 <= t < 12.08))
        self.assertEqual(rc, 0, out)


if __name__ == "__main__":
    unittest.main()
