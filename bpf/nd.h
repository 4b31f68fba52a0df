/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * IPv6 Neighbor Discovery for VIPs: the NS counterpart of arp.h. A MASTER with
 * a fresh lease turns a valid NS for a VIP into a Neighbor Advertisement from
 * VMAC 00-00-5E-00-02-{VRID}, or the interface's MAC in real-MAC mode (R=1, O=1, S=1 unless the NS
 * came from ::, with a target link-layer address option); everyone else drops it.
 */
#ifndef XVRRP_BPF_ND_H
#define XVRRP_BPF_ND_H

#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

#include "arp.h"
#include "csum.h"
#include "events.h"
#include "maps.h"
#include "parse.h"
#include "xvrrp/abi.h"

#define ND_MAX_OPT_BYTES 64 /* NS options we checksum; longer NS are dropped */
#define NA_ICMP_LEN (sizeof(struct nd_msg) + sizeof(struct nd_opt_lladdr))
#define NA_FRAME_LEN (sizeof(struct ethhdr) + sizeof(struct ipv6hdr) + NA_ICMP_LEN)
#define IPV6_SRC_OFF (sizeof(struct ethhdr) + 8)

/* What survives the resize: the NS's packet pointers do not. */
/* The MACs sit 4-aligned: mac_copy moves them in words, and the verifier
 * refuses misaligned stack access. */
struct ns_facts {
    __u8 solicitor_mac[ETH_ALEN];
    __u8 dad; /* source :: : reply to all-nodes, S=0 */
    __u8 vrid;
    __u8 mac[ETH_ALEN]; /* ours: the VMAC, or the interface's in real-MAC mode */
    __u8 reserved[2];
    __u8 solicitor_ip[16];
    __u8 target[16];
} __attribute__((aligned(8)));

static __always_inline int ipv6_unspecified(const struct in6_addr* a) {
    return (a->in6_u.u6_addr32[0] | a->in6_u.u6_addr32[1] | a->in6_u.u6_addr32[2] |
            a->in6_u.u6_addr32[3]) == 0;
}

/* ICMPv6 checksum of the packet: source + destination address, which sit
 * right before the ICMPv6 message, are summed in the same pass. */
static __always_inline int icmp6_csum_ok(struct ipv6hdr* ip6, void* end, __u32 icmp_len) {
    __u64 sum = bpf_htons((__u16)icmp_len) + bpf_htons(IPPROTO_ICMPV6_);
    __u32 words = (32 + icmp_len) / 4;
    if (csum_words(&ip6->saddr, end, words, (32 + sizeof(struct nd_msg) + ND_MAX_OPT_BYTES) / 4,
                   &sum))
        return 0;
    return csum_fold(sum) == 0xffff;
}

#define ND_OPT_SLLA 1
#define ND_MAX_OPTS (ND_MAX_OPT_BYTES / 8)

/* ff02::1:ff00:0/104 (RFC 4291 2.7.1) */
static __always_inline int solicited_node_group(const struct in6_addr* a) {
    return a->in6_u.u6_addr32[0] == bpf_htonl(0xff020000) && a->in6_u.u6_addr32[1] == 0 &&
           a->in6_u.u6_addr32[2] == bpf_htonl(1) &&
           (a->in6_u.u6_addr32[3] & bpf_htonl(0xff000000)) == bpf_htonl(0xff000000);
}

/*
 * RFC 4861 7.1.1, the rules beyond hop limit, code, length and checksum:
 * every option has a non-zero length and ends inside the message; from ::
 * (DAD) only to a solicited-node group and without a source link-layer
 * option. And no multicast source (RFC 4291 2.7), which the stack would
 * drop before ND saw it. The kernel discards such an NS; answering it would
 * make XDP speak where the kernel stays silent. The option offset is
 * clamped on every step because the verifier does not keep icmp_len's bound.
 */
static __always_inline int ns_valid(struct ipv6hdr* ip6, void* end, __u32 icmp_len, int dad) {
    if (ip6->saddr.in6_u.u6_addr8[0] == 0xff || (dad && !solicited_node_group(&ip6->daddr)))
        return 0;
    __u8* opts = (__u8*)(ip6 + 1) + sizeof(struct nd_msg);
    __u32 off = 0, len = icmp_len - sizeof(struct nd_msg);
    for (int i = 0; i < ND_MAX_OPTS; i++) {
        if (off >= len)
            return 1;
        off &= ND_MAX_OPT_BYTES - 1;
        __u8* o = opts + off;
        if ((void*)(o + 2) > end)
            return 0;
        __u32 opt_len = o[1] * 8;
        if (opt_len == 0 || off + opt_len > len || (dad && o[0] == ND_OPT_SLLA))
            return 0;
        off += opt_len;
    }
    return off >= len;
}

/* Resize the frame to exactly one NA and write it. Pointers are re-derived
 * after bpf_xdp_adjust_tail: the verifier forgets all packet ranges there. */
