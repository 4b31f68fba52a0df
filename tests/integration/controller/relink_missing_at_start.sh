#!/usr/bin/env bash
# An instance whose interface does not exist at start (keepalived's
# dynamic_interfaces, issue 12 item 1): `xvrrp config check` warns about it,
# `xvrrp attach` runs anyway with a warning naming FILE:LINE and the
# interface, the instance waits in FAULT while the one on bond1 runs
# normally, and it comes up once bond2 is created.
source "$(dirname "$0")/relink.bash"
lab_up
NET2_IP=198.51.100.1
VIP2=198.51.100.254
conf="$LAB_TMP/xvrrp.conf"
notes="$LAB_TMP/notify.log"
cat >"$LAB_TMP/notify.sh" <<SH
#!/bin/sh
echo "\$@" >>"$notes"
SH
chmod 755 "$LAB_TMP/notify.sh"
cat >"$conf" <<CONF
vrrp_instance VI_1 {
    interface bond1
    virtual_router_id 10
    priority 150
    advert_int 0.1
    version 3
    virtual_ipaddress {
        $VIP/24
    }
}
vrrp_instance VI_2 {
    interface bond2
    virtual_router_id 20
    notify $LAB_TMP/notify.sh
    priority 150
    advert_int 0.1
    version 3
    virtual_ipaddress {
        $VIP2/24
    }
}
CONF

check=$(ip netns exec "$NS_R1" "$(xvrrp_bin)" config check "$conf" 2>&1) ||
    fail "config check refuses a missing interface: $check"
grep -q "xvrrp.conf:12: warning: interface 'bond2' does not exist" <<<"$check" ||
    fail "config check does not warn about bond2 at line 11: $check"

xvrrp_start r1 "$NS_R1" bond2 -f "$conf"
xvrrp_wait_state r1 MASTER 5 || fail "VI_1 on bond1 not MASTER: $(xvrrp_state r1 10)"
assert_eq FAULT "$(xvrrp_state r1 20)" "VI_2 while bond2 does not exist"
why=$(xvrrp_field r1 fault_reason 20)
[[ $why == *"bond2 does not exist"* ]] || fail "VI_2's fault_reason: '$why'"
grep -q "xvrrp.conf:12: warning: interface 'bond2' does not exist" "$LAB_TMP/xv-r1.log" ||
    fail "attach did not warn with FILE:LINE about bond2"
wait_until 2 ns_has_addr "$NS_R1" "$VIP" || fail "VI_1's VIP not on r1"
wait_until 2 grep -q "INSTANCE VI_2 FAULT" "$notes" || fail "no notify for VI_2 entering FAULT: $(cat "$notes" 2>/dev/null)"
info "VI_1 MASTER on bond1, VI_2 FAULT ($why), notify script ran"

t0=$(date +%s%3N)
lab_plug r1 bond2 "$NET2_IP/24"
wait_until 1 programs_on "$NS_R1" bond2 || fail "XDP + egress not on bond2 within 1 s of its creation"
wait_until 3 vrid_state_is r1 20 MASTER || fail "VI_2 did not come up on bond2: $(xvrrp_state r1 20)"
wait_until 2 grep -q "INSTANCE VI_2 MASTER" "$notes" || fail "no notify for VI_2 MASTER: $(cat "$notes")"
info "bond2 created: VI_2 MASTER after $(($(date +%s%3N) - t0)) ms"
assert_eq "$NET2_IP" "$(xvrrp_field r1 master_ip 20)" "VI_2's advert source"
wait_until 2 ns_has_addr "$NS_R1" "$VIP2" || fail "VI_2's VIP not on bond2"
assert_eq MASTER "$(xvrrp_state r1 10)" "VI_1 after bond2 appeared"
xvrrp_stop r1
programs_on "$NS_R1" bond2 && fail "programs left on bond2 after a stop"
echo "PASS: instance on a missing interface waits in FAULT, comes up when it appears"
