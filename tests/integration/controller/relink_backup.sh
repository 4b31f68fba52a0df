#!/usr/bin/env bash
# The BACKUP's interface deleted and created again (issue 12 item 1): r2 goes
# FAULT while it is gone, returns to BACKUP on the new device following r1,
# and its kernel master-down timer works there: r1 killed, r2 takes over and
# the client's ARP for the VIP is answered by r2 with the VMAC.
source "$(dirname "$0")/relink.bash"
lab_up
VMAC=00:00:5e:00:01:0a
q=(--vrid 10 --version 3 --advert-int 100ms --vip "$VIP/24")
xvrrp_start r1 "$NS_R1" "${q[@]}" --priority 200
xvrrp_start r2 "$NS_R2" "${q[@]}" --priority 100
xvrrp_wait_state r1 MASTER 5 || fail "r1 not MASTER: $(xvrrp_state r1)"
xvrrp_wait_state r2 BACKUP 5 || fail "r2 not BACKUP: $(xvrrp_state r2)"

lab_unplug r2
xvrrp_wait_state r2 FAULT 3 || fail "r2 not FAULT without its interface: $(xvrrp_state r2)"
why=$(xvrrp_field r2 fault_reason)
[[ $why == *"bond1 does not exist"* ]] || fail "r2's fault_reason does not say bond1 is gone: '$why'"
assert_eq MASTER "$(xvrrp_state r1)" "r1 while r2's interface is gone"
info "r2 FAULT ($why)"
sleep 0.5

lab_plug r2
wait_until 1 programs_on "$NS_R2" || fail "XDP + egress not on r2's new bond1 within 1 s"
xvrrp_wait_state r2 BACKUP 2 || fail "r2 not BACKUP on the new bond1: $(xvrrp_state r2)"
assert_eq "$R1_IP" "$(xvrrp_field r2 master_ip)" "r2 follows r1 on the new device"
# Still BACKUP a while later: the kernel sees r1's adverts and re-arms the
# timer, nothing spurious fires.
sleep 1
assert_eq BACKUP "$(xvrrp_state r2)" "r2 one second after the new bond1"
assert_eq MASTER "$(xvrrp_state r1)" "r1 one second after r2's new bond1"
info "r2 BACKUP again on $(lab_mac "$NS_R2" bond1)"

# The new device behaves like the old one: an MTU change is no new device,
# down is FAULT, up is BACKUP again, the programs stay on throughout.
ip -n "$NS_R2" link set bond1 mtu 1400
sleep 0.3
assert_eq BACKUP "$(xvrrp_state r2)" "r2 after an MTU change"
ip -n "$NS_R2" link set bond1 down
xvrrp_wait_state r2 FAULT 2 || fail "r2 not FAULT with the new bond1 down: $(xvrrp_state r2)"
ip -n "$NS_R2" link set bond1 up
xvrrp_wait_state r2 BACKUP 3 || fail "r2 not BACKUP with the new bond1 up again: $(xvrrp_state r2)"
programs_on "$NS_R2" || fail "programs gone from r2's bond1 after MTU change and down/up"

xvrrp_kill r1
xvrrp_detach r1 >/dev/null 2>&1 || true
xvrrp_wait_state r2 MASTER 2 || fail "r2's master-down timer did not fire on the new device: $(xvrrp_state r2)"
wait_until 2 ns_has_addr "$NS_R2" "$VIP" || fail "VIP not on r2"
ip -n "$NS_C" neigh flush dev eth0
assert_eq "$VMAC" "$(arp_responders "$NS_C" eth0 "$VIP")" "MACs answering ARP for $VIP after r2 took over"
echo "PASS: BACKUP's interface deleted and re-created: FAULT, BACKUP again, takes over when r1 dies"
