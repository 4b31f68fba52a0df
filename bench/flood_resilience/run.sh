#!/usr/bin/env bash
# Flood resilience: a VRRP pair at 10 ms adverts while the client floods the
# master's VIP with ARP requests from 256 distinct senders. Does the pair hold
# (no spurious transitions, adverts on time), and what does the flood leave in
# the routers' neighbour tables?
#
#   bench/flood_resilience/run.sh [--quick] [--impl "keepalived xvrrp"] [--duration S]
#                                 [--senders N] [--instances N] [--results DIR] [--build DIR]
#
# Per implementation (on both routers; r1 priority 150, r2 100; VRRPv3, 10 ms,
# --instances instances, default 1, VRID 1 with VIP 192.0.2.10), after the
# pair settled, two windows of --duration s (30; 10 with --quick):
#   quiet  no flood: the reference for the advert gaps
#   flood  xvrrp-arpflood from the client at full speed: ARP requests for the
#          VIP of instance 1 from N sender IP/MAC pairs (at most 256: the IPv4
#          neighbour table limits are global across namespaces)
# and in each: state changes on r1 and r2 (any is spurious), adverts per VRID
# per second and the largest gap between two adverts of one VRID (counted by
# xvrrp-advert-counter on the switch port facing r2; its drop count is
# reported), the controllers' CPU, and `ip -4 -n NS neigh show | wc -l` on r1 and r2 before and after.
# Results: RESULTS/flood_resilience.json and .png. Exits non-zero when an
# implementation that ran could not be measured.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/common.bash"
bench_args "$@"
duration=$(bench_pick 10 30) senders=256 instances=1 settle_max=$(bench_pick 30 60)
set -- "${BENCH_ARGS[@]}"
while (($#)); do
    case $1 in
        --duration) duration=$2 ;;
        --senders) senders=$2 ;;
        --instances) instances=$2 ;;
        *) echo "usage: $0 [--quick] [--impl \"keepalived xvrrp\"] [--duration S] [--senders N<=256] [--instances N] [--results DIR] [--build DIR]" >&2 && exit 2 ;;
    esac
    shift 2
done
((senders >= 1 && senders <= 256)) || { echo "--senders: 1..256 (the neighbour table limits are global)" >&2 && exit 2; }
impls=${BENCH_IMPLS:-$BENCH_IMPLS_ALL}
bench_require_root
export LAB_TIMEOUT=$((300 + $(wc -w <<<"$impls") * (settle_max + 2 * duration + 60)))
lab_init floodres
lab_up
lab_add_subnets
bench_require_tool lib xvrrp-advert-counter
bench_require_tool arp_flood xvrrp-arpflood
COUNTER=$(bench_tool lib xvrrp-advert-counter)
FLOOD=$(bench_tool arp_flood xvrrp-arpflood)
TARGET=$(bench_vip 1)

