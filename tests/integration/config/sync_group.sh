#!/usr/bin/env bash
# vrrp_sync_group across two lab segments: VI_1 on bond1 and VI_2 on eth2
# (a second bridge), tied in group G on both routers. r1 (200) is MASTER of
# both. r1's eth2 going down faults VI_2, and the group holds VI_1 in FAULT
# too, so BOTH leave MASTER on r1 and BOTH become MASTER on r2; the group's
# notify sees it. eth2 back up, r1 preempts both. Then r1's VI_1 tracks a
# vrrp_script with weight -150: in a sync group weights are forced to 0
# (docs/tracking.md), so its failure is a FAULT of the whole group on r1, not
# a priority drop, and r2 again takes both.
source "$(dirname "$0")/common.bash"

lab_up
lab_second_segment eth2

conf() { # ROUTER PRIORITY [TRACK-SCRIPT]
    cat <<CONF
vrrp_script chk {
    script "/bin/sh -c 'test -e $LAB_TMP/$1.healthy'"
    interval 1
    weight -150
    fall 1
    rise 1
}
vrrp_sync_group G {
    group {
        VI_1
        VI_2
    }
    notify "/bin/sh -c 'echo \$1 \$2 \$3 >> $LAB_TMP/$1.gnotify' notify"
}
vrrp_instance VI_1 {
    interface bond1
    virtual_router_id 41
    priority $2
    version 3
    advert_int 0.05
    virtual_ipaddress {
        192.0.2.41/24
    }
${3:+    track_script {
        $3
    \}}
}
vrrp_instance VI_2 {
    interface eth2
    virtual_router_id 42
    priority $2
    version 3
    advert_int 0.05
    virtual_ipaddress {
        198.51.100.42/24
    }
}
CONF
}
touch "$LAB_TMP/r1.healthy"
conf r1 200 chk >"$LAB_TMP/r1.conf"
conf r2 100 >"$LAB_TMP/r2.conf"
grep -q '^        chk$' "$LAB_TMP/r1.conf" || fail "r1.conf: $(cat "$LAB_TMP/r1.conf")"

both_are() { # ROUTER STATE
    [[ $(state_of "$1" 41) == "$2" && $(state_of "$1" 42) == "$2" ]]
}
expect_both() { # ROUTER STATE WHAT
    wait_until 5 both_are "$1" "$2" ||
        fail "$3: $1 expected $2/$2, is $(state_of "$1" 41)/$(state_of "$1" 42) (VRID 41/42)"
}

xvrrp_start r1 "$NS_R1" eth2 -f "$LAB_TMP/r1.conf"
xvrrp_start r2 "$NS_R2" eth2 -f "$LAB_TMP/r2.conf"
expect_both r1 MASTER "startup"
expect_both r2 BACKUP "startup"
wait_until 3 grep -qx "GROUP G MASTER" "$LAB_TMP/r1.gnotify" || fail "no GROUP G MASTER notification on r1"
info "r1 MASTER of both, r2 BACKUP of both"

ip -n "$NS_R1" link set eth2 down
expect_both r1 FAULT "r1's eth2 down (VI_2 faulty, VI_1 held by the group)"
expect_both r2 MASTER "r1's group in FAULT"
wait_until 3 _lab_not ns_has_addr "$NS_R1" 192.0.2.41 || fail "r1 in FAULT still holds 192.0.2.41"
wait_until 3 ns_has_addr "$NS_R2" 192.0.2.41 || fail "r2 MASTER without 192.0.2.41"
wait_until 3 ns_has_addr "$NS_R2" 198.51.100.42 || fail "r2 MASTER without 198.51.100.42"
wait_until 3 grep -qx "GROUP G FAULT" "$LAB_TMP/r1.gnotify" || fail "no GROUP G FAULT notification on r1"
wait_until 3 grep -qx "GROUP G MASTER" "$LAB_TMP/r2.gnotify" || fail "no GROUP G MASTER notification on r2"
sleep 0.3 # six advert intervals: no member of either group drifts back
both_are r1 FAULT || fail "r1 left FAULT while eth2 is down: $(state_of r1 41)/$(state_of r1 42)"
both_are r2 MASTER || fail "r2 not MASTER of both: $(state_of r2 41)/$(state_of r2 42)"
info "eth2 down on r1: r1 FAULT/FAULT, r2 MASTER/MASTER"

ip -n "$NS_R1" link set eth2 up
expect_both r1 MASTER "r1's eth2 back up (preempt)"
expect_both r2 BACKUP "r1 preempted"
info "eth2 up on r1: r1 MASTER/MASTER, r2 BACKUP/BACKUP"

grep -q "weight" "$LAB_TMP/xv-r1.log" || fail "no warning that the group member's weight is forced to 0"
rm "$LAB_TMP/r1.healthy"
expect_both r1 FAULT "r1's chk failed (weight forced to 0 in a sync group)"
expect_both r2 MASTER "r1's group in FAULT by its script"
info "chk failed on r1: r1 FAULT/FAULT, r2 MASTER/MASTER"
touch "$LAB_TMP/r1.healthy"
expect_both r1 MASTER "r1's chk healthy again (preempt)"
expect_both r2 BACKUP "r1 preempted after chk recovered"
info "PASS: sync group moves both instances together, both ways, on link and script faults"
