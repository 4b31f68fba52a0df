# cascade.bash: the failover cascade on three xvrrp routers, priorities
# 200/150/100 (r1/r2/r3), one VRID, one VIP, VRRPv3. Source after common.bash.
#
#   three_cascade kill|stop INTERVAL_MS
#
# r1 is elected; r1 goes (SIGKILL: a crash, or SIGTERM: the graceful stop) →
# r2 MASTER, r3 BACKUP; r2 goes the same way → r3 MASTER; r2 restarts → r2
# preempts r3; r1 restarts → r1 preempts r2. After each step every
# controller's `status --json` agrees on the MASTER, exactly one router
# answers ARP (NS on IPv6) for the VIP, with the VMAC, and the client pings
# the VIP (three_settle); throughout, the capture and the status samples
# show no two masters beyond the bound of handover_check.py.

three_cascade() {
    local how=$1 iv=$2
    local -a q
    if [[ $THREE_FAMILY == 6 ]]; then
        # The virtual router's link-local address first (P4).
        q=(--vrid "$THREE_VRID" --vip fe80::1:33 --vip "$VIP6/64")
    else
        q=(--vrid "$THREE_VRID" --vip "$VIP/24")
    fi
    q+=(--advert-int "${iv}ms" --version 3)
    local -A prio=([r1]=200 [r2]=150 [r3]=100)
    start_router() {
        xvrrp_start "$1" "$(three_ns "$1")" "${q[@]}" --priority "${prio[$1]}"
    }

    three_watch "$iv" 20 r1 r2 r3
    three_action "start r1 r2 r3"
    start_router r1
    xvrrp_wait_state r1 MASTER 5 || fail "r1 alone never became MASTER: $(xvrrp_state r1)"
    start_router r2
    start_router r3
    three_settle r1 r2 r3

    three_action "$how r1"
    "xvrrp_$how" r1
    three_settle r2 r1=dead r3

    three_action "$how r2"
    "xvrrp_$how" r2
    three_settle r3 r1=dead r2=dead

    three_action "restart r2"
    start_router r2
    three_settle r2 r1=dead r3

    three_action "restart r1"
    start_router r1
    three_settle r1 r2 r3
    # A settled window long enough to see a late second master.
    sleep 0.5
    three_verdict
}
