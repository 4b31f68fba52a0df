# neigh.bash: a client's neighbour table over a test, for the VMAC checks
# (DESIGN decision 3: a client maps a VIP to the VMAC, never to a router's
# real MAC). Source after lab.bash; both families.
#
#   neigh_sampler_start "$NS_C" eth0       # every change, and a dump every 20 ms
#   ...                                    # first contact, failover, ...
#   neigh_sampler_stop
#   neigh_check "$(vmac6 10)" "$VIP6" || fail "..."   # prints what broke

# neigh_sampler_start NS IF [FILE]: watch the neighbour table (both families) of IF in
# NS two ways until neigh_sampler_stop: every change the kernel reports
# (`ip monitor neigh`, to $NEIGH_MONITOR_LOG) and a dump every 20 ms (to FILE,
# default $LAB_TMP/neigh.samples, each line prefixed with the time in ms).
neigh_sampler_start() {
    local ns=$1 ifname=$2 file=${3:-$LAB_TMP/neigh.samples}
    : >"$file"
    start_bg neigh-monitor "$ns" stdbuf -oL ip monitor neigh dev "$ifname"
    NEIGH_MONITOR_PID=$LAB_LAST_PID
    NEIGH_MONITOR_LOG=$LAB_TMP/neigh-monitor.log
    # shellcheck disable=SC2016 # expanded by the inner bash
    start_bg neigh-sampler - bash -c '
        while :; do
            t=$(date +%s%3N)
            ip -n "$1" neigh show dev "$2" | sed "s/^/$t /" >>"$3"
            sleep 0.02
        done' _ "$ns" "$ifname" "$file"
    NEIGH_SAMPLER_PID=$LAB_LAST_PID
}

neigh_sampler_stop() {
    local pid
    for pid in "$NEIGH_SAMPLER_PID" "$NEIGH_MONITOR_PID"; do
        kill -TERM "$pid" 2>/dev/null || true
        wait_pid_gone "$pid" 3 || fail "neighbour watcher $pid did not stop"
    done
}

# neigh_vip_macs VIP FILE...: "MAC COUNT" for each link-layer address the
# samples or monitor lines ever showed for VIP (entries without one,
# INCOMPLETE or FAILED, not counted).
neigh_vip_macs() {
    local vip=$1
    shift
    awk -v vip="$vip" '$1 == vip || $2 == vip {
            for (i = 2; i < NF; i++) if ($i == "lladdr") n[tolower($(i + 1))]++
        } END { for (m in n) print m, n[m] }' "$@"
}

# neigh_check VMAC VIP...: in the samples and monitor lines of the last
# neigh_sampler_start, every entry of every VIP that has a link-layer address
# has VMAC, and each VIP was resolved at some point. Otherwise prints what
# broke (the real MACs, the first line that showed one) and returns 1.
neigh_check() {
    local vmac=$1 vip macs bad first rc=0
    local -a files=("$LAB_TMP/neigh.samples" "$NEIGH_MONITOR_LOG")
    shift
    for vip in "$@"; do
        macs=$(neigh_vip_macs "$vip" "${files[@]}")
        if [[ -z $macs ]]; then
            echo "the client never resolved $vip ($(wc -l <"${files[0]}") sample lines)"
            rc=1
            continue
        fi
        info "client's neighbour entry for $vip: $(tr '\n' ' ' <<<"$macs")(MAC, lines)"
        bad=$(awk -v v="$vmac" '$1 != v' <<<"$macs")
        if [[ -n $bad ]]; then
            first=$(grep -h -F "$vip " "${files[@]}" | grep -iv -F "$vmac" | grep -m 1 lladdr || true)
            echo "the client's neighbour entry for $vip was not always the VMAC $vmac: $(tr '\n' ';' <<<"$bad") (MAC count); e.g. $first"
            rc=1
        fi
    done
    return $rc
}
