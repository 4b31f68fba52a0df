# lab.bash: the shared library of the namespace-lab integration tests.
#
# Source it from a test script (bash, `set -euo pipefail` friendly):
#
#   source "$(dirname "$0")/../lib/lab.bash"
#   lab_require_root                 # exit 77 (ctest SKIP) when not root
#   lab_up                           # scripts/lab.sh up with a unique TAG; exports NS_*, *_IP, VIP, ...
#   start_bg r1-daemon "$NS_R1" some-daemon --flag
#   wait_until 5 ns_has_addr "$NS_R1" "$VIP" || fail "VIP never appeared on r1"
#
# Everything a test starts or creates is registered here and torn down by an
# EXIT trap that always runs, on success, failure or signal: processes (by PID,
# newest first, TERM then KILL), anything left inside the lab's namespaces,
# bpffs mounts, the namespaces themselves and the test's temp dir (kept when
# LAB_KEEP=1, for debugging).
#
# Call start_bg, probe_start and capture_start directly, never inside $(...):
# they record the PID in the calling shell. bash acts on SIGTERM only when
# its foreground command returns: keep those short (wait_until polls every
# 20 ms); the watchdog also stops the test's children, so a stuck one is cut.

LAB_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB_REPO=$(cd "$LAB_LIB_DIR/../../.." && pwd)

# Resolved by the caller's environment or the default build tree.
XVRRP_BUILD_DIR=${XVRRP_BUILD_DIR:-$LAB_REPO/build}

LAB_TMP=""
LAB_TAG=""
LAB_LAST_PID=""
LAB_PROBE_PID=""
declare -gA LAB_CAPTURES=()
LAB_T0=$(date +%s%N)

info() {
    local now
    now=$(date +%s%N)
    printf '[%6.3fs] %s\n' "$(((now - LAB_T0) / 1000000))e-3" "$*" >&2
}

# ---------------------------------------------------------------- skipping

lab_skip() {
    echo "SKIP: $*" >&2
    exit 77
}

lab_require_root() {
    [[ $(id -u) -eq 0 ]] || lab_skip "needs root (network namespaces, raw sockets)"
}

lab_require_cmd() {
    local c
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || lab_skip "'$c' is not installed (scripts/deps.sh installs it)"
    done
}

# ---------------------------------------------------------------- binaries

# The controller under test: $XVRRP_BIN, else the build tree's CLI.
xvrrp_bin() {
    echo "${XVRRP_BIN:-$XVRRP_BUILD_DIR/userspace/cli/xvrrp}"
}

probe_bin() {
    echo "${XVRRP_PROBE:-$XVRRP_BUILD_DIR/tests/tools/xvrrp-probe}"
}

lab_require_xvrrp() {
    [[ -x $(xvrrp_bin) ]] || lab_skip "xvrrp binary not built: $(xvrrp_bin) (set XVRRP_BIN or XVRRP_BUILD_DIR)"
}

lab_require_probe() {
    [[ -x $(probe_bin) ]] ||
        fail "xvrrp-probe not built: $(probe_bin) (cmake --build BUILD --target xvrrp-probe, or set XVRRP_PROBE)"
}

# ---------------------------------------------------------------- lifecycle

# lab_init [NAME]: temp dir, cleanup trap and a watchdog (LAB_TIMEOUT seconds,
# default 60) that stops the test, with cleanup, if it ever hangs. lab_up calls
# it; call it yourself only for tests that need no lab.
# shellcheck disable=SC2120 # NAME is optional
lab_init() {
    [[ -n $LAB_TMP ]] && return 0
    local name=${1:-$(basename "$0" .sh)}
    name=$(tr -cd 'a-z0-9' <<<"${name,,}")
    LAB_TAG="${name:0:10}-$$"
    LAB_TMP=$(mktemp -d "/tmp/xv-it-${LAB_TAG}.XXXXXX")
    # Traversable (not listable) so daemons that drop to their own user (FRR)
    # can reach a subdirectory they own.
    chmod 711 "$LAB_TMP"
    : >"$LAB_TMP/procs"
    trap _lab_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    _lab_watchdog "${LAB_TIMEOUT:-60}"
}

