#!/usr/bin/env bash
# Three routers with keepalived 2.2 as the middle one: xvrrp r1 (200),
# keepalived r2 (150), xvrrp r3 (100); VRRPv3, 100 ms adverts, one VIP.
# keepalived runs as in tests/integration/interop, without use_vmac: as
# MASTER its kernel answers ARP for the VIP with r2's own MAC (and its
# adverts come from that MAC), where xvrrp answers with the VMAC
# 00:00:5e:00:01:0a; three_settle expects the MAC of whichever is MASTER.
#
# r1 elected; r1 SIGKILLed → keepalived MASTER, r3 BACKUP; keepalived stops
# (SIGTERM, priority 0; a SIGKILLed keepalived leaves its VIP answered by
# its kernel, integration.harness.keepalived_sigkill_two_responders) → r3
# MASTER; keepalived restarts → preempts r3; r1 restarts → preempts
# keepalived; r1 stops gracefully → keepalived MASTER again. Same checks as
# cascade_sigkill; status samples cover the xvrrp routers, the capture all three.
source "$(dirname "$0")/common.bash"
lab_require_cmd keepalived
three_up
three_keepalived r2
keepalived_config r2 --vrid "$THREE_VRID" --priority 150 --advert-int 0.1 --version 3 >/dev/null
q=(--vrid "$THREE_VRID" --vip "$VIP/24" --advert-int 100ms --version 3)

three_watch 100 20 r1 r2 r3
three_action "start r1 r2 r3"
xvrrp_start r1 "$NS_R1" "${q[@]}" --priority 200
xvrrp_wait_state r1 MASTER 5 || fail "r1 alone never became MASTER: $(xvrrp_state r1)"
keepalived_start r2 "$NS_R2"
xvrrp_start r3 "$NS_R3" "${q[@]}" --priority 100
three_settle r1 r2 r3

three_action "kill r1"
xvrrp_kill r1
three_settle r2 r1=dead r3

three_action "stop r2 (keepalived)"
keepalived_stop r2
three_settle r3 r1=dead r2=dead

three_action "restart r2 (keepalived)"
keepalived_start r2 "$NS_R2"
three_settle r2 r1=dead r3

three_action "restart r1"
xvrrp_start r1 "$NS_R1" "${q[@]}" --priority 200
three_settle r1 r2 r3

three_action "stop r1"
xvrrp_stop r1
three_settle r2 r1=dead r3
sleep 0.5
three_verdict
info "PASS"
