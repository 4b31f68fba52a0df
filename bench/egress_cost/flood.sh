#!/usr/bin/env bash
# The egress program on real traffic: CPU per frame sent through clsact egress
# with no clsact, with a TC_ACT_UNSPEC program, and with xvrrp_egress.
#
#   bench/egress_cost/flood.sh [--quick] [--frames N] [--trials N] [--results DIR] [--build DIR]
#
# Two namespaces joined by one veth pair: the sender (xvrrp_egress_flood:
# AF_PACKET sendmmsg at full speed on eth0, attaching each hook in turn) and
# the receiver, whose end drops everything in XDP (xvrrp-bench-reflector
# --mode drop), so the frames cost the same after egress in every case.
# Frames: a forwarded IPv4 packet (source not a VIP: the lookup miss), IPv4
# data from a VIP (Ethernet source rewritten), an NS from a VIP (option and
# ICMPv6 checksum rewritten); maps as bench/egress_cost/run.sh.
# Results: RESULTS/egress_flood.json and .png. Needs root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/common.bash"
bench_args "$@"
frames=$(bench_pick 200000 400000) trials=$(bench_pick 3 15)
set -- "${BENCH_ARGS[@]}"
while (($#)); do
    case $1 in
        --frames) frames=$2 ;;
        --trials) trials=$2 ;;
        *) echo "usage: $0 [--quick] [--frames N] [--trials N] [--results DIR] [--build DIR]" >&2 && exit 2 ;;
    esac
    shift 2
done
bench_require_root
export LAB_TIMEOUT=$((120 + trials * 9 * frames / 200000))
lab_init egressflood
bench_require_tool egress_cost xvrrp_egress_flood
bench_require_tool arp_flood xvrrp-bench-reflector
FLOOD=$(bench_tool egress_cost xvrrp_egress_flood)
REFLECTOR=$(bench_tool arp_flood xvrrp-bench-reflector)

NS_S=xvb-$$-s NS_R=xvb-$$-r
lab_on_cleanup "ip netns del $NS_S 2>/dev/null; ip netns del $NS_R 2>/dev/null"
ip netns add "$NS_S"
ip netns add "$NS_R"
ip -n "$NS_S" link add eth0 type veth peer name eth0 netns "$NS_R"
for ns in "$NS_S" "$NS_R"; do
    ip -n "$ns" link set lo up
    ip -n "$ns" link set eth0 up
done
info "namespaces $NS_S (sender, eth0) <-> $NS_R (receiver, eth0, XDP drop)"

rm -f "$LAB_TMP/drop.ready"
start_bg xdp-drop "$NS_R" "$REFLECTOR" --iface eth0 --mode drop \
    --duration-ms $((LAB_TIMEOUT * 1000)) --ready-file "$LAB_TMP/drop.ready"
drop_pid=$LAB_LAST_PID
wait_until 10 test -e "$LAB_TMP/drop.ready" || fail "XDP drop did not attach in $NS_R"

ns_run "$NS_S" "$FLOOD" --iface eth0 --frames "$frames" --trials "$trials" \
    --out "$LAB_TMP/flood.json" || fail "xvrrp_egress_flood failed"
kill -TERM "$drop_pid" 2>/dev/null
wait_pid_gone "$drop_pid" 5 || fail "XDP loader did not stop"

body=$(jq --argjson frames "$frames" --argjson trials "$trials" \
    '{parameters: {frames_per_trial: $frames, trials: $trials, routers_per_family: 255,
                   vips_per_family: 255, batch: 64},
      method: .method,
      design_anchor: "DESIGN.md Performance targets: cost as a difference to an anchor measured in the same run (here a TC program returning TC_ACT_UNSPEC, on the same frames)",
      results: .results, over_trivial: .over_trivial}' "$LAB_TMP/flood.json")
bench_write_results egress_flood "$body"

plot_tsv "$LAB_TMP/plot.tsv" '.results | to_entries[]
    | [.key, .value.none.cpu_ns_per_frame.median, .value.trivial_tc.cpu_ns_per_frame.median,
       .value.xvrrp_egress.cpu_ns_per_frame.median] | @tsv' "$body"
bench_plot "$BENCH_RESULTS/egress_flood.png" 900 450 <<EOF
set title "Sender CPU per frame through clsact egress on a veth, median of $trials x $frames frames ($(date -u +%F)$( ((BENCH_QUICK)) && echo ', quick/noisy'))"
set style data histograms
set key top left
set offsets 0, 0, graph 0.15, 0
set style fill solid 0.8 border -1
set boxwidth 0.9
set ylabel "sender thread CPU ns per frame"
set yrange [0:*]
plot "$LAB_TMP/plot.tsv" using 2:xtic(1) title "no clsact", "" using 3 title "TC_ACT_UNSPEC program", "" using 4 title "xvrrp_egress"
EOF
