# faults.bash: the chaos soak's nodes and faults (sourced by run.sh, after
# lab_up; uses $impl, $advert_int, $here, $pins_before, $NODES, $PRIO,
# $BASE_VIPS, $FLOOD).
# shellcheck shell=bash disable=SC2154 # those are run.sh's
#
# Controllers are started through lib/impl.bash, in a subshell so that a
# start that fails is recorded instead of ending the run. Everything about a
# node lives in files or in these arrays, never in a $(...) subshell.

CRASHES=0
HARNESS_RESTARTS=0
declare -A DOWN=() PIDS=()
: >"$LAB_TMP/crashes.txt"

ns_of() {
    local v="NS_${1^^}"
    echo "${!v}"
}

sleep_ms() {
    sleep "$(awk -v m="$1" 'BEGIN { printf "%.3f", m / 1000 }')"
}

# write_conf NODE PRIORITY "VIP/LEN...": the node's instance block, then its
# implementation's config file (the same path every time: SIGHUP re-reads it).
write_conf() {
    local node=$1 prio=$2 vips=$3 body=$LAB_TMP/body-$1 v
    {
        echo "vrrp_instance VI_10 {"
        echo "    state BACKUP"
        echo "    interface $LAB_IF"
        echo "    virtual_router_id 10"
        echo "    priority $prio"
        echo "    advert_int $advert_int"
        echo "    virtual_ipaddress {"
        for v in $vips; do echo "        $v"; done
        echo "    }"
        echo "}"
    } >"$body"
    "impl_${impl}_conf" "$node" "$body" >"$LAB_TMP/conf-$node"
}

node_log() {
    if [[ $impl == xvrrp ]]; then echo "$LAB_TMP/xv-$1.log"; else echo "$LAB_TMP/ka-$1.log"; fi
}

# node_pids NODE: the controller's processes (keepalived: parent and VRRP child).
node_pids() {
    if [[ $impl == xvrrp ]]; then
        cat "$LAB_TMP/xv-$1/pid" 2>/dev/null
    else
        keepalived_pids "$1"
    fi
}

# The process that takes SIGHUP (keepalived's parent, which tells its child).
node_main_pid() {
    local p
    p=$(node_pids "$1")
    echo "${p%% *}"
}

node_running() {
    local p
    [[ -n ${PIDS[$1]:-} ]] || return 1
    for p in ${PIDS[$1]}; do pid_alive "$p" || return 1; done
}

# node_start NODE: start the controller (one retry); the previous log is
# kept in LOG.all (start_bg truncates).
node_start() {
    local node=$1 log try
    log=$(node_log "$node")
    [[ -f $log ]] && cat "$log" >>"$log.all"
    for try in 1 2; do
        if ("impl_${impl}_start" "$node" "$(ns_of "$node")" "$(cat "$LAB_TMP/conf-$node")") >>"$LAB_TMP/starts.log" 2>&1; then
            PIDS[$node]=$(node_pids "$node")
            DOWN[$node]=0
            return 0
        fi
        info "$impl $node: start $try failed: $(tail -n 3 "$LAB_TMP/starts.log" | tr '\n' ' ')"
        sleep 1
    done
    echo "$(date -u +%T) $node: did not start twice" >>"$LAB_TMP/crashes.txt"
    PIDS[$node]=$(node_pids "$node")
    return 1
}

node_kill() {
    local p
    for p in $(node_pids "$1"); do kill -KILL "$p" 2>/dev/null || true; done
    for p in $(node_pids "$1"); do wait_pid_gone "$p" 5 || info "$1: pid $p survived SIGKILL"; done
}

node_restart() {
    HARNESS_RESTARTS=$((HARNESS_RESTARTS + 1))
    node_kill "$1"
    node_start "$1" || true
}

# check_alive: a controller that is gone without the schedule killing it is
# a crash: counted, its log's tail kept, and it is started again.
check_alive() {
    local n
    for n in "${NODES[@]}"; do
        [[ ${DOWN[$n]:-0} == 1 ]] && continue
        node_running "$n" && continue
        CRASHES=$((CRASHES + 1))
        {
            echo "$(date -u +%T) $n: controller gone (pids ${PIDS[$n]:-none}); log tail:"
            tail -n 5 "$(node_log "$n")" | sed 's/^/    /'
        } >>"$LAB_TMP/crashes.txt"
        info "CRASH: $impl $n is gone; restarting"
        node_kill "$n"
        node_start "$n" || true
    done
}

