#!/usr/bin/env bash
# Every interface of a controller missing at start (issue 12 item 1): attach
# still runs, its instance waits in FAULT; when bond2 appears the instance
# comes up, and the kernel's events reach the controller (the ring buffer
# of a program loaded after the loop started): a higher-priority peer
# appearing makes it BACKUP, and killing that peer makes it MASTER again
# through its kernel master-down timer.
source "$(dirname "$0")/relink.bash"
lab_up
q=(--vrid 10 --version 3 --advert-int 50ms --vip 198.51.100.254/24)
XVRRP_IFACE=bond2 xvrrp_start r1 "$NS_R1" "${q[@]}" --priority 100
xvrrp_wait_state r1 FAULT 3 || fail "r1 not FAULT without bond2: $(xvrrp_state r1)"

lab_plug r1 bond2 198.51.100.1/24
xvrrp_wait_state r1 MASTER 3 || fail "r1 not MASTER once bond2 exists: $(xvrrp_state r1)"
info "bond2 created on r1: MASTER"

lab_plug r2 bond2 198.51.100.2/24
XVRRP_IFACE=bond2 xvrrp_start r2 "$NS_R2" "${q[@]}" --priority 200
xvrrp_wait_state r2 MASTER 3 || fail "r2 not MASTER: $(xvrrp_state r2)"
xvrrp_wait_state r1 BACKUP 2 || fail "r1 did not hear r2's higher priority: $(xvrrp_state r1)"
assert_eq 198.51.100.2 "$(xvrrp_field r1 master_ip)" "the master r1 follows"
info "r2 (priority 200) MASTER, r1 BACKUP"

xvrrp_kill r2
XVRRP_IFACE=bond2 xvrrp_detach r2 >/dev/null 2>&1 || true
xvrrp_wait_state r1 MASTER 2 || fail "r1's master-down timer did not fire: $(xvrrp_state r1)"
echo "PASS: all interfaces missing at start: FAULT, then a working router once the interface exists"
