#!/usr/bin/env bash
# xvrrp and keepalived 2.2 on one link, VRRPv3 over IPv6 with 100 ms adverts.
# Both list the virtual link-local address fe80::10 first (RFC 9568 5.2.9;
# xvrrp discards an IPv6 advert without it, D9) and send from their
# interface's own link-local address; the checksum covers the IPv6
# pseudo-header on both sides.
#
# (a) xvrrp MASTER, keepalived BACKUP: keepalived stays BACKUP, the client
#     reaches the VIP through the IPv6 VMAC; xvrrp stops and keepalived takes
#     over. keepalived runs without use_vmac: as MASTER it answers for the VIP
#     with its own MAC, and that is what the client must then hold.
# (b) keepalived MASTER, xvrrp BACKUP: xvrrp accepts every advert (no
#     discard) and stays BACKUP; r1's link fails (no priority-0 advert), xvrrp
#     takes over after its Master_Down_Interval and answers NS from the VMAC.
source "$(dirname "$0")/common.bash"
# shellcheck source=../peers/keepalived.bash
source "$INTEROP_DIR/../peers/keepalived.bash"
lab_require_cmd keepalived tshark
lab_up
LL=fe80::10
VMAC6=$(vmac6 10)
q=(--vrid 10 --vip "$LL" --vip "$VIP6/64" --advert-int 100ms --version 3)
ka=(--advert-int 0.1 --version 3 --vip "$LL/64" --vip "$VIP6/64")
wait_link_local "$NS_R1" bond1
wait_link_local "$NS_R2" bond1
R1_LL=$(link_local "$NS_R1" bond1)
R2_LL=$(link_local "$NS_R2" bond1)

ka_state() {
    local s
    s=$(keepalived_state "$1")
    echo "${s/#MASTER_RX_LOWER_PRI/MASTER}"
}

# ---- (a) xvrrp Master, keepalived Backup.
capture_start "$NS_C" eth0 "$LAB_TMP/a.pcap" ip6
xvrrp_start x1 "$NS_R1" "${q[@]}" --priority 200
xvrrp_wait_state x1 MASTER 3 || fail "xvrrp r1 not MASTER alone: $(state_of x1)"
keepalived_config k2 --priority 100 "${ka[@]}" >/dev/null
keepalived_start k2 "$NS_R2"
keepalived_wait_state k2 BACKUP 3 || fail "keepalived r2 not BACKUP: $(keepalived_state k2)"
# 1.5 s is 4 Master_Down_Intervals: a keepalived deaf to xvrrp would be MASTER.
sleep 1.5
assert_eq BACKUP "$(ka_state k2)" "keepalived r2 under xvrrp r1"
grep -q MASTER "$LAB_TMP/ka-k2-notify.log" && fail "keepalived r2 went MASTER under xvrrp r1"
assert_eq MASTER "$(state_of x1)" "xvrrp r1 with keepalived r2 as Backup"
expect_client_at "$VIP6" "$VMAC6" "$LAB_TMP/a.pcap" "client's neighbour entry for the VIP under xvrrp r1"
info "xvrrp r1 MASTER, keepalived r2 BACKUP, client reaches $VIP6 at $VMAC6"
xvrrp_stop x1
keepalived_wait_state k2 MASTER 2 || fail "keepalived r2 did not take over from xvrrp r1: $(keepalived_state k2)"
wait_until 2 ns_has_addr "$NS_R2" "$VIP6" || fail "VIP6 not on keepalived r2"
expect_client_at "$VIP6" "$R2_MAC" "$LAB_TMP/a.pcap" "client's neighbour entry for the VIP under keepalived r2 (no use_vmac)"
info "xvrrp r1 stopped: keepalived r2 MASTER, client reaches $VIP6 at r2's own MAC"
capture_stop "$LAB_TMP/a.pcap"
keepalived_stop k2
x1_adverts=$(adverts_from "$LAB_TMP/a.pcap" "$R1_LL")
info "xvrrp r1 on the wire: $x1_adverts"
# Priority 200, then priority 0 at the stop (S7).
assert_eq "3 10 0 2 $VMAC6 $R1_LL good 10cs -
3 10 200 2 $VMAC6 $R1_LL good 10cs -" "$x1_adverts" "xvrrp r1's adverts (tshark)"
# Both list the same addresses, the virtual link-local first.
assert_eq "$LL,$VIP6" "$(advert_lists "$LAB_TMP/a.pcap")" "address lists of the adverts (tshark)"
k2_adverts=$(adverts_from "$LAB_TMP/a.pcap" "$R2_LL")
info "keepalived r2 on the wire: $k2_adverts"
assert_eq "3 10 100 2 $R2_MAC $R2_LL good 10cs -" "$k2_adverts" "keepalived r2's adverts (tshark)"

