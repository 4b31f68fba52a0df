# common.bash: what every keepalived-configuration test sources. The lab
# library (cleanup trap, watchdog) and the xvrrp peer helpers, plus what
# these tests add to the lab: extra veth pairs and a second segment.
set -euo pipefail
CONFIG_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/lab.bash
source "$CONFIG_DIR/../lib/lab.bash"
# shellcheck source=../peers/xvrrp.bash
source "$CONFIG_DIR/../peers/xvrrp.bash"

lab_require_root
lab_require_cmd jq ip
lab_require_xvrrp

# The second segment's addresses (documentation range, lab namespaces only).
SEG2_R1_IP=198.51.100.1
SEG2_R2_IP=198.51.100.2

# lab_second_segment IFNAME: a second bridge (br1) in the switch namespace and
# one more veth per router, named IFNAME inside the router, with
# $SEG2_R1_IP/24 and $SEG2_R2_IP/24. Removed with the namespaces.
lab_second_segment() {
    local ifname=$1 ns port ip
    ip -n "$NS_SW" link add br1 type bridge stp_state 0 mcast_snooping 0 forward_delay 0
    ip -n "$NS_SW" link set br1 up
    for ns in r1 r2; do
        port="q-$ns"
        if [[ $ns == r1 ]]; then ns=$NS_R1 ip=$SEG2_R1_IP; else ns=$NS_R2 ip=$SEG2_R2_IP; fi
        ip -n "$NS_SW" link add "$port" type veth peer name "$ifname" netns "$ns"
        ip -n "$NS_SW" link set "$port" master br1 up
        ip -n "$ns" link set "$ifname" up
        ip -n "$ns" addr add "$ip/24" dev "$ifname"
    done
}

# ns_veth_pair NS A B: a veth pair A <-> B, both ends inside NS, both up.
ns_veth_pair() {
    ip -n "$1" link add "$2" type veth peer name "$3"
    ip -n "$1" link set "$2" up
    ip -n "$1" link set "$3" up
}

# link_running NS IF: IF is up with carrier (what the controller tracks).
link_running() {
    ip -n "$1" -o link show dev "$2" | grep -q 'state UP'
}

# state_of NAME VRID: the instance's state on router NAME.
state_of() {
    xvrrp_state "$1" "$2"
}

# wait_state NAME VRID STATE [TIMEOUT]
wait_state() {
    wait_until "${4:-10}" _state_is "$1" "$2" "$3"
}

_state_is() {
    [[ $(xvrrp_state "$1" "$2") == "$3" ]]
}

# expect_state NAME VRID STATE [TIMEOUT] [WHAT]: wait, or fail naming both.
expect_state() {
    wait_state "$1" "$2" "$3" "${4:-10}" ||
        fail "${5:-$1 VRID $2}: expected $3, is $(state_of "$1" "$2")"
}
