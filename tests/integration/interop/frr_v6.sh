#!/usr/bin/env bash
# xvrrp and FRR 8.4 vrrpd in one VRID, VRRPv3 over IPv6 with 100 ms adverts.
# FRR holds the VIPs on a macvlan with the IPv6 VMAC (00:00:5e:00:02:0a) and
# sends from that macvlan's own link-local address; both list the virtual
# link-local fe80::10 first (FRR in the order of its `vrrp 10 ipv6` lines).
#
# (1) xvrrp MASTER, FRR BACKUP: election by priority, FRR accepts xvrrp's
#     adverts; xvrrp stops and FRR takes over.
# (2) FRR MASTER, xvrrp BACKUP: xvrrp accepts FRR's adverts (no discard);
#     FRR stops (priority 0) and xvrrp takes over.
# In each, the client reaches the VIP at the VMAC, and tshark finds both
# sides' adverts valid (checksum over the IPv6 pseudo-header).
source "$(dirname "$0")/common.bash"
# shellcheck source=../peers/frr.bash
source "$INTEROP_DIR/../peers/frr.bash"
lab_require_cmd vtysh tshark
[[ -x $FRR_SBIN/vrrpd && -x $FRR_SBIN/zebra ]] || lab_skip "FRR vrrpd/zebra not found in $FRR_SBIN"
lab_up
LL=fe80::10
VMAC6=$(vmac6 10)
q=(--vrid 10 --vip "$LL" --vip "$VIP6/64" --advert-int 100ms --version 3)
f=(--vrid 10 --advert-int-ms 100 --vip6 "$LL" --vip6 "$VIP6")
# FRR's Master sends router advertisements; nobody here should act on them.
for ns in "$NS_R1" "$NS_R2" "$NS_C"; do
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0
done
ip netns exec "$NS_C" sysctl -qw net.ipv6.conf.eth0.accept_ra=0
wait_link_local "$NS_R1" bond1
wait_link_local "$NS_R2" bond1
# Before xvrrp adds the virtual link-local: that one would be listed first.
X1_LL=$(link_local "$NS_R1" bond1)
X2_LL=$(link_local "$NS_R2" bond1)

frr_v6() {
    frr_vtysh "$1" -c 'show vrrp 10 json' | jq -r ".[0].v6.$2"
}

# ---- (1) xvrrp Master, FRR Backup.
capture_start "$NS_C" eth0 "$LAB_TMP/one.pcap" ip6
xvrrp_start x1 "$NS_R1" "${q[@]}" --priority 200
xvrrp_wait_state x1 MASTER 3 || fail "xvrrp r1 not MASTER alone: $(state_of x1)"
frr_vmac6_setup "$NS_R2" 10 "$LL/64" "$VIP6/64"
F2_LL=$(link_local "$NS_R2" vrrp6-10)
frr_start f2 "$NS_R2" "${f[@]}" --priority 100
frr_wait_state f2 BACKUP 5 v6 || fail "FRR r2 not Backup: $(frr_state f2 10 v6)"
sleep 1.5
assert_eq BACKUP "$(frr_state f2 10 v6)" "FRR r2 under xvrrp r1"
assert_eq MASTER "$(state_of x1)" "xvrrp r1 with FRR r2 as Backup"
rx=$(frr_v6 f2 stats.adverRx)
assert_ge "$rx" 10 "adverts FRR r2 accepted from xvrrp r1 in 1.5 s"
expect_client_at "$VIP6" "$VMAC6" "$LAB_TMP/one.pcap" "client's neighbour entry for the VIP under xvrrp r1"
info "xvrrp r1 MASTER, FRR r2 Backup (accepted $rx adverts), client reaches $VIP6 at $VMAC6"
xvrrp_stop x1
frr_wait_state f2 MASTER 2 v6 || fail "FRR r2 did not take over from xvrrp r1: $(frr_state f2 10 v6)"
expect_client_at "$VIP6" "$VMAC6" "$LAB_TMP/one.pcap" "client's neighbour entry for the VIP under FRR r2"
info "xvrrp r1 stopped: FRR r2 Master"
capture_stop "$LAB_TMP/one.pcap"
frr_stop f2
ip -n "$NS_R2" link del vrrp6-10
x1_adverts=$(adverts_from "$LAB_TMP/one.pcap" "$X1_LL")
info "xvrrp r1 on the wire: $x1_adverts"
assert_eq "3 10 0 2 $VMAC6 $X1_LL good 10cs -
3 10 200 2 $VMAC6 $X1_LL good 10cs -" "$x1_adverts" "xvrrp r1's adverts (tshark)"
# Both list the same addresses, the virtual link-local first.
assert_eq "$LL,$VIP6" "$(advert_lists "$LAB_TMP/one.pcap")" "address lists of the adverts (tshark)"
f2_adverts=$(adverts_from "$LAB_TMP/one.pcap" "$F2_LL")
info "FRR r2 on the wire: $f2_adverts"
assert_eq "3 10 100 2 $VMAC6 $F2_LL good 10cs -" "$f2_adverts" "FRR r2's adverts (tshark)"

