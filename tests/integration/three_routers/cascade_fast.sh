#!/usr/bin/env bash
# cascade_sigkill with 10 ms adverts: Master_Down_Intervals 33.2 / 34.1 /
# 36.1 ms, so r2's timer runs out 1.95 ms before r3's when r1 dies. The
# bounds scale with the interval (one advert interval + Skew_Time: 16.1 ms
# for r3), which is what makes this the hard case on a loaded host.
source "$(dirname "$0")/common.bash"
source "$THREE_DIR/cascade.bash"
three_up
three_cascade kill 10
info "PASS"
