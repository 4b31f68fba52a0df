#!/usr/bin/env bash
# Real-MAC mode (issue 10 item 3, xvrrp_real_mac): r1 (priority 200) and r2
# (100) speak with their interfaces' own MACs. The client reaches the VIP at
# r1's MAC; r1's controller is SIGKILLed, r2 takes over and its GARPs move
# the client's entry to r2's MAC, and the client reaches the VIP through r2.
# On the wire (tcpdump at every switch port, read by tshark): adverts, GARPs
# and ARP replies for the VIP carry the sender's real MAC as Ethernet source
# and ARP sender address, and no frame ever has the VMAC as source. After the
# lease of the dead r1 ran out, only r2 answers ARP for the VIP.
set -euo pipefail
DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/lab.bash
source "$DIR/../lib/lab.bash"
# shellcheck source=../peers/xvrrp.bash
source "$DIR/../peers/xvrrp.bash"
lab_require_root
lab_require_cmd jq ping tcpdump tshark arping
lab_require_xvrrp
LAB_TIMEOUT=${LAB_TIMEOUT:-85} # a lab, a failover and three tshark passes
VMAC4=00:00:5e:00:01:0a
PORTS=(p-r1 p-r2 p-c)
lab_up

# write_config FILE PRIORITY
write_config() {
    cat >"$1" <<CONF
global_defs {
    xvrrp_real_mac
    vrrp_version 3
    vrrp_garp_master_delay 0
    vrrp_garp_master_repeat 3
}
vrrp_instance V4 {
    interface bond1
    virtual_router_id 10
    priority $2
    advert_int 0.1
    virtual_ipaddress {
        $VIP/24
    }
}
CONF
}

# dump PORT: one line per frame on PORT, tshark's decode (one pass per port):
#   eth.src arp.opcode arp.src.hw_mac arp.src.proto_ipv4 arp.dst.proto_ipv4 ip.src vrrp.prio
# with "-" for a field the frame does not have.
dump() {
    tshark -r "$LAB_TMP/$1.pcap" -T fields -E separator=/t -e eth.src -e arp.opcode \
        -e arp.src.hw_mac -e arp.src.proto_ipv4 -e arp.dst.proto_ipv4 -e ip.src -e vrrp.prio \
        2>>"$LAB_TMP/tshark.err" |
        awk -F'\t' -v OFS=' ' '{ for (i = 1; i <= 7; i++) if ($i == "") $i = "-"; $1 = $1; print }' \
            >"$LAB_TMP/$1.frames"
}

# client_entry: the client's neighbour entry for the VIP ("MAC STATE" or "").
client_entry() {
    ip -n "$NS_C" -4 neigh show "$VIP" dev eth0 | awk '{for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1), $NF}'
}
client_mac_is() {
    [[ $(client_entry | awk '{print $1}') == "$1" ]]
}

write_config "$LAB_TMP/r1.conf" 200
write_config "$LAB_TMP/r2.conf" 100
for p in "${PORTS[@]}"; do
    capture_start "$NS_SW" "$p" "$LAB_TMP/$p.pcap" -Q in
done
xvrrp_start r1 "$NS_R1" -f "$LAB_TMP/r1.conf"
xvrrp_wait_state r1 MASTER 5 || fail "r1 not MASTER: $(xvrrp_state r1)"
xvrrp_start r2 "$NS_R2" -f "$LAB_TMP/r2.conf"
xvrrp_wait_state r2 BACKUP 5 || fail "r2 not BACKUP: $(xvrrp_state r2)"
assert_eq true "$(xvrrp_stats r1 bond1 | jq '.interfaces[0].routers[0].real_mac')" "r1 real_mac in stats"
ip netns exec "$NS_C" ping -4 -c 3 -i 0.2 -W 1 "$VIP" >/dev/null || fail "client cannot ping $VIP through r1"
client_mac_is "$R1_MAC" || fail "client's entry for $VIP is not r1's MAC $R1_MAC: $(client_entry)"
info "client reached $VIP at r1's MAC $R1_MAC"

xvrrp_kill r1
xvrrp_wait_state r2 MASTER 3 || fail "r2 did not take over: $(xvrrp_state r2)"
wait_until 3 client_mac_is "$R2_MAC" ||
    fail "client's entry for $VIP did not move to r2's MAC $R2_MAC: $(client_entry)"
info "r1 killed, r2 MASTER; client's entry: $(client_entry)"
ip netns exec "$NS_C" ping -4 -c 3 -i 0.2 -W 1 "$VIP" >/dev/null || fail "client cannot ping $VIP through r2"
client_mac_is "$R2_MAC" || fail "client's entry for $VIP left r2's MAC: $(client_entry)"
# r1's XDP program still runs, its lease (4 x 100 ms) long over: only r2
# answers ARP for the VIP.
sleep 0.5
assert_eq "$R2_MAC" "$(arp_responders "$NS_C" eth0 "$VIP" | paste -sd' ')" "ARP responders for $VIP after failover"
sleep 0.3
capture_stop

# ---- the wire ---------------------------------------------------------------
for p in "${PORTS[@]}"; do
    dump "$p"
    n=$(awk -v v="$VMAC4" '$1 == v || $3 == v' "$LAB_TMP/$p.frames" | grep -c . || true)
    assert_eq 0 "$n" "frames with the VMAC as source on $p"
done
# check_port PORT MAC NAME: what NAME sent (its switch port) used MAC only.
check_port() {
    local f="$LAB_TMP/$1.frames" got
    got=$(awk '$7 != "-" && $7 > 0 { print $1 }' "$f" | sort -u | paste -sd' ')
    assert_eq "$2" "$got" "$3's adverts: Ethernet source"
    got=$(awk -v vip="$VIP" '$2 == 1 && $4 == vip && $5 == vip { print $1, $3 }' "$f" | sort -u | paste -sd' ')
    assert_eq "$2 $2" "$got" "$3's GARPs for $VIP: Ethernet source, sender"
    got=$(awk -v vip="$VIP" '$2 == 2 && $4 == vip { print $1, $3 }' "$f" | sort -u | paste -sd' ')
    assert_eq "$2 $2" "$got" "$3's ARP replies for $VIP: Ethernet source, sender"
    got=$(awk -v vip="$VIP" -v m="$2" '$6 == vip && $1 != m' "$f" | grep -c . || true)
    assert_eq 0 "$got" "frames from $VIP on $1 with another MAC than $3's"
}
check_port p-r1 "$R1_MAC" r1
check_port p-r2 "$R2_MAC" r2
info "on the wire: r1 only $R1_MAC, r2 only $R2_MAC, never $VMAC4"
info "PASS"
