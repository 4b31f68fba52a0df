#!/usr/bin/env bash
# Failover benchmark: how long a client loses the VIP when the Master fails.
#
#   bench/failover/run.sh [--impl keepalived|xvrrp|all] [--fast-trials N] [--slow-trials N]
#                         [--intervals "10ms 1s"] [--faults "link_down router_dies graceful"]
#                         [--trace] [--results DIR] [--build DIR]
#
# One namespace lab (scripts/lab.sh): r1 (priority 150) is Master, r2
# (priority 100) Backup, VRRPv3, VIP 192.0.2.254/24. The client pings the VIP
# every 1 ms with xvrrp-probe; the outage is its longest run of unanswered
# requests. Per implementation, per advert interval (10 ms: --fast-trials,
# default 20; 1 s: --slow-trials, default 5; 100ms, with --intervals, takes
# --fast-trials too), per fault on r1:
#   link_down  ip link set bond1 down in r1
#   router_dies  link down in r1 and at once SIGKILL of the controller (every
#              process of it): the whole router dies (a SIGKILL alone leaves
#              the kernel of a crashed keepalived answering for the VIP)
#   graceful   SIGTERM the controller: priority-0 advert, VIPs released
# it reports min/median/max and every sample, and, once per interval, how
# many MACs answer ARP for the VIP after the fault (two = split answer).
# Nothing asks a router for its state until the longest possible outage has
# passed (4 intervals + 0.1 s): `xvrrp status` forks a process and talks to the
# controller that is taking over, a load keepalived's notify file does not
# put on the machine, and it used to run every 20 ms during the outage.
#
# --trace (link_down only): every trial also captures the switch's ports and
# writes RESULTS/failover_trace.tsv and failover_trace.json: the takeover
# chain (r1's last advert, the Master_Down_Interval deadline, for xvrrp the
# kernel's deadline, sweep, controller wake-up, MASTER, advert, VIP add and
# GARP from its log, then r2's first advert, GARP and echo reply on the wire
# and the client's first answer), in ms after the fault (trace.bash,
# trace_chain.py).
#
# Results: RESULTS/failover.json (an implementation not run this time keeps
# its previous entry, or null) and RESULTS/failover_timeline_IMPL.png, the
# probe's timeline of the first 10 ms link_down trial.
#
# Adding an implementation X: define impl_X_available (prints why not, fails),
# impl_X_version, impl_X_start NODE NS PRIORITY INTERVAL (10ms|1s),
# impl_X_state NODE (MASTER|BACKUP|...), impl_X_running NODE, impl_X_stop NODE
# (SIGTERM), impl_X_kill NODE (SIGKILL, then wait), impl_X_pids NODE and impl_X_master_mac NODE (the MAC
# the client resolves the VIP to); the trial driver does the rest.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

impls=all fast_trials=20 slow_trials=5 results=$repo/bench/results
intervals="10ms 1s" faults="link_down router_dies graceful" trace=0
while (($#)); do
    case $1 in
        --trace) trace=1 && shift && continue ;;
        --intervals) intervals=$2 ;;
        --faults) faults=$2 ;;
        --impl) impls=$2 ;;
        --fast-trials) fast_trials=$2 ;;
        --slow-trials) slow_trials=$2 ;;
        --results) results=$2 ;;
        --build) export XVRRP_BUILD_DIR=$2 ;;
        *) echo "usage: $0 [--impl keepalived|xvrrp|all] [--fast-trials N] [--slow-trials N] [--intervals LIST] [--faults LIST] [--trace] [--results DIR] [--build DIR]" >&2 && exit 2 ;;
    esac
    shift 2
done
[[ $impls == all ]] && impls="keepalived xvrrp"

LAB_TIMEOUT=${LAB_TIMEOUT:-7200}
source "$repo/tests/integration/lib/lab.bash"
source "$repo/tests/integration/peers/keepalived.bash"
source "$repo/tests/integration/peers/xvrrp.bash"
[[ $(id -u) -eq 0 ]] || { echo "failover bench: needs root" >&2 && exit 2; }
lab_init failover
lab_up
lab_require_probe
mkdir -p "$results"
trials_tsv=$LAB_TMP/trials.tsv
: >"$trials_tsv"
trace_tsv=$LAB_TMP/trace.tsv
: >"$trace_tsv"
source "$here/trace.bash"

