#!/usr/bin/env bash
# Unicast VRRPv3 over IPv6 with global addresses only (keepalived's
# unicast_src_ip / unicast_peer; no link-local anywhere in the advert): D9,
# "the first address is link-local", is a multicast rule, so each router
# accepts the other's adverts. Exactly one MASTER; the BACKUP follows it and
# counts no D9 discard; SIGTERM on the MASTER, then its link going down, each
# hand the VIP to the other router over unicast.
source "$(dirname "$0")/common.bash"
LAB_DAD=0 lab_up

q=(--vrid 10 --vip "$VIP6/64" --advert-int 100ms --version 3)
xvrrp_start r1 "$NS_R1" "${q[@]}" --priority 200 --unicast-src "$R1_IP6" --unicast-peer "$R2_IP6"
xvrrp_start r2 "$NS_R2" "${q[@]}" --priority 100 --unicast-src "$R2_IP6" --unicast-peer "$R1_IP6"
expect_state r1 MASTER
expect_state r2 BACKUP
# 1 s is nearly three Master_Down_Intervals: a BACKUP deaf to the MASTER would have taken over.
sleep 1
assert_eq "MASTER BACKUP" "$(state_of r1) $(state_of r2)" "states after 1 s of unicast adverts"
assert_eq "$R1_IP6" "$(xvrrp_field r2 master_ip)" "r2's master_ip"
assert_eq 0 "$(xvrrp_counter r2 discard_d9_not_link_local)" "D9 discards on r2"
ns_has_addr "$NS_R1" "$VIP6" || fail "VIP $VIP6 not on the MASTER r1"
ns_has_addr "$NS_R2" "$VIP6" && fail "VIP $VIP6 on the BACKUP r2 too"
accepted=$(xvrrp_counter r2 advert_accepted)
assert_ge "$accepted" 8 "adverts r2 accepted from r1"
info "unicast IPv6: r1 MASTER, r2 BACKUP following $R1_IP6 ($accepted adverts accepted, no D9)"

xvrrp_stop r1
expect_state r2 MASTER 10 3 "r2 after r1's SIGTERM"
wait_until 3 ns_has_addr "$NS_R2" "$VIP6" || fail "VIP not on r2 after the take-over"
ip netns exec "$NS_C" ping -6 -c 2 -i 0.1 -W 1 "$VIP6" >/dev/null || fail "client cannot reach $VIP6 on r2"
info "SIGTERM on r1: r2 MASTER, client reaches the VIP"

# r1 back (preempts with 200), then its link goes down.
xvrrp_start r1 "$NS_R1" "${q[@]}" --priority 200 --unicast-src "$R1_IP6" --unicast-peer "$R2_IP6"
expect_state r1 MASTER 10 3 "r1 restarted (preempts)"
expect_state r2 BACKUP 10 3 "r2 after r1 preempted"
ip -n "$NS_R1" link set bond1 down
expect_state r2 MASTER 10 3 "r2 after r1's link went down"
sleep 0.5
assert_eq MASTER "$(state_of r2)" "r2 keeps MASTER while r1's link is down"
info "r1's link down: r2 MASTER"
info "PASS"
