#!/usr/bin/env bash
# The exit-code contract: 0 done, 1 bad arguments or configuration (with the
# reason, FILE:LINE for files), 2 runtime failure (naming what failed).
source "$(dirname "$0")/common.bash"

# run_xv EXPECTED_RC PATTERN args...: xvrrp ARGS exits EXPECTED_RC and its
# output matches PATTERN (grep -E).
run_xv() {
    local want=$1 pattern=$2 rc=0
    shift 2
    "$XV" "$@" >"$TMP/out" 2>&1 || rc=$?
    [[ $rc == "$want" ]] || fail "xvrrp $*: exit $rc, expected $want: $(cat "$TMP/out")"
    grep -Eq -- "$pattern" "$TMP/out" || fail "xvrrp $*: output lacks /$pattern/: $(cat "$TMP/out")"
}

cat >"$TMP/good.conf" <<'CONF'
vrrp_instance VI_1 {
    interface nosuchif0
    virtual_router_id 7
    priority 150
    version 3
    advert_int 0.01
    virtual_ipaddress {
        192.0.2.254/24
    }
}
CONF
sed 's/priority 150/priority 300/' "$TMP/good.conf" >"$TMP/bad.conf"

# config check
run_xv 0 "OK, 1 vrrp_instance" config check "$TMP/good.conf"
run_xv 0 "good.conf:2: warning: interface 'nosuchif0' does not exist" config check "$TMP/good.conf"
run_xv 1 "bad.conf:4: error: priority" config check "$TMP/bad.conf"
run_xv 1 "missing.conf" config check "$TMP/missing.conf"

# arguments
run_xv 0 "attach" --help
printf '# no instance\nglobal_defs {\n}\n' >"$TMP/empty.conf"
run_xv 1 "empty.conf has no vrrp_instance: nothing to run" attach -f "$TMP/empty.conf"
run_xv 1 "missing.conf" attach -f "$TMP/missing.conf"
run_xv 1 "quick start needs the interface to run on" attach --vrid 7 --vip 192.0.2.1
run_xv 1 "256" attach lo --vrid 256 --vip 192.0.2.1
run_xv 1 "not a duration" attach lo --vrid 7 --vip 192.0.2.1 --advert-int 10x
run_xv 1 "either -f FILE or the quick-start flags" attach lo -f "$TMP/good.conf" --vrid 7 --vip 192.0.2.1
run_xv 1 "." no-such-command

# attach: a bad file is exit 1 before anything is touched. A missing
# interface is not an error (dynamic_interfaces): attach warns naming the
# line, its instance waits in FAULT, and SIGTERM still ends it with 0.
common=(--pin-root "$TMP/pins" --run-dir "$TMP/run")
run_xv 1 "bad.conf:4: error: priority" attach nosuchif0 -f "$TMP/bad.conf" "${common[@]}"
run_xv 1 "no vrrp_instance" attach lo -f "$TMP/good.conf" "${common[@]}"
"$XV" attach nosuchif0 -f "$TMP/good.conf" "${common[@]}" >"$TMP/waiting.log" 2>&1 &
waiting=$!
PIDS+=("$waiting")
wait_for 5 grep -q "good.conf:2: warning: interface 'nosuchif0' does not exist" "$TMP/waiting.log" ||
    fail "attach on a missing interface: no FILE:LINE warning: $(cat "$TMP/waiting.log")"
wait_for 5 "$XV" status --run-dir "$TMP/run" || fail "attach on a missing interface does not run"
[[ $("$XV" status --json --run-dir "$TMP/run" | jq -r '.instances[0].state') == FAULT ]] ||
    fail "instance on a missing interface is not FAULT: $("$XV" status --json --run-dir "$TMP/run")"
kill -TERM "$waiting"
wait_exit "$waiting" 5
[[ $EXIT_CODE == 0 ]] || fail "attach waiting for its interface: exit $EXIT_CODE after SIGTERM"

# status without a controller
run_xv 2 "no xvrrp controller answers" status --run-dir "$TMP/run"
# stats with nothing pinned
mkdir -p "$TMP/empty"
run_xv 2 "nothing pinned" stats --pin-root "$TMP/empty"

# A second controller on the same run dir is refused while the first lives.
lab_up
start_router r1 "$NS_R1" --vrid 7 --vip "$VIP/24" --advert-int 10ms
wait_for 5 state_is r1 MASTER || fail "r1 not MASTER"
rc=0
ip netns exec "$NS_R1" "$XV" attach bond1 --vrid 7 --vip "$VIP/24" --pin-root "$TMP/r1/bpf" \
    --run-dir "$TMP/r1/run" >"$TMP/out" 2>&1 || rc=$?
[[ $rc == 2 ]] || fail "second controller on one run dir: exit $rc: $(cat "$TMP/out")"
grep -q "another xvrrp controller (pid $(pid_of r1))" "$TMP/out" || fail "$(cat "$TMP/out")"
state_is r1 MASTER || fail "the refused start disturbed r1 ($(state r1))"
echo "PASS: exit codes 0/1/2 with their reasons"
