#!/usr/bin/env bash
# Harness self-test (no xvrrp): two FRR vrrpd routers, VRRPv3 with 100 ms
# adverts, elect the higher priority; the Backup's macvlan is in protodown;
# the VIP is answered by the VMAC alone; a graceful stop of the Master
# (priority-0 advert) hands over to the Backup.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/lab.bash
source "$here/../lib/lab.bash"
# shellcheck source=../peers/frr.bash
source "$here/../peers/frr.bash"

lab_require_root
lab_require_cmd vtysh arping jq
[[ -x $FRR_SBIN/vrrpd && -x $FRR_SBIN/zebra ]] || lab_skip "FRR vrrpd/zebra not found in $FRR_SBIN"
lab_up

vmac=00:00:5e:00:01:0a
frr_vmac_setup "$NS_R1" 10 "$VIP/24"
frr_vmac_setup "$NS_R2" 10 "$VIP/24"
frr_start r1 "$NS_R1" --vrid 10 --priority 150 --advert-int-ms 100 --vip "$VIP"
frr_start r2 "$NS_R2" --vrid 10 --priority 100 --advert-int-ms 100 --vip "$VIP"
frr_wait_state r1 MASTER 5 || fail "FRR r1 (priority 150) did not become Master"
frr_wait_state r2 BACKUP 5 || fail "FRR r2 (priority 100) is not Backup"
rx=$(frr_vtysh r2 -c 'show vrrp 10 json' | jq -r '.[0].v4.stats.adverRx')
assert_ge "$rx" 1 "adverts r2 received from r1"
ip -n "$NS_R2" -d link show vrrp4-10 | grep -q 'protodown on' || fail "Backup r2's macvlan is not in protodown"
assert_eq "$vmac" "$(arp_responders "$NS_C" eth0 "$VIP" | paste -sd,)" "ARP responders for the VIP, r1 Master"

info "r1: graceful stop"
frr_stop r1
frr_wait_state r2 MASTER 3 || fail "FRR r2 did not take over after r1 stopped"
ip netns exec "$NS_C" ping -c 1 -W 1 "$VIP" >/dev/null || fail "VIP not reachable after failover"
assert_eq "$vmac" "$(arp_responders "$NS_C" eth0 "$VIP" | paste -sd,)" "ARP responders for the VIP, r2 Master"
info "PASS"
