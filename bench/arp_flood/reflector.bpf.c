// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The ceiling for bench/arp_flood: the least an XDP program can do to answer
 * ARP for one address (a compiled-in, load-time constant; no maps, no
 * state). Any responder with configurable addresses and state does more, so
 * its cost per reply is compared against this one.
 *
 *   reflect   ARP request for target_ip -> reply from own_mac, XDP_TX
 *   drop_all  XDP_DROP everything: the generator's own cost, measured
 *   pass_all  XDP_PASS: enables the veth peer's NAPI so XDP_TX frames arrive
 *   count_replies  on the generator's side: counts ARP replies from target_ip
 *             and drops them, so a reply costs the sender nothing to receive
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

/* Set by the loader before load. */
const volatile __u32 target_ip = 0; /* network order */
const volatile __u8 own_mac[ETH_ALEN] = {0};

/* Read by the loader at exit. */
__u64 replies_seen = 0;

struct arp_eth_ipv4 {
    __be16 htype;
    __be16 ptype;
    __u8 hlen;
    __u8 plen;
    __be16 op;
    __u8 sha[ETH_ALEN];
    __u8 spa[4];
    __u8 tha[ETH_ALEN];
    __u8 tpa[4];
} __attribute__((packed));

static __always_inline void copy_mac(__u8* dst, const volatile __u8* src) {
#pragma unroll
    for (int i = 0; i < ETH_ALEN; i++)
        dst[i] = src[i];
}

SEC("xdp")
int reflect(struct xdp_md* ctx) {
    void* data = (void*)(long)ctx->data;
    void* end = (void*)(long)ctx->data_end;
    struct ethhdr* eth = data;
    struct arp_eth_ipv4* arp = (void*)(eth + 1);
    if ((void*)(arp + 1) > end || eth->h_proto != bpf_htons(ETH_P_ARP))
        return XDP_PASS;
    if (arp->htype != bpf_htons(1) || arp->ptype != bpf_htons(ETH_P_IP) || arp->hlen != ETH_ALEN ||
        arp->plen != 4 || arp->op != bpf_htons(1))
        return XDP_PASS;
    __u32 tpa, spa;
    __builtin_memcpy(&tpa, arp->tpa, 4);
    if (tpa != target_ip)
        return XDP_PASS;
    __builtin_memcpy(&spa, arp->spa, 4);

    __builtin_memcpy(eth->h_dest, arp->sha, ETH_ALEN);
    copy_mac(eth->h_source, own_mac);
    arp->op = bpf_htons(2);
    __builtin_memcpy(arp->tha, arp->sha, ETH_ALEN);
    copy_mac(arp->sha, own_mac);
    __builtin_memcpy(arp->spa, &tpa, 4);
    __builtin_memcpy(arp->tpa, &spa, 4);
    return XDP_TX;
}

SEC("xdp")
int count_replies(struct xdp_md* ctx) {
    void* data = (void*)(long)ctx->data;
    void* end = (void*)(long)ctx->data_end;
    struct ethhdr* eth = data;
    struct arp_eth_ipv4* arp = (void*)(eth + 1);
    if ((void*)(arp + 1) > end || eth->h_proto != bpf_htons(ETH_P_ARP) || arp->op != bpf_htons(2))
        return XDP_PASS;
    __u32 spa;
    __builtin_memcpy(&spa, arp->spa, 4);
    if (spa != target_ip)
        return XDP_PASS;
    __sync_fetch_and_add(&replies_seen, 1);
    return XDP_DROP;
}

SEC("xdp")
int drop_all(struct xdp_md* ctx) {
    return XDP_DROP;
}

SEC("xdp")
int pass_all(struct xdp_md* ctx) {
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
