#!/usr/bin/env bash
# Failover at scale: N VRRPv3 instances at 10 ms adverts (master r1, priority
# 150; backup r2, 100); r1's link goes down; how long until every VIP is
# answered from r2, and how many gratuitous ARPs that takes.
#
#   bench/failover_scale/run.sh [--quick] [--impl "keepalived xvrrp"] [--count 255]
#                               [--trials N] [--sample K] [--window S]
#                               [--results DIR] [--build DIR]
#
# The client runs xvrrp-arpwatch: it asks ARP for a sample of K VIPs (evenly
# spread over the N, first and last included) every 10 ms, and watches every
# ARP frame. At the fault (ip link set bond1 down in r1, then SIGUSR1 to the
# watcher: the mark) it records, per asked VIP, the first answer after the
# mark, and per VIP (all N) the gratuitous ARPs seen for --window seconds
# (keepalived repeats its GARPs after garp_master_delay, 5 s by default).
#   all_asked_answered_ms  every sampled VIP answered again (from r2: r1 is down)
#   all_vips_garped_ms     every VIP announced by at least one GARP
#   garps_total            GARPs in the window
#   r2_all_master_ms       r2's last transition to MASTER (its own timestamps)
# Results: RESULTS/failover_scale.json and .png. Exits non-zero when an
# implementation that ran could not be measured in any trial.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/common.bash"
bench_args "$@"
count=255 trials=$(bench_pick 1 5) sample=32 window=$(bench_pick 7 8) settle_max=$(bench_pick 30 60)
set -- "${BENCH_ARGS[@]}"
while (($#)); do
    case $1 in
        --count) count=$2 ;;
        --trials) trials=$2 ;;
        --sample) sample=$2 ;;
        --window) window=$2 ;;
        *) echo "usage: $0 [--quick] [--impl \"keepalived xvrrp\"] [--count N] [--trials N] [--sample K] [--window S] [--results DIR] [--build DIR]" >&2 && exit 2 ;;
    esac
    shift 2
done
((sample >= 1 && sample <= count)) || { echo "--sample: 1..count" >&2 && exit 2; }
impls=${BENCH_IMPLS:-$BENCH_IMPLS_ALL}
bench_require_root
export LAB_TIMEOUT=$((300 + $(wc -w <<<"$impls") * trials * (settle_max + window + 40)))
lab_init failoverscale
lab_up
lab_add_subnets
bench_require_tool failover_scale xvrrp-arpwatch
WATCH=$(bench_tool failover_scale xvrrp-arpwatch)

vrrp_vip_list "$count" >"$LAB_TMP/all-vips.txt"
awk -v n="$count" -v k="$sample" 'BEGIN {
    for (i = 0; i < k; i++) print (k == 1 ? 1 : 1 + int(i * (n - 1) / (k - 1) + 0.5)) }' |
    while read -r i; do bench_vip "$i"; done | sort -u >"$LAB_TMP/ask-vips.txt"

