#!/usr/bin/env bash
# Failover demo: two xvrrp routers and a client in network namespaces.
#
#   sudo scripts/demo.sh
#
# Installs the packages (scripts/deps.sh) and builds what it needs (cmake
# preset "default") if it is not built yet, brings
# up the lab (scripts/lab.sh: a bridge, routers r1 and r2 on "bond1", a
# client), runs one controller per router (VRRPv3, 10 ms adverts, VRID 7,
# VIP 192.0.2.254; r1 priority 200, r2 priority 100), waits for r1 to be
# MASTER, then starts pinging the VIP from the client every millisecond and
# kills r1 the hard way: SIGKILL of its controller and its link taken down
# ("the router dies"). It prints the client's outage and r2's final status.
# Everything it creates is removed on exit, whatever happens.
#
# Environment: XVRRP_BUILD_DIR (default: build), XVRRP_XDP_MODE (default:
# auto, which is generic (skb) mode on veth; docs/operations.md "veth labs"
# says why), DEMO_KEEP=1 keeps the lab and logs for inspection.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

[[ $(id -u) -eq 0 ]] || { echo "demo: needs root (namespaces, XDP, bpffs)" >&2; exit 1; }

build=${XVRRP_BUILD_DIR:-$repo/build}
xv=$build/userspace/cli/xvrrp
probe=$build/tests/tools/xvrrp-probe
mode=${XVRRP_XDP_MODE:-auto}

if [[ ! -x $xv || ! -x $probe ]]; then
    # A fresh machine has neither the toolchain nor the libraries yet.
    bash scripts/deps.sh
    echo "demo: building xvrrp and xvrrp-probe (cmake preset default)"
    cmake --preset default >/dev/null
    cmake --build --preset default --target xvrrp xvrrp-probe
fi

tag="demo$$"
tmp=$(mktemp -d "/tmp/xvrrp-demo.XXXXXX")
pids=()
mounts=()
lab_up=""

cleanup() {
    local rc=$? p m
    set +e
    if [[ ${DEMO_KEEP:-0} == 1 ]]; then
        echo "demo: kept lab $tag and $tmp (DEMO_KEEP=1); remove with: scripts/lab.sh down $tag"
        exit "$rc"
    fi
    for p in "${pids[@]}"; do
        kill -TERM "$p" 2>/dev/null
    done
    for p in "${pids[@]}"; do
        for _ in $(seq 50); do
            kill -0 "$p" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$p" 2>/dev/null
    done
    wait 2>/dev/null
    [[ -n $lab_up ]] && bash scripts/lab.sh down "$tag" >/dev/null 2>&1
    for m in "${mounts[@]}"; do
        umount -l "$m" 2>/dev/null
    done
    rm -rf "$tmp"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

die() {
    echo "demo: FAILED: $*" >&2
    for f in "$tmp"/*.log; do
        [[ -f $f ]] && { echo "--- $(basename "$f")" >&2; tail -n 15 "$f" >&2; }
    done
    exit 1
}

# wait_for SECONDS cmd...: poll every 20 ms.
wait_for() {
    local deadline=$(($(date +%s%N) + $1 * 1000000000))
    shift
    until "$@" >/dev/null 2>&1; do
        (($(date +%s%N) < deadline)) || return 1
        sleep 0.02
    done
}

echo "demo: lab $tag"
while IFS='=' read -r k v; do
    [[ $k =~ ^[A-Z0-9_]+$ ]] && declare "$k=$v"
done < <(bash scripts/lab.sh up "$tag")
lab_up=1

# One controller per router, each with its own bpffs (mounted in the host's
# mount namespace, which `ip netns exec` keeps) and run directory.
start() {
    local r=$1 ns=$2 prio=$3
    mkdir -p "$tmp/$r/bpf" "$tmp/$r/run"
    mount -t bpf bpf "$tmp/$r/bpf"
    mounts+=("$tmp/$r/bpf")
    ip netns exec "$ns" "$xv" attach bond1 --vrid 7 --vip "$VIP/24" --version 3 \
        --advert-int 10ms --priority "$prio" --xdp-mode "$mode" \
        --pin-root "$tmp/$r/bpf" --run-dir "$tmp/$r/run" >"$tmp/$r.log" 2>&1 &
    pids+=($!)
    echo $! >"$tmp/$r.pid"
    disown $!  # killed on purpose below: no "Killed" notice from bash
}

status() {  # ROUTER NS
    ip netns exec "$2" "$xv" status --json --run-dir "$tmp/$1/run"
}

is_state() {  # ROUTER NS STATE
    [[ $(status "$1" "$2" | jq -r '.instances[0].state') == "$3" ]]
}

# r1 first, so r2 joins a link that already has a master (no election race).
start r1 "$NS_R1" 200
wait_for 10 is_state r1 "$NS_R1" MASTER || die "r1 did not become MASTER"
start r2 "$NS_R2" 100
wait_for 10 is_state r2 "$NS_R2" BACKUP || die "r2 did not become BACKUP"
echo "demo: r1 is MASTER, r2 is BACKUP"
ip netns exec "$NS_R1" "$xv" status --run-dir "$tmp/r1/run"

ip netns exec "$NS_C" "$probe" --target "$VIP" --interval-us 1000 --duration-ms 4000 \
    --ready-file "$tmp/probe.ready" >"$tmp/probe.log" 2>&1 &
probe_pid=$!
pids+=("$probe_pid")
wait_for 5 test -e "$tmp/probe.ready" || die "the probe did not start"
sleep 1

echo "demo: r1 dies: SIGKILL of its controller, bond1 down"
kill -KILL "$(cat "$tmp/r1.pid")"
ip -n "$NS_R1" link set bond1 down
wait_for 5 is_state r2 "$NS_R2" MASTER || die "r2 did not take over"

wait "$probe_pid" || true
result=$(grep '^{' "$tmp/probe.log" | tail -n 1)
[[ -n $result ]] || die "the probe printed no result"
outage=$(jq -r .outage_ms <<<"$result")
answered=$(jq -r .answered <<<"$result")
[[ $answered -gt 0 ]] || die "the client never reached the VIP: $result"

echo "demo: client outage during the failover: ${outage} ms ($result)"
echo "demo: r2 now:"
ip netns exec "$NS_R2" "$xv" status --run-dir "$tmp/r2/run"
awk -v o="$outage" 'BEGIN { exit !(o > 0 && o < 1000) }' ||
    die "implausible outage ${outage} ms"
echo "demo: OK"
