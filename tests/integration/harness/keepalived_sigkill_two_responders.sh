#!/usr/bin/env bash
# Harness self-test (no xvrrp), and the evidence behind DESIGN.md's claim:
# keepalived's MASTER SIGKILLed leaves the VIP on the dead node, whose kernel
# keeps answering ARP for it with its real MAC after the Backup took over —
# two MACs answer for one address.
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
assert_eq "$R1_MAC" "$(arp_responders "$NS_C" eth0 "$VIP" | paste -sd,)" "ARP responders before the crash"

probe_start "$NS_C" "$VIP" 20000
sleep 0.3
info "r1: SIGKILL keepalived ($(keepalived_pids r1))"
keepalived_kill r1
keepalived_wait_state r2 MASTER 5 || fail "r2 did not take over after r1's keepalived was killed"
sleep 0.3
outage=$(probe_stop)
info "client outage ${outage} ms: $(cat "$LAB_TMP/probe.json")"

ns_has_addr "$NS_R1" "$VIP" || fail "the VIP left r1 although its keepalived was SIGKILLed"
ns_has_addr "$NS_R2" "$VIP" || fail "new MASTER r2 does not hold the VIP"
expected=$(printf '%s\n' "$R1_MAC" "$R2_MAC" | sort | paste -sd,)
responders=$(arp_responders "$NS_C" eth0 "$VIP" | paste -sd,)
info "ARP responders for $VIP after the crash: $responders"
assert_eq "$expected" "$responders" "after SIGKILL both routers answer ARP for the VIP"
info "PASS (outage ${outage} ms)"