# advert interval in keepalived's seconds
interval_s() {
    case $1 in
        *ms) awk -v v="${1%ms}" 'BEGIN { print v / 1000 }' ;;
        *s) echo "${1%s}" ;;
    esac
}

# ------------------------------------------------------------ keepalived

impl_keepalived_available() {
    command -v keepalived >/dev/null || { echo "keepalived not installed" && return 1; }
}
impl_keepalived_version() {
    keepalived --version 2>&1 | awk 'NR == 1 {print $2}' | tr -d v
}
impl_keepalived_start() {
    local adv
    adv=$(interval_s "$4")
    keepalived_config "$1" --priority "$3" --advert-int "$adv" >/dev/null
    keepalived_start "$1" "$2"
}
# keepalived's FIFO also reports MASTER_RX_LOWER_PRI (a Master that heard a
# lower-priority advert, e.g. from a preempted r2): it is still MASTER.
impl_keepalived_state() {
    local s
    s=$(keepalived_state "$1")
    echo "${s/#MASTER_RX_LOWER_PRI/MASTER}"
}
impl_keepalived_running() {
    local parent
    parent=$(cat "$LAB_TMP/ka-$1/keepalived.pid" 2>/dev/null) && pid_alive "$parent"
}
impl_keepalived_stop() { keepalived_stop "$1"; }
impl_keepalived_kill() { keepalived_kill "$1"; }
impl_keepalived_pids() { keepalived_pids "$1"; }
# No use_vmac: keepalived's Master answers ARP with its own MAC.
impl_keepalived_master_mac() { lab_mac "$([[ $1 == r1 ]] && echo "$NS_R1" || echo "$NS_R2")" "$LAB_IF"; }

# ------------------------------------------------------------ xvrrp
# Default --xdp-mode auto (skb mode on veth), own bpffs and run dir per node.

impl_xvrrp_available() {
    [[ -x $(xvrrp_bin) ]] || { echo "not measured yet: no xvrrp binary at $(xvrrp_bin)" && return 1; }
}
impl_xvrrp_version() {
    echo "git-$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)+worktree"
}
impl_xvrrp_start() {
    xvrrp_start "$1" "$2" --vrid 10 --vip "$VIP/24" --priority "$3" --advert-int "$4" --version 3
}
impl_xvrrp_state() { xvrrp_state "$1"; }
impl_xvrrp_running() {
    local pid
    pid=$(cat "$LAB_TMP/xv-$1/pid" 2>/dev/null) && pid_alive "$pid"
}
impl_xvrrp_stop() { xvrrp_stop "$1"; }
impl_xvrrp_kill() { xvrrp_kill "$1"; }
impl_xvrrp_pids() { cat "$LAB_TMP/xv-$1/pid"; }
# The XDP program answers ARP for the VIP with the VMAC.
impl_xvrrp_master_mac() { echo 00:00:5e:00:01:0a; }

# ------------------------------------------------------------ trial driver

state_is() {
    [[ $("impl_$1_state" "$2") == "$3" ]]
}

client_arp_is() {
    ip -n "$NS_C" neigh show "$VIP" | grep -qi "lladdr $1"
}

