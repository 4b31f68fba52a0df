#!/usr/bin/env bash
# 4,000 instances: 16 interfaces x 255 VRRPv3 instances (4,080) between a
# master r1 (priority 150) and a backup r2 (100), one VIP each, at 100 ms and
# at 1 s adverts, keepalived and xvrrp reading the same instance blocks.
#
#   bench/scale4k/run.sh [--quick] [--impl "keepalived xvrrp"] [--intervals "0.1 1"]
#                        [--ifaces 16] [--per-iface 255] [--steady S] [--settle-max S]
#                        [--sample K] [--results DIR] [--build DIR]
#
# Lab: scripts/lab.sh's two routers and client, plus one L2 segment per
# interface (lab_segment: a bridge of its own, veth lnK in r1, r2 and the
# client), so VRIDs 1..255 repeat on every segment. Segment K (0-based) is
# 198.18.4K.0/22 (RFC 2544 benchmarking range): r1 .1, r2 .2, the client .3;
# the VIP of VRID I is 198.18.(4K+1).I/22.
# Per implementation and advert interval:
#   startup  both started at once (state BACKUP, the election decides): time
#            from launch until r1 holds every MASTER, r2 every BACKUP and
#            nothing moved for 3 s (bench/lib/impl.bash pair_wait_settled)
#   memory   resident memory (VmRSS) of each controller's process tree; for
#            xvrrp also the BPF maps its controller holds (map ids from
#            /proc/PID/fdinfo, bytes_memlock from `bpftool map show`)
#   steady   --steady s (60; 10 with --quick): CPU of each controller tree,
#            state changes on either side (all spurious), whole-machine CPU
#   failover every r1 link down in one `ip -batch`; xvrrp-arpwatch on each of
#            the client's links asks ARP for --sample VIPs of its segment
#            (first and last included) every 10 ms: time until every asked
#            VIP on every segment answered again (from r2), until every VIP
#            was announced by a GARP, until r2 reported all MASTER
# Every wait is bounded (--settle-max, the failover window); a side that
# does not settle is reported as such, with its counts, and the run goes on.
# Results: RESULTS/scale4k.json and RESULTS/scale4k.png.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/common.bash"
bench_args "$@"
ifaces=16 per_iface=255 intervals="0.1 1" steady_s=$(bench_pick 10 60) settle_max=$(bench_pick 90 180)
sample=4 window=$(bench_pick 8 10)
set -- "${BENCH_ARGS[@]}"
while (($#)); do
    case $1 in
        --intervals) intervals=$2 ;;
        --ifaces) ifaces=$2 ;;
        --per-iface) per_iface=$2 ;;
        --steady) steady_s=$2 ;;
        --settle-max) settle_max=$2 ;;
        --sample) sample=$2 ;;
        *) echo "usage: $0 [--quick] [--impl LIST] [--intervals \"0.1 1\"] [--ifaces N] [--per-iface N] [--steady S] [--settle-max S] [--sample K] [--results DIR] [--build DIR]" >&2 && exit 2 ;;
    esac
    shift 2
done
((ifaces >= 1 && ifaces <= 64)) || { echo "--ifaces: 1..64" >&2 && exit 2; }
((per_iface >= 1 && per_iface <= 255)) || { echo "--per-iface: 1..255" >&2 && exit 2; }
((sample >= 1 && sample <= per_iface)) || { echo "--sample: 1..per-iface" >&2 && exit 2; }
impls=${BENCH_IMPLS:-$BENCH_IMPLS_ALL}
total=$((ifaces * per_iface))
bench_require_root
nruns=$(($(wc -w <<<"$impls") * $(wc -w <<<"$intervals")))
export LAB_TIMEOUT=$((300 + nruns * (settle_max + steady_s + window + 120)))
lab_init scale4k
lab_up
bench_require_tool failover_scale xvrrp-arpwatch
WATCH=$(bench_tool failover_scale xvrrp-arpwatch)
# xvrrp: every interface of the file (not bond1); its start and stop wait
# longer than the integration tests' 5 s at this size.
# (16 program loads took over 60 s on the loaded 2-vCPU VM).
export XVRRP_NO_IFACE=1 XVRRP_START_TIMEOUT=180 XVRRP_STOP_TIMEOUT=60
export KEEPALIVED_START_TIMEOUT=180 KEEPALIVED_STOP_TIMEOUT=60
# One poll a second while waiting to settle: each xvrrp poll is a status of
# megabytes (and a jq over it), each keepalived poll an awk over its notify log.
export BENCH_POLL_S=1

