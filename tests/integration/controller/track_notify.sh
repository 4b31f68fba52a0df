#!/usr/bin/env bash
# keepalived's tracking and notification through the controller: a failing
# vrrp_script lowers the MASTER's priority (weight -150: 200 -> 50) so the
# backup (100) takes over; the generic `notify` script sees the transitions
# in order; the instance's own link going down is a FAULT.
source "$(dirname "$0")/common.bash"

lab_up
conf() {  # NAME PRIORITY
    cat <<CONF
vrrp_script chk {
    script "/bin/sh -c 'test -e $TMP/$1.healthy'"
    interval 1
    weight -150
    fall 1
    rise 1
}
vrrp_instance VI_1 {
    interface bond1
    virtual_router_id 21
    priority $2
    version 3
    advert_int 0.05
    virtual_ipaddress {
        $VIP/24
    }
    track_script {
        chk
    }
    notify "/bin/sh -c 'echo \$1 \$2 \$3 \$4 >> $TMP/$1.notify' notify"
}
CONF
}
eff() { status "$1" | jq -r '.instances[0].effective_priority'; }
eff_is() { [[ $(eff "$1") == "$2" ]]; }

touch "$TMP/r1.healthy" "$TMP/r2.healthy"
conf r1 200 >"$TMP/r1.conf"
conf r2 100 >"$TMP/r2.conf"
start_router r1 "$NS_R1" -f "$TMP/r1.conf"
start_router r2 "$NS_R2" -f "$TMP/r2.conf"
wait_for 5 state_is r1 MASTER || fail "r1 not MASTER ($(state r1))"
wait_for 5 state_is r2 BACKUP || fail "r2 not BACKUP ($(state r2))"
wait_for 5 grep -q "INSTANCE VI_1 MASTER 200" "$TMP/r1.notify" || fail "no MASTER notification on r1"
log "r1 MASTER (notified), r2 BACKUP"

rm "$TMP/r1.healthy"
wait_for 5 eff_is r1 50 || fail "r1's priority did not drop to 50 ($(eff r1))"
wait_for 5 state_is r2 MASTER || fail "r2 did not take over from r1 at priority 50"
wait_for 5 state_is r1 BACKUP || fail "r1 did not step down ($(state r1))"
wait_for 5 grep -q "INSTANCE VI_1 BACKUP 50" "$TMP/r1.notify" || fail "no BACKUP notification on r1"
log "r1's script failed: priority 50, r2 MASTER, r1 BACKUP (notified)"

touch "$TMP/r1.healthy"
wait_for 5 eff_is r1 200 || fail "r1's priority did not come back ($(eff r1))"
wait_for 5 state_is r1 MASTER || fail "r1 did not preempt back"
log "r1 healthy again: MASTER"

ip -n "$NS_R2" link set bond1 down
wait_for 5 state_is r2 FAULT || fail "r2 not in FAULT with its link down ($(state r2))"
ip -n "$NS_R2" link set bond1 up
wait_for 5 state_is r2 BACKUP || fail "r2 did not recover from FAULT ($(state r2))"
grep -q "INSTANCE VI_1 FAULT" "$TMP/r2.notify" || fail "no FAULT notification on r2"
expected="INSTANCE VI_1 BACKUP 200
INSTANCE VI_1 MASTER 200
INSTANCE VI_1 BACKUP 50
INSTANCE VI_1 MASTER 200"
[[ $(cat "$TMP/r1.notify") == "$expected" ]] || fail "r1 notifications: $(cat "$TMP/r1.notify")"
echo "PASS: vrrp_script weight moves MASTER and back; notify in order; link down is FAULT"
