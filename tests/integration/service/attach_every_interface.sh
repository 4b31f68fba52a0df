#!/usr/bin/env bash
# `xvrrp attach -f FILE` with no interface named runs every instance of the
# file on every interface the file names (docs/operations.md): r1's file has
# VI_A on bond1 and VI_B on eth1 (a second segment); r1 attaches with no
# interface, r2 names both. r1 must be MASTER of both, with its XDP program
# on both links, and r2, the real peer, BACKUP of both. Naming an interface
# still filters: r1 restarted with bond1 only runs VI_A, and r2 takes VI_B.
# Quick start without an interface is an error that says what is missing.
source "$(dirname "$0")/../config/common.bash"

lab_up
lab_second_segment eth1

conf() { # PRIORITY
    cat <<CONF
vrrp_instance VI_A {
    interface bond1
    virtual_router_id 41
    priority $1
    version 3
    advert_int 0.1
    virtual_ipaddress {
        192.0.2.41/24
    }
}
vrrp_instance VI_B {
    interface eth1
    virtual_router_id 42
    priority $1
    version 3
    advert_int 0.1
    virtual_ipaddress {
        198.51.100.42/24
    }
}
CONF
}
conf 200 >"$LAB_TMP/r1.conf"
conf 100 >"$LAB_TMP/r2.conf"

XVRRP_NO_IFACE=1 xvrrp_start r1 "$NS_R1" -f "$LAB_TMP/r1.conf"
xvrrp_start r2 "$NS_R2" eth1 -f "$LAB_TMP/r2.conf" # attach bond1 eth1
expect_state r1 41 MASTER 5 "r1 VI_A (bond1), no interface named"
expect_state r1 42 MASTER 5 "r1 VI_B (eth1), no interface named"
expect_state r2 41 BACKUP 5 "r2 VI_A under r1"
expect_state r2 42 BACKUP 5 "r2 VI_B under r1"
assert_eq "bond1 eth1" "$(xvrrp_status r1 | jq -r '[.instances[].interface] | sort | join(" ")')" \
    "interfaces of r1's instances"
for dev in bond1 eth1; do
    ip -n "$NS_R1" -d link show dev "$dev" | grep -q 'prog/xdp' || fail "r1 $dev: no XDP program"
done
ns_has_addr "$NS_R1" 192.0.2.41 || fail "r1 MASTER of VI_A without 192.0.2.41"
ns_has_addr "$NS_R1" 198.51.100.42 || fail "r1 MASTER of VI_B without 198.51.100.42"
info "no interface named: r1 runs VI_A on bond1 and VI_B on eth1, r2 BACKUP of both"

xvrrp_stop r1
xvrrp_start r1 "$NS_R1" -f "$LAB_TMP/r1.conf" # attach bond1
expect_state r1 41 MASTER 5 "r1 VI_A, bond1 named"
expect_state r2 42 MASTER 5 "r2 VI_B while r1 names bond1 only"
assert_eq VI_A "$(xvrrp_status r1 | jq -r '[.instances[].name] | join(" ")')" "r1's instances, bond1 named"
ip -n "$NS_R1" -d link show dev eth1 | grep -q 'prog/xdp' && fail "r1 eth1: XDP program while only bond1 is named"
info "bond1 named: r1 runs VI_A only"

set +e
out=$(ip netns exec "$NS_R1" "$(xvrrp_bin)" attach --vrid 7 --vip 192.0.2.7/24 --run-dir "$LAB_TMP/qs" 2>&1)
rc=$?
set -e
assert_eq 1 "$rc" "exit code of quick start without an interface"
[[ $out == *"quick start needs the interface to run on"* ]] || fail "quick start without interface said: $out"
info "PASS: attach with no interface runs every instance of the file; naming one filters"
