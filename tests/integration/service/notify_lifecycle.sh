#!/usr/bin/env bash
# sd_notify from `xvrrp attach` to a datagram socket the test owns (the
# service manager's side, notify_listener.py), docs/operations.md "Running
# under systemd":
#   - READY=1 only once every instance has its first state: with
#     vrrp_startup_delay 3 the first datagram says "3 INIT" and READY=1
#     comes when the delay is over (what is left of it after attach, from
#     the log), with counts that have no INIT;
#   - STATUS= whenever the counts change, equal to `xvrrp status` (MASTER
#     of VRID 10, BACKUP of 11 under r2, FAULT of 12 on a dead tracked
#     link; the link comes back, 12 becomes MASTER);
#   - RELOADING=1 with MONOTONIC_USEC taken during the reload, then READY=1,
#     for an applied reload (an instance added) and a refused one (a syntax
#     error: the old configuration stays);
#   - STOPPING=1 at SIGTERM, and nothing claims READY after it.
source "$(dirname "$0")/common.bash"

lab_up
# eth2: tracked by VI_12; without carrier while its peer end is down.
ip -n "$NS_R1" link add eth2 type veth peer name eth2p
ip -n "$NS_R1" link set eth2 up

instance() { # NAME VRID PRIORITY [TRACK]
    cat <<CONF
vrrp_instance $1 {
    interface bond1
    virtual_router_id $2
    priority $3
    version 3
    advert_int 0.1
    virtual_ipaddress {
        192.0.2.$2/24
    }
${4:+    track_interface {
        $4
    \}}
}
CONF
}
CONF="$LAB_TMP/r1.conf"
{
    printf 'global_defs {\n    vrrp_startup_delay 3\n}\n'
    instance VI_10 10 150
    instance VI_11 11 100
    instance VI_12 12 150 eth2
} >"$CONF"

xvrrp_start r2 "$NS_R2" --vrid 11 --vip 192.0.2.11/24 --priority 200 --advert-int 100ms
wait_until 5 vrid_state_is r2 11 MASTER || fail "r2 never became MASTER of VRID 11"

notify_listen
NOTIFY_SOCKET=$NOTIFY_SOCKET_PATH xvrrp_start r1 "$NS_R1" -f "$CONF"
R1_PID=$(cat "$LAB_TMP/xv-r1/pid")

# ---- READY=1 after the first state, not before
wait_until 10 notify_has READY=1 || fail "no READY=1 within 10 s"
at_ready=$(status_counts r1)
first=$(notify_line 1)
ready_no=$(notify_after 0 READY=1)
ready=$(notify_line "$ready_no")
info "first datagram: $first"
info "READY datagram (#$ready_no): $ready; xvrrp status then: $at_ready"
[[ $first != *READY=1* ]] || fail "READY=1 in the first datagram, during vrrp_startup_delay: $first"
assert_eq "0 MASTER, 0 BACKUP, 0 FAULT, 3 INIT" "$(notify_status_of "$first")" \
    "STATUS= during vrrp_startup_delay"
ready_status=$(notify_status_of "$ready")
[[ -n $ready_status && $ready_status != *INIT* ]] || fail "READY=1 sent with '$ready_status'"
[[ $at_ready != *INIT* ]] || fail "READY=1 received while xvrrp status says $at_ready"
waited=$(((${ready%%|*} - ${first%%|*}) / 1000))
held=$(sed -n 's/.*stay in INIT for \([0-9]*\) ms more.*/\1/p' "$LAB_TMP/xv-r1.log")
info "READY=1 $waited ms after the first datagram; the delay had $held ms left after attach"
[[ -n $held ]] || fail "r1 did not hold its instances (vrrp_startup_delay 3 over during attach?)"
# 250 ms: the first datagram leaves a little after that log line, later under load.
assert_ge "$waited" $((held - 250)) "ms from the first datagram (3 INIT) to READY=1"

