# common.bash: three routers and a client on one segment (issue 12 item 5).
# Source it from a test script; it sources lib/lab.bash and the peer helpers.
#
#   three_up                           # the lab (r1, r2, client) + r3 on the same bridge
#   three_watch 100 20 r1 r2 r3        # capture adverts on the client, sample every status
#   three_action "kill r1"; xvrrp_kill r1
#   three_settle r2 r1=dead r3         # wait until all agree, check ARP/ping, mark settled
#   three_verdict                      # the bounded-overlap checks (handover_check.py)
#
# Routers are named r1, r2, r3 after their namespaces; an xvrrp router is
# started with xvrrp_start NAME (peers/xvrrp.bash), a keepalived one with
# keepalived_start NAME (peers/keepalived.bash) and declared with
# three_keepalived NAME. The segment is IPv4 unless THREE_FAMILY=6.
set -euo pipefail
THREE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/lab.bash
source "$THREE_DIR/../lib/lab.bash"
# shellcheck source=../peers/xvrrp.bash
source "$THREE_DIR/../peers/xvrrp.bash"
# shellcheck source=../peers/keepalived.bash
source "$THREE_DIR/../peers/keepalived.bash"

lab_require_root
lab_require_cmd jq arping tcpdump tshark python3
lab_require_xvrrp
# Under ctest's 90 s with room for the cleanup, which on a loaded host takes
# seconds (ctest kills at 90 s, and a cut cleanup leaks the lab).
LAB_TIMEOUT=${LAB_TIMEOUT:-75}
LAB_CAPTURE_MAX_S=$LAB_TIMEOUT

THREE_VRID=${THREE_VRID:-10}
THREE_FAMILY=${THREE_FAMILY:-4}
declare -gA THREE_KA=()

# ---------------------------------------------------------------- the lab

# three_up: scripts/lab.sh's lab with its third router (LAB_ROUTERS=3: r3
# joined to the bridge as r1 and r2 are, port p-r3, bond1 in xv-TAG-r3,
# 192.0.2.3/24 and 2001:db8::3/64), removed at cleanup with the rest.
three_up() {
    LAB_ROUTERS=3 lab_up
    R3_MAC=$(lab_mac "$NS_R3" bond1)
    export R3_MAC
    local n
    for n in r1 r2 r3; do
        declare -g "${n^^}_LL=$(ip -n "$(three_ns "$n")" -6 -o addr show dev bond1 scope link |
            awk '{split($4, a, "/"); print a[1]; exit}')"
    done
    info "r3 joined: $R3_MAC"
}

# lab_before_fail (called by fail): r3's addresses beside the lab's.
lab_before_fail() {
    [[ -n ${NS_R3:-} ]] && echo "$NS_R3: $(ip -n "$NS_R3" -br addr 2>/dev/null | grep -v '^lo ' | tr -s ' ')" >&2
    return 0
}

three_ns() {
    case $1 in
        r1) echo "$NS_R1" ;;
        r2) echo "$NS_R2" ;;
        r3) echo "$NS_R3" ;;
        *) fail "three_ns: unknown router $1" ;;
    esac
}

three_mac() {
    case $1 in
        r1) echo "$R1_MAC" ;;
        r2) echo "$R2_MAC" ;;
        r3) echo "$R3_MAC" ;;
    esac
}

# three_src NAME: the address NAME's adverts come from (P5): its IPv4
# address, or on an IPv6 segment its own link-local address (read by
# three_up, before a link-local VIP joins it on the MASTER).
three_src() {
    if [[ $THREE_FAMILY == 6 ]]; then
        local -n ll="${1^^}_LL"
        echo "$ll"
        return
    fi
    case $1 in
        r1) echo "$R1_IP" ;;
        r2) echo "$R2_IP" ;;
        r3) echo "$R3_IP" ;;
    esac
}

# The VMAC of our VRID (P6), lower case.
three_vmac() {
    printf '00:00:5e:00:0%d:%02x' "$((THREE_FAMILY == 6 ? 2 : 1))" "$THREE_VRID"
}

three_vip() {
    if [[ $THREE_FAMILY == 6 ]]; then echo "$VIP6"; else echo "$VIP"; fi
}

# three_keepalived NAME: NAME is a keepalived router (state from its FIFO).
three_keepalived() {
    THREE_KA[$1]=1
}

# three_state NAME: MASTER, BACKUP, FAULT... or NONE when nothing runs.
three_state() {
    if [[ -n ${THREE_KA[$1]:-} ]]; then
        local s pid
        pid=$(cat "$(_ka_dir "$1")/vrrp.pid" 2>/dev/null) || true
        if [[ -z $pid ]] || ! pid_alive "$pid"; then
            echo NONE
            return
        fi
        s=$(keepalived_state "$1")
        # A MASTER that heard a lower priority says so, and is still MASTER.
        echo "${s/#MASTER_RX_LOWER_PRI/MASTER}"
    else
        xvrrp_state "$1" "$THREE_VRID"
    fi
}

# ---------------------------------------------------------------- watching

