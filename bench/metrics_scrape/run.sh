#!/usr/bin/env bash
# Metrics scrape cost: does serving /metrics slow the controller's loop?
#
#   bench/metrics_scrape/run.sh [--quick] [--instances N] [--duration S] [--trials N]
#                               [--results DIR] [--build DIR]
#
# A lone xvrrp MASTER r1 runs N VRRPv3 instances at 10 ms (default 255) with
# `--metrics 127.0.0.1:9650`. Windows of --duration s (20; 8 with --quick)
# alternate, --trials times (3; 1 with --quick):
#   off  nobody scrapes: the anchor, in the same run
#   on   one curl (nice 19, --rate 10/s) scrapes http://127.0.0.1:9650/metrics
#        every 100 ms inside r1's namespace (the loop builds a snapshot per scrape; the exposer thread
#        reads the kernel maps and writes the text)
# In each window: the loop's own advert-timer lateness (its histogram
# xvrrp_advert_timer_lateness_seconds, read at the start and end), the gap
# between consecutive adverts of VRID 1 as captured by tcpdump on the switch
# port facing r1 (p50 / p99 / p99.9 / max: what a backup sees), the largest gap of any VRID and the gaps over 1.5 intervals
# (xvrrp-advert-counter, every VRID), r1's CPU (all threads), and the scrape
# durations seen by curl. Results: RESULTS/metrics_scrape.json.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/common.bash"
bench_args "$@"
instances=255 duration=$(bench_pick 8 20) trials=$(bench_pick 1 3)
set -- "${BENCH_ARGS[@]}"
while (($#)); do
    case $1 in
        --instances) instances=$2 ;;
        --duration) duration=$2 ;;
        --trials) trials=$2 ;;
        *) echo "usage: $0 [--quick] [--instances N] [--duration S] [--trials N] [--results DIR] [--build DIR]" >&2 && exit 2 ;;
    esac
    shift 2
done
bench_require_root
lab_require_cmd tcpdump curl jq
lab_require_xvrrp
export LAB_TIMEOUT=$((120 + trials * 2 * (duration + 15)))
lab_init metscrape
lab_up
lab_add_subnets
bench_require_tool lib xvrrp-advert-counter
COUNTER=$(bench_tool lib xvrrp-advert-counter)
URL=http://127.0.0.1:9650/metrics

vrrp_instances "$LAB_TMP/r1.conf" "$instances" 150
xvrrp_start r1 "$NS_R1" -f "$LAB_TMP/r1.conf" --metrics 127.0.0.1:9650
_all_master() {
    [[ $(xvrrp_status r1 | jq '[.instances[] | select(.state == "MASTER")] | length') == "$instances" ]]
}
wait_until 30 _all_master || fail "r1 did not bring its $instances instances to MASTER"
PID=$(cat "$(_xvrrp_dir r1)/pid")

# gaps_json FILE: tcpdump -tt lines -> {n, p50_ms, p99_ms, p999_ms, max_ms} of consecutive gaps.
gaps_json() {
    awk '{ t = $1 + 0; if (n++) print (t - prev) * 1000; prev = t }' "$1" | sort -g | awk '
        { v[NR] = $1 }
        function q(p) { i = int(p * NR + 0.5); if (i < 1) i = 1; if (i > NR) i = NR; return v[i] }
        END { if (NR == 0) { print "null"; exit }
              printf "{\"n\":%d,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,\"max_ms\":%.3f}\n",
                     NR, q(0.5), q(0.99), q(0.999), v[NR] }'
}

# lateness: the controller's own histogram of advert-timer lateness (how long
# after its deadline the loop ran each advert timer), read with one scrape,
# as {buckets: [[le, cumulative]...], sum, count}.
lateness() {
    ip netns exec "$NS_R1" curl -sf --max-time 2 "$URL" | awk '
        /^xvrrp_advert_timer_lateness_seconds_bucket/ {
            match($0, /le="[^"]*"/); le = substr($0, RSTART + 4, RLENGTH - 5)
            b = b sep "[\"" le "\"," $2 "]"; sep = "," }
        /^xvrrp_advert_timer_lateness_seconds_sum/ { sum = $2 }
        /^xvrrp_advert_timer_lateness_seconds_count/ { n = $2 }
        END { printf "{\"buckets\":[%s],\"sum\":%s,\"count\":%s}\n", b, sum, n }'
}