# A sleeping child that TERMs the test when the time is up; killing the sleep
# (cleanup does) makes the watchdog exit without firing.
_lab_watchdog() {
    local secs=$1 main=$$
    (
        sleep "$secs" &
        echo $! >"$LAB_TMP/watchdog.pid"
        if wait $!; then
            echo "FAIL: watchdog: test still running after ${secs}s" >&2
            kill -TERM "$main"
            # bash runs the trap only once its foreground command returns:
            # stop the test's own children too (the cleanup reaps the rest).
            # shellcheck disable=SC2046 # one PID per word
            kill -TERM $(ps -o pid= --ppid "$main") 2>/dev/null
        fi
    ) &
    _lab_register $! watchdog
    wait_until 2 test -s "$LAB_TMP/watchdog.pid" || true
    _lab_register "$(cat "$LAB_TMP/watchdog.pid")" watchdog-sleep
}

# lab_up: scripts/lab.sh up with this test's TAG; exports the lab's variables
# (NS_SW NS_R1 NS_R2 NS_C R1_IP R2_IP C_IP VIP R1_IP6 R2_IP6 C_IP6 VIP6
# LAB_IF) plus R1_MAC, R2_MAC, C_MAC.
lab_up() {
    # shellcheck disable=SC2119 # the default NAME: the script's
    lab_init
    local out k v
    LAB_UP=1
    out=$(bash "$LAB_REPO/scripts/lab.sh" up "$LAB_TAG") || fail "scripts/lab.sh up $LAB_TAG failed"
    while IFS='=' read -r k v; do
        [[ $k =~ ^[A-Z0-9_]+$ ]] && export "$k=$v"
    done <<<"$out"
    R1_MAC=$(lab_mac "$NS_R1" "$LAB_IF")
    R2_MAC=$(lab_mac "$NS_R2" "$LAB_IF")
    C_MAC=$(lab_mac "$NS_C" eth0)
    export R1_MAC R2_MAC C_MAC
    info "lab $LAB_TAG up: r1 $R1_MAC, r2 $R2_MAC, client $C_MAC; temp dir $LAB_TMP"
}

# lab_unplug NODE [IFNAME] / lab_plug NODE [IFNAME [ADDR/LEN...]]: delete a
# router's interface (bond1 by default), and create it again joined to the
# switch, with the node's lab addresses (bond1) or ADDRs, then up
# (scripts/lab.sh plug). The new device has a new index and a new MAC.
lab_unplug() {
    bash "$LAB_REPO/scripts/lab.sh" unplug "$LAB_TAG" "$@" || fail "lab.sh unplug $*"
}

lab_plug() {
    bash "$LAB_REPO/scripts/lab.sh" plug "$LAB_TAG" "$@" || fail "lab.sh plug $*"
}

# lab_segment IFNAME: one more L2 segment (its own bridge) with a veth IFNAME
# in r1, r2 and the client, up, no addresses (scripts/lab.sh segment).
lab_segment() {
    bash "$LAB_REPO/scripts/lab.sh" segment "$LAB_TAG" "$1" || fail "lab.sh segment $1"
}

# The start time (clock ticks since boot) tells a registered process from a
# later one that reused its PID.
_lab_starttime() {
    sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20
}

_lab_register() {
    echo "$1 $(_lab_starttime "$1") $2" >>"$LAB_TMP/procs"
}

# Registered PIDs still alive and still the same process, newest first, so a
# daemon stops before the reader of its output.
_lab_registered_pids() {
    local pid start name
    [[ -f $LAB_TMP/procs ]] || return 0
    tac "$LAB_TMP/procs" | while read -r pid start name; do
        [[ -n $start && $(_lab_starttime "$pid") == "$start" ]] && echo "$pid"
    done
}

