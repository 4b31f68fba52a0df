#!/usr/bin/env bash
# Controller cost in instructions (callgrind, user space only), two numbers:
#
#   per advert  an xvrrp MASTER with N VRRPv3 instances at 10 ms, alone in a
#               scripts/lab.sh lab: instructions per advert it sends.
#   per event   an xvrrp BACKUP of the same N instances behind an xvrrp
#               MASTER that changes its priority (SIGHUP reload, 150 -> 160):
#               instructions per ring-buffer event the backup handles (each
#               VRID's kernel reports one ADVERT event, WHY_PRIORITY; no state
#               changes).
#
#   bench/controller_cost/run.sh [--count 255] [--window S] [--settle S]
#                                [--results DIR] [--build DIR]
#
# The measured controller runs under valgrind --tool=callgrind with
# instrumentation off; once every instance has settled (--settle seconds)
# instrumentation is switched on for the window and the profile is dumped.
# Adverts are bond1's tx_packets over the window; events are the backup's
# kernel `event` counter (xvrrp stats). Instructions are repeatable whatever
# else runs on the machine (callgrind counts, it does not time); kernel work
# (sendmmsg, bpf syscalls) is not in them. Writes RESULTS/controller_cost.json
# and the top functions (inclusive) of each to
# RESULTS/controller_cost_{advert,event}_top.txt.
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
tag=cc$$ tmp=$(mktemp -d /tmp/xv-bench-cc.XXXXXX) pids=() mounts=()
cleanup() {
    local p m
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
    "$repo/scripts/lab.sh" down "$tag" >/dev/null 2>&1 || true
    for m in "${mounts[@]}"; do umount "$m" 2>/dev/null; done
    [[ ${CC_KEEP:-0} == 1 ]] && echo "kept $tmp" >&2 || rm -rf "$tmp"
}
trap cleanup EXIT
"$repo/scripts/lab.sh" up "$tag" >/dev/null
eval "$("$repo/scripts/lab.sh" env "$tag")"

# conf FILE PRIORITY: N instances in keepalived syntax, the instance blocks of
# the scale benches (bench/lib/vrrp_conf.bash) behind a global_defs.
fail() { echo "controller_cost: $*" >&2 && exit 1; }
source "$here/../lib/vrrp_conf.bash"
conf() {
    vrrp_instances "$1.body" "$count" "$2" 0.01 bond1
    { printf 'global_defs {\n    router_id cc\n}\n' && cat "$1.body"; } >"$1"
}

# start NODE NS CONF [valgrind]: xvrrp attach in NS, pins on a bpffs of its
# own; the PID in STARTED (not a subshell: pids and mounts must stick).
start() {
    local node=$1 ns=$2 cf=$3 pins=$tmp/bpffs-$1
    mkdir -p "$pins" "$tmp/run-$node"
    mount -t bpf bpf "$pins" && mounts+=("$pins")
    local pre=()
    [[ ${4:-} == valgrind ]] && pre=(valgrind --tool=callgrind --instr-atstart=no
        "--callgrind-out-file=$tmp/cg-$node.out")
    ip netns exec "$ns" "${pre[@]}" "$xv" attach bond1 -f "$cf" --run-dir "$tmp/run-$node" \
        --pin-root "$pins" >"$tmp/$node.log" 2>&1 &
    pids+=($!)
    STARTED=$!
}

# total_ir DUMP: the instructions in a callgrind dump. top_list DUMP FILE:
# the 30 most expensive xvrrp functions, inclusive.
total_ir() {
    callgrind_annotate "$1" 2>/dev/null | awk '/PROGRAM TOTALS/ && !n++ { gsub(",", "", $1); print $1 }'
}
top_list() {
    callgrind_annotate --inclusive=yes "$1" 2>/dev/null | grep -E 'xvrrp::' |
        sed -E 's/\(([^()]|\([^()]*\))*\)//g' | cut -c1-160 | awk 'NR <= 30' >"$2"
}
# events_of NODE: the kernel's event counter of that node's pins.
events_of() {
    "$xv" stats bond1 --json --pin-root "$tmp/bpffs-$1" |
        jq '[.. | objects | select(has("counters")) | .counters.event] | add'
}
mkdir -p "$results"