# lateness_delta BEFORE AFTER: the window's distribution: count, mean, the
# bucket bounds holding p50 / p99 / p99.9, and how many ran > 1 ms / > 10 ms late.
lateness_delta() {
    jq -n -c --argjson a "$1" --argjson b "$2" '
        ($b.count - $a.count) as $n
        | [range(0; $b.buckets | length) as $i
           | {le: $b.buckets[$i][0], c: ($b.buckets[$i][1] - $a.buckets[$i][1])}] as $d
        | def q(p): first($d[] | select(.c >= p * $n) | .le);
          def over(le): $n - first($d[] | select(.le == le) | .c);
          {n: $n, mean_us: (if $n > 0 then (($b.sum - $a.sum) / $n * 1e6 | round) else null end),
           p50_le_s: q(0.5), p99_le_s: q(0.99), p999_le_s: q(0.999),
           over_1ms: over("0.001"), over_10ms: over("0.01")}'
}

# scraper N: one curl process (nice 19) scraping N times at 10/s (--rate:
# no fork per scrape; stdbuf: a killed curl loses no -w line), each body kept in $LAB_TMP/body/ and each scrape's
# duration (s), size and HTTP code in $LAB_TMP/scrapes.txt.
scraper() {
    rm -rf "$LAB_TMP/body" && mkdir -p "$LAB_TMP/body"
    exec nice -n 19 ip netns exec "$NS_R1" stdbuf -oL curl -s --rate 10/s --max-time 1 \
        -w '%{time_total} %{size_download} %{http_code}\n' -o "$LAB_TMP/body/#1.txt" \
        "$URL?n=[1-$1]" >"$LAB_TMP/scrapes.txt"
}

