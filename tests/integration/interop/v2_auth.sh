#!/usr/bin/env bash
# VRRPv2 with simple password authentication (RFC 2338 5.3.6.1, 1 s adverts):
# two xvrrp with the same password elect r1, and tshark reads the password
# in the adverts; with a different password on r2 the adverts are discarded
# on both sides (V1 rule: `discard_v1_auth` climbs on the receiver), so no
# election happens: both end up MASTER.
source "$(dirname "$0")/common.bash"
lab_require_cmd tshark tcpdump
lab_up
capture_start "$NS_C" eth0 "$LAB_TMP/wire.pcap" 'ip proto 112'

q=(--vrid 10 --vip "$VIP/24" --advert-int 1s --version 2)
xvrrp_start r1 "$NS_R1" "${q[@]}" --priority 200 --auth-pass secret1
xvrrp_start r2 "$NS_R2" "${q[@]}" --priority 100 --auth-pass secret1
# Master_Down_Interval: 3 s + skew.
xvrrp_wait_state r1 MASTER 6 || fail "r1 not MASTER: $(state_of r1)"
xvrrp_wait_state r2 BACKUP 3 || fail "r2 not BACKUP: $(state_of r2)"
assert_eq "$R1_IP" "$(xvrrp_field r2 master_ip)" "r2's master_ip"
assert_eq 0 "$(xvrrp_counter r2 discard_v1_auth)" "r2's auth discards with the right password"
info "same password: r1 MASTER, r2 BACKUP"
sleep 1.2 # one more advert on the client's wire before the capture stops
capture_stop
# version vrid priority addr_count src_mac src_ip checksum interval auth
tshark_vrrp "$LAB_TMP/wire.pcap" >"$LAB_TMP/adverts.txt"
awk -v ip="$R1_IP" '$1 == 2 && $6 == ip && $7 == "good" && $8 == "1s" && $9 == "1:secret1"' \
    "$LAB_TMP/adverts.txt" | grep -q . ||
    fail "no VRRPv2 advert from r1 with PASS auth 'secret1' on the wire: $(head -n 3 "$LAB_TMP/adverts.txt")"
info "tshark: VRRPv2, auth type 1 (simple text) 'secret1', checksum good"
xvrrp_stop r2

# A Backup with the wrong password hears nothing it may accept.
xvrrp_start w2 "$NS_R2" "${q[@]}" --priority 100 --auth-pass wrong
before=$(xvrrp_counter w2 discard_v1_auth)
xvrrp_wait_state w2 MASTER 6 || fail "r2 with the wrong password did not become MASTER: $(state_of w2)"
sleep 1.2 # at least one more advert from each side
after=$(xvrrp_counter w2 discard_v1_auth)
assert_ge $((after - before)) 2 "discard_v1_auth on r2 (wrong password), adverts from r1"
assert_ge "$(xvrrp_counter r1 discard_v1_auth)" 1 "discard_v1_auth on r1, adverts from r2"
assert_eq MASTER "$(state_of r1)" "r1 with a peer of another password"
assert_eq MASTER "$(state_of w2)" "r2 with a peer of another password"
assert_eq 0 "$(xvrrp_counter w2 advert_accepted)" "adverts r2 accepted from r1"
info "wrong password: both MASTER, discard_v1_auth r2 $before -> $after, r1 $(xvrrp_counter r1 discard_v1_auth)"
info "PASS"
