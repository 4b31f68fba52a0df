#!/usr/bin/env bash
# A dual-stack pair: on each router one IPv4 and one IPv6 instance of the same
# VRID 20 on bond1 (S13: independent virtual routers), tied in a
# vrrp_sync_group. r1 (200) is MASTER of both; the client's ARP for the IPv4
# VIP is answered from 00:00:5e:00:01:14 and its NS for the IPv6 VIP from
# 00:00:5e:00:02:14, both by r1 only. SIGTERM on r1: both move to r2, which
# then answers both with the same VMACs. r1 back: it preempts both. Then
# r1's IPv6 instance alone fails its vrrp_script: the group faults the IPv4
# instance with it, and r2 takes both again.
source "$(dirname "$0")/common.bash"
lab_require_cmd arping
LAB_DAD=0 lab_up
LL_VIP=fe80::1:33
VMAC4=$(vmac4 20)
VMAC6=$(vmac6 20)

conf() { # ROUTER PRIORITY
    cat <<CONF
vrrp_script chk6 {
    script "/bin/sh -c 'test -e $LAB_TMP/$1.healthy'"
    interval 1
    fall 1
    rise 1
}
vrrp_sync_group DUAL {
    group {
        V4
        V6
    }
}
vrrp_instance V4 {
    interface bond1
    virtual_router_id 20
    priority $2
    version 3
    advert_int 0.1
    virtual_ipaddress {
        $VIP/24
    }
}
vrrp_instance V6 {
    interface bond1
    virtual_router_id 20
    priority $2
    version 3
    advert_int 0.1
    virtual_ipaddress {
        $LL_VIP
        $VIP6/64
    }
    track_script {
        chk6
    }
}
CONF
}

# of NAME INSTANCE: the state of one instance, by name.
of() {
    xvrrp_status "$1" 2>/dev/null | jq -r --arg n "$2" '.instances[] | select(.name == $n) | .state' 2>/dev/null ||
        echo NONE
}
both_are() { [[ $(of "$1" V4) == "$2" && $(of "$1" V6) == "$2" ]]; }
expect_both() { # ROUTER STATE WHAT
    wait_until 5 both_are "$1" "$2" || fail "$3: $1 expected $2/$2, is $(of "$1" V4)/$(of "$1" V6) (V4/V6)"
}

# answers MASTER OTHER: the client's ARP for the IPv4 VIP gets one answer,
# the IPv4 VMAC; its NS for the IPv6 VIP (neighbour table flushed, then a
# ping) is answered, as the captures show at the end, by MASTER only.
answers() {
    local macs t0
    macs=$(arp_responders "$NS_C" eth0 "$VIP")
    assert_eq "$VMAC4" "$macs" "ARP responders for $VIP with $1 MASTER"
    t0=$(date +%s.%N)
    ip -n "$NS_C" -6 neigh flush dev eth0
    ip netns exec "$NS_C" ping -6 -c 2 -i 0.2 -W 1 "$VIP6" >/dev/null || fail "client cannot reach $VIP6 with $1 MASTER"
    echo "$1 $2 $t0 $(date +%s.%N)" >>"$LAB_TMP/phases"
    info "$1 MASTER: ARP for $VIP answered by $macs only; $VIP6 reached"
}

# solicited_nas ROUTER FROM TO: the NAs for the IPv6 VIP to the client
# (answers to its NS) that ROUTER sent between FROM and TO.
solicited_nas() {
    awk -v f="$1.pcap" -v v="$VIP6" -v c="$C_IP6" -v a="$2" -v b="$3" \
        'index($1, f) == 1 && $2 == 136 && $6 == v && $5 == c && $10 == 1 && $13 >= a && $13 <= b' \
        "$LAB_TMP/nd.txt"
}

touch "$LAB_TMP/r1.healthy" "$LAB_TMP/r2.healthy"
conf r1 200 >"$LAB_TMP/r1.conf"
conf r2 100 >"$LAB_TMP/r2.conf"
capture_start "$NS_SW" p-r1 "$LAB_TMP/r1.pcap" -Q in icmp6
capture_start "$NS_SW" p-r2 "$LAB_TMP/r2.pcap" -Q in icmp6
xvrrp_start r1 "$NS_R1" -f "$LAB_TMP/r1.conf"
xvrrp_start r2 "$NS_R2" -f "$LAB_TMP/r2.conf"
expect_both r1 MASTER "startup"
expect_both r2 BACKUP "startup"
answers r1 r2

xvrrp_stop r1
expect_both r2 MASTER "r1 stopped"
answers r2 r1

xvrrp_start r1 "$NS_R1" -f "$LAB_TMP/r1.conf"
expect_both r1 MASTER "r1 back (preempts both)"
expect_both r2 BACKUP "r1 preempted"
answers r1 r2

rm "$LAB_TMP/r1.healthy"
expect_both r1 FAULT "r1's IPv6 script failed (the group holds V4 too)"
expect_both r2 MASTER "r1's group in FAULT"
answers r2 r1

capture_stop

# The NS answers, phase by phase: from MASTER, with the IPv6 VMAC in the
# Ethernet source and the target link-layer option; none from the other.
nd_frames "$LAB_TMP/r1.pcap" "$LAB_TMP/r2.pcap" >"$LAB_TMP/nd.txt"
while read -r master other t0 t1; do
    na=$(solicited_nas "$master" "$t0" "$t1")
    [[ -n $na ]] || fail "no answer to the client's NS for $VIP6 from $master (MASTER)"
    [[ -z $(awk -v m="$VMAC6" '$3 != m || $8 != m' <<<"$na") ]] ||
        fail "$master answered the NS for $VIP6 without the VMAC $VMAC6: $na"
    [[ -z $(solicited_nas "$other" "$t0" "$t1") ]] || fail "$other (not MASTER) answered an NS for $VIP6"
done <"$LAB_TMP/phases"
info "every NS for $VIP6 answered by the MASTER alone, from $VMAC6"

# Strict, over the whole test: nothing spoke for the IPv6 VIPs with a real MAC.
bad=$(nd_vip_violations "$VMAC6" "$VIP6" "$LL_VIP" -- "$LAB_TMP/r1.pcap" "$LAB_TMP/r2.pcap")
[[ -z $bad ]] || fail "NS/NA for an IPv6 VIP with a real MAC (r1 $R1_MAC, r2 $R2_MAC):
$(head -n 6 <<<"$bad")"
info "PASS: IPv4 and IPv6 instances move together, each answered with its own VMAC"
