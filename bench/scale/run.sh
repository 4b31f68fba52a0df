#!/usr/bin/env bash
# Scale bench: N VRRPv3 instances at 10 ms adverts on one interface, master
# on r1 (priority 150), backup on r2 (priority 100): what it costs and how
# steady it is.
#
#   bench/scale/run.sh [--quick] [--counts "50 200 255"] [--duration S]
#                      [--pairs "keepalived:keepalived keepalived:xvrrp xvrrp:xvrrp"]
#                      [--settle-max S] [--results DIR] [--build DIR]
#                      [--profile] [--startup-delay S]
#
# A pair is MASTER_IMPL:BACKUP_IMPL; both read the same instance blocks in
# keepalived syntax (bench/lib/vrrp_conf.bash: VRIDs 1..N, one VIP each,
# /24s of 192.0.2, 198.51.100 and 203.0.113), each with its own global_defs.
# Per pair and N:
#   startup  both sides started at the same moment (state BACKUP, the
#            election decides); state changes per side until r1 holds N
#            MASTERs, r2 N BACKUPs and nothing moved for 3 s (or --settle-max)
#   steady   then for --duration s (30; 10 with --quick): CPU seconds of each
#            controller (utime+stime of its process tree), adverts per VRID
#            per second and the largest gap between two adverts of one VRID,
#            counted by xvrrp-advert-counter on the switch port facing r2
#            (what reaches the backup; on r2 itself an XDP program may drop
#            adverts before any capture sees them; the counter's kernel drop
#            count is reported and must be 0), and state changes in the window.
#   join     then r2 alone is restarted while r1 holds every instance: a
#            backup joining a settled master should never enter MASTER
#            (changes and master_entries on r2 are all spurious)
# floor    per N, also the bare sender (xvrrp-advert-sender: the same frames on
#          the same schedule from r1, nothing else) against an xvrrp backup:
#          the CPU any master pays on this lab just to put the adverts on the
#          wire (veth, bridge, capture tap and the backup's XDP run in the
#          sender's context). Skipped without xvrrp.
# --startup-delay S: both implementations get `vrrp_startup_delay S` in
# global_defs (keepalived's keyword): the startup is then counted with it.
# --profile: also samples the master's process tree with perf (cpu-clock,
# kernel and user stacks) over each steady window and writes the hottest
# symbols to RESULTS/scale_profile_MASTERIMPL_N.txt (the evidence for where
# the master's CPU goes).
# Results: RESULTS/scale.json and RESULTS/scale.png. A pair whose
# implementation is not available is null with the reason. Exits non-zero
# when a pair that ran could not be measured.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/common.bash"
bench_args "$@"
counts="50 200 255" duration=$(bench_pick 10 30) settle_max=$(bench_pick 30 60)
pairs="keepalived:keepalived keepalived:xvrrp xvrrp:xvrrp" profile=0
set -- "${BENCH_ARGS[@]}"
while (($#)); do
    case $1 in
        --profile) profile=1 && shift && continue ;;
        --counts) counts=$2 ;;
        --duration) duration=$2 ;;
        --pairs) pairs=$2 ;;
        --settle-max) settle_max=$2 ;;
        --startup-delay) export BENCH_STARTUP_DELAY=$2 ;;
        *) echo "usage: $0 [--quick] [--counts \"50 200 255\"] [--duration S] [--pairs \"M:B ...\"] [--settle-max S] [--results DIR] [--build DIR] [--profile] [--startup-delay S]" >&2 && exit 2 ;;
    esac
    shift 2
done
bench_require_root
npairs=$(wc -w <<<"$pairs") ncounts=$(wc -w <<<"$counts")
export LAB_TIMEOUT=$((300 + npairs * ncounts * (duration + settle_max + 40)))
lab_init scale
lab_up
lab_add_subnets
bench_require_tool lib xvrrp-advert-counter
COUNTER=$(bench_tool lib xvrrp-advert-counter)
QUIET_S=3

