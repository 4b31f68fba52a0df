# common.bash: the small harness of the controller's smoke tests. Source it
# from a test script run as `bash TEST.sh XVRRP_BIN PROBE_BIN`.
#
# Every test gets its own lab (scripts/lab.sh, TAG unique per test and pid),
# its own bpffs per router (mounted in the host's mount namespace, so
# `ip netns exec` sees it) and its own run dir; an EXIT trap kills what the
# test started (by pid), unmounts, removes the lab and the temp dir, on
# success and failure alike.
#
# The routers run with the default --xdp-mode auto, which on veth means
# generic (skb) mode: native XDP on veth drops the program's XDP_TX answers
# unless the peer has NAPI, and frames whose destination MAC the program
# rewrites (VMAC -> interface MAC) keep the pkt_type the sender computed, so
# IP drops them as "otherhost" (docs/operations.md, "veth labs").
set -euo pipefail

XV=${1:-${XVRRP_BIN:-}}
PROBE=${2:-${XVRRP_PROBE:-}}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)

skip() {
    echo "SKIP: $*"
    exit 77
}

[[ $(id -u) -eq 0 ]] || skip "needs root (network namespaces, XDP, bpffs)"
[[ -x $XV ]] || skip "xvrrp binary not given or not built: '$XV'"
for c in jq ip mount; do
    command -v "$c" >/dev/null || skip "'$c' is not installed"
done

name=$(basename "$0" .sh | tr -cd 'a-z' | head -c 6)
TAG="c${name}$$"
TMP=$(mktemp -d "/tmp/xv-ctl-${name}.XXXXXX")
PIDS=()
MOUNTS=()
LAB_UP=""
T0=$(date +%s%N)

log() {
    printf '[%6d ms] %s\n' $((($(date +%s%N) - T0) / 1000000)) "$*" >&2
}

cleanup() {
    local rc=$? p m
    set +e
    for p in "${PIDS[@]}"; do
        kill -TERM "$p" 2>/dev/null
    done
    for p in "${PIDS[@]}"; do
        for _ in $(seq 50); do
            kill -0 "$p" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$p" 2>/dev/null
    done
    wait 2>/dev/null
    [[ -n $LAB_UP ]] && bash "$REPO/scripts/lab.sh" down "$TAG" >/dev/null 2>&1
    for m in "${MOUNTS[@]}"; do
        umount -l "$m" 2>/dev/null
    done
    rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
    local f
    echo "FAIL: $*" >&2
    for f in "$TMP"/*/log "$TMP"/*.log; do
        [[ -f $f ]] || continue
        echo "--- $f" >&2
        tail -n 20 "$f" >&2
    done
    exit 1
}

# wait_for SECONDS cmd...: poll every 20 ms until cmd succeeds.
wait_for() {
    local deadline=$(($(date +%s%N) + ${1%.*} * 1000000000))
    shift
    until "$@" >/dev/null 2>&1; do
        (($(date +%s%N) < deadline)) || return 1
        sleep 0.02
    done
}

lab_up() {
    local out k v
    out=$(bash "$REPO/scripts/lab.sh" up "$TAG") || fail "scripts/lab.sh up $TAG"
    LAB_UP=1
    while IFS='=' read -r k v; do
        [[ $k =~ ^[A-Z0-9_]+$ ]] && declare -g "$k=$v"
    done <<<"$out"
}

# router_dir NAME: $TMP/NAME with its own bpffs (bpf/) and run dir (run/).
# Not inside $(...): the mount must be recorded in this shell.
router_dir() {
    local d="$TMP/$1"
    if [[ ! -d $d/bpf ]]; then
        mkdir -p "$d/bpf" "$d/run"
        mount -t bpf bpf "$d/bpf" || fail "mount -t bpf $d/bpf"
        MOUNTS+=("$d/bpf")
    fi
}

# start_router NAME NS [attach args...]: `xvrrp attach bond1 ARGS` in NS, in
# the background; its pid in $TMP/NAME/pid, its log in $TMP/NAME/log.
start_router() {
    local n=$1 ns=$2 d
    shift 2
    router_dir "$n"
    d="$TMP/$n"
    echo "$ns" >"$d/ns"
    ip netns exec "$ns" "$XV" attach bond1 --pin-root "$d/bpf" --run-dir "$d/run" \
        --log-level debug "$@" >>"$d/log" 2>&1 &
    echo $! >"$d/pid"
    PIDS+=($!)
    wait_for 5 status "$n" || fail "$n: xvrrp status does not answer"
}

pid_of() { cat "$TMP/$1/pid"; }

status() {
    local d="$TMP/$1"
    ip netns exec "$(cat "$d/ns")" "$XV" status --json --run-dir "$d/run"
}

# state NAME: the first instance's state (NONE when the controller is gone).
state() {
    local s
    s=$(status "$1" 2>/dev/null | jq -r '.instances[0].state' 2>/dev/null) || true
    echo "${s:-NONE}"
}

state_is() { [[ $(state "$1") == "$2" ]]; }

ns_has_addr() {
    ip -n "$1" -o addr show | awk '{split($4, a, "/"); print a[1]}' | grep -qxF "$2"
}

not() { ! "$@"; }

alive() { kill -0 "$1" 2>/dev/null; }

# wait_exit PID SECONDS: sets EXIT_CODE to the exit code of PID (a child of
# this shell; not inside $(...), where it would not be one), or fails.
wait_exit() {
    wait_for "$2" not alive "$1" || fail "pid $1 still running after $2 s"
    EXIT_CODE=0
    wait "$1" || EXIT_CODE=$?
}
