#!/usr/bin/env bash
# Harness self-test of lib/lab.bash's teardown: a test that fails, is sent
# SIGTERM, or hangs until its watchdog fires leaves nothing behind — no
# process it started (registered or merely inside its namespaces), no
# namespace, no bpffs mount, no temp dir — and exits non-zero.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[[ $(id -u) -eq 0 ]] || { echo "SKIP: needs root" >&2 && exit 77; }

rec_dir=$(mktemp -d /tmp/xv-it-cleanupcheck.XXXXXX)
# If the library under test leaks, this test still must not.
leak_guard() {
    set +e
    local kind k v
    for kind in pid mnt ns tmp; do
        while read -r k v; do
            [[ $k == "$kind" ]] || continue
            case $k in
                pid) kill -KILL "$v" 2>/dev/null ;;
                mnt) umount -l "$v" 2>/dev/null ;;
                ns) ip netns delete "$v" 2>/dev/null ;;
                tmp) rm -rf --one-file-system "$v" ;;
            esac
        done < <(cat "$rec_dir"/*.rec 2>/dev/null)
    done
    rm -rf "$rec_dir"
}
trap leak_guard EXIT

# A child test: sets up a lab, a bpffs, a registered and an unregistered
# process, then MODE: fail | poll (waits in wait_until, as tests do) | hang
# (stuck in one long foreground command).
child() {
    local mode=$1 rec=$2
    LAB_TIMEOUT=${3:-60} exec bash -c '
        set -euo pipefail
        source "$1/../lib/lab.bash"
        lab_up
        for ns in "$NS_SW" "$NS_R1" "$NS_R2" "$NS_C"; do echo "ns $ns" >>"$2"; done
        echo "tmp $LAB_TMP" >>"$2"
        mount_bpffs r1 | sed "s/^/mnt /" >>"$2"
        start_bg sleeper "$NS_R1" sleep 300
        echo "pid $LAB_LAST_PID" >>"$2"
        ip netns exec "$NS_R2" sleep 300 &
        echo "pid $!" >>"$2"
        echo "ready 1" >>"$2"
        case $3 in
            fail) fail "deliberate failure" ;;
            poll) wait_until 300 false ;;
            hang) sleep 300 ;;
        esac
    ' child "$here" "$rec" "$mode"
}

check_nothing_left() {
    local what=$1 rec=$2 k v
    grep -q '^ready' "$rec" || { echo "FAIL: $what: child never got ready" >&2 && exit 1; }
    while read -r k v; do
        case $k in
            pid) [[ ! -d /proc/$v ]] || [[ $(awk '{print $3}' "/proc/$v/stat") == Z ]] ||
                { echo "FAIL: $what: process $v still running" >&2 && exit 1; } ;;
            ns) ! ip netns list | grep -qw -- "$v" || { echo "FAIL: $what: namespace $v left" >&2 && exit 1; } ;;
            mnt) ! grep -q " $v " /proc/mounts || { echo "FAIL: $what: bpffs $v still mounted" >&2 && exit 1; } ;;
            tmp) [[ ! -e $v ]] || { echo "FAIL: $what: temp dir $v left" >&2 && exit 1; } ;;
        esac
    done <"$rec"
    echo "$what: nothing left behind"
}

rc=0
(child fail "$rec_dir/fail.rec") 2>"$rec_dir/fail.err" || rc=$?
[[ $rc -eq 1 ]] || { echo "FAIL: a failing test exited $rc, expected 1" >&2 && exit 1; }
grep -q 'FAIL: deliberate failure' "$rec_dir/fail.err" || { echo "FAIL: fail() printed no message" >&2 && exit 1; }
check_nothing_left "after fail" "$rec_dir/fail.rec"

(child poll "$rec_dir/term.rec") 2>"$rec_dir/term.err" &
pid=$!
for _ in $(seq 100); do grep -q '^ready' "$rec_dir/term.rec" 2>/dev/null && break; sleep 0.1; done
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
[[ $rc -eq 143 ]] || {
    echo "FAIL: a test sent SIGTERM exited $rc, expected 143; its stderr:" >&2
    cat "$rec_dir/term.err" >&2
    exit 1
}
check_nothing_left "after SIGTERM" "$rec_dir/term.rec"

rc=0
start=$(date +%s)
(child hang "$rec_dir/watchdog.rec" 3) 2>"$rec_dir/watchdog.err" || rc=$?
took=$(($(date +%s) - start))
[[ $rc -ne 0 ]] || { echo "FAIL: a hung test stopped by its watchdog exited 0" >&2 && exit 1; }
((took < 20)) || { echo "FAIL: the watchdog (3 s) took ${took}s to stop a hung test" >&2 && exit 1; }
grep -q 'watchdog' "$rec_dir/watchdog.err" || { echo "FAIL: the watchdog said nothing" >&2 && exit 1; }
check_nothing_left "after the watchdog (${took}s)" "$rec_dir/watchdog.rec"
echo PASS
