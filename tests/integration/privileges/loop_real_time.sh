#!/usr/bin/env bash
# The event loop, and only the event loop, runs in the real-time class
# (docs/operations.md, "Scheduling and memory"): by default its thread is
# SCHED_RR priority 1 with RLIMIT_RTTIME 100 ms and the memory is locked,
# while the metrics exposer's threads and the scripts the loop starts stay
# SCHED_OTHER; vrrp_rt_priority and --rt-priority set it, 0 turns it off;
# without CAP_SYS_NICE it is a warning and the controller runs anyway.
source "$(dirname "$0")/../controller/relink.bash"
lab_require_cmd chrt capsh

lab_up
conf() {  # RT_LINE: one vrrp_instance tracking a script that times out
    cat <<CONF
global_defs {
    $1
}
vrrp_script chk_long {
    script "/bin/sleep 41.5"
    interval 1
    timeout 1
}
vrrp_instance VI_10 {
    interface bond1
    virtual_router_id 10
    priority 150
    version 3
    advert_int 0.1
    virtual_ipaddress {
        192.0.2.10/24
    }
    track_script {
        chk_long weight -10
    }
}
CONF
}
policy_of() {  # TID -> "SCHED_RR 1", "SCHED_OTHER 0"
    chrt -p "$1" | awk -F': *' '/policy/ { p = $2 } /priority/ { q = $2 } END { print p, q }'
}
scheduling() {  # NAME -> the status reply's scheduling object
    xvrrp_status "$1" | jq -c '.scheduling'
}

# The script outlives its 1 s timeout and is killed: a child process of the
# loop to look at every second (its weight keeps r1 MASTER).
# Default: RR 1 on the loop thread (the main thread), fair class elsewhere.
conf "router_id rt" >"$LAB_TMP/r1.conf"
xvrrp_start r1 "$NS_R1" -f "$LAB_TMP/r1.conf" --metrics 127.0.0.1:19651
pid=$(cat "$(_xvrrp_dir r1)/pid")
xvrrp_wait_state r1 MASTER 5 || fail "r1 never became MASTER"
assert_eq "SCHED_RR|SCHED_RESET_ON_FORK 1" "$(policy_of "$pid")" "the loop thread's policy"
others=0
for task in /proc/"$pid"/task/*; do
    tid=${task##*/}
    [[ $tid == "$pid" ]] && continue
    assert_eq "SCHED_OTHER 0" "$(policy_of "$tid")" "thread $tid ($(cat "$task/comm"))"
    others=$((others + 1))
done
((others > 0)) || fail "no other thread to check (the metrics exposer should have some)"
info "loop SCHED_RR 1; $others other thread(s) SCHED_OTHER"
child_of() { pgrep -P "$1" -x sleep; }
wait_until 5 child_of "$pid" >/dev/null || fail "the tracking script did not start"
assert_eq "SCHED_OTHER 0" "$(policy_of "$(child_of "$pid" | head -n 1)")" "the script's policy"
grep -q "Max realtime timeout *100000 *1100000 *us" "/proc/$pid/limits" ||
    fail "RLIMIT_RTTIME: $(grep realtime "/proc/$pid/limits")"
locked=$(awk '/^VmLck:/ { print $2 }' "/proc/$pid/status")
((locked > 0)) || fail "VmLck is $locked kB: memory not locked"
assert_eq '{"demoted_by_rlimit_rttime":false,"policy":"SCHED_RR","priority":1,"rlimit_rttime_us":100000,"short_slice":false}' \
    "$(scheduling r1 | jq -c 'del(.memory_locked)')" "status --json scheduling (default)"
# "current" where RLIMIT_MEMLOCK cannot be raised (no CAP_SYS_RESOURCE).
mem=$(scheduling r1 | jq -r .memory_locked)
[[ $mem == all || $mem == current ]] || fail "status memory_locked is $mem"
xvrrp_stop r1
info "script SCHED_OTHER, RLIMIT_RTTIME 100 ms, VmLck $locked kB ($mem), status reports it"

# The keywords, and the flag winning over them.
conf $'vrrp_rt_priority 20\n    vrrp_rlimit_rttime 30000' >"$LAB_TMP/r1.conf"
xvrrp_start r1 "$NS_R1" -f "$LAB_TMP/r1.conf"
assert_eq "SCHED_RR|SCHED_RESET_ON_FORK 20" "$(policy_of "$(cat "$(_xvrrp_dir r1)/pid")")" "vrrp_rt_priority 20"
assert_eq '"SCHED_RR" 20 30000' "$(scheduling r1 | jq -r '"\"\(.policy)\" \(.priority) \(.rlimit_rttime_us)"')" \
    "status after vrrp_rt_priority 20, vrrp_rlimit_rttime 30000"
xvrrp_stop r1
xvrrp_start r1 "$NS_R1" -f "$LAB_TMP/r1.conf" --rt-priority 0 --no-mlock
assert_eq "SCHED_OTHER 0" "$(policy_of "$(cat "$(_xvrrp_dir r1)/pid")")" "--rt-priority 0 over the keyword"
assert_eq "SCHED_OTHER none" "$(scheduling r1 | jq -r '"\(.policy) \(.memory_locked)"')" \
    "status with --rt-priority 0 --no-mlock"
xvrrp_stop r1
info "vrrp_rt_priority 20 -> RR 20; --rt-priority 0 --no-mlock -> fair class, unlocked"

# No CAP_SYS_NICE: a warning, the controller runs and becomes MASTER.
wrapper=$LAB_TMP/xvrrp-no-nice
printf '#!/bin/sh\nexec capsh --drop=cap_sys_nice -- -c '\''exec "$0" "$@"'\'' %q "$@"\n' "$(xvrrp_bin)" >"$wrapper"
chmod +x "$wrapper"
XVRRP_BIN=$wrapper xvrrp_start r1 "$NS_R1" -f "$LAB_TMP/r1.conf"
xvrrp_wait_state r1 MASTER 5 || fail "r1 without CAP_SYS_NICE never became MASTER"
pid=$(cat "$(_xvrrp_dir r1)/pid")
assert_eq "SCHED_OTHER" "$(XVRRP_BIN=$wrapper scheduling r1 | jq -r .policy)" "status without CAP_SYS_NICE"
grep -q "SCHED_RR priority 20 for the event loop refused" "$LAB_TMP/xv-r1.log" ||
    fail "no warning for the refused real-time class"
xvrrp_stop r1
echo "PASS: the loop alone is SCHED_RR (default 1, vrrp_rt_priority, --rt-priority 0 off), memory locked, RLIMIT_RTTIME set, a refusal is a warning"
