#!/usr/bin/env bash
# xvrrp and FRR 8.4 vrrpd on one link, VRRPv3 with 100 ms adverts: FRR
# MASTER over an xvrrp BACKUP, then the reverse; each time the Master stops
# (SIGTERM: priority 0) and the other implementation takes over.
source "$(dirname "$0")/common.bash"
# shellcheck source=../peers/frr.bash
source "$INTEROP_DIR/../peers/frr.bash"
lab_require_cmd vtysh
[[ -x $FRR_SBIN/vrrpd && -x $FRR_SBIN/zebra ]] || lab_skip "FRR vrrpd/zebra not found in $FRR_SBIN"
lab_up
q=(--vrid 10 --vip "$VIP/24" --advert-int 100ms --version 3)

# FRR Master, xvrrp Backup.
frr_vmac_setup "$NS_R1" 10 "$VIP/24"
frr_start f1 "$NS_R1" --vrid 10 --priority 200 --advert-int-ms 100 --vip "$VIP"
frr_wait_state f1 MASTER 5 || fail "FRR r1 not Master alone: $(frr_state f1)"
xvrrp_start x2 "$NS_R2" "${q[@]}" --priority 100
xvrrp_wait_state x2 BACKUP 3 || fail "xvrrp r2 not BACKUP: $(state_of x2)"
# 1.5 s is 4 Master_Down_Intervals: an xvrrp deaf to FRR would be MASTER.
sleep 1.5
assert_eq BACKUP "$(state_of x2)" "xvrrp r2 under FRR r1"
assert_eq MASTER "$(frr_state f1)" "FRR r1 with xvrrp r2 as Backup"
assert_eq "$R1_IP" "$(xvrrp_field x2 master_ip)" "xvrrp r2's master_ip"
info "FRR r1 Master, xvrrp r2 BACKUP"
frr_stop f1
xvrrp_wait_state x2 MASTER 2 || fail "xvrrp r2 did not take over from FRR r1: $(state_of x2)"
info "FRR r1 stopped: xvrrp r2 MASTER"
xvrrp_stop x2
# r1 runs xvrrp next: its VIP must not sit on a leftover macvlan.
ip -n "$NS_R1" link del vrrp4-10
ip netns exec "$NS_R1" sysctl -qw net.ipv4.conf.bond1.arp_ignore=0

# xvrrp Master, FRR Backup.
xvrrp_start x1 "$NS_R1" "${q[@]}" --priority 200
xvrrp_wait_state x1 MASTER 3 || fail "xvrrp r1 not MASTER alone: $(state_of x1)"
frr_vmac_setup "$NS_R2" 10 "$VIP/24"
frr_start f2 "$NS_R2" --vrid 10 --priority 100 --advert-int-ms 100 --vip "$VIP"
frr_wait_state f2 BACKUP 5 || fail "FRR r2 not Backup: $(frr_state f2)"
sleep 1.5
assert_eq BACKUP "$(frr_state f2)" "FRR r2 under xvrrp r1"
assert_eq MASTER "$(state_of x1)" "xvrrp r1 with FRR r2 as Backup"
rx=$(frr_vtysh f2 -c 'show vrrp 10 json' | jq -r '.[0].v4.stats.adverRx')
assert_ge "$rx" 10 "adverts FRR r2 accepted from xvrrp r1 in 1.5 s"
info "xvrrp r1 MASTER, FRR r2 Backup (accepted $rx adverts)"
xvrrp_stop x1
frr_wait_state f2 MASTER 2 || fail "FRR r2 did not take over from xvrrp r1: $(frr_state f2)"
info "xvrrp r1 stopped: FRR r2 Master"
info "PASS"
