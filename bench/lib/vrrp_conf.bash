# vrrp_conf.bash: many VRRP instances in keepalived syntax, one VIP each,
# for the scale benches. Both keepalived and xvrrp read the same instance
# blocks; only global_defs differ (impl.bash adds each one's own).
#
# VIP of instance I (1..255): 85 per documentation /24, from .10 upwards,
# in 192.0.2.0/24, then 198.51.100.0/24, then 203.0.113.0/24. Each router
# (and the client) gets an address of its own in every /24 first
# (lab_add_subnets), so every VIP is a secondary address: deleting one VIP
# never takes the others of its /24 with it.

BENCH_NETS=(192.0.2 198.51.100 203.0.113)

# bench_vip I: the VIP of instance I (1-based, at most 255).
bench_vip() {
    local i=$(($1 - 1))
    echo "${BENCH_NETS[i / 85]}.$((10 + i % 85))"
}

# lab_add_subnets: r1 .1, r2 .2 and the client .100 in 198.51.100.0/24 and
# 203.0.113.0/24 (192.0.2.0/24 is scripts/lab.sh's own).
lab_add_subnets() {
    local net
    for net in "${BENCH_NETS[@]:1}"; do
        ip -n "$NS_R1" addr add "$net.1/24" dev "$LAB_IF"
        ip -n "$NS_R2" addr add "$net.2/24" dev "$LAB_IF"
        ip -n "$NS_C" addr add "$net.100/24" dev eth0
    done
}

# vrrp_instances FILE COUNT PRIORITY [ADVERT_INT_S] [IFACE]: COUNT VRRPv3
# instances, VRIDs 1..COUNT, state BACKUP (the election decides), one VIP
# each as ADDR/24.
vrrp_instances() {
    local file=$1 count=$2 prio=$3 adv=${4:-0.01} iface=${5:-$LAB_IF} i
    ((count >= 1 && count <= 255)) || fail "vrrp_instances: $count instances (1..255)"
    for ((i = 1; i <= count; i++)); do
        cat <<EOF
vrrp_instance VI_$i {
    state BACKUP
    interface $iface
    virtual_router_id $i
    version 3
    priority $prio
    advert_int $adv
    virtual_ipaddress {
        $(bench_vip "$i")/24
    }
}
EOF
    done >"$file"
}

# vrrp_vip_list COUNT: the VIPs of instances 1..COUNT, one per line.
vrrp_vip_list() {
    local i
    for ((i = 1; i <= $1; i++)); do
        bench_vip "$i"
    done
}
