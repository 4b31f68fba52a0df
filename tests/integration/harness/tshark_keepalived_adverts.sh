#!/usr/bin/env bash
# Harness self-test (no xvrrp): tshark, an independent VRRP dissector,
# decodes keepalived's adverts as valid VRRP — v3 at 10 ms (checksum with the
# IPv4 pseudo-header, P3) and v2 with PASS authentication at 1 s — as seen
# by the client. This is the oracle later tests use on xvrrp's adverts.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/lab.bash
source "$here/../lib/lab.bash"
# shellcheck source=../peers/keepalived.bash
source "$here/../peers/keepalived.bash"

lab_require_root
lab_require_cmd keepalived tcpdump tshark
lab_up

# expect_all FILE LINE: every decoded advert equals LINE, and there are at least MIN.
expect_all() {
    local file=$1 want=$2 min=$3 got n
    got=$(sort "$file" | uniq -c | sed 's/^ *//')
    n=$(wc -l <"$file")
    info "decoded $n adverts: $got"
    assert_ge "$n" "$min" "VRRP adverts captured"
    assert_eq "$n $want" "$got" "decoded adverts"
}

# VRRPv3, 10 ms.
keepalived_config r1 --priority 150 --advert-int 0.01 >/dev/null
keepalived_config r2 --priority 100 --advert-int 0.01 >/dev/null
keepalived_start r1 "$NS_R1"
keepalived_start r2 "$NS_R2"
keepalived_wait_state r1 MASTER 5 || fail "r1 did not become MASTER (v3)"
keepalived_wait_state r2 BACKUP 5 || fail "r2 is not BACKUP (v3)"
capture_start "$NS_C" eth0 "$LAB_TMP/v3.pcap" ip proto 112
sleep 1
capture_stop "$LAB_TMP/v3.pcap"
tshark_vrrp "$LAB_TMP/v3.pcap" >"$LAB_TMP/v3.txt"
expect_all "$LAB_TMP/v3.txt" "3 10 150 1 $R1_MAC $R1_IP good 1cs -" 50
# The same frames fail the RFC 9568 message-only checksum: keepalived's form
# is the one with the pseudo-header.
tshark_vrrp "$LAB_TMP/v3.pcap" -o vrrp.v3_checksum_as_in_v2:TRUE | awk '{print $7}' | sort -u >"$LAB_TMP/v3-v2sum.txt"
assert_eq bad "$(cat "$LAB_TMP/v3-v2sum.txt")" "v3 checksum status computed without the pseudo-header"
keepalived_stop r1
keepalived_stop r2

# VRRPv2, 1 s, auth_type PASS.
keepalived_config r1 --version 2 --priority 150 --advert-int 1 --auth-pass xvrrp-pw >/dev/null
keepalived_config r2 --version 2 --priority 100 --advert-int 1 --auth-pass xvrrp-pw >/dev/null
keepalived_start r1 "$NS_R1"
keepalived_start r2 "$NS_R2"
keepalived_wait_state r1 MASTER 6 || fail "r1 did not become MASTER (v2)"
keepalived_wait_state r2 BACKUP 2 || fail "r2 is not BACKUP (v2)"
capture_start "$NS_C" eth0 "$LAB_TMP/v2.pcap" ip proto 112
sleep 2.5
capture_stop "$LAB_TMP/v2.pcap"
tshark_vrrp "$LAB_TMP/v2.pcap" >"$LAB_TMP/v2.txt"
expect_all "$LAB_TMP/v2.txt" "2 10 150 1 $R1_MAC $R1_IP good 1s 1:xvrrp-pw" 2
info "PASS"
