#!/usr/bin/env bash
# Startup bench: two routers with N VRRPv3 instances at 10 ms adverts,
# r1 at priority 150 and r2 at 100, started within 50 ms of each other in
# either order. Every entry into MASTER on r2 (the lower priority) is
# spurious; so is every r1 instance that does not end MASTER.
#
#   bench/startup/run.sh [--quick] [--counts "1 50 255"] [--trials 10]
#                        [--impls "keepalived xvrrp"] [--max-skew-ms 50]
#                        [--settle-max S] [--results DIR] [--build DIR]
#   bench/startup/run.sh --merge "A/startup.json B/startup.json" [--results DIR]
#
# Per implementation (both routers run it), N and order (high-first: r1
# launched, then r2 SKEW ms later; low-first: the other way round), each
# trial launches the two with SKEW = trial's share of --max-skew-ms
# (0, 50/(T-1), ..., 50 ms: the whole range, the same for every cell),
# waits until r1 holds N MASTERs, r2 N BACKUPs and nothing moved for 1 s,
# then counts r2's MASTER entries and state changes and stops both.
# Results: RESULTS/startup.json and RESULTS/startup.png. --merge joins the
# implementations of runs made back to back (e.g. one per implementation,
# to fit a time box), keeping each run's date and load in `parts`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/common.bash"
bench_args "$@"
counts="1 50 255" trials=$(bench_pick 3 10) impls="keepalived xvrrp" max_skew=50
settle_max=20 merge=""
set -- "${BENCH_ARGS[@]}"
while (($#)); do
    case $1 in
        --counts) counts=$2 ;;
        --trials) trials=$2 ;;
        --impls) impls=$2 ;;
        --max-skew-ms) max_skew=$2 ;;
        --settle-max) settle_max=$2 ;;
        --merge) merge=$2 ;;
        *) echo "usage: $0 [--quick] [--counts \"1 50 255\"] [--trials T] [--impls \"keepalived xvrrp\"] [--max-skew-ms MS] [--settle-max S] [--results DIR] [--build DIR]" >&2 && exit 2 ;;
    esac
    shift 2
