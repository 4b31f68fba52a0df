#!/usr/bin/env bash
# WATCHDOG=1 from the controller's event loop (docs/operations.md, "Running
# under systemd"): with WATCHDOG_USEC=400000 the loop pings every 200 ms
# (half the interval). Counted over a 3 s window: 15 expected; at least 11
# (a loaded 2-core machine may wake the loop late, and each ping is armed
# from the previous one's wake-up) and at most 17 (the window's phase gives
# one more; a shorter period gives many). No two pings closer than 150 ms.
# Then the loop is frozen (SIGSTOP): no ping for 1.2 s (six periods); SIGCONT
# and they come again.
source "$(dirname "$0")/common.bash"

WATCHDOG_US=400000
PERIOD_US=$((WATCHDOG_US / 2))

lab_up
notify_listen
NOTIFY_SOCKET=$NOTIFY_SOCKET_PATH WATCHDOG_USEC=$WATCHDOG_US \
    xvrrp_start r1 "$NS_R1" --vrid 10 --vip "$VIP/24" --priority 150 --advert-int 100ms
R1_PID=$(cat "$LAB_TMP/xv-r1/pid")
wait_until 5 notify_has READY=1 || fail "no READY=1"
wait_until 2 notify_has WATCHDOG=1 || fail "no WATCHDOG=1 within 2 s of READY=1"

# ---- the rate
from=$(mono_us)
sleep 3.1
to=$((from + 3000000))
n=$(notify_count WATCHDOG=1 "$from" "$to")
info "WATCHDOG=1 in 3 s: $n (every $((PERIOD_US / 1000)) ms: 15)"
assert_ge "$n" 11 "WATCHDOG=1 pings in 3 s"
assert_le "$n" 17 "WATCHDOG=1 pings in 3 s"
min_gap=$(awk -F'|' -v a="$from" -v b="$to" '
    $1 >= a && $1 < b && /\|WATCHDOG=1/ { if (p) { g = $1 - p; if (!m || g < m) m = g } p = $1 }
    END { print m + 0 }' "$NOTIFY_LOG")
info "shortest gap between two pings: $((min_gap / 1000)) ms"
assert_ge "$min_gap" 150000 "shortest gap between WATCHDOG=1 pings (us)"

# ---- a frozen loop stops pinging
kill -STOP "$R1_PID"
stopped=$(mono_us)
sleep 1.3
frozen=$(notify_count WATCHDOG=1 $((stopped + 100000)) $((stopped + 1300000)))
info "WATCHDOG=1 while stopped (1.2 s, 100 ms after SIGSTOP): $frozen"
kill -CONT "$R1_PID"
resumed=$(mono_us)
assert_eq 0 "$frozen" "WATCHDOG=1 pings from a stopped loop"
sleep 1
after=$(notify_count WATCHDOG=1 "$resumed" $((resumed + 1000000)))
info "WATCHDOG=1 in the second after SIGCONT: $after"
assert_ge "$after" 3 "WATCHDOG=1 pings after SIGCONT"
assert_eq MASTER "$(xvrrp_state r1)" "r1 after SIGCONT"
info "PASS: WATCHDOG=1 every ${PERIOD_US} us from the loop; none while it is stopped"
