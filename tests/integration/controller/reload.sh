#!/usr/bin/env bash
# SIGHUP: an unchanged instance keeps running with no transition, a changed
# one is re-created, a removed one leaves, an added one starts; a broken file
# is refused as a whole (logged with FILE:LINE) and the running one stays.
source "$(dirname "$0")/common.bash"

instance() {  # NAME VRID PRIORITY
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
}
CONF
}
by_name() {  # NAME FIELD
    status r1 | jq -r --arg n "$1" ".instances[] | select(.name == \$n) | .$2"
}
named_state_is() {  # NAME STATE
    [[ $(by_name "$1" state) == "$2" ]]
}

lab_up
conf="$TMP/xvrrp.conf"
{ instance KEEP 11 200; instance CHANGE 12 200; instance DROP 13 200; } >"$conf"
start_router r1 "$NS_R1" -f "$conf"
wait_for 5 named_state_is KEEP MASTER || fail "KEEP not MASTER"
wait_for 5 named_state_is DROP MASTER || fail "DROP not MASTER"
keep_t=$(by_name KEEP transitions)

# A broken file changes nothing.
printf 'vrrp_instance KEEP {\n    priority 999\n}\n' >"$conf.bad"
cp "$conf" "$conf.good"
cp "$conf.bad" "$conf"
kill -HUP "$(pid_of r1)"
wait_for 5 grep -q "reload refused" "$TMP/r1/log" || fail "broken reload not refused"
grep -q "xvrrp.conf:2: error" "$TMP/r1/log" || fail "reload error without FILE:LINE"
[[ $(status r1 | jq '.instances | length') == 3 ]] || fail "a refused reload changed instances"

{ instance KEEP 11 200; instance CHANGE 12 150; instance ADD 14 200; } >"$conf"
kill -HUP "$(pid_of r1)"
wait_for 5 grep -q "reloaded .*1 unchanged, 1 changed, 1 removed, 1 added" "$TMP/r1/log" ||
    fail "reload summary missing"
[[ $(by_name KEEP transitions) == "$keep_t" ]] || fail "KEEP made a transition on reload"
[[ $(by_name CHANGE priority) == 150 ]] || fail "CHANGE not re-created with priority 150"
[[ -z $(by_name DROP name) ]] || fail "DROP still running"
ns_has_addr "$NS_R1" 192.0.2.13 && fail "DROP's VIP still installed"
wait_for 5 named_state_is ADD MASTER || fail "ADD did not start"
ns_has_addr "$NS_R1" 192.0.2.14 || fail "ADD's VIP not installed"
echo "PASS: reload keeps, re-creates, removes and adds; refuses a broken file"