# ---- STATUS= follows the counts
want="1 MASTER, 1 BACKUP, 1 FAULT"
wait_until 5 last_status_is "$want" || fail "last STATUS= '$(last_status)', want '$want'"
assert_eq "$want" "$(status_counts r1)" "xvrrp status counts"
ip -n "$NS_R1" link set eth2p up
want="2 MASTER, 1 BACKUP, 0 FAULT"
wait_until 5 last_status_is "$want" || fail "after eth2 came back: last STATUS= '$(last_status)', want '$want'"
assert_eq "$want" "$(status_counts r1)" "xvrrp status counts after eth2 came back"
dups=$(grep -o 'STATUS=[^|]*' "$NOTIFY_LOG" | uniq -d | wc -l)
assert_eq 0 "$dups" "STATUS= repeated without a change: $(grep -o 'STATUS=[^|]*' "$NOTIFY_LOG" | tr '\n' ';')"
info "STATUS= lines: $(grep -o 'STATUS=[^|]*' "$NOTIFY_LOG" | tr '\n' ';')"

# ---- RELOADING=1 ... READY=1 around SIGHUP
# reload_check WHAT: SIGHUP, then RELOADING=1 with a MONOTONIC_USEC taken
# between the signal and READY=1, then READY=1.
reload_check() {
    local from before reloading_no ready_no line usec
    from=$(wc -l <"$NOTIFY_LOG")
    before=$(mono_us)
    kill -HUP "$R1_PID"
    wait_until 5 notify_has_after "$from" READY=1 || fail "$1: no READY=1 after SIGHUP"
    reloading_no=$(notify_after "$from" RELOADING=1)
    ready_no=$(notify_after "$from" READY=1)
    [[ -n $reloading_no ]] || fail "$1: no RELOADING=1 after SIGHUP: $(tail -n +$((from + 1)) "$NOTIFY_LOG")"
    ((reloading_no < ready_no)) || fail "$1: READY=1 (#$ready_no) before RELOADING=1 (#$reloading_no)"
    line=$(notify_line "$reloading_no")
    usec=$(tr '|' '\n' <<<"$line" | sed -n 's/^MONOTONIC_USEC=//p')
    [[ $usec =~ ^[0-9]+$ ]] || fail "$1: RELOADING=1 without MONOTONIC_USEC: $line"
    assert_ge "$usec" "$before" "$1: MONOTONIC_USEC (CLOCK_MONOTONIC us) not before SIGHUP"
    assert_le "$usec" "$(notify_line "$ready_no" | cut -d'|' -f1)" "$1: MONOTONIC_USEC not after READY=1"
    info "$1: $line, then $(notify_line "$ready_no")"
}
instance VI_13 13 150 >>"$CONF"
reload_check "reload adding VI_13"
want="3 MASTER, 1 BACKUP, 0 FAULT"
wait_until 5 last_status_is "$want" || fail "after the reload: last STATUS= '$(last_status)', want '$want'"
assert_eq "$want" "$(status_counts r1)" "xvrrp status counts after the reload"

echo "vrrp_instance VI_14 {" >>"$CONF" # unbalanced: the reload is refused
reload_check "refused reload"
assert_eq 4 "$(xvrrp_status r1 | jq '.instances | length')" "instances after the refused reload"

# ---- STOPPING=1 at SIGTERM
from=$(wc -l <"$NOTIFY_LOG")
kill -TERM "$R1_PID"
wait_pid_gone "$R1_PID" 5 || fail "xvrrp did not stop on SIGTERM"
stop_no=$(notify_after "$from" STOPPING=1)
[[ -n $stop_no ]] || fail "no STOPPING=1 after SIGTERM: $(tail -n +$((from + 1)) "$NOTIFY_LOG")"
[[ -z $(notify_after "$stop_no" READY=1) ]] || fail "READY=1 after STOPPING=1"
info "SIGTERM: $(notify_line "$stop_no")"
info "PASS: READY=1 after the first states, STATUS= with the counts, RELOADING/READY around SIGHUP, STOPPING at SIGTERM"
