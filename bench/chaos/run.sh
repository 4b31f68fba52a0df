#!/usr/bin/env bash
# Chaos soak: three routers and a client, faults from a seeded schedule, a
# client that pings the VIP every millisecond and asks ARP who answers.
#
#   bench/chaos/run.sh --minutes M --seed S [--impl xvrrp|keepalived|both]
#                      [--advert-int SECONDS] [--results DIR] [--build DIR]
#
# Lab (scripts/lab.sh with LAB_ROUTERS=3): r1, r2, r3 (priorities 200, 150,
# 100) and the client on one bridge; one VRRPv3 instance, VRID 10, VIPs
# 192.0.2.254/24 (probed) and 192.0.2.253/24, advert_int 0.1 s by default.
# Both implementations read the same keepalived-syntax instance blocks
# (lib/impl.bash); keepalived also gets dynamic_interfaces, its own answer
# to interfaces that are deleted and re-created.
#
# Faults (schedule.py: the same list for the same seed, whichever the
# implementation), one at a time, each held for its duration then undone,
# then a quiet gap:
#   kill_restart    SIGKILL of the node's controller (every process of it),
#                   restarted after the duration
#   hup_priority    config rewritten with another priority, SIGHUP; the
#                   original config and another SIGHUP at the end
#   hup_vip         the same with the VIP list edited (one added, the
#                   unprobed one removed, or replaced); 192.0.2.254 stays
#   link_flap       bond1 down, then up
#   iface_recreate  bond1 deleted, then created again on the bridge with its
#                   addresses (a new index and MAC)
#   advert_loss     advert_drop.bpf.c (generic XDP) on the node's bridge port
#                   drops that percentage of the adverts it sends
#   cpu_hog         the controller pinned to the CPU it was on, a busy loop
#                   pinned there beside it; killed by PID, affinity restored
#   arp_flood       xvrrp-arpflood from the client: ARP requests for the VIP
#                   at RATE/s from ≤ 256 sender pairs (param RATExSENDERS)
# After the gap a health check (one MASTER, the VIP answers a ping); if it
# fails within 5 s more, the fault counts as unrecovered and the node's
# controller is restarted (counted) so the rest of the run stays meaningful.
#
# Probes in the client namespace (SCHED_FIFO): xvrrp-probe pings 192.0.2.254 every 1 ms
# (timeline of every request); arp_probe.py asks ARP for it every 10 ms and
# records every reply per request. Per fault window [start, end + gap]:
# the longest run of lost pings (outage), ARP requests answered twice or
# more (two responders), by two MACs, and not at all; analyze.py sums them
# per fault class.
#
# Controllers that exit without being killed by the schedule are crashes
# (liveness checked around every fault; keepalived's parent respawning its
# VRRP child is counted from its log). At the end every controller is
# stopped gracefully and the leftovers are counted: pins in each xvrrp
# bpffs and /sys/fs/bpf/xvrrp*, VIPs on the routers, XDP programs on any lab
# link, processes in the lab namespaces.
#
# --impl both (the default) runs xvrrp, then keepalived, each in its own lab,
# and writes RESULTS/chaos.json and RESULTS/chaos.png (and keeps each
# implementation's part as RESULTS/chaos_IMPL.json); one implementation
# writes RESULTS/chaos_IMPL.json only. --merge-parts XVRRP.json,KEEPALIVED.json
# (with the run's --minutes and --seed) writes chaos.json and the plot from
# two such parts again.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/common.bash
source "$here/../lib/common.bash"
bench_args "$@"

minutes="" seed="" advert_int=0.1 part="" merge=""
set -- "${BENCH_ARGS[@]}"
while (($#)); do
    case $1 in
        --minutes) minutes=$2 ;;
        --seed) seed=$2 ;;
        --advert-int) advert_int=$2 ;;
        --part) part=$2 ;;
        --merge-parts) merge=$2 ;;
        *) echo "usage: $0 --minutes M --seed S [--impl xvrrp|keepalived|both] [--advert-int S] [--results DIR] [--build DIR]" >&2 && exit 2 ;;
    esac
    shift 2