# ensure_pair IMPL INTERVAL: r1 up and MASTER, r2 BACKUP, the client's ARP
# entry for the VIP on r1. On failure, pair_error says why.
ensure_pair() {
    local impl=$1 interval=$2 node ns prio timeout log
    timeout=$([[ $interval == *ms ]] && echo 5 || echo 12)
    ip -n "$NS_R1" link set "$LAB_IF" up
    for node in r1 r2; do
        if ! "impl_${impl}_running" "$node"; then
            # Keep the log of the previous run of this node (start_bg truncates it).
            for log in "$LAB_TMP/xv-$node.log" "$LAB_TMP/ka-$node.log"; do
                [[ -f $log ]] && cat "$log" >>"$log.all"
            done
            ns=$([[ $node == r1 ]] && echo "$NS_R1" || echo "$NS_R2")
            prio=$([[ $node == r1 ]] && echo 150 || echo 100)
            "impl_${impl}_start" "$node" "$ns" "$prio" "$interval"
        fi
    done
    if ! wait_until "$timeout" state_is "$impl" r1 MASTER; then
        pair_error="r1 is $("impl_${impl}_state" r1), not MASTER"
        return 1
    fi
    if ! wait_until "$timeout" state_is "$impl" r2 BACKUP; then
        pair_error="r2 is $("impl_${impl}_state" r2), not BACKUP"
        return 1
    fi
    local mac
    mac=$("impl_${impl}_master_mac" r1)
    if ! wait_until 3 client_arp_is "$mac"; then
        ip netns exec "$NS_C" ping -c 1 -W 1 "$VIP" >/dev/null 2>&1 || true
        wait_until 2 client_arp_is "$mac" || info "warning: client ARP for $VIP not on r1 ($mac)"
    fi
}

stop_pair() {
    local node
    for node in r1 r2; do
        if "impl_$1_running" "$node"; then "impl_$1_stop" "$node"; fi
    done
}

apply_fault() {
    case $2 in
        link_down) ip -n "$NS_R1" link set "$LAB_IF" down ;;
        router_dies)
            # The wire goes silent first: killing first would let the dead
            # controller's kernel answer for the VIP until the link goes
            # down, tens of ms later on a loaded box (the outage would then
            # measure the fork latency, not the implementation).
            "impl_$1_running" r1 || info "warning: the r1 controller was already gone before the fault"
            ip -n "$NS_R1" link set "$LAB_IF" down
            local pid
            for pid in $("impl_$1_pids" r1); do
                kill -KILL "$pid" 2>/dev/null || true
            done
            for pid in $("impl_$1_pids" r1); do
                wait_pid_gone "$pid" 5 || fail "$1 r1 (pid $pid) survived SIGKILL"
            done
            ;;
        graceful) "impl_$1_stop" r1 ;;
    esac
}

# run_trial IMPL INTERVAL FAULT N: one measurement, one TSV row:
# impl interval fault trial ok outage_ms outage_start_ms fault_at_ms lost responders note
run_trial() {
    local impl=$1 interval=$2 fault=$3 n=$4
    local timeline=$LAB_TMP/timeline-$impl-$interval-$fault-$n.txt
    local ok=1 note="" responders=-1 t_fault t_ready outage
    if ! ensure_pair "$impl" "$interval"; then
        note="no election before the fault: $pair_error"
        printf '%s\t%s\t%s\t%s\t0\t\t\t\t\t-1\t%s\n' "$impl" "$interval" "$fault" "$n" "$note" >>"$trials_tsv"
        info "$impl $interval $fault #$n: $note"
        stop_pair "$impl"
        return 0
    fi
    local tracing=0 t_fault_us
    [[ $trace == 1 && $fault == link_down ]] && tracing=1
    ((tracing)) && trace_start "$n"
    probe_start "$NS_C" "$VIP" 30000 "$timeline"
    sleep 0.2
    t_fault=$(date +%s%N)
    t_fault_us=${EPOCHREALTIME/[.,]/}
    apply_fault "$impl" "$fault"
    # No state queries while the backup takes over (see the header).
    sleep "$(awk -v i="$(interval_s "$interval")" 'BEGIN { print 4 * i + 0.1 }')"
    if ! wait_until 10 state_is "$impl" r2 MASTER; then
        ok=0 note="r2 did not become MASTER"
    fi
    sleep 0.5
    outage=$(probe_stop)
    t_ready=$(date -r "$LAB_TMP/probe.ready" +%s%N)
    if ((n == 1)) && [[ $fault == router_dies || $fault == link_down ]]; then
        responders=$(arp_responders "$NS_C" eth0 "$VIP" | wc -l)
    fi
    if ((tracing)); then
        trace_stop
        trace_row "$impl" "$interval" "$n" "$t_fault_us"
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$impl" "$interval" "$fault" "$n" "$ok" \
        "$outage" "$(probe_field outage_start_ms)" "$(awk -v f="$t_fault" -v r="$t_ready" 'BEGIN { printf "%.3f", (f - r) / 1e6 }')" \
        "$(probe_field lost)" "$responders" "$note" >>"$trials_tsv"
    info "$impl $interval $fault #$n: outage ${outage} ms${note:+ ($note)}"
    # A node whose controller was stopped or killed is restarted by the next
    # ensure_pair; a link that went down comes back up there.
    ((ok)) || stop_pair "$impl"
}

