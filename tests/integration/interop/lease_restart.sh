#!/usr/bin/env bash
# What tests/integration/controller/sigkill_detach.sh does not cover: after
# a SIGKILLed MASTER's lease runs out, which HOST answers ARP (both would
# answer with the same VMAC, so the MAC alone proves nothing): the per-node
# XDP counters show r2's arp_reply climbing and r1 dropping for lack of a
# lease; then `xvrrp detach` on r1, and a controller started again on r1
# attaches cleanly, preempts back and is the only responder again.
source "$(dirname "$0")/common.bash"
lab_up
q=(--vrid 10 --vip "$VIP/24" --advert-int 10ms --version 3)
xvrrp_start r1 "$NS_R1" "${q[@]}" --priority 200
xvrrp_start r2 "$NS_R2" "${q[@]}" --priority 100
xvrrp_wait_state r1 MASTER 5 || fail "r1 not MASTER: $(state_of r1)"
xvrrp_wait_state r2 BACKUP 5 || fail "r2 not BACKUP: $(state_of r2)"

xvrrp_kill r1
xvrrp_wait_state r2 MASTER 3 || fail "r2 did not take over from the killed r1: $(state_of r2)"
# lease = 4 adverts (40 ms); the take-over took longer than that already.
ns_has_addr "$NS_R1" "$VIP" || fail "r1's VIP vanished (a SIGKILL leaves it)"

# arp_check WHEN: the VIP answered by the VMAC only; sets ARP_R1, ARP_R2
# (replies each node's XDP sent) and ARP_R1_DROP (r1's lease drops).
arp_check() {
    local r1a r2a r1d macs
    r1a=$(xvrrp_counter r1 arp_reply)
    r1d=$(xvrrp_counter r1 arp_drop_lease)
    r2a=$(xvrrp_counter r2 arp_reply)
    macs=$(arp_responders "$NS_C" eth0 "$VIP")
    assert_eq "$(vmac 10)" "$macs" "MACs answering ARP for the VIP ($1)"
    ARP_R1=$(($(xvrrp_counter r1 arp_reply) - r1a))
    ARP_R1_DROP=$(($(xvrrp_counter r1 arp_drop_lease) - r1d))
    ARP_R2=$(($(xvrrp_counter r2 arp_reply) - r2a))
    info "$1: ARP replies r1 +$ARP_R1 (lease drops +$ARP_R1_DROP), r2 +$ARP_R2"
}
arp_check "r1 killed"
assert_eq 0 "$ARP_R1" "ARP replies from the killed r1 after its lease"
assert_ge "$ARP_R1_DROP" 3 "ARP requests the killed r1 dropped for lack of a lease"
assert_ge "$ARP_R2" 3 "ARP replies from r2, the new MASTER"

out=$(xvrrp_detach r1) || fail "xvrrp detach on r1: $out"
info "detach: $out"
ns_has_addr "$NS_R1" "$VIP" && fail "detach left the VIP on r1"
ip -n "$NS_R1" link show bond1 | grep -q xdp && fail "detach left an XDP program: $(ip -n "$NS_R1" link show bond1)"
pins=$(cat "$LAB_TMP/xv-r1/pin-root")/bond1
[[ ! -e $pins ]] || fail "detach left pins: $(ls "$pins")"

# The controller comes back on the same pin root and preempts.
xvrrp_start r1 "$NS_R1" "${q[@]}" --priority 200
xvrrp_wait_state r1 MASTER 5 || fail "restarted r1 not MASTER: $(state_of r1)"
xvrrp_wait_state r2 BACKUP 3 || fail "r2 did not step back for the restarted r1: $(state_of r2)"
grep -q "XDP program attached" "$LAB_TMP/xv-r1.log" || fail "restarted r1 did not attach its program"
arp_check "r1 restarted"
assert_ge "$ARP_R1" 3 "ARP replies from the restarted r1"
assert_eq 0 "$ARP_R2" "ARP replies from r2, BACKUP again"
ip netns exec "$NS_C" ping -c 2 -i 0.05 -W 1 "$VIP" >/dev/null || fail "client cannot reach the VIP"
info "PASS"