_lab_cleanup() {
    local rc=$? pid ns m hook
    set +eu
    # A second signal must not cut the cleanup short.
    trap - EXIT
    trap '' INT TERM
    [[ -z $LAB_TMP ]] && exit "$rc"
    local live
    live=$(_lab_registered_pids)
    for pid in $live; do
        kill -TERM "$pid" 2>/dev/null
    done
    for pid in $live; do
        wait_pid_gone "$pid" 3 || kill -KILL "$pid" 2>/dev/null
    done
    # Whatever is still inside our namespaces was started by this test
    # (daemon children, forked helpers).
    if [[ -n ${LAB_UP:-} ]]; then
        for ns in "xv-$LAB_TAG-r1" "xv-$LAB_TAG-r2" "xv-$LAB_TAG-r3" "xv-$LAB_TAG-c" "xv-$LAB_TAG-sw"; do
            for pid in $(ip netns pids "$ns" 2>/dev/null); do
                kill -KILL "$pid" 2>/dev/null
            done
        done
    fi
    # Hooks and mounts live in files: they may be registered from a $(...) subshell.
    if [[ -f $LAB_TMP/hooks ]]; then
        while IFS= read -r hook; do
            eval "$hook"
        done <"$LAB_TMP/hooks"
    fi
    if [[ -f $LAB_TMP/mounts ]]; then
        for m in $(tac "$LAB_TMP/mounts"); do
            umount -l "$m" 2>/dev/null
        done
    fi
    [[ -n ${LAB_UP:-} ]] && bash "$LAB_REPO/scripts/lab.sh" down "$LAB_TAG" >/dev/null 2>&1
    if [[ ${LAB_KEEP:-0} == 1 ]]; then
        echo "lab: kept $LAB_TMP (LAB_KEEP=1)" >&2
    else
        # Never into a bpffs that failed to unmount.
        rm -rf --one-file-system "$LAB_TMP"
    fi
    exit "$rc"
}

# lab_on_cleanup 'shell code': run it at cleanup, after processes are gone.
lab_on_cleanup() {
    echo "$1" >>"$LAB_TMP/hooks"
}

# ---------------------------------------------------------------- processes

ns_run() {
    local ns=$1
    shift
    ip netns exec "$ns" "$@"
}

# start_bg NAME NS cmd...: run cmd in namespace NS ("" or - for the host) in
# the background, output to $LAB_TMP/NAME.log; the PID goes to LAB_LAST_PID.
start_bg() {
    local name=$1 ns=$2
    shift 2
    local log="$LAB_TMP/$name.log"
    if [[ -n $ns && $ns != - ]]; then
        ip netns exec "$ns" "$@" >"$log" 2>&1 </dev/null &
    else
        "$@" >"$log" 2>&1 </dev/null &
    fi
    LAB_LAST_PID=$!
    _lab_register "$LAB_LAST_PID" "$name"
    # Not a job: bash would print "Killed" when a test SIGKILLs it on purpose.
    disown "$LAB_LAST_PID"
}

# True while PID runs (a zombie counts as gone).
pid_alive() {
    local state
    state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
    [[ -n $state && $state != Z && $state != X ]]
}

wait_pid_gone() {
    local pid=$1 timeout=${2:-5}
    wait_until "$timeout" _lab_not pid_alive "$pid"
}

_lab_not() {
    ! "$@"
}

# wait_until TIMEOUT_S cmd...: poll cmd every 20 ms until it succeeds (0) or
# the time is up (1).
# The clock is bash's own $EPOCHREALTIME, not $(date): a SIGTERM that lands
# while bash parses a command substitution makes bash 5.2 fail to parse the
# TERM trap ("unexpected EOF while looking for matching `)'"), and the test
# then exits 2 instead of 143; a poll loop would sit in one most of the time.
wait_until() {
    local deadline
    _lab_now_ms
    deadline=$((_lab_ms + $(awk -v t="$1" 'BEGIN { printf "%d", t * 1000 }')))
    shift
    while true; do
        "$@" >/dev/null 2>&1 && return 0
        _lab_now_ms
        ((_lab_ms >= deadline)) && return 1
        sleep 0.02
    done
}

