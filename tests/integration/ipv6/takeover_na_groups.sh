#!/usr/bin/env bash
# What a router does for its IPv6 VIPs when it becomes MASTER and when it
# stops being one (S4, A4): on every take-over it sends unsolicited NAs for
# every VIP (link-local and global), to ff02::1 from the VMAC, R=1 S=0 O=1,
# target link-layer address = VMAC, hop limit 255, from its own link-local
# address; and it is a member of each VIP's solicited-node group while MASTER
# and of none of them as BACKUP (`ip -6 maddr`). Take-overs: r1 at startup,
# r2 after r1's SIGTERM, r1 again when it comes back and preempts (r2 goes
# BACKUP and must leave the groups).
source "$(dirname "$0")/common.bash"
LAB_DAD=0 lab_up
LL_VIP=fe80::1:33
VIPS=("$LL_VIP" "$VIP6")
VMAC=$(vmac6 10)
q=(--vrid 10 --vip "$LL_VIP" --vip "$VIP6/64" --advert-int 100ms --version 3)
r1_ll=$(link_local_of "$NS_R1" bond1)
r2_ll=$(link_local_of "$NS_R2" bond1)

# groups NAME MEMBER|NONE: the router's bond1 is in every VIP's
# solicited-node group, or in none of them.
groups() {
    local ns vip g
    ns=$(cat "$(_xvrrp_dir "$1")/ns")
    for vip in "${VIPS[@]}"; do
        g=$(solicited_node "$vip")
        if [[ $2 == MEMBER ]]; then
            wait_until 2 maddr_joined "$ns" bond1 "$g" || fail "$1 (MASTER) not in $g, the group of $vip"
        else
            wait_until 2 _lab_not maddr_joined "$ns" bond1 "$g" || fail "$1 (BACKUP) still in $g, the group of $vip"
        fi
    done
}

# nas_from PCAP SRC: for every VIP, at least one unsolicited NA as A4 says
# (from SRC, hop limit 255), and none otherwise.
nas_from() {
    local pcap=$1 src=$2 vip all good
    nd_frames "$pcap" >"$pcap.nd"
    for vip in "${VIPS[@]}"; do
        all=$(unsolicited_nas "$vip" "$pcap.nd")
        good=$(awk -v m="$VMAC" -v s="$src" \
            '$3 == m && $4 == s && $8 == m && $9 == 1 && $10 == 0 && $11 == 1 && $12 == 255' <<<"$all")
        [[ -n $good ]] ||
            fail "no unsolicited NA for $vip in $(basename "$pcap") from $src/$VMAC, R=1 S=0 O=1, TLL $VMAC, hop limit 255: ${all:-none}"
        [[ $(wc -l <<<"$all") == $(wc -l <<<"$good") ]] ||
            fail "unsolicited NAs for $vip not as A4 says: $(grep -vxF "$good" <<<"$all" | head -n 3)"
        info "$(basename "$pcap"): $(wc -l <<<"$good") unsolicited NA(s) for $vip from $src, VMAC, R=1 S=0 O=1"
    done
}

capture_start "$NS_SW" p-r1 "$LAB_TMP/r1-first.pcap" -Q in icmp6
xvrrp_start r1 "$NS_R1" "${q[@]}" --priority 200
xvrrp_start r2 "$NS_R2" "${q[@]}" --priority 100
expect_state r1 MASTER
expect_state r2 BACKUP
groups r1 MEMBER
groups r2 NONE
sleep 1 # the NA repeats (garp_master_repeat) are out
capture_stop
nas_from "$LAB_TMP/r1-first.pcap" "$r1_ll"
info "r1 MASTER at startup: NAs sent, groups joined; r2 BACKUP in none"

capture_start "$NS_SW" p-r2 "$LAB_TMP/r2-takeover.pcap" -Q in icmp6
xvrrp_stop r1
expect_state r2 MASTER 10 3 "r2 after r1's SIGTERM"
groups r2 MEMBER
sleep 1
capture_stop
nas_from "$LAB_TMP/r2-takeover.pcap" "$r2_ll"
info "SIGTERM on r1: r2 MASTER, NAs sent, groups joined"

capture_start "$NS_SW" p-r1 "$LAB_TMP/r1-preempt.pcap" -Q in icmp6
capture_start "$NS_SW" p-r2 "$LAB_TMP/r2-backup.pcap" -Q in icmp6
xvrrp_start r1 "$NS_R1" "${q[@]}" --priority 200
expect_state r1 MASTER 10 5 "r1 restarted (preempts)"
expect_state r2 BACKUP 10 3 "r2 after r1 preempted"
groups r1 MEMBER
groups r2 NONE
sleep 1
capture_stop
nas_from "$LAB_TMP/r1-preempt.pcap" "$r1_ll"
nd_frames "$LAB_TMP/r2-backup.pcap" | awk -v m="$VMAC" '$3 == m' >"$LAB_TMP/r2-backup.vmac"
[[ ! -s $LAB_TMP/r2-backup.vmac ]] ||
    fail "r2 sent NS/NA from the VMAC around going BACKUP: $(head -n 3 "$LAB_TMP/r2-backup.vmac")"
info "PASS: unsolicited NAs on every take-over, solicited-node groups follow MASTER"
