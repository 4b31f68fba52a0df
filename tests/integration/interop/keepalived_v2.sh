#!/usr/bin/env bash
# xvrrp and keepalived 2.2 on one link, VRRPv2 with PASS authentication and
# 1 s adverts: keepalived MASTER over an xvrrp BACKUP, then the reverse. The
# keepalived Master stops gracefully (priority 0: the Backup takes over
# after Skew_Time); the xvrrp Master is SIGKILLed (no priority 0: after the
# Master_Down_Interval).
source "$(dirname "$0")/common.bash"
# shellcheck source=../peers/keepalived.bash
source "$INTEROP_DIR/../peers/keepalived.bash"
lab_require_cmd keepalived
lab_up
q=(--vrid 10 --vip "$VIP/24" --advert-int 1s --version 2 --auth-pass s3cret)
ka=(--advert-int 1 --version 2 --auth-pass s3cret)

# keepalived Master, xvrrp Backup. Both start at once: the Master_Down_Interval
# (3 s + skew) runs in parallel.
keepalived_config k1 --priority 200 "${ka[@]}" >/dev/null
keepalived_start k1 "$NS_R1"
xvrrp_start x2 "$NS_R2" "${q[@]}" --priority 100
keepalived_wait_state k1 MASTER 6 || fail "keepalived r1 not MASTER: $(keepalived_state k1)"
xvrrp_wait_state x2 BACKUP 3 || fail "xvrrp r2 not BACKUP: $(state_of x2)"
assert_eq "$R1_IP" "$(xvrrp_field x2 master_ip)" "xvrrp r2's master_ip"
assert_eq 0 "$(xvrrp_counter x2 discard_v1_auth)" "keepalived adverts xvrrp rejected for their auth"
info "keepalived r1 MASTER, xvrrp r2 BACKUP"
keepalived_stop k1
xvrrp_wait_state x2 MASTER 3 || fail "xvrrp r2 did not take over from keepalived r1: $(state_of x2)"
info "keepalived r1 stopped: xvrrp r2 MASTER"
xvrrp_stop x2

# xvrrp Master, keepalived Backup.
xvrrp_start x1 "$NS_R1" "${q[@]}" --priority 200
keepalived_config k2 --priority 100 "${ka[@]}" >/dev/null
keepalived_start k2 "$NS_R2"
xvrrp_wait_state x1 MASTER 6 || fail "xvrrp r1 not MASTER: $(state_of x1)"
keepalived_wait_state k2 BACKUP 3 || fail "keepalived r2 not BACKUP: $(keepalived_state k2)"
sleep 1.2 # one more advert each way
grep -q MASTER "$LAB_TMP/ka-k2-notify.log" && fail "keepalived r2 went MASTER under xvrrp r1"
assert_eq MASTER "$(state_of x1)" "xvrrp r1 with keepalived r2 as Backup"
info "xvrrp r1 MASTER, keepalived r2 BACKUP"
xvrrp_kill x1
keepalived_wait_state k2 MASTER 6 || fail "keepalived r2 did not take over from the killed xvrrp r1: $(keepalived_state k2)"
info "xvrrp r1 SIGKILLed: keepalived r2 MASTER"
info "PASS"
