# impl.bash: the VRRP implementations as plug-ins, so every bench drives
# keepalived and xvrrp the same way. An implementation X defines:
#
#   impl_X_available          prints why not and fails when it cannot run here
#   impl_X_version
#   impl_X_conf NODE BODY     prints the path of a config for NODE: its own
#                             global_defs + BODY (keepalived-syntax instances)
#   impl_X_start NODE NS CONF start it in NS; returns once it runs and answers
#   impl_X_stop NODE          graceful stop (SIGTERM), waits until it is gone
#   impl_X_reset NODE         after a stop: forget state kept for a restart, so
#                             the next start is a fresh one
#   impl_X_pids NODE          the controller's root PIDs (CPU: with descendants)
#   impl_X_summary NODE       JSON: {instances, master, backup, fault, other,
#                             changes, master_entries, last_change_unix_ms}
#
# changes = state changes after each instance's first reported state, summed
# over instances (leaving INIT is not a change); master_entries = times an
# instance entered MASTER (null where the implementation does not say);
# last_change_unix_ms = when the last change happened (null where unknown).
#
# keepalived reports states through its notify FIFO (peers/keepalived.bash):
# only MASTER, BACKUP and FAULT lines are states; MASTER_RX_LOWER_PRI (a
# master heard a lower priority) is an event, counted apart, and STOP ends it.
# xvrrp through `xvrrp status --json` (peers/xvrrp.bash).

# shellcheck disable=SC2034 # read by the bench scripts
BENCH_IMPLS_ALL="keepalived xvrrp"

impl_defined() {
    declare -F "impl_$1_start" >/dev/null
}

# impl_unavailable IMPL KEY RESULTS NOTES: true when IMPL cannot run here,
# after recording it: KEY = null in the JSON object variable RESULTS and
# "KEY: why" appended to the JSON array variable NOTES (the bench's result
# file says why an implementation is missing). False when it can run.
#   impl_unavailable "$impl" "$impl" results notes && continue
impl_unavailable() {
    local impl=$1 key=$2 why
    why=$("impl_${impl}_available") && return 1
    local -n _impl_notes=$4
    info "$key: skipped: $why"
    json_set "$3" ".[\"$key\"]" null
    _impl_notes=$(jq -c --arg n "$key: $why" '. + [$n]' <<<"$_impl_notes")
}

# ------------------------------------------------------------------ keepalived

impl_keepalived_available() {
    command -v "$KEEPALIVED" >/dev/null || { echo "keepalived not installed" && return 1; }
}

impl_keepalived_version() {
    "$KEEPALIVED" --version 2>&1 | awk 'NR == 1 { print $2 }' | tr -d v
}

# BENCH_KA_GLOBAL_EXTRA: more keepalived global_defs lines (e.g.
# dynamic_interfaces, for a bench that deletes and re-creates interfaces).

# BENCH_STARTUP_DELAY=S: both implementations get `vrrp_startup_delay S`.
_startup_delay_line() {
    [[ -z ${BENCH_STARTUP_DELAY:-} ]] || echo "    vrrp_startup_delay $BENCH_STARTUP_DELAY"
}

impl_keepalived_conf() {
    local node=$1 body=$2 dir
    dir=$(_ka_dir "$node")
    mkdir -p "$dir"
    {
        echo "global_defs {"
        echo "    router_id $node"
        echo "    vrrp_version 3"
        echo "    vrrp_notify_fifo $dir/notify.fifo"
        echo "    script_user root"
        echo "    enable_script_security"
        _startup_delay_line
        [[ -z ${BENCH_KA_GLOBAL_EXTRA:-} ]] || echo "    $BENCH_KA_GLOBAL_EXTRA"
        echo "}"
        cat "$body"
    } >"$dir/keepalived.conf"
    echo "$dir/keepalived.conf"
}

