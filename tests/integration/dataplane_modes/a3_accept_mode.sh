#!/usr/bin/env bash
# A3, RFC 9568 Accept_Mode (issue 10): r1, a MASTER of priority 200 (not the
# address owner) with `no_accept`, drops in XDP what a client sends to its
# VIPs, TCP, UDP and ping over IPv4, ping over IPv6, and counts each packet
# per router (stats --json accept_drops) and per interface (accept_drop);
# ARP and ND for the VIPs are still answered (the client's entries show the
# VMACs). The same configuration with `accept` answers all of it and counts
# nothing.
set -euo pipefail
DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/lab.bash
source "$DIR/../lib/lab.bash"
# shellcheck source=../peers/xvrrp.bash
source "$DIR/../peers/xvrrp.bash"
lab_require_root
lab_require_cmd jq ping python3
lab_require_xvrrp
PY=$(command -v python3)
PORT=7007
VMAC4=00:00:5e:00:01:0a
VMAC6=00:00:5e:00:02:0b
lab_up

# write_config FILE MODE: one IPv4 and one IPv6 VRRPv3 instance, MODE is
# accept or no_accept.
write_config() {
    cat >"$1" <<CONF
global_defs {
    vrrp_garp_master_delay 0
    vrrp_version 3
}
vrrp_instance V4 {
    interface bond1
    virtual_router_id 10
    priority 200
    advert_int 0.1
    $2
    virtual_ipaddress {
        $VIP/24
    }
}
vrrp_instance V6 {
    interface bond1
    virtual_router_id 11
    priority 200
    advert_int 0.1
    $2
    virtual_ipaddress {
        fe80::b/64
        $VIP6/64
    }
}
CONF
}

# router_field VRID FAMILY FIELD: a field of r1's router in `xvrrp stats`.
router_field() {
    xvrrp_stats r1 bond1 | jq -r --argjson v "$1" --arg f "$2" --arg k "$3" \
        '.interfaces[0].routers | map(select(.vrid == $v and .family == $f))[0][$k]'
}

# start_r1 MODE: r1 with the configuration, MASTER for both VRIDs, the
# echo server on the IPv4 VIP.
start_r1() {
    write_config "$LAB_TMP/r1.conf" "$1"
    xvrrp_start r1 "$NS_R1" -f "$LAB_TMP/r1.conf"
    xvrrp_wait_state r1 MASTER 5 || fail "r1 not MASTER for VRID 10: $(xvrrp_state r1)"
    wait_until 5 _xvrrp_state_is_v6 || fail "r1 not MASTER for VRID 11"
    wait_until 3 ns_has_addr "$NS_R1" "$VIP" || fail "VIP not on r1"
    wait_until 5 ns_has_addr "$NS_R1" "$VIP6" || fail "VIP6 not on r1"
    start_bg echo "$NS_R1" "$PY" "$DIR/echo.py" serve "$VIP" "$PORT"
    ECHO_PID=$LAB_LAST_PID
    sleep 0.3
}
_xvrrp_state_is_v6() {
    [[ $(xvrrp_state r1 11) == MASTER ]]
}

# probe KIND: 0 when the client's KIND exchange with the VIP was answered.
probe() {
    case $1 in
        ping4) ip netns exec "$NS_C" ping -4 -c 3 -i 0.2 -W 1 "$VIP" >/dev/null 2>&1 ;;
        ping6) ip netns exec "$NS_C" ping -6 -c 3 -i 0.2 -W 1 "$VIP6" >/dev/null 2>&1 ;;
        tcp | udp) ip netns exec "$NS_C" "$PY" "$DIR/echo.py" "$1" "$VIP" "$PORT" ;;
    esac
}

# ---- no_accept: everything to the VIPs dropped and counted ----------------
start_r1 no_accept
assert_eq false "$(router_field 10 IPv4 accept_mode)" "VRID 10 accept_mode"
d4=$(router_field 10 IPv4 accept_drops)
d6=$(router_field 11 IPv6 accept_drops)
for kind in ping4 tcp udp ping6; do
    probe "$kind" && fail "no_accept: the client's $kind to the VIP was answered"
    info "no_accept: $kind to the VIP not answered"
done
n4=$(($(router_field 10 IPv4 accept_drops) - d4))
n6=$(($(router_field 11 IPv6 accept_drops) - d6))
# 3 echo requests, at least one SYN, one datagram; 3 echo requests for IPv6
assert_ge "$n4" 5 "IPv4 packets to the VIP dropped (accept_drops, VRID 10)"
assert_ge "$n6" 3 "IPv6 packets to the VIP dropped (accept_drops, VRID 11)"
assert_ge "$(xvrrp_counter r1 accept_drop)" $((n4 + n6)) "accept_drop counter"
# ARP and ND were answered by XDP all the same: the client resolved the VIPs.
ip netns exec "$NS_C" ip -4 neigh show "$VIP" | grep -q "lladdr $VMAC4" ||
    fail "client has no VMAC entry for $VIP: $(ip netns exec "$NS_C" ip -4 neigh show "$VIP")"
ip netns exec "$NS_C" ip -6 neigh show "$VIP6" | grep -q "lladdr $VMAC6" ||
    fail "client has no VMAC entry for $VIP6: $(ip netns exec "$NS_C" ip -6 neigh show "$VIP6")"
# r1 is still MASTER: its own adverts and the VRRP exchange are untouched.
assert_eq MASTER "$(xvrrp_state r1)" "r1 state after the drops"
info "no_accept: dropped IPv4 $n4, IPv6 $n6; ARP/ND answered with the VMACs"
kill -TERM "$ECHO_PID"
wait_pid_gone "$ECHO_PID" 3 || fail "echo server did not stop"
xvrrp_stop r1

# ---- accept: answered, nothing counted --------------------------------------
start_r1 accept
assert_eq true "$(router_field 10 IPv4 accept_mode)" "VRID 10 accept_mode"
d4=$(router_field 10 IPv4 accept_drops)
d6=$(router_field 11 IPv6 accept_drops)
for kind in ping4 tcp udp ping6; do
    probe "$kind" || fail "accept: the client's $kind to the VIP was not answered"
    info "accept: $kind to the VIP answered"
done
assert_eq "$d4 $d6" "$(router_field 10 IPv4 accept_drops) $(router_field 11 IPv6 accept_drops)" \
    "accept_drops with accept"
info "PASS"
