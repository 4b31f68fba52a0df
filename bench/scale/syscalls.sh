#!/usr/bin/env bash
# Syscalls and wake-ups per advert of a MASTER (issue 13 item 1): N VRRPv3
# instances at 10 ms in a scripts/lab.sh lab, an xvrrp BACKUP of the same
# instances on r2 (so the master's frames meet the same XDP as in the scale
# bench), then over one window on r1's controller:
#   strace -c -f -p PID   syscall counts (strace slows the traced process:
#                         counts, not times, are the figure)
#   /proc context switches voluntary (its sleeps: the wake-ups) and not
#   tx_packets of bond1   adverts sent in the same window
# and the same for xvrrp-advert-sender (the bare-sender floor) with
# --sender. Writes the strace table and the per-advert figures to OUT.
#
#   bench/scale/syscalls.sh OUT [--count 255] [--window S] [--xvrrp BIN]
#                               [--sender-args "ARGS"] [--build DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${1:?usage: $0 OUT [--count N] [--window S] [--xvrrp BIN] [--sender-args ARGS]} && shift
count=255 window=5 build=${XVRRP_BUILD_DIR:-$repo/build} xv="" sender_args=""
while (($#)); do
    case $1 in
        --count) count=$2 ;;
        --window) window=$2 ;;
        --xvrrp) xv=$2 ;;
        --sender-args) sender_args=$2 ;;
        --build) build=$2 ;;
        *) echo "usage: $0 OUT [--count N] [--window S] [--xvrrp BIN] [--sender-args ARGS]" >&2 && exit 2 ;;
    esac
    shift 2
done
[[ $(id -u) -eq 0 ]] || { echo "syscalls: run as root" >&2 && exit 2; }
xv=${xv:-$build/userspace/cli/xvrrp}
sender=$build/bench/scale/xvrrp-advert-sender
tag=sc$$ tmp=$(mktemp -d /tmp/xv-bench-sc.XXXXXX) pids=() mounts=()
cleanup() {
    local p m
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
    "$repo/scripts/lab.sh" down "$tag" >/dev/null 2>&1 || true
    for m in "${mounts[@]}"; do umount "$m" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
"$repo/scripts/lab.sh" up "$tag" >/dev/null
eval "$("$repo/scripts/lab.sh" env "$tag")"
fail() { echo "syscalls: $*" >&2 && exit 1; }
source "$here/../lib/vrrp_conf.bash"
conf() {
    vrrp_instances "$1.body" "$count" "$2" 0.01 bond1
    { printf 'global_defs {\n    router_id sc\n}\n' && cat "$1.body"; } >"$1"
}
start() {
    local node=$1 ns=$2 cf=$3 pins=$tmp/bpffs-$1
    mkdir -p "$pins" "$tmp/run-$node"
    mount -t bpf bpf "$pins" && mounts+=("$pins")
    ip netns exec "$ns" "$xv" attach bond1 -f "$cf" --run-dir "$tmp/run-$node" \
        --pin-root "$pins" >"$tmp/$node.log" 2>&1 &
    pids+=($!)
    STARTED=$!
}
ctx() { awk '/^voluntary_ctxt/ { v = $2 } /^nonvoluntary_ctxt/ { n = $2 } END { print v, n }' "/proc/$1/status"; }
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
txf=/sys/class/net/bond1/statistics/tx_packets

# measure WHAT PID: one window on PID, appended to OUT.
measure() {
    local what=$1 pid=$2 tx0 tx1 c0 c1 t0 t1 st=$tmp/strace.txt
    read -r c0v c0n <<<"$(ctx "$pid")"
    t0=$(ticks "$pid")
    sleep "$window"
    read -r c1v c1n <<<"$(ctx "$pid")"
    t1=$(ticks "$pid")
    tx0=$(ip netns exec "$NS_R1" cat "$txf")
    timeout -s INT "$window" strace -c -f -p "$pid" -o "$st" 2>/dev/null || true
    tx1=$(ip netns exec "$NS_R1" cat "$txf")
    local adverts=$((tx1 - tx0)) calls
    calls=$(awk '$NF == "total" { print $4 }' "$st")
    {
        echo "== $what: $count instances x 10 ms, ${window} s windows, $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
        echo "without strace: CPU $(awk -v a="$t0" -v b="$t1" -v w="$window" 'BEGIN { printf "%.4f", (b - a) / 100 / w }') core;" \
            "context switches/s voluntary $(((c1v - c0v) / window)), involuntary $(((c1n - c0n) / window))"
        echo "under strace: $adverts adverts, $calls syscalls: $(awk -v c="$calls" -v a="$adverts" 'BEGIN { printf "%.4f", c / a }') per advert, $(awk -v c="$calls" -v a="$adverts" -v n="$count" 'BEGIN { printf "%.2f", c / a * n }') per $count adverts"
        cat "$st"
        echo
    } >>"$out"
}

: >"$out"
conf "$tmp/m.conf" 150
conf "$tmp/b.conf" 100
start r2 "$NS_R2" "$tmp/b.conf"
sleep 1
start r1 "$NS_R1" "$tmp/m.conf"
m=$STARTED
sleep 6
kill -0 "$m" 2>/dev/null || { tail -n 20 "$tmp/r1.log" >&2 && exit 1; }
measure "xvrrp MASTER ($xv)" "$m"
kill "$m" && wait "$m" 2>/dev/null || true
sleep 1
# shellcheck disable=SC2086 # extra sender options
ip netns exec "$NS_R1" "$sender" --iface bond1 --src "$R1_IP" --vrids "$count" --priority 150 \
    --interval-ms 10 --duration-ms $(((3 * window + 5) * 1000)) $sender_args >/dev/null &
s=$!
pids+=($s)
sleep 2
measure "xvrrp-advert-sender $sender_args" "$s"
cat "$out"
