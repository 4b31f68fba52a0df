# frr.bash: FRR's vrrpd (with the zebra it needs) as a VRRP peer inside a
# lab namespace. Source after lib/lab.bash.
#
#   frr_vmac_setup "$NS_R1" 10 "$VIP/24"
#   frr_start r1 "$NS_R1" --vrid 10 --priority 150 --advert-int-ms 100 --vip "$VIP"
#   frr_wait_state r1 MASTER 5 || fail "r1 never became Master"
#   frr_vtysh r1 -c 'show vrrp'
#
# IPv6 (VRRPv3 only): frr_vmac6_setup "$NS_R1" 10 fe80::10/64 "$VIP6/64", then
# frr_start ... --vip6 fe80::10 --vip6 "$VIP6" and frr_state r1 10 v6.
#
# Each router gets $LAB_TMP/frr-NAME/ (owned by the frr user) holding its
# config files, pid files, zebra's API socket (-z) and the vty sockets
# (--vty_socket), so nothing is shared with another router or with a host
# FRR under /var/run/frr. No watchfrr. The daemons run as frr:frr: FRR
# refuses `-u root` unless root is in the frrvty group, and changing the
# host's groups is not ours to do. Logs go to stdout, i.e. to
# $LAB_TMP/frr-NAME-{zebra,vrrpd}.log.
#
# FRR 8.4 does not create the VMAC interface itself: vrrpd needs a macvlan
# (mode bridge, MAC 00:00:5e:00:01:VRID, addrgenmode random) on the
# interface, holding the VIP, and puts it in protodown while Backup. For
# IPv6 the macvlan carries 00:00:5e:00:02:VRID, and vrrpd binds its
# adverts' source to the macvlan's first IPv6 address: that must be a
# link-local one (see frr_vmac6_setup).

FRR_SBIN=${FRR_SBIN:-/usr/lib/frr}

_frr_dir() {
    echo "$LAB_TMP/frr-$1"
}

# frr_vmac_setup NS VRID VIP/LEN [IF]: the macvlan vrrpd expects (vrrp4-VRID).
# The parent gets arp_ignore=1: the VIP is a local address of the router, and
# with the default arp_ignore=0 the parent (real MAC) of Master *and* Backup
# would answer ARP for it beside the macvlan.
frr_vmac_setup() {
    local ns=$1 vrid=$2 vip=$3 ifname=${4:-bond1}
    local mv="vrrp4-$vrid"
    ip -n "$ns" link add "$mv" link "$ifname" type macvlan mode bridge || fail "macvlan $mv in $ns"
    ip -n "$ns" link set "$mv" addrgenmode random
    ip -n "$ns" link set "$mv" address "$(printf '00:00:5e:00:01:%02x' "$vrid")"
    ip -n "$ns" addr add "$vip" dev "$mv"
    ip -n "$ns" link set "$mv" up
    ip netns exec "$ns" sysctl -qw "net.ipv4.conf.$ifname.arp_ignore=1"
}

# frr_vmac6_setup NS VRID ADDR/LEN... [--iface IF]: the IPv6 macvlan vrrpd
# expects (vrrp6-VRID, MAC 00:00:5e:00:02:VRID) holding ADDR... (the
# virtual link-local first, then the VIPs; nodad: Master and Backup both
# hold them, as FRR's design wants). vrrpd sends its adverts from the
# macvlan's first link-local address, and the kernel lists the newest
# address of a scope first: the ADDRs go on while the link is down, so the
# macvlan's own link-local (addrgenmode random, made when it comes up) is
# first and vrrpd does not send from the virtual link-local, which the
# other router holds too.
# The VIPs stay off the parent, so the parent's real MAC never answers NS
# for them (IPv6 has no arp_ignore).
frr_vmac6_setup() {
    local ns=$1 vrid=$2 ifname=bond1
    shift 2
    local -a addrs=()
    while (($#)); do
        case $1 in
            --iface) ifname=$2 && shift ;;
            *) addrs+=("$1") ;;
        esac
        shift
    done
    local mv="vrrp6-$vrid" a
    ip -n "$ns" link add "$mv" link "$ifname" type macvlan mode bridge || fail "macvlan $mv in $ns"
    ip -n "$ns" link set "$mv" addrgenmode random
    ip -n "$ns" link set "$mv" address "$(printf '00:00:5e:00:02:%02x' "$vrid")"
    ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$mv.accept_dad=0"
    for a in "${addrs[@]}"; do
        ip -n "$ns" addr add "$a" dev "$mv" nodad
    done
    ip -n "$ns" link set "$mv" up
    wait_until 3 _frr_own_link_local_first "$ns" "$mv" "${addrs[@]}" ||
        fail "$mv in $ns: its own link-local is not its first IPv6 address"
}