plot_timeline() {
    local impl=$1 data=$LAB_TMP/timeline-$1-10ms-link_down-1.txt
    [[ -f $data ]] || return 0
    local row start end
    row=$(awk -F'\t' -v i="$impl" '$1 == i && $2 == "10ms" && $3 == "link_down" && $4 == 1' "$trials_tsv")
    start=$(cut -f7 <<<"$row")
    end=$(awk -v s="$start" -v o="$(cut -f6 <<<"$row")" 'BEGIN { print s + o }')
    gnuplot <<EOF
set terminal pngcairo size 1000,420 font ",10"
set output "$results/failover_timeline_$impl.png"
set title "$impl: master link down, VRRPv3 10 ms adverts — client pings every 1 ms (outage $(cut -f6 <<<"$row") ms)"
set xlabel "time since probe start (ms)"
set ylabel "echo RTT (ms)"
set xrange [$start - 60 : $end + 60]
set yrange [0:*]
set key top right
set object 1 rect from $start, graph 0 to $end, graph 1 fc rgb "#fde0e0" fs solid 1.0 noborder behind
set arrow from $(cut -f8 <<<"$row"), graph 0 to $(cut -f8 <<<"$row"), graph 1 nohead dt 2 lc rgb "black"
set label "link down (±4 ms)" at $(cut -f8 <<<"$row"), graph 0.95 offset 0.5,0
plot "$data" using 2:(\$3 >= 0 ? \$3 / 1000.0 : 1/0) with points pt 7 ps 0.4 lc rgb "#1f77b4" title "answered", \
     "$data" using 2:(\$3 < 0 ? 0 : 1/0) with points pt 2 ps 0.6 lc rgb "#d62728" title "lost (drawn at 0)"
EOF
}

# ------------------------------------------------------------ results

