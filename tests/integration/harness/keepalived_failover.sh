#!/usr/bin/env bash
# Harness self-test (no xvrrp): a keepalived pair, VRRPv3 with 10 ms adverts,
# elects the higher priority; the VIP has exactly one ARP responder (the
# Master's real MAC: keepalived without use_vmac); when the Master's link goes
# down the Backup takes over and the client's outage is measured and bounded.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/lab.bash
source "$here/../lib/lab.bash"
# shellcheck source=../peers/keepalived.bash
source "$here/../peers/keepalived.bash"

lab_require_root
lab_require_cmd keepalived arping jq
lab_up
lab_require_probe

keepalived_config r1 --priority 150 --advert-int 0.01 >/dev/null
keepalived_config r2 --priority 100 --advert-int 0.01 >/dev/null
keepalived_start r1 "$NS_R1"
keepalived_start r2 "$NS_R2"
keepalived_wait_state r1 MASTER 5 || fail "r1 (priority 150) did not become MASTER"
keepalived_wait_state r2 BACKUP 5 || fail "r2 (priority 100) is not BACKUP"
ns_has_addr "$NS_R1" "$VIP" || fail "MASTER r1 does not hold the VIP"
assert_eq "$R1_MAC" "$(arp_responders "$NS_C" eth0 "$VIP" | paste -sd,)" "ARP responders for the VIP, r1 MASTER"

probe_start "$NS_C" "$VIP" 20000
sleep 0.3
info "r1: link down"
ip -n "$NS_R1" link set "$LAB_IF" down
keepalived_wait_state r2 MASTER 5 || fail "r2 did not take over after r1's link went down"
sleep 0.3
outage=$(probe_stop)
info "client outage ${outage} ms: $(cat "$LAB_TMP/probe.json")"
keepalived_wait_state r1 FAULT 2 || fail "r1 is $(keepalived_state r1), expected FAULT with its link down"

# Detection alone takes about 3 advert intervals + skew (36 ms for priority
# 100), minus up to one interval already elapsed: an outage far below that
# means the fault was not seen by the client at all.
assert_ge "$outage" 15 "client outage after master link down"
assert_le "$outage" 500 "client outage after master link down (10 ms adverts)"
assert_eq "$R2_MAC" "$(arp_responders "$NS_C" eth0 "$VIP" | paste -sd,)" "ARP responders for the VIP after failover"
info "PASS"
