#!/usr/bin/env bash
# vrrp_garp_interval / vrrp_gna_interval (issue 10): inside a gratuitous
# burst, one GARP per vrrp_garp_interval and one unsolicited NA per
# vrrp_gna_interval on the interface, each family in its own lane; excluded
# VIPs on the router's interface are announced too (keepalived does). The
# same configuration without the two keywords sends its burst back to back:
# that run is the control that shows the spacing comes from the keyword.
# What r1 sends is captured at its switch port and timed by tshark.
set -euo pipefail
DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/lab.bash
source "$DIR/../lib/lab.bash"
# shellcheck source=../peers/xvrrp.bash
source "$DIR/../peers/xvrrp.bash"
lab_require_root
lab_require_cmd jq tcpdump tshark
lab_require_xvrrp

GARP_GAP_MS=20
GNA_GAP_MS=5
REPEAT=2
lab_up
NET4=${VIP%.*}
NET6=${VIP6%::*}

# write_config FILE GLOBALS: 8 IPv4 VIPs + 1 excluded, and 3 IPv6 VIPs in a
# VRRPv3 instance.
write_config() {
    cat >"$1" <<CONF
global_defs {
$2
    vrrp_garp_master_repeat $REPEAT
    vrrp_garp_master_delay 0
    vrrp_version 3
}
vrrp_instance V4 {
    interface bond1
    virtual_router_id 10
    priority 200
    advert_int 0.1
    virtual_ipaddress {
$(for i in $(seq 201 208); do echo "        $NET4.$i/24"; done)
    }
    virtual_ipaddress_excluded {
        $NET4.209/24
    }
}
vrrp_instance V6 {
    interface bond1
    virtual_router_id 11
    priority 200
    advert_int 0.1
    virtual_ipaddress {
        fe80::a0/64
$(for i in 1 2; do echo "        $NET6::a$i/64"; done)
    }
}
CONF
}

# burst NAME CONF: start r1 alone with CONF, capture what it sends until
# both instances are MASTER and the burst is over, stop it. Prints the
# capture file.
burst() {
    local name=$1 conf=$2 pcap=$LAB_TMP/$1.pcap
    capture_start "$NS_SW" p-r1 "$pcap" -Q in
    XVRRP_NO_IFACE=1 xvrrp_start "$name" "$NS_R1" -f "$conf"
    wait_until 5 _both_master "$name" || fail "$name: not MASTER: $(xvrrp_status "$name" | jq -c .)"
    sleep 1
    xvrrp_stop "$name"
    capture_stop "$pcap"
    echo "$pcap"
}

_both_master() {
    [[ $(xvrrp_status "$1" | jq -r '[.instances[].state] | join(",")') == MASTER,MASTER ]]
}

# times PCAP FILTER: the capture times (ms) of matching frames, one a line.
times() {
    tshark -r "$1" -Y "$2" -T fields -e frame.time_relative 2>>"$LAB_TMP/tshark.err" |
        awk '{ printf "%.3f\n", $1 * 1000 }'
}

# gaps: min and max gap (ms) between consecutive times read from stdin, and
# the count: "MIN MAX N".
gaps() {
    awk 'NR > 1 { g = $1 - prev; if (n == 0 || g < min) min = g; if (g > max) max = g; n++ }
         { prev = $1 } END { printf "%.3f %.3f %d\n", min, max, NR }'
}

GARPS="arp && arp.src.proto_ipv4 == arp.dst.proto_ipv4 && eth.src == 00:00:5e:00:01:0a"
NAS="icmpv6.type == 136 && eth.src == 00:00:5e:00:02:0b"

write_config "$LAB_TMP/plain.conf" ""
write_config "$LAB_TMP/spaced.conf" "    vrrp_garp_interval 0.0$GARP_GAP_MS
    vrrp_gna_interval 0.00$GNA_GAP_MS"

plain=$(burst plain "$LAB_TMP/plain.conf")
read -r pmin pmax pn < <(times "$plain" "$GARPS" | gaps)
read -r nmin nmax nn < <(times "$plain" "$NAS" | gaps)
info "without spacing: $pn GARPs (gaps $pmin-$pmax ms), $nn NAs (gaps $nmin-$nmax ms)"
assert_eq $((9 * REPEAT)) "$pn" "GARPs without spacing (8 VIPs + 1 excluded on bond1, x$REPEAT)"
assert_eq $((3 * REPEAT)) "$nn" "unsolicited NAs without spacing"
[[ -n $(times "$plain" "$GARPS && arp.src.proto_ipv4 == $NET4.209") ]] || fail "no GARP for the excluded VIP"
awk -v m="$pmax" 'BEGIN { exit !(m < 5) }' || fail "without spacing a GARP gap of $pmax ms: not a burst"

spaced=$(burst spaced "$LAB_TMP/spaced.conf")
read -r smin smax sn < <(times "$spaced" "$GARPS" | gaps)
read -r tmin tmax tn < <(times "$spaced" "$NAS" | gaps)
first_garp=$(times "$spaced" "$GARPS" | head -1)
last_garp=$(times "$spaced" "$GARPS" | tail -1)
last_na=$(times "$spaced" "$NAS" | tail -1)
info "spaced: $sn GARPs (gaps $smin-$smax ms), $tn NAs (gaps $tmin-$tmax ms);" \
    "GARPs $first_garp-$last_garp ms, last NA $last_na ms"
assert_eq $((9 * REPEAT)) "$sn" "GARPs with spacing"
assert_eq $((3 * REPEAT)) "$tn" "unsolicited NAs with spacing"
# A timer never fires early; the capture's timestamps may jitter by a
# fraction of a millisecond.
awk -v m="$smin" -v g="$GARP_GAP_MS" 'BEGIN { exit !(m >= g - 1) }' ||
    fail "a GARP gap of $smin ms, below vrrp_garp_interval $GARP_GAP_MS ms"
awk -v m="$tmin" -v g="$GNA_GAP_MS" 'BEGIN { exit !(m >= g - 1) }' ||
    fail "an NA gap of $tmin ms, below vrrp_gna_interval $GNA_GAP_MS ms"
# The NA lane does not wait for the ARP lane: the NAs are all out before
# the GARP burst (17 gaps of 20 ms) is half done.
awk -v n="$last_na" -v f="$first_garp" -v g="$GARP_GAP_MS" -v c="$sn" \
    'BEGIN { exit !(n - f < (c - 1) * g / 2) }' ||
    fail "the last NA left at $last_na ms, behind the GARP lane"
info "PASS"
