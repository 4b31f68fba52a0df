#!/usr/bin/env bash
# A reload whose file is valid but cannot be applied leaves the running
# configuration running and answering (issue 12 item 2). r1 is MASTER of
# VI_10 (priority 200, 100 ms adverts), r2 its BACKUP. Each reload below
# lowers VI_10 to 150 and adds something that fails only while applied:
#   1. an IPv6 instance on bond1, whose link-local address was removed: it
#      has no advert source (found while the new instances are built);
#   2. 8,300 virtual_ipaddress_excluded on VI_10: the kernel's IPv4 VIP
#      table has 8,192 slots (docs/bpf.md; found while the entries are added,
#      after thousands of them went in: they must all be taken out again).
# After each: the failure is logged, `status` still shows priority 200 and
# no transition, the VIP map holds just the one VIP, and the client's ARP
# for the VIP is answered by the VMAC only. Then a good reload still works.
# shellcheck source=reload.bash
source "$(dirname "$0")/reload.bash"
lab_require_cmd bpftool
export LAB_TIMEOUT=80
lab_up
conf="$LAB_TMP/r1.conf"
vi10 200 0.1 >"$conf"
xvrrp_start r1 "$NS_R1" -f "$conf"
xvrrp_start r2 "$NS_R2" --vrid 10 --version 3 --advert-int 100ms --vip "$VIP/24" --priority 100
xvrrp_wait_state r1 MASTER 5 || fail "r1 not MASTER: $(xvrrp_state r1)"
xvrrp_wait_state r2 BACKUP 5 || fail "r2 not BACKUP: $(xvrrp_state r2)"
t1=$(xvrrp_field r1 transitions)
vip4_entries() {
    # an open-addressed array (docs/bpf.md): the used slots have an owner
    bpftool -j map dump pinned "$(cat "$(_xvrrp_dir r1)/pin-root")/bond1/vip4" |
        jq '[.[] | select(.formatted.value.vrid != 0)] | length'
}
assert_eq 1 "$(vip4_entries)" "VIP map entries before the reloads"

still_running() { # WHAT
    assert_eq 200 "$(xvrrp_field r1 priority)" "$1: r1's priority (the running configuration's)"
    assert_eq "reload failed" "$result" "$1: the reload's outcome"
    assert_eq 1 "$(xvrrp_status r1 | jq '.instances | length')" "$1: r1's instances"
    assert_eq MASTER "$(xvrrp_state r1)" "$1: r1's state"
    assert_eq "$t1" "$(xvrrp_field r1 transitions)" "$1: r1's transitions"
    assert_eq BACKUP "$(xvrrp_state r2)" "$1: r2's state"
    assert_eq 1 "$(vip4_entries)" "$1: VIP map entries"
    ip -n "$NS_C" neigh flush dev eth0
    assert_eq "$VMAC" "$(arp_responders "$NS_C" eth0 "$VIP")" "$1: MACs answering ARP for $VIP"
    ip netns exec "$NS_C" ping -c 3 -i 0.1 -W 1 "$VIP" >/dev/null || fail "$1: client cannot ping $VIP"
}

# 1. No advert source for a new instance.
ip -n "$NS_R1" -6 addr flush dev bond1 scope link
{
    vi10 150 0.1
    cat <<'CONF'
vrrp_instance VI_20 {
    interface bond1
    virtual_router_id 20
    priority 100
    version 3
    advert_int 0.1
    virtual_ipaddress {
        fe80::20/64
        fd00:20::20/64
    }
}
CONF
} >"$conf"
result=$(reload_r1)
still_running "no advert source"
grep -q "reload failed: .*link-local.*bond1 VRID 20 (IPv6)" "$LAB_TMP/xv-r1.log" ||
    fail "no 'reload failed' line naming the missing advert source of VRID 20"
info "1. no advert source: refused, r1 still MASTER with priority 200"

# 2. More VIPs than the kernel's map holds.
excluded=$(for i in $(seq 0 8299); do echo "        10.99.$((i / 256)).$((i % 256))/32"; done)
vi10 150 0.1 "$(printf '    virtual_ipaddress_excluded {\n%s\n    }\n' "$excluded")" >"$conf"
result=$(reload_r1)
still_running "VIP map full"
grep -q "reload failed: .*cannot add VIP" "$LAB_TMP/xv-r1.log" ||
    fail "no 'reload failed' line naming the VIP that did not fit"
info "2. VIP map full: refused, every entry added was taken out again"

vi10 150 0.1 >"$conf"
result=$(reload_r1)
assert_eq reloaded "$result" "a good reload after the failed ones"
assert_eq 150 "$(xvrrp_field r1 priority)" "r1's priority after the good reload"
assert_eq MASTER "$(xvrrp_state r1)" "r1's state after the good reload"
assert_eq "$t1" "$(xvrrp_field r1 transitions)" "r1's transitions after the good reload"
ip -n "$NS_C" neigh flush dev eth0
assert_eq "$VMAC" "$(arp_responders "$NS_C" eth0 "$VIP")" "MACs answering ARP after the good reload"
echo "PASS: reloads failing while applied (no advert source; VIP map full) keep the running configuration; a good one applies"
