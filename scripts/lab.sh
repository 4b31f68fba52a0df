#!/usr/bin/env bash
# A VRRP lab in network namespaces: one "switch" namespace holding a Linux
# bridge, two routers and a client, each joined to the bridge by a veth pair.
# Inside each router namespace the veth is named bond1, as on a real gateway.
#
#   scripts/lab.sh up   [TAG]   create the lab (prints the namespace names)
#   scripts/lab.sh down [TAG]   remove it (safe to call twice, or on a half-built lab)
#   scripts/lab.sh env  [TAG]   print shell variables describing the lab
#   scripts/lab.sh unplug TAG NODE [IFNAME]         delete a router's interface
#   scripts/lab.sh plug   TAG NODE [IFNAME [ADDR...]]  create it (again), on the bridge
#     NODE is r1, r2 (or r3), IFNAME bond1 by default; plug gives bond1 the node's lab
#     addresses unless ADDRs (with /LEN) are given. Interfaces that come and go
#     (docs/operations.md) are tested with these.
#   scripts/lab.sh segment TAG IFNAME   one more L2 segment: a bridge br-IFNAME in the
#     switch and a veth IFNAME in r1, r2 and the client (no addresses), up
#     (bench/scale4k: 16 links between the same two routers).
#
# TAG (default: lab) makes names unique so two runs never collide; namespaces
# are xv-TAG-sw, xv-TAG-r1, xv-TAG-r2, xv-TAG-c. Addresses come from the
# documentation ranges (192.0.2.0/24, 2001:db8::/64) and exist only inside the lab.
#
# LAB_ROUTERS=3 in the environment adds a third router, xv-TAG-r3 (192.0.2.3),
# joined the same way (bench/chaos).
#
# IPv6 is on in every namespace. LAB_DAD=0 in the environment turns duplicate
# address detection off on every lab link (link-local addresses are usable
# at once instead of after a second of tentative state); the default keeps
# the kernel's DAD, which tests of "no DAD for VIPs" need.
set -euo pipefail

cmd=${1:-}
tag=${2:-lab}
prefix="xv-${tag}"
NS_SW="${prefix}-sw"
NS_R1="${prefix}-r1"
NS_R2="${prefix}-r2"
NS_R3="${prefix}-r3"
NS_C="${prefix}-c"
R1_IP=192.0.2.1
R2_IP=192.0.2.2
R3_IP=192.0.2.3
C_IP=192.0.2.100
VIP=192.0.2.254
R1_IP6=2001:db8::1
R2_IP6=2001:db8::2
R3_IP6=2001:db8::3
C_IP6=2001:db8::100
VIP6=2001:db8::254

print_env() {
  cat <<EOF
NS_SW=$NS_SW
NS_R1=$NS_R1
NS_R2=$NS_R2
NS_R3=$NS_R3
NS_C=$NS_C
R1_IP=$R1_IP
R2_IP=$R2_IP
R3_IP=$R3_IP
C_IP=$C_IP
VIP=$VIP
R1_IP6=$R1_IP6
R2_IP6=$R2_IP6
R3_IP6=$R3_IP6
C_IP6=$C_IP6
VIP6=$VIP6
LAB_IF=bond1
EOF
}

down() {
  local ns
  for ns in "$NS_R1" "$NS_R2" "$NS_R3" "$NS_C" "$NS_SW"; do
    if ip netns list | grep -qw -- "$ns"; then
      ip netns delete "$ns" 2>/dev/null || true
    fi
  done
}

# ipv6_knobs NS: before any link exists, so every link inherits the defaults.
# DAD is set on "default" only: the kernel runs DAD on a link when either
# "all" or the link's own accept_dad is on, so all.accept_dad=1 would
# override a link that turns it off for itself (FRR's VMAC macvlan does).
ipv6_knobs() {
  local ns=$1 conf dad=1
  [[ ${LAB_DAD:-1} == 0 ]] && dad=0
  for conf in all default; do
    ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$conf.disable_ipv6=0"
  done
  ip netns exec "$ns" sysctl -qw "net.ipv6.conf.all.accept_dad=0" \
    "net.ipv6.conf.default.accept_dad=$dad"
}

# join NS IFNAME PORT [ADDR/LEN...]: a veth from the bridge port PORT (in the
# switch) to IFNAME in NS, with ADDRs on it before it goes up (IPv6 without
# DAD), so whoever waits for the link finds its address there.
join() {
  local ns=$1 ifname=$2 port=$3 a
  shift 3
  ip -n "$NS_SW" link add "$port" type veth peer name "$ifname" netns "$ns"
  ip -n "$NS_SW" link set "$port" master br0 up
  for a in "$@"; do
    if [[ $a == *:* ]]; then
      ip -n "$ns" addr add "$a" dev "$ifname" nodad
    else
      ip -n "$ns" addr add "$a" dev "$ifname"
    fi
  done
  ip -n "$ns" link set "$ifname" up
}