done
[[ -n $minutes && -n $seed ]] || { echo "$0: --minutes and --seed are required" >&2 && exit 2; }
impl=${BENCH_IMPLS:-both}
bench_require_root

# ------------------------------------------------------------------ both

# chaos_plot JSON PNG: per fault class, worst outage and two-responder time,
# xvrrp beside keepalived.
chaos_plot() {
    local tsv=$LAB_TMP/plot.tsv
    # shellcheck disable=SC2016 # a jq program
    plot_tsv "$tsv" '.implementations as $i
        | ([$i.xvrrp.per_class // {}, $i.keepalived.per_class // {}] | map(keys) | add | unique)[] as $c
        | [$c, ($i.xvrrp.per_class[$c].outage_ms.max // "-"), ($i.keepalived.per_class[$c].outage_ms.max // "-"),
           ($i.xvrrp.per_class[$c].two_responders_ms.total // "-"), ($i.keepalived.per_class[$c].two_responders_ms.total // "-"),
           ($i.xvrrp.per_class[$c].none_ms.total // "-"), ($i.keepalived.per_class[$c].none_ms.total // "-")] | @tsv' "$(cat "$1")"
    bench_plot "$2" 1100 900 <<EOF
set multiplot layout 3,1 title "chaos soak, seed $seed, $minutes min per implementation"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -20 scale 0
set datafile missing "-"
set key top left
set ylabel "worst outage (ms)"
plot "$tsv" using 2:xtic(1) title "xvrrp" lc rgb "#1f77b4", "" using 3 title "keepalived" lc rgb "#ff7f0e"
set ylabel "two responders, total (ms)"
plot "$tsv" using 4:xtic(1) title "xvrrp" lc rgb "#1f77b4", "" using 5 title "keepalived" lc rgb "#ff7f0e"
set ylabel "no ARP answer, total (ms)"
plot "$tsv" using 6:xtic(1) title "xvrrp" lc rgb "#1f77b4", "" using 7 title "keepalived" lc rgb "#ff7f0e"
unset multiplot
EOF
}

# chaos_merge XVRRP_PART KEEPALIVED_PART: RESULTS/chaos.json and chaos.png
# from the two implementations' results (a missing file is null).
chaos_merge() {
    local body
    body=$(jq -n --arg seed "$seed" --arg minutes "$minutes" --arg adv "$advert_int" \
        --slurpfile x <(cat "$1" 2>/dev/null || echo null) \
        --slurpfile k <(cat "$2" 2>/dev/null || echo null) \
        --argjson method "$(jq -n -f "$here/method.jq")" '
        def worse(a; b): if a == null or b == null then null else a > b end;
        {parameters: {seed: ($seed | tonumber), minutes: ($minutes | tonumber),
                      advert_int_s: ($adv | tonumber), routers: {r1: 200, r2: 150, r3: 100},
                      vrid: 10, vips: ["192.0.2.254/24 (probed)", "192.0.2.253/24"],
                      ping_interval_ms: 1, arp_interval_ms: 10},
         method: $method,
         implementations: {xvrrp: $x[0], keepalived: $k[0]},
         xvrrp_worse_than_keepalived: (if $x[0] == null or $k[0] == null then null else
            [$x[0].per_class | to_entries[] | .key as $c | ($k[0].per_class[$c]) as $kc
             | select($kc != null)
             | {class: $c,
                worst_outage: worse(.value.outage_ms.max; $kc.outage_ms.max),
                two_responders: worse(.value.two_responders_ms.total; $kc.two_responders_ms.total),
                worst_from_last_advert: worse(.value.outage_from_last_advert_ms.max;
                                              $kc.outage_from_last_advert_ms.max)}
             | select(.worst_outage or .two_responders)] end)}')
    bench_write_results chaos "$body"
    chaos_plot "$BENCH_RESULTS/chaos.json" "$BENCH_RESULTS/chaos.png"
}

if [[ -n $merge ]]; then
    lab_init chaos
    chaos_merge "${merge%,*}" "${merge#*,}"
    exit 0
fi

if [[ $impl == both ]]; then
    LAB_TIMEOUT=$(awk -v m="$minutes" 'BEGIN { printf "%d", m * 60 * 2 * 2 + 1800 }')
    lab_init chaos
    for i in xvrrp keepalived; do
        info "=== $i: $minutes min, seed $seed"
        "$0" --impl "$i" --minutes "$minutes" --seed "$seed" --advert-int "$advert_int" \
            --results "$BENCH_RESULTS" --part "$LAB_TMP/$i.json" ||
            info "$i run failed (exit $?): its entry is null"
    done
    # The parts stay beside the results: a failed merge must not lose a run.
    cp "$LAB_TMP"/xvrrp.json "$BENCH_RESULTS/chaos_xvrrp.json" 2>/dev/null || true
    cp "$LAB_TMP"/keepalived.json "$BENCH_RESULTS/chaos_keepalived.json" 2>/dev/null || true
    chaos_merge "$LAB_TMP/xvrrp.json" "$LAB_TMP/keepalived.json"
    exit 0
fi

# ------------------------------------------------------------------ one implementation

[[ $impl == xvrrp || $impl == keepalived ]] || { echo "$0: --impl xvrrp|keepalived|both" >&2 && exit 2; }
part=${part:-$BENCH_RESULTS/chaos_$impl.json}
LAB_TIMEOUT=$(awk -v m="$minutes" 'BEGIN { printf "%d", m * 60 * 2 + 900 }')
export LAB_ROUTERS=3 LAB_TIMEOUT
export BENCH_KA_GLOBAL_EXTRA=dynamic_interfaces
why=$("impl_${impl}_available") || fail "$impl cannot run here: $why"
lab_init "chaos$impl"
lab_up
lab_require_probe
bench_require_tool arp_flood xvrrp-arpflood
FLOOD=$(bench_tool arp_flood xvrrp-arpflood)
# shellcheck source=faults.bash
source "$here/faults.bash"

NODES=(r1 r2 r3)
declare -A PRIO=([r1]=200 [r2]=150 [r3]=100)
BASE_VIPS="192.0.2.254/24 192.0.2.253/24"
sched=$LAB_TMP/schedule.tsv
# CHAOS_SCHEDULE=FILE replays a schedule of schedule.py's format (e.g. the
# faults of one class from a soak, to look at one behaviour with LAB_KEEP=1).
if [[ -n ${CHAOS_SCHEDULE:-} ]]; then
    cp "$CHAOS_SCHEDULE" "$sched"
else
    python3 "$here/schedule.py" --seed "$seed" --minutes "$minutes" >"$sched"
fi
pins_before=$(find /sys/fs/bpf -maxdepth 1 -name 'xvrrp*' 2>/dev/null | wc -l)

for n in "${NODES[@]}"; do
    write_conf "$n" "${PRIO[$n]}" "$BASE_VIPS"
    node_start "$n"
done
wait_until 10 master_is r1 || fail "r1 did not become MASTER: $(states)"
info "$impl $("impl_${impl}_version"): $(states); $(wc -l <"$sched") faults, seed $seed"

# The client's probes run SCHED_FIFO: on a shared machine a stalled prober
# would send its backlog in one burst and count the stall as the routers'.
printf '#!/bin/sh\nexec chrt -f 20 %q "$@"\n' "$(probe_bin)" >"$LAB_TMP/probe-rt"
chmod +x "$LAB_TMP/probe-rt"
export XVRRP_PROBE=$LAB_TMP/probe-rt
probe_ms=$(awk -v m="$minutes" 'BEGIN { printf "%d", (m * 60 * 3 + 300) * 1000 }')
probe_start "$NS_C" "$VIP" "$probe_ms" "$LAB_TMP/ping.timeline"
ping_t0=$(date -r "$LAB_TMP/probe.ready" +%s%3N)
start_bg arp-probe "$NS_C" chrt -f 20 python3 "$here/arp_probe.py" --iface eth0 --target "$VIP" \
    --out "$LAB_TMP/arp.log"
ARP_PID=$LAB_LAST_PID
# Every advert the client sees, timestamped: how far into the master's advert
# cycle each fault came (analyze.py: outage_from_last_advert_ms).
start_bg adverts "$NS_C" tcpdump -i eth0 -n -tt -l -Q in 'ip proto 112'
ADV_PID=$LAB_LAST_PID
sleep 2

: >"$LAB_TMP/faults.tsv"
: >"$LAB_TMP/load.tsv"
t_run0=$(date +%s%3N)
while IFS=$'\t' read -r idx cls node dur gap param; do
    check_alive
    echo "$(date +%s) $(cut -d' ' -f1 /proc/loadavg)" >>"$LAB_TMP/load.tsv"
    t0=$(date +%s%3N)
    # Not in $(...): run_fault changes this shell's record of the nodes.
    run_fault "$cls" "$node" "$dur" "$param" >"$LAB_TMP/note" 2>>"$LAB_TMP/faults.err" ||
        echo "fault failed (exit $?)" >>"$LAB_TMP/note"
    note=$(tr '\n' ' ' <"$LAB_TMP/note")
    note=${note% }
    t1=$(date +%s%3N)
    sleep_ms "$gap"
    check_alive
    healthy=1
    if ! wait_until 5 lab_healthy; then
        healthy=0
        info "#$idx $cls $node: not recovered after the gap: $(states); restarting $node"
        node_restart "$node"
        wait_until 10 lab_healthy || info "#$idx: still not healthy: $(states)"
    fi
    t2=$(date +%s%3N)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$idx" "$cls" "$node" "$dur" "$gap" "$param" \
        "$t0" "$t1" "$t2" "$healthy" "${note:--}" >>"$LAB_TMP/faults.tsv"
    ((idx % 10)) || info "#$idx $cls $node ${dur}ms ($param): $(states)"
done <"$sched"
wall_s=$((($(date +%s%3N) - t_run0) / 1000))

probe_stop >/dev/null
kill -TERM "$ARP_PID" 2>/dev/null || true
wait_pid_gone "$ARP_PID" 5 || fail "arp_probe.py did not stop"
kill -TERM "$ADV_PID" 2>/dev/null || true
wait_pid_gone "$ADV_PID" 5 || fail "tcpdump did not stop"
check_alive
end_checks=$(finish_and_count_leftovers)

python3 "$here/analyze.py" --faults "$LAB_TMP/faults.tsv" --ping "$LAB_TMP/ping.timeline" \
    --ping-t0-ms "$ping_t0" --arp "$LAB_TMP/arp.log" --adverts "$LAB_TMP/adverts.log" >"$LAB_TMP/analysis.json" || fail "analyze.py failed"
mkdir -p "$(dirname "$part")"
jq -n --arg impl "$impl" --arg v "$("impl_${impl}_version")" --slurpfile a "$LAB_TMP/analysis.json" \
    --argjson endc "$end_checks" --argjson probe "$(cat "$LAB_TMP/probe.json")" \
    --arg wall "$wall_s" --arg l0 "$BENCH_LOAD_START" --arg l1 "$(cut -d' ' -f1-3 /proc/loadavg)" \
    --arg crashes "$CRASHES" --arg restarts "$HARNESS_RESTARTS" --rawfile cl "$LAB_TMP/crashes.txt" \
    --arg load "$(awk '{ s += $2; if ($2 > m) m = $2; n++ } END { printf "{\"mean\":%.2f,\"max\":%.2f,\"samples\":%d}", s / n, m, n }' "$LAB_TMP/load.tsv")" \
    '{implementation: $impl, version: $v, wall_s: ($wall | tonumber),
      loadavg: {start: $l0, end: $l1, one_minute_during_run: ($load | fromjson)},
      controller_crashes: (($crashes | tonumber) + $endc.keepalived_child_respawns_logged), crash_details: ($cl | split("\n") | map(select(. != ""))),
      harness_restarts_after_unrecovered: ($restarts | tonumber),
      ping_whole_run: $probe} + $a[0] + {end_checks: $endc}' >"$part"
cp "$LAB_TMP/faults.tsv" "${part%.json}.faults.tsv"
info "wrote $part: $(jq -c '{crashes: .controller_crashes, end_checks, unrecovered: .totals.unrecovered}' "$part")"
