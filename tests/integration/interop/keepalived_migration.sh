#!/usr/bin/env bash
# RFC 9568 8.4, migrating a keepalived VRRPv2 pair to VRRPv3 (CONFORMANCE
# I1-I3): xvrrp runs VRRPv3 with `version_migration` beside keepalived 2.2
# running VRRPv2 (no authentication, 1 s adverts).
#
# (a) keepalived v2 MASTER (200), xvrrp v3 BACKUP (100): xvrrp accepts the v2
#     adverts and times out on their rate (I2), so it stays BACKUP (no second
#     master) and takes over when keepalived stops.
# (b) xvrrp v3 MASTER (200), keepalived v2 BACKUP (100): xvrrp sends a v2
#     advert beside each v3 one (I1), tshark sees both from its address, and
#     keepalived, which reads only the v2 ones, stays BACKUP; it takes over
#     when xvrrp stops.
# Without version_migration (a) ends with two masters and (b) with keepalived
# going MASTER: that is what this test guards.
source "$(dirname "$0")/common.bash"
# shellcheck source=../peers/keepalived.bash
source "$INTEROP_DIR/../peers/keepalived.bash"
lab_require_cmd keepalived tshark tcpdump
lab_up
x=(--vrid 10 --vip "$VIP/24" --advert-int 1s --version 3 --version-migration)
ka=(--advert-int 1 --version 2)

# ---- (a) keepalived v2 MASTER, xvrrp v3 BACKUP
keepalived_config k1 --priority 200 "${ka[@]}" >/dev/null
keepalived_start k1 "$NS_R1"
keepalived_wait_state k1 MASTER 6 || fail "keepalived r1 not MASTER: $(keepalived_state k1)"
xvrrp_start x2 "$NS_R2" "${x[@]}" --priority 100
xvrrp_wait_state x2 BACKUP 3 || fail "xvrrp r2 not BACKUP: $(state_of x2)"
assert_eq true "$(xvrrp_field x2 version_migration)" "xvrrp r2's version_migration in status"
# Past xvrrp's Master_Down_Interval (3 x 1 s + skew) with keepalived's v2
# adverts as the only ones on the link.
sleep 4.5
assert_eq BACKUP "$(state_of x2)" "xvrrp r2 under a keepalived VRRPv2 master"
assert_eq 1 "$(xvrrp_field x2 transitions)" "xvrrp r2's transitions (INIT -> BACKUP only)"
assert_eq "$R1_IP" "$(xvrrp_field x2 master_ip)" "xvrrp r2's master_ip"
assert_eq 0 "$(xvrrp_counter x2 discard_d2_version)" "v2 adverts xvrrp r2 discarded for their version"
assert_ge "$(xvrrp_counter x2 advert_rearm)" 3 "v2 adverts that re-armed xvrrp r2's timer"
assert_eq MASTER "$(keepalived_state k1)" "keepalived r1 beside a VRRPv3 backup"
ns_has_addr "$NS_R2" "$VIP" && fail "xvrrp r2 (BACKUP) holds the VIP"
info "(a) keepalived v2 r1 MASTER, xvrrp v3 r2 BACKUP for 4.5 s, one master"
keepalived_stop k1
xvrrp_wait_state x2 MASTER 3 || fail "xvrrp r2 did not take over from keepalived r1: $(state_of x2)"
info "(a) keepalived r1 stopped: xvrrp r2 MASTER"
xvrrp_stop x2

# ---- (b) xvrrp v3 MASTER, keepalived v2 BACKUP
capture_start "$NS_C" eth0 "$LAB_TMP/wire.pcap" ip proto 112
xvrrp_start x1 "$NS_R1" "${x[@]}" --priority 200
xvrrp_wait_state x1 MASTER 6 || fail "xvrrp r1 not MASTER: $(state_of x1)"
keepalived_config k2 --priority 100 "${ka[@]}" >/dev/null
keepalived_start k2 "$NS_R2"
keepalived_wait_state k2 BACKUP 3 || fail "keepalived r2 not BACKUP: $(keepalived_state k2)"
# Past keepalived's Master_Down_Interval.
sleep 4.5
grep -q MASTER "$LAB_TMP/ka-k2-notify.log" && fail "keepalived r2 went MASTER under xvrrp r1: $(cat "$LAB_TMP/ka-k2-notify.log")"
assert_eq MASTER "$(state_of x1)" "xvrrp r1 with keepalived r2 as Backup"
assert_eq 2 "$(xvrrp_field x1 transitions)" "xvrrp r1's transitions (INIT -> BACKUP -> MASTER only)"
capture_stop "$LAB_TMP/wire.pcap"
# version vrid priority addr_count src_mac src_ip checksum interval auth
tshark_vrrp "$LAB_TMP/wire.pcap" | awk -v ip="$R1_IP" '$6 == ip && $3 == 200' >"$LAB_TMP/r1.txt"
v3=$(awk -v m="$(vmac 10)" '$1 == 3 && tolower($5) == m && $7 == "good" && $8 == "100cs"' "$LAB_TMP/r1.txt" | wc -l)
v2=$(awk -v m="$(vmac 10)" '$1 == 2 && tolower($5) == m && $7 == "good" && $8 == "1s" && $9 ~ /^(0:|-)/' "$LAB_TMP/r1.txt" | wc -l)
other=$(awk '$1 != 2 && $1 != 3' "$LAB_TMP/r1.txt" | wc -l)
assert_ge "$v3" 4 "VRRPv3 adverts (100 cs, good checksum) from xvrrp r1"
assert_ge "$v2" 4 "VRRPv2 adverts (1 s, no auth, good checksum) from xvrrp r1"
assert_le "$((v3 > v2 ? v3 - v2 : v2 - v3))" 1 "v3 and v2 adverts from xvrrp r1 pair up"
assert_eq 0 "$other" "adverts of another version from xvrrp r1"
info "(b) xvrrp v3 r1 MASTER, keepalived v2 r2 BACKUP; tshark: $v3 v3 + $v2 v2 adverts from r1"
xvrrp_stop x1
keepalived_wait_state k2 MASTER 3 || fail "keepalived r2 did not take over from xvrrp r1: $(keepalived_state k2)"
info "(b) xvrrp r1 stopped: keepalived r2 MASTER"
info "PASS"