# window IMPL KIND: one measured window (KIND quiet or flood); prints JSON.
window() {
    local impl=$1 kind=$2 ready=$LAB_TMP/counter.ready cpid p1 p2 a1 a2 b1 b2 h0 h1 ch0 ch1 wall
    local n1a n2a n1b n2b gen=null
    p1=$("impl_${impl}_pids" r1)
    p2=$("impl_${impl}_pids" r2)
    n1a=$(ns_neigh_count "$NS_R1") n2a=$(ns_neigh_count "$NS_R2")
    rm -f "$ready"
    start_bg counter "$NS_SW" "$COUNTER" --iface p-r2 --duration-ms $((duration * 1000)) \
        --vrids "$instances" --interval-ms 10 --src "$R1_IP" --ready-file "$ready"
    cpid=$LAB_LAST_PID
    wait_until 5 test -s "$ready" || fail "xvrrp-advert-counter did not start"
    # shellcheck disable=SC2086 # PID lists
    {
        a1=$(cpu_tree_split $p1) a2=$(cpu_tree_split $p2)
    }
    h0=$(cpu_stat_snapshot)
    ch0=$(pair_changes "$impl" "$impl")
    if [[ $kind == flood ]]; then
        ip netns exec "$NS_C" timeout $((duration + 30)) "$FLOOD" --iface eth0 --target "$TARGET" \
            --senders "$senders" --duration-ms $((duration * 1000)) >"$LAB_TMP/flood.log" 2>&1 ||
            fail "xvrrp-arpflood failed: $(tail -n 2 "$LAB_TMP/flood.log")"
        gen=$(bench_tool_json "$LAB_TMP/flood.log")
    fi
    wait_pid_gone "$cpid" $((duration + 10)) || fail "xvrrp-advert-counter did not finish"
    # shellcheck disable=SC2086
    {
        b1=$(cpu_tree_split $p1) b2=$(cpu_tree_split $p2)
    }
    h1=$(cpu_stat_snapshot)
    ch1=$(pair_changes "$impl" "$impl")
    n1b=$(ns_neigh_count "$NS_R1") n2b=$(ns_neigh_count "$NS_R2")
    wall=$(awk -v a="${h0%% *}" -v b="${h1%% *}" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    jq -n -c --argjson adverts "$(bench_tool_json "$LAB_TMP/counter.log")" --argjson gen "$gen" \
        --argjson c1 "$(cpu_proc_json "$a1" "$b1" "$wall")" --argjson c2 "$(cpu_proc_json "$a2" "$b2" "$wall")" \
        --argjson host "$(cpu_stat_json "$h0" "$h1")" --arg ch0 "$ch0" --arg ch1 "$ch1" \
        --argjson n1a "$n1a" --argjson n1b "$n1b" --argjson n2a "$n2a" --argjson n2b "$n2b" '
        def delta(i): (($ch1 | split(" ")[i]) | tonumber? // null) as $b
                      | (($ch0 | split(" ")[i]) | tonumber? // null) as $a
                      | if $a == null or $b == null then null else $b - $a end;
        {changes: {r1: delta(0), r2: delta(1)},
         neighbours: {r1: {before: $n1a, after: $n1b}, r2: {before: $n2a, after: $n2b}},
         adverts: ($adverts | del(.vrids)), capture_ok: ($adverts.drops == 0),
         cpu: {r1: $c1, r2: $c2}, host_cpu: $host,
         flood: (if $gen == null then null else $gen | del(.own_cpu_s) end)}'
}

results='{}' notes='[]' failed=0
for impl in $impls; do
    impl_unavailable "$impl" "$impl" results notes && continue
    vrrp_instances "$LAB_TMP/body-r1.conf" "$instances" 150
    vrrp_instances "$LAB_TMP/body-r2.conf" "$instances" 100
    c1=$("impl_${impl}_conf" r1 "$LAB_TMP/body-r1.conf")
    c2=$("impl_${impl}_conf" r2 "$LAB_TMP/body-r2.conf")
    ip -n "$NS_R1" neigh flush all 2>/dev/null || true
    ip -n "$NS_R2" neigh flush all 2>/dev/null || true
    pair_start "$impl" "$c1" "$impl" "$c2"
    settle=$(pair_wait_settled "$impl" "$impl" "$instances" 3 "$settle_max" "$LAB_TMP/startup-$impl.txt")
    [[ $(jq -r .settled <<<"$settle") == true ]] || info "$impl: warning: the pair did not settle: $settle"
    quiet=$(window "$impl" quiet)
    info "$impl quiet: $(jq -c '{changes, neighbours, max_gap_ms: .adverts.max_gap_ms.max, per_vrid: .adverts.per_vrid_per_s.median, drops: .adverts.drops}' <<<"$quiet")"
    flood=$(window "$impl" flood)
    info "$impl flood: $(jq -c '{changes, neighbours, max_gap_ms: .adverts.max_gap_ms.max, per_vrid: .adverts.per_vrid_per_s.median, drops: .adverts.drops, sent_per_s: .flood.sent_per_s, replies_per_s: .flood.replies_per_s}' <<<"$flood")"
    s1=$("impl_${impl}_summary" r1)
    s2=$("impl_${impl}_summary" r2)
    pair_stop "$impl" "$impl"
    entry=$(jq -n -c --arg v "$("impl_${impl}_version")" --argjson settle "$settle" --argjson q "$quiet" \
        --argjson f "$flood" --argjson s1 "$s1" --argjson s2 "$s2" '
        {version: $v, startup: $settle, quiet: $q, flood: $f,
         spurious_transitions_during_flood: (if $f.changes.r1 == null or $f.changes.r2 == null then null
                                             else $f.changes.r1 + $f.changes.r2 end),
         neighbours_added_during_flood: {r1: ($f.neighbours.r1.after - $f.neighbours.r1.before),
                                         r2: ($f.neighbours.r2.after - $f.neighbours.r2.before)},
         final_states: {r1: $s1, r2: $s2}}')
    if ! jq -e '.quiet.capture_ok and .flood.capture_ok and .flood.flood.sent > 0' <<<"$entry" >/dev/null; then
        info "$impl: NOT MEASURED: a capture dropped frames or the flood sent nothing"
        failed=1
    fi
    json_set results ".[\"$impl\"]" "$entry"
done

body=$(jq -n -c --argjson r "$results" --argjson notes "$notes" --arg d "$duration" --arg s "$senders" \
    --arg n "$instances" --arg t "$TARGET" '{
    parameters: {duration_s: ($d | tonumber), senders: ($s | tonumber), instances: ($n | tonumber),
                 advert_interval_ms: 10, version: 3, flood_target: $t, priorities: {r1: 150, r2: 100}},
    method: {
      lab: "scripts/lab.sh namespaces (bridge); the flood enters from the client port and, as broadcast, reaches both routers",
      flood: "xvrrp-arpflood on the client eth0: ARP requests for the VIP from N sender IP/MAC pairs (198.51.100.101-228, 203.0.113.101-228) at full speed, replies counted on its socket",
      adverts: "xvrrp-advert-counter on the bridge port facing r2 (p-r2 in the switch namespace), adverts from r1",
      neighbours: "ip -4 -n NS neigh show | wc -l, all states; flushed before the pair starts",
      spurious: "state changes on r1 + r2 during the flood window (the pair had settled)"},
    design_anchor: {neigh_added: {kernel: "+N senders", xvrrp_target: 0}, spurious_transitions: {xvrrp_target: 0},
                    note: "DESIGN.md, Performance targets"},
    implementations: $r,
    notes: $notes}')
bench_write_results flood_resilience "$body"

plot_tsv "$LAB_TMP/fr.tsv" '.implementations | to_entries[] | select(.value != null)
    | [.key, .value.quiet.adverts.max_gap_ms.max, .value.flood.adverts.max_gap_ms.max,
       .value.neighbours_added_during_flood.r1, .value.spurious_transitions_during_flood] | @tsv' "$body"
if [[ -s $LAB_TMP/fr.tsv ]]; then
    bench_plot "$BENCH_RESULTS/flood_resilience.png" 1000 450 <<EOF
set multiplot layout 1,2 title "ARP flood from $senders senders against a 10 ms VRRP pair, ${duration} s windows ($(date -u +%F)$( ((BENCH_QUICK)) && echo ', quick/noisy'))"
set style data histograms
set style fill solid 0.8 border -1
set key top right
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set title "largest gap between two adverts (ms)"
plot "$LAB_TMP/fr.tsv" using 2:xtic(1) title "no flood", "" using 3 title "during the flood"
set title "during the flood: neighbour entries added on r1, spurious transitions"
plot "$LAB_TMP/fr.tsv" using 4:xtic(1) title "neighbours added (r1)", "" using 5 title "spurious transitions"
unset multiplot
EOF
fi

jq -r '.implementations | to_entries[] | select(.value != null)
    | "\(.key)\tmax gap quiet \(.value.quiet.adverts.max_gap_ms.max | . * 10 | round / 10) ms, flood \(.value.flood.adverts.max_gap_ms.max | . * 10 | round / 10) ms\tspurious transitions \(.value.spurious_transitions_during_flood)\tneighbours added r1 +\(.value.neighbours_added_during_flood.r1) r2 +\(.value.neighbours_added_during_flood.r2)\tflood \(.value.flood.flood.sent_per_s | floor) req/s, \(.value.flood.flood.replies_per_s | floor) replies/s\tcapture drops \(.value.quiet.adverts.drops)/\(.value.flood.adverts.drops)"' \
    "$BENCH_RESULTS/flood_resilience.json"
((failed == 0)) || fail "an implementation could not be measured"