node_state() {
    local s
    if [[ $impl == xvrrp ]]; then
        xvrrp_state "$1"
    else
        s=$(keepalived_state "$1")
        echo "${s/#MASTER_RX_LOWER_PRI/MASTER}"
    fi
}

states() {
    local n out=""
    for n in "${NODES[@]}"; do out+="$n=$(node_state "$n") "; done
    echo "${out% }"
}

master_is() {
    [[ $(node_state "$1") == MASTER ]]
}

# One MASTER among the three, and the VIP answers the client.
lab_healthy() {
    local n m=0
    for n in "${NODES[@]}"; do
        [[ $(node_state "$n") == MASTER ]] && m=$((m + 1))
    done
    ((m == 1)) && ip netns exec "$NS_C" ping -c 1 -W 1 "$VIP" >/dev/null 2>&1
}

# iproute2 loading an object makes its ip/ tc/ xdp/ folders in the first
# bpffs in the mount table, which may be another lab's (or an xvrrp's pin
# root): it gets one of its own.
export TC_BPF_MNT
TC_BPF_MNT=$(mount_bpffs iproute2)

# drop_obj PCT: advert_drop.bpf.c built for PCT percent (cached).
drop_obj() {
    local o=$LAB_TMP/advert_drop_$1.o
    [[ -f $o ]] || clang -O2 -g -target bpf -DDROP_PCT="$1" -I"/usr/include/$(uname -m)-linux-gnu" \
        -c "$here/advert_drop.bpf.c" -o "$o" || fail "cannot build advert_drop.bpf.c"
    echo "$o"
}

hup() {
    kill -HUP "$(node_main_pid "$1")" 2>/dev/null || echo "SIGHUP to $1 failed; "
}

# run_fault CLASS NODE DURATION_MS PARAM: apply, hold, undo. Prints a note.
run_fault() {
    local cls=$1 node=$2 dur=$3 param=$4 ns p
    ns=$(ns_of "$node")
    case $cls in
        kill_restart)
            DOWN[$node]=1
            node_kill "$node"
            sleep_ms "$dur"
            node_start "$node" || echo "restart failed"
            ;;
        hup_priority | hup_vip)
            local vips=$BASE_VIPS prio=${PRIO[$node]}
            case $param in
                add) vips="$BASE_VIPS 192.0.2.252/24" ;;
                remove) vips="192.0.2.254/24" ;;
                replace) vips="192.0.2.254/24 192.0.2.252/24" ;;
                *) prio=$param ;;
            esac
            write_conf "$node" "$prio" "$vips"
            hup "$node"
            sleep_ms "$dur"
            write_conf "$node" "${PRIO[$node]}" "$BASE_VIPS"
            hup "$node"
            # A reload may replace keepalived's child: not a crash.
            sleep 0.3
            PIDS[$node]=$(node_pids "$node")
            ;;
        link_flap)
            ip -n "$ns" link set "$LAB_IF" down
            sleep_ms "$dur"
            ip -n "$ns" link set "$LAB_IF" up
            ;;
        iface_recreate)
            lab_unplug "$node"
            sleep_ms "$dur"
            lab_plug "$node"
            ;;
        advert_loss)
            ip -n "$NS_SW" link set dev "p-$node" xdpgeneric obj "$(drop_obj "$param")" sec xdp
            sleep_ms "$dur"
            ip -n "$NS_SW" link set dev "p-$node" xdpgeneric off
            ;;
        cpu_hog) cpu_hog "$node" "$dur" ;;
        arp_flood)
            start_bg flood "$NS_C" "$FLOOD" --iface eth0 --target "$VIP" --senders "${param#*x}" \
                --rate "${param%x*}" --duration-ms "$dur"
            p=$LAB_LAST_PID
            wait_pid_gone "$p" $((dur / 1000 + 5)) || { kill -KILL "$p" 2>/dev/null && echo "flood killed; "; }
            ;;
        *) fail "unknown fault class $cls" ;;
    esac
}