# The notify log has no times: a stamper follows it (tail -F, started
# before keepalived, and perl for the clock) and writes
# "unix_seconds.micro LINE" to ka-NODE-stamped.log, for the time of the
# last change.
impl_keepalived_start() {
    local node=$1 log=$LAB_TMP/ka-$1-notify.log stamped=$LAB_TMP/ka-$1-stamped.log
    _ka_stamper_stop "$node"
    rm -f "$log" "$stamped"
    # --pid: tail also ends with this bench, whatever happens to it.
    # shellcheck disable=SC2016 # expanded by the inner shell and perl
    start_bg "ka-$node-stamper" - bash -c \
        'tail -F -n +1 -s 0.02 --pid="$3" "$1" 2>/dev/null |
         perl -MTime::HiRes=time -ne '"'"'BEGIN { $| = 1 } printf "%.6f %s", time, $_'"'"' >"$2"' \
        stamper "$log" "$stamped" "$$"
    echo "$LAB_LAST_PID" >"$LAB_TMP/ka-$node-stamper.pid"
    keepalived_start "$node" "$2" "$3"
}

_ka_stamper_stop() {
    local pid
    pid=$(cat "$LAB_TMP/ka-$1-stamper.pid" 2>/dev/null) || return 0
    rm -f "$LAB_TMP/ka-$1-stamper.pid"
    # bash -c and its pipeline: the whole process group is ours.
    for p in $(cpu_descendants "$pid"); do kill -TERM "$p" 2>/dev/null || true; done
}

impl_keepalived_stop() {
    keepalived_stop "$1"
    # Let the stamper catch the last lines (STOP) before it goes.
    sleep 0.1
    _ka_stamper_stop "$1"
}

impl_keepalived_reset() {
    :
}

impl_keepalived_pids() {
    cat "$(_ka_dir "$1")/keepalived.pid" 2>/dev/null
}

impl_keepalived_summary() {
    local log=$LAB_TMP/ka-$1-notify.log last
    [[ -f $log ]] || { echo null && return; }
    # The newest line that is not an instance's first one.
    last=$(awk '$2 == "INSTANCE" && $4 ~ /^(MASTER|BACKUP|FAULT)$/ { if (seen[$3]++) t = $1 } END { if (t != "") printf "%.0f", t * 1000; else print "null" }' \
        "$LAB_TMP/ka-$1-stamped.log" 2>/dev/null)
    awk -v lastms="${last:-null}" '
        $1 == "INSTANCE" && $3 == "MASTER_RX_LOWER_PRI" { lower++ }
        $1 == "INSTANCE" && $3 ~ /^(MASTER|BACKUP|FAULT)$/ {
            lines[$2]++; last[$2] = $3
            if ($3 == "MASTER") entries++
        }
        END {
            for (i in lines) {
                n++; changes += lines[i] - 1
                if (last[i] == "MASTER") m++; else if (last[i] == "BACKUP") b++
                else if (last[i] == "FAULT") f++; else o++
            }
            printf "{\"instances\":%d,\"master\":%d,\"backup\":%d,\"fault\":%d,\"other\":%d,\"changes\":%d,\"master_entries\":%d,\"last_change_unix_ms\":%s,\"master_rx_lower_pri\":%d}\n",
                n, m, b, f, o, changes, entries, lastms, lower
        }' "$log"
}

# ------------------------------------------------------------------ xvrrp

impl_xvrrp_available() {
    [[ -x $(xvrrp_bin) ]] || { echo "not measured yet: no xvrrp binary at $(xvrrp_bin)" && return 1; }
}

impl_xvrrp_version() {
    local v
    if v=$("$(xvrrp_bin)" --version 2>/dev/null | head -n 1) && [[ -n $v ]]; then
        echo "$v"
    else
        echo "unknown ($(xvrrp_bin), built $(date -u -r "$(xvrrp_bin)" +%FT%TZ), tree at git $(git -C "$BENCH_REPO" rev-parse --short HEAD 2>/dev/null))"
    fi
}

impl_xvrrp_conf() {
    local node=$1 body=$2 conf=$LAB_TMP/xv-$1.conf
    {
        echo "global_defs {"
        echo "    router_id $node"
        echo "    vrrp_version 3"
        _startup_delay_line
        echo "}"
        cat "$body"
    } >"$conf"
    echo "$conf"
}

