#!/usr/bin/env bash
# Unicast VRRP (keepalived's unicast_peer): each xvrrp lists the real peer
# and one address nobody holds. The election works over unicast alone; on
# the wire (the switch port of each router) every advert goes to the peer's
# address and MAC, none to 224.0.0.18; a graceful stop of the Master hands
# over to the Backup over unicast too.
source "$(dirname "$0")/common.bash"
lab_require_cmd tshark tcpdump
lab_up
GHOST=192.0.2.77 # in the lab's subnet, held by nobody
capture_start "$NS_SW" p-r1 "$LAB_TMP/r1.pcap" 'ip proto 112 or arp'
capture_start "$NS_SW" p-r2 "$LAB_TMP/r2.pcap" 'ip proto 112 or arp'

q=(--vrid 10 --vip "$VIP/24" --advert-int 10ms --version 3)
xvrrp_start r1 "$NS_R1" "${q[@]}" --priority 200 --unicast-src "$R1_IP" \
    --unicast-peer "$R2_IP" --unicast-peer "$GHOST"
xvrrp_start r2 "$NS_R2" "${q[@]}" --priority 100 --unicast-src "$R2_IP" \
    --unicast-peer "$R1_IP" --unicast-peer "$GHOST"
xvrrp_wait_state r1 MASTER 5 || fail "r1 not MASTER: $(state_of r1)"
xvrrp_wait_state r2 BACKUP 5 || fail "r2 not BACKUP: $(state_of r2)"
# 0.5 s is 15 Master_Down_Intervals: a Backup deaf to unicast would have taken over.
sleep 0.5
assert_eq BACKUP "$(state_of r2)" "r2 under a unicast Master"
assert_eq "$R1_IP" "$(xvrrp_field r2 master_ip)" "r2's master_ip"
info "unicast election: r1 MASTER, r2 BACKUP"

xvrrp_stop r1
xvrrp_wait_state r2 MASTER 3 || fail "r2 did not take over from the stopped r1: $(state_of r2)"
sleep 0.5
capture_stop

# ip.src ip.dst eth.dst vrrp.version vrrp.prio, per advert.
adverts() {
    tshark -r "$1" -Y vrrp -T fields -e ip.src -e ip.dst -e eth.dst -e vrrp.version -e vrrp.prio \
        2>>"$LAB_TMP/tshark.err"
}
adverts "$LAB_TMP/r1.pcap" >"$LAB_TMP/r1.txt"
adverts "$LAB_TMP/r2.pcap" >"$LAB_TMP/r2.txt"
from_r1=$(awk -v s="$R1_IP" '$1 == s' "$LAB_TMP/r1.txt")
assert_ge "$(wc -l <<<"$from_r1")" 20 "unicast adverts r1 sent"
bad=$(awk -v d="$R2_IP" -v m="$R2_MAC" -v g="$GHOST" '!(($2 == d && tolower($3) == m) || $2 == g)' <<<"$from_r1")
[[ -z $bad ]] || fail "r1 adverts not unicast to r2 ($R2_IP, $R2_MAC): $(head -n 3 <<<"$bad")"
grep -q '224\.0\.0\.18' "$LAB_TMP/r1.txt" "$LAB_TMP/r2.txt" && fail "multicast adverts on the wire"
awk -v s="$R1_IP" '$1 == s && $5 == 0' "$LAB_TMP/r1.txt" | grep -q . ||
    fail "no priority-0 advert from r1 on its graceful stop"
from_r2=$(awk -v s="$R2_IP" -v d="$R1_IP" '$1 == s && $2 == d' "$LAB_TMP/r2.txt" | wc -l)
assert_ge "$from_r2" 1 "unicast adverts from r2 to r1 after its take-over"
info "wire: $(wc -l <<<"$from_r1") adverts from r1, all to $R2_IP/$R2_MAC (or the absent $GHOST), $from_r2 from r2 to r1, no multicast"
info "PASS"
