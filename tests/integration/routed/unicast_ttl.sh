#!/usr/bin/env bash
# keepalived's unicast_ttl: two routers on different subnets, a router
# between them (r1 198.51.100.1/24 -- rt -- 203.0.113.2/24 r2), unicast peers.
#  1. The rule without the keyword: r2 without unicast_ttl drops r1's routed
#     adverts (TTL 254 on arrival) as D1 and becomes MASTER beside r1.
#  2. With unicast_ttl 10 on both: adverts leave with TTL 10 and arrive with
#     9 (tshark on both of rt's ports), r2 stays BACKUP under r1 (master_ip
#     r1) with no D1 discard.
#  3. Failover across the router: graceful stop of r1 (priority 0) -> r2
#     MASTER; r1 back (priority 200, preempts) -> r2 BACKUP; SIGKILL of r1
#     -> r2 MASTER after Master_Down_Interval.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.bash"
source "$(dirname "$0")/../peers/xvrrp.bash"
lab_require_root
lab_require_cmd jq tshark tcpdump
lab_require_xvrrp
lab_init unicastttl
R1=198.51.100.1 R2=203.0.113.2 VIP=192.0.2.100
NS1="xv-$LAB_TAG-r1" NSR="xv-$LAB_TAG-rt" NS2="xv-$LAB_TAG-r2"

routed_lab() {
    local ns
    for ns in "$NS1" "$NSR" "$NS2"; do
        ip netns add "$ns" || fail "ip netns add $ns"
        lab_on_cleanup "ip netns pids $ns | xargs -r kill -KILL; ip netns del $ns"
        ip -n "$ns" link set lo up
    done
    ip link add bond1 netns "$NS1" type veth peer name to-r1 netns "$NSR"
    ip link add bond1 netns "$NS2" type veth peer name to-r2 netns "$NSR"
    ip -n "$NS1" addr add "$R1/24" dev bond1
    ip -n "$NS2" addr add "$R2/24" dev bond1
    ip -n "$NSR" addr add 198.51.100.254/24 dev to-r1
    ip -n "$NSR" addr add 203.0.113.254/24 dev to-r2
    for ns in "$NS1" "$NS2"; do ip -n "$ns" link set bond1 up; done
    ip -n "$NSR" link set to-r1 up
    ip -n "$NSR" link set to-r2 up
    ip netns exec "$NSR" sysctl -qw net.ipv4.ip_forward=1
    ip -n "$NS1" route add default via 198.51.100.254
    ip -n "$NS2" route add default via 203.0.113.254
    ip netns exec "$NS1" ping -c 1 -W 2 "$R2" >/dev/null || fail "r1 cannot reach r2 through rt"
}

# conf NAME PRIORITY SRC PEER [TTL]: one instance, VRRPv3 at 200 ms (MDI 0.7 s:
# robust on a loaded machine; speed is not the point here).
conf() {
    cat >"$LAB_TMP/$1.conf" <<CONF
vrrp_instance ROUTED {
    state BACKUP
    interface bond1
    virtual_router_id 10
    priority $2
    version 3
    advert_int 0.2
    unicast_src_ip $3
    unicast_peer {
        $4
    }
${5:+    unicast_ttl $5}
    virtual_ipaddress {
        $VIP/32
    }
}
CONF
    echo "$LAB_TMP/$1.conf"
}

routed_lab
info "routed lab up: r1 $R1 -- rt -- $R2 r2"

# 1. Without unicast_ttl on r2, r1's adverts (TTL 254 on arrival) are D1.
xvrrp_start r1a "$NS1" -f "$(conf r1a 200 "$R1" "$R2" 10)"
xvrrp_start r2a "$NS2" -f "$(conf r2a 100 "$R2" "$R1")"
xvrrp_wait_state r1a MASTER 5 || fail "r1 not MASTER: $(xvrrp_state r1a)"
xvrrp_wait_state r2a MASTER 5 || fail "r2 without unicast_ttl: $(xvrrp_state r2a), expected MASTER (deaf to routed adverts)"
d1_counted() { (($(xvrrp_counter "$1" discard_d1_ttl) > 0)); }
wait_until 2 d1_counted r2a || fail "r2 counted no D1 discard"
info "without unicast_ttl: r2 MASTER beside r1, $(xvrrp_counter r2a discard_d1_ttl) D1 discards"
xvrrp_stop r1a
xvrrp_stop r2a