impl_json() {
    local impl=$1 version=$2
    jq -R -s --arg impl "$impl" --arg version "$version" '
      def stats: sort as $s | ($s | length) as $n
        | if $n == 0 then null else
            {min: $s[0], max: $s[$n - 1],
             median: (if $n % 2 == 1 then $s[($n - 1) / 2] else ($s[$n / 2 - 1] + $s[$n / 2]) / 2 end)}
          end;
      [split("\n")[] | select(length > 0) | split("\t")
       | select(.[0] == $impl)
       | {interval: .[1], fault: .[2], trial: (.[3] | tonumber), ok: (.[4] == "1"),
          outage_ms: (.[5] | tonumber? // null), outage_start_ms: (.[6] | tonumber? // null),
          fault_at_ms: (.[7] | tonumber? // null), lost: (.[8] | tonumber? // null),
          arp_responders_after: (.[9] | tonumber), note: .[10]}]
      | {version: $version,
         results: (group_by(.interval) | map({key: .[0].interval, value:
           (group_by(.fault) | map({key: .[0].fault, value: {
              trials: length,
              failed: map(select(.ok | not)) | length,
              outage_ms: (map(select(.ok) | .outage_ms) | stats),
              samples_ms: map(select(.ok) | .outage_ms),
              arp_responders_after: (map(select(.arp_responders_after >= 0) | .arp_responders_after) | first),
              notes: (map(select(.note != "") | "trial \(.trial): \(.note)"))}}) | from_entries)})
           | from_entries)}' "$trials_tsv"
}

write_results() {
    local out=$results/failover.json prev='{}' impl entries='{}' j
    [[ -f $out ]] && prev=$(cat "$out")
    for impl in keepalived xvrrp; do
        if [[ -f $LAB_TMP/json-$impl ]]; then
            j=$(cat "$LAB_TMP/json-$impl")
        else
            j=$(jq -c --arg i "$impl" '.implementations[$i] // null' <<<"$prev")
        fi
        entries=$(jq -c --arg i "$impl" --argjson v "$j" '. + {($i): $v}' <<<"$entries")
    done
    jq -n --argjson impls "$entries" --arg date "$(date -u +%FT%TZ)" --arg kernel "$(uname -r)" \
        --arg cpus "$(nproc)" --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" '{
      benchmark: "failover",
      date: $date,
      host: {kernel: $kernel, cpus: ($cpus | tonumber), loadavg_at_end: $load},
      method: {
        lab: "scripts/lab.sh: namespaces r1, r2, client on a Linux bridge (veth), interface bond1",
        routers: {r1: {priority: 150, role: "Master before the fault"}, r2: {priority: 100}},
        protocol: "VRRPv3, VRID 10, VIP 192.0.2.254/24",
        probe: "xvrrp-probe from the client: ICMP echo to the VIP every 1000 us; outage = longest run of unanswered requests (ms)",
        faults: {link_down: "ip link set bond1 down in r1", router_dies: "ip link set bond1 down in r1, then at once SIGKILL of every process of the r1 controller",
                 graceful: "SIGTERM of the r1 controller (priority-0 advert)"},
        fault_at_ms: "when the fault command was issued, from the probe start; the probe start is its ready file mtime, so within a clock tick (about 4 ms)",
        arp_responders_after: "distinct MACs answering 3 broadcast ARP requests for the VIP after the first trial of that fault (xvrrp: both routers would answer with the same VMAC, so 1 does not prove a single responder there; tests/integration/controller/sigkill_detach.sh checks that)"
      },
      design_anchor_keepalived_ms: {"10ms": {link_down: [30, 37, 39], graceful: [16, 17, 18]}, note: "DESIGN.md, min/median/max of 3 trials"},
      implementations: $impls,
      notes: (if $impls.xvrrp == null then {xvrrp: "not measured: run bench/failover/run.sh --impl xvrrp with a built controller"} else {} end)
    }' >"$out.tmp"
    mv "$out.tmp" "$out"
    info "wrote $out"
}

for impl in $impls; do
    if ! why=$("impl_${impl}_available"); then
        info "$impl: skipped: $why"
        continue
    fi
    for interval in $intervals; do
        trials=$([[ $interval == *ms ]] && echo "$fast_trials" || echo "$slow_trials")
        for fault in $faults; do
            for ((n = 1; n <= trials; n++)); do
                run_trial "$impl" "$interval" "$fault" "$n"
            done
        done
        stop_pair "$impl"
    done
    impl_json "$impl" "$("impl_${impl}_version")" >"$LAB_TMP/json-$impl"
    plot_timeline "$impl"
done
cp "$trials_tsv" "$results/failover_trials.tsv.tmp" 2>/dev/null || true
write_results
if ((trace)); then
    { python3 -c "import sys; sys.path.insert(0, '$here'); from trace_chain import COLUMNS; print('\t'.join(COLUMNS))"
      cat "$trace_tsv"; } >"$results/failover_trace.tsv"
    (cd "$here" && python3 trace_summary.py "$results/failover_trace.tsv") >"$results/failover_trace.json"
    info "wrote $results/failover_trace.tsv and failover_trace.json"
fi
jq -r '.implementations | to_entries[] | select(.value != null) | .key as $i | .value.results | to_entries[]
       | .key as $iv | .value | to_entries[]
       | "\($i)\t\($iv)\t\(.key)\tmin/median/max \(.value.outage_ms.min)/\(.value.outage_ms.median)/\(.value.outage_ms.max) ms\tfailed \(.value.failed)/\(.value.trials)\tARP responders after: \(.value.arp_responders_after)"' \
    "$results/failover.json"
