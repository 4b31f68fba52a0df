#!/usr/bin/env bash
# xvrrp and keepalived 2.2 on one link, VRRPv3 with 100 ms adverts (both put
# the IPv4 pseudo-header in the checksum): keepalived MASTER over an xvrrp
# BACKUP, then the reverse; in each pairing the Master stops (SIGTERM,
# priority 0) and the other kind takes over.
source "$(dirname "$0")/common.bash"
# shellcheck source=../peers/keepalived.bash
source "$INTEROP_DIR/../peers/keepalived.bash"
lab_require_cmd keepalived
lab_up
q=(--vrid 10 --vip "$VIP/24" --advert-int 100ms --version 3)

# keepalived's FIFO also reports MASTER_RX_LOWER_PRI (a Master that heard a
# lower-priority advert): still MASTER.
ka_state() {
    local s
    s=$(keepalived_state "$1")
    echo "${s/#MASTER_RX_LOWER_PRI/MASTER}"
}

# keepalived Master, xvrrp Backup.
keepalived_config k1 --priority 200 --advert-int 0.1 --version 3 >/dev/null
keepalived_start k1 "$NS_R1"
keepalived_wait_state k1 MASTER 3 || fail "keepalived r1 not MASTER alone: $(keepalived_state k1)"
xvrrp_start x2 "$NS_R2" "${q[@]}" --priority 100
xvrrp_wait_state x2 BACKUP 3 || fail "xvrrp r2 not BACKUP: $(state_of x2)"
# 1.5 s is 4 Master_Down_Intervals: an xvrrp deaf to keepalived would be MASTER.
sleep 1.5
assert_eq BACKUP "$(state_of x2)" "xvrrp r2 under keepalived r1"
assert_eq MASTER "$(ka_state k1)" "keepalived r1 with xvrrp r2 as Backup"
assert_eq 1 "$(xvrrp_field x2 transitions)" "xvrrp r2 transitions (INIT -> BACKUP only)"
assert_eq "$R1_IP" "$(xvrrp_field x2 master_ip)" "xvrrp r2's master_ip"
assert_eq 0 "$(xvrrp_counter x2 discard_d5_checksum)" "keepalived adverts xvrrp rejected for their checksum"
info "keepalived r1 MASTER, xvrrp r2 BACKUP"
keepalived_stop k1
xvrrp_wait_state x2 MASTER 2 || fail "xvrrp r2 did not take over from keepalived r1: $(state_of x2)"
wait_until 2 ns_has_addr "$NS_R2" "$VIP" || fail "VIP not on xvrrp r2"
info "keepalived r1 stopped: xvrrp r2 MASTER"
xvrrp_stop x2

# xvrrp Master, keepalived Backup.
xvrrp_start x1 "$NS_R1" "${q[@]}" --priority 200
xvrrp_wait_state x1 MASTER 3 || fail "xvrrp r1 not MASTER alone: $(state_of x1)"
keepalived_config k2 --priority 100 --advert-int 0.1 --version 3 >/dev/null
keepalived_start k2 "$NS_R2"
keepalived_wait_state k2 BACKUP 3 || fail "keepalived r2 not BACKUP: $(keepalived_state k2)"
sleep 1.5
assert_eq BACKUP "$(ka_state k2)" "keepalived r2 under xvrrp r1"
grep -q MASTER "$LAB_TMP/ka-k2-notify.log" && fail "keepalived r2 went MASTER under xvrrp r1"
assert_eq MASTER "$(state_of x1)" "xvrrp r1 with keepalived r2 as Backup"
info "xvrrp r1 MASTER, keepalived r2 BACKUP"
xvrrp_stop x1
keepalived_wait_state k2 MASTER 2 || fail "keepalived r2 did not take over from xvrrp r1: $(keepalived_state k2)"
info "xvrrp r1 stopped: keepalived r2 MASTER"
info "PASS"
