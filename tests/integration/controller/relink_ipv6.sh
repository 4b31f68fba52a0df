#!/usr/bin/env bash
# An IPv6 instance's interface deleted and created again (issue 12 item 1):
# the advert source is the link-local address, which the new device only gets
# some time after it appears (and which differs: a new MAC). The instance
# stays in FAULT until it is there, then comes back as MASTER advertising
# from the new link-local address.
source "$(dirname "$0")/relink.bash"
lab_up
xvrrp_start r1 "$NS_R1" --vrid 10 --version 3 --advert-int 50ms --vip fe80::254/64 \
    --vip "$VIP6/64" --priority 200
xvrrp_wait_state r1 MASTER 5 || fail "r1 not MASTER: $(xvrrp_state r1)"
old_src=$(xvrrp_field r1 master_ip)

lab_unplug r1
xvrrp_wait_state r1 FAULT 3 || fail "r1 not FAULT without bond1: $(xvrrp_state r1)"
lab_plug r1
wait_until 1 programs_on "$NS_R1" || fail "XDP + egress not on the new bond1 within 1 s"
xvrrp_wait_state r1 MASTER 5 || fail "r1 not MASTER on the new bond1: $(xvrrp_state r1)"
new_src=$(xvrrp_field r1 master_ip)
ll=$(ip -n "$NS_R1" -6 -o addr show dev bond1 scope link | awk '{split($4, a, "/"); print a[1]}' | grep -vx fe80::254)
assert_eq "$ll" "$new_src" "advert source: the new device's link-local address"
[[ $new_src != "$old_src" ]] || fail "advert source unchanged ($old_src) although the device is new"
wait_until 2 ns_has_addr "$NS_R1" "$VIP6" || fail "IPv6 VIP not back on r1"
grep -q "advert source $new_src" "$LAB_TMP/xv-r1.log" || fail "new advert source not logged"
echo "PASS: IPv6 instance re-created interface: FAULT until the new link-local, then MASTER from it"
