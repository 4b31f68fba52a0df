# reload.bash: what the atomic-reload tests share: the lab library, the
# xvrrp peer, and r1's configuration file (one VRRPv3 instance VI_10 on
# bond1, VRID 10, the lab's VIP) rewritten and reloaded with SIGHUP.
set -euo pipefail
RELOAD_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/lab.bash
source "$RELOAD_DIR/../lib/lab.bash"
# shellcheck source=../peers/xvrrp.bash
source "$RELOAD_DIR/../peers/xvrrp.bash"

lab_require_root
lab_require_cmd jq arping tshark tcpdump
lab_require_xvrrp

VMAC=00:00:5e:00:01:0a

# vi10 PRIORITY ADVERT_INT [EXTRA-LINES]: the instance block of r1's file.
vi10() {
    cat <<CONF
vrrp_instance VI_10 {
    interface bond1
    virtual_router_id 10
    priority $1
    version 3
    advert_int $2
    virtual_ipaddress {
        $VIP/24
    }
${3:-}}
CONF
}

# reload_r1: SIGHUP to r1, then wait (5 s) for its next "reloaded", "reload
# refused" or "reload failed" log line; prints which. Appends the time the
# loop spent on it, "<first ms> <last ms>" (epoch, from the log line: its
# time and "applied in N us"), to $LAB_TMP/reload.windows.
reload_r1() {
    local log="$LAB_TMP/xv-r1.log" before line at us
    before=$(_reload_lines "$log" | wc -l)
    kill -HUP "$(cat "$(_xvrrp_dir r1)/pid")"
    wait_until 5 _reload_logged "$log" "$before" || fail "r1 did not finish the reload within 5 s"
    line=$(_reload_lines "$log" | tail -n 1)
    at=$(date -d "${line:0:23}" +%s%3N)
    us=$(grep -oE 'applied in [0-9]+ us' <<<"$line" | grep -oE '[0-9]+' || echo 0)
    echo "$((at - us / 1000 - 1)) $at" >>"$LAB_TMP/reload.windows"
    grep -oE 'reloaded|reload refused|reload failed' <<<"$line"
}

_reload_lines() {
    grep -E 'reloaded |reload refused|reload failed' "$1" || true
}

_reload_logged() {
    (($(_reload_lines "$1" | wc -l) > $2))
}

# lost_in_reloads [SLACK_MS]: pings of the probe's timeline lost while the
# loop applied a reload (SLACK_MS (5) either side). On
# a loaded machine pings are lost now and then anyway; these are the ones a
# reload can be blamed for.
lost_in_reloads() {
    local t0
    t0=$(stat -c %.3Y "$LAB_TMP/probe.ready" | tr -d .)
    awk -v t0="$t0" -v slack="${1:-5}" '
        FNR == NR { lo[NR] = $1 - slack; hi[NR] = $2 + slack; n = NR; next }
        /^#/ || $3 != -1 { next }
        { t = t0 + $2; for (i = 1; i <= n; i++) if (t >= lo[i] && t <= hi[i]) { c++; break } }
        END { print c + 0 }' "$LAB_TMP/reload.windows" "$LAB_TMP/probe.timeline"
}

# applied_us_max: the longest "applied in N us in the loop" of r1's reloads
# (wall time: on a loaded machine, mostly other processes' turn).
applied_us_max() {
    { grep -oE "applied in [0-9]+ us" "$LAB_TMP/xv-r1.log" || true; } | awk '{ if ($3 > m) m = $3 } END { print m + 0 }'
}

# applied_cpu_us_max: the most CPU time one reload took in the loop.
applied_cpu_us_max() {
    { grep -oE "[0-9]+ us of CPU" "$LAB_TMP/xv-r1.log" || true; } | awk '{ if ($1 > m) m = $1 } END { print m + 0 }'
}
# arp_reply_macs PCAP IP: the distinct Ethernet sources of ARP replies for
# IP in a capture, by tshark's dissector, one per line.
arp_reply_macs() {
    tshark -r "$1" -Y "arp.opcode == 2 && arp.src.proto_ipv4 == $2" -T fields -e eth.src \
        2>>"$LAB_TMP/tshark.err" | sort -u
}

arp_reply_count() {
    tshark -r "$1" -Y "arp.opcode == 2 && arp.src.proto_ipv4 == $2" -T fields -e frame.number \
        2>>"$LAB_TMP/tshark.err" | wc -l
}
