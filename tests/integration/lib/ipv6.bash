# ipv6.bash: what the IPv6 lab tests add to lab.bash. Source after it.
#
#   LAB_DAD=0 lab_up                       # no DAD on the lab's links (scripts/lab.sh)
#   capture_start "$NS_SW" p-r1 "$LAB_TMP/r1.pcap" -Q in icmp6   # what r1 sends
#   neigh_sampler_start "$NS_C" eth0       # the client's neighbour table, every 20 ms
#   ...
#   nd_vip_violations "$(vmac6 10)" "$VIP6" -- "$LAB_TMP"/*.pcap   # prints offending frames
#
# The VMAC promise for IPv6 (DESIGN decision 3, A2, A4): every Neighbor
# Solicitation or Advertisement that speaks for a VIP carries the VMAC
# 00-00-5E-00-02-{VRID}, in the Ethernet source and in its link-layer option,
# so the neighbour entry of every client maps the VIP to the VMAC, never to a
# router's real MAC.

# shellcheck source=neigh.bash
source "$(dirname "${BASH_SOURCE[0]}")/neigh.bash"

# The IPv6 / IPv4 VMAC of VRID $1 (RFC 9568 7.3, P6), lower case.
vmac6() {
    printf '00:00:5e:00:02:%02x' "$1"
}

vmac4() {
    printf '00:00:5e:00:01:%02x' "$1"
}

# ipv6_expand ADDR: the eight groups of ADDR, four hex digits each, ':'-joined.
ipv6_expand() {
    local addr=${1%%/*} head tail out="" g
    local -a h=() t=()
    if [[ $addr == *::* ]]; then
        head=${addr%%::*}
        tail=${addr#*::}
    else
        head=$addr
        tail=""
    fi
    [[ -n $head ]] && IFS=: read -ra h <<<"$head"
    [[ -n $tail ]] && IFS=: read -ra t <<<"$tail"
    local missing=$((8 - ${#h[@]} - ${#t[@]}))
    for g in "${h[@]}"; do out+=$(printf '%04x:' "0x$g"); done
    for ((g = 0; g < missing; g++)); do out+="0000:"; done
    for g in "${t[@]}"; do out+=$(printf '%04x:' "0x$g"); done
    echo "${out%:}"
}

# solicited_node ADDR: its solicited-node multicast group (RFC 4291 2.7.1), in
# the compressed form `ip -6 maddr` prints (ff02::1:ffXX:XXXX).
solicited_node() {
    local -a g
    IFS=: read -ra g <<<"$(ipv6_expand "$1")"
    printf 'ff02::1:ff%02x:%x\n' "$((0x${g[6]} & 0xff))" "$((0x${g[7]}))"
}

# maddr_joined NS IF GROUP: IF in NS is a member of the IPv6 group GROUP.
maddr_joined() {
    ip -n "$1" -6 maddr show dev "$2" | awk '$1 == "inet6" { print $2 }' | grep -qxF "$3"
}

# link_local_of NS IF: IF's (first) link-local address, without the prefix
# length. Ask before a link-local VIP is added: that is one too.
link_local_of() {
    ip -n "$1" -6 -o addr show dev "$2" scope link | awk '{ split($4, a, "/"); print a[1]; exit }'
}

# addr_flags NS IF ADDR: the flags `ip -6 addr` prints after ADDR's prefix
# length (nodad, tentative, dadfailed, ...), one line.
addr_flags() {
    ip -n "$1" -6 -o addr show dev "$2" |
        awk -v a="$3" '{ split($4, p, "/"); if (p[1] == a) { $1 = $2 = $3 = $4 = ""; print; exit } }'
}

# ---------------------------------------------------------------- captured ND

# nd_frames PCAP...: one line per Neighbor Solicitation (135) or Advertisement
# (136) in the captures, tshark's decode, space separated:
#   file:frame type eth_src ip6_src ip6_dst target sll tll R S O hop_limit time
# (- for an absent field; flags 0/1, - for an NS; time in epoch seconds).
nd_frames() {
    local f
    for f in "$@"; do
        tshark -r "$f" -Y 'icmpv6.type == 135 || icmpv6.type == 136' -T fields -E separator=/t \
            -e frame.number -e icmpv6.type -e eth.src -e ipv6.src -e ipv6.dst \
            -e icmpv6.nd.ns.target_address -e icmpv6.nd.na.target_address \
            -e icmpv6.opt.src_linkaddr -e icmpv6.opt.target_linkaddr \
            -e icmpv6.nd.na.flag.r -e icmpv6.nd.na.flag.s -e icmpv6.nd.na.flag.o -e ipv6.hlim -e frame.time_epoch \
            2>>"$LAB_TMP/tshark.err" |
            awk -F'\t' -v file="$(basename "$f")" '
                function d(x) { return x == "" ? "-" : x }
                function flag(x) { return x == "" ? "-" : (x == "True" || x == "1") ? 1 : 0 }
                {
                    target = ($6 != "") ? $6 : $7
                    print file ":" $1, $2, tolower($3), $4, $5, d(target), d(tolower($8)),
                        d(tolower($9)), flag($10), flag($11), flag($12), d($13), d($14)
                }'
    done
}

# nd_vip_violations VMAC VIP... -- PCAP...: the NS/NA frames that break the
# VMAC promise for these VIPs, one per line with the reason; none is success.
#  - sent from a VIP (NS or NA) with an Ethernet source or link-layer option
#    other than VMAC (the kernel's own NS from a VIP with the real MAC);
#  - an NA for a VIP (target) with another Ethernet source or target
#    link-layer address (an answer or announcement with a real MAC);
#  - an NS for a VIP from a router of this lab ($R1_MAC, $R2_MAC): a router
#    never solicits its own VIP; from :: it is DAD, which VIPs must skip.
nd_vip_violations() {
    local vmac=$1
    shift
    local -a vips=()
    while (($#)) && [[ $1 != -- ]]; do
        vips+=("$1")
        shift
    done
    shift
    nd_frames "$@" | awk -v vmac="$vmac" -v vips="${vips[*]}" -v routers="${R1_MAC:-} ${R2_MAC:-}" '
        BEGIN {
            n = split(vips, v, " "); for (i = 1; i <= n; i++) vip[v[i]] = 1
            n = split(routers, r, " "); for (i = 1; i <= n; i++) router[r[i]] = 1
        }
        function lla_ok(x) { return x == "-" || x == vmac }
        $4 in vip && ($3 != vmac || !lla_ok($7) || !lla_ok($8)) {
            print "from a VIP with a real MAC:", $0; next
        }
        $2 == 136 && $6 in vip && ($3 != vmac || $8 != vmac) {
            print "NA for a VIP with a real MAC:", $0; next
        }
        $2 == 135 && $6 in vip && $3 in router {
            print ($4 == "::" ? "DAD NS for a VIP:" : "a router solicits its VIP:"), $0
        }'
}

# unsolicited_nas VIP [FILE]: of nd_frames' lines (FILE or stdin), the
# unsolicited NAs for VIP (to ff02::1).
unsolicited_nas() {
    awk -v vip="$1" '$2 == 136 && $5 == "ff02::1" && $6 == vip' "${2:--}"
}
