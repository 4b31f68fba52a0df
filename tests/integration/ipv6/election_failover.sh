#!/usr/bin/env bash
# A VRRPv3 IPv6 pair, xvrrp on both routers, with the virtual router's
# link-local address first (P4) and a global VIP: r1 (200) is elected MASTER
# and holds both VIPs, r2 (100) follows r1's link-local address (P5); the
# client reaches both VIPs. Failover by SIGTERM on the MASTER (S7, r2 takes
# over), then r1 back (preempts, S12), then r1's link down (r2 takes over
# when its master-down timer fires, S4), and r1's link up again (preempts).
# After every move the client reaches both VIPs and only the MASTER has them.
source "$(dirname "$0")/common.bash"
LAB_DAD=0 lab_up
LL_VIP=fe80::1:33
q=(--vrid 10 --vip "$LL_VIP" --vip "$VIP6/64" --advert-int 100ms --version 3)

# holds MASTER OTHER: MASTER has both VIPs, OTHER neither, and the client
# reaches both through MASTER.
holds() {
    local ns_m ns_o vip
    ns_m=$(cat "$(_xvrrp_dir "$1")/ns")
    ns_o=$(cat "$(_xvrrp_dir "$2")/ns")
    for vip in "$LL_VIP" "$VIP6"; do
        wait_until 3 ns_has_addr "$ns_m" "$vip" || fail "$vip not on the MASTER $1"
        ns_has_addr "$ns_o" "$vip" && fail "$vip on $2 (not MASTER) too"
    done
    ip netns exec "$NS_C" ping -6 -c 2 -i 0.1 -W 1 "$VIP6" >/dev/null ||
        fail "client cannot reach $VIP6 with $1 MASTER"
    ip netns exec "$NS_C" ping -6 -c 2 -i 0.1 -W 1 "$LL_VIP%eth0" >/dev/null ||
        fail "client cannot reach $LL_VIP with $1 MASTER"
}

r1_ll=$(link_local_of "$NS_R1" bond1) # before the VIP fe80::1:33 is there
xvrrp_start r1 "$NS_R1" "${q[@]}" --priority 200
xvrrp_start r2 "$NS_R2" "${q[@]}" --priority 100
expect_state r1 MASTER
expect_state r2 BACKUP
assert_eq "$r1_ll" "$(xvrrp_field r2 master_ip)" "r2's master_ip (r1's link-local, P5)"
holds r1 r2
sleep 0.5
assert_eq "MASTER BACKUP" "$(state_of r1) $(state_of r2)" "states 5 advert intervals later"
info "election: r1 MASTER (adverts from $r1_ll), r2 BACKUP; client reaches $LL_VIP and $VIP6"

xvrrp_stop r1
expect_state r2 MASTER 10 3 "r2 after r1's SIGTERM"
holds r2 r1
info "SIGTERM on r1: r2 MASTER"

xvrrp_start r1 "$NS_R1" "${q[@]}" --priority 200
expect_state r1 MASTER 10 5 "r1 restarted (preempts)"
expect_state r2 BACKUP 10 3 "r2 after r1 preempted"
holds r1 r2
info "r1 back: preempts, r2 BACKUP"

ip -n "$NS_R1" link set bond1 down
expect_state r2 MASTER 10 3 "r2 after r1's link went down"
ns_has_addr "$NS_R2" "$VIP6" || wait_until 3 ns_has_addr "$NS_R2" "$VIP6" || fail "VIP not on r2"
ip netns exec "$NS_C" ping -6 -c 2 -i 0.1 -W 1 "$VIP6" >/dev/null ||
    fail "client cannot reach $VIP6 with r1's link down"
info "r1's link down: r2 MASTER ($(state_of r1) on r1)"

ip -n "$NS_R1" link set bond1 up
expect_state r1 MASTER 10 5 "r1's link up (preempts)"
expect_state r2 BACKUP 10 3 "r2 after r1's link came back"
holds r1 r2
info "PASS: IPv6 election, failover by SIGTERM and by link down, preemption back"
