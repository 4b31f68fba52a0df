# common.bash: what every interop test sources. The lab library (cleanup
# trap, watchdog, captures, probe) and the xvrrp peer helpers; the test
# sources keepalived.bash / frr.bash itself when it needs them.
set -euo pipefail
INTEROP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/lab.bash
source "$INTEROP_DIR/../lib/lab.bash"
# shellcheck source=../peers/xvrrp.bash
source "$INTEROP_DIR/../peers/xvrrp.bash"

lab_require_root
lab_require_cmd jq arping
lab_require_xvrrp

# The VMAC of VRID $1 (RFC 9568 7.3), lower case.
vmac() {
    printf '00:00:5e:00:01:%02x' "$1"
}

state_of() {
    xvrrp_state "$1"
}

# The IPv6 VMAC of VRID $1 (00:00:5e:00:02:VRID).
vmac6() {
    printf '00:00:5e:00:02:%02x' "$1"
}

# link_local NS IF: IF's own (first listed) IPv6 link-local address.
link_local() {
    ip -n "$1" -6 -o addr show dev "$2" scope link | awk '{split($4, a, "/"); print a[1]; exit}'
}

# IPv6 adverts go out from the link-local address, which is tentative for
# about a second after the link comes up (DAD): wait until no address of
# IF in NS is.
wait_link_local() {
    wait_until 5 _link_local_ready "$1" "$2" || fail "$1/$2: link-local address still tentative"
}

_link_local_ready() {
    [[ -n $(link_local "$1" "$2") ]] && ! ip -n "$1" -6 addr show dev "$2" | grep -q tentative
}

# neigh_mac NS IP: the link-layer address NS's neighbour cache holds for IP
# (empty if none).
neigh_mac() {
    ip -n "$1" -6 neigh show "$2" | grep -o 'lladdr [0-9a-f:]*' | awk '{print $2}'
}

# discards NAME: the sum of xvrrp NAME's discard_* kernel counters.
discards() {
    xvrrp_stats "$1" "${XVRRP_IFACE:-bond1}" |
        jq '[.interfaces[0].counters | to_entries[] | select(.key | startswith("discard_")) | .value] | add'
}

# client_reaches IP: the client pings IP with an empty neighbour cache and
# prints the MAC its cache then holds for IP.
client_reaches() {
    ip -n "$NS_C" -6 neigh flush dev eth0
    ip netns exec "$NS_C" ping -6 -c 2 -i 0.2 -W 1 "$1" >/dev/null || fail "client cannot reach $1"
    neigh_mac "$NS_C" "$1"
}

# expect_client_at IP MAC PCAP WHAT: the client reaches IP and holds MAC for
# it. PCAP (a capture on the client, running) explains a wrong MAC when the
# router's kernel solicited the client from IP with another MAC (what the
# TC egress program exists to prevent; docs/operations.md "Addresses and
# MACs").
expect_client_at() {
    local ip=$1 want=$2 pcap=$3 what=$4 got from
    got=$(client_reaches "$ip")
    [[ $got == "$want" ]] && return 0
    from=$(tshark -r "$pcap" -Y "icmpv6.type == 135 && ipv6.src == $ip && eth.src != $want" \
        -T fields -e eth.src 2>/dev/null | sort -u | paste -sd ' ')
    fail "$what: client holds $got for $ip, expected $want${from:+; a router sent NS from $ip with source MAC $from (an NS from the VIP with the real MAC)}"
}

# adverts_from PCAP SRC: tshark's view (tshark_vrrp) of the adverts sent
# from SRC, one line per distinct form.
adverts_from() {
    tshark_vrrp "$1" | awk -v s="$2" '$6 == s' | sort -u
}

# advert_lists PCAP: the distinct address lists of the IPv6 adverts in PCAP,
# as tshark decodes them (comma-separated, in advert order).
advert_lists() {
    tshark -r "$1" -Y 'vrrp && ipv6' -T fields -e vrrp.ipv6_addr 2>>"$LAB_TMP/tshark.err" | sort -u
}