# 2. unicast_ttl 10 on both.
capture_start "$NSR" to-r1 "$LAB_TMP/r1side.pcap" 'ip proto 112'
capture_start "$NSR" to-r2 "$LAB_TMP/r2side.pcap" 'ip proto 112'
xvrrp_start r1 "$NS1" -f "$(conf r1 200 "$R1" "$R2" 10)"
xvrrp_wait_state r1 MASTER 5 || fail "r1 not MASTER: $(xvrrp_state r1)"
xvrrp_start r2 "$NS2" -f "$(conf r2 100 "$R2" "$R1" 10)"
xvrrp_wait_state r2 BACKUP 5 || fail "r2 not BACKUP: $(xvrrp_state r2)"
sleep 2 # 3 Master_Down_Intervals: a deaf r2 would have taken over
assert_eq BACKUP "$(xvrrp_state r2)" "r2 under a routed MASTER"
assert_eq MASTER "$(xvrrp_state r1)" "r1"
assert_eq "$R1" "$(xvrrp_field r2 master_ip)" "r2's master_ip"
assert_eq 0 "$(xvrrp_counter r2 discard_d1_ttl)" "r2's D1 discards with unicast_ttl"
ns_has_addr "$NS1" "$VIP" || fail "the VIP is not on r1"
info "unicast_ttl 10: r1 MASTER, r2 BACKUP across rt"

# 3. Failover across the router, both ways, then a crash.
xvrrp_stop r1
xvrrp_wait_state r2 MASTER 4 || fail "r2 did not take over from the stopped r1: $(xvrrp_state r2)"
wait_until 4 ns_has_addr "$NS2" "$VIP" || fail "the VIP is not on r2 after the take-over"
info "graceful stop of r1: r2 MASTER"
xvrrp_start r1 "$NS1" -f "$LAB_TMP/r1.conf"
xvrrp_wait_state r1 MASTER 5 || fail "r1 did not preempt: $(xvrrp_state r1)"
xvrrp_wait_state r2 BACKUP 4 || fail "r2 did not yield to r1: $(xvrrp_state r2)"
info "r1 back: preempts, r2 BACKUP"
xvrrp_kill r1
xvrrp_wait_state r2 MASTER 4 || fail "r2 did not take over from the killed r1: $(xvrrp_state r2)"
info "SIGKILL of r1: r2 MASTER"
capture_stop

# On the wire: every advert leaves with TTL 10 and reaches the peer with 9.
wire() { # PCAP: "src dst ttl" per advert
    tshark -r "$1" -Y vrrp -T fields -e ip.src -e ip.dst -e ip.ttl 2>>"$LAB_TMP/tshark.err"
}
wire "$LAB_TMP/r1side.pcap" >"$LAB_TMP/r1side.txt"
wire "$LAB_TMP/r2side.pcap" >"$LAB_TMP/r2side.txt"
ttls() { # SIDE SRC: the distinct TTLs of SRC's adverts seen on that side
    awk -v s="$2" '$1 == s {print $3}' "$LAB_TMP/$1.txt" | sort -u | paste -sd ' '
}
assert_eq 10 "$(ttls r1side "$R1")" "TTL of r1's adverts leaving r1"
assert_eq 9 "$(ttls r2side "$R1")" "TTL of r1's adverts reaching r2"
assert_eq 10 "$(ttls r2side "$R2")" "TTL of r2's adverts leaving r2"
assert_eq 9 "$(ttls r1side "$R2")" "TTL of r2's adverts reaching r1"
n=$(awk -v s="$R1" -v d="$R2" '$1 == s && $2 == d' "$LAB_TMP/r2side.txt" | wc -l)
assert_ge "$n" 10 "r1's adverts routed to r2"
info "wire: TTL 10 sent, 9 received, $n adverts of r1 routed to r2"
echo PASS