# cpu_hog NODE DURATION_MS: the controller and a busy loop share one CPU.
cpu_hog() {
    local node=$1 dur=$2 cpu p hog
    local -A mask=()
    p=$(node_main_pid "$node")
    cpu=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $37 }')
    [[ -n $cpu ]] || { echo "no controller to hog" && return 0; }
    for p in ${PIDS[$node]}; do
        mask[$p]=$(taskset -p "$p" 2>/dev/null | awk '{ print $NF }')
        taskset -a -p -c "$cpu" "$p" >/dev/null 2>&1 || true
    done
    start_bg "hog-$node" "$(ns_of "$node")" taskset -c "$cpu" bash -c 'while :; do :; done'
    hog=$LAB_LAST_PID
    sleep_ms "$dur"
    kill -KILL "$hog" 2>/dev/null || true
    wait_pid_gone "$hog" 5 || echo "hog $hog survived SIGKILL; "
    for p in "${!mask[@]}"; do
        [[ -n ${mask[$p]} ]] && taskset -a -p "${mask[$p]}" "$p" >/dev/null 2>&1
    done
    echo "cpu $cpu"
}

# finish_and_count_leftovers: stop every controller gracefully, then count
# what is left; prints JSON.
finish_and_count_leftovers() {
    local n ns pins=0 hostpins vips=0 xdp=0 tc=0 procs=0 stopfail=0 respawns=0 pl="" c pinl="" root
    for n in "${NODES[@]}"; do
        node_running "$n" || continue
        ("impl_${impl}_stop" "$n") >>"$LAB_TMP/starts.log" 2>&1 || {
            stopfail=$((stopfail + 1))
            node_kill "$n"
        }
    done
    sleep 0.5
    for n in "${NODES[@]}"; do
        ns=$(ns_of "$n")
        # progs.debug and maps.debug: the kernel's own, in every new bpffs.
        if [[ -f $LAB_TMP/xv-$n/pin-root ]]; then
            root=$(cat "$LAB_TMP/xv-$n/pin-root")
            c=$(find "$root" -mindepth 1 -not -path "$root/progs.debug" -not -path "$root/maps.debug" 2>/dev/null | sed "s|^$root/|$n:|")
            [[ -z $c ]] || pinl+="$(tr '\n' ' ' <<<"$c")"
            pins=$((pins + $(grep -c . <<<"$c" || true)))
        fi
        c=$(ip -n "$ns" -4 addr show | grep -cE 'inet 192\.0\.2\.25[234]/' || true)
        vips=$((vips + c))
        c=$(tc -n "$ns" filter show dev "$LAB_IF" egress 2>/dev/null | grep -c bpf || true)
        tc=$((tc + c))
        if [[ $impl == keepalived ]]; then
            c=$(cat "$(node_log "$n")"* 2>/dev/null | grep -ci 'died\|respawn' || true)
            respawns=$((respawns + c))
        fi
    done
    for ns in "$NS_R1" "$NS_R2" "$NS_R3" "$NS_C" "$NS_SW"; do
        c=$(ip -n "$ns" link show 2>/dev/null | grep -c 'xdp' || true)
        xdp=$((xdp + c))
        for c in $(ip netns pids "$ns" 2>/dev/null); do
            procs=$((procs + 1))
            pl+="$(cat "/proc/$c/comm" 2>/dev/null)($c) "
        done
    done
    # Helpers of ours still alive outside the namespaces (the watchdog aside;
    # a zombie is gone: _lab_registered_pids lists it until it is reaped).
    for c in $(_lab_registered_pids); do
        n=$(awk -v p="$c" '$1 == p { n = $3 } END { print n }' "$LAB_TMP/procs")
        [[ $n == watchdog* || " $pl" == *"($c) "* ]] && continue
        wait_pid_gone "$c" 3 && continue
        procs=$((procs + 1))
        pl+="$n($c) "
    done
    hostpins=$(($(find /sys/fs/bpf -maxdepth 1 -name 'xvrrp*' 2>/dev/null | wc -l) - pins_before))
    jq -n --argjson pins "$pins" --arg pinl "${pinl% }" --argjson hostpins "$hostpins" --argjson vips "$vips" --argjson xdp "$xdp" \
        --argjson tc "$tc" --argjson procs "$procs" --arg pl "${pl% }" --argjson stopfail "$stopfail" \
        --argjson respawns "$respawns" \
        '{leaked_pins: $pins, leaked_pins_list: $pinl, new_host_pins_sys_fs_bpf_xvrrp: $hostpins, vips_left: $vips,
          xdp_programs_left: $xdp, tc_programs_left: $tc, processes_left: $procs,
          processes_left_list: $pl, graceful_stops_failed: $stopfail,
          keepalived_child_respawns_logged: $respawns}'
}
