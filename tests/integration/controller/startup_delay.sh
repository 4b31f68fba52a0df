#!/usr/bin/env bash
# vrrp_startup_delay: two routers launched together hold every instance in
# INIT until the delay (counted from each process's start) is over, then the
# higher priority becomes MASTER and the lower never does, whichever
# finished attaching first.
source "$(dirname "$0")/common.bash"

conf() {  # PRIORITY
    cat <<CONF
global_defs {
    vrrp_startup_delay 2
}
vrrp_instance VI_1 {
    interface bond1
    virtual_router_id 61
    priority $1
    version 3
    advert_int 1
    virtual_ipaddress {
        192.0.2.61/24
    }
}
CONF
}
launch() {  # NAME NS CONF: start_router without waiting, so both start together
    local n=$1 ns=$2 d
    router_dir "$n"
    d="$TMP/$n"
    echo "$ns" >"$d/ns"
    ip netns exec "$ns" "$XV" attach bond1 --pin-root "$d/bpf" --run-dir "$d/run" \
        --log-level debug -f "$3" >>"$d/log" 2>&1 &
    echo $! >"$d/pid"
    PIDS+=($!)
}
transitions() { status "$1" | jq -r '.instances[0].transitions'; }
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

lab_up
conf 200 >"$TMP/r1.conf"
conf 100 >"$TMP/r2.conf"
router_dir r1
router_dir r2
t0=$(date +%s%N)
launch r2 "$NS_R2" "$TMP/r2.conf"
launch r1 "$NS_R1" "$TMP/r1.conf"
wait_for 5 status r1 || fail "r1: xvrrp status does not answer"
wait_for 5 status r2 || fail "r2: xvrrp status does not answer"
held_at=$(ms_since "$t0")
s1=$(state r1) s2=$(state r2)
log "both answer after $held_at ms: r1 $s1, r2 $s2"
if ((held_at < 1500)); then
    [[ $s1 == INIT && $s2 == INIT ]] || fail "within the 2 s delay (at $held_at ms): r1 $s1, r2 $s2, want INIT"
fi
wait_for 10 state_is r1 MASTER || fail "r1 never became MASTER: $(state r1)"
took=$(ms_since "$t0")
log "r1 MASTER after $took ms"
((took >= 2000)) || fail "r1 MASTER after $took ms, before the 2 s delay was over"
wait_for 5 state_is r2 BACKUP || fail "r2 not BACKUP: $(state r2)"
# INIT -> BACKUP only: r2 never entered MASTER.
[[ $(transitions r2) == 1 ]] || fail "r2 made $(transitions r2) transitions (want 1, INIT -> BACKUP): $(grep -- '->' "$TMP/r2/log" | tail -n 5)"
grep -q "vrrp_startup_delay over" "$TMP/r2/log" || fail "r2 did not log the end of the hold"
log "PASS"
