#!/usr/bin/env bash
# virtual_routes / virtual_rules (issue 10): installed when an instance
# becomes MASTER, removed when it leaves MASTER (to BACKUP, to FAULT, at a
# graceful stop), IPv4 and IPv6, brought to a changed list on reload.
# static_ipaddress / static_routes / static_rules: installed at start
# whatever the state, removed at a graceful stop (keepalived's stop_vrrp).
# r1 (priority 200) and r2 (100) run the same lists; `ip route show table N`
# and `ip rule` in each namespace are the oracle.
set -euo pipefail
DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/lab.bash
source "$DIR/../lib/lab.bash"
# shellcheck source=../peers/xvrrp.bash
source "$DIR/../peers/xvrrp.bash"
lab_require_root
lab_require_cmd jq
lab_require_xvrrp
lab_up

# write_config FILE PRIORITY EXTRA_ROUTE: the instance, its routes and
# rules, and the static entries; EXTRA_ROUTE is one more virtual_routes line.
write_config() {
    cat >"$1" <<CONF
static_ipaddress {
    10.98.0.1/32 dev bond1
}
static_routes {
    10.98.1.0/24 dev bond1 table 101
    2001:db8:98::/48 dev bond1 table 101
}
static_rules {
    to 10.98.2.0/24 table 101 priority 1100
}
vrrp_script fault_file {
    script "/bin/sh -c 'test ! -e $LAB_TMP/$4.fault'"
    interval 1
    weight 0
    fall 1
    rise 1
}
vrrp_instance V4 {
    interface bond1
    virtual_router_id 10
    version 3
    priority $2
    advert_int 0.1
    virtual_ipaddress {
        $VIP/24
    }
    track_script {
        fault_file
    }
    virtual_routes {
        10.99.1.0/24 via $C_IP dev bond1 table 100 metric 7
        src $VIP to 10.99.3.0/24 dev bond1 table 100
        blackhole 10.99.2.0/24 table 100
        2001:db8:99::/48 via $C_IP6 dev bond1 table 100
        $3
    }
    virtual_rules {
        from 10.99.4.0/24 table 100 priority 1000
        from 2001:db8:97::/48 table 100 priority 1001
    }
}
CONF
}

# has_virtual NS: every virtual route and rule is there; none is: no_virtual.
has_virtual() {
    local r4 r6 rules4 rules6
    r4=$(ip -n "$1" route show table 100)
    r6=$(ip -n "$1" -6 route show table 100)
    rules4=$(ip -n "$1" rule show)
    rules6=$(ip -n "$1" -6 rule show)
    grep -q "^10.99.1.0/24 via $C_IP dev bond1 proto keepalived metric 7" <<<"$r4" &&
        grep -q "^10.99.3.0/24 dev bond1 proto keepalived scope link src $VIP" <<<"$r4" &&
        grep -q "^blackhole 10.99.2.0/24 proto keepalived" <<<"$r4" &&
        grep -q "^2001:db8:99::/48 via $C_IP6 dev bond1 proto keepalived" <<<"$r6" &&
        grep -q "^1000:.*from 10.99.4.0/24 lookup 100" <<<"$rules4" &&
        grep -q "^1001:.*from 2001:db8:97::/48 lookup 100" <<<"$rules6"
}
# Outputs are read whole before grep: `ip ... | grep -q` fails under
# pipefail when grep stops reading early.
no_virtual() {
    local rules
    rules=$(ip -n "$1" rule show; ip -n "$1" -6 rule show)
    [[ -z $(ip -n "$1" route show table 100) && -z $(ip -n "$1" -6 route show table 100) ]] &&
        ! grep -q "lookup 100" <<<"$rules"
}
has_static() {
    local r4 r6 rules
    r4=$(ip -n "$1" route show table 101)
    r6=$(ip -n "$1" -6 route show table 101)
    rules=$(ip -n "$1" rule show)
    ns_has_addr "$1" 10.98.0.1 && grep -q "^10.98.1.0/24 dev bond1" <<<"$r4" &&
        grep -q "^2001:db8:98::/48 dev bond1" <<<"$r6" &&
        grep -q "^1100:.*to 10.98.2.0/24 lookup 101" <<<"$rules"
}
no_static() {
    local rules
    rules=$(ip -n "$1" rule show)
    ! ns_has_addr "$1" 10.98.0.1 && [[ -z $(ip -n "$1" route show table 101) ]] &&
        [[ -z $(ip -n "$1" -6 route show table 101) ]] && ! grep -q "lookup 101" <<<"$rules"
}
tables() {
    echo "--- $1"
    ip -n "$1" route show table 100
    ip -n "$1" -6 route show table 100
    ip -n "$1" rule show
}