# trial IMPL N: one failover; prints its JSON.
trial() {
    local impl=$1 n=$2 b1=$LAB_TMP/body-r1.conf b2=$LAB_TMP/body-r2.conf c1 c2 settle
    local ready=$LAB_TMP/watch.ready pid t_fault_ms s2 r2_done_ms="" watch
    vrrp_instances "$b1" "$count" 150
    vrrp_instances "$b2" "$count" 100
    c1=$("impl_${impl}_conf" r1 "$b1")
    c2=$("impl_${impl}_conf" r2 "$b2")
    ip -n "$NS_R1" link set "$LAB_IF" up
    pair_start "$impl" "$c1" "$impl" "$c2"
    settle=$(pair_wait_settled "$impl" "$impl" "$count" 3 "$settle_max" "$LAB_TMP/startup-$impl-$n.txt")
    if [[ $(jq -r .settled <<<"$settle") != true ]]; then
        local u1 u2
        u1=$("impl_${impl}_summary" r1)
        u2=$("impl_${impl}_summary" r2)
        pair_stop "$impl" "$impl"
        jq -n -c --arg impl "$impl" --argjson n "$n" --argjson s "$settle" --argjson u1 "$u1" --argjson u2 "$u2" \
            '{impl: $impl, trial: $n, ok: false, startup: $s,
              note: "the pair did not settle before the fault: r1 \($u1 | {master, backup, fault, other}), r2 \($u2 | {master, backup, fault, other})"}'
        return 0
    fi
    rm -f "$ready"
    start_bg watch "$NS_C" "$WATCH" --iface eth0 --src-ip "$C_IP" --ask-file "$LAB_TMP/ask-vips.txt" \
        --garp-file "$LAB_TMP/all-vips.txt" --round-us 10000 --duration-ms $(((window + 1) * 1000)) \
        --ready-file "$ready"
    pid=$LAB_LAST_PID
    wait_until 5 test -e "$ready" || fail "xvrrp-arpwatch did not start"
    sleep 1
    t_fault_ms=$(date +%s%3N)
    ip -n "$NS_R1" link set "$LAB_IF" down
    kill -USR1 "$pid"
    # r2 taking over every instance, seen through its own reports (polled).
    wait_until "$window" _all_master "$impl" "$count" && r2_done_ms=$(($(date +%s%3N) - t_fault_ms))
    wait_pid_gone "$pid" $((window + 10)) || fail "xvrrp-arpwatch did not finish"
    watch=$(bench_tool_json "$LAB_TMP/watch.log")
    s2=$("impl_${impl}_summary" r2)
    pair_stop "$impl" "$impl"
    ip -n "$NS_R1" link set "$LAB_IF" up
    jq -n -c --arg impl "$impl" --argjson n "$n" --argjson w "$watch" --argjson s2 "$s2" \
        --arg t0 "$t_fault_ms" --arg polled "$r2_done_ms" --argjson settle "$settle" '
        {impl: $impl, trial: $n, ok: ($w.all_asked_answered_ms != null),
         startup: $settle,
         all_asked_answered_ms: $w.all_asked_answered_ms,
         all_vips_garped_ms: $w.all_vips_garped_ms,
         garps_total: $w.garps_total,
         vips_with_garp: $w.vips_with_garp,
         garps_per_vip: ($w.per_vip_garps | map(.count) | sort | if length == 0 then null else {min: .[0], max: .[-1]} end),
         garp_macs: ($w.per_vip_garps | map(.macs) | add // [] | unique),
         answer_macs: ($w.per_asked | map(.mac // empty) | unique),
         asked: $w.asked, answered: $w.answered_after_mark, reachable_before: $w.reachable_before_mark,
         r2_master: $s2.master,
         r2_all_master_ms: (if $s2.last_change_unix_ms != null then $s2.last_change_unix_ms - ($t0 | tonumber) else null end),
         r2_all_master_polled_ms: ($polled | tonumber? // null),
         per_vip_first_garp_ms: ($w.per_vip_garps | map(.first_ms) | sort),
         per_asked_first_answer_ms: ($w.per_asked | map(.first_answer_ms))}'
}

_all_master() {
    [[ $("impl_$1_summary" r2 | jq -r .master) == "$2" ]]
}

results='{}' notes='[]' failed=0
for impl in $impls; do
    impl_unavailable "$impl" "$impl" results notes && continue
    : >"$LAB_TMP/trials-$impl.jsonl"
    for ((t = 1; t <= trials; t++)); do
        r=$(trial "$impl" "$t")
        echo "$r" >>"$LAB_TMP/trials-$impl.jsonl"
        info "$impl #$t: $(jq -c 'del(.per_vip_first_garp_ms, .per_asked_first_answer_ms, .startup)' <<<"$r")"
        ok=$(jq -r .ok <<<"$r")
        if [[ $ok != true ]]; then info "$impl #$t: startup: $(jq -c .startup <<<"$r")"; fi
    done
    entry=$(jq -s -c --arg v "$("impl_${impl}_version")" '
        def stats: map(select(. != null)) | sort as $s | ($s | length) as $n
          | if $n == 0 then null else {n: $n, min: $s[0], max: $s[$n - 1],
              median: (if $n % 2 == 1 then $s[($n - 1) / 2] else ($s[$n / 2 - 1] + $s[$n / 2]) / 2 end)} end;
        {version: $v, trials: length, measured: map(select(.ok)) | length,
         all_asked_answered_ms: (map(select(.ok) | .all_asked_answered_ms) | stats),
         all_vips_garped_ms: (map(select(.ok) | .all_vips_garped_ms) | stats),
         r2_all_master_ms: (map(select(.ok) | .r2_all_master_ms) | stats),
         garps_total: (map(select(.ok) | .garps_total) | stats),
         samples: .}' "$LAB_TMP/trials-$impl.jsonl")
    if [[ $(jq -r .measured <<<"$entry") == 0 ]]; then
        info "$impl: NOT MEASURED in any trial"
        failed=1
    fi
    json_set results ".[\"$impl\"]" "$entry"
done

body=$(jq -n -c --argjson r "$results" --argjson notes "$notes" --arg count "$count" --arg trials "$trials" \
    --arg sample "$sample" --arg window "$window" '{
    parameters: {instances: ($count | tonumber), advert_interval_ms: 10, version: 3, trials: ($trials | tonumber),
                 sampled_vips: ($sample | tonumber), ask_every_ms: 10, window_s: ($window | tonumber),
                 priorities: {r1: 150, r2: 100}, fault: "ip link set bond1 down in r1"},
    method: {
      lab: "scripts/lab.sh namespaces (bridge), extra addresses in 198.51.100.0/24 and 203.0.113.0/24; same instance blocks as bench/scale",
      client: "xvrrp-arpwatch on the client: broadcast ARP requests for the sampled VIPs every 10 ms; every ARP frame seen is checked; times in ms after the mark, which follows the link-down command",
      garps: "ARP frames with sender IP == target IP for one of the N VIPs, seen by the client within the window",
      r2_all_master_ms: "last transition on r2, from the implementation own timestamps (keepalived: its notify FIFO, stamped as read)"},
    design_anchor: {note: "DESIGN.md gives no figure for 255 VIPs; one VIP, 10 ms adverts, link down: keepalived 30/37/39 ms (bench/failover)"},
    implementations: $r,
    notes: $notes}')
bench_write_results failover_scale "$body"

# Plot: VIPs announced (first GARP) over time after the fault, first trial per implementation.
plots="" sep=""
for impl in $impls; do
    [[ -f $LAB_TMP/trials-$impl.jsonl ]] || continue
    head -n 1 "$LAB_TMP/trials-$impl.jsonl" | jq -r '.per_vip_first_garp_ms // [] | to_entries[] | "\(.value)\t\(.key + 1)"' \
        >"$LAB_TMP/garp-$impl.tsv"
    head -n 1 "$LAB_TMP/trials-$impl.jsonl" | jq -r '.per_asked_first_answer_ms // [] | map(select(. != null)) | sort | to_entries[] | "\(.value)\t\(.key + 1)"' \
        >"$LAB_TMP/ans-$impl.tsv"
    [[ -s $LAB_TMP/garp-$impl.tsv ]] && plots+="$sep\"$LAB_TMP/garp-$impl.tsv\" using 1:2 with steps lw 2 title \"$impl: VIPs with a GARP\""
    [[ -s $LAB_TMP/garp-$impl.tsv ]] && sep=", "
    [[ -s $LAB_TMP/ans-$impl.tsv ]] && plots+="$sep\"$LAB_TMP/ans-$impl.tsv\" using 1:(\$2 * $count / $sample) with points pt 7 ps 0.6 title \"$impl: sampled VIPs answering (scaled)\""
    [[ -s $LAB_TMP/ans-$impl.tsv ]] && sep=", "
done
if [[ -n $plots ]]; then
    bench_plot "$BENCH_RESULTS/failover_scale.png" 1000 500 <<EOF
set title "Failover of $count VIPs (10 ms adverts), r1 link down at 0 ($(date -u +%F)$( ((BENCH_QUICK)) && echo ', quick/noisy'))"
set xlabel "ms after the fault"
set ylabel "VIPs"
set yrange [0:$((count + 10))]
set key bottom right
plot $plots
EOF
fi

jq -r '.implementations | to_entries[] | select(.value != null)
    | "\(.key)\tall sampled VIPs answered: \(.value.all_asked_answered_ms.median) ms\tall VIPs GARPed: \(.value.all_vips_garped_ms.median) ms\tr2 all MASTER: \(.value.r2_all_master_ms.median) ms\tGARPs: \(.value.garps_total.median)\t(\(.value.measured)/\(.value.trials) trials)"' \
    "$BENCH_RESULTS/failover_scale.json"
((failed == 0)) || fail "an implementation could not be measured"