# three_watch INTERVAL_MS SAMPLE_MS NAME...: a capture of every VRRP advert
# on the client's port (the bridge floods them to every port), and the
# status of each xvrrp NAME sampled every SAMPLE_MS, until three_verdict.
three_watch() {
    THREE_INTERVAL_MS=$1
    local sample_ms=$2 n
    shift 2
    local -a socks=()
    for n in "$@"; do
        [[ -n ${THREE_KA[$n]:-} ]] || socks+=("$n=$(_xvrrp_dir "$n")/run/xvrrp.sock")
    done
    : >"$LAB_TMP/steps"
    capture_start "$NS_C" eth0 "$LAB_TMP/adverts.pcap" ip proto 112 or ip6 proto 112
    # What each router sends into the switch (ARP and ICMPv6), to tell which
    # one answered a solicitation: xvrrp routers all answer with the VMAC.
    for n in r1 r2 r3; do
        capture_start "$NS_SW" "p-$n" "$LAB_TMP/port-$n.pcap" -Q in arp or icmp6
    done
    start_bg sampler - python3 "$THREE_DIR/status_sampler.py" "$LAB_TMP/status.samples" \
        "$sample_ms" "$THREE_VRID" "${socks[@]}" --max-s "$LAB_TIMEOUT"
    THREE_SAMPLER_PID=$LAB_LAST_PID
}

# three_action LABEL: the next window starts now (before the action).
three_action() {
    echo "$EPOCHREALTIME action ${1// /_}" >>"$LAB_TMP/steps"
    info "-- $1"
}

# three_verdict: stop watching, decode the captures with tshark (adverts on
# the client's port, answers to solicitations on each router's port) and
# apply handover_check.py; fail on a violation, print its table.
three_verdict() {
    local -a routers=() n
    kill -TERM "$THREE_SAMPLER_PID" 2>/dev/null || true
    wait_pid_gone "$THREE_SAMPLER_PID" 3 || fail "status sampler did not stop"
    capture_stop
    tshark -r "$LAB_TMP/adverts.pcap" -Y "vrrp.virt_rtr_id == $THREE_VRID" -T fields \
        -e frame.time_epoch -e ip.src -e ipv6.src -e vrrp.prio 2>>"$LAB_TMP/tshark.err" |
        awk -F'\t' '{ print $1, ($2 != "" ? $2 : $3), $4 }' >"$LAB_TMP/adverts.txt"
    [[ -s $LAB_TMP/adverts.txt ]] || fail "tshark decoded no advert from $LAB_TMP/adverts.pcap"
    local answer="arp.opcode == 2 && arp.src.proto_ipv4 == $VIP"
    [[ $THREE_FAMILY == 6 ]] && answer="icmpv6.type == 136 && icmpv6.nd.na.flag.s == 1 && icmpv6.nd.na.target_address == $VIP6"
    : >"$LAB_TMP/answers.txt"
    for n in r1 r2 r3; do
        routers+=(--router "$n=$(three_src "$n")")
        tshark -r "$LAB_TMP/port-$n.pcap" -T fields -e frame.time_epoch -Y "$answer" \
            2>>"$LAB_TMP/tshark.err" | sed "s/\$/ $n/" >>"$LAB_TMP/answers.txt"
    done
    if ! python3 "$THREE_DIR/handover_check.py" --steps "$LAB_TMP/steps" \
        --adverts "$LAB_TMP/adverts.txt" --interval-ms "$THREE_INTERVAL_MS" \
        --answers "$LAB_TMP/answers.txt" \
        --samples "$LAB_TMP/status.samples" "${routers[@]}" >"$LAB_TMP/verdict.txt"; then
        cat "$LAB_TMP/verdict.txt" >&2
        fail "handover_check.py: a second master beyond the bound, or a wrong responder (VIOLATION lines above)"
    fi
    cat "$LAB_TMP/verdict.txt" >&2
}

# ---------------------------------------------------------------- settling

# three_settle MASTER [OTHER[=dead]...]: wait (5 s) until MASTER says MASTER
# and every other running router says BACKUP following MASTER (a dead one,
# NAME=dead, does not answer), and mark the window settled; then check that
# the client's solicitation for the VIP gets one answer, with the
# expected MAC (which router sent them, three_verdict checks from the switch
# ports), and that the client reaches the VIP at that MAC.
three_settle() {
    local m=$1
    shift
    wait_until 5 _three_agree "$m" "$@" || fail "routers do not agree on $m as MASTER: $(_three_states "$m" "$@")"
    echo "$EPOCHREALTIME settled $(three_src "$m")" >>"$LAB_TMP/steps"
    info "agreed: $m MASTER, ${*:-no other router} BACKUP (=dead: not running)"
    _three_check_responder "$m" "$@"
}

_three_states() {
    local a n
    for a in "$@"; do
        n=${a%=dead}
        printf '%s=%s ' "$n" "$(three_state "$n")"
    done
}

