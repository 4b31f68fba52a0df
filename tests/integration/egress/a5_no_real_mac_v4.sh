#!/usr/bin/env bash
# A5, no real MAC from an IPv4 VIP (DESIGN decision 3, issue 14): with
# arp_announce put back to 0 on both routers after the controller raised it,
# the master's kernel resolves a client it answers with an ARP request whose
# sender is the VIP. That request must leave with the VMAC as Ethernet source
# and sender hardware address, before and after a failover (r1 SIGKILLed).
# Every frame on the segment is captured: none from the VIP may carry a real
# MAC, and the client's entry for the VIP must be the VMAC at every sample.
source "$(dirname "$0")/common.bash"
lab_up
VRID=10
VMAC4=00:00:5e:00:01:0a
FROM_VIP="ip.src == $VIP || arp.src.proto_ipv4 == $VIP"

q=(--vrid "$VRID" --version 3 --advert-int 100ms --vip "$VIP/24")
xvrrp_start r1 "$NS_R1" "${q[@]}" --priority 200
xvrrp_start r2 "$NS_R2" "${q[@]}" --priority 100
xvrrp_wait_state r1 MASTER 5 || fail "r1 not MASTER: $(xvrrp_state r1)"
xvrrp_wait_state r2 BACKUP 5 || fail "r2 not BACKUP: $(xvrrp_state r2)"
wait_until 3 ns_has_addr "$NS_R1" "$VIP" || fail "VIP not on r1"
for ns in "$NS_R1" "$NS_R2"; do
    ip netns exec "$ns" sysctl -qw net.ipv4.conf.bond1.arp_announce=0 net.ipv4.conf.all.arp_announce=0
    ip -n "$ns" neigh flush dev bond1
done
info "r1 MASTER, r2 BACKUP; arp_announce 0 on both, neighbour tables empty"
# The controller's GARPs (AF_PACKET, no PACKET_QDISC_BYPASS) are so far the
# only frames r1 sent from the VIP (checked below).
garp_pass=$(xvrrp_counter r1 egress_vip_pass)
garp_rewrites="$(xvrrp_counter r1 egress_vmac_rewrite) $(xvrrp_counter r1 egress_nd_rewrite)"

watch_failover "$VIP"

assert_neigh_always "$VMAC4" "$VIP"
assert_vmac_only "$FROM_VIP" "$VMAC4"
# Proof the case was exercised: each master's kernel asked for the client
# from the VIP (not a gratuitous ARP: the target is the client).
arp_from_vip="arp.opcode == 1 && arp.src.proto_ipv4 == $VIP && arp.dst.proto_ipv4 == $C_IP"
n1=$(count_frames p-r1 "$arp_from_vip")
n2=$(count_frames p-r2 "$arp_from_vip")
assert_ge "$n1" 1 "ARP requests for the client from the VIP sent by r1"
assert_ge "$n2" 1 "ARP requests for the client from the VIP sent by r2"
assert_ge "$(count_frames p-r2 "ip.src == $VIP && icmp.type == 0")" 1 "echo replies from r2"
info "ARP requests from the VIP: r1 $n1, r2 $n2, all with $VMAC4"
assert_ge "$(xvrrp_counter r1 egress_nd_rewrite)" 1 "r1 egress_nd_rewrite"

# Checked last, so that a build without the egress program fails on the
# captures above, which show what goes wrong.
assert_ge "$garp_pass" 1 "r1's own GARPs seen by the egress program"
assert_eq "0 0" "$garp_rewrites" "r1's egress rewrites (Ethernet, ARP sender) before any client"
assert_eq true "$(egress_attached r1)" "r1 (killed): egress_attached in xvrrp stats"
assert_eq true "$(egress_attached r2)" "r2: egress_attached in xvrrp stats"
has_egress_filter "$NS_R2" || fail "r2: no xvrrp_egress filter on bond1 egress"
xvrrp_stop r2
has_egress_filter "$NS_R2" && fail "r2 left its egress filter after a graceful stop"
xvrrp_detach r1 >/dev/null
has_egress_filter "$NS_R1" && fail "xvrrp detach left r1's egress filter"
info "PASS"
