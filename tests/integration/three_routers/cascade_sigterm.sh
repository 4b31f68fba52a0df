#!/usr/bin/env bash
# Three xvrrp routers (200/150/100, 100 ms adverts): the MASTER stops
# gracefully (SIGTERM: priority-0 advert, S7), so both backups arm Skew_Time
# (S5) and the higher one, 20 ms earlier, takes over while the lower stays
# BACKUP; then the next; restarted, r2 then r1 preempt back. Same checks as
# cascade_sigkill.
source "$(dirname "$0")/common.bash"
source "$THREE_DIR/cascade.bash"
three_up
three_cascade stop 100
info "PASS"
