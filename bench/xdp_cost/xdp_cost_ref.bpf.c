// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Reference XDP programs for bench/xdp_cost, timed the same way as xvrrp_xdp:
 * the floor (XDP_PASS), the cheapest transmit (XDP_TX), and two minimal ARP
 * reflectors the ARP fast path is compared against: one answering for a
 * single compiled-in address (no maps at all), one answering for a set of
 * addresses held in a hash map (the least a responder for configurable
 * addresses must do: one lookup).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "parse.h"

SEC("xdp")
int ref_pass(struct xdp_md* ctx) {
    return XDP_PASS;
}

SEC("xdp")
int ref_tx(struct xdp_md* ctx) {
    return XDP_TX;
}

/* The address and MAC it answers for, set before load. */
const volatile __u8 reflect_ip[4] = {192, 0, 2, 100};
const volatile __u8 reflect_mac[ETH_ALEN] = {0x00, 0x00, 0x5e, 0x00, 0x01, 51};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4096);
    __type(key, __u32);
    __type(value, __u64); /* the MAC to answer with, in the first 6 bytes */
} reflect_set SEC(".maps");

static __always_inline int reflect(struct ethhdr* eth, struct arp_ipv4* arp, const __u8* mac) {
    mac_copy(eth->h_dest, arp->sha);
    mac_copy(eth->h_source, mac);
    arp->op = bpf_htons(ARP_OP_REPLY);
    mac_copy(arp->tha, arp->sha);
    __u32 sender = *(__u32*)arp->spa;
    *(__u32*)arp->spa = *(__u32*)arp->tpa;
    *(__u32*)arp->tpa = sender;
    mac_copy(arp->sha, mac);
    return XDP_TX;
}

static __always_inline struct arp_ipv4* arp_request(struct cursor* c, struct ethhdr** ethp) {
    struct ethhdr* eth = parse_eth(c);
    if (!eth || eth->h_proto != bpf_htons(ETH_P_ARP))
        return NULL;
    *ethp = eth;
    struct arp_ipv4* arp = parse_arp(c);
    if (!arp || arp->op != bpf_htons(ARP_OP_REQUEST))
        return NULL;
    return arp;
}

/* Also run warm by xdp_cost_warm.bpf.c. */
static __always_inline int reflect_one(struct xdp_md* ctx) {
    struct cursor c = {(void*)(long)ctx->data, (void*)(long)ctx->data_end};
    struct ethhdr* eth = NULL;
    struct arp_ipv4* arp = arp_request(&c, &eth);
    if (!arp || !eth || *(__u32*)arp->tpa != *(const volatile __u32*)reflect_ip)
        return XDP_PASS;
    __u8 mac[ETH_ALEN];
    __builtin_memcpy(mac, (const void*)reflect_mac, ETH_ALEN);
    return reflect(eth, arp, mac);
}

SEC("xdp")
int ref_arp_reflector(struct xdp_md* ctx) {
    return reflect_one(ctx);
}

SEC("xdp")
int ref_arp_reflector_map(struct xdp_md* ctx) {
    struct cursor c = {(void*)(long)ctx->data, (void*)(long)ctx->data_end};
    struct ethhdr* eth = NULL;
    struct arp_ipv4* arp = arp_request(&c, &eth);
    if (!arp || !eth)
        return XDP_PASS;
    __u8* mac = bpf_map_lookup_elem(&reflect_set, arp->tpa);
    if (!mac)
        return XDP_PASS;
    return reflect(eth, arp, mac);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
