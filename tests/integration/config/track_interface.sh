#!/usr/bin/env bash
# track_interface on an interface other than the instance's own: r1 tracks
# eth2 (weight 0: down means FAULT) in VI_A and eth3 (weight -150) in VI_B,
# each one end of a veth pair inside r1. eth2 losing carrier (its peer set
# down) puts VI_A in FAULT and r2 takes it over, while VI_B stays; carrier
# back, r1 preempts. eth3 set down drops VI_B's priority below r2's (BACKUP,
# not FAULT) and r2 takes it over; up again, r1 preempts.
source "$(dirname "$0")/common.bash"

lab_up
ns_veth_pair "$NS_R1" eth2 eth2p
ns_veth_pair "$NS_R1" eth3 eth3p
wait_until 3 link_running "$NS_R1" eth2 || fail "eth2 in r1 not running"
wait_until 3 link_running "$NS_R1" eth3 || fail "eth3 in r1 not running"

instance() { # NAME VRID PRIORITY [TRACK-LINE]
    cat <<CONF
vrrp_instance $1 {
    interface bond1
    virtual_router_id $2
    priority $3
    version 3
    advert_int 0.05
    virtual_ipaddress {
        192.0.2.$2/24
    }
${4:+    track_interface {
        $4
    \}}
}
CONF
}
{ instance VI_A 31 200 eth2; instance VI_B 32 200 "eth3 weight -150"; } >"$LAB_TMP/r1.conf"
{ instance VI_A 31 100; instance VI_B 32 100; } >"$LAB_TMP/r2.conf"
grep -q 'eth3 weight -150' "$LAB_TMP/r1.conf" || fail "r1.conf: $(cat "$LAB_TMP/r1.conf")"

xvrrp_start r1 "$NS_R1" -f "$LAB_TMP/r1.conf"
xvrrp_start r2 "$NS_R2" -f "$LAB_TMP/r2.conf"
for v in 31 32; do
    expect_state r1 $v MASTER 5
    expect_state r2 $v BACKUP 5
done
info "r1 MASTER of 31 and 32, r2 BACKUP"

# Carrier loss: eth2's peer goes down, eth2 stays administratively up.
ip -n "$NS_R1" link set eth2p down
expect_state r1 31 FAULT 5 "r1 VI_A with tracked eth2 without carrier"
expect_state r2 31 MASTER 5 "r2 VI_A after r1's FAULT"
wait_until 3 _lab_not ns_has_addr "$NS_R1" 192.0.2.31 || fail "r1 in FAULT still holds 192.0.2.31"
sleep 0.3 # six advert intervals: VI_B must not have moved
assert_eq MASTER "$(state_of r1 32)" "r1 VI_B while eth2 (not its tracked link) is down"
assert_eq BACKUP "$(state_of r2 32)" "r2 VI_B while eth2 is down"
info "eth2 no carrier: r1 VI_A FAULT, r2 MASTER; VI_B untouched"

ip -n "$NS_R1" link set eth2p up
expect_state r1 31 MASTER 5 "r1 VI_A after eth2's carrier returned (preempt)"
expect_state r2 31 BACKUP 5 "r2 VI_A after r1 preempted"
info "eth2 back: r1 VI_A MASTER again"

# Weighted: eth3 down lowers VI_B to 50 < 100, a BACKUP, not a FAULT.
ip -n "$NS_R1" link set eth3 down
wait_until 5 test "$(xvrrp_field r1 effective_priority 32)" = 50 ||
    fail "r1 VI_B effective priority $(xvrrp_field r1 effective_priority 32), expected 50"
expect_state r2 32 MASTER 5 "r2 VI_B after r1's priority fell to 50"
expect_state r1 32 BACKUP 5 "r1 VI_B at priority 50"
assert_eq MASTER "$(state_of r1 31)" "r1 VI_A while eth3 (not its tracked link) is down"
info "eth3 down: r1 VI_B priority 50, BACKUP; r2 MASTER"

ip -n "$NS_R1" link set eth3 up
wait_until 5 test "$(xvrrp_field r1 effective_priority 32)" = 200 ||
    fail "r1 VI_B effective priority $(xvrrp_field r1 effective_priority 32), expected 200"
expect_state r1 32 MASTER 5 "r1 VI_B after eth3 came back (preempt)"
expect_state r2 32 BACKUP 5 "r2 VI_B after r1 preempted"
info "PASS: track_interface: weight 0 faults, weight -150 hands over, both recover"