seg_if() { echo "ln$(($1 + 1))"; }

info "adding $ifaces segments"
for ((k = 0; k < ifaces; k++)); do
    lab_segment "$(seg_if "$k")"
done
{
    for ((k = 0; k < ifaces; k++)); do
        echo "addr add 198.18.$((4 * k)).1/22 dev $(seg_if "$k")"
    done
} | ip -n "$NS_R1" -batch -
for ((k = 0; k < ifaces; k++)); do
    ip -n "$NS_R2" addr add "198.18.$((4 * k)).2/22" dev "$(seg_if "$k")"
    ip -n "$NS_C" addr add "198.18.$((4 * k)).3/22" dev "$(seg_if "$k")"
    : >"$LAB_TMP/ask-$k.txt"
    for ((i = 1; i <= per_iface; i++)); do echo "198.18.$((4 * k + 1)).$i"; done >"$LAB_TMP/all-$k.txt"
    awk -v n="$per_iface" -v k="$sample" 'BEGIN {
        for (i = 0; i < k; i++) print (k == 1 ? 1 : 1 + int(i * (n - 1) / (k - 1) + 0.5)) }' |
        sort -un | while read -r i; do echo "198.18.$((4 * k + 1)).$i"; done >"$LAB_TMP/ask-$k.txt"
done

# instances FILE PRIORITY ADVERT_S: every segment's instance blocks.
instances() {
    local file=$1 prio=$2 adv=$3 k i ifn
    for ((k = 0; k < ifaces; k++)); do
        ifn=ln$((k + 1))
        for ((i = 1; i <= per_iface; i++)); do
            printf 'vrrp_instance VI_%d_%d {\n    state BACKUP\n    interface %s\n    virtual_router_id %d\n    version 3\n    priority %d\n    advert_int %s\n    virtual_ipaddress {\n        198.18.%d.%d/22\n    }\n}\n' \
                "$k" "$i" "$ifn" "$i" "$prio" "$adv" $((4 * k + 1)) "$i"
        done
    done >"$file"
}

# rss_kb PID...: VmRSS of the PIDs and their descendants, summed (kB).
rss_kb() {
    local pid sum=0 v
    for pid in $(cpu_descendants "$@"); do
        v=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$pid/status" 2>/dev/null)
        sum=$((sum + ${v:-0}))
    done
    echo "$sum"
}

