# common.bash: what the egress tests share: the lab library, the xvrrp peer,
# a capture of every frame on the segment, a sampler of the client's
# neighbour entry for a VIP, and the check that no frame from a VIP carries a
# real MAC, done by tshark (an independent dissector).
set -euo pipefail
EGRESS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/lab.bash
source "$EGRESS_DIR/../lib/lab.bash"
# shellcheck source=../peers/xvrrp.bash
source "$EGRESS_DIR/../peers/xvrrp.bash"
# shellcheck source=../lib/neigh.bash
source "$EGRESS_DIR/../lib/neigh.bash"

lab_require_root
lab_require_cmd jq tshark tcpdump ping
lab_require_xvrrp

EGRESS_PORTS=(p-r1 p-r2 p-c)

# capture_segment: tcpdump on every switch port, frames coming in only:
# $LAB_TMP/p-r1.pcap holds exactly what r1 sent, and the three files
# together every frame on the segment.
capture_segment() {
    local p
    for p in "${EGRESS_PORTS[@]}"; do
        capture_start "$NS_SW" "$p" "$LAB_TMP/$p.pcap" -Q in
    done
}

# watch_failover VIP: with every port captured and the client's neighbour
# table sampled, the client pings VIP through r1 (first contact: the
# client's ARP/NS, answered by XDP, then r1's own ARP/NS for the client,
# from the VIP, to send the replies), keeps pinging while r1's controller is
# SIGKILLed and r2 takes over, and reaches VIP through r2. The capture is
# stopped; the sampler runs on for assert_neigh_always.
watch_failover() {
    local vip=$1 fam=-4 pinger
    [[ $vip == *:* ]] && fam=-6
    capture_segment
    neigh_sampler_start "$NS_C" eth0
    ip netns exec "$NS_C" ping "$fam" -c 5 -i 0.2 -W 1 "$vip" >/dev/null || fail "client cannot ping $vip"
    info "client reached $vip through r1"
    start_bg ping "$NS_C" ping "$fam" -i 0.1 -W 1 "$vip"
    pinger=$LAB_LAST_PID
    sleep 0.5
    xvrrp_kill r1
    xvrrp_wait_state r2 MASTER 3 || fail "r2 did not take over: $(xvrrp_state r2)"
    info "r1 killed, r2 MASTER"
    sleep 2
    kill -INT "$pinger"
    wait_pid_gone "$pinger" 3 || fail "ping did not stop"
    ip netns exec "$NS_C" ping "$fam" -c 3 -i 0.2 -W 1 "$vip" >/dev/null ||
        fail "client cannot ping $vip through r2"
    sleep 0.3
    capture_stop
}

# assert_neigh_always VMAC VIP: stop the sampler (lib/neigh.bash) of the
# client's table; every entry it saw for VIP with a link-layer address shows
# VMAC, and at least 10 dumps did.
assert_neigh_always() {
    local want=$1 vip=$2 broke seen
    neigh_sampler_stop
    broke=$(neigh_check "$want" "$vip") || fail "$broke"
    seen=$(grep -c -F " $vip lladdr $want" "$LAB_TMP/neigh.samples" || true)
    assert_ge "$seen" 10 "samples of the client's entry showing $want"
    info "client's neighbour entry: $want in all $seen samples that had one"
}

# vip_frames PORT FILTER: one line per captured frame from a VIP on PORT:
#   frame eth.src icmpv6.type linkaddrs(,) arp.sha arp.tpa icmpv6-csum(1 good)
vip_frames() {
    tshark -r "$LAB_TMP/$1.pcap" -Y "$2" -T fields -E separator=/t -E occurrence=a \
        -E aggregator=, -e frame.number -e eth.src -e icmpv6.type -e icmpv6.opt.linkaddr \
        -e arp.src.hw_mac -e arp.dst.proto_ipv4 -e icmpv6.checksum.status \
        2>>"$LAB_TMP/tshark.err" |
        awk -F'\t' -v OFS=' ' '{ for (i = 1; i <= 7; i++) if ($i == "") $i = "-"; $1 = $1; print }'
}

# assert_vmac_only FILTER VMAC: on every port, every frame matching FILTER
# (the VIPs as IP source or ARP sender) has VMAC as Ethernet source, in every
# ND link-layer option and as ARP sender hardware address.
assert_vmac_only() {
    local filter=$1 want=$2 p lines bad total=0
    for p in "${EGRESS_PORTS[@]}"; do
        lines=$(vip_frames "$p" "$filter")
        echo "$lines" >"$LAB_TMP/$p.vip-frames"
        bad=$(awk -v w="$want" '
            { macs = $2 "," ($4 == "-" ? w : $4) "," ($5 == "-" ? w : $5)
              n = split(macs, m, ",")
              for (i = 1; i <= n; i++) if (m[i] != w) { print; next } }' <<<"$lines")
        [[ -z $bad ]] || fail "frames from a VIP with a real MAC on $p (frame eth.src type options sha): $(head -n 5 <<<"$bad")"
        total=$((total + $(grep -c . <<<"$lines" || true)))
    done
    assert_ge "$total" 1 "frames from a VIP captured"
    info "$total frames from a VIP captured, all with $want only"
}

# count_frames PORT FILTER: how many captured frames on PORT match FILTER.
count_frames() {
    tshark -r "$LAB_TMP/$1.pcap" -Y "$2" 2>>"$LAB_TMP/tshark.err" | grep -c . || true
}

# egress_attached NAME: "true" when `xvrrp stats` says the router's bond1 has
# the egress program.
egress_attached() {
    xvrrp_stats "$1" bond1 | jq -r '.interfaces[0].egress_attached'
}

# has_egress_filter NS: our filter is on bond1's egress hook in NS.
has_egress_filter() {
    ip netns exec "$1" tc filter show dev bond1 egress 2>/dev/null | grep -q xvrrp_egress
}
