#!/usr/bin/env bash
# Controller cost per advert: instructions (callgrind, user space only) that
# an xvrrp MASTER with N VRRPv3 instances at 10 ms spends per advert it sends.
#
#   bench/controller_cost/run.sh [--count 255] [--window S] [--results DIR] [--build DIR]
#
# In a scripts/lab.sh lab (its own tag), r1 runs `xvrrp attach bond1` under
# valgrind --tool=callgrind with instrumentation off; after --settle seconds
# (every instance MASTER) instrumentation is switched on for --window
# seconds, adverts are counted as bond1's tx_packets over the same window,
# and the profile is dumped. Instructions are repeatable whatever else runs on
# the machine (callgrind counts, it does not time); kernel work (sendmmsg,
# bpf syscalls) is not in them. Writes RESULTS/controller_cost.json and the
# top functions (inclusive) to RESULTS/controller_cost_top.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
count=255 window=10 settle=8
results=$repo/bench/results build=${XVRRP_BUILD_DIR:-$repo/build}
while (($#)); do
    case $1 in
        --count) count=$2 ;;
        --window) window=$2 ;;
        --settle) settle=$2 ;;
        --results) results=$2 ;;
        --build) build=$2 ;;
        *) echo "usage: $0 [--count N] [--window S] [--settle S] [--results DIR] [--build DIR]" >&2 && exit 2 ;;
    esac
    shift 2
done
[[ $(id -u) -eq 0 ]] || { echo "controller_cost: run as root (namespaces, XDP)" >&2 && exit 2; }
xv=$build/userspace/cli/xvrrp
[[ -x $xv ]] || { echo "controller_cost: no xvrrp binary at $xv" >&2 && exit 1; }
command -v valgrind >/dev/null || { echo "controller_cost: valgrind missing (scripts/deps.sh)" >&2 && exit 1; }
tag=cc$$ tmp=$(mktemp -d /tmp/xv-bench-cc.XXXXXX) vpid=""
cleanup() {
    [[ -n $vpid ]] && kill "$vpid" 2>/dev/null && wait "$vpid" 2>/dev/null
    "$repo/scripts/lab.sh" down "$tag" >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT
"$repo/scripts/lab.sh" up "$tag" >/dev/null
eval "$("$repo/scripts/lab.sh" env "$tag")"
{
    printf 'global_defs {\n    router_id r1\n}\n'
    for ((i = 1; i <= count; i++)); do
        printf 'vrrp_instance VI_%d {\n    state BACKUP\n    interface bond1\n    virtual_router_id %d\n' "$i" "$i"
        printf '    version 3\n    priority 150\n    advert_int 0.01\n'
        printf '    virtual_ipaddress {\n        198.18.%d.%d/32\n    }\n}\n' $((i / 250)) $((i % 250 + 1))
    done
} >"$tmp/xv.conf"
ip netns exec "$NS_R1" valgrind --tool=callgrind --instr-atstart=no \
    --callgrind-out-file="$tmp/cg.out" "$xv" attach bond1 -f "$tmp/xv.conf" \
    --run-dir "$tmp/run" --pin-root "/sys/fs/bpf/xvrrp-$tag" >"$tmp/xv.log" 2>&1 &
vpid=$!
sleep "$settle"
kill -0 "$vpid" 2>/dev/null || { tail -n 20 "$tmp/xv.log" >&2 && exit 1; }
txf=/sys/class/net/bond1/statistics/tx_packets
callgrind_control -i on "$vpid" >/dev/null
tx0=$(ip netns exec "$NS_R1" cat "$txf")
sleep "$window"
tx1=$(ip netns exec "$NS_R1" cat "$txf")
callgrind_control -d "$vpid" >/dev/null
sleep 1
dump=$(ls "$tmp"/cg.out.* | head -n 1)
ir=$(callgrind_annotate "$dump" 2>/dev/null | awk '/PROGRAM TOTALS/ && !n++ { gsub(",", "", $1); print $1 }')
adverts=$((tx1 - tx0))
((adverts > 0 && ${ir:-0} > 0)) || { echo "controller_cost: nothing measured (adverts $adverts, Ir ${ir:-none})" >&2 && exit 1; }
mkdir -p "$results"
callgrind_annotate --inclusive=yes "$dump" 2>/dev/null | grep -E 'xvrrp::' |
    sed -E 's/\(([^()]|\([^()]*\))*\)//g' | cut -c1-160 | awk 'NR <= 30' >"$results/controller_cost_top.txt"
jq -n --arg date "$(date -u +%FT%TZ)" --arg kernel "$(uname -r)" --arg git "$(git -C "$repo" rev-parse --short HEAD)" \
    --argjson count "$count" --argjson window "$window" --argjson adverts "$adverts" --argjson ir "$ir" '
    {date: $date, kernel: $kernel, git: $git, instances: $count, interval_ms: 10, window_s: $window,
     method: "valgrind --tool=callgrind on the MASTER controller, instrumentation on for the window only; adverts = tx_packets of bond1 over the window; user-space instructions only",
     adverts: $adverts, instructions: $ir, instructions_per_advert: (($ir / $adverts) | floor)}' \
    >"$results/controller_cost.json"
echo "controller_cost: $count instances, ${window}s: $adverts adverts, $ir instructions, $((ir / adverts)) per advert"