# steady IMPL1 IMPL2 N: the steady-state window; prints its JSON.
steady() {
    local i1=$1 i2=$2 n=$3 ready=$LAB_TMP/counter.ready pid
    local p1 p2 a1 a2 b1 b2 h0 h1 ch0 ch1 wall
    p1=$("impl_${i1}_pids" r1)
    p2=$("impl_${i2}_pids" r2)
    rm -f "$ready"
    start_bg counter "$NS_SW" "$COUNTER" --iface p-r2 --duration-ms $((duration * 1000)) \
        --vrids "$n" --interval-ms 10 --src "$R1_IP" --ready-file "$ready"
    pid=$LAB_LAST_PID
    wait_until 5 test -s "$ready" || fail "xvrrp-advert-counter did not start"
    local perf_pid=""
    if ((profile)); then
        # shellcheck disable=SC2086 # PID list
        perf record -q -e cpu-clock -g -o "$LAB_TMP/perf-$i1-$n.data" \
            -p "$(cpu_descendants $p1 | paste -sd,)" -- sleep "$duration" >/dev/null 2>&1 &
        perf_pid=$!
    fi
    # shellcheck disable=SC2086 # PID lists
    {
        a1=$(cpu_tree_split $p1) a2=$(cpu_tree_split $p2)
    }
    h0=$(cpu_stat_snapshot)
    ch0=$(pair_changes "$i1" "$i2")
    wait_pid_gone "$pid" $((duration + 10)) || fail "xvrrp-advert-counter did not finish"
    if [[ -n $perf_pid ]]; then
        wait "$perf_pid" || true
        perf report -q -i "$LAB_TMP/perf-$i1-$n.data" --stdio --no-children --sort sym \
            --percent-limit 0.5 -g none 2>/dev/null | sed '/^$/d' | head -n 60 \
            >"$BENCH_RESULTS/scale_profile_${i1}_$n.txt" || true
    fi
    # shellcheck disable=SC2086
    {
        b1=$(cpu_tree_split $p1) b2=$(cpu_tree_split $p2)
    }
    h1=$(cpu_stat_snapshot)
    ch1=$(pair_changes "$i1" "$i2")
    wall=$(awk -v a="${h0%% *}" -v b="${h1%% *}" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    jq -n -c --argjson adverts "$(bench_tool_json "$LAB_TMP/counter.log")" \
        --argjson c1 "$(cpu_proc_json "$a1" "$b1" "$wall")" --argjson c2 "$(cpu_proc_json "$a2" "$b2" "$wall")" \
        --argjson host "$(cpu_stat_json "$h0" "$h1")" --arg ch0 "$ch0" --arg ch1 "$ch1" --arg wall "$wall" '
        def delta(i): (($ch1 | split(" ")[i]) | tonumber? // null) as $b
                      | (($ch0 | split(" ")[i]) | tonumber? // null) as $a
                      | if $a == null or $b == null then null else $b - $a end;
        {wall_s: ($wall | tonumber),
         cpu: {r1: $c1, r2: $c2}, host_cpu: $host,
         changes: {r1: delta(0), r2: delta(1)},
         adverts: ($adverts | del(.vrids)),
         capture_ok: ($adverts.drops == 0),
         per_vrid: [$adverts.vrids[] | {vrid, per_s, max_gap_ms}]}'
}

# join_backup IMPL1 IMPL2 N CONF2: restart the backup alone while r1 holds
# every instance: any entry into MASTER on r2 is spurious. Prints JSON.
join_backup() {
    local i1=$1 i2=$2 n=$3 c2=$4 settle s2
    "impl_${i2}_stop" r2
    "impl_${i2}_reset" r2
    BENCH_PAIR_T0_MS=$(date +%s%3N)
    "impl_${i2}_start" r2 "$NS_R2" "$c2"
    settle=$(pair_wait_settled "$i1" "$i2" "$n" "$QUIET_S" "$settle_max" "$LAB_TMP/join-$i1-$i2-$n.txt")
    s2=$("impl_${i2}_summary" r2)
    jq -n -c --argjson s "$settle" --argjson s2 "$s2" \
        '$s + {r2: ($s2 | {instances, master, backup, changes, master_entries})}'
}

# run_one IMPL1 IMPL2 N: start, settle, steady window, stop; prints JSON.
run_one() {
    local i1=$1 i2=$2 n=$3 b1=$LAB_TMP/body-$3-r1.conf b2=$LAB_TMP/body-$3-r2.conf c1 c2
    local settle s1 s2 window timeline=$LAB_TMP/startup-$1-$2-$3.txt
    vrrp_instances "$b1" "$n" 150
    vrrp_instances "$b2" "$n" 100
    c1=$("impl_${i1}_conf" r1 "$b1")
    c2=$("impl_${i2}_conf" r2 "$b2")
    info "$i1:$i2 N=$n: starting both"
    pair_start "$i1" "$c1" "$i2" "$c2"
    settle=$(pair_wait_settled "$i1" "$i2" "$n" "$QUIET_S" "$settle_max" "$timeline")
    s1=$("impl_${i1}_summary" r1)
    s2=$("impl_${i2}_summary" r2)
    info "$i1:$i2 N=$n: startup $(jq -c . <<<"$settle"); r1 $(jq -c 'del(.last_change_unix_ms)' <<<"$s1"); r2 $(jq -c 'del(.last_change_unix_ms)' <<<"$s2")"
    window=$(steady "$i1" "$i2" "$n")
    info "$i1:$i2 N=$n: steady: $(jq -c '{cpu: {r1: .cpu.r1.cores, r2: .cpu.r2.cores}, per_vrid: .adverts.per_vrid_per_s.median, max_gap_ms: .adverts.max_gap_ms.max, drops: .adverts.drops, changes}' <<<"$window")"
    join=$(join_backup "$i1" "$i2" "$n" "$c2")
    info "$i1:$i2 N=$n: backup joining a settled master: $(jq -c . <<<"$join")"
    pair_stop "$i1" "$i2"
    jq -n -c --argjson settle "$settle" --argjson s1 "$s1" --argjson s2 "$s2" --argjson w "$window" \
        --argjson join "$join" \
        --argjson quiet "$QUIET_S" --argjson max "$settle_max" --arg tl "$(cat "$timeline")" '
        {instances: ($s1.instances),
         startup: ($settle + {quiet_s: $quiet, max_s: $max, r1: $s1, r2: $s2,
                   timeline: [$tl | split("\n")[] | select(length > 0) | split(" ")
                              | {ms: (.[0] | tonumber), r1: (.[1] | tonumber? // null), r2: (.[2] | tonumber? // null)}]}),
         steady: $w,
         backup_join: $join}'
}

# The bare sender as a pseudo-implementation, for steady().
SENDER_PID=""
impl_sender_pids() { echo "$SENDER_PID"; }
impl_sender_summary() { echo null; }

# floor N [BYPASS]: the bare sender on r1 against an xvrrp backup on r2, one
# steady window; BYPASS 1: its socket with PACKET_QDISC_BYPASS (the floor as
# low as a packet socket goes). Prints JSON.
floor() {
    local n=$1 bypass=${2:-0} b2=$LAB_TMP/body-$1-r2.conf c2 window
    vrrp_instances "$b2" "$n" 100
    c2=$(impl_xvrrp_conf r2 "$b2")
    impl_xvrrp_reset r2
    start_bg sender "$NS_R1" "$SENDER" --iface "$LAB_IF" --src "$R1_IP" --vrids "$n" \
        --priority 150 --interval-ms 10 --duration-ms $(((duration + 15) * 1000)) --qdisc-bypass "$bypass"
    SENDER_PID=$LAB_LAST_PID
    impl_xvrrp_start r2 "$NS_R2" "$c2"
    sleep "$QUIET_S"
    window=$(steady sender xvrrp "$n")
    impl_xvrrp_stop r2
    impl_xvrrp_reset r2
    kill "$SENDER_PID" 2>/dev/null || true
    wait_pid_gone "$SENDER_PID" 5 || true
    info "floor N=$n (qdisc bypass $bypass): bare sender: $(jq -c '{cpu: .cpu.r1, per_vrid: .adverts.per_vrid_per_s.median, max_gap_ms: .adverts.max_gap_ms.max, r2_changes: .changes.r2}' <<<"$window")"
    echo "$window"
}

runs='{}'
notes='[]'
failed=0
for pair in $pairs; do
    i1=${pair%%:*} i2=${pair##*:}
    if ! impl_defined "$i1" || ! impl_defined "$i2"; then fail "unknown pair $pair"; fi
    why=""
    for i in $i1 $i2; do
        w=$("impl_${i}_available") || why="$why$i: $w; "
    done
    if [[ -n $why ]]; then
        info "$pair: skipped: $why"
        json_set runs ".[\"$pair\"]" null
        notes=$(jq -c --arg n "$pair: ${why%; }" '. + [$n]' <<<"$notes")
        continue
    fi
    entry=$(jq -n -c --arg m "$i1" --arg b "$i2" --arg vm "$("impl_${i1}_version")" --arg vb "$("impl_${i2}_version")" \
        '{master: {impl: $m, version: $vm}, backup: {impl: $b, version: $vb}, by_count: {}}')
    for n in $counts; do
        r=$(run_one "$i1" "$i2" "$n")
        entry=$(jq -c --arg n "$n" --argjson r "$r" '.by_count[$n] = $r' <<<"$entry")
        if ! jq -e '.steady.capture_ok and .steady.adverts.adverts > 0' <<<"$r" >/dev/null; then
            info "$pair N=$n: NOT MEASURED: capture dropped frames or saw no adverts"
            failed=1
        fi
    done
    json_set runs ".[\"$pair\"]" "$entry"
done

floors='{}' floors_bypass='{}'
if impl_xvrrp_available >/dev/null; then
    bench_require_tool scale xvrrp-advert-sender
    SENDER=$(bench_tool scale xvrrp-advert-sender)
    for n in $counts; do
        json_set floors ".[\"$n\"]" "$(floor "$n")"
        json_set floors_bypass ".[\"$n\"]" "$(floor "$n" 1)"
    done
else
    notes=$(jq -c '. + ["floor: not measured (no xvrrp for the backup)"]' <<<"$notes")
fi

body=$(jq -n -c --argjson runs "$runs" --argjson notes "$notes" --arg counts "$counts" \
    --argjson floors "$floors" --argjson floors_bypass "$floors_bypass" --arg sd "${BENCH_STARTUP_DELAY:-}" \
    --arg dur "$duration" --arg smax "$settle_max" --argjson quiet "$QUIET_S" '{
    parameters: {counts: ($counts | split(" ") | map(select(length > 0) | tonumber)), advert_interval_ms: 10,
                 version: 3, steady_duration_s: ($dur | tonumber), settle_quiet_s: $quiet,
                 settle_max_s: ($smax | tonumber), priorities: {r1: 150, r2: 100},
                 vrrp_startup_delay_s: ($sd | if . == "" then null else tonumber end)},
    method: {
      lab: "scripts/lab.sh namespaces; r1, r2 and the client on a Linux bridge, interface bond1; extra addresses in 198.51.100.0/24 and 203.0.113.0/24",
      config: "one keepalived-syntax instance block per VRID (state BACKUP, version 3, advert_int 0.01, one VIP/24), identical for both implementations",
      startup: "both started at once; changes = state changes after each instance first reported a state, summed; master_entries = times an instance entered MASTER (keepalived notify FIFO); settled = r1 all MASTER, r2 all BACKUP, nothing moved for settle_quiet_s; settle_s = time of the last change seen (250 ms polls)",
      backup_join: "after the steady window r2 alone is stopped and started again while r1 holds every instance; r2 changes / master_entries there are spurious",
      cpu: "utime+stime+cutime+cstime of the controller process tree from /proc/PID/stat over the steady window, in cores",
      adverts: "xvrrp-advert-counter on the bridge port facing r2 (p-r2 in the switch namespace: the frames delivered to the backup; r2 bond1 itself would miss what an XDP program drops), TPACKET_V3 ring, BPF filter ip proto 112, adverts from r1 only; drops = the kernel drop count of the capture socket",
      host_cpu: "whole machine /proc/stat over the window: includes every other process on this shared machine"},
    design_anchor: {keepalived_200_instances: {master_cores: 0.80, backup_cores: 0.22,
                    startup_backup_master_entries: [235, 1453], startup_settle_s: [2.6, 14]},
                    xvrrp_target: {master_cores: "< 0.05 (255 instances)", backup_cores: "< 0.01 (255 instances)",
                                   startup: "0 spurious transitions, settled within one Master_Down_Interval"},
                    note: "DESIGN.md, Performance targets"},
    runs: $runs,
    floor: {method: "xvrrp-advert-sender on r1 (the adverts xvrrp sends, one sendmmsg per 10 ms, nothing else) against an xvrrp backup on r2: the CPU any master pays on this lab to put the frames on the wire", by_count: $floors,
            qdisc_bypass: {method: "the same with PACKET_QDISC_BYPASS on the sender socket (no qdisc, no taps on r1)", by_count: $floors_bypass}},
    notes: $notes}')
bench_write_results scale "$body"

# Plot: per pair and node, CPU cores vs N; backup startup master entries; worst gap.
plot_tsv "$LAB_TMP/scale.tsv" '.runs | to_entries[] | select(.value != null) | .key as $p
    | .value.by_count | to_entries[] | [$p, (.key | tonumber), .value.steady.cpu.r1.cores, .value.steady.cpu.r2.cores,
      (.value.startup.r2.master_entries // .value.startup.r2.changes), .value.steady.adverts.max_gap_ms.max,
      .value.startup.settle_s] | @tsv' "$body"
plots_cpu="" plots_start="" plots_gap="" sep=""
for pair in $(cut -f1 "$LAB_TMP/scale.tsv" | sort -u); do
    f=$LAB_TMP/scale-${pair/:/-}.tsv
    awk -F'\t' -v p="$pair" '$1 == p' "$LAB_TMP/scale.tsv" >"$f"
    plots_cpu+="$sep\"$f\" using 2:3 with linespoints lw 2 title \"$pair master (r1)\", \"$f\" using 2:4 with linespoints lw 2 dt 2 title \"$pair backup (r2)\""
    plots_start+="$sep\"$f\" using 2:5 with linespoints lw 2 title \"$pair\""
    plots_gap+="$sep\"$f\" using 2:6 with linespoints lw 2 title \"$pair\""
    sep=", "
done
if [[ -n $plots_cpu ]]; then
    bench_plot "$BENCH_RESULTS/scale.png" 1500 480 <<EOF
set multiplot layout 1,3 title "VRRPv3, 10 ms adverts, N instances on one interface ($(date -u +%F), ${duration} s windows$( ((BENCH_QUICK)) && echo ', quick/noisy'))"
set xlabel "instances"
set xrange [0:270]
set datafile missing "-"
set title "controller CPU (cores)"
set yrange [0:*]
plot $plots_cpu
set title "backup startup: entries into MASTER (changes where unknown)"
plot $plots_start
set title "largest gap between two adverts of one VRID (ms)"
plot $plots_gap
unset multiplot
EOF
fi

jq -r '.runs | to_entries[] | select(.value != null) | .key as $p | .value.by_count | to_entries[]
    | "\($p)\tN=\(.key)\tjoin: r2 changes \(.value.backup_join.r2.changes)\tcpu r1 \(.value.steady.cpu.r1.cores) r2 \(.value.steady.cpu.r2.cores)\tadverts/VRID/s \(.value.steady.adverts.per_vrid_per_s.median | . * 10 | round / 10)\tmax gap \(.value.steady.adverts.max_gap_ms.max | . * 10 | round / 10) ms\tdrops \(.value.steady.adverts.drops)\tstartup r2 master_entries \(.value.startup.r2.master_entries) changes \(.value.startup.r2.changes) settled \(.value.startup.settled) in \(.value.startup.settle_s) s\tsteady changes \(.value.steady.changes)"' \
    "$BENCH_RESULTS/scale.json"
((failed == 0)) || fail "some runs could not be measured (see above)"
