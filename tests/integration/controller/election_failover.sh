#!/usr/bin/env bash
# Two controllers on one link elect a MASTER (priority 200 over 100, VRRPv3,
# 10 ms adverts); the client reaches the VIP; SIGTERM on the MASTER hands
# over to the BACKUP (priority 0 first, S7) with the client losing nothing
# it can measure, and the stopped controller leaves nothing behind.
source "$(dirname "$0")/common.bash"
[[ -x $PROBE ]] || skip "xvrrp-probe not built: '$PROBE'"

lab_up
quick=(--vrid 7 --vip "$VIP/24" --advert-int 10ms --version 3)
start_router r1 "$NS_R1" "${quick[@]}" --priority 200
start_router r2 "$NS_R2" "${quick[@]}" --priority 100

wait_for 5 state_is r1 MASTER || fail "r1 did not become MASTER (state $(state r1))"
wait_for 5 state_is r2 BACKUP || fail "r2 is not BACKUP (state $(state r2))"
log "r1 MASTER, r2 BACKUP"
grep -q "XDP program attached (skb mode)" "$TMP/r1/log" || fail "auto mode did not pick skb on veth"
s=$(status r2)
[[ $(jq -r '.instances[0].master_ip' <<<"$s") == "$R1_IP" ]] || fail "r2 does not follow r1: $s"
[[ $(jq -r '.instances[0].advert_interval_ms' <<<"$s") == 10 ]] || fail "interval: $s"
ns_has_addr "$NS_R1" "$VIP" || fail "VIP not on r1"
ns_has_addr "$NS_R2" "$VIP" && fail "VIP on r2 while BACKUP"

# The client resolves the VIP to the VMAC (answered by XDP on r1) and pings it.
ip netns exec "$NS_C" ping -c 3 -i 0.05 -W 1 "$VIP" >/dev/null || fail "client cannot ping the VIP"
ip -n "$NS_C" neigh show "$VIP" | grep -qi "00:00:5e:00:01:07" ||
    fail "client's neighbour entry for the VIP is not the VMAC: $(ip -n "$NS_C" neigh show "$VIP")"
log "client reaches the VIP through the VMAC"

# A VIP removed behind the MASTER's back is put back.
ip -n "$NS_R1" addr del "$VIP/24" dev bond1
wait_for 3 ns_has_addr "$NS_R1" "$VIP" || fail "r1 did not re-add the VIP removed behind its back"
grep -q "removed from bond1 by someone else" "$TMP/r1/log" || fail "re-adding the VIP not logged"
log "VIP removed by hand on r1: put back"

ip netns exec "$NS_C" "$PROBE" --target "$VIP" --interval-us 1000 --duration-ms 3000 \
    >"$TMP/probe.log" 2>&1 &
probe=$!
PIDS+=("$probe")
sleep 1
r1=$(pid_of r1)
kill -TERM "$r1"
wait_exit "$r1" 5
[[ $EXIT_CODE == 0 ]] || fail "r1 exited $EXIT_CODE after SIGTERM"
wait_for 3 state_is r2 MASTER || fail "r2 did not take over (state $(state r2))"
log "r1 stopped (exit 0), r2 MASTER"
wait_exit "$probe" 5
json=$(grep '^{' "$TMP/probe.log" | tail -n 1)
log "probe: $json"
outage=$(jq -r .outage_ms <<<"$json")
awk -v o="$outage" 'BEGIN { exit !(o < 100) }' || fail "client outage ${outage} ms on a graceful stop"

ns_has_addr "$NS_R2" "$VIP" || fail "VIP not on r2 after the take-over"
ns_has_addr "$NS_R1" "$VIP" && fail "r1 left the VIP behind"
ip -n "$NS_R1" link show bond1 | grep -q "prog/xdp" && fail "r1 left its XDP program attached"
[[ ! -e $TMP/r1/bpf/bond1 ]] || fail "r1 left pins: $(ls "$TMP/r1/bpf/bond1")"
ip netns exec "$NS_R1" bridge fdb show dev bond1 | grep -qi "00:00:5e:00:01:07" &&
    fail "r1 left the VMAC in the unicast filter"
[[ -e $TMP/r1/run/xvrrp.sock || -e $TMP/r1/run/xvrrp.pid ]] && fail "r1 left its run dir files"
[[ $(jq -r '.instances[0].transitions' <<<"$(status r2)") -ge 2 ]] || fail "r2 transitions"
echo "PASS: election, client reachability, graceful failover (outage ${outage} ms), clean exit"
