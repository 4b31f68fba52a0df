#!/usr/bin/env bash
# Link down on the MASTER (VRRPv3, 10 ms adverts): the BACKUP takes over
# within the Master_Down_Interval and the client's outage, measured by
# xvrrp-probe every 1 ms, stays bounded; when the link returns the higher
# priority r1 preempts back (S8). With --no-preempt on both sides r1 stays
# BACKUP after its link returns.
source "$(dirname "$0")/common.bash"
lab_up
MAX_OUTAGE_MS=${MAX_OUTAGE_MS:-200}

q=(--vrid 10 --vip "$VIP/24" --advert-int 10ms --version 3)
xvrrp_start r1 "$NS_R1" "${q[@]}" --priority 200
xvrrp_start r2 "$NS_R2" "${q[@]}" --priority 100
xvrrp_wait_state r1 MASTER 5 || fail "r1 not MASTER: $(state_of r1)"
xvrrp_wait_state r2 BACKUP 5 || fail "r2 not BACKUP: $(state_of r2)"
ip netns exec "$NS_C" ping -c 2 -i 0.05 -W 1 "$VIP" >/dev/null || fail "client cannot reach the VIP"

probe_start "$NS_C" "$VIP" 10000
sleep 0.3
ip -n "$NS_R1" link set bond1 down
xvrrp_wait_state r2 MASTER 3 || fail "r2 did not take over after r1's link went down: $(state_of r2)"
sleep 0.3
outage=$(probe_stop)
info "link down on r1: r2 MASTER, client outage ${outage} ms (lost $(probe_field lost))"
echo "outage_ms=$outage"
assert_le "$outage" "$MAX_OUTAGE_MS" "client outage (ms) after the master's link went down"
assert_ge "$(probe_field answered)" 100 "echo replies during the probe"

ip -n "$NS_R1" link set bond1 up
xvrrp_wait_state r1 MASTER 5 || fail "r1 did not preempt back after its link returned: $(state_of r1)"
xvrrp_wait_state r2 BACKUP 3 || fail "r2 did not step back: $(state_of r2)"
ip netns exec "$NS_C" ping -c 2 -i 0.05 -W 1 "$VIP" >/dev/null || fail "client cannot reach the VIP after preemption"
info "r1's link up: r1 MASTER again (preempted), r2 BACKUP"
xvrrp_stop r1
xvrrp_stop r2

# No preemption: the returning r1 stays BACKUP under the lower-priority r2.
# 100 ms adverts here: a 10 ms Master starved for 30 ms by the shared CPU
# lets the other side's Master_Down timer fire, which would look exactly
# like a preemption.
q=(--vrid 10 --vip "$VIP/24" --advert-int 100ms --version 3)
xvrrp_start n1 "$NS_R1" "${q[@]}" --priority 200 --no-preempt
xvrrp_wait_state n1 MASTER 5 || fail "n1 (r1, no-preempt) not MASTER: $(state_of n1)"
xvrrp_start n2 "$NS_R2" "${q[@]}" --priority 100 --no-preempt
xvrrp_wait_state n2 BACKUP 5 || fail "n2 (r2, no-preempt) not BACKUP: $(state_of n2)"
ip -n "$NS_R1" link set bond1 down
xvrrp_wait_state n2 MASTER 3 || fail "n2 did not take over: $(state_of n2)"
ip -n "$NS_R1" link set bond1 up
xvrrp_wait_state n1 BACKUP 5 || fail "n1 not BACKUP after its link returned: $(state_of n1)"
# 1.5 s is 4 Master_Down_Intervals: time enough to preempt if it would.
sleep 1.5
assert_eq BACKUP "$(state_of n1)" "no-preempt r1 after its link returned"
assert_eq MASTER "$(state_of n2)" "no-preempt r2 after r1 returned"
assert_eq "$R2_IP" "$(xvrrp_field n1 master_ip)" "n1's master_ip"
info "no-preempt: r1 stays BACKUP under r2"
info "PASS"