# ---- (b) keepalived Master, xvrrp Backup.
ip -n "$NS_C" -6 neigh flush dev eth0
capture_start "$NS_C" eth0 "$LAB_TMP/b.pcap" ip6
keepalived_config k1 --priority 200 "${ka[@]}" >/dev/null
keepalived_start k1 "$NS_R1"
keepalived_wait_state k1 MASTER 5 || fail "keepalived r1 not MASTER alone: $(keepalived_state k1)"
xvrrp_start x2 "$NS_R2" "${q[@]}" --priority 100
xvrrp_wait_state x2 BACKUP 3 || fail "xvrrp r2 not BACKUP: $(state_of x2)"
# An advert that lands between the XDP attach and the router's map entry is
# a D6 (VRID not configured): count from here.
discarded=$(discards x2)
sleep 1.5
assert_eq BACKUP "$(state_of x2)" "xvrrp r2 under keepalived r1"
assert_eq MASTER "$(ka_state k1)" "keepalived r1 with xvrrp r2 as Backup"
assert_eq 1 "$(xvrrp_field x2 transitions)" "xvrrp r2 transitions (INIT -> BACKUP only)"
assert_eq "$R1_LL" "$(xvrrp_field x2 master_ip)" "xvrrp r2's master_ip"
accepted=$(xvrrp_counter x2 advert_accepted)
assert_ge "$accepted" 10 "keepalived adverts xvrrp r2 accepted in 1.5 s"
assert_eq "$discarded" "$(discards x2)" "keepalived adverts xvrrp r2 discarded (any reason) as BACKUP"
assert_eq 0 "$(xvrrp_counter x2 discard_d5_checksum)" "keepalived adverts xvrrp r2 discarded for their checksum"
assert_eq 0 "$(xvrrp_counter x2 discard_d9_not_link_local)" "keepalived adverts xvrrp r2 discarded for their first address"
assert_eq 0 "$(xvrrp_counter x2 na_reply)" "NS for the VIP answered by xvrrp r2 as Backup"
info "keepalived r1 MASTER, xvrrp r2 BACKUP ($accepted adverts accepted, none discarded)"
# A link failure, not a stop: no priority-0 advert, so the takeover waits
# for the Master_Down_Interval, 3 x 100 ms + (256 - 100) x 100 ms / 256 =
# 360.9 ms. r1 stays off the link: its kernel still holds the VIP.
t0=$(date +%s%3N)
ip -n "$NS_R1" link set bond1 down
xvrrp_wait_state x2 MASTER 2 || fail "xvrrp r2 did not take over from keepalived r1: $(state_of x2)"
took=$(($(date +%s%3N) - t0))
info "r1's link down: xvrrp r2 MASTER after $took ms (Master_Down_Interval 361 ms)"
assert_ge "$took" 300 "takeover delay (ms), at least 3 advert intervals"
assert_le "$took" 900 "takeover delay (ms), Master_Down_Interval plus polling and load"
expect_client_at "$VIP6" "$VMAC6" "$LAB_TMP/b.pcap" "client's neighbour entry for the VIP under xvrrp r2"
assert_ge "$(xvrrp_counter x2 na_reply)" 1 "NS for the VIP answered by xvrrp r2 as Master"
capture_stop "$LAB_TMP/b.pcap"
k1_adverts=$(adverts_from "$LAB_TMP/b.pcap" "$R1_LL")
info "keepalived r1 on the wire: $k1_adverts"
assert_eq "3 10 200 2 $R1_MAC $R1_LL good 10cs -" "$k1_adverts" "keepalived r1's adverts (tshark)"
assert_eq "$LL,$VIP6" "$(advert_lists "$LAB_TMP/b.pcap")" "address lists of the adverts (tshark)"
x2_adverts=$(adverts_from "$LAB_TMP/b.pcap" "$R2_LL")
info "xvrrp r2 on the wire: $x2_adverts"
assert_eq "3 10 100 2 $VMAC6 $R2_LL good 10cs -" "$x2_adverts" "xvrrp r2's adverts (tshark)"
# Every NA the client saw for the VIP after the takeover came from the VMAC.
na_macs=$(tshark -r "$LAB_TMP/b.pcap" -Y "icmpv6.type == 136 && icmpv6.nd.na.target_address == $VIP6" \
    -T fields -e eth.src 2>>"$LAB_TMP/tshark.err" | sort -u | tr '\n' ' ')
info "NAs for $VIP6 came from: $na_macs"
assert_eq "$(printf '%s\n' "$R1_MAC" "$VMAC6" | sort | tr '\n' ' ')" "$na_macs" \
    "sources of the NAs for the VIP (keepalived r1, then xvrrp r2)"
info "PASS"