# ---- (2) FRR Master, xvrrp Backup.
capture_start "$NS_C" eth0 "$LAB_TMP/two.pcap" ip6
frr_vmac6_setup "$NS_R1" 10 "$LL/64" "$VIP6/64"
F1_LL=$(link_local "$NS_R1" vrrp6-10)
frr_start f1 "$NS_R1" "${f[@]}" --priority 200
frr_wait_state f1 MASTER 5 v6 || fail "FRR r1 not Master alone: $(frr_state f1 10 v6)"
xvrrp_start x2 "$NS_R2" "${q[@]}" --priority 100
xvrrp_wait_state x2 BACKUP 3 || fail "xvrrp r2 not BACKUP: $(state_of x2)"
# An advert that lands between the XDP attach and the router's map entry is
# a D6 (VRID not configured): count from here.
discarded=$(discards x2)
sleep 1.5
assert_eq BACKUP "$(state_of x2)" "xvrrp r2 under FRR r1"
assert_eq MASTER "$(frr_state f1 10 v6)" "FRR r1 with xvrrp r2 as Backup"
assert_eq 1 "$(xvrrp_field x2 transitions)" "xvrrp r2 transitions (INIT -> BACKUP only)"
assert_eq "$F1_LL" "$(xvrrp_field x2 master_ip)" "xvrrp r2's master_ip"
accepted=$(xvrrp_counter x2 advert_accepted)
assert_ge "$accepted" 10 "FRR adverts xvrrp r2 accepted in 1.5 s"
assert_eq "$discarded" "$(discards x2)" "FRR adverts xvrrp r2 discarded (any reason) as BACKUP"
assert_eq 0 "$(xvrrp_counter x2 discard_d5_checksum)" "FRR adverts xvrrp r2 discarded for their checksum"
assert_eq 0 "$(xvrrp_counter x2 discard_d9_not_link_local)" "FRR adverts xvrrp r2 discarded for their first address"
info "FRR r1 Master, xvrrp r2 BACKUP ($accepted adverts accepted, none discarded)"
frr_stop f1
xvrrp_wait_state x2 MASTER 2 || fail "xvrrp r2 did not take over from FRR r1: $(state_of x2)"
# r1's macvlan outlives vrrpd, up and holding the VIP: take it away so that
# only xvrrp can answer for the VIP.
ip -n "$NS_R1" link del vrrp6-10
na=$(xvrrp_counter x2 na_reply)
expect_client_at "$VIP6" "$VMAC6" "$LAB_TMP/two.pcap" "client's neighbour entry for the VIP under xvrrp r2"
assert_ge "$(xvrrp_counter x2 na_reply)" "$((na + 1))" "NS for the VIP answered by xvrrp r2"
info "FRR r1 stopped: xvrrp r2 MASTER, answers NS for $VIP6"
capture_stop "$LAB_TMP/two.pcap"
f1_adverts=$(adverts_from "$LAB_TMP/two.pcap" "$F1_LL")
info "FRR r1 on the wire: $f1_adverts"
assert_eq "3 10 0 2 $VMAC6 $F1_LL good 10cs -
3 10 200 2 $VMAC6 $F1_LL good 10cs -" "$f1_adverts" "FRR r1's adverts (tshark)"
assert_eq "$LL,$VIP6" "$(advert_lists "$LAB_TMP/two.pcap")" "address lists of the adverts (tshark)"
x2_adverts=$(adverts_from "$LAB_TMP/two.pcap" "$X2_LL")
info "xvrrp r2 on the wire: $x2_adverts"
assert_eq "3 10 100 2 $VMAC6 $X2_LL good 10cs -" "$x2_adverts" "xvrrp r2's adverts (tshark)"
info "PASS"