static __always_inline int na_write(struct xdp_md* ctx, const struct ns_facts* f) {
    void* data = (void*)(long)ctx->data;
    int delta = (int)NA_FRAME_LEN - (int)((void*)(long)ctx->data_end - data);
    if (delta && bpf_xdp_adjust_tail(ctx, delta)) {
        count(XVRRP_CNT_NS_NO_ROOM);
        return XDP_DROP;
    }
    data = (void*)(long)ctx->data;
    void* end = (void*)(long)ctx->data_end;
    if (data + NA_FRAME_LEN > end)
        return XDP_DROP;

    struct ethhdr* eth = data;
    struct ipv6hdr* ip6 = (void*)(eth + 1);
    struct nd_msg* na = (void*)(ip6 + 1);
    struct nd_opt_lladdr* opt = (void*)(na + 1);
    const __u8* vmac = f->mac;

    if (f->dad) {
        static const __u8 all_nodes_mac[ETH_ALEN] = {0x33, 0x33, 0, 0, 0, 1};
        mac_copy(eth->h_dest, all_nodes_mac);
    } else {
        mac_copy(eth->h_dest, f->solicitor_mac);
    }
    mac_copy(eth->h_source, vmac);
    eth->h_proto = bpf_htons(ETH_P_IPV6);

    *(__be32*)ip6 = bpf_htonl(0x60000000); /* version 6, traffic class 0, flow 0 */
    ip6->payload_len = bpf_htons(NA_ICMP_LEN);
    ip6->nexthdr = IPPROTO_ICMPV6_;
    ip6->hop_limit = 255;
    __builtin_memcpy(&ip6->saddr, f->target, 16);
    if (f->dad) {
        __builtin_memset(&ip6->daddr, 0, 16);
        ip6->daddr.in6_u.u6_addr8[0] = 0xff;
        ip6->daddr.in6_u.u6_addr8[1] = 0x02;
        ip6->daddr.in6_u.u6_addr8[15] = 0x01;
    } else {
        __builtin_memcpy(&ip6->daddr, f->solicitor_ip, 16);
    }

    na->type = ICMPV6_NA;
    na->code = 0;
    na->csum = 0;
    na->flags = bpf_htonl(NA_FLAG_R | NA_FLAG_O | (f->dad ? 0 : NA_FLAG_S));
    __builtin_memcpy(na->target, f->target, 16);
    opt->type = ND_OPT_TLLA;
    opt->len = 1;
    mac_copy(opt->addr, vmac);

    __u64 sum = bpf_htons(NA_ICMP_LEN) + bpf_htons(IPPROTO_ICMPV6_);
    if (csum_words(&ip6->saddr, end, (32 + NA_ICMP_LEN) / 4, (32 + NA_ICMP_LEN) / 4, &sum))
        return XDP_DROP;
    na->csum = ~csum_fold(sum);
    count(XVRRP_CNT_NA_REPLY);
    return XDP_TX;
}

/* An NA for our VIP from another MAC while MASTER: report, pass. */
static __always_inline int na_seen(struct xdp_md* ctx, struct ethhdr* eth, struct nd_msg* nd,
                                   const struct xvrrp_router_key* id,
                                   const struct xvrrp_router* r) {
    if (!r || r->state != XVRRP_STATE_MASTER || is_router_mac(r, id, eth->h_source))
        return XDP_PASS;
    count(XVRRP_CNT_NA_CONFLICT);
    struct xvrrp_event* e = event_reserve(XVRRP_EV_CONFLICT, id, r->state, ctx->ingress_ifindex);
    if (e) {
        __builtin_memcpy(e->addr, nd->target, 16);
        mac_copy(e->mac, eth->h_source);
        event_submit(e);
    }
    return XDP_PASS;
}

static __always_inline int handle_nd(struct xdp_md* ctx, struct cursor* c, struct ethhdr* eth,
                                     struct ipv6hdr* ip6) {
    struct nd_msg* nd = parse_nd(c);
    if (!nd)
        return XVRRP_NOT_MINE;
    struct xvrrp_router_key* id = bpf_map_lookup_elem(&vip6, nd->target);
    if (!id)
        return XVRRP_NOT_MINE;
    struct xvrrp_router* r = router_of(id);
    if (nd->type == ICMPV6_NA)
        return na_seen(ctx, eth, nd, id, r);

    __u32 icmp_len = bpf_ntohs(ip6->payload_len);
    if (ip6->hop_limit != 255 || nd->code != 0 || icmp_len < sizeof(*nd) ||
        icmp_len > sizeof(*nd) + ND_MAX_OPT_BYTES || (icmp_len - sizeof(*nd)) % 8 ||
        (void*)(ip6 + 1) + icmp_len > c->end) {
        count(XVRRP_CNT_NS_INVALID);
        return XDP_DROP;
    }
    if (!icmp6_csum_ok(ip6, c->end, icmp_len)) {
        count(XVRRP_CNT_NS_BAD_CSUM);
        return XDP_DROP;
    }
    int dad = ipv6_unspecified(&ip6->saddr);
    if (!ns_valid(ip6, c->end, icmp_len, dad)) {
        count(XVRRP_CNT_NS_INVALID);
        return XDP_DROP;
    }
    if (!r || r->state != XVRRP_STATE_MASTER) {
        count(XVRRP_CNT_NS_DROP_NOT_MASTER);
        return XDP_DROP;
    }
    if (!lease_fresh(r)) {
        count(XVRRP_CNT_NS_DROP_LEASE);
        return XDP_DROP;
    }
    struct ns_facts f = {.vrid = id->vrid, .dad = dad};
    if (router_mac(r, id, f.mac))
        return XDP_DROP;
    mac_copy(f.solicitor_mac, eth->h_source);
    __builtin_memcpy(f.solicitor_ip, &ip6->saddr, 16);
    __builtin_memcpy(f.target, nd->target, 16);
    return na_write(ctx, &f);
}

#endif /* XVRRP_BPF_ND_H */
