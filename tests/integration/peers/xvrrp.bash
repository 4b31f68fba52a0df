# xvrrp.bash: the xvrrp controller as a lab router, driven through its CLI
# contract (xvrrp attach/status/stats/detach). Source after lib/lab.bash.
#
#   xvrrp_start r1 "$NS_R1" --vrid 10 --vip "$VIP/24" --priority 150 --advert-int 10ms
#   xvrrp_wait_state r1 MASTER 5 || fail "r1 never became MASTER"
#   xvrrp_status r1 | jq .
#   xvrrp_kill r1
#
# `xvrrp status --json` is {"instances": [{"name", "vrid", "state",
# "master_ip", "priority", "effective_priority", "transitions", ...}]};
# `xvrrp stats --json` is {"interfaces": [{"interface", "counters": {...},
# "routers": [{"vrid", "state", "lease_remaining_ms", ...}]}]}.
#
# Each router gets $LAB_TMP/xv-NAME/ as --run-dir and its own bpffs (from
# mount_bpffs) as --pin-root, so two controllers never share pins or sockets.
# attach runs in the foreground (start_bg); SIGTERM is the graceful stop.

_xvrrp_dir() {
    echo "$LAB_TMP/xv-$1"
}

# xvrrp_start NAME NS [attach options...]: `xvrrp attach bond1 OPTIONS` in NS,
# then wait (5 s) until `xvrrp status` answers. Without options after NS the
# interface is bond1; pass -f FILE or the --vrid/--vip/... flags as needed.
# XVRRP_NO_IFACE=1: no interface named (every interface of the -f file).
# XVRRP_START_TIMEOUT / XVRRP_STOP_TIMEOUT: seconds (5) to wait for status
# after the start and for the exit after SIGTERM (thousands of instances).
xvrrp_start() {
    local name=$1 ns=$2
    shift 2
    local dir pins ifaces=("${XVRRP_IFACE:-bond1}")
    [[ ${XVRRP_NO_IFACE:-0} == 1 ]] && ifaces=()
    dir=$(_xvrrp_dir "$name")
    mkdir -p "$dir/run"
    # A restarted controller must find its predecessor's pins (hitless restart).
    if [[ ! -f $dir/pin-root ]]; then
        mount_bpffs "$name" >"$dir/pin-root"
    fi
    pins=$(cat "$dir/pin-root")
    start_bg "xv-$name" "$ns" "$(xvrrp_bin)" attach "${ifaces[@]}" "$@" \
        --pin-root "$pins" --run-dir "$dir/run" --log-level "${XVRRP_LOG_LEVEL:-debug}"
    echo "$LAB_LAST_PID" >"$dir/pid"
    echo "$ns" >"$dir/ns"
    wait_until "${XVRRP_START_TIMEOUT:-5}" xvrrp_status "$name" || fail "xvrrp $name: status does not answer after attach"
}

# xvrrp_status NAME: `xvrrp status --json` of that router.
xvrrp_status() {
    local dir
    dir=$(_xvrrp_dir "$1")
    ip netns exec "$(cat "$dir/ns")" "$(xvrrp_bin)" status --json --run-dir "$dir/run"
}

_xvrrp_instances() {
    jq -c '.instances'
}

# xvrrp_state NAME [VRID]: INIT, BACKUP, MASTER, FAULT, or NONE (no answer).
xvrrp_state() {
    local s
    s=$(xvrrp_status "$1" 2>/dev/null | _xvrrp_instances |
        jq -r --argjson v "${2:-10}" 'map(select(.vrid == $v))[0].state // empty' 2>/dev/null)
    echo "${s:-NONE}"
}

xvrrp_wait_state() {
    local name=$1 want=$2 timeout=${3:-10}
    wait_until "$timeout" _xvrrp_state_is "$name" "$want"
}

_xvrrp_state_is() {
    [[ $(xvrrp_state "$1") == "$2" ]]
}

# xvrrp_stats NAME [IFACE]: `xvrrp stats --json` against this router's pins
# (works without a running controller).
xvrrp_stats() {
    local dir
    dir=$(_xvrrp_dir "$1")
    ip netns exec "$(cat "$dir/ns")" "$(xvrrp_bin)" stats ${2:+"$2"} --json --pin-root "$(cat "$dir/pin-root")"
}

# xvrrp_counter NAME COUNTER: one kernel counter of bond1 (e.g. arp_reply,
# discard_v1_auth), from the pins.
xvrrp_counter() {
    xvrrp_stats "$1" "${XVRRP_IFACE:-bond1}" | jq -r --arg c "$2" '.interfaces[0].counters[$c]'
}

# xvrrp_field NAME FIELD [VRID]: one field of the instance's status (master_ip,
# transitions, effective_priority...).
xvrrp_field() {
    xvrrp_status "$1" | _xvrrp_instances |
        jq -r --arg f "$2" --argjson v "${3:-10}" 'map(select(.vrid == $v))[0][$f]'
}

# xvrrp_stop NAME: SIGTERM, the graceful stop (priority 0, VIPs removed, exit 0).
xvrrp_stop() {
    local pid
    pid=$(cat "$(_xvrrp_dir "$1")/pid" 2>/dev/null) || return 0
    # Already reaped (bash reaps its children any time) is fine: wait below.
    kill -TERM "$pid" 2>/dev/null || true
    wait_pid_gone "$pid" "${XVRRP_STOP_TIMEOUT:-5}" || fail "xvrrp $1 did not stop on SIGTERM"
}

# xvrrp_kill NAME: SIGKILL, a crash; the XDP program and pinned maps stay.
xvrrp_kill() {
    local pid
    pid=$(cat "$(_xvrrp_dir "$1")/pid")
    # Under set -e a kill of a process already killed and reaped (the bench
    # kills first, then calls this to wait) must not end the caller.
    kill -KILL "$pid" 2>/dev/null || true
    wait_pid_gone "$pid" 5 || fail "xvrrp $1 survived SIGKILL"
}

# xvrrp_detach NAME: remove what a killed controller left on the interface.
xvrrp_detach() {
    local dir
    dir=$(_xvrrp_dir "$1")
    ip netns exec "$(cat "$dir/ns")" "$(xvrrp_bin)" detach "${XVRRP_IFACE:-bond1}" \
        --pin-root "$(cat "$dir/pin-root")"
}
