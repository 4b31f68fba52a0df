#!/usr/bin/env bash
# Hog bench (#13 item 2): are the master's adverts on time when every CPU is
# busy? N VRRPv3 instances at 10 ms adverts (bench/scale's lab: master r1 at
# priority 150, backup r2 at 100, both the same implementation), settled,
# then two windows of --duration s each:
#   idle  nothing else started by the bench
#   hog   one busy loop per CPU, pinned to it (taskset), at nice 0 in the
#         fair class, started in r1's namespace by the bench and killed by
#         PID after the window (each also under `timeout`)
# In each window: the largest gap between two adverts of one VRID as they
# reach the backup (xvrrp-advert-counter on the bridge port facing r2, as in
# bench/scale), adverts per VRID per second, and the state changes of each
# side (a change on r2 is a backup taking over: the target is none). Two
# anchors in the same window tell whose a gap is: the same counter on r1's
# own bond1 (the gap as r1 transmits: a gap only at r2's port is the lab's
# forwarding) and cyclictest, a real-time thread per CPU at the loop's
# priority waking every 1 ms (a stall it sees too is the machine's: on a
# VM, a vCPU the host did not run).
#
#   bench/hog/run.sh [--quick] [--count 255] [--duration S]
#                    [--variants "xvrrp xvrrp-fair keepalived keepalived-rt"]
#                    [--results DIR] [--build DIR]
#
# Variants: xvrrp (its default: the event loop at SCHED_RR 1), xvrrp-fair
# (`attach --rt-priority 0`: the loop in the fair class, with its 0.1 ms
# slice), keepalived (its default: no real-time class), keepalived-rt
# (global_defs vrrp_rt_priority 1: the line an operator adds for this, at
# the priority xvrrp uses, with keepalived's default RLIMIT_RTTIME).
# Results: RESULTS/hog.json and RESULTS/hog.png.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/common.bash"
bench_args "$@"
count=255 duration=$(bench_pick 10 30) settle_max=60
variants="xvrrp xvrrp-fair keepalived keepalived-rt"
set -- "${BENCH_ARGS[@]}"
while (($#)); do
    case $1 in
        --count) count=$2 ;;
        --duration) duration=$2 ;;
        --variants) variants=$2 ;;
        *) echo "usage: $0 [--quick] [--count N] [--duration S] [--variants \"...\"] [--results DIR] [--build DIR]" >&2 && exit 2 ;;
    esac
    shift 2
done
bench_require_root
export LAB_TIMEOUT=$((300 + $(wc -w <<<"$variants") * (2 * duration + settle_max + 60)))
lab_init hog
lab_up
lab_add_subnets
bench_require_tool lib xvrrp-advert-counter
COUNTER=$(bench_tool lib xvrrp-advert-counter)
NCPU=$(nproc)

# variant_env VARIANT: the implementation it runs; sets its options.
variant_env() {
    BENCH_XVRRP_ARGS="" BENCH_KA_GLOBAL_EXTRA=""
    case $1 in
        xvrrp) echo xvrrp ;;
        xvrrp-fair) BENCH_XVRRP_ARGS="--rt-priority 0" && echo xvrrp ;;
        keepalived) echo keepalived ;;
        keepalived-rt) BENCH_KA_GLOBAL_EXTRA="vrrp_rt_priority 1" && echo keepalived ;;
        *) fail "unknown variant $1" ;;
    esac
    export BENCH_XVRRP_ARGS BENCH_KA_GLOBAL_EXTRA
}

HOG_PIDS=()
hogs_start() {
    local c
    HOG_PIDS=()
    for ((c = 0; c < NCPU; c++)); do
        start_bg "hog$c" "$NS_R1" timeout $((duration + 10)) taskset -c "$c" \
            bash -c 'while :; do :; done'
        HOG_PIDS+=("$LAB_LAST_PID")
    done
}
hogs_stop() {
    local p
    for p in "${HOG_PIDS[@]}"; do
        kill -TERM "$p" 2>/dev/null || true
    done
    for p in "${HOG_PIDS[@]}"; do
        wait_pid_gone "$p" 5 || kill -KILL "$p" 2>/dev/null || true
    done
    HOG_PIDS=()
}

# counter_start NAME NS IFACE: xvrrp-advert-counter over one window on IFACE
# in NS (adverts from r1 only; output in $LAB_TMP/NAME.log), started and
# listening; its PID is LAB_LAST_PID.
counter_start() {
    local ready=$LAB_TMP/$1.ready
    rm -f "$ready"
    start_bg "$1" "$2" "$COUNTER" --iface "$3" --duration-ms $((duration * 1000)) \
        --vrids "$count" --interval-ms 10 --src "$R1_IP" --ready-file "$ready"
    wait_until 5 test -s "$ready" || fail "xvrrp-advert-counter on $3 did not start"
}