# Milliseconds since the epoch, in _lab_ms (no fork).
_lab_now_ms() {
    local us=${EPOCHREALTIME/[.,]/}
    _lab_ms=$((10#$us / 1000))
}

# ---------------------------------------------------------------- asserts

# fail MSG: print MSG, the lab's addresses and the tail of every process log, exit 1.
fail() {
    local f
    # A library may save more evidence as a log first (journald.bash).
    if declare -F lab_before_fail >/dev/null; then
        lab_before_fail || true
    fi
    {
        echo "FAIL: $*"
        if [[ -n ${LAB_UP:-} && -n ${NS_C:-} ]]; then
            echo "--- addresses"
            for f in "$NS_R1" "$NS_R2" "$NS_C"; do
                echo "$f: $(ip -n "$f" -br addr 2>/dev/null | grep -v '^lo ' | tr -s ' ' | tr '\n' ';')"
            done
        fi
        for f in ${LAB_TMP:+"$LAB_TMP"/*.log}; do
            [[ -f $f ]] || continue
            echo "--- last lines of $(basename "$f")"
            tail -n "${LAB_FAIL_LINES:-15}" "$f"
        done
    } >&2
    exit 1
}

assert_eq() {
    [[ "$1" == "$2" ]] || fail "${3:-assert_eq}: expected '$1', got '$2'"
}

# assert_le A B [MSG]: A <= B, numerically (decimals allowed).
assert_le() {
    awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }' ||
        fail "${3:-assert_le}: expected $1 <= $2"
}

assert_ge() {
    awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }' ||
        fail "${3:-assert_ge}: expected $1 >= $2"
}

# ---------------------------------------------------------------- lab queries

# (stderr dropped: resolving the veth peer's namespace name makes ip complain
# about any half-deleted namespace on the host, ours or not)
lab_mac() {
    ip -n "$1" -o link show dev "$2" 2>/dev/null | grep -o 'link/ether [0-9a-f:]*' | awk '{print $2}'
}

# ns_has_addr NS IP: IP is configured on some interface in NS.
ns_has_addr() {
    ip -n "$1" -o addr show | awk '{split($4, a, "/"); print a[1]}' | grep -qxF "$2"
}

# arp_responders NS IF IP: the distinct MACs (lower case, one per line) that
# answer three broadcast ARP requests for IP sent from IF in NS. Broadcast
# every time (-b): after a first answer arping would otherwise unicast to
# that one MAC and never hear a second responder.
arp_responders() {
    { ip netns exec "$1" arping -b -c 3 -I "$2" "$3" 2>/dev/null || true; } |
        sed -n 's/.*\[\([0-9A-Fa-f:]*\)\].*/\1/p' | tr 'A-F' 'a-f' | sort -u
}

# mount_bpffs NAME: a private bpffs for one xvrrp (pass the printed path as
# --pin-root). It is mounted in the host's mount namespace, so every later
# `ip netns exec` sees it (ip netns exec only replaces /sys, not this dir).
mount_bpffs() {
    local dir="$LAB_TMP/bpffs-$1"
    mkdir -p "$dir"
    mount -t bpf bpf "$dir" || fail "mount -t bpf on $dir failed"
    echo "$dir" >>"$LAB_TMP/mounts"
    echo "$dir"
}

# ---------------------------------------------------------------- captures

# capture_start NS IF FILE [FILTER...]: tcpdump to FILE until capture_stop
# (at most LAB_CAPTURE_MAX_S seconds, default 60). -Z root: Debian's tcpdump
# otherwise drops to its own user and cannot write into the test dir.
capture_start() {
    local ns=$1 ifname=$2 file=$3
    shift 3
    local name
    name="capture-$(basename "$file")"
    start_bg "$name" "$ns" timeout "${LAB_CAPTURE_MAX_S:-60}" \
        tcpdump -i "$ifname" -n -U --immediate-mode -Z root -w "$file" "$@"
    LAB_CAPTURES[$file]=$LAB_LAST_PID
    wait_until 5 grep -q 'listening on' "$LAB_TMP/$name.log" || fail "tcpdump did not start on $ns/$ifname"
}

# capture_stop [FILE]: stop one capture (default: all) and wait for the file.
capture_stop() {
    local f
    local -a files=("$@")
    (($#)) || files=("${!LAB_CAPTURES[@]}")
    for f in "${files[@]}"; do
        kill -INT "${LAB_CAPTURES[$f]}" 2>/dev/null
        wait_pid_gone "${LAB_CAPTURES[$f]}" 5 || fail "tcpdump writing $f did not stop"
        unset "LAB_CAPTURES[$f]"
    done
}

# tshark_vrrp FILE [TSHARK-OPTION...]: one line per VRRP packet, tshark's own decode (an
# independent dissector), fields separated by single spaces:
#   version vrid priority addr_count src_mac src_ip checksum interval auth
# checksum is good|bad|unverified; interval is "<N>cs" (v3) or "<N>s" (v2);
# auth is the v2 auth type number and string ("1:secret") or "-". Options go
# to tshark, e.g. -o vrrp.v3_checksum_as_in_v2:TRUE to check the other
# checksum form.
tshark_vrrp() {
    tshark -r "$1" "${@:2}" -Y vrrp -T fields -E separator=/t \
        -e vrrp.version -e vrrp.virt_rtr_id -e vrrp.prio -e vrrp.addr_count \
        -e eth.src -e ip.src -e ipv6.src -e vrrp.checksum.status \
        -e vrrp.short_adver_int -e vrrp.adver_int -e vrrp.auth_type -e vrrp.auth_string \
        2>>"$LAB_TMP/tshark.err" |
        awk -F'\t' '{
            src = ($6 != "") ? $6 : $7
            cs = ($8 == "1") ? "good" : ($8 == "0") ? "bad" : "unverified"
            iv = ($9 != "") ? $9 "cs" : $10 "s"
            auth = ($11 != "") ? $11 ":" $12 : "-"
            print $1, $2, $3, $4, $5, src, cs, iv, auth
        }'
}

# ---------------------------------------------------------------- probe

# probe_start NS TARGET [MAX_MS] [TIMELINE]: ping TARGET every
# PROBE_INTERVAL_US (default 1000) from NS until probe_stop (or MAX_MS,
# default 30000).
probe_start() {
    local ns=$1 target=$2 max_ms=${3:-30000} timeline=${4:-$LAB_TMP/probe.timeline}
    lab_require_probe
    rm -f "$LAB_TMP/probe.ready" "$LAB_TMP/probe.json"
    start_bg probe "$ns" "$(probe_bin)" --target "$target" \
        --interval-us "${PROBE_INTERVAL_US:-1000}" --duration-ms "$max_ms" \
        --ready-file "$LAB_TMP/probe.ready" --timeline "$timeline"
    LAB_PROBE_PID=$LAB_LAST_PID
    wait_until 5 test -e "$LAB_TMP/probe.ready" || fail "xvrrp-probe did not start"
}

# probe_stop: stop the probe; prints outage_ms (the whole JSON line stays in
# $LAB_TMP/probe.json, see probe_field).
probe_stop() {
    local json
    kill -TERM "$LAB_PROBE_PID" 2>/dev/null
    wait_pid_gone "$LAB_PROBE_PID" 5 || fail "xvrrp-probe did not stop"
    json=$(grep '^{' "$LAB_TMP/probe.log" | tail -n 1)
    [[ -n $json ]] || fail "xvrrp-probe printed no result"
    echo "$json" >"$LAB_TMP/probe.json"
    jq -r .outage_ms <<<"$json"
}

# probe_field KEY: a field of the last probe result (sent, answered, lost, gaps...).
probe_field() {
    jq -r ".$1" "$LAB_TMP/probe.json"
}