# bpf_maps_json PID...: the BPF maps the PIDs hold (fdinfo map_id), with
# bpftool's bytes_memlock and max_entries; {count, bytes_memlock, maps}.
bpf_maps_json() {
    local ids
    # shellcheck disable=SC2046 # one PID per word
    ids=$(for pid in $(cpu_descendants "$@"); do
        grep -h '^map_id:' /proc/"$pid"/fdinfo/* 2>/dev/null | awk '{ print $2 }'
    done | sort -un | paste -sd,)
    [[ -n $ids ]] || { echo null && return; }
    bpftool -j map show 2>/dev/null | jq -c --arg ids "$ids" '
        ($ids | split(",") | map(tonumber)) as $want
        | map(select(.id as $i | $want | index($i)))
        | {count: length, bytes_memlock: (map(.bytes_memlock // 0) | add),
           maps: map({name, type, max_entries, bytes_memlock})}'
}

impl_reset() {
    local node=$2 k
    if [[ $1 == xvrrp ]]; then
        for ((k = 0; k < ifaces; k++)); do
            XVRRP_IFACE=$(seg_if "$k") xvrrp_detach "$node" >/dev/null 2>&1 || true
        done
    fi
    "impl_$1_reset" "$node"
}

# failover IMPL: every r1 link down; prints JSON.
failover() {
    local impl=$1 k pids=() t0 s2
    for ((k = 0; k < ifaces; k++)); do
        rm -f "$LAB_TMP/watch-$k.ready"
        start_bg "watch-$k" "$NS_C" "$WATCH" --iface "$(seg_if "$k")" --src-ip "198.18.$((4 * k)).3" \
            --ask-file "$LAB_TMP/ask-$k.txt" --garp-file "$LAB_TMP/all-$k.txt" --round-us 10000 \
            --duration-ms $(((window + 2) * 1000)) --ready-file "$LAB_TMP/watch-$k.ready"
        pids+=("$LAB_LAST_PID")
    done
    for ((k = 0; k < ifaces; k++)); do
        wait_until 10 test -e "$LAB_TMP/watch-$k.ready" || fail "xvrrp-arpwatch on $(seg_if "$k") did not start"
    done
    sleep 1
    t0=$(date +%s%3N)
    for ((k = 0; k < ifaces; k++)); do echo "link set $(seg_if "$k") down"; done | ip -n "$NS_R1" -batch -
    kill -USR1 "${pids[@]}"
    # Nothing asks r2 anything during the takeover (an xvrrp status of
    # 4,080 instances is megabytes, built on its loop): its own transition
    # times say when it was done.
    for pid in "${pids[@]}"; do
        wait_pid_gone "$pid" $((window + 15)) || fail "xvrrp-arpwatch did not finish"
    done
    s2=$("impl_${impl}_summary" r2)
    for ((k = 0; k < ifaces; k++)); do bench_tool_json "$LAB_TMP/watch-$k.log"; done >"$LAB_TMP/watch-$impl.jsonl"
    jq -s -c --arg t0 "$t0" --argjson s2 "$s2" '
        def mx(f): map(f) | if any(. == null) then null else max end;
        {ok: (all(.[]; .all_asked_answered_ms != null)),
         all_asked_answered_ms: mx(.all_asked_answered_ms),
         all_vips_garped_ms: mx(.all_vips_garped_ms),
         per_iface_all_asked_answered_ms: map(.all_asked_answered_ms),
         asked: (map(.asked) | add), answered: (map(.answered_after_mark) | add),
         garps_total: (map(.garps_total) | add), vips_with_garp: (map(.vips_with_garp) | add),
         answer_macs: (map(.per_asked | map(.mac // empty)) | add | unique),
         r2_master: $s2.master,
         r2_all_master_ms: (if $s2.last_change_unix_ms != null then $s2.last_change_unix_ms - ($t0 | tonumber) else null end),
         first_answer_ms: (map(.per_asked | map(.first_answer_ms)) | add | map(select(. != null)) | sort)}' \
        "$LAB_TMP/watch-$impl.jsonl"
}

# run_one IMPL ADVERT_S: prints JSON.
run_one() {
    local impl=$1 adv=$2 b1=$LAB_TMP/body-r1-$2.conf b2=$LAB_TMP/body-r2-$2.conf c1 c2
    local settle s1 s2 p1 p2 mem a1 a2 z1 z2 h0 h1 ch0 ch1 wall steady fo k
    instances "$b1" 150 "$adv"
    instances "$b2" 100 "$adv"
    c1=$("impl_${impl}_conf" r1 "$b1")
    c2=$("impl_${impl}_conf" r2 "$b2")
    for ((k = 0; k < ifaces; k++)); do echo "link set $(seg_if "$k") up"; done | ip -n "$NS_R1" -batch -
    info "$impl ${adv}s: starting both ($total instances each)"
    pair_start "$impl" "$c1" "$impl" "$c2"
    settle=$(pair_wait_settled "$impl" "$impl" "$total" 3 "$settle_max" "$LAB_TMP/startup-$impl-$adv.txt")
    s1=$("impl_${impl}_summary" r1)
    s2=$("impl_${impl}_summary" r2)
    info "$impl ${adv}s: startup $(jq -c . <<<"$settle"); r1 $(jq -c 'del(.last_change_unix_ms)' <<<"$s1"); r2 $(jq -c 'del(.last_change_unix_ms)' <<<"$s2")"
    p1=$("impl_${impl}_pids" r1)
    p2=$("impl_${impl}_pids" r2)
    # shellcheck disable=SC2086 # PID lists
    mem=$(jq -n -c --arg r1 "$(rss_kb $p1)" --arg r2 "$(rss_kb $p2)" \
        --argjson m1 "$(if [[ $impl == xvrrp ]]; then bpf_maps_json $p1; else echo null; fi)" \
        --argjson m2 "$(if [[ $impl == xvrrp ]]; then bpf_maps_json $p2; else echo null; fi)" \
        '{rss_kb: {r1: ($r1 | tonumber), r2: ($r2 | tonumber)}, bpf_maps: {r1: $m1, r2: $m2}}')
    info "$impl ${adv}s: memory $(jq -c '{rss_kb, bpf_memlock: {r1: .bpf_maps.r1.bytes_memlock, r2: .bpf_maps.r2.bytes_memlock}}' <<<"$mem")"
    # shellcheck disable=SC2086
    {
        a1=$(cpu_tree_split $p1) a2=$(cpu_tree_split $p2)
    }
    h0=$(cpu_stat_snapshot)
    ch0=$(pair_changes "$impl" "$impl")
    sleep "$steady_s"
    # shellcheck disable=SC2086
    {
        z1=$(cpu_tree_split $p1) z2=$(cpu_tree_split $p2)
    }
    h1=$(cpu_stat_snapshot)
    ch1=$(pair_changes "$impl" "$impl")
    wall=$(awk -v a="${h0%% *}" -v b="${h1%% *}" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    steady=$(jq -n -c --argjson c1 "$(cpu_proc_json "$a1" "$z1" "$wall")" --argjson c2 "$(cpu_proc_json "$a2" "$z2" "$wall")" \
        --argjson host "$(cpu_stat_json "$h0" "$h1")" --arg ch0 "$ch0" --arg ch1 "$ch1" --arg wall "$wall" '
        def delta(i): (($ch1 | split(" ")[i]) | tonumber? // null) as $b
                      | (($ch0 | split(" ")[i]) | tonumber? // null) as $a
                      | if $a == null or $b == null then null else $b - $a end;
        {wall_s: ($wall | tonumber), cpu: {r1: $c1, r2: $c2}, host_cpu: $host,
         spurious_changes: {r1: delta(0), r2: delta(1)}}')
    info "$impl ${adv}s: steady $(jq -c '{cpu: {r1: .cpu.r1.cores, r2: .cpu.r2.cores}, spurious_changes}' <<<"$steady")"
    # The fault needs r1 holding every instance; r2 is measured as it is.
    if [[ $(jq -r .master <<<"$s1") == "$total" ]]; then
        fo=$(failover "$impl")
        info "$impl ${adv}s: failover $(jq -c 'del(.first_answer_ms, .per_iface_all_asked_answered_ms)' <<<"$fo")"
    else
        fo=$(jq -n -c '{ok: false, note: "not measured: r1 did not hold every instance"}')
    fi
    pair_stop "$impl" "$impl"
    impl_reset "$impl" r1
    impl_reset "$impl" r2
    jq -n -c --argjson settle "$settle" --argjson s1 "$s1" --argjson s2 "$s2" --argjson mem "$mem" \
        --argjson steady "$steady" --argjson fo "$fo" --arg tl "$(cat "$LAB_TMP/startup-$impl-$adv.txt")" '
        {startup: ($settle + {r1: $s1, r2: $s2,
                   timeline: [$tl | split("\n")[] | select(length > 0) | split(" ")
                              | {ms: (.[0] | tonumber), r1: (.[1] | tonumber? // null), r2: (.[2] | tonumber? // null)}]}),
         memory: $mem, steady: $steady, failover: $fo}'
}

results='{}' notes='[]' failed=0
for impl in $impls; do
    impl_unavailable "$impl" "$impl" results notes && continue
    entry=$(jq -n -c --arg v "$("impl_${impl}_version")" '{version: $v, by_interval: {}}')
    for adv in $intervals; do
        r=$(run_one "$impl" "$adv")
        entry=$(jq -c --arg a "$adv" --argjson r "$r" '.by_interval[$a] = $r' <<<"$entry")
        if ! jq -e '.startup.settled and .failover.ok' <<<"$r" >/dev/null; then
            info "$impl ${adv}s: not settled or failover not measured"
            failed=1
        fi
    done
    json_set results ".[\"$impl\"]" "$entry"
done

body=$(jq -n -c --argjson r "$results" --argjson notes "$notes" --arg ifaces "$ifaces" --arg per "$per_iface" \
    --arg intervals "$intervals" --arg steady "$steady_s" --arg smax "$settle_max" --arg sample "$sample" \
    --arg window "$window" '{
    parameters: {interfaces: ($ifaces | tonumber), instances_per_interface: ($per | tonumber),
                 instances: (($ifaces | tonumber) * ($per | tonumber)), version: 3,
                 advert_intervals_s: ($intervals | split(" ") | map(select(length > 0) | tonumber)),
                 steady_s: ($steady | tonumber), settle_quiet_s: 3, settle_max_s: ($smax | tonumber),
                 sampled_vips_per_interface: ($sample | tonumber), failover_window_s: ($window | tonumber),
                 priorities: {r1: 150, r2: 100}, fault: "every r1 link down (one ip -batch)"},
    method: {
      lab: "scripts/lab.sh namespaces plus one bridge per interface (lab_segment lnK: veth in r1, r2 and the client); segment K 198.18.4K.0/22, VIP of VRID I 198.18.(4K+1).I/22",
      config: "one keepalived-syntax instance block per (interface, VRID): state BACKUP, version 3, one VIP; identical for both implementations, each with its own global_defs",
      startup: "both started at once; settled = r1 all MASTER, r2 all BACKUP, nothing moved for 3 s (1 s polls); settle_s = the last change (implementation timestamps, else the polls)",
      memory: "VmRSS of each controller process tree after settling; bpf_maps: maps held by the controller (fdinfo map_id) with bytes_memlock and max_entries from bpftool -j map show",
      steady: "CPU (utime+stime of the controller tree) and state changes over the window; every change there is spurious",
      failover: "xvrrp-arpwatch per client link (sampled VIPs asked every 10 ms, all VIPs watched for GARPs); times after the mark (SIGUSR1 right after the link-down batch); the figure is the slowest interface",
      host_cpu: "whole machine /proc/stat over the window: includes every other process on this shared machine"},
    design_anchor: {note: "issue 13 item 6: no figure; keepalived in the same run is the anchor"},
    implementations: $r, notes: $notes}')
bench_write_results scale4k "$body"

# Plot: CPU per side, startup time, failover time, per implementation and interval.
jq -r '.implementations | to_entries[] | select(.value != null) | .key as $i | .value.by_interval | to_entries[]
    | [$i + " " + .key + "s", (.value.steady.cpu.r1.cores // 0), (.value.steady.cpu.r2.cores // 0),
       (if .value.startup.settled then .value.startup.settle_s else 0 end),
       ((.value.failover.all_asked_answered_ms // 0) / 1000), ((.value.memory.rss_kb.r1 // 0) / 1024)] | @tsv' "$BENCH_RESULTS/scale4k.json" >"$LAB_TMP/scale4k.tsv"
if [[ -s $LAB_TMP/scale4k.tsv ]]; then
    bench_plot "$BENCH_RESULTS/scale4k.png" 1500 480 <<EOF
set multiplot layout 1,4 title "$total VRRPv3 instances ($ifaces interfaces x $per_iface), $(date -u +%F)$( ((BENCH_QUICK)) && echo ', quick/noisy')"
set style data histograms
set style histogram clustered
set style fill solid 0.8
set datafile separator "\t"
set xtics rotate by -30
set yrange [0:*]
set title "controller CPU (cores), ${steady_s} s window"
plot "$LAB_TMP/scale4k.tsv" using 2:xtic(1) title "master r1", "" using 3 title "backup r2"
set title "launch to settled (s; 0 = did not settle)"
plot "$LAB_TMP/scale4k.tsv" using 4:xtic(1) notitle
set title "failover: all sampled VIPs answer (s; 0 = not measured)"
plot "$LAB_TMP/scale4k.tsv" using 5:xtic(1) notitle
set title "master resident memory (MiB)"
plot "$LAB_TMP/scale4k.tsv" using 6:xtic(1) notitle
unset multiplot
EOF
fi

jq -r '.implementations | to_entries[] | select(.value != null) | .key as $i | .value.by_interval | to_entries[]
    | "\($i) \(.key)s\tsettled \(.value.startup.settled) in \(.value.startup.settle_s) s\tcpu r1 \(.value.steady.cpu.r1.cores) r2 \(.value.steady.cpu.r2.cores)\trss MiB r1 \(.value.memory.rss_kb.r1 / 1024 | floor) r2 \(.value.memory.rss_kb.r2 / 1024 | floor)\tbpf \(.value.memory.bpf_maps.r1.bytes_memlock)\tspurious \(.value.steady.spurious_changes)\tfailover \(.value.failover.all_asked_answered_ms) ms (garped \(.value.failover.all_vips_garped_ms))"' \
    "$BENCH_RESULTS/scale4k.json"
((failed == 0)) || fail "some runs did not settle or could not be measured (see above)"