# _three_agree MASTER OTHER...: each router's own view agrees that MASTER
# is master: MASTER says MASTER, each live other says BACKUP, a dead one
# does not answer; xvrrp's also name MASTER's address as master_ip (a
# keepalived FIFO has only the state).
_three_agree() {
    local m=$1 a n src
    shift
    src=$(three_src "$m")
    _three_view_is "$m" MASTER "$src" || return 1
    for a in "$@"; do
        n=${a%=dead}
        if [[ $a == *=dead ]]; then
            _three_view_is "$n" NONE || return 1
        else
            _three_view_is "$n" BACKUP "$src" || return 1
        fi
    done
}

# _three_view_is NAME STATE [MASTER_IP]: one `xvrrp status --json` (or the
# keepalived FIFO) says so.
_three_view_is() {
    local got
    if [[ -n ${THREE_KA[$1]:-} || $2 == NONE ]]; then
        [[ $(three_state "$1") == "$2" ]]
        return
    fi
    got=$(xvrrp_status "$1" 2>/dev/null | jq -r --argjson v "$THREE_VRID" \
        '.instances | map(select(.vrid == $v))[0] | "\(.state) \(.master_ip)"' 2>/dev/null) || return 1
    [[ $got == "$2 $3" ]]
}

# The MAC MASTER answers with: the VMAC for xvrrp, the router's own MAC for
# keepalived (no use_vmac, as in tests/integration/interop).
three_expected_mac() {
    if [[ -n ${THREE_KA[$1]:-} ]]; then three_mac "$1"; else three_vmac; fi
}

_three_check_responder() {
    local m=$1 want vip got
    want=$(three_expected_mac "$m")
    vip=$(three_vip)
    echo "$EPOCHREALTIME solicit begin" >>"$LAB_TMP/steps"
    got=$(_three_solicit "$vip")
    # A second responder's answer comes within microseconds; 200 ms is plenty.
    sleep 0.2
    echo "$EPOCHREALTIME solicit end" >>"$LAB_TMP/steps"
    info "solicited: $got"
    assert_eq "1 $want" "$got" "answers to a solicitation for $vip with $m MASTER (count MAC)"
    _three_client_reaches "$vip" "$want" "$m"
}

# _three_solicit VIP: "COUNT MAC..." of the answers to one broadcast ARP
# request (IPv4; arping returns at the first answer, the switch-port
# captures see any other) or one multicast NS (IPv6) from the client.
_three_solicit() {
    if [[ $THREE_FAMILY == 6 ]]; then
        _three_ns_answers "$1"
        return
    fi
    local out
    out=$(ip netns exec "$NS_C" arping -b -c 1 -w 1 -I eth0 "$1" 2>/dev/null || true)
    local macs count
    macs=$(sed -n 's/.*reply from .*\[\([0-9A-Fa-f:]*\)\].*/\1/p' <<<"$out" | tr 'A-F' 'a-f')
    count=$(grep -c . <<<"$macs" || true)
    echo "$count $(sort -u <<<"$macs" | paste -sd ' ')"
}

# IPv6: the client, its neighbour entry flushed, pings the VIP once: one NS
# to the VIP's solicited-node group; the MAC the answer gave is what the
# entry then holds ("1 MAC", or "0" when nothing answered). How many NAs
# and from which port, three_verdict counts from the switch-port captures.
_three_ns_answers() {
    local mac
    ip -n "$NS_C" -6 neigh flush dev eth0
    ip netns exec "$NS_C" ping -6 -c 1 -W 1 "$1" >/dev/null 2>&1 || true
    mac=$(ip -n "$NS_C" -6 neigh show "$1" | grep -o 'lladdr [0-9a-f:]*' | awk '{print $2}')
    echo "${mac:+1 }${mac:-0}"
}

# _three_where VIP: what a failed ping needs explained: where the switch
# sends the VMAC, what the client holds for the VIP, each xvrrp router's
# kernel view (state, lease) and its VMAC / egress counters.
_three_where() {
    local n
    echo "switch: $(bridge -n "$NS_SW" fdb show | grep -i "$(three_vmac)" | paste -sd ';')"
    echo "client: $(ip -n "$NS_C" neigh show "$1")"
    for n in r1 r2 r3; do
        [[ -n ${THREE_KA[$n]:-} ]] && continue
        xvrrp_stats "$n" bond1 2>/dev/null | jq -c --arg n "$n" '.interfaces[0] | {($n): {routers: .routers,
            counters: (.counters | with_entries(select(.key | test("vmac|egress|arp_reply|arp_drop"))))}}' || true
    done
}

# _three_client_reaches VIP MAC NAME: the client pings the VIP and then holds
# MAC for it.
_three_client_reaches() {
    local vip=$1 want=$2 m=$3 got fam=-4
    [[ $THREE_FAMILY == 6 ]] && fam=-6
    ip netns exec "$NS_C" ping "$fam" -c 2 -i 0.1 -W 1 "$vip" >/dev/null ||
        fail "client cannot ping $vip with $m MASTER; $(_three_where "$vip")"
    got=$(ip -n "$NS_C" "$fam" neigh show "$vip" | grep -o 'lladdr [0-9a-f:]*' | awk '{print $2}')
    assert_eq "$want" "$got" "client's neighbour entry for $vip with $m MASTER"
}