node_ns() {
  case "$1" in
    r1) echo "$NS_R1" ;;
    r2) echo "$NS_R2" ;;
    r3) echo "$NS_R3" ;;
    *)
      echo "unknown node '$1' (r1, r2 or r3)" >&2
      return 1
      ;;
  esac
}

# unplug NODE [IFNAME]: the veth's switch end goes with it.
unplug() {
  local ns
  ns=$(node_ns "$1")
  ip -n "$ns" link del "${2:-bond1}"
}

# plug NODE [IFNAME [ADDR/LEN...]]: bond1 gets the node's lab addresses back.
plug() {
  local node=$1 ifname=${2:-bond1} ns port
  ns=$(node_ns "$node")
  shift $(($# < 2 ? $# : 2))
  port="p-$node"
  [[ $ifname == bond1 ]] || port="p-$node-$ifname"
  if (($# == 0)) && [[ $ifname == bond1 ]]; then
    case $node in
      r1) set -- "$R1_IP/24" "$R1_IP6/64" ;;
      r2) set -- "$R2_IP/24" "$R2_IP6/64" ;;
      r3) set -- "$R3_IP/24" "$R3_IP6/64" ;;
    esac
  fi
  join "$ns" "$ifname" "$port" "$@"
}

# segment IFNAME: a bridge of its own, so VRIDs may repeat on every segment.
segment() {
  local ifname=$1 node ns
  [[ -n $ifname ]] || { echo "segment: IFNAME missing" >&2 && return 1; }
  ip -n "$NS_SW" link add "br-$ifname" type bridge stp_state 0 mcast_snooping 0 forward_delay 0
  ip -n "$NS_SW" link set "br-$ifname" up
  for node in r1 r2 c; do
    ns=$NS_C
    [[ $node == c ]] || ns=$(node_ns "$node")
    ip -n "$NS_SW" link add "p-$node-$ifname" type veth peer name "$ifname" netns "$ns"
    ip -n "$NS_SW" link set "p-$node-$ifname" master "br-$ifname" up
    ip -n "$ns" link set "$ifname" up
  done
}

up() {
  down
  trap 'down' ERR
  local ns nodes=("$NS_SW" "$NS_R1" "$NS_R2" "$NS_C")
  [[ ${LAB_ROUTERS:-2} == 3 ]] && nodes+=("$NS_R3")
  for ns in "${nodes[@]}"; do
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    ipv6_knobs "$ns"
  done
  # No STP and no multicast snooping: VRRP adverts go to 224.0.0.18 and must
  # reach every port at once, as on an ordinary access switch.
  ip -n "$NS_SW" link add br0 type bridge stp_state 0 mcast_snooping 0 forward_delay 0
  ip -n "$NS_SW" link set br0 up
  # A switch does not run iptables on the frames it bridges. Where the host
  # has br_netfilter loaded, these (per-namespace) switches default to 1 and
  # would put every frame through netfilter, a cost charged to the sender.
  local knob
  for knob in iptables ip6tables arptables; do
    ip netns exec "$NS_SW" sysctl -qw "net.bridge.bridge-nf-call-$knob=0" 2>/dev/null || true
  done
  join "$NS_R1" bond1 p-r1
  join "$NS_R2" bond1 p-r2
  join "$NS_C" eth0 p-c
  ip -n "$NS_R1" addr add "$R1_IP/24" dev bond1
  ip -n "$NS_R2" addr add "$R2_IP/24" dev bond1
  ip -n "$NS_C" addr add "$C_IP/24" dev eth0
  ip -n "$NS_R1" addr add "$R1_IP6/64" dev bond1 nodad
  ip -n "$NS_R2" addr add "$R2_IP6/64" dev bond1 nodad
  ip -n "$NS_C" addr add "$C_IP6/64" dev eth0 nodad
  [[ ${LAB_ROUTERS:-2} == 3 ]] && plug r3
  trap - ERR
  print_env
}

case "$cmd" in
  up) up ;;
  down) down ;;
  unplug) unplug "${@:3}" ;;
  plug) plug "${@:3}" ;;
  segment) segment "${@:3}" ;;
  env) print_env ;;
  *)
    echo "usage: $0 up|down|env [TAG] | unplug|plug TAG NODE [IFNAME [ADDR...]] | segment TAG IFNAME" >&2
    exit 1
    ;;
esac
