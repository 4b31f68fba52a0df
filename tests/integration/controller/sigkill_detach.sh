#!/usr/bin/env bash
# A MASTER whose controller is SIGKILLed: the backup takes over, the dead
# node's kernel side stops answering ARP for the VIP once its lease runs out
# (one responder only, DESIGN decision 4), `xvrrp stats` still reads the
# pins, and `xvrrp detach` removes everything the dead controller left:
# the VIP, the VMAC filter entry, the XDP program and the pins.
source "$(dirname "$0")/common.bash"
command -v arping >/dev/null || skip "arping is not installed"

lab_up
quick=(--vrid 7 --vip "$VIP/24" --advert-int 10ms)
start_router r1 "$NS_R1" "${quick[@]}" --priority 200
start_router r2 "$NS_R2" "${quick[@]}" --priority 100
wait_for 5 state_is r1 MASTER || fail "r1 not MASTER"
wait_for 5 state_is r2 BACKUP || fail "r2 not BACKUP"

r1=$(pid_of r1)
kill -KILL "$r1"
wait_exit "$r1" 5
wait_for 3 state_is r2 MASTER || fail "r2 did not take over after r1's controller died"
log "r1's controller SIGKILLed, r2 MASTER"

# The dead node keeps its VIP and program, but its lease ran out (40 ms).
ns_has_addr "$NS_R1" "$VIP" || fail "r1's VIP vanished (expected it left behind)"
st=$(ip netns exec "$NS_R1" "$XV" stats bond1 --json --pin-root "$TMP/r1/bpf") ||
    fail "stats without a controller: $st"
[[ $(jq -r '.interfaces[0].routers[0].state' <<<"$st") == MASTER ]] || fail "pinned state: $st"
[[ $(jq -r '.interfaces[0].routers[0].lease_remaining_ms' <<<"$st") == null ]] ||
    fail "r1's lease still running long after its controller died: $st"

# One responder: only r2's XDP answers, with the VMAC.
macs=$({ ip netns exec "$NS_C" arping -b -c 3 -w 2 -I eth0 "$VIP" 2>/dev/null || true; } |
    sed -n 's/.*\[\([0-9A-Fa-f:]*\)\].*/\1/p' | tr 'A-F' 'a-f' | sort -u)
[[ $macs == "00:00:5e:00:01:07" ]] || fail "ARP for the VIP answered by: '$macs'"
st=$(ip netns exec "$NS_R1" "$XV" stats bond1 --json --pin-root "$TMP/r1/bpf")
[[ $(jq -r '.interfaces[0].counters.arp_drop_lease' <<<"$st") -ge 1 ]] ||
    fail "r1 did not drop ARP for lack of a lease: $st"
log "ARP for the VIP answered by the VMAC only; r1 dropped it (lease expired)"

out=$(ip netns exec "$NS_R1" "$XV" detach bond1 --pin-root "$TMP/r1/bpf") || fail "detach: $out"
log "$out"
ns_has_addr "$NS_R1" "$VIP" && fail "detach left the VIP on r1"
ip -n "$NS_R1" link show bond1 | grep -q "prog/xdp" && fail "detach left the XDP program"
[[ ! -e $TMP/r1/bpf/bond1 ]] || fail "detach left the pins"
ip netns exec "$NS_R1" bridge fdb show dev bond1 | grep -qi "00:00:5e:00:01:07" &&
    fail "detach left the VMAC in the unicast filter"
state_is r2 MASTER || fail "r2 lost MASTER"
echo "PASS: SIGKILLed master: backup takes over, one ARP responder, detach cleans up"