# window IMPL HOG: one counted window; prints its JSON.
window() {
    local impl=$1 hog=$2 pid pid_tx ch0 ch1 h0 h1 s1 s2
    ((hog)) && hogs_start
    counter_start counter "$NS_SW" p-r2
    pid=$LAB_LAST_PID
    # The same adverts where r1 hands them to its device (a packet tap sees
    # an outgoing frame in the sender's own transmit call, stamped there):
    # a gap here is r1's (its loop or its send), a gap only at p-r2 is the
    # lab's forwarding (veth, bridge) under the hog.
    counter_start counter-tx "$NS_R1" bond1
    pid_tx=$LAB_LAST_PID
    # The machine's own floor over the same window: how late a real-time
    # thread at the loop's priority wakes from a 1 ms sleep on each CPU. A
    # stall that it sees too is the machine's (a vCPU not running), not the
    # sender's.
    local pid_ct="" ct=$LAB_TMP/cyclictest.json
    rm -f "$ct"
    if command -v cyclictest >/dev/null; then
        start_bg cyclictest "$NS_R1" timeout $((duration + 10)) cyclictest --mlockall --priority=1 \
            --policy=rr --interval=1000 --threads="$NCPU" --affinity=0-$((NCPU - 1)) \
            --duration="$duration" --quiet --json="$ct"
        pid_ct=$LAB_LAST_PID
    fi
    ch0=$(pair_changes "$impl" "$impl")
    h0=$(cpu_stat_snapshot)
    wait_pid_gone "$pid" $((duration + 10)) || fail "xvrrp-advert-counter did not finish"
    wait_pid_gone "$pid_tx" 10 || fail "xvrrp-advert-counter (r1 bond1) did not finish"
    [[ -z $pid_ct ]] || wait_pid_gone "$pid_ct" 10 || fail "cyclictest did not finish"
    h1=$(cpu_stat_snapshot)
    ch1=$(pair_changes "$impl" "$impl")
    ((hog)) && hogs_stop
    s1=$("impl_${impl}_summary" r1)
    s2=$("impl_${impl}_summary" r2)
    jq -n -c --argjson s1 "$s1" --argjson adverts "$(bench_tool_json "$LAB_TMP/counter.log")" \
        --argjson tx "$(bench_tool_json "$LAB_TMP/counter-tx.log")" \
        --argjson ct "$(jq -c '[.thread[] | {cpu, max_us: .max}]' "$ct" 2>/dev/null || echo null)" --arg ch0 "$ch0" \
        --arg ch1 "$ch1" --argjson host "$(cpu_stat_json "$h0" "$h1")" --argjson s2 "$s2" \
        --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" --argjson hogs "$((hog ? NCPU : 0))" '
        def over20: [.vrids[] | select(.max_gap_ms > 20)] | length;
        def delta(i): (($ch1 | split(" ")[i]) | tonumber? // null) as $b
                      | (($ch0 | split(" ")[i]) | tonumber? // null) as $a
                      | if $a == null or $b == null then null else $b - $a end;
        {hogs: $hogs, loadavg_after: $load, host_cpu: $host,
         adverts_from_r1: $adverts.adverts, r1_master_after: $s1.master,
         max_gap_ms: $adverts.max_gap_ms.max, gap_ms: $adverts.max_gap_ms,
         per_vrid_per_s: $adverts.per_vrid_per_s, drops: $adverts.drops,
         vrids_over_20ms: ($adverts | over20),
         machine_rt_wake_latency: $ct,
         at_sender: {max_gap_ms: $tx.max_gap_ms.max, adverts: $tx.adverts, drops: $tx.drops,
                     vrids_over_20ms: ($tx | over20)},
         changes: {r1: delta(0), r2: delta(1)}, r2_master_after: $s2.master}'
}

# run_variant VARIANT: start the pair, settle, idle and hog windows; JSON.
run_variant() {
    local v=$1 impl b1=$LAB_TMP/body-r1.conf b2=$LAB_TMP/body-r2.conf c1 c2 settle idle hog
    impl=$(variant_env "$v")
    variant_env "$v" >/dev/null
    vrrp_instances "$b1" "$count" 150
    vrrp_instances "$b2" "$count" 100
    c1=$("impl_${impl}_conf" r1 "$b1")
    c2=$("impl_${impl}_conf" r2 "$b2")
    info "$v: starting both ($count instances)"
    pair_start "$impl" "$c1" "$impl" "$c2"
    settle=$(pair_wait_settled "$impl" "$impl" "$count" 3 "$settle_max" "$LAB_TMP/startup-$v.txt")
    info "$v: startup $(jq -c '{settled, settle_s}' <<<"$settle")"
    idle=$(window "$impl" 0)
    info "$v: idle: $(jq -c '{max_gap_ms, over20: .vrids_over_20ms, at_sender, machine_rt_wake_latency, changes}' <<<"$idle")"
    hog=$(window "$impl" 1)
    info "$v: hog on $NCPU CPUs: $(jq -c '{max_gap_ms, over20: .vrids_over_20ms, at_sender, machine_rt_wake_latency, changes, r2_master_after}' <<<"$hog")"
    pair_stop "$impl" "$impl"
    jq -n -c --arg impl "$impl" --arg ver "$("impl_${impl}_version")" --arg xa "$BENCH_XVRRP_ARGS" \
        --arg ka "$BENCH_KA_GLOBAL_EXTRA" --argjson settle "$settle" --argjson idle "$idle" --argjson hog "$hog" \
        '{impl: $impl, version: $ver, xvrrp_args: $xa, keepalived_global_defs: $ka,
          startup: ($settle | {settled, settle_s}), idle: $idle, hog: $hog}'
}

runs='{}' notes='[]'
for v in $variants; do
    impl=$(variant_env "$v")
    impl_unavailable "$impl" "$v" runs notes && continue
    json_set runs ".[\"$v\"]" "$(run_variant "$v")"
done

body=$(jq -n -c --argjson runs "$runs" --argjson notes "$notes" --arg n "$count" --arg d "$duration" \
    --arg cpus "$NCPU" '{
    parameters: {instances: ($n | tonumber), advert_interval_ms: 10, version: 3,
                 window_s: ($d | tonumber), hogs: ($cpus | tonumber), priorities: {r1: 150, r2: 100}},
    target: {max_gap_ms: 20, r2_changes: 0, note: "#13 item 2: with a CPU hog on every core, the largest advert gap at 255 x 10 ms stays <= 20 ms and no backup instance takes over"},
    method: {
      lab: "bench/scale lab: r1, r2 and a client on a Linux bridge; the same implementation on both sides",
      hog: "one `bash -c \"while :; do :; done\"` per CPU, taskset to that CPU, nice 0, SCHED_OTHER, started in r1 namespace by the bench for the hog window only, killed by PID (and bounded by timeout)",
      adverts: "xvrrp-advert-counter on the bridge port facing r2 (TPACKET_V3, adverts from r1 only): max_gap_ms is the largest gap between two adverts of one VRID over the window, vrids_over_20ms how many VRIDs had one",
      machine_rt_wake_latency: "cyclictest (rt-tests) over the same window: one thread per CPU, pinned, SCHED_RR 1 (the loop priority), 1 ms sleeps; max_us is its largest wake-up latency: what any real-time thread on that CPU could not avoid (null: cyclictest missing)",
      at_sender: "a second counter on bond1 inside r1 (a packet tap, stamped in the transmit call of r1): the same gaps as r1 sends them; a gap at p-r2 but not here is the lab forwarding under the hog, not the sender",
      changes: "state changes per side during the window (xvrrp status transitions, keepalived notify FIFO); any on r2 is a backup taking over",
      variants: "xvrrp: default (event loop SCHED_RR 1, RLIMIT_RTTIME 100 ms, memory locked); xvrrp-fair: --rt-priority 0 (fair class, 0.1 ms slice); keepalived: its default (no RT); keepalived-rt: global_defs vrrp_rt_priority 1 (its RLIMIT_RTTIME default)"},
    runs: $runs, notes: $notes}')
bench_write_results hog "$body"

plot_tsv "$LAB_TMP/hog.tsv" '.runs | to_entries[] | select(.value != null)
    | [.key, .value.idle.max_gap_ms, .value.hog.max_gap_ms, .value.hog.changes.r2] | @tsv' "$body"
bench_plot "$BENCH_RESULTS/hog.png" 900 480 <<EOF
set title "largest advert gap, $count instances x 10 ms, ${duration} s windows ($(date -u +%F)$( ((BENCH_QUICK)) && echo ', quick/noisy'))"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set ylabel "ms (log)"
set logscale y
set yrange [1:*]
set datafile missing "-"
set arrow from graph 0, first 20 to graph 1, first 20 nohead lw 2 dt 2 lc rgb "red"
set label "target 20 ms" at graph 0.01, first 24 tc rgb "red"
plot "$LAB_TMP/hog.tsv" using 2:xtic(1) title "idle", "" using 3 title "hog on every CPU"
EOF
jq -r '.runs | to_entries[] | select(.value != null) | "\(.key)\tidle max gap \(.value.idle.max_gap_ms) ms\thog max gap \(.value.hog.max_gap_ms) ms (\(.value.hog.vrids_over_20ms) VRIDs > 20 ms; at r1 \(.value.hog.at_sender.max_gap_ms) ms; cyclictest max \([.value.hog.machine_rt_wake_latency[]?.max_us] | max // "-") us)\thog changes r1 \(.value.hog.changes.r1) r2 \(.value.hog.changes.r2)\tdrops \(.value.hog.drops)"' \
    "$BENCH_RESULTS/hog.json"