done
measure() {
    bench_require_root
    nimpls=$(wc -w <<<"$impls") ncounts=$(wc -w <<<"$counts")
    export LAB_TIMEOUT=$((300 + nimpls * ncounts * 2 * trials * (settle_max + 15)))
    lab_init startup
    lab_up
    lab_add_subnets
    QUIET_S=1
    XVRRP_EXE=$(xvrrp_bin)
    declare -gA PIN_ROOT

    # skew_ms TRIAL: the launch skew of trial 1..T, spread evenly over 0..max.
    skew_ms() {
        if ((trials == 1)); then echo "$max_skew"; else echo $(((${1} - 1) * max_skew / (trials - 1))); fi
    }

    # The skew is between the two controllers' own launches. The harness steps
    # around a launch (bpffs mounts, FIFOs, keepalived's notify stamper: tens of
    # forks, hundreds of ms on a loaded machine) are done for both routers
    # first; then one shell (real-time for that moment) forks the two
    # controllers SKEW ms apart (a read with
    # a timeout on an idle FIFO waits without a fork), stamping each launch.
    # prep_IMPL NODE / exec_IMPL NODE NS CONF / ready_IMPL NODE split what
    # impl_IMPL_start does (bench/lib/impl.bash, peers/*.bash) at the launch.
    prep_xvrrp() {
        local dir=$LAB_TMP/xv-$1
        mkdir -p "$dir/run"
        [[ -f $dir/pin-root ]] || mount_bpffs "$1" >"$dir/pin-root"
        PIN_ROOT[$1]=$(cat "$dir/pin-root")
        echo "$2" >"$dir/ns"
    }
    exec_xvrrp() {
        local dir=$LAB_TMP/xv-$1
        # Its log is xv-NODE.log, as with impl_xvrrp_start.
        _launch "xv-$1" "$2" "$XVRRP_EXE" attach bond1 -f "$3" --pin-root "${PIN_ROOT[$1]}" \
            --run-dir "$dir/run" --log-level info
        echo "$LAUNCHED_PID" >"$dir/pid"
    }
    ready_xvrrp() {
        wait_until 10 xvrrp_status "$1" || fail "xvrrp $1: status does not answer after attach"
    }
    prep_keepalived() {
        local node=$1 log=$LAB_TMP/ka-$1-notify.log stamped=$LAB_TMP/ka-$1-stamped.log dir
        dir=$(_ka_dir "$node")
        _ka_stamper_stop "$node"
        rm -f "$log" "$stamped" "$dir"/*.pid "$dir/notify.fifo"
        # shellcheck disable=SC2016 # expanded by the inner shell and perl
        start_bg "ka-$node-stamper" - bash -c \
            'tail -F -n +1 -s 0.02 --pid="$3" "$1" 2>/dev/null |
             perl -MTime::HiRes=time -ne '"'"'BEGIN { $| = 1 } printf "%.6f %s", time, $_'"'"' >"$2"' \
            stamper "$log" "$stamped" "$$"
        echo "$LAB_LAST_PID" >"$LAB_TMP/ka-$node-stamper.pid"
        mkfifo "$dir/notify.fifo"
        start_bg "ka-$node-notify" - cat "$dir/notify.fifo"
    }
    exec_keepalived() {
        local dir=$LAB_TMP/ka-$1
        _launch "ka-$1" "$2" "$KEEPALIVED" -n -l -D -G --vrrp -f "$3" \
            -p "$dir/keepalived.pid" -r "$dir/vrrp.pid" -c "$dir/checkers.pid" -b "$dir/bfd.pid"
    }
    # _launch NAME NS CMD...: start_bg without its bookkeeping (a fork or two
    # each, slow on a loaded machine): only the launch itself sits between the
    # two stamps; launch_pair registers the PIDs (lab cleanup) afterwards.
    _launch() {
        local name=$1 ns=$2
        shift 2
        chrt -o 0 ip netns exec "$ns" "$@" >"$LAB_TMP/$name.log" 2>&1 </dev/null &
        LAUNCHED_PID=$!
        LAUNCHED+=("$LAUNCHED_PID $name")
    }
    ready_keepalived() {
        wait_until 10 test -s "$(_ka_dir "$1")/vrrp.pid" || fail "keepalived $1: VRRP child did not start"
        wait_until 10 _ka_has_state "$1" || fail "keepalived $1: no state reported"
    }

    exec 7<> <(:)  # an idle FIFO: `read -t` on it sleeps in this shell
    # launch_pair IMPL ORDER SKEW C1 C2: launch both, the first SKEW ms before
    # the second; returns when both answer. BENCH_PAIR_T0_MS = the first
    # launch; LAUNCH_SKEW_MS = the measured gap.
    launch_pair() {
        local impl=$1 order=$2 skew=$3 c1=$4 c2=$5 first second cf cs ns_f ns_s a b
        if [[ $order == high-first ]]; then
            first=r1 second=r2 cf=$c1 cs=$c2 ns_f=$NS_R1 ns_s=$NS_R2
        else
            first=r2 second=r1 cf=$c2 cs=$c1 ns_f=$NS_R2 ns_s=$NS_R1
        fi
        "prep_$impl" r1 "$NS_R1"
        "prep_$impl" r2 "$NS_R2"
        LAUNCHED=()
        # On a loaded machine a fork, or the wake-up after the wait, can take
        # 100+ ms at normal priority: the launching shell runs at SCHED_FIFO 1
        # for the two launches; the controllers go back to SCHED_OTHER
        # (`chrt -o 0` in _launch), as they would run anywhere.
        chrt -f -p 1 "$BASHPID" >/dev/null
        local now rest
        # Stamped when each fork has returned (the child exists), in
        # microseconds without a fork of its own.
        "exec_$impl" "$first" "$ns_f" "$cf"
        a=${EPOCHREALTIME/./}
        now=$a
        rest=$((a + skew * 1000 - now))
        if ((rest > 0)); then
            read -r -t "$((rest / 1000000)).$(printf '%06d' $((rest % 1000000)))" -u 7 || true
        fi
        "exec_$impl" "$second" "$ns_s" "$cs"
        b=${EPOCHREALTIME/./}
        chrt -o -p 0 "$BASHPID" >/dev/null
        local p
        for p in "${LAUNCHED[@]}"; do
            _lab_register ${p% *} "${p#* }"
            disown "${p% *}" 2>/dev/null || true
        done
        "ready_$impl" "$first"
        "ready_$impl" "$second"
        BENCH_PAIR_T0_MS=$((a / 1000))
        LAUNCH_SKEW_MS=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f", (b - a) / 1e3 }')
    }

    # entry_times IMPL NODE: the times (ms) its instances entered MASTER, one a
    # line: xvrrp's log (wall clock, ms of the day), keepalived's stamped
    # notify FIFO (unix time).
    entry_times() {
        if [[ $1 == xvrrp ]]; then
            grep -- '-> MASTER' "$LAB_TMP/xv-$2.log" 2>/dev/null |
                awk '{ split($2, t, /[:.]/); print ((t[1] * 60 + t[2]) * 60 + t[3]) * 1000 + t[4] }'
        else
            awk '$2 == "INSTANCE" && $4 == "MASTER" { printf "%.0f\n", $1 * 1000 }' \
                "$LAB_TMP/ka-$2-stamped.log" 2>/dev/null
        fi
    }
    # split_entries IMPL: "AT_STARTUP LATER" for r2. At start-up: before
    # r1's first MASTER + 2 advert intervals (20 ms), when r1's first adverts
    # could not have reached r2 yet: the start-up flaps. Later: r2 had
    # heard r1 and r1's adverts then stalled (the RFC at work on a loaded
    # machine, issue 13 item 2).
    split_entries() {
        local first
        first=$(entry_times "$1" r1 | sort -n | head -n 1)
        entry_times "$1" r2 | awk -v f="${first:-}" '
            { if (f == "" || $1 < f + 20) s++; else l++ }
            END { printf "%d %d\n", s, l }'
    }

    # trial IMPL N ORDER SKEW: one start; prints JSON.
    trial() {
        local impl=$1 n=$2 order=$3 skew=$4 b1=$LAB_TMP/body-$2-r1.conf b2=$LAB_TMP/body-$2-r2.conf
        local c1 c2 settle s1 s2
        c1=$("impl_${impl}_conf" r1 "$b1")
        c2=$("impl_${impl}_conf" r2 "$b2")
        launch_pair "$impl" "$order" "$skew" "$c1" "$c2"
        settle=$(pair_wait_settled "$impl" "$impl" "$n" "$QUIET_S" "$settle_max" "$LAB_TMP/timeline.txt")
        s1=$("impl_${impl}_summary" r1)
        s2=$("impl_${impl}_summary" r2)
        read -r at_start later < <(split_entries "$impl")
        pair_stop "$impl" "$impl"
        jq -n -c --argjson settle "$settle" --argjson s1 "$s1" --argjson s2 "$s2" \
            --argjson skew "$skew" --argjson launched "$LAUNCH_SKEW_MS" \
            --argjson at_start "${at_start:-null}" --argjson later "${later:-null}" '
            {skew_ms: $skew, launch_skew_ms: $launched, settled: $settle.settled, settle_s: $settle.settle_s,
             r2_master_entries: $s2.master_entries, r2_changes: $s2.changes,
             r2_master_entries_at_startup: $at_start, r2_master_entries_later: $later,
             r1_master_entries: $s1.master_entries, r1_changes: $s1.changes,
             r1_master: $s1.master, r2_backup: $s2.backup}'
    }

    # cell IMPL N ORDER: all trials; prints {trials: [...], summary}.
    cell() {
        local impl=$1 n=$2 order=$3 t r all='[]'
        for ((t = 1; t <= trials; t++)); do
            r=$(trial "$impl" "$n" "$order" "$(skew_ms "$t")")
            info "$impl N=$n $order trial $t: $r"
            all=$(jq -c --argjson r "$r" '. + [$r]' <<<"$all")
        done
        jq -c --argjson e "$(jq -c 'map(.r2_master_entries)' <<<"$all" | json_stats)" \
            --argjson s "$(jq -c 'map(.settle_s)' <<<"$all" | json_stats)" '
            {trials: ., r2_master_entries_total: (map(.r2_master_entries // 0) | add),
             r2_master_entries_at_startup_total: (map(.r2_master_entries_at_startup // 0) | add),
             r2_master_entries_later_total: (map(.r2_master_entries_later // 0) | add),
             trials_with_r2_master_entry_at_startup: map(select((.r2_master_entries_at_startup // 0) > 0)) | length,
             trials_with_r2_master_entry: map(select((.r2_master_entries // 0) > 0)) | length,
             unsettled: map(select(.settled | not)) | length,
             r2_master_entries: $e, settle_s: $s}' <<<"$all"
    }

    runs='{}' notes='[]'
    for impl in $impls; do
        impl_unavailable "$impl" "$impl" runs notes && continue
        entry=$(jq -n -c --arg v "$("impl_${impl}_version")" '{version: $v, by_count: {}}')
        for n in $counts; do
            vrrp_instances "$LAB_TMP/body-$n-r1.conf" "$n" 150
            vrrp_instances "$LAB_TMP/body-$n-r2.conf" "$n" 100
            for order in high-first low-first; do
                c=$(cell "$impl" "$n" "$order")
                info "$impl N=$n $order: $(jq -c 'del(.trials)' <<<"$c")"
                entry=$(jq -c --arg n "$n" --arg o "$order" --argjson c "$c" '.by_count[$n][$o] = $c' <<<"$entry")
            done
        done
        json_set runs ".[\"$impl\"]" "$entry"
    done

    body=$(jq -n -c --argjson runs "$runs" --argjson notes "$notes" --arg counts "$counts" \
        --argjson trials "$trials" --argjson skew "$max_skew" --argjson smax "$settle_max" \
        --argjson quiet "$QUIET_S" '{
        parameters: {counts: ($counts | split(" ") | map(select(length > 0) | tonumber)), trials: $trials,
                     max_skew_ms: $skew, advert_interval_ms: 10, version: 3, priorities: {r1: 150, r2: 100},
                     settle_quiet_s: $quiet, settle_max_s: $smax},
        method: {
          lab: "scripts/lab.sh namespaces; r1, r2 and the client on a Linux bridge, interface bond1; extra addresses in 198.51.100.0/24 and 203.0.113.0/24",
          config: "one keepalived-syntax instance block per VRID (state BACKUP, version 3, advert_int 0.01, one VIP/24), identical for both implementations; both routers run the same implementation",
          launch: "high-first: r1 (150) launched, r2 (100) skew_ms later; low-first: the reverse. Trial t of T has skew (t-1)*max_skew_ms/(T-1); launch_skew_ms is the measured gap between the two launches",
          counted: "r2_master_entries = entries into MASTER on the lower-priority router (keepalived: notify FIFO MASTER lines; xvrrp: status master_entries, or its log where the field is missing); every one is spurious. Split by time: at_startup = before the first MASTER entry of r1 + 20 ms (2 intervals: no advert of r1 can have reached r2 yet), the start-up flaps; later = after it: r2 had heard r1 and the adverts of r1 then stalled (machine load), which start-up cannot prevent",
          settle: "settled = r1 all MASTER, r2 all BACKUP, nothing moved for settle_quiet_s; settle_s = time of the last change after the first launch (transition timestamps or 250 ms polls)"},
        design_anchor: {target: "0 spurious MASTER entries on the lower-priority router, 1/50/255 instances, both orders, 10 trials each (issue 13 item 3)"},
        runs: $runs, notes: $notes}')
    bench_write_results startup "$body"

}

# merge FILES...: one startup.json from runs made back to back.
merge_runs() {
    # shellcheck disable=SC2086 # a list of files
    body=$(jq -s -c '(.[0] | del(.benchmark, .date, .quick, .noisy, .host))
        + {runs: (reduce .[] as $f ({}; . * $f.runs)),
           parts: map({date, quick, host, implementations: (.runs | keys)}),
           notes: ((map(.notes) | add) + ["merged from \(length) runs made back to back (parts): each implementation measured in its own run, same lab and parameters"])}' $merge)
    bench_write_results startup "$body"
}

if [[ -n $merge ]]; then
    LAB_TMP=$(mktemp -d /tmp/xv-bench-startup-merge.XXXXXX)
    trap 'rm -rf "$LAB_TMP"' EXIT
    merge_runs
else
    measure
fi

plot_tsv "$LAB_TMP/startup.tsv" '.runs | to_entries[] | select(.value != null) | .key as $i
    | .value.by_count | to_entries[] | (.key | tonumber) as $n | .value | to_entries[]
    | [($i + "_" + .key), $n, .value.r2_master_entries_total, (.value.settle_s.median // "-"),
       (.value.settle_s.max // "-")] | @tsv' "$(cat "$BENCH_RESULTS/startup.json")"
plots_e="" plots_s="" sep=""
for series in $(cut -f1 "$LAB_TMP/startup.tsv" | sort -u); do
    f=$LAB_TMP/startup-$series.tsv
    awk -F'\t' -v p="$series" '$1 == p' "$LAB_TMP/startup.tsv" | sort -t $'\t' -k2,2n >"$f"
    plots_e+="$sep\"$f\" using 2:3 with linespoints lw 2 title \"${series/_/ }\""
    plots_s+="$sep\"$f\" using 2:4:4:5 with yerrorlines lw 2 title \"${series/_/ }\""
    sep=", "
done
if [[ -n $plots_e ]]; then
    bench_plot "$BENCH_RESULTS/startup.png" 1200 480 <<EOF
set multiplot layout 1,2 title "two routers started within ${max_skew} ms, 10 ms adverts, ${trials} trials per cell ($(date -u +%F)$( ((BENCH_QUICK)) && echo ', quick/noisy'))"
set xlabel "instances"
set xrange [0:270]
set datafile missing "-"
set title "spurious MASTER entries on the lower-priority router (sum over trials)"
set yrange [0:*]
plot $plots_e
set title "time to settle after the first launch (s, median, bar to max)"
plot $plots_s
unset multiplot
EOF
fi

jq -r '.runs | to_entries[] | select(.value != null) | .key as $i | .value.by_count | to_entries[]
    | .key as $n | .value | to_entries[]
    | "\($i)\tN=\($n)\t\(.key)\tr2 MASTER entries \(.value.r2_master_entries_total) in \(.value.trials_with_r2_master_entry) trial(s)\tunsettled \(.value.unsettled)\tsettle median \(.value.settle_s.median) s max \(.value.settle_s.max) s"' \
    "$BENCH_RESULTS/startup.json"
