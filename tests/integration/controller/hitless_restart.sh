#!/usr/bin/env bash
# Hitless restart (DESIGN decision 4): a MASTER's controller is SIGKILLed
# and restarted while its lease is still valid (1 s adverts: 3 s lease); the
# new controller adopts MASTER without a transition, and the backup never
# notices. A restart after the lease ran out starts over instead, removing
# the VIP the dead controller left.
source "$(dirname "$0")/common.bash"

lab_up
quick=(--vrid 9 --vip "$VIP/24" --advert-int 1s)
start_router r1 "$NS_R1" "${quick[@]}" --priority 255   # owner: MASTER at once (S1)
start_router r2 "$NS_R2" "${quick[@]}" --priority 100
wait_for 5 state_is r1 MASTER || fail "r1 not MASTER"
wait_for 5 state_is r2 BACKUP || fail "r2 not BACKUP"
before=$(jq -r '.instances[0].transitions' <<<"$(status r2)")

kill -KILL "$(pid_of r1)"
wait_exit "$(pid_of r1)" 5
start_router r1 "$NS_R1" "${quick[@]}" --priority 255
s=$(status r1)
[[ $(jq -r '.instances[0].state' <<<"$s") == MASTER ]] || fail "restarted r1: $s"
[[ $(jq -r '.instances[0].transitions' <<<"$s") == 0 ]] || fail "adoption made a transition: $s"
grep -q "adopted the MASTER state" "$TMP/r1/log" || fail "no adoption logged"
sleep 3.5  # past the old lease: the new controller must be refreshing it
st=$(ip netns exec "$NS_R1" "$XV" stats bond1 --json --pin-root "$TMP/r1/bpf")
[[ $(jq -r '.interfaces[0].routers[0].lease_remaining_ms' <<<"$st") != null ]] ||
    fail "lease not refreshed after adoption: $st"
after=$(jq -r '.instances[0].transitions' <<<"$(status r2)")
[[ $before == "$after" ]] || fail "r2 saw a transition during r1's restart ($before -> $after)"
state_is r2 BACKUP || fail "r2 left BACKUP"
log "restart within the lease: adopted, no transition anywhere"

# Dead for longer than the lease: r2 takes over; a restart starts over and
# removes the stale VIP first.
kill -KILL "$(pid_of r1)"
wait_exit "$(pid_of r1)" 5
wait_for 6 state_is r2 MASTER || fail "r2 did not take over"
ns_has_addr "$NS_R1" "$VIP" || fail "expected the dead controller's VIP on r1"
start_router r1 "$NS_R1" "${quick[@]}" --priority 100 --no-preempt
grep -q "removing $VIP/24, a VIP left behind" "$TMP/r1/log" || fail "stale VIP not removed"
wait_for 5 state_is r1 BACKUP || fail "r1 did not start over as BACKUP ($(state r1))"
ns_has_addr "$NS_R1" "$VIP" && fail "stale VIP still on r1"
echo "PASS: hitless restart within the lease; clean start-over after it"
