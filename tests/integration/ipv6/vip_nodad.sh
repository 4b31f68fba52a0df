#!/usr/bin/env bash
# No duplicate address detection for VIPs: a VIP moves between routers and
# is held by one at a time, so DAD would only hold it back (tentative: the
# kernel neither uses nor, without XDP, answers for it) for a second or more
# on every take-over. xvrrp adds IPv6 VIPs with IFA_F_NODAD. The lab keeps
# the kernel's DAD on (accept_dad=1) so a VIP added without `nodad` would be
# probed: on each MASTER in turn (r1 elected, then r2 after r1's SIGTERM)
# every VIP is `nodad`, never tentative or dadfailed, and no DAD NS (from ::)
# for a VIP is captured on the segment.
source "$(dirname "$0")/common.bash"
lab_up # DAD on, the kernel's default
LL_VIP=fe80::1:33
VIPS=("$LL_VIP" "$VIP6")
q=(--vrid 10 --vip "$LL_VIP" --vip "$VIP6/64" --advert-int 100ms --version 3)
[[ $(ip netns exec "$NS_R1" sysctl -n net.ipv6.conf.bond1.accept_dad) == 1 ]] ||
    fail "the lab's bond1 does not do DAD: this test would prove nothing"

# nodad_on NS NAME: every VIP on NS's bond1 carries nodad and is usable.
nodad_on() {
    local vip flags
    for vip in "${VIPS[@]}"; do
        wait_until 3 ns_has_addr "$1" "$vip" || fail "$vip not on $2 (MASTER)"
        flags=$(addr_flags "$1" bond1 "$vip")
        [[ $flags == *nodad* ]] || fail "$vip on $2 without nodad: $flags"
        [[ $flags != *tentative* && $flags != *dadfailed* ]] || fail "$vip on $2 under DAD: $flags"
        info "$2: $vip$(tr -s ' \\' ' ' <<<"$flags")"
    done
}

capture_start "$NS_SW" p-r1 "$LAB_TMP/r1.pcap" -Q in icmp6
capture_start "$NS_SW" p-r2 "$LAB_TMP/r2.pcap" -Q in icmp6
xvrrp_start r1 "$NS_R1" "${q[@]}" --priority 200
xvrrp_start r2 "$NS_R2" "${q[@]}" --priority 100
expect_state r1 MASTER
expect_state r2 BACKUP
nodad_on "$NS_R1" r1
xvrrp_stop r1
expect_state r2 MASTER 10 3 "r2 after r1's SIGTERM"
nodad_on "$NS_R2" r2
# The control: an address added the ordinary way is probed on this link.
ip -n "$NS_R2" addr add 2001:db8::99/64 dev bond1
sleep 2 # DAD waits up to a second before its probe
nodad_on "$NS_R2" r2
capture_stop

nd_frames "$LAB_TMP/r1.pcap" "$LAB_TMP/r2.pcap" >"$LAB_TMP/nd.txt"
dad=$(awk -v vips="${VIPS[*]}" 'BEGIN { n = split(vips, v, " "); for (i = 1; i <= n; i++) vip[v[i]] = 1 }
    $2 == 135 && $4 == "::" { all++; if ($6 in vip) print }
    END { print all + 0 > "/dev/stderr" }' "$LAB_TMP/nd.txt" 2>"$LAB_TMP/dad.count")
[[ -z $dad ]] || fail "DAD probes for a VIP on the wire: $(head -n 3 <<<"$dad")"
awk '$2 == 135 && $4 == "::" && $6 == "2001:db8::99"' "$LAB_TMP/nd.txt" | grep -q . ||
    fail "no DAD probe for 2001:db8::99, added without nodad: the capture cannot see DAD"
info "PASS: VIPs nodad on both MASTERs; $(cat "$LAB_TMP/dad.count") DAD NS captured (the control's), none for a VIP"