# window KIND: one measured window; prints JSON.
window() {
    local kind=$1 ready=$LAB_TMP/counter.ready cpid tpid spid=0 c0 c1 t0 t1 wall scrapes=null l0 l1
    rm -f "$ready" "$LAB_TMP/scrapes.txt" "$LAB_TMP/vrid1.txt" "$LAB_TMP/build.txt"
    start_bg counter "$NS_SW" "$COUNTER" --iface p-r1 --duration-ms $((duration * 1000)) \
        --vrids "$instances" --interval-ms 10 --src "$R1_IP" --ready-file "$ready"
    cpid=$LAB_LAST_PID
    wait_until 5 test -s "$ready" || fail "xvrrp-advert-counter did not start"
    ip netns exec "$NS_SW" timeout "$duration" tcpdump -i p-r1 -n -tt -l -B 8192 \
        'ip proto 112 and ether src 00:00:5e:00:01:01' >"$LAB_TMP/vrid1.txt" 2>"$LAB_TMP/tcpdump.err" &
    tpid=$!
    if [[ $kind == on ]]; then
        scraper $((duration * 10)) &
        spid=$!
    fi
    l0=$(lateness)
    c0=$(cpu_tree_split "$PID") t0=$(date +%s%N)
    wait_pid_gone "$cpid" $((duration + 10)) || fail "xvrrp-advert-counter did not finish"
    c1=$(cpu_tree_split "$PID") t1=$(date +%s%N)
    # curl ends by itself after its N scrapes (a kill would lose its buffered -w lines).
    if ((spid)); then
        wait_pid_gone "$spid" 5 || kill "$spid" 2>/dev/null || true
        wait "$spid" 2>/dev/null || true
    fi
    l1=$(lateness)
    wait "$tpid" 2>/dev/null || true
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    if [[ $kind == on ]]; then
        scrapes=$(awk '$3 == 200 { print $1 * 1000, $2 }' "$LAB_TMP/scrapes.txt" | sort -g | awk -v bad="$(grep -vc ' 200$' "$LAB_TMP/scrapes.txt" || true)" '
            { v[NR] = $1; bytes = $2 }
            function q(p) { i = int(p * NR + 0.5); if (i < 1) i = 1; if (i > NR) i = NR; return v[i] }
            END { printf "{\"n\":%d,\"failed\":%d,\"bytes\":%d,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f}\n",
                         NR, bad, bytes, q(0.5), q(0.99), v[NR] }')
        # The loop's own time per scrape (xvrrp_metrics_snapshot_build_seconds).
        cat "$LAB_TMP"/body/*.txt | awk '/^xvrrp_metrics_snapshot_build_seconds / { print $2 * 1e6 }' >"$LAB_TMP/build.txt"
        scrapes=$(sort -g "$LAB_TMP/build.txt" | awk '{ v[NR] = $1 }
            END { printf "{\"n\":%d,\"p50_us\":%.1f,\"max_us\":%.1f}\n", NR, v[int((NR + 1) / 2)], v[NR] }' |
            jq -c --argjson s "$scrapes" '$s + {loop_build: .}')
    fi
    jq -n -c --arg kind "$kind" --argjson gaps "$(gaps_json "$LAB_TMP/vrid1.txt")" \
        --argjson adverts "$(bench_tool_json "$LAB_TMP/counter.log")" \
        --argjson cpu "$(cpu_proc_json "$c0" "$c1" "$wall")" --argjson scrapes "$scrapes" \
        --argjson late "$(lateness_delta "$l0" "$l1")" \
        '{kind: $kind, loop_lateness: $late, vrid1_gaps: $gaps, cpu: $cpu, scrapes: $scrapes,
          adverts: {max_gap_ms: $adverts.max_gap_ms, gaps_over_1_5x: $adverts.gaps_over_1_5x,
                    gaps_over_3x: $adverts.gaps_over_3x, drops: $adverts.drops,
                    per_vrid_per_s: $adverts.per_vrid_per_s}}'
}

runs='[]'
for ((t = 1; t <= trials; t++)); do
    for kind in off on; do
        w=$(window "$kind")
        info "trial $t $kind: $(jq -c '{lateness: .loop_lateness, gaps: .vrid1_gaps, max_gap_any: .adverts.max_gap_ms.max, over_1_5x: .adverts.gaps_over_1_5x, cores: .cpu.cores, scrapes: .scrapes}' <<<"$w")"
        runs=$(jq -c --argjson w "$w" --argjson t "$t" '. + [$w + {trial: $t}]' <<<"$runs")
    done
done
xvrrp_stop r1

summary=$(jq -c 'def s(k; f): map(select(.kind == k) | f) | sort | {min: .[0], median: .[(length - 1) / 2 | floor], max: .[-1]};
    {off: {late_mean_us: s("off"; .loop_lateness.mean_us), late_over_1ms: s("off"; .loop_lateness.over_1ms),
           late_over_10ms: s("off"; .loop_lateness.over_10ms), late_adverts: s("off"; .loop_lateness.n),
           vrid1_p99_ms: s("off"; .vrid1_gaps.p99_ms), vrid1_p999_ms: s("off"; .vrid1_gaps.p999_ms),
           vrid1_max_ms: s("off"; .vrid1_gaps.max_ms), max_gap_any_vrid_ms: s("off"; .adverts.max_gap_ms.max),
           cores: s("off"; .cpu.cores)},
     on: {late_mean_us: s("on"; .loop_lateness.mean_us), late_over_1ms: s("on"; .loop_lateness.over_1ms),
          late_over_10ms: s("on"; .loop_lateness.over_10ms), late_adverts: s("on"; .loop_lateness.n),
          vrid1_p99_ms: s("on"; .vrid1_gaps.p99_ms), vrid1_p999_ms: s("on"; .vrid1_gaps.p999_ms),
          vrid1_max_ms: s("on"; .vrid1_gaps.max_ms), max_gap_any_vrid_ms: s("on"; .adverts.max_gap_ms.max),
          cores: s("on"; .cpu.cores), scrape_p50_ms: s("on"; .scrapes.p50_ms),
          scrape_p99_ms: s("on"; .scrapes.p99_ms), loop_build_p50_us: s("on"; .scrapes.loop_build.p50_us),
          loop_build_max_us: s("on"; .scrapes.loop_build.max_us)}}' <<<"$runs")
body=$(jq -n -c --argjson runs "$runs" --argjson summary "$summary" --arg n "$instances" \
    --arg d "$duration" --arg t "$trials" '{
    parameters: {instances: ($n | tonumber), advert_interval_ms: 10, version: 3,
                 duration_s: ($d | tonumber), trials: ($t | tonumber), scrape_interval_ms: 100,
                 metrics_address: "127.0.0.1:9650"},
    method: {loop_lateness: "the controller'"'"'s histogram xvrrp_advert_timer_lateness_seconds (now - deadline of each advert timer it ran), read by one scrape at the start and end of every window (off too) and differenced; p*_le_s is the bucket bound holding that quantile",
             gaps: "tcpdump -tt on the switch port facing r1, adverts from the VMAC of VRID 1; gap = consecutive timestamps",
             all_vrids: "xvrrp-advert-counter on the same port: largest gap of any VRID, gaps over 1.5 and 3 intervals",
             cpu: "utime+stime of the xvrrp process (all threads: loop and exposer) over the window",
             scraper: "one curl process (nice 19, --rate 10/s) in r1'"'"'s namespace; its own CPU is not in cpu; the exposer thread runs at nice 10",
             anchor: "off windows of the same run, alternating with on windows"},
    design_anchor: {claim: "scraping must not slow the event loop (issue 11 item 5)"},
    summary: $summary, runs: $runs, notes: []}')
bench_write_results metrics_scrape "$body"
