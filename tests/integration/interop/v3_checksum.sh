#!/usr/bin/env bash
# P3: the checksum form of VRRPv3 over IPv4 is chosen per instance, and both
# forms are accepted. Two xvrrp, VRRPv3 at 100 ms: r1 (priority 200) sends
# the RFC 9568 form (--v3-checksum-as-v2: message only), r2 (100) the
# default form with the IPv4 pseudo-header (keepalived's and FRR's).
#
# tshark, an independent dissector, proves which form went out: r1's adverts
# are Good with its "v3 checksum as in v2" preference and Bad without it;
# r2's (after r1 stops) the other way round. r2 accepts r1's adverts (its
# csum_plain counter moves, it stays BACKUP); `status --json` shows each
# instance's form.
source "$(dirname "$0")/common.bash"
lab_require_cmd tshark tcpdump
lab_up
q=(--vrid 10 --vip "$VIP/24" --advert-int 100ms --version 3)
rfc9568=(-o vrrp.v3_checksum_as_in_v2:TRUE)

# forms FILE IP [TSHARK-OPTION...]: the distinct checksum verdicts tshark gives
# the adverts from IP, and how many adverts there were ("good 12").
forms() {
    local file=$1 src=$2
    shift 2
    tshark_vrrp "$file" "$@" | awk -v ip="$src" '$6 == ip { print $7 }' | sort | uniq -c |
        awk '{ print $2, $1 }'
}

# expect_form FILE IP VERDICT [TSHARK-OPTION...]: every advert from IP gets
# VERDICT, and there are at least 5.
expect_form() {
    local file=$1 src=$2 want=$3 got
    shift 3
    got=$(forms "$file" "$src" "$@")
    [[ $got =~ ^$want\ ([0-9]+)$ ]] || fail "adverts from $src ${*:-(default prefs)}: want all $want, got: ${got:-none}"
    assert_ge "${BASH_REMATCH[1]}" 5 "adverts from $src decoded"
}

xvrrp_start r1 "$NS_R1" "${q[@]}" --priority 200 --v3-checksum-as-v2
xvrrp_start r2 "$NS_R2" "${q[@]}" --priority 100
xvrrp_wait_state r1 MASTER 5 || fail "r1 not MASTER: $(state_of r1)"
xvrrp_wait_state r2 BACKUP 5 || fail "r2 not BACKUP: $(state_of r2)"
assert_eq rfc9568 "$(xvrrp_field r1 v3_checksum)" "r1's v3_checksum in status"
assert_eq pseudo-header "$(xvrrp_field r2 v3_checksum)" "r2's v3_checksum in status"

plain0=$(xvrrp_counter r2 csum_plain)
pseudo0=$(xvrrp_counter r2 csum_pseudo)
capture_start "$NS_C" eth0 "$LAB_TMP/rfc9568.pcap" ip proto 112
sleep 1.5
capture_stop "$LAB_TMP/rfc9568.pcap"
plain1=$(xvrrp_counter r2 csum_plain)
pseudo1=$(xvrrp_counter r2 csum_pseudo)
expect_form "$LAB_TMP/rfc9568.pcap" "$R1_IP" good "${rfc9568[@]}"
expect_form "$LAB_TMP/rfc9568.pcap" "$R1_IP" bad
info "r1 sends the RFC 9568 form: tshark Good with v3_checksum_as_in_v2, Bad without"

# r2 counts every advert r1 sent in that form and none in the other, and
# follows r1 (no transition since it became BACKUP).
assert_ge $((plain1 - plain0)) 10 "r2's csum_plain over 1.5 s of 100 ms adverts"
assert_eq 0 $((pseudo1 - pseudo0)) "r2's csum_pseudo while only r1 advertises"
assert_eq BACKUP "$(state_of r2)" "r2 under an RFC 9568 master"
assert_eq 1 "$(xvrrp_field r2 transitions)" "r2's transitions (INIT -> BACKUP only)"
assert_eq 0 "$(xvrrp_counter r2 discard_d5_checksum)" "r2's checksum discards"
info "r2 accepts the RFC 9568 form: csum_plain +$((plain1 - plain0)), csum_pseudo +0, BACKUP"

xvrrp_stop r1
xvrrp_wait_state r2 MASTER 3 || fail "r2 did not take over: $(state_of r2)"
capture_start "$NS_C" eth0 "$LAB_TMP/pseudo.pcap" ip proto 112
sleep 1.2
capture_stop "$LAB_TMP/pseudo.pcap"
expect_form "$LAB_TMP/pseudo.pcap" "$R2_IP" good
expect_form "$LAB_TMP/pseudo.pcap" "$R2_IP" bad "${rfc9568[@]}"
info "r2 sends the pseudo-header form: tshark Good by default, Bad with v3_checksum_as_in_v2"

# And the other direction: r1 back at a lower priority hears r2's
# pseudo-header adverts under its own (RFC 9568) setting.
xvrrp_start r1b "$NS_R1" "${q[@]}" --priority 50 --v3-checksum-as-v2
xvrrp_wait_state r1b BACKUP 5 || fail "r1 (priority 50) not BACKUP: $(state_of r1b)"
pseudo_r1=$(xvrrp_counter r1b csum_pseudo)
sleep 0.5
assert_ge $(($(xvrrp_counter r1b csum_pseudo) - pseudo_r1)) 3 "r1's csum_pseudo under r2"
assert_eq "$R2_IP" "$(xvrrp_field r1b master_ip)" "r1's master_ip"
info "r1 (RFC 9568 sender) accepts r2's pseudo-header form"
info "PASS"
