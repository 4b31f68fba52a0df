#!/usr/bin/env bash
# No real MAC for a VIP, over a whole IPv6 failover (DESIGN decision 3, A2):
# the client pings both VIPs (link-local fe80::1:33 and the global one)
# without pause while r1 is elected, stopped by SIGTERM (r2 takes over),
# restarted (preempts), and cut off by its link going down (r2 takes over).
# Its neighbour table, sampled every 20 ms, maps each VIP to the VMAC
# 00:00:5e:00:02:0a in every sample that has an address, never to r1's or
# r2's MAC; and every NS and NA any host sent on the segment (captured at
# each bridge port) that speaks for a VIP carries the VMAC in its Ethernet
# source and its link-layer option; no router solicits its own VIP.
source "$(dirname "$0")/common.bash"
LAB_FAIL_LINES=${LAB_FAIL_LINES:-4}
LAB_DAD=0 lab_up
LL_VIP=fe80::1:33
VMAC=$(vmac6 10)
q=(--vrid 10 --vip "$LL_VIP" --vip "$VIP6/64" --advert-int 100ms --version 3)

for port in p-r1 p-r2 p-c; do
    capture_start "$NS_SW" "$port" "$LAB_TMP/$port.pcap" -Q in icmp6
done
xvrrp_start r1 "$NS_R1" "${q[@]}" --priority 200
xvrrp_start r2 "$NS_R2" "${q[@]}" --priority 100
expect_state r1 MASTER
expect_state r2 BACKUP
wait_until 3 ns_has_addr "$NS_R1" "$VIP6" || fail "VIP not on r1"

neigh_sampler_start "$NS_C" eth0
start_bg ping-global "$NS_C" ping -6 -n -i 0.05 "$VIP6"
start_bg ping-ll "$NS_C" ping -6 -n -i 0.05 "$LL_VIP%eth0"
sleep 1.5 # past the first neighbour exchanges in both directions
info "r1 MASTER, the client pinging both VIPs"

xvrrp_stop r1
expect_state r2 MASTER 10 3 "r2 after r1's SIGTERM"
sleep 1.5
info "SIGTERM on r1: r2 MASTER"
xvrrp_start r1 "$NS_R1" "${q[@]}" --priority 200
expect_state r1 MASTER 10 5 "r1 restarted (preempts)"
sleep 1.5
info "r1 back: MASTER"
ip -n "$NS_R1" link set bond1 down
expect_state r2 MASTER 10 3 "r2 after r1's link went down"
sleep 1.5
info "r1's link down: r2 MASTER"

neigh_sampler_stop
capture_stop
replies=$(grep -c 'bytes from' "$LAB_TMP/ping-global.log" || true)
assert_ge "$replies" 40 "echo replies from $VIP6 over the test"
neigh=$(neigh_check "$VMAC" "$VIP6" "$LL_VIP") || true
nd_frames "$LAB_TMP"/p-*.pcap >"$LAB_TMP/nd.txt"
assert_ge "$(wc -l <"$LAB_TMP/nd.txt")" 4 "NS/NA frames captured"
bad=$(nd_vip_violations "$VMAC" "$VIP6" "$LL_VIP" -- "$LAB_TMP"/p-*.pcap)
[[ -z $bad ]] || bad="$(wc -l <<<"$bad") NS/NA frame(s) for a VIP with a real MAC (r1 $R1_MAC, r2 $R2_MAC):
$(head -n 8 <<<"$bad")"
[[ -z $neigh && -z $bad ]] || fail "${neigh:+$neigh
}$bad"
info "PASS: $(wc -l <"$LAB_TMP/nd.txt") NS/NA captured, every one for a VIP with the VMAC $VMAC; $replies echo replies"
