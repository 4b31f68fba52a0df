#!/usr/bin/env bash
# Three xvrrp routers (200/150/100, 100 ms adverts): the MASTER's controller
# is SIGKILLed (a crash: no priority-0 advert, its XDP program and VIP stay,
# its lease runs out), then the next one's; each time the next priority takes
# over after its Master_Down_Interval; restarted, r2 then r1 preempt back.
# One MASTER and one ARP responder at every step; no double master beyond
# one advert interval + Skew_Time (cascade.bash, handover_check.py).
source "$(dirname "$0")/common.bash"
source "$THREE_DIR/cascade.bash"
three_up
three_cascade kill 100
info "PASS"