# ---- per advert: a lone MASTER
conf "$tmp/m.conf" 150
start adv "$NS_R1" "$tmp/m.conf" valgrind
pid=$STARTED
sleep "$settle"
kill -0 "$pid" 2>/dev/null || { tail -n 20 "$tmp/adv.log" >&2 && exit 1; }
txf=/sys/class/net/bond1/statistics/tx_packets
callgrind_control -i on "$pid" >/dev/null
tx0=$(ip netns exec "$NS_R1" cat "$txf")
sleep "$window"
tx1=$(ip netns exec "$NS_R1" cat "$txf")
callgrind_control -d "$pid" >/dev/null
sleep 1
kill "$pid" && wait "$pid" 2>/dev/null || true
dump=$(ls "$tmp"/cg-adv.out.* | head -n 1)
ir_adv=$(total_ir "$dump") adverts=$((tx1 - tx0))
((adverts > 0 && ${ir_adv:-0} > 0)) || { echo "controller_cost: per advert: nothing measured (adverts $adverts)" >&2 && exit 1; }
top_list "$dump" "$results/controller_cost_advert_top.txt"
echo "controller_cost: MASTER, $count instances, ${window}s: $adverts adverts, $ir_adv instructions, $((ir_adv / adverts)) per advert"

# ---- per event: a BACKUP whose master changes priority
"$repo/scripts/lab.sh" down "$tag" >/dev/null
"$repo/scripts/lab.sh" up "$tag" >/dev/null
conf "$tmp/r1.conf" 150
conf "$tmp/r2.conf" 100
start r1 "$NS_R1" "$tmp/r1.conf"
r1=$STARTED
sleep 2
start r2 "$NS_R2" "$tmp/r2.conf" valgrind
r2=$STARTED
sleep "$settle"
kill -0 "$r2" 2>/dev/null || { tail -n 20 "$tmp/r2.log" >&2 && exit 1; }
ev0=$(events_of r2)
callgrind_control -i on "$r2" >/dev/null
conf "$tmp/r1.conf" 160
kill -HUP "$r1"
sleep 3
callgrind_control -d "$r2" >/dev/null
ev1=$(events_of r2)
sleep 1
dump=$(ls "$tmp"/cg-r2.out.* | head -n 1)
ir_ev=$(total_ir "$dump") events=$((ev1 - ev0))
((events > 0 && ${ir_ev:-0} > 0)) || { echo "controller_cost: per event: nothing measured (events $events)" >&2 && exit 1; }
top_list "$dump" "$results/controller_cost_event_top.txt"
changes=$(grep -c -- '-> MASTER' "$tmp/r2.log" || true)
echo "controller_cost: BACKUP, $count instances: $events events, $ir_ev instructions, $((ir_ev / events)) per event ($changes entries into MASTER)"

jq -n --arg date "$(date -u +%FT%TZ)" --arg kernel "$(uname -r)" --arg git "$(git -C "$repo" rev-parse --short HEAD)" \
    --argjson count "$count" --argjson window "$window" --argjson adverts "$adverts" --argjson ir_adv "$ir_adv" \
    --argjson events "$events" --argjson ir_ev "$ir_ev" --argjson changes "$changes" '
    {date: $date, kernel: $kernel, git: $git, instances: $count, interval_ms: 10,
     method: "valgrind --tool=callgrind, instrumentation on for the measured window only, user-space instructions only",
     per_advert: {what: "lone MASTER; adverts = tx_packets of bond1 over the window", window_s: $window,
                  adverts: $adverts, instructions: $ir_adv, instructions_per_advert: (($ir_adv / $adverts) | floor)},
     per_event: {what: "BACKUP behind an xvrrp MASTER reloaded from priority 150 to 160: one ADVERT event per VRID; events = the kernel event counter over the window (3 s)",
                 events: $events, instructions: $ir_ev, instructions_per_event: (($ir_ev / $events) | floor),
                 backup_entries_into_master: $changes}}' >"$results/controller_cost.json"
