#!/usr/bin/env bash
# Harness self-test (no xvrrp): FRR vrrpd and keepalived, VRRPv3 with 100 ms
# adverts, accept each other's adverts (both put the IPv4 pseudo-header in
# the v3 checksum): each in turn stays Backup under a higher-priority Master
# of the other kind, and takes over when that Master stops.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/lab.bash
source "$here/../lib/lab.bash"
# shellcheck source=../peers/frr.bash
source "$here/../peers/frr.bash"
# shellcheck source=../peers/keepalived.bash
source "$here/../peers/keepalived.bash"

lab_require_root
lab_require_cmd keepalived vtysh jq
[[ -x $FRR_SBIN/vrrpd && -x $FRR_SBIN/zebra ]] || lab_skip "FRR vrrpd/zebra not found in $FRR_SBIN"
lab_up

# FRR Master over a keepalived Backup.
frr_vmac_setup "$NS_R1" 10 "$VIP/24"
frr_start fr1 "$NS_R1" --vrid 10 --priority 150 --advert-int-ms 100 --vip "$VIP"
frr_wait_state fr1 MASTER 5 || fail "FRR r1 did not become Master alone"
keepalived_config kr2 --priority 100 --advert-int 0.1 >/dev/null
keepalived_start kr2 "$NS_R2"
# Master_Down_Interval is ~0.36 s: a keepalived that rejected FRR's adverts
# would be MASTER well within 1.5 s.
sleep 1.5
assert_eq BACKUP "$(keepalived_state kr2)" "keepalived r2 under FRR Master r1"
grep -q MASTER "$LAB_TMP/ka-kr2-notify.log" && fail "keepalived r2 went MASTER while FRR r1 was Master"
assert_eq MASTER "$(frr_state fr1)" "FRR r1 with keepalived r2 as Backup"

info "FRR r1: graceful stop"
frr_stop fr1
keepalived_wait_state kr2 MASTER 3 || fail "keepalived r2 did not take over from FRR r1"

# keepalived Master over an FRR Backup.
frr_start fr1b "$NS_R1" --vrid 10 --priority 50 --advert-int-ms 100 --vip "$VIP"
frr_wait_state fr1b BACKUP 5 || fail "FRR r1 (priority 50) not Backup under keepalived r2"
sleep 1.5
assert_eq BACKUP "$(frr_state fr1b)" "FRR r1 under keepalived Master r2"
assert_eq MASTER "$(keepalived_state kr2)" "keepalived r2 with FRR r1 as Backup"
rx=$(frr_vtysh fr1b -c 'show vrrp 10 json' | jq -r '.[0].v4.stats.adverRx')
assert_ge "$rx" 10 "adverts FRR r1 accepted from keepalived r2 in 1.5 s"
info "PASS"
