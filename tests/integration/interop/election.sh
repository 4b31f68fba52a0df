#!/usr/bin/env bash
# Two xvrrp (priority 200 and 100, VRRPv3, 10 ms adverts) elect r1; the
# client's ARP for the VIP is answered by exactly one MAC, the VMAC, and by
# r1's XDP program only (its arp_reply counter moves, r2's does not); tshark
# decodes every advert on the client's wire as VRRPv3 from the VMAC with a
# good checksum (pseudo-header included, RFC 9568 5.2.8).
source "$(dirname "$0")/common.bash"
lab_require_cmd tshark tcpdump
lab_up
capture_start "$NS_C" eth0 "$LAB_TMP/wire.pcap" 'ip proto 112 or arp'

q=(--vrid 10 --vip "$VIP/24" --advert-int 10ms --version 3)
xvrrp_start r1 "$NS_R1" "${q[@]}" --priority 200
xvrrp_start r2 "$NS_R2" "${q[@]}" --priority 100
xvrrp_wait_state r1 MASTER 5 || fail "r1 not MASTER: $(state_of r1)"
xvrrp_wait_state r2 BACKUP 5 || fail "r2 not BACKUP: $(state_of r2)"
assert_eq "$R1_IP" "$(xvrrp_field r2 master_ip)" "r2's master_ip"
info "r1 MASTER, r2 BACKUP"

r1_before=$(xvrrp_counter r1 arp_reply)
r2_before=$(xvrrp_counter r2 arp_reply)
macs=$(arp_responders "$NS_C" eth0 "$VIP")
assert_eq "$(vmac 10)" "$macs" "MACs answering ARP for the VIP"
r1_after=$(xvrrp_counter r1 arp_reply)
r2_after=$(xvrrp_counter r2 arp_reply)
assert_ge $((r1_after - r1_before)) 3 "ARP replies from r1's XDP for 3 requests"
assert_eq 0 $((r2_after - r2_before)) "ARP replies from r2 (BACKUP)"
info "ARP: answered by the VMAC, r1 +$((r1_after - r1_before)), r2 +0"

sleep 0.3
capture_stop
tshark_vrrp "$LAB_TMP/wire.pcap" >"$LAB_TMP/adverts.txt"
n=$(wc -l <"$LAB_TMP/adverts.txt")
assert_ge "$n" 20 "VRRP adverts decoded by tshark on the client's wire"
# version vrid priority addr_count src_mac src_ip checksum interval auth
bad=$(awk -v m="$(vmac 10)" '$1 != 3 || $2 != 10 || $4 != 1 || tolower($5) != m ||
    $7 != "good" || $8 != "1cs"' "$LAB_TMP/adverts.txt")
[[ -z $bad ]] || fail "adverts tshark does not decode as valid VRRPv3 from the VMAC: $(head -n 3 <<<"$bad")"
from_r1=$(awk -v ip="$R1_IP" '$6 == ip && $3 == 200' "$LAB_TMP/adverts.txt" | wc -l)
assert_ge "$from_r1" 20 "adverts from r1 with priority 200"
# After the election only the Master advertises.
tail -n 10 "$LAB_TMP/adverts.txt" | awk -v ip="$R1_IP" '$6 != ip { exit 1 }' ||
    fail "someone other than r1 still advertises: $(tail -n 10 "$LAB_TMP/adverts.txt")"
info "tshark: $n adverts, all VRRPv3 VRID 10 from $(vmac 10), checksum good, 10 ms"
info "PASS"