write_config "$LAB_TMP/r1.conf" 200 "" r1
write_config "$LAB_TMP/r2.conf" 100 "" r2
xvrrp_start r1 "$NS_R1" -f "$LAB_TMP/r1.conf"
xvrrp_wait_state r1 MASTER 5 || fail "r1 not MASTER: $(xvrrp_state r1)"
xvrrp_start r2 "$NS_R2" -f "$LAB_TMP/r2.conf"
xvrrp_wait_state r2 BACKUP 5 || fail "r2 not BACKUP: $(xvrrp_state r2)"
wait_until 3 has_virtual "$NS_R1" || fail "MASTER r1 lacks its routes/rules: $(tables "$NS_R1")"
no_virtual "$NS_R2" || fail "BACKUP r2 has virtual routes/rules: $(tables "$NS_R2")"
has_static "$NS_R1" || fail "static entries missing on r1"
has_static "$NS_R2" || fail "static entries missing on the BACKUP r2 (they do not follow the state)"
info "MASTER r1 has the virtual routes and rules, BACKUP r2 none; both have the static ones"

# FAULT: the routes and rules leave with mastership, the new MASTER takes them.
touch "$LAB_TMP/r1.fault"
xvrrp_wait_state r1 FAULT 5 || fail "r1 not FAULT: $(xvrrp_state r1)"
xvrrp_wait_state r2 MASTER 5 || fail "r2 not MASTER: $(xvrrp_state r2)"
wait_until 3 no_virtual "$NS_R1" || fail "FAULT r1 kept virtual routes/rules: $(tables "$NS_R1")"
wait_until 3 has_virtual "$NS_R2" || fail "MASTER r2 lacks its routes/rules: $(tables "$NS_R2")"
has_static "$NS_R1" || fail "FAULT took r1's static entries"
info "FAULT r1: none; MASTER r2: all"

# Back: r1 preempts, r2 becomes BACKUP and lets them go.
rm "$LAB_TMP/r1.fault"
xvrrp_wait_state r1 MASTER 5 || fail "r1 not MASTER again: $(xvrrp_state r1)"
xvrrp_wait_state r2 BACKUP 5 || fail "r2 not BACKUP again: $(xvrrp_state r2)"
wait_until 3 has_virtual "$NS_R1" || fail "r1 MASTER again lacks routes: $(tables "$NS_R1")"
wait_until 3 no_virtual "$NS_R2" || fail "BACKUP r2 kept virtual routes/rules: $(tables "$NS_R2")"
info "preempted back: r1 all, BACKUP r2 none"

# Reload with one more route and one static route fewer: the MASTER stays in
# place, the new route comes, nothing else moves.
write_config "$LAB_TMP/r1.conf" 200 "unreachable 10.99.5.0/24 table 100" r1
sed -i '/2001:db8:98::\/48/d' "$LAB_TMP/r1.conf"
kill -HUP "$(cat "$(_xvrrp_dir r1)/pid")"
wait_until 5 sh -c "ip -n $NS_R1 route show table 100 | grep -q '^unreachable 10.99.5.0/24'" ||
    fail "reload did not add the new virtual route: $(tables "$NS_R1")"
has_virtual "$NS_R1" || fail "reload lost a virtual route: $(tables "$NS_R1")"
wait_until 3 sh -c "[ -z \"\$(ip -n $NS_R1 -6 route show table 101)\" ]" ||
    fail "reload kept the static route it no longer lists"
[[ $(xvrrp_state r1) == MASTER ]] || fail "r1 left MASTER on reload"
# And back: the added route leaves with the next reload.
write_config "$LAB_TMP/r1.conf" 200 "" r1
kill -HUP "$(cat "$(_xvrrp_dir r1)/pid")"
wait_until 5 sh -c "! ip -n $NS_R1 route show table 100 | grep -q '^unreachable 10.99.5.0/24'" ||
    fail "reload did not remove the dropped virtual route: $(tables "$NS_R1")"
has_virtual "$NS_R1" || fail "second reload lost a virtual route"
wait_until 3 has_static "$NS_R1" || fail "static route listed again not back after reload"
info "reload: a route added, then removed, in place"

# Graceful stop: r1 removes its virtual and its static entries (keepalived
# does both); r2 takes the virtual ones.
xvrrp_stop r1
no_virtual "$NS_R1" || fail "stopped r1 left virtual routes/rules: $(tables "$NS_R1")"
no_static "$NS_R1" || fail "stopped r1 left static entries"
xvrrp_wait_state r2 MASTER 5 || fail "r2 did not take over"
wait_until 3 has_virtual "$NS_R2" || fail "r2 MASTER lacks routes after r1 stopped"
has_static "$NS_R2" || fail "r2 lost its static entries"
xvrrp_stop r2
no_virtual "$NS_R2" && no_static "$NS_R2" || fail "stopped r2 left entries: $(tables "$NS_R2")"
echo "PASS: virtual routes/rules follow mastership (BACKUP, FAULT, stop, reload); static ones start to stop"
