#!/usr/bin/env bash
# A5, no real MAC from an IPv6 VIP (DESIGN decision 3, issue 14): a VRRPv3 IPv6
# pair (link-local VIP first, then 2001:db8::254), a client pinging the VIP.
# XDP answers the client's NS from the VMAC; the master's own kernel then
# resolves the client with an NS from the VIP, which must leave with the VMAC
# as Ethernet source and source link-layer option (checksum good); the same
# after a failover (r1 SIGKILLed, r2 takes over). Every frame on the segment
# is captured: none from a VIP may carry a real MAC, and the client's entry
# for the VIP must be the VMAC at every sample.
source "$(dirname "$0")/common.bash"
lab_up
VRID=10
VMAC6=00:00:5e:00:02:0a
LL_VIP=fe80::254
FROM_VIP="ipv6.src == $VIP6 || ipv6.src == $LL_VIP"

# The controller needs a usable link-local primary address.
ll_ready() {
    ip -n "$1" -6 addr show dev bond1 scope link | grep -q inet6 &&
        ! ip -n "$1" -6 addr show dev bond1 scope link | grep -q tentative
}
for ns in "$NS_R1" "$NS_R2"; do
    wait_until 5 ll_ready "$ns" || fail "no usable link-local address on bond1 in $ns"
done

q=(--vrid "$VRID" --version 3 --advert-int 100ms --vip "$LL_VIP/64" --vip "$VIP6/64")
xvrrp_start r1 "$NS_R1" "${q[@]}" --priority 200
xvrrp_start r2 "$NS_R2" "${q[@]}" --priority 100
xvrrp_wait_state r1 MASTER 5 || fail "r1 not MASTER: $(xvrrp_state r1)"
xvrrp_wait_state r2 BACKUP 5 || fail "r2 not BACKUP: $(xvrrp_state r2)"
wait_until 3 ns_has_addr "$NS_R1" "$VIP6" || fail "VIP6 not on r1"
info "r1 MASTER, r2 BACKUP"

watch_failover "$VIP6"

assert_neigh_always "$VMAC6" "$VIP6"
assert_vmac_only "$FROM_VIP" "$VMAC6"
# Proof the case was exercised: each master's kernel solicited the client
# from the VIP, with a source link-layer option and a good checksum.
ns_from_vip="($FROM_VIP) && icmpv6.type == 135 && icmpv6.opt.type == 1 && icmpv6.checksum.status == 1"
n1=$(count_frames p-r1 "$ns_from_vip")
n2=$(count_frames p-r2 "$ns_from_vip")
assert_ge "$n1" 1 "NS from the VIP with a source link-layer option, good checksum, sent by r1"
assert_ge "$n2" 1 "NS from the VIP with a source link-layer option, good checksum, sent by r2"
assert_ge "$(count_frames p-r2 "($FROM_VIP) && icmpv6.type == 129")" 1 "echo replies from r2"
info "NS from the VIP: r1 $n1, r2 $n2, all with $VMAC6"
assert_ge "$(xvrrp_counter r1 egress_nd_rewrite)" 1 "r1 egress_nd_rewrite"
assert_ge "$(xvrrp_counter r2 egress_nd_rewrite)" 1 "r2 egress_nd_rewrite"

# Off again: a graceful stop and `xvrrp detach` remove the filter.
# Checked last, so that a build without the egress program fails on the
# captures above, which show what goes wrong.
assert_eq true "$(egress_attached r1)" "r1 (killed): egress_attached in xvrrp stats"
assert_eq true "$(egress_attached r2)" "r2: egress_attached in xvrrp stats"
has_egress_filter "$NS_R2" || fail "r2: no xvrrp_egress filter on bond1 egress"
xvrrp_stop r2
has_egress_filter "$NS_R2" && fail "r2 left its egress filter after a graceful stop"
xvrrp_detach r1 >/dev/null
has_egress_filter "$NS_R1" && fail "xvrrp detach left r1's egress filter"
info "PASS"