# BENCH_XVRRP_ARGS: more `xvrrp attach` options (word-split), e.g. --xdp-mode.
# Logs at info, as in production (the test harness defaults to debug).
impl_xvrrp_start() {
    # shellcheck disable=SC2086 # options, word-split on purpose
    XVRRP_LOG_LEVEL=${XVRRP_LOG_LEVEL:-info} xvrrp_start "$1" "$2" -f "$3" ${BENCH_XVRRP_ARGS:-}
}

impl_xvrrp_stop() {
    xvrrp_stop "$1"
}

# xvrrp keeps its pinned state across a restart on purpose (hitless restart):
# a bench run that changes the instances must not adopt the previous one's.
# The old bpffs stays mounted (lab cleanup unmounts it); the next start
# mounts a new one.
impl_xvrrp_reset() {
    xvrrp_detach "$1" >/dev/null 2>&1 || true
    rm -f "$LAB_TMP/xv-$1/pin-root"
}

impl_xvrrp_pids() {
    cat "$LAB_TMP/xv-$1/pid" 2>/dev/null
}

impl_xvrrp_summary() {
    local s log_entries
    s=$(xvrrp_status "$1" 2>/dev/null) || { echo null && return; }
    # master_entries: from status (added with the start-up listening period);
    # from an older binary the log's "-> MASTER" lines of this start
    # (start_bg truncates it), or half the changes (BACKUP -> MASTER -> BACKUP).
    log_entries=$(grep -c -- '-> MASTER' "$LAB_TMP/xv-$1.log" 2>/dev/null) || log_entries=0
    _xvrrp_instances <<<"$s" | jq -c --argjson logged "${log_entries:-0}" '{
        instances: length,
        master: map(select(.state == "MASTER")) | length,
        backup: map(select(.state == "BACKUP")) | length,
        fault: map(select(.state == "FAULT")) | length,
        other: map(select(.state != "MASTER" and .state != "BACKUP" and .state != "FAULT")) | length,
        changes: (map(.transitions // 0 | if . > 0 then . - 1 else 0 end) | add // 0),
        master_entries: ((map(.transitions // 0 | if . > 0 then . - 1 else 0 end) | add // 0) as $changes
                         | map(.master_entries // empty) | if length > 0 then add
                           else [$logged, ($changes / 2 | floor)] | max end),
        last_change_unix_ms: (map(.last_transition // empty | sub("\\.[0-9]+Z$"; "Z") as $s
                                  | (.[-4:-1] | tonumber) as $ms
                                  | ($s | fromdateiso8601) * 1000 + $ms) | max)}'
}

# ------------------------------------------------------------------ pairs

# pair_start IMPL1 CONF1 IMPL2 CONF2: r1 runs IMPL1, r2 IMPL2, started at the
# same moment (two background starts), returns when both answer. Prints
# nothing; BENCH_PAIR_T0_MS is when the starts were issued.
pair_start() {
    local i1=$1 c1=$2 i2=$3 c2=$4 p1 p2
    BENCH_PAIR_T0_MS=$(date +%s%3N)
    ("impl_${i1}_start" r1 "$NS_R1" "$c1") &
    p1=$!
    ("impl_${i2}_start" r2 "$NS_R2" "$c2") &
    p2=$!
    wait "$p1" || fail "$i1 on r1 did not start"
    wait "$p2" || fail "$i2 on r2 did not start"
}

# pair_stop IMPL1 IMPL2: stop both (in parallel: each may take a while with
# hundreds of instances), then reset both.
pair_stop() {
    local p1 p2
    ("impl_$1_stop" r1) &
    p1=$!
    ("impl_$2_stop" r2) &
    p2=$!
    wait "$p1" || info "warning: $1 on r1 did not stop cleanly"
    wait "$p2" || info "warning: $2 on r2 did not stop cleanly"
    _pair_kill_leftovers "$1" r1
    _pair_kill_leftovers "$2" r2
    "impl_$1_reset" r1
    "impl_$2_reset" r2
}

# A controller that ignored SIGTERM would spoil the next run: SIGKILL what
# is left of it (its own PIDs and their descendants, and only while they
# still run inside that node's namespace: a PID file may be stale).
_pair_kill_leftovers() {
    local pid roots ns
    ns=$([[ $2 == r1 ]] && echo "$NS_R1" || echo "$NS_R2")
    roots=$("impl_$1_pids" "$2") || return 0
    [[ -n $roots ]] || return 0
    # shellcheck disable=SC2086 # one PID per word
    for pid in $(cpu_descendants $roots); do
        if pid_alive "$pid" && [[ $(ip netns identify "$pid" 2>/dev/null) == "$ns" ]]; then
            info "warning: $1 on $2: PID $pid still running after the stop, SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
}

# pair_changes IMPL1 IMPL2: "changes_r1 changes_r2" (or "- -" when unknown).
pair_changes() {
    local a b
    a=$("impl_$1_summary" r1 | jq -r '.changes // "-"' 2>/dev/null)
    b=$("impl_$2_summary" r2 | jq -r '.changes // "-"' 2>/dev/null)
    echo "${a:--} ${b:--}"
}

# pair_wait_settled IMPL1 IMPL2 COUNT QUIET_S MAX_S TIMELINE: poll every
# 250 ms (BENCH_POLL_S) until r1 has COUNT MASTERs, r2 COUNT BACKUPs and neither changed
# state for QUIET_S seconds, or MAX_S passed. TIMELINE gets "ms_since_start
# changes_r1 changes_r2" whenever a count moved. Prints JSON: {settled,
# settle_s: when the last change happened, the earlier of two sightings
# that both come after it (the implementations' own transition times where
# they give them, and the poll that saw the count move), settle_s_from,
# last_poll_change_s, waited_s}.
pair_wait_settled() {
    local i1=$1 i2=$2 count=$3 quiet_ms=$(($4 * 1000)) max_ms=$(($5 * 1000)) timeline=$6
    local t0=$BENCH_PAIR_T0_MS now last_move prev="" cur s1 s2 settled=false
    last_move=$(date +%s%3N)
    : >"$timeline"
    while true; do
        now=$(date +%s%3N)
        cur=$(pair_changes "$i1" "$i2")
        if [[ $cur != "$prev" ]]; then
            echo "$((now - t0)) $cur" >>"$timeline"
            prev=$cur
            last_move=$now
        elif ((now - last_move >= quiet_ms)); then
            s1=$("impl_${i1}_summary" r1)
            s2=$("impl_${i2}_summary" r2)
            if [[ $(jq -r .master <<<"$s1") == "$count" && $(jq -r .backup <<<"$s2") == "$count" ]]; then
                settled=true
                break
            fi
        fi
        ((now - t0 >= max_ms)) && break
        sleep "${BENCH_POLL_S:-0.25}"
    done
    s1=$("impl_${i1}_summary" r1)
    s2=$("impl_${i2}_summary" r2)
    jq -n -c --argjson settled "$settled" --arg last "$((last_move - t0))" --arg t0 "$t0" \
        --arg waited "$(($(date +%s%3N) - t0))" --argjson s1 "$s1" --argjson s2 "$s2" '
        ($t0 | tonumber) as $t0n
        | ([$s1.last_change_unix_ms, $s2.last_change_unix_ms] | map(select(. != null and . >= $t0n)) | max) as $stamp
        | (($last | tonumber) / 1000) as $polled
        | (if $stamp != null then ($stamp - $t0n) / 1000 else null end) as $stamped
        | {settled: $settled,
           settle_s: ([$polled, $stamped] | map(select(. != null)) | min),
           settle_s_from: (if $stamped != null and $stamped <= $polled then "transition timestamps" else "polls" end),
           last_poll_change_s: (($last | tonumber) / 1000),
           waited_s: (($waited | tonumber) / 1000)}'
}