# The first link-local address the kernel lists (newest first within a
# scope) is the macvlan's own, not one of the configured ADDRs.
_frr_own_link_local_first() {
    local ns=$1 mv=$2 first
    shift 2
    first=$(ip -n "$ns" -6 -o addr show dev "$mv" scope link | awk '{print $4; exit}')
    [[ -n $first ]] && ! printf '%s\n' "$@" | grep -qxF "$first"
}

# frr_start NAME NS [options]: zebra + vrrpd, configured with one VRRP router.
#   --iface IF (bond1)  --vrid N (10)  --priority P (100)  --advert-int-ms MS (1000, multiple of 10)
#   --version 2|3 (3)  --vip ADDR (repeatable; default $VIP unless --vip6 is given)
#   --vip6 ADDR (repeatable, in advert order: the virtual link-local first)  --no-preempt
frr_start() {
    local name=$1 ns=$2
    shift 2
    local iface=bond1 vrid=10 prio=100 adv=1000 ver=3 preempt=1
    local -a vips=() vips6=()
    while (($#)); do
        case $1 in
            --iface) iface=$2 ;;
            --vrid) vrid=$2 ;;
            --priority) prio=$2 ;;
            --advert-int-ms) adv=$2 ;;
            --version) ver=$2 ;;
            --vip) vips+=("$2") ;;
            --vip6) vips6+=("$2") ;;
            --no-preempt) preempt=0 && shift && continue ;;
            *) fail "frr_start: unknown option $1" ;;
        esac
        shift 2
    done
    ((${#vips[@]} + ${#vips6[@]})) || vips=("$VIP")
    local dir v
    dir=$(_frr_dir "$name")
    mkdir -p "$dir"
    echo "hostname $name" >"$dir/zebra.conf"
    {
        echo "hostname $name"
        echo "interface $iface"
        echo " vrrp $vrid version $ver"
        echo " vrrp $vrid priority $prio"
        echo " vrrp $vrid advertisement-interval $adv"
        ((preempt)) || echo " no vrrp $vrid preempt"
        for v in "${vips[@]}"; do
            echo " vrrp $vrid ip $v"
        done
        for v in "${vips6[@]}"; do
            echo " vrrp $vrid ipv6 $v"
        done
    } >"$dir/vrrpd.conf"
    chown -R frr:frr "$dir"
    _frr_daemon "$name" "$ns" zebra
    _frr_daemon "$name" "$ns" vrrpd
}

_frr_daemon() {
    local name=$1 ns=$2 daemon=$3 dir
    dir=$(_frr_dir "$name")
    start_bg "frr-$name-$daemon" "$ns" "$FRR_SBIN/$daemon" -u frr -g frr \
        -f "$dir/$daemon.conf" -i "$dir/$daemon.pid" --vty_socket "$dir" -z "$dir/zserv.api" \
        --log stdout --log-level info
    local pid=$LAB_LAST_PID
    # FRR keeps per-process crash-log buffers in /var/tmp/frr/DAEMON.PID and
    # removes them only on a clean exit.
    lab_on_cleanup "rm -rf /var/tmp/frr/$daemon.$pid; rmdir /var/tmp/frr 2>/dev/null"
    wait_until 10 test -S "$dir/$daemon.vty" || fail "FRR $daemon for $name did not start"
}

# frr_vtysh NAME vtysh-args...: vtysh talking to this router's daemons only.
frr_vtysh() {
    local name=$1
    shift
    vtysh --vty_socket "$(_frr_dir "$name")" "$@"
}

# frr_state NAME [VRID [v4|v6]]: the IPv4 (default) or IPv6 router's state as
# MASTER, BACKUP or INIT (FRR says Master/Backup/Initialize), NONE if vrrpd
# does not answer.
frr_state() {
    local s
    s=$(frr_vtysh "$1" -c "show vrrp ${2:-10} json" 2>/dev/null |
        jq -r --arg af "${3:-v4}" '.[0][$af].status // empty' 2>/dev/null)
    case $s in
        Master) echo MASTER ;;
        Backup) echo BACKUP ;;
        Initialize) echo INIT ;;
        *) echo NONE ;;
    esac
}

# frr_wait_state NAME STATE [TIMEOUT [v4|v6]]
frr_wait_state() {
    local name=$1 want=$2 timeout=${3:-10} af=${4:-v4}
    wait_until "$timeout" _frr_state_is "$name" "$want" "$af"
}

_frr_state_is() {
    [[ $(frr_state "$1" 10 "$3") == "$2" ]]
}

# frr_stop NAME: SIGTERM vrrpd (it sends priority 0 as Master), then zebra.
frr_stop() {
    local dir pid d
    dir=$(_frr_dir "$1")
    for d in vrrpd zebra; do
        pid=$(cat "$dir/$d.pid" 2>/dev/null) || continue
        kill -TERM "$pid" 2>/dev/null
        wait_pid_gone "$pid" 5 || fail "FRR $d of $1 did not stop on SIGTERM"
    done
}
