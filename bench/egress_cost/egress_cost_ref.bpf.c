// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Reference TC programs for bench/egress_cost, timed the same way as
 * xvrrp_egress: the floor (returns TC_ACT_UNSPEC and reads nothing), and the
 * least a "is this frame from one of our addresses?" filter must do: parse
 * Ethernet and IPv4/IPv6, one hash lookup of the source address, pass.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "parse.h"

SEC("tc")
int ref_tc_unspec(struct __sk_buff* skb) {
    return TC_ACT_UNSPEC;
}

/* Same sizes as xvrrp's vip4 / vip6 (key: the address, value: 4 bytes). */
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4096);
    __type(key, __u32);
    __type(value, __u32);
} ref_set4 SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4096);
    __type(key, struct in6_addr);
    __type(value, __u32);
} ref_set6 SEC(".maps");

__u64 ref_hits = 0; /* so the lookup cannot be optimised away */

/* One program per family: merged, the compiler makes the two lookups one
 * call with the map in a register, which the verifier cannot inline. */
SEC("tc")
int ref_tc_source_lookup4(struct __sk_buff* skb) {
    struct cursor c = {(void*)(long)skb->data, (void*)(long)skb->data_end};
    struct ethhdr* eth = parse_eth(&c);
    if (!eth || eth->h_proto != bpf_htons(ETH_P_IP))
        return TC_ACT_UNSPEC;
    struct iphdr* ip = parse_ipv4(&c);
    if (ip && bpf_map_lookup_elem(&ref_set4, &ip->saddr))
        __sync_fetch_and_add(&ref_hits, 1);
    return TC_ACT_UNSPEC;
}

SEC("tc")
int ref_tc_source_lookup6(struct __sk_buff* skb) {
    struct cursor c = {(void*)(long)skb->data, (void*)(long)skb->data_end};
    struct ethhdr* eth = parse_eth(&c);
    if (!eth || eth->h_proto != bpf_htons(ETH_P_IPV6))
        return TC_ACT_UNSPEC;
    struct ipv6hdr* ip6 = parse_ipv6(&c);
    if (ip6 && bpf_map_lookup_elem(&ref_set6, &ip6->saddr))
        __sync_fetch_and_add(&ref_hits, 1);
    return TC_ACT_UNSPEC;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
