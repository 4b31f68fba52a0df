/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * TC egress (DESIGN decision 3's promise): no frame leaves the interface with
 * one of our VIPs as its source and a real MAC. The XDP program answers
 * ARP/NS for VIPs itself, but the stack also speaks from a VIP on its own: to
 * answer a client it resolves the client's MAC with an NS (or, without
 * arp_announce, an ARP request) whose source is the VIP and whose link-layer
 * address is the interface's; clients take that as the VIP's new MAC.
 *
 * A frame whose IPv4/IPv6 source or ARP sender address is a VIP leaves only
 * from the VIP's router while it is MASTER with a fresh lease (the condition
 * under which XDP answers for the VIP), and then with the VMAC (in real-MAC
 * mode the interface's MAC: router_mac.h) as Ethernet source, ARP sender
 * hardware address and ND link-layer option. Anything
 * else from a VIP is dropped: a router that may not answer with the VMAC
 * must not send with it either (a dead controller's VIP traffic would pull
 * the VMAC back to its switch port after the backup took over), and it must
 * not send with its real MAC. VRRP adverts are the controller's own (P5) and
 * pass untouched; so does every frame not from a VIP, tagged or unparseable.
 *
 * "Untouched" is TC_ACT_UNSPEC, not TC_ACT_OK: a later filter on the same
 * hook still runs (TC_ACT_OK would end the filter chain for the frame).
 */
#ifndef XVRRP_BPF_EGRESS_H
#define XVRRP_BPF_EGRESS_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "arp.h"
#include "maps.h"
#include "parse.h"
#include "router_mac.h"
#include "xvrrp/abi.h"

#define EGRESS_PASS TC_ACT_UNSPEC
#define ICMPV6_RS 133
#define ICMPV6_RA 134
#define ICMPV6_REDIRECT 137
#define ND_OPT_SLLA 1
#define ND_MAX_OPTIONS 8 /* the stack's ND messages carry one */
#define ETH_IPV6_LEN (sizeof(struct ethhdr) + sizeof(struct ipv6hdr))
#define ICMPV6_CSUM_OFF (ETH_IPV6_LEN + 2)

/* Headers the stack built sit in the linear part of the skb, which is all
 * direct access sees; a forwarded frame's may not (paged GRO). */
static __always_inline int egress_linear(struct __sk_buff* skb, __u32 len) {
    if ((void*)(long)skb->data + len <= (void*)(long)skb->data_end)
        return 0;
    if (skb->len < len)
        return -1;
    return bpf_skb_pull_data(skb, len);
}

/* May the VIP's router speak from it now? Then 1, with the MAC it speaks
 * with in `mac`; else 0, the drop counted. */
static __always_inline int egress_allowed(const struct xvrrp_router_key* id, int nd, __u8* mac) {
    struct xvrrp_router* r = router_of(id);
    if (r && r->state == XVRRP_STATE_MASTER && lease_fresh(r) && router_mac(r, id, mac) == 0)
        return 1;
    count(nd ? XVRRP_CNT_EGRESS_ND_DROP : XVRRP_CNT_EGRESS_DATA_DROP);
    return 0;
}

static __always_inline void egress_eth_source(struct ethhdr* eth, const __u8* vmac) {
    if (mac_equal(eth->h_source, vmac))
        return;
    mac_copy(eth->h_source, vmac);
    count(XVRRP_CNT_EGRESS_VMAC_REWRITE);
}

static __always_inline int egress_arp(struct __sk_buff* skb) {
    if (egress_linear(skb, sizeof(struct ethhdr) + sizeof(struct arp_ipv4)))
        return EGRESS_PASS;
    struct cursor c = {(void*)(long)skb->data, (void*)(long)skb->data_end};
    struct ethhdr* eth = parse_eth(&c);
    struct arp_ipv4* arp = eth ? parse_arp(&c) : NULL;
    if (!arp)
        return EGRESS_PASS;
    struct xvrrp_router_key owner;
    struct xvrrp_router_key* id = vip4_owner(arp->spa, &owner);
    if (!id)
        return EGRESS_PASS;
    __u8 vmac[ETH_ALEN];
    if (!egress_allowed(id, 1, vmac))
        return TC_ACT_SHOT;
    egress_eth_source(eth, vmac);
    if (!mac_equal(arp->sha, vmac)) {
        mac_copy(arp->sha, vmac);
        count(XVRRP_CNT_EGRESS_ND_REWRITE);
    }
    count(XVRRP_CNT_EGRESS_VIP_PASS);
    return EGRESS_PASS;
}

static __always_inline int egress_ipv4(struct __sk_buff* skb) {
    if (egress_linear(skb, sizeof(struct ethhdr) + sizeof(struct iphdr)))
        return EGRESS_PASS;
    struct cursor c = {(void*)(long)skb->data, (void*)(long)skb->data_end};
    struct ethhdr* eth = parse_eth(&c);
    struct iphdr* ip = eth ? cursor_take(&c, sizeof(*ip)) : NULL;
    if (!ip || ip->version != 4 || ip->ihl < 5)
        return EGRESS_PASS;
    struct xvrrp_router_key owner;
    struct xvrrp_router_key* id = vip4_owner(&ip->saddr, &owner);
    if (!id || ip->protocol == XVRRP_IPPROTO_VRRP)
        return EGRESS_PASS;
    __u8 vmac[ETH_ALEN];
    if (!egress_allowed(id, 0, vmac))
        return TC_ACT_SHOT;
    egress_eth_source(eth, vmac);
    count(XVRRP_CNT_EGRESS_VIP_PASS);
    return EGRESS_PASS;
}

/* Where an ND message's options start (RFC 4861 section 4), 0 for other
 * ICMPv6 types. */
static __always_inline __u32 nd_options_offset(__u8 type) {
    switch (type) {
        case ICMPV6_RS:
            return 8;
        case ICMPV6_RA:
            return 16;
        case ICMPV6_NS:
        case ICMPV6_NA:
            return sizeof(struct nd_msg);
        case ICMPV6_REDIRECT:
            return 40;
    }
    return 0;
}

/* Sets one Ethernet link-layer address option at `off` to the VMAC and
 * moves the ICMPv6 checksum by the difference. The option starts 8-aligned
 * in the message, so its two words sum at the same 16-bit positions as in
 * the checksum. */
static __always_inline void nd_option_rewrite(struct __sk_buff* skb, __u32 off, const __u8* vmac) {
    __u32 was[2], now[2];
    if (bpf_skb_load_bytes(skb, off, was, sizeof(was)))
        return;
    __u8* n = (__u8*)now;
    __builtin_memcpy(n, was, 2);
    __builtin_memcpy(n + 2, vmac, ETH_ALEN);
    if (was[0] == now[0] && was[1] == now[1])
        return;
    __s64 diff = bpf_csum_diff(was, sizeof(was), now, sizeof(now), 0);
    if (diff < 0 || bpf_skb_store_bytes(skb, off, now, sizeof(now), 0) ||
        bpf_l4_csum_replace(skb, ICMPV6_CSUM_OFF, 0, (__u64)diff, 0))
        return;
    count(XVRRP_CNT_EGRESS_ND_REWRITE);
}

/*
 * The option that names the sender's MAC: the source link-layer address in
 * RS, RA and NS; in an NA the target link-layer address, when the target is
 * the source itself (the stack's NAs always are; an NA about another address
 * keeps that address's MAC). Redirects name another router: left alone.
 * Offsets come from the IPv6 payload length, so Ethernet padding is never
 * read as an option; bpf_skb_load_bytes checks each one against the frame.
 */
static __always_inline void nd_options(struct __sk_buff* skb, __u8 type, __u32 msg_end,
                                       const __u8* vmac) {
    __u8 want = type == ICMPV6_NA ? ND_OPT_TLLA : ND_OPT_SLLA;
    __u32 off = ETH_IPV6_LEN + nd_options_offset(type);
    for (int i = 0; i < ND_MAX_OPTIONS; i++) {
        __u8 opt[2];
        if (off + sizeof(struct nd_opt_lladdr) > msg_end || bpf_skb_load_bytes(skb, off, opt, 2))
            return;
        if (opt[1] == 0)
            return; /* RFC 4861 4.6: invalid, the receiver drops it anyway */
        if (opt[0] == want && opt[1] == 1) {
            nd_option_rewrite(skb, off, vmac);
            return;
        }
        off += (__u32)opt[1] * 8;
    }
}

/* The ND type of an IPv6 packet, or 0 if it is not ND. For an NA,
 * *about_source says whether the target is the IPv6 source. */
static __always_inline __u8 nd_type(struct ipv6hdr* ip6, void* end, int* about_source) {
    struct nd_msg* nd = (void*)(ip6 + 1);
    if (ip6->nexthdr != IPPROTO_ICMPV6_ || (void*)&nd->flags > end)
        return 0;
    __u8 type = nd->type;
    if (!nd_options_offset(type))
        return 0;
    *about_source = (void*)(nd + 1) <= end && addr_equal(nd->target, (const __u8*)&ip6->saddr);
    return type;
}

static __always_inline int egress_ipv6(struct __sk_buff* skb) {
    if (egress_linear(skb, ETH_IPV6_LEN))
        return EGRESS_PASS;
    struct cursor c = {(void*)(long)skb->data, (void*)(long)skb->data_end};
    struct ethhdr* eth = parse_eth(&c);
    struct ipv6hdr* ip6 = eth ? parse_ipv6(&c) : NULL;
    if (!ip6)
        return EGRESS_PASS;
    struct xvrrp_router_key* id = bpf_map_lookup_elem(&vip6, &ip6->saddr);
    if (!id || ip6->nexthdr == XVRRP_IPPROTO_VRRP)
        return EGRESS_PASS;
    if (ip6->nexthdr == IPPROTO_ICMPV6_) {
        /* the ND fixed part, if there is one, must be linear too */
        __u32 nd_len = ETH_IPV6_LEN + sizeof(struct nd_msg);
        if (egress_linear(skb, skb->len < nd_len ? skb->len : nd_len))
            return EGRESS_PASS;
        c.pos = (void*)(long)skb->data;
        c.end = (void*)(long)skb->data_end;
        eth = parse_eth(&c);
        ip6 = eth ? parse_ipv6(&c) : NULL;
        if (!ip6)
            return EGRESS_PASS;
    }
    int about_source = 0;
    __u8 type = nd_type(ip6, c.end, &about_source);
    __u8 vmac[ETH_ALEN];
    if (!egress_allowed(id, type != 0, vmac))
        return TC_ACT_SHOT;
    __u32 msg_end = ETH_IPV6_LEN + bpf_ntohs(ip6->payload_len);
    egress_eth_source(eth, vmac);
    /* the helpers in nd_options move the packet: no packet pointer after this */
    if (type && type != ICMPV6_REDIRECT && (type != ICMPV6_NA || about_source))
        nd_options(skb, type, msg_end, vmac);
    count(XVRRP_CNT_EGRESS_VIP_PASS);
    return EGRESS_PASS;
}

static __always_inline int egress_frame(struct __sk_buff* skb) {
    /* A tag the driver will insert (VLAN offload) is not in the frame. */
    if (skb->vlan_present)
        return EGRESS_PASS;
    void* data = (void*)(long)skb->data;
    struct ethhdr* eth = data;
    if ((void*)(eth + 1) > (void*)(long)skb->data_end)
        return EGRESS_PASS;
    __be16 proto = eth->h_proto;
    if (proto == bpf_htons(ETH_P_ARP))
        return egress_arp(skb);
    if (proto == bpf_htons(ETH_P_IP))
        return egress_ipv4(skb);
    if (proto == bpf_htons(ETH_P_IPV6))
        return egress_ipv6(skb);
    return EGRESS_PASS; /* VLAN-tagged frames included */
}

#endif /* XVRRP_BPF_EGRESS_H */
